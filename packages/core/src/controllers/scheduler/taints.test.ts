import { describe, expect, it } from "vitest";
import { countIntolerablePreferNoSchedule, findUntoleratedTaint, toleratesTaint } from "./taints.js";

const taint = { key: "dedicated", value: "gpu", effect: "NoSchedule" };

// k8s.io/api/core/v1 Toleration.ToleratesTaint
describe("toleratesTaint", () => {
  it("matches key, value (Equal, the default) and effect; Exists ignores the value", () => {
    expect(toleratesTaint({ key: "dedicated", value: "gpu" }, taint)).toBe(true);
    expect(toleratesTaint({ key: "dedicated", value: "cpu" }, taint)).toBe(false);
    expect(toleratesTaint({ key: "dedicated", operator: "Exists" }, taint)).toBe(true);
    expect(toleratesTaint({ key: "dedicated", operator: "Exists", effect: "NoExecute" }, taint)).toBe(false);
    expect(toleratesTaint({ operator: "Exists" }, taint)).toBe(true);
    expect(toleratesTaint({ key: "other", operator: "Exists" }, taint)).toBe(false);
  });
});

describe("findUntoleratedTaint", () => {
  it("returns the first NoSchedule/NoExecute taint not tolerated, ignoring PreferNoSchedule", () => {
    const taints = [
      { key: "soft", effect: "PreferNoSchedule" },
      taint,
      { key: "node.kubernetes.io/not-ready", effect: "NoExecute" },
    ];
    expect(findUntoleratedTaint(taints, [])).toBe(taints[1]);
    expect(findUntoleratedTaint(taints, [{ key: "dedicated", operator: "Exists" }])).toBe(taints[2]);
    expect(findUntoleratedTaint(taints, [{ operator: "Exists" }])).toBeUndefined();
    expect(countIntolerablePreferNoSchedule(taints, [])).toBe(1);
    expect(
      countIntolerablePreferNoSchedule(taints, [{ key: "soft", operator: "Exists", effect: "NoSchedule" }]),
    ).toBe(1);
  });
});

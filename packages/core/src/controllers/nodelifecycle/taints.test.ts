import { describe, expect, it } from "vitest";
import { getMatchingTolerations, minTolerationMs } from "./taints.js";

const unreachable = { key: "node.kubernetes.io/unreachable", effect: "NoExecute" };

describe("getMatchingTolerations and minTolerationMs (pkg/controller/tainteviction)", () => {
  it("needs every taint tolerated, and takes the smallest tolerationSeconds of the tolerations used", () => {
    const tolerations = [
      { key: unreachable.key, operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
      { key: "dedicated", operator: "Exists", tolerationSeconds: 60 },
    ];
    expect(getMatchingTolerations([unreachable], tolerations)).toEqual({
      allTolerated: true,
      used: [tolerations[0]],
    });
    expect(
      getMatchingTolerations([unreachable, { key: "gpu", effect: "NoExecute" }], tolerations).allTolerated,
    ).toBe(false);
    expect(minTolerationMs(tolerations)).toBe(60_000);
    expect(minTolerationMs([{ operator: "Exists" }])).toBe(-1);
    expect(minTolerationMs([{ operator: "Exists", tolerationSeconds: -5 }])).toBe(0);
    expect(minTolerationMs([])).toBe(0);
  });
});

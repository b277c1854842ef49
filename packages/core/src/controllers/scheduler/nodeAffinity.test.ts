import type { Pod } from "kubernetes-types/core/v1.js";
import { describe, expect, it } from "vitest";
import {
  nodeSelectorRequirementMatches,
  nodeSelectorTermMatches,
  podMatchesNodeAffinity,
} from "./nodeAffinity.js";

const labels = { zone: "a", gen: "5", ssd: "" };

describe("nodeSelectorRequirementMatches", () => {
  it.each([
    ["In", "zone", ["a", "b"], true],
    ["In", "zone", ["b"], false],
    ["In", "missing", ["a"], false],
    ["NotIn", "zone", ["b"], true],
    ["NotIn", "missing", ["b"], true],
    ["NotIn", "zone", ["a"], false],
    ["Exists", "ssd", [], true],
    ["Exists", "missing", [], false],
    ["DoesNotExist", "missing", [], true],
    ["DoesNotExist", "ssd", [], false],
    ["Gt", "gen", ["4"], true],
    ["Gt", "gen", ["5"], false],
    ["Lt", "gen", ["6"], true],
    ["Gt", "zone", ["1"], false],
    ["Gt", "gen", ["x"], false],
    ["In", "zone", [], false],
  ] as const)("%s %s %j → %s", (operator, key, values, want) => {
    expect(nodeSelectorRequirementMatches({ key, operator, values: [...values] }, labels)).toBe(want);
  });
});

describe("node affinity", () => {
  it("an empty term matches nothing; matchFields match metadata.name", () => {
    expect(nodeSelectorTermMatches({}, "n1", labels)).toBe(false);
    expect(
      nodeSelectorTermMatches(
        { matchFields: [{ key: "metadata.name", operator: "In", values: ["n1"] }] },
        "n1",
        labels,
      ),
    ).toBe(true);
  });

  it("needs every nodeSelector label and one of the required terms", () => {
    const pod: Pod = {
      spec: {
        containers: [],
        nodeSelector: { zone: "a" },
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                { matchExpressions: [{ key: "gen", operator: "Lt", values: ["3"] }] },
                { matchExpressions: [{ key: "ssd", operator: "Exists" }] },
              ],
            },
          },
        },
      },
    };
    expect(podMatchesNodeAffinity(pod, "n1", labels)).toBe(true);
    expect(podMatchesNodeAffinity(pod, "n1", { ...labels, zone: "b" })).toBe(false);
    expect(podMatchesNodeAffinity(pod, "n1", { zone: "a", gen: "5" })).toBe(false);
  });
});

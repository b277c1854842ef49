import { describe, expect, it } from "vitest";
import {
  formatLabelSelector,
  formatLabels,
  joinHostPort,
  labelSelectorString,
  layoutContainerCells,
  listWithMore,
  loadBalancerStatusString,
} from "./format.js";

describe("formatLabels (labels.FormatLabels)", () => {
  it("sorts the key=value pairs and prints <none> for no labels", () => {
    expect(formatLabels({ tier: "fe", app: "web" })).toBe("app=web,tier=fe");
    // Verified against kubectl v1.32 --show-labels: pairs, not keys, are sorted ('.' < '=').
    expect(formatLabels({ app: "web", "app.kubernetes.io/name": "web" })).toBe(
      "app.kubernetes.io/name=web,app=web",
    );
    expect(formatLabels({})).toBe("<none>");
    expect(formatLabels(undefined)).toBe("<none>");
    expect(formatLabels({ empty: "" })).toBe("empty=");
  });
});

describe("labelSelectorString (metav1.LabelSelectorAsSelector(...).String())", () => {
  it("prints every operator, requirements sorted by key and set values sorted", () => {
    expect(
      labelSelectorString({
        matchLabels: { b: "2", a: "1" },
        matchExpressions: [
          { key: "e", operator: "DoesNotExist" },
          { key: "d", operator: "Exists" },
          { key: "c", operator: "NotIn", values: ["z", "y"] },
          { key: "env", operator: "In", values: ["prod", "dev"] },
        ],
      }),
    ).toBe("a=1,b=2,c notin (y,z),d,!e,env in (dev,prod)");
  });

  it("is empty for nil and empty selectors; formatLabelSelector then prints <none>", () => {
    expect(labelSelectorString(undefined)).toBe("");
    expect(labelSelectorString({})).toBe("");
    expect(formatLabelSelector({ matchLabels: {}, matchExpressions: [] })).toBe("<none>");
    expect(formatLabelSelector({ matchLabels: { app: "web" } })).toBe("app=web");
  });
});

describe("loadBalancerStatusString (loadBalancerStatusStringer)", () => {
  it("prefers IPs, sorts and de-duplicates, and clips to 13 characters + ... when not wide", () => {
    const ingress = [
      { ip: "10.0.0.2" },
      { ip: "10.0.0.1", hostname: "x" },
      { hostname: "lb.example.com" },
      { ip: "10.0.0.1" },
    ];
    expect(loadBalancerStatusString(ingress, true)).toBe("10.0.0.1,10.0.0.2,lb.example.com");
    expect(loadBalancerStatusString(ingress, false)).toBe("10.0.0.1,10.0...");
    expect(loadBalancerStatusString([{ hostname: "abcdefghijklmnop" }], false)).toBe("abcdefghijklmnop");
    expect(loadBalancerStatusString([{ hostname: "abcdefghijklmnopq" }], false)).toBe("abcdefghijklm...");
    expect(loadBalancerStatusString(undefined, false)).toBe("");
  });
});

describe("listWithMore (listWithMoreString)", () => {
  it("shows three items, then how many more, and <unset> for none", () => {
    expect(listWithMore([])).toBe("<unset>");
    expect(listWithMore(["a", "b", "c"])).toBe("a,b,c");
    expect(listWithMore(["a", "b", "c", "d", "e"])).toBe("a,b,c + 2 more...");
  });
});

describe("small helpers", () => {
  it("joinHostPort brackets IPv6 hosts", () => {
    expect(joinHostPort("10.0.0.1", 80)).toBe("10.0.0.1:80");
    expect(joinHostPort("fd00::1", 80)).toBe("[fd00::1]:80");
  });

  it("layoutContainerCells joins names and images", () => {
    expect(layoutContainerCells([{ name: "a", image: "x" }, { name: "b" }])).toEqual(["a,b", "x,"]);
    expect(layoutContainerCells(undefined)).toEqual(["", ""]);
  });
});

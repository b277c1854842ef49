import { describe, expect, it } from "vitest";
import { networkPolicyPrinter } from "./networkPolicy.js";

const ctx = { nowMs: Date.UTC(2024, 5, 1), wide: false };

describe("networkPolicyPrinter", () => {
  // Ported from K8s pkg/printers/internalversion/printers_test.go TestPrintNetworkPolicy.
  it("printers_test.go TestPrintNetworkPolicy: <none> for the empty pod selector", () => {
    expect(
      networkPolicyPrinter.row({ metadata: { name: "policy1" }, spec: { podSelector: {} } }, ctx),
    ).toEqual(["policy1", "<none>", "<unknown>"]);
    expect(networkPolicyPrinter.row({ metadata: { name: "policy2" } }, ctx)[1]).toBe("<none>");
  });

  it("printers_test.go TestPrintNetworkPolicy: the selector as a label query", () => {
    const np = {
      metadata: { name: "policy2" },
      spec: {
        podSelector: {
          matchLabels: { foo: "bar" },
          matchExpressions: [{ key: "tier", operator: "In", values: ["web", "api"] }],
        },
      },
    };
    expect(networkPolicyPrinter.row(np, ctx)[1]).toBe("foo=bar,tier in (api,web)");
    expect(networkPolicyPrinter.columns.map((c) => c.name.toUpperCase())).toEqual([
      "NAME",
      "POD-SELECTOR",
      "AGE",
    ]);
  });
});

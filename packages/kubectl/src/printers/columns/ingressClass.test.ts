import type { IngressClass } from "kubernetes-types/networking/v1.js";
import { describe, expect, it } from "vitest";
import { ingressClassPrinter } from "./ingressClass.js";

const NOW = Date.UTC(2024, 5, 1, 12, 0, 0);
const yearsAgo = (y: number) => new Date(NOW - y * 365 * 86400_000).toISOString();

describe("ingressClassPrinter", () => {
  // Ported from K8s pkg/printers/internalversion/printers_test.go TestPrintIngressClass.
  it.each<[string, IngressClass, string[]]>([
    [
      "example with params",
      {
        metadata: { name: "test1", creationTimestamp: yearsAgo(10) },
        spec: { controller: "example.com/controller", parameters: { kind: "customgroup", name: "example" } },
      },
      ["test1", "example.com/controller", "customgroup/example", "10y"],
    ],
    [
      "example with params + API Group",
      {
        metadata: { name: "test1", creationTimestamp: yearsAgo(10) },
        spec: {
          controller: "example.com/controller",
          parameters: { apiGroup: "example.com", kind: "customgroup", name: "example" },
        },
      },
      ["test1", "example.com/controller", "customgroup.example.com/example", "10y"],
    ],
    [
      "example without params",
      {
        metadata: { name: "test2", creationTimestamp: yearsAgo(11) },
        spec: { controller: "example.com/controller2" },
      },
      ["test2", "example.com/controller2", "<none>", "11y"],
    ],
  ])("printers_test.go TestPrintIngressClass: %s", (_name, ic, expected) => {
    expect(ingressClassPrinter.row(ic, { nowMs: NOW, wide: false })).toEqual(expected);
  });
});

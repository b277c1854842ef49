import { describe, expect, it } from "vitest";
import { namespacePrinter } from "./namespace.js";

const NOW = Date.UTC(2024, 5, 1, 12, 0, 0);

describe("namespacePrinter", () => {
  // Ported from K8s pkg/printers/internalversion/printers_test.go TestPrintNamespace.
  it("printers_test.go TestPrintNamespace: STATUS is the phase", () => {
    const ns = {
      metadata: { name: "namespace1", creationTimestamp: new Date(NOW + 1900).toISOString() },
      status: { phase: "FooStatus" },
    };
    expect(namespacePrinter.row(ns, { nowMs: NOW, wide: false })).toEqual(["namespace1", "FooStatus", "0s"]);
  });

  it("printers_test.go TestPrintNamespace: without status or age", () => {
    expect(namespacePrinter.row({ metadata: { name: "namespace2" } }, { nowMs: NOW, wide: false })).toEqual([
      "namespace2",
      "",
      "<unknown>",
    ]);
  });
});

import { describe, expect, it } from "vitest";
import { configMapPrinter } from "./configMap.js";

const ctx = { nowMs: Date.UTC(2024, 5, 1), wide: false };

describe("configMapPrinter", () => {
  // Ported from K8s pkg/printers/internalversion/printers_test.go TestPrintConfigMap.
  it("printers_test.go TestPrintConfigMap: DATA counts data and binaryData keys", () => {
    expect(configMapPrinter.row({ metadata: { name: "configmap1" } }, ctx)).toEqual([
      "configmap1",
      "0",
      "<unknown>",
    ]);
    expect(configMapPrinter.row({ metadata: { name: "configmap2" }, data: { foo: "bar" } }, ctx)[1]).toBe(
      "1",
    );
    expect(
      configMapPrinter.row(
        { metadata: { name: "configmap3" }, data: { foo: "bar" }, binaryData: { bin: "YmluYXJ5" } },
        ctx,
      )[1],
    ).toBe("2");
  });
});

import { describe, expect, it } from "vitest";
import { serviceAccountPrinter } from "./serviceAccount.js";

const ctx = { nowMs: Date.UTC(2024, 5, 1), wide: false };

describe("serviceAccountPrinter", () => {
  // Ported from K8s pkg/printers/internalversion/printers_test.go TestPrintServiceAccount.
  it("printers_test.go TestPrintServiceAccount: SECRETS counts the secrets list", () => {
    expect(serviceAccountPrinter.row({ metadata: { name: "sa1" }, secrets: [] }, ctx)).toEqual([
      "sa1",
      "0",
      "<unknown>",
    ]);
    expect(
      serviceAccountPrinter.row(
        { metadata: { name: "sa1" }, secrets: [{ name: "Secret1" }, { name: "Secret2" }] },
        ctx,
      )[1],
    ).toBe("2");
    expect(serviceAccountPrinter.columns.map((c) => c.name.toUpperCase())).toEqual([
      "NAME",
      "SECRETS",
      "AGE",
    ]);
  });
});

import { describe, expect, it } from "vitest";
import { secretPrinter } from "./secret.js";

const NOW = Date.UTC(2024, 5, 1);
const ctx = { nowMs: NOW, wide: false };

describe("secretPrinter", () => {
  // Ported from K8s pkg/printers/internalversion/printers_test.go TestPrintSecret.
  it("printers_test.go TestPrintSecret: TYPE and the number of data keys", () => {
    const created = new Date(NOW + 1900).toISOString();
    const s = {
      metadata: { name: "secret1", creationTimestamp: created },
      type: "kubernetes.io/service-account-token",
    };
    expect(secretPrinter.row({ ...s, data: { token: "c2VjcmV0IGRhdGE=" } }, ctx)).toEqual([
      "secret1",
      "kubernetes.io/service-account-token",
      "1",
      "0s",
    ]);
    expect(secretPrinter.row(s, ctx)).toEqual(["secret1", "kubernetes.io/service-account-token", "0", "0s"]);
  });
});

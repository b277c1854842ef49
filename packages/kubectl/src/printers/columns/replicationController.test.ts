import type { ReplicationController } from "kubernetes-types/core/v1.js";
import { describe, expect, it } from "vitest";
import { replicationControllerPrinter } from "./replicationController.js";

const ctx = { nowMs: Date.UTC(2024, 5, 1), wide: false };

// Ported from K8s pkg/printers/internalversion/printers_test.go TestPrintReplicationController.
const rc = (replicas: number, status?: ReplicationController["status"]): ReplicationController => ({
  metadata: { name: "rc1", namespace: "test-namespace" },
  spec: {
    replicas,
    selector: { a: "b" },
    template: {
      metadata: { labels: { a: "b" } },
      spec: { containers: [{ name: "test", image: "test_image" }] },
    },
  },
  ...(status ? { status } : {}),
});

describe("replicationControllerPrinter", () => {
  it("printers_test.go TestPrintReplicationController basic", () => {
    expect(replicationControllerPrinter.row(rc(0), ctx)).toEqual(["rc1", "0", "0", "0", "<unknown>"]);
  });

  it("printers_test.go TestPrintReplicationController basic with replicas", () => {
    expect(replicationControllerPrinter.row(rc(5, { replicas: 3, readyReplicas: 1 }), ctx)).toEqual([
      "rc1",
      "5",
      "3",
      "1",
      "<unknown>",
    ]);
  });

  it("printers_test.go TestPrintReplicationController wide: the selector is a label map", () => {
    expect(
      replicationControllerPrinter.row(rc(5, { replicas: 3, readyReplicas: 1 }), { ...ctx, wide: true }),
    ).toEqual(["rc1", "5", "3", "1", "<unknown>", "test", "test_image", "a=b"]);
  });

  it("printers_test.go TestPrintReplicationController no panic: no template, no selector", () => {
    const bare: ReplicationController = { metadata: {}, spec: { replicas: 0 } };
    expect(replicationControllerPrinter.row(bare, { ...ctx, wide: true })).toEqual([
      "",
      "0",
      "0",
      "0",
      "<unknown>",
      "",
      "",
      "<none>",
    ]);
  });
});

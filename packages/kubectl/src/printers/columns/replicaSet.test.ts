import type { ReplicaSet } from "kubernetes-types/apps/v1.js";
import { describe, expect, it } from "vitest";
import { replicaSetPrinter } from "./replicaSet.js";

const NOW = Date.UTC(2024, 5, 1, 12, 0, 0);

// Ported from K8s pkg/printers/internalversion/printers_test.go TestPrintReplicaSet / TestPrintReplicaSetList.
const rs: ReplicaSet = {
  metadata: { name: "test1", creationTimestamp: new Date(NOW + 1900).toISOString() },
  spec: {
    replicas: 5,
    template: {
      spec: {
        containers: [
          { name: "fake-container1", image: "fake-image1" },
          { name: "fake-container2", image: "fake-image2" },
        ],
      },
    },
    selector: { matchLabels: { foo: "bar" } },
  },
  status: { replicas: 5, readyReplicas: 2 },
};

describe("replicaSetPrinter", () => {
  it("has the columns of printers.go replicaSetColumnDefinitions", () => {
    expect(replicaSetPrinter.columns.map((c) => `${c.name}:${c.priority}`)).toEqual([
      "Name:0",
      "Desired:0",
      "Current:0",
      "Ready:0",
      "Age:0",
      "Containers:1",
      "Images:1",
      "Selector:1",
    ]);
  });

  it("printers_test.go TestPrintReplicaSet: DESIRED, CURRENT, READY", () => {
    expect(replicaSetPrinter.row(rs, { nowMs: NOW, wide: false })).toEqual(["test1", "5", "5", "2", "0s"]);
  });

  it("printers_test.go TestPrintReplicaSet wide", () => {
    expect(replicaSetPrinter.row(rs, { nowMs: NOW, wide: true })).toEqual([
      "test1",
      "5",
      "5",
      "2",
      "0s",
      "fake-container1,fake-container2",
      "fake-image1,fake-image2",
      "foo=bar",
    ]);
  });

  it("printers_test.go TestPrintReplicaSetList: missing status counts are 0; a missing selector is <none>", () => {
    const bare: ReplicaSet = {
      metadata: { name: "replicaset2" },
      spec: { replicas: 4, selector: {} },
      status: { replicas: 3 },
    };
    expect(replicaSetPrinter.row(bare, { nowMs: NOW, wide: true })).toEqual([
      "replicaset2",
      "4",
      "3",
      "0",
      "<unknown>",
      "",
      "",
      "<none>",
    ]);
  });
});

import type { StatefulSet } from "kubernetes-types/apps/v1.js";
import { describe, expect, it } from "vitest";
import { statefulSetPrinter } from "./statefulSet.js";

const NOW = Date.UTC(2024, 5, 1, 12, 0, 0);

// Ported from K8s pkg/printers/internalversion/printers_test.go TestPrintStatefulSet.
const sts: StatefulSet = {
  metadata: { name: "test1", creationTimestamp: new Date(NOW + 1900).toISOString() },
  spec: {
    replicas: 5,
    selector: {},
    serviceName: "",
    template: {
      spec: {
        containers: [
          { name: "fake-container1", image: "fake-image1" },
          { name: "fake-container2", image: "fake-image2" },
        ],
      },
    },
  },
  status: { replicas: 5, readyReplicas: 2 },
};

describe("statefulSetPrinter", () => {
  it("printers_test.go TestPrintStatefulSet: READY is ready/desired", () => {
    expect(statefulSetPrinter.row(sts, { nowMs: NOW, wide: false })).toEqual(["test1", "2/5", "0s"]);
  });

  it("printers_test.go TestPrintStatefulSet wide", () => {
    expect(statefulSetPrinter.row(sts, { nowMs: NOW, wide: true })).toEqual([
      "test1",
      "2/5",
      "0s",
      "fake-container1,fake-container2",
      "fake-image1,fake-image2",
    ]);
  });
});

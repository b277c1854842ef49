import type { DaemonSet } from "kubernetes-types/apps/v1.js";
import { describe, expect, it } from "vitest";
import { daemonSetPrinter } from "./daemonSet.js";

const NOW = Date.UTC(2024, 5, 1, 12, 0, 0);

// Ported from K8s pkg/printers/internalversion/printers_test.go TestPrintDaemonSet.
const ds: DaemonSet = {
  metadata: { name: "test1", creationTimestamp: new Date(NOW + 1900).toISOString() },
  spec: {
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
  status: {
    currentNumberScheduled: 2,
    desiredNumberScheduled: 3,
    numberReady: 1,
    updatedNumberScheduled: 2,
    numberAvailable: 0,
    numberMisscheduled: 0,
  },
};

describe("daemonSetPrinter", () => {
  it("printers_test.go TestPrintDaemonSet", () => {
    expect(daemonSetPrinter.row(ds, { nowMs: NOW, wide: false })).toEqual([
      "test1",
      "3",
      "2",
      "1",
      "2",
      "0",
      "<none>",
      "0s",
    ]);
  });

  it("printers_test.go TestPrintDaemonSet wide", () => {
    expect(daemonSetPrinter.row(ds, { nowMs: NOW, wide: true })).toEqual([
      "test1",
      "3",
      "2",
      "1",
      "2",
      "0",
      "<none>",
      "0s",
      "fake-container1,fake-container2",
      "fake-image1,fake-image2",
      "foo=bar",
    ]);
  });

  it("NODE SELECTOR lists the pod template's nodeSelector", () => {
    const kubeProxy: DaemonSet = {
      ...ds,
      spec: {
        ...ds.spec!,
        template: { spec: { containers: [], nodeSelector: { "kubernetes.io/os": "linux" } } },
      },
    };
    expect(daemonSetPrinter.row(kubeProxy, { nowMs: NOW, wide: false })[6]).toBe("kubernetes.io/os=linux");
  });
});

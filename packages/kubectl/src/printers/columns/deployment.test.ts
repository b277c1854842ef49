import type { Deployment } from "kubernetes-types/apps/v1.js";
import { describe, expect, it } from "vitest";
import { deploymentPrinter } from "./deployment.js";

const NOW = Date.UTC(2024, 5, 1, 12, 0, 0);

// Ported from K8s pkg/printers/internalversion/printers_test.go TestPrintDeployment.
const testDeployment: Deployment = {
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
  status: { replicas: 10, updatedReplicas: 2, availableReplicas: 1, unavailableReplicas: 4 },
};

describe("deploymentPrinter", () => {
  it("has the columns of printers.go deploymentColumnDefinitions", () => {
    expect(deploymentPrinter.columns.map((c) => `${c.name}:${c.priority}`)).toEqual([
      "Name:0",
      "Ready:0",
      "Up-to-date:0",
      "Available:0",
      "Age:0",
      "Containers:1",
      "Images:1",
      "Selector:1",
    ]);
  });

  it("printers_test.go TestPrintDeployment: READY is ready/desired", () => {
    expect(deploymentPrinter.row(testDeployment, { nowMs: NOW, wide: false })).toEqual([
      "test1",
      "0/5",
      "2",
      "1",
      "0s",
    ]);
  });

  it("printers_test.go TestPrintDeployment wide: containers, images and the selector", () => {
    expect(deploymentPrinter.row(testDeployment, { nowMs: NOW, wide: true })).toEqual([
      "test1",
      "0/5",
      "2",
      "1",
      "0s",
      "fake-container1,fake-container2",
      "fake-image1,fake-image2",
      "foo=bar",
    ]);
  });

  it("prints an empty selector as an empty cell (Selector.String, not FormatLabelSelector)", () => {
    const d: Deployment = { ...testDeployment, spec: { ...testDeployment.spec!, selector: {} } };
    expect(deploymentPrinter.row(d, { nowMs: NOW, wide: true })[7]).toBe("");
  });
});

import type { Pod } from "kubernetes-types/core/v1.js";
import { describe, expect, it } from "vitest";
import { milliValue, podRequests, quantityValue } from "./podRequests.js";

const c = (name: string, requests?: Record<string, string>, restartPolicy?: string) => ({
  name,
  image: "x",
  ...(requests ? { resources: { requests } } : {}),
  ...(restartPolicy ? { restartPolicy } : {}),
});

describe("quantities in the scheduler's units", () => {
  it("rounds up to millicores and whole bytes", () => {
    expect(milliValue("1.5")).toBe(1500);
    expect(milliValue("250m")).toBe(250);
    expect(milliValue("1n")).toBe(1);
    expect(quantityValue("1Gi")).toBe(1073741824);
    expect(quantityValue("1.5k")).toBe(1500);
    expect(quantityValue(undefined)).toBe(0);
  });
});

// K8s staging/src/k8s.io/component-helpers/resource/helpers.go PodRequests.
describe("podRequests", () => {
  it("sums containers and takes the largest init container when it is larger", () => {
    const pod: Pod = {
      spec: {
        containers: [c("a", { cpu: "500m", memory: "1Gi" }), c("b", { cpu: "250m" })],
        initContainers: [c("i1", { cpu: "2" }), c("i2", { memory: "512Mi" })],
      },
    };
    expect(podRequests(pod)).toEqual({ milliCPU: 2000, memory: 1073741824, ephemeralStorage: 0 });
  });

  it("runs sidecars alongside the containers and later init containers, and adds overhead", () => {
    const pod: Pod = {
      spec: {
        initContainers: [c("side", { cpu: "100m" }, "Always"), c("init", { cpu: "1" })],
        containers: [c("app", { cpu: "200m" })],
        overhead: { cpu: "50m" },
      },
    };
    // max(200m + 100m, 1 + 100m) + 50m
    expect(podRequests(pod).milliCPU).toBe(1150);
  });

  it("assumes 100m and 200Mi for containers without requests when scoring (nonZero)", () => {
    const pod: Pod = { spec: { containers: [c("a"), c("b", { cpu: "1" })] } };
    expect(podRequests(pod)).toEqual({ milliCPU: 1000, memory: 0, ephemeralStorage: 0 });
    expect(podRequests(pod, true)).toEqual({
      milliCPU: 1100,
      memory: 400 * 1024 * 1024,
      ephemeralStorage: 0,
    });
  });
});

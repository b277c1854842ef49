import type { Container, Pod } from "kubernetes-types/core/v1.js";
import { describe, expect, it } from "vitest";
import { defaultPod } from "./defaults.js";
import { computePodQOS, preparePodForCreate } from "./preparePodForCreate.js";

function podWith(...resources: Container["resources"][]): Pod {
  return defaultPod({
    metadata: { name: "web", namespace: "default" },
    spec: { containers: resources.map((r, i) => ({ name: `c${i}`, image: "nginx", resources: r })) },
  });
}

// pkg/apis/core/helper/qos/qos_test.go TestComputePodQOS
describe("ComputePodQOS", () => {
  it.each([
    ["BestEffort", [{}]],
    ["BestEffort", [{ requests: { "example.com/gpu": "1" }, limits: { "example.com/gpu": "1" } }]],
    ["Guaranteed", [{ limits: { cpu: "500m", memory: "128Mi" } }]],
    [
      "Guaranteed",
      [{ limits: { cpu: "0.5", memory: "128Mi" }, requests: { cpu: "500m", memory: "134217728" } }],
    ],
    ["Burstable", [{ requests: { cpu: "100m" } }]],
    ["Burstable", [{ limits: { cpu: "1" } }]],
    ["Burstable", [{ limits: { cpu: "1", memory: "1Gi" }, requests: { cpu: "500m" } }]],
    ["Burstable", [{ limits: { cpu: "1", memory: "1Gi" } }, {}]],
  ] as const)("%s for %j", (qos, resources) => {
    expect(computePodQOS(podWith(...resources))).toBe(qos);
  });
});

// pkg/registry/core/pod/strategy.go podStrategy.PrepareForCreate
describe("Pod PrepareForCreate", () => {
  it("replaces the status with phase Pending and the QoS class", () => {
    const input = { ...podWith({}), status: { phase: "Running", podIP: "10.244.1.5" } };
    expect(preparePodForCreate(input).status).toEqual({ phase: "Pending", qosClass: "BestEffort" });
  });

  it("marks a gated pod as not schedulable", () => {
    const gated = defaultPod({
      metadata: { name: "web", namespace: "default" },
      spec: {
        containers: [{ name: "web", image: "nginx" }],
        schedulingGates: [{ name: "example.com/wait" }],
      },
    });
    expect(preparePodForCreate(gated).status!.conditions).toEqual([
      {
        type: "PodScheduled",
        status: "False",
        reason: "SchedulingGated",
        message: "Scheduling is blocked due to non-empty scheduling gates",
      },
    ]);
  });
});

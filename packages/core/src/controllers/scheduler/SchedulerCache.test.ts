import type { Node, Pod } from "kubernetes-types/core/v1.js";
import { describe, expect, it } from "vitest";
import { effectiveTaints, SchedulerCache } from "./SchedulerCache.js";

const node = (name: string, ready?: string): Node => ({
  metadata: { name, labels: {} },
  status: {
    allocatable: { cpu: "4", memory: "8Gi", pods: "110" },
    ...(ready ? { conditions: [{ type: "Ready", status: ready }] } : {}),
  },
});

const pod = (nodeName: string, cpu: string, hostPort?: number): Pod => ({
  metadata: { name: "p", namespace: "ns", uid: `uid-${cpu}` },
  spec: {
    nodeName,
    containers: [
      {
        name: "c",
        image: "x",
        resources: { requests: { cpu } },
        ...(hostPort ? { ports: [{ containerPort: 80, hostPort }] } : {}),
      },
    ],
  },
});

describe("SchedulerCache", () => {
  it("sums requests and host ports per node from pod events, and undoes them on removal", () => {
    const cache = new SchedulerCache();
    cache.setNode(node("b"));
    cache.setNode(node("a"));
    expect(cache.nodeNames()).toEqual(["a", "b"]);
    cache.upsertPod("ns/p", pod("a", "1500m", 8080));
    const a = cache.node("a")!;
    expect(a.requested.milliCPU).toBe(1500);
    expect(a.portConflicts({ ip: "127.0.0.1", protocol: "TCP", port: 8080 })).toBe(true);
    expect(a.portConflicts({ ip: "0.0.0.0", protocol: "UDP", port: 8080 })).toBe(false);
    // A changed spec replaces the pod's contribution.
    expect(cache.upsertPod("ns/p", pod("a", "2"))).toBe(true);
    expect(a.requested.milliCPU).toBe(2000);
    expect(a.usedPorts.size).toBe(0);
    expect(cache.removePod("ns/p")).toBe(true);
    expect(a.requested.milliCPU).toBe(0);
    expect(a.pods.size).toBe(0);
  });

  it("tells scheduling-relevant node changes from heartbeats", () => {
    const cache = new SchedulerCache();
    const n = node("a", "True");
    expect(cache.setNode(n)).toBe(true);
    expect(
      cache.setNode({ ...n, status: { ...n.status, conditions: [{ type: "Ready", status: "True" }] } }),
    ).toBe(false);
    expect(cache.setNode({ ...n, spec: { unschedulable: true } })).toBe(true);
  });
});

describe("effectiveTaints", () => {
  it("implies the not-ready / unreachable taint of a node whose Ready condition is not True", () => {
    expect(effectiveTaints(node("a", "True"))).toEqual([]);
    expect(effectiveTaints(node("a"))).toEqual([]);
    expect(effectiveTaints(node("a", "False"))).toEqual([
      { key: "node.kubernetes.io/not-ready", effect: "NoSchedule" },
    ]);
    expect(effectiveTaints(node("a", "Unknown"))).toEqual([
      { key: "node.kubernetes.io/unreachable", effect: "NoSchedule" },
    ]);
  });
});

import type { Node, Pod } from "kubernetes-types/core/v1.js";
import { describe, expect, it } from "vitest";
import { podToSchedule } from "./filterNode.js";
import { SchedulerCache } from "./SchedulerCache.js";
import { scoreNodes } from "./scoreNodes.js";

const node = (name: string, taints: Node["spec"] = {}): Node => ({
  metadata: { name, labels: { "kubernetes.io/hostname": name } },
  spec: taints,
  status: { allocatable: { cpu: "4", memory: "8Gi", pods: "110" } },
});

const pod = (name: string, owner?: string, nodeName?: string, cpu = "100m"): Pod => ({
  metadata: {
    name,
    namespace: "ns",
    uid: name,
    ...(owner
      ? {
          ownerReferences: [
            { apiVersion: "apps/v1", kind: "ReplicaSet", name: owner, uid: owner, controller: true },
          ],
        }
      : {}),
  },
  spec: {
    ...(nodeName ? { nodeName } : {}),
    containers: [{ name: "c", image: "x", resources: { requests: { cpu, memory: "100Mi" } } }],
  },
});

function setup(): SchedulerCache {
  const cache = new SchedulerCache();
  for (const n of ["a", "b"]) cache.setNode(node(n));
  return cache;
}

describe("scoreNodes", () => {
  it("prefers the node with fewer pods of the same controller over a slightly emptier one", () => {
    const cache = setup();
    cache.upsertPod("ns/x", pod("x", "rs", "a"));
    cache.upsertPod("ns/y", pod("y", undefined, "b", "300m"));
    const [a, b] = scoreNodes(podToSchedule(pod("new", "rs")), cache, cache.nodeSlots());
    expect(b!).toBeGreaterThan(a!);
  });

  it("prefers the least allocated node for pods without a controller", () => {
    const cache = setup();
    cache.upsertPod("ns/x", pod("x", undefined, "a", "2"));
    const [a, b] = scoreNodes(podToSchedule(pod("new")), cache, cache.nodeSlots());
    expect(b!).toBeGreaterThan(a!);
  });

  it("scores identical nodes equally, and avoids untolerated PreferNoSchedule taints", () => {
    const cache = setup();
    const [a, b] = scoreNodes(podToSchedule(pod("new", "rs")), cache, cache.nodeSlots());
    expect(a).toBe(b);
    cache.setNode(node("a", { taints: [{ key: "soft", effect: "PreferNoSchedule" }] }));
    const [ta, tb] = scoreNodes(podToSchedule(pod("new", "rs")), cache, cache.nodeSlots());
    expect(tb! - ta!).toBe(300);
  });
});

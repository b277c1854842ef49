/**
 * Issue 4 item 6 end to end: a node stops heartbeating, its ReplicaSet pods are evicted 300 s after
 * the unreachable NoExecute taint, and the ReplicaSet controller replaces them on another node
 * (the scheduler keeps away from the tainted node). The kubelet is a heartbeat stand-in.
 */
import type { KubeObject, Simulation } from "@kubesim/core";
import { formatTimestamp } from "@kubesim/core";
import { describe, expect, it } from "vitest";
import { nodeLifecycleController } from "../../core/src/controllers/nodelifecycle/nodeLifecycleController.js";
import { taintEvictionController } from "../../core/src/controllers/nodelifecycle/taintEvictionController.js";
import { replicaSetController } from "../../core/src/controllers/replicaset/index.js";
import { schedulerController } from "../../core/src/controllers/scheduler/index.js";
import { createCluster } from "../src/index.js";

/** Posts Ready=True with lastHeartbeatTime now every 10 s for the nodes in the returned set. */
function heartbeats(sim: Simulation): Set<string> {
  const beating = new Set(sim.store.list("Node").map((n) => n.metadata.name!));
  const beat = () => {
    sim.store.transaction((tx) => {
      for (const name of [...beating].sort()) {
        tx.mutate({ kind: "Node", namespace: "", name }, (d) => {
          const conditions = (d as unknown as { status: { conditions: Record<string, unknown>[] } }).status
            .conditions;
          const ready = conditions.find((c) => c.type === "Ready")!;
          if (ready.status !== "True") ready.lastTransitionTime = formatTimestamp(sim.nowMs);
          Object.assign(ready, {
            status: "True",
            reason: "KubeletReady",
            message: "kubelet is posting ready status",
            lastHeartbeatTime: formatTimestamp(sim.nowMs),
          });
        });
      }
    });
    sim.schedule(10_000, beat, { background: true, label: "test kubelet heartbeat" });
  };
  beat();
  return beating;
}

const podsOn = (sim: Simulation, node: string, live = true) =>
  sim.store
    .list("Pod", { namespace: "default" })
    .filter((p) => (p.spec as { nodeName?: string }).nodeName === node)
    .filter((p) => !live || !p.metadata.deletionTimestamp)
    .map((p) => p.metadata.name!);

describe("node failure with a ReplicaSet", () => {
  it("replaces the pods of a node that stopped heartbeating once their 300 s toleration expires", () => {
    const cluster = createCluster({ seed: 11, nodes: 2, controlPlane: false });
    const { sim } = cluster;
    sim.addController(schedulerController());
    sim.addController(replicaSetController());
    sim.addController(nodeLifecycleController(sim));
    sim.addController(taintEvictionController());
    const beating = heartbeats(sim);
    sim.store.create({
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: { name: "web", namespace: "default" },
      spec: {
        replicas: 4,
        selector: { matchLabels: { app: "web" } },
        template: {
          metadata: { labels: { app: "web" } },
          spec: { containers: [{ name: "c", image: "nginx" }] },
        },
      },
    } as KubeObject);
    expect(sim.settle()).toBe(true);
    const onWorker = podsOn(sim, "kubesim-worker");
    expect(onWorker.length).toBeGreaterThan(0);

    beating.delete("kubesim-worker");
    const stoppedAt = sim.nowMs;
    expect(sim.runUntil(() => podsOn(sim, "kubesim-worker").length === 0, { timeoutMs: 3_600_000 })).toBe(
      true,
    );
    // Grace period (50-60 s) + next monitor pass (5 s) + 300 s toleration.
    const seconds = (sim.nowMs - stoppedAt) / 1000;
    expect(seconds).toBeGreaterThan(350);
    expect(seconds).toBeLessThanOrEqual(370);
    expect(sim.settle()).toBe(true);
    // The evicted pods stay Terminating (no kubelet to finish them); 4 live replicas run elsewhere.
    expect(podsOn(sim, "kubesim-worker", false).sort()).toEqual([...onWorker].sort());
    expect(podsOn(sim, "kubesim-worker2")).toHaveLength(4);
  });
});

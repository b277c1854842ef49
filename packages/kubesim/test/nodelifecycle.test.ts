/**
 * Node failure (issue 4, item 6): a node whose kubelet stops heartbeating becomes Unknown after
 * node-monitor-grace-period, gets the unreachable taints, and its pods are evicted when their
 * tolerations expire (K8s pkg/controller/nodelifecycle/node_lifecycle_controller.go,
 * pkg/controller/tainteviction/taint_eviction.go). The kubelet is simulated here by a heartbeat
 * timer that writes the Ready condition's lastHeartbeatTime every 10 s (the agreed contract).
 */
import type { KubeObject, Simulation } from "@kubesim/core";
import { formatTimestamp, parseTimestamp } from "@kubesim/core";
import { describe, expect, it } from "vitest";
import { nodeLifecycleController } from "../../core/src/controllers/nodelifecycle/nodeLifecycleController.js";
import { taintEvictionController } from "../../core/src/controllers/nodelifecycle/taintEvictionController.js";
import { createCluster } from "../src/index.js";

// Local shapes of what the tests read (the kubesim package does not depend on kubernetes-types).
interface Taint {
  key: string;
  value?: string;
  effect: string;
  timeAdded?: string;
}
interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastHeartbeatTime?: string;
  lastProbeTime?: string | null;
  lastTransitionTime?: string;
}
interface Node extends KubeObject {
  spec?: { taints?: Taint[]; unschedulable?: boolean };
  status?: { conditions?: Condition[] };
}
interface Pod extends KubeObject {
  status?: { conditions?: Condition[] };
}

const WORKER = "kubesim-worker";
const HEARTBEAT_MS = 10_000;

/** A stand-in kubelet: posts Ready=True with lastHeartbeatTime now for every node in `beating`. */
function heartbeats(sim: Simulation): Set<string> {
  const beating = new Set(sim.store.list("Node").map((n) => n.metadata.name!));
  const beat = () => {
    sim.store.transaction((tx) => {
      for (const name of [...beating].sort()) {
        tx.mutate({ kind: "Node", namespace: "", name }, (d) => {
          const now = formatTimestamp(sim.nowMs);
          const conditions = (d as unknown as Node).status!.conditions!;
          const kubelet: Record<string, Partial<Condition>> = {
            MemoryPressure: {
              status: "False",
              reason: "KubeletHasSufficientMemory",
              message: "kubelet has sufficient memory available",
            },
            DiskPressure: {
              status: "False",
              reason: "KubeletHasNoDiskPressure",
              message: "kubelet has no disk pressure",
            },
            PIDPressure: {
              status: "False",
              reason: "KubeletHasSufficientPID",
              message: "kubelet has sufficient PID available",
            },
            Ready: { status: "True", reason: "KubeletReady", message: "kubelet is posting ready status" },
          };
          for (const c of conditions) {
            const want = kubelet[c.type];
            if (!want) continue;
            if (c.status !== want.status) c.lastTransitionTime = now;
            Object.assign(c, want, { lastHeartbeatTime: now });
          }
        });
      }
    });
    sim.schedule(HEARTBEAT_MS, beat, { background: true, label: "test kubelet heartbeat" });
  };
  beat();
  return beating;
}

function setup(seed = 1) {
  const cluster = createCluster({ seed, nodes: 2, controlPlane: false });
  const { sim } = cluster;
  sim.addController(nodeLifecycleController(sim));
  sim.addController(taintEvictionController());
  const beating = heartbeats(sim);
  return { cluster, sim, beating };
}

/** A pod bound to `node`, reported Running and Ready as its kubelet would. */
function runningPod(sim: Simulation, name: string, node: string, extra: Record<string, unknown> = {}): void {
  const created = sim.store.create({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default" },
    spec: { nodeName: node, containers: [{ name: "c", image: "nginx" }], ...extra },
  });
  const now = formatTimestamp(sim.nowMs);
  sim.store.updateStatus({
    ...created,
    status: {
      phase: "Running",
      conditions: [
        { type: "Initialized", status: "True", lastProbeTime: null, lastTransitionTime: now },
        { type: "Ready", status: "True", lastProbeTime: null, lastTransitionTime: now },
        { type: "ContainersReady", status: "True", lastProbeTime: null, lastTransitionTime: now },
        { type: "PodScheduled", status: "True", lastProbeTime: null, lastTransitionTime: now },
      ],
    },
  } as unknown as KubeObject);
}

const node = (sim: Simulation, name = WORKER) => sim.store.get("Node", "", name) as Node;
const condition = (sim: Simulation, type: string, name = WORKER) =>
  node(sim, name).status!.conditions!.find((c) => c.type === type)!;
const taints = (sim: Simulation, name = WORKER): Taint[] => node(sim, name).spec?.taints ?? [];
const pod = (sim: Simulation, name: string) => sim.store.get("Pod", "default", name) as Pod | undefined;
const events = (sim: Simulation, reason: string) =>
  sim.store
    .list("Event")
    .filter((e) => e.reason === reason)
    .map(
      (e) =>
        `${(e.involvedObject as { name: string }).name}: ${e.message as string} (${(e.source as { component: string }).component})`,
    );
const elapsed = (sim: Simulation, since: number) => (sim.nowMs - since) / 1000;

describe("node lifecycle controller", () => {
  it("leaves heartbeating nodes alone, and settle() is not held up by the monitor or the heartbeats", () => {
    const { sim } = setup();
    expect(sim.settle()).toBe(true);
    sim.advance(10 * 60_000);
    for (const n of sim.store.list("Node")) {
      expect(condition(sim, "Ready", n.metadata.name).status).toBe("True");
      expect(taints(sim, n.metadata.name).filter((t) => t.key.startsWith("node.kubernetes.io/"))).toEqual([]);
    }
    expect(events(sim, "RegisteredNode")).toEqual([
      "kubesim-control-plane: Node kubesim-control-plane event: Registered Node kubesim-control-plane in Controller (node-controller)",
      "kubesim-worker: Node kubesim-worker event: Registered Node kubesim-worker in Controller (node-controller)",
      "kubesim-worker2: Node kubesim-worker2 event: Registered Node kubesim-worker2 in Controller (node-controller)",
    ]);
  });

  it("marks a node that stops heartbeating Unknown after the 50 s grace period, taints it, and evicts its pods after 300 s", () => {
    const { sim, beating } = setup();
    runningPod(sim, "web", WORKER);
    runningPod(sim, "elsewhere", "kubesim-worker2");
    sim.advance(60_000);
    const lastHeartbeat = sim.nowMs - (sim.nowMs % HEARTBEAT_MS);
    beating.delete(WORKER);

    // Within the grace period nothing happens.
    sim.advance(lastHeartbeat + 50_000 - sim.nowMs);
    expect(condition(sim, "Ready").status).toBe("True");

    expect(sim.runUntil(() => condition(sim, "Ready").status === "Unknown", { timeoutMs: 60_000 })).toBe(
      true,
    );
    const notReadyAt = sim.nowMs;
    // The first 5 s monitor pass after lastHeartbeat + 50 s.
    expect(notReadyAt - lastHeartbeat).toBeGreaterThan(50_000);
    expect(notReadyAt - lastHeartbeat).toBeLessThanOrEqual(55_000);
    const now = formatTimestamp(notReadyAt);
    expect(condition(sim, "Ready")).toEqual({
      type: "Ready",
      status: "Unknown",
      reason: "NodeStatusUnknown",
      message: "Kubelet stopped posting node status.",
      lastHeartbeatTime: formatTimestamp(lastHeartbeat),
      lastTransitionTime: now,
    });
    for (const type of ["MemoryPressure", "DiskPressure", "PIDPressure"]) {
      expect(condition(sim, type)).toMatchObject({ status: "Unknown", reason: "NodeStatusUnknown" });
    }
    // The node update worker adds the NoSchedule taint at once; the pods are marked not ready.
    expect(taints(sim)).toEqual([
      { key: "node.kubernetes.io/unreachable", effect: "NoSchedule", timeAdded: now },
    ]);
    expect(pod(sim, "web")!.status!.conditions!.find((c) => c.type === "Ready")).toEqual({
      type: "Ready",
      status: "False",
      lastProbeTime: null,
      lastTransitionTime: now,
    });
    expect(pod(sim, "elsewhere")!.status!.conditions!.find((c) => c.type === "Ready")!.status).toBe("True");
    expect(events(sim, "NodeNotReady")).toEqual([
      "kubesim-worker: Node kubesim-worker status is now: NodeNotReady (node-controller)",
      "web: Node is not ready (node-controller)",
    ]);

    // The NoExecute taint comes with the next monitor pass.
    sim.advance(5_000);
    const taintedAt = sim.nowMs;
    expect(taints(sim)).toEqual([
      { key: "node.kubernetes.io/unreachable", effect: "NoSchedule", timeAdded: now },
      { key: "node.kubernetes.io/unreachable", effect: "NoExecute", timeAdded: formatTimestamp(taintedAt) },
    ]);

    // DefaultTolerationSeconds gave the pod 300 s.
    sim.advance(299_000);
    expect(pod(sim, "web")!.metadata.deletionTimestamp).toBeUndefined();
    expect(
      sim.runUntil(() => pod(sim, "web")?.metadata.deletionTimestamp !== undefined, { timeoutMs: 10_000 }),
    ).toBe(true);
    expect(elapsed(sim, taintedAt)).toBe(300);
    const evicted = pod(sim, "web")!;
    // Deleted with its own grace period; with no kubelet to finish it, it stays Terminating.
    expect(evicted.metadata.deletionTimestamp).toBe(formatTimestamp(sim.nowMs + 30_000));
    expect(evicted.status!.conditions!.find((c) => c.type === "DisruptionTarget")).toEqual({
      type: "DisruptionTarget",
      status: "True",
      lastProbeTime: null,
      lastTransitionTime: formatTimestamp(sim.nowMs),
      reason: "DeletionByTaintManager",
      message: "Taint manager: deleting due to NoExecute taint",
    });
    expect(events(sim, "TaintManagerEviction")).toEqual([
      "web: Marking for deletion Pod default/web (taint-eviction-controller)",
    ]);
    expect(pod(sim, "elsewhere")!.metadata.deletionTimestamp).toBeUndefined();
  });

  it("evicts at once a pod that does not tolerate a NoExecute taint, and honours tolerationSeconds per pod", () => {
    const { sim, beating } = setup();
    runningPod(sim, "zero", WORKER, {
      tolerations: [
        {
          key: "node.kubernetes.io/unreachable",
          operator: "Exists",
          effect: "NoExecute",
          tolerationSeconds: 0,
        },
      ],
    });
    runningPod(sim, "ten-minutes", WORKER, {
      tolerations: [
        {
          key: "node.kubernetes.io/unreachable",
          operator: "Exists",
          effect: "NoExecute",
          tolerationSeconds: 600,
        },
      ],
    });
    runningPod(sim, "forever", WORKER, {
      tolerations: [{ key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute" }],
    });
    beating.delete(WORKER);
    expect(
      sim.runUntil(() => taints(sim).some((t) => t.effect === "NoExecute"), { timeoutMs: 120_000 }),
    ).toBe(true);
    const taintedAt = sim.nowMs;
    expect(pod(sim, "zero")!.metadata.deletionTimestamp).toBeDefined();
    expect(sim.runUntil(() => pod(sim, "ten-minutes")?.metadata.deletionTimestamp !== undefined)).toBe(true);
    expect(elapsed(sim, taintedAt)).toBe(600);
    sim.advance(3_600_000);
    expect(pod(sim, "forever")!.metadata.deletionTimestamp).toBeUndefined();

    // A NoExecute taint a pod does not tolerate at all evicts it at once (kubectl taint ... :NoExecute).
    runningPod(sim, "other", "kubesim-worker2");
    sim.store.transaction((tx) =>
      tx.mutate({ kind: "Node", namespace: "", name: "kubesim-worker2" }, (d) => {
        (d as unknown as Node).spec!.taints = [{ key: "dedicated", value: "db", effect: "NoExecute" }];
      }),
    );
    sim.advance(0);
    expect(pod(sim, "other")!.metadata.deletionTimestamp).toBe(formatTimestamp(sim.nowMs + 30_000));
  });

  it("removes the taints when the node heartbeats again, and cancels pending evictions", () => {
    const { sim, beating } = setup();
    runningPod(sim, "web", WORKER);
    beating.delete(WORKER);
    expect(
      sim.runUntil(() => taints(sim).some((t) => t.effect === "NoExecute"), { timeoutMs: 120_000 }),
    ).toBe(true);
    sim.advance(60_000);
    beating.add(WORKER);
    // The next heartbeat (within 10 s) makes it Ready: the NoSchedule taint goes at once…
    expect(sim.runUntil(() => condition(sim, "Ready").status === "True", { timeoutMs: 10_000 })).toBe(true);
    const readyAt = sim.nowMs;
    expect(taints(sim).map((t) => `${t.key}:${t.effect}`)).toEqual([
      "node.kubernetes.io/unreachable:NoExecute",
    ]);
    // …the NoExecute taint with the next monitor pass.
    expect(sim.runUntil(() => taints(sim).length === 0, { timeoutMs: 10_000 })).toBe(true);
    expect(elapsed(sim, readyAt)).toBeLessThanOrEqual(5);
    expect(node(sim).spec!.taints).toBeUndefined();
    expect(events(sim, "TaintManagerEviction")).toEqual([
      "web: Cancelling deletion of Pod default/web (taint-eviction-controller)",
    ]);
    sim.advance(600_000);
    expect(pod(sim, "web")!.metadata.deletionTimestamp).toBeUndefined();
  });

  it("does not taint or evict when every node stops heartbeating (full disruption)", () => {
    const { sim, beating } = setup();
    runningPod(sim, "web", WORKER);
    beating.clear();
    sim.advance(10 * 60_000);
    for (const n of sim.store.list("Node")) {
      expect(condition(sim, "Ready", n.metadata.name).status).toBe("Unknown");
      expect(taints(sim, n.metadata.name).filter((t) => t.effect === "NoExecute")).toEqual([]);
    }
    expect(pod(sim, "web")!.metadata.deletionTimestamp).toBeUndefined();
  });

  it("taints nodes NoExecute one every 10 s per zone (--node-eviction-rate 0.1)", () => {
    const { sim, beating } = setup();
    beating.delete("kubesim-worker");
    beating.delete("kubesim-worker2");
    expect(
      sim.runUntil(() => condition(sim, "Ready", "kubesim-worker2").status === "Unknown", {
        timeoutMs: 120_000,
      }),
    ).toBe(true);
    const noExecuteSince = (name: string) =>
      taints(sim, name).find((t) => t.effect === "NoExecute")?.timeAdded;
    sim.advance(30_000);
    const first = noExecuteSince("kubesim-worker");
    const second = noExecuteSince("kubesim-worker2");
    expect(first).toBeDefined();
    expect(second).toBeDefined();
    expect(Math.abs(parseTimestamp(second!)! - parseTimestamp(first!)!)).toBe(10_000);
  });

  it("stops tainting a small zone in partial disruption (55% of nodes, more than 2, not ready) and resumes when it recovers", () => {
    const cluster = createCluster({ seed: 3, nodes: 4, controlPlane: false });
    const { sim } = cluster;
    sim.addController(nodeLifecycleController(sim));
    sim.addController(taintEvictionController());
    const beating = heartbeats(sim);
    runningPod(sim, "web", "kubesim-worker");
    for (const n of ["kubesim-worker", "kubesim-worker2", "kubesim-worker3"]) beating.delete(n);
    sim.advance(10 * 60_000);
    // 3 of 5 nodes not ready: PartialDisruption, and with at most 50 nodes the eviction rate is 0.
    expect(condition(sim, "Ready").status).toBe("Unknown");
    expect(taints(sim).map((t) => t.effect)).toEqual(["NoSchedule"]);
    expect(pod(sim, "web")!.metadata.deletionTimestamp).toBeUndefined();
    beating.add("kubesim-worker3");
    sim.advance(30_000);
    // 2 of 5: Normal again; the two unreachable nodes are tainted, 10 s apart.
    expect(taints(sim, "kubesim-worker").map((t) => t.effect)).toEqual(["NoSchedule", "NoExecute"]);
    expect(taints(sim, "kubesim-worker2").map((t) => t.effect)).toEqual(["NoSchedule", "NoExecute"]);
    expect(taints(sim, "kubesim-worker3")).toEqual([]);
  });

  it("taints a cordoned node node.kubernetes.io/unschedulable:NoSchedule and untaints it on uncordon", () => {
    const { sim } = setup();
    const cordon = (unschedulable: boolean) =>
      sim.store.transaction((tx) =>
        tx.mutate({ kind: "Node", namespace: "", name: WORKER }, (d) => {
          if (unschedulable) (d as unknown as Node).spec!.unschedulable = true;
          else delete (d as unknown as Node).spec!.unschedulable;
        }),
      );
    cordon(true);
    sim.advance(0);
    expect(taints(sim)).toEqual([
      {
        key: "node.kubernetes.io/unschedulable",
        effect: "NoSchedule",
        timeAdded: formatTimestamp(sim.nowMs),
      },
    ]);
    cordon(false);
    sim.advance(0);
    expect(taints(sim)).toEqual([]);
  });

  it("is deterministic: the same seed and faults give the same event log", () => {
    const run = () => {
      const { sim, beating } = setup(7);
      runningPod(sim, "a", WORKER);
      runningPod(sim, "b", "kubesim-worker2");
      sim.advance(33_000);
      beating.delete(WORKER);
      sim.advance(200_000);
      beating.delete("kubesim-worker2");
      sim.advance(400_000);
      beating.add(WORKER);
      sim.advance(100_000);
      return JSON.stringify(sim.store.eventLog());
    };
    expect(run()).toBe(run());
  });
});

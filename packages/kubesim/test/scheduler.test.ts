/**
 * The scheduler controller on a whole cluster (control-plane node tainted NoSchedule + workers):
 * placement, the FailedScheduling wording of K8s pkg/scheduler/framework/types.go `FitError.Error()`
 * (1.33) with DefaultPreemption's PostFilter message, retries on node and pod changes, and
 * deterministic tie-breaking.
 */
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../core/src/api/KubeObject.js";
import { schedulerController } from "../../core/src/controllers/scheduler/index.js";
import { type Cluster, createCluster } from "../src/index.js";

/** The fields of Pods and Nodes the tests read and write (kubesim does not depend on kubernetes-types). */
interface PodCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}
interface Pod {
  spec?: { nodeName?: string };
  status?: { phase?: string; conditions?: PodCondition[] };
}
type PodSpec = Record<string, unknown>;
interface Node {
  metadata?: { name?: string; labels?: Record<string, string> };
  spec?: { unschedulable?: boolean; taints?: unknown[] };
  status?: { allocatable?: Record<string, string>; conditions?: { lastHeartbeatTime?: string }[] };
}

function cluster(workers: number, seed = 0): Cluster {
  const c = createCluster({ nodes: workers, seed, controlPlane: false });
  c.sim.addController(schedulerController());
  return c;
}

function createPod(c: Cluster, name: string, spec: PodSpec = {}, meta = {}): void {
  c.sim.store.create({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default", ...meta },
    spec: { containers: [{ name: "app", image: "nginx" }], ...spec },
  } as KubeObject);
}

function pod(c: Cluster, name: string): Pod {
  return c.sim.store.get("Pod", "default", name) as Pod;
}

function nodeOf(c: Cluster, name: string): string | undefined {
  return pod(c, name).spec?.nodeName;
}

function podScheduled(c: Cluster, name: string): PodCondition | undefined {
  return pod(c, name).status?.conditions?.find((x: PodCondition) => x.type === "PodScheduled");
}

function events(
  c: Cluster,
  name: string,
): { type: string; reason: string; message: string; count: number }[] {
  return c.sim.store
    .list("Event", { namespace: "default" })
    .filter((e) => (e.involvedObject as { name: string }).name === name)
    .map((e) => ({
      type: e.type as string,
      reason: e.reason as string,
      message: e.message as string,
      count: e.count as number,
    }));
}

function cpuRequest(cpu: string): PodSpec {
  return { containers: [{ name: "app", image: "nginx", resources: { requests: { cpu } } }] };
}

function mutateNode(c: Cluster, name: string, recipe: (n: Node) => void): void {
  c.sim.store.mutate({ kind: "Node", namespace: "", name }, (d) => recipe(d as unknown as Node));
}

const CP_TAINT = "node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }";

describe("schedulerController", () => {
  it("binds a pod: spec.nodeName, PodScheduled=True and the Scheduled event", () => {
    const c = cluster(1);
    createPod(c, "web");
    c.sim.settle();
    expect(nodeOf(c, "web")).toBe("kubesim-worker");
    expect(podScheduled(c, "web")).toEqual({
      type: "PodScheduled",
      status: "True",
      lastProbeTime: null,
      lastTransitionTime: "2025-01-01T00:00:00Z",
    });
    expect(events(c, "web")).toEqual([
      {
        type: "Normal",
        reason: "Scheduled",
        message: "Successfully assigned default/web to kubesim-worker",
        count: 1,
      },
    ]);
  });

  it("respects the control-plane taint, and places pods that tolerate it and select the node", () => {
    const c = cluster(2);
    for (let i = 0; i < 6; i++) createPod(c, `p${i}`);
    createPod(c, "cp", {
      tolerations: [
        { key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "NoSchedule" },
      ],
      nodeSelector: { "node-role.kubernetes.io/control-plane": "" },
    });
    c.sim.settle();
    for (let i = 0; i < 6; i++) expect(nodeOf(c, `p${i}`)).toMatch(/^kubesim-worker2?$/);
    expect(nodeOf(c, "cp")).toBe("kubesim-control-plane");
  });

  it("follows nodeSelector and required node affinity, and says so when nothing matches", () => {
    const c = cluster(3);
    mutateNode(c, "kubesim-worker2", (n) => {
      n.metadata!.labels!.disk = "ssd";
      n.metadata!.labels!.generation = "5";
    });
    createPod(c, "ssd", { nodeSelector: { disk: "ssd" } });
    createPod(c, "gt", {
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [{ key: "generation", operator: "Gt", values: ["4"] }] }],
          },
        },
      },
    });
    createPod(c, "none", { nodeSelector: { disk: "nvme" } });
    c.sim.settle();
    expect(nodeOf(c, "ssd")).toBe("kubesim-worker2");
    expect(nodeOf(c, "gt")).toBe("kubesim-worker2");
    expect(nodeOf(c, "none")).toBeUndefined();
    expect(events(c, "none")[0]!.message).toBe(
      `0/4 nodes are available: 1 ${CP_TAINT}, 3 node(s) didn't match Pod's node affinity/selector. ` +
        "preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.",
    );
  });

  it("words insufficient cpu exactly as kube-scheduler 1.33 and sets PodScheduled=False", () => {
    const c = cluster(2);
    createPod(c, "big", cpuRequest("5"));
    c.sim.settle();
    const message =
      `0/3 nodes are available: 1 ${CP_TAINT}, 2 Insufficient cpu. ` +
      "preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, " +
      "2 No preemption victims found for incoming pod.";
    expect(pod(c, "big").status?.phase).toBe("Pending");
    expect(podScheduled(c, "big")).toEqual({
      type: "PodScheduled",
      status: "False",
      lastProbeTime: null,
      lastTransitionTime: "2025-01-01T00:00:00Z",
      reason: "Unschedulable",
      message,
    });
    expect(events(c, "big")).toEqual([{ type: "Warning", reason: "FailedScheduling", message, count: 1 }]);
  });

  it("counts the requests of pods already bound (init containers: the largest) against allocatable", () => {
    const c = cluster(1);
    createPod(c, "a", {
      initContainers: [{ name: "init", image: "busybox", resources: { requests: { cpu: "3" } } }],
      ...cpuRequest("1"),
    });
    createPod(c, "b", cpuRequest("1500m"));
    createPod(c, "c", cpuRequest("1"));
    c.sim.settle();
    expect(nodeOf(c, "a")).toBe("kubesim-worker");
    // a takes max(1, 3) = 3 of the node's 4 cpus: b does not fit, c does.
    expect(nodeOf(c, "b")).toBeUndefined();
    expect(nodeOf(c, "c")).toBe("kubesim-worker");
    expect(events(c, "b")[0]!.message).toMatch(
      /^0\/2 nodes are available: 1 Insufficient cpu, 1 node\(s\) had/,
    );
  });

  it("reports lower-priority pods as possible victims: the preemption part names the filter's reason", () => {
    const c = cluster(1);
    createPod(c, "low", cpuRequest("3"));
    c.sim.settle();
    c.sim.store.transaction((tx) => {
      // A PriorityClass is admission's business; a pod with a higher priority stands in for it.
      tx.create({
        apiVersion: "v1",
        kind: "Pod",
        metadata: { name: "high", namespace: "default" },
        spec: { containers: [{ name: "app", image: "nginx", resources: { requests: { cpu: "3" } } }] },
      } as KubeObject);
      tx.mutate({ kind: "Pod", namespace: "default", name: "high" }, (d) => {
        (d.spec as { priority: number }).priority = 1000;
        (d.spec as { preemptionPolicy: string }).preemptionPolicy = "Never";
      });
    });
    c.sim.settle();
    expect(events(c, "high")[0]!.message).toBe(
      `0/2 nodes are available: 1 Insufficient cpu, 1 ${CP_TAINT}. ` +
        "preemption: not eligible due to preemptionPolicy=Never.",
    );
  });

  it("dry-runs preemption: victims that would not make room leave the filter's reason", () => {
    const withPriority = (c: Cluster, name: string, cpu: string) => {
      createPod(c, name, { ...cpuRequest(cpu), schedulingGates: [{ name: "hold" }] });
      c.sim.store.mutate({ kind: "Pod", namespace: "default", name }, (d) => {
        const spec = d.spec as { priority: number; schedulingGates?: unknown };
        spec.priority = 1000;
        delete spec.schedulingGates;
      });
    };
    const c = cluster(1);
    createPod(c, "low", cpuRequest("3"));
    c.sim.settle();
    withPriority(c, "huge", "5");
    withPriority(c, "fits-after-preemption", "3");
    c.sim.settle();
    expect(events(c, "huge")[0]!.message).toBe(
      `0/2 nodes are available: 1 Insufficient cpu, 1 ${CP_TAINT}. ` +
        "preemption: 0/2 nodes are available: 1 Insufficient cpu, 1 Preemption is not helpful for scheduling.",
    );
    // Preemption would help here; kubesim does not evict, and the message has no preemption part.
    expect(events(c, "fits-after-preemption")[0]!.message).toBe(
      `0/2 nodes are available: 1 Insufficient cpu, 1 ${CP_TAINT}.`,
    );
  });

  it("skips a cordoned node, and schedules the waiting pod once it is uncordoned (after its back-off)", () => {
    const c = cluster(1);
    mutateNode(c, "kubesim-worker", (n) => {
      n.spec!.unschedulable = true;
    });
    createPod(c, "p");
    c.sim.settle();
    expect(nodeOf(c, "p")).toBeUndefined();
    expect(events(c, "p")[0]!.message).toBe(
      `0/2 nodes are available: 1 ${CP_TAINT}, 1 node(s) were unschedulable. ` +
        "preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.",
    );
    const failedAt = c.sim.nowMs;
    c.sim.advance(300);
    mutateNode(c, "kubesim-worker", (n) => {
      n.spec!.unschedulable = false;
    });
    expect(c.sim.runUntil(() => nodeOf(c, "p") !== undefined, { timeoutMs: 60_000 })).toBe(true);
    expect(nodeOf(c, "p")).toBe("kubesim-worker");
    // podInitialBackoffSeconds: 1 s after the failed attempt.
    expect(c.sim.nowMs - failedAt).toBe(1000);
    expect(podScheduled(c, "p")?.status).toBe("True");
    expect(podScheduled(c, "p")?.reason).toBeUndefined();
  });

  it("does not retry on heartbeats, only on changes the filters look at", () => {
    const c = cluster(1);
    createPod(c, "big", cpuRequest("5"));
    c.sim.settle();
    mutateNode(c, "kubesim-worker", (n) => {
      n.status!.conditions![0]!.lastHeartbeatTime = "2025-01-01T00:00:10Z";
    });
    expect(c.sim.settle()).toBe(true);
    expect(events(c, "big")[0]!.count).toBe(1);
    mutateNode(c, "kubesim-worker", (n) => {
      n.status!.allocatable = { ...n.status!.allocatable, cpu: "8" };
    });
    c.sim.settle();
    expect(nodeOf(c, "big")).toBe("kubesim-worker");
  });

  it("schedules a waiting pod once a node is added", () => {
    const c = cluster(0);
    createPod(c, "p");
    c.sim.settle();
    expect(events(c, "p")[0]!.message).toBe(
      `0/1 nodes are available: 1 ${CP_TAINT}. ` +
        "preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.",
    );
    const worker = structuredClone(c.sim.store.get("Node", "", "kubesim-control-plane")!) as Node;
    worker.metadata = { name: "extra", labels: { "kubernetes.io/hostname": "extra" } };
    delete worker.spec!.taints;
    c.sim.store.transaction((tx) => {
      const created = tx.create(worker as KubeObject);
      tx.updateStatus({ ...created, status: worker.status });
    });
    c.sim.settle();
    expect(nodeOf(c, "p")).toBe("extra");
  });

  it("schedules a waiting pod once a bound pod is deleted and frees its cpu", () => {
    const c = cluster(1);
    createPod(c, "a", cpuRequest("3"));
    c.sim.settle();
    createPod(c, "b", cpuRequest("3"));
    c.sim.settle();
    expect(nodeOf(c, "b")).toBeUndefined();
    c.sim.store.delete({ kind: "Pod", namespace: "default", name: "a" }, { gracePeriodSeconds: 0 });
    c.sim.settle();
    expect(nodeOf(c, "b")).toBe("kubesim-worker");
  });

  it("refuses a second pod on a taken hostPort (same protocol only)", () => {
    const c = cluster(1);
    const port = (protocol: string) => ({
      containers: [{ name: "app", image: "nginx", ports: [{ containerPort: 80, hostPort: 8080, protocol }] }],
    });
    createPod(c, "first", port("TCP"));
    createPod(c, "second", port("TCP"));
    createPod(c, "udp", port("UDP"));
    c.sim.settle();
    expect(nodeOf(c, "first")).toBe("kubesim-worker");
    expect(nodeOf(c, "second")).toBeUndefined();
    expect(nodeOf(c, "udp")).toBe("kubesim-worker");
    expect(events(c, "second")[0]!.message).toBe(
      `0/2 nodes are available: 1 node(s) didn't have free ports for the requested pod ports, 1 ${CP_TAINT}. ` +
        "preemption: 0/2 nodes are available: 1 No preemption victims found for incoming pod, " +
        "1 Preemption is not helpful for scheduling.",
    );
  });

  it("spreads the replicas of one controller evenly across the workers", () => {
    const c = cluster(4);
    const owner = {
      ownerReferences: [
        { apiVersion: "apps/v1", kind: "ReplicaSet", name: "web-abc", uid: "rs-uid", controller: true },
      ],
    };
    for (let i = 0; i < 12; i++) createPod(c, `web-${i}`, {}, owner);
    c.sim.settle();
    const perNode = new Map<string, number>();
    for (let i = 0; i < 12; i++) {
      const n = nodeOf(c, `web-${i}`)!;
      perNode.set(n, (perNode.get(n) ?? 0) + 1);
    }
    expect([...perNode.values()]).toEqual([3, 3, 3, 3]);
    expect(perNode.has("kubesim-control-plane")).toBe(false);
  });

  it("is deterministic for a seed, and breaks ties with the seeded random stream", () => {
    const placements = (seed: number) => {
      const c = cluster(5, seed);
      for (let i = 0; i < 7; i++) createPod(c, `p${i}`);
      c.sim.settle();
      return Array.from({ length: 7 }, (_, i) => nodeOf(c, `p${i}`));
    };
    expect(placements(7)).toEqual(placements(7));
    const firstChoices = new Set(Array.from({ length: 12 }, (_, seed) => placements(seed)[0]));
    expect(firstChoices.size).toBeGreaterThan(1);
  });

  it("leaves pods of other schedulers, gated pods and pinned pods alone", () => {
    const c = cluster(1);
    createPod(c, "other", { schedulerName: "my-scheduler" });
    createPod(c, "gated", { schedulingGates: [{ name: "wait" }] });
    createPod(c, "pinned", { nodeName: "kubesim-control-plane" });
    c.sim.settle();
    expect(nodeOf(c, "other")).toBeUndefined();
    expect(nodeOf(c, "gated")).toBeUndefined();
    expect(podScheduled(c, "gated")?.reason).toBe("SchedulingGated");
    expect(nodeOf(c, "pinned")).toBe("kubesim-control-plane");
    expect(events(c, "other")).toEqual([]);
    expect(events(c, "pinned")).toEqual([]);
  });
});

/**
 * The ReplicaSet and ReplicationController controllers (K8s pkg/controller/replicaset/replica_set.go):
 * pods from the template, adoption and release, Kubernetes' scale-down order, status and events.
 */
import type { KubeObject } from "@kubesim/core";
import { describe, expect, it } from "vitest";
import { garbageCollectorController } from "../../core/src/controllers/garbagecollector/index.js";
import {
  replicaSetController,
  replicationControllerController,
} from "../../core/src/controllers/replicaset/index.js";
import { createCluster } from "../src/index.js";
import { eventsOf, markPodReady, podNames } from "./workloadTestUtil.js";

function rs(name: string, replicas: number, extra: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: { name, namespace: "default" },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name, tier: "web" }, annotations: { note: "x" } },
        spec: { containers: [{ name: "c", image: "nginx" }] },
      },
      ...extra,
    },
  };
}

function setup() {
  const c = createCluster({ seed: 7, controlPlane: false });
  c.sim.addController(replicaSetController());
  c.sim.addController(replicationControllerController());
  return c;
}

/** Pods not being deleted (bound pods stay, terminating, without a kubelet). */
function live(c: ReturnType<typeof setup>): string[] {
  return c.sim.store
    .list("Pod", { namespace: "default" })
    .filter((p) => !p.metadata.deletionTimestamp)
    .map((p) => p.metadata.name!);
}

function statusOf(c: ReturnType<typeof setup>, kind: string, name: string): Record<string, unknown> {
  return c.sim.store.get(kind, "default", name)!.status as Record<string, unknown>;
}

describe("replicaSetController", () => {
  it("creates pods from the template named <rs>-<5 chars> with a controller reference", () => {
    const c = setup();
    const created = c.sim.store.create(rs("web", 3));
    c.sim.settle();
    const pods = c.sim.store.list("Pod", { namespace: "default" });
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(p.metadata.labels).toEqual({ app: "web", tier: "web" });
      expect(p.metadata.annotations).toEqual({ note: "x" });
      expect(p.metadata.ownerReferences).toEqual([
        {
          apiVersion: "apps/v1",
          kind: "ReplicaSet",
          name: "web",
          uid: created.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ]);
    }
    expect(eventsOf(c.sim, "ReplicaSet", "web").sort()).toEqual(
      pods.map((p) => `SuccessfulCreate: Created pod: ${p.metadata.name}`).sort(),
    );
    expect(statusOf(c, "ReplicaSet", "web")).toEqual({
      replicas: 3,
      fullyLabeledReplicas: 3,
      observedGeneration: 1,
    });
  });

  it("counts ready and available pods, honouring minReadySeconds", () => {
    const c = setup();
    c.sim.store.create(rs("web", 2, { minReadySeconds: 10 }));
    c.sim.settle();
    for (const n of podNames(c.sim)) markPodReady(c.sim, "default", n);
    c.sim.advance(0);
    expect(statusOf(c, "ReplicaSet", "web")).toMatchObject({ replicas: 2, readyReplicas: 2 });
    expect(statusOf(c, "ReplicaSet", "web").availableReplicas).toBeUndefined();
    c.sim.advance(10_000);
    expect(statusOf(c, "ReplicaSet", "web")).toMatchObject({ readyReplicas: 2, availableReplicas: 2 });
  });

  it("replaces a deleted pod and does not count terminating pods", () => {
    const c = setup();
    c.sim.store.create(rs("web", 2));
    c.sim.settle();
    const [first] = podNames(c.sim);
    markPodReady(c.sim, "default", first!);
    // Bound to a node: the delete is graceful and the pod stays, terminating.
    c.sim.store.delete({ kind: "Pod", namespace: "default", name: first! });
    c.sim.advance(0);
    const pods = c.sim.store.list("Pod", { namespace: "default" });
    expect(pods).toHaveLength(3);
    expect(pods.filter((p) => !p.metadata.deletionTimestamp)).toHaveLength(2);
    expect(statusOf(c, "ReplicaSet", "web").replicas).toBe(2);
  });

  it("adopts a matching orphan instead of creating a pod, and releases a pod that stops matching", () => {
    const c = setup();
    c.sim.store.create({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "stray", namespace: "default", labels: { app: "web" } },
      spec: { containers: [{ name: "c", image: "nginx" }] },
    });
    const created = c.sim.store.create(rs("web", 2));
    c.sim.settle();
    expect(podNames(c.sim)).toHaveLength(2);
    expect(podNames(c.sim)).toContain("stray");
    const stray = c.sim.store.get("Pod", "default", "stray")!;
    expect(stray.metadata.ownerReferences?.[0]?.uid).toBe(created.metadata.uid);
    expect(statusOf(c, "ReplicaSet", "web")).toMatchObject({ replicas: 2, fullyLabeledReplicas: 1 });

    c.sim.store.mutate({ kind: "Pod", namespace: "default", name: "stray" }, (d) => {
      d.metadata.labels = { app: "other" };
    });
    c.sim.settle();
    expect(c.sim.store.get("Pod", "default", "stray")!.metadata.ownerReferences).toBeUndefined();
    expect(podNames(c.sim)).toHaveLength(3);
  });

  it("scales down in Kubernetes' order: unassigned, then Pending, then not ready, then deletion cost, then newest", () => {
    const c = setup();
    c.sim.store.create(rs("web", 5));
    c.sim.settle();
    const names = podNames(c.sim);
    const [unassigned, pending, notReady, cheap, older] = names as [string, string, string, string, string];
    // Everything but `unassigned` is bound; `pending` stays Pending; the others run.
    const bind = (n: string, phase: string, ready: boolean, cost?: string) =>
      c.sim.store.mutate({ kind: "Pod", namespace: "default", name: n }, (d) => {
        const p = d as unknown as { spec: { nodeName?: string }; status?: unknown };
        p.spec.nodeName = "kubesim-worker";
        p.status = {
          phase,
          conditions: [
            { type: "Ready", status: ready ? "True" : "False", lastTransitionTime: "2025-01-01T00:00:00Z" },
          ],
        };
        if (cost)
          d.metadata.annotations = {
            ...d.metadata.annotations,
            "controller.kubernetes.io/pod-deletion-cost": cost,
          };
      });
    bind(pending, "Pending", false);
    bind(notReady, "Running", false);
    bind(cheap, "Running", true, "-5");
    bind(older, "Running", true);
    const order: string[] = [];
    for (const replicas of [4, 3, 2, 1]) {
      c.sim.store.mutate({ kind: "ReplicaSet", namespace: "default", name: "web" }, (d) => {
        (d.spec as { replicas: number }).replicas = replicas;
      });
      c.sim.settle();
      const left = new Set(live(c));
      order.push(
        ...[unassigned, pending, notReady, cheap, older].filter((n) => !left.has(n) && !order.includes(n)),
      );
    }
    expect(order).toEqual([unassigned, pending, notReady, cheap]);
    expect(live(c)).toEqual([older]);
    expect(eventsOf(c.sim, "ReplicaSet", "web")).toContain(`SuccessfulDelete: Deleted pod: ${unassigned}`);
  });

  it("deletes newer pods before older ones among otherwise equal pods", () => {
    const c = setup();
    c.sim.store.create(rs("web", 1));
    c.sim.settle();
    const [old] = podNames(c.sim);
    c.sim.advance(3_600_000);
    c.sim.store.mutate({ kind: "ReplicaSet", namespace: "default", name: "web" }, (d) => {
      (d.spec as { replicas: number }).replicas = 2;
    });
    c.sim.settle();
    c.sim.store.mutate({ kind: "ReplicaSet", namespace: "default", name: "web" }, (d) => {
      (d.spec as { replicas: number }).replicas = 1;
    });
    c.sim.settle();
    expect(podNames(c.sim)).toEqual([old]);
  });

  it("leaves a deleted ReplicaSet's pods to the garbage collector", () => {
    const c = setup();
    c.sim.addController(garbageCollectorController());
    c.sim.store.create(rs("web", 2));
    c.sim.settle();
    c.sim.store.delete({ kind: "ReplicaSet", namespace: "default", name: "web" });
    c.sim.settle();
    expect(podNames(c.sim)).toEqual([]);
  });

  it("is reproducible: the same seed gives the same pod names", () => {
    const run = () => {
      const c = setup();
      c.sim.store.create(rs("web", 4));
      c.sim.settle();
      return podNames(c.sim);
    };
    expect(run()).toEqual(run());
  });
});

describe("replicaSetController: cost", () => {
  /** The ReplicaSet syncs that `change` queues, after the cluster settled. */
  function syncsAfter(c: ReturnType<typeof setup>, change: () => void): string[] {
    const synced: string[] = [];
    const listen = (e: { type: string; controller?: string; key?: string }) => {
      if (e.type === "reconcile" && e.controller === "replicaset-controller") synced.push(e.key as string);
    };
    c.sim.inspector.on("event", listen);
    change();
    c.sim.settle();
    c.sim.inspector.off("event", listen);
    return synced;
  }

  it("does not sync on pod updates its sync does not read (binding, addresses, annotations), and syncs on readiness", () => {
    const c = setup();
    c.sim.store.create(rs("web", 2));
    c.sim.settle();
    const [a] = podNames(c.sim);
    const ref = { kind: "Pod", namespace: "default", name: a! };
    const unread = () =>
      c.sim.store.mutate(ref, (d) => {
        (d.spec as { nodeName?: string }).nodeName = "kubesim-worker";
        d.metadata.annotations = { ...d.metadata.annotations, seen: "yes" };
        d.status = { ...(d.status as object), podIP: "10.244.1.9" };
      });
    expect(syncsAfter(c, unread)).toEqual([]);
    // (Then once more for its own status write, as K8s's updateRS queues it.)
    expect(new Set(syncsAfter(c, () => markPodReady(c.sim, "default", a!)))).toEqual(
      new Set(["default/web"]),
    );
    expect(statusOf(c, "ReplicaSet", "web")).toMatchObject({ readyReplicas: 1, availableReplicas: 1 });
  });

  it("syncs on every pod update when minReadySeconds makes availability depend on the time of the sync", () => {
    const c = setup();
    c.sim.store.create(rs("web", 1, { minReadySeconds: 5 }));
    c.sim.settle();
    const [a] = podNames(c.sim);
    const annotate = () =>
      c.sim.store.mutate({ kind: "Pod", namespace: "default", name: a! }, (d) => {
        d.metadata.annotations = { ...d.metadata.annotations, seen: "yes" };
      });
    expect(syncsAfter(c, annotate)).toEqual(["default/web"]);
  });
});

describe("replicationControllerController", () => {
  it("manages pods with the map selector defaulted from the template labels", () => {
    const c = setup();
    c.sim.store.create({
      apiVersion: "v1",
      kind: "ReplicationController",
      metadata: { name: "legacy", namespace: "default" },
      spec: {
        replicas: 2,
        template: {
          metadata: { labels: { app: "legacy" } },
          spec: { containers: [{ name: "c", image: "nginx" }] },
        },
      },
    });
    c.sim.settle();
    const pods = c.sim.store.list("Pod", { namespace: "default" });
    expect(pods.map((p) => p.metadata.name)).toEqual([
      expect.stringMatching(/^legacy-\w{5}$/),
      expect.stringMatching(/^legacy-\w{5}$/),
    ]);
    expect(pods[0]!.metadata.ownerReferences?.[0]).toMatchObject({
      apiVersion: "v1",
      kind: "ReplicationController",
    });
    expect(statusOf(c, "ReplicationController", "legacy")).toEqual({
      replicas: 2,
      fullyLabeledReplicas: 2,
      observedGeneration: 1,
    });
    const ev = c.sim.store.list("Event", { namespace: "default" })[0] as KubeObject & { source: unknown };
    expect(ev.source).toEqual({ component: "replication-controller" });
  });
});

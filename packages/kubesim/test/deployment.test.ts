/**
 * The Deployment controller (K8s pkg/controller/deployment): ReplicaSets named after the
 * pod-template-hash, revisions, RollingUpdate within maxSurge/maxUnavailable at every step,
 * Recreate, scaling, revision history cleanup, rollback to an earlier template, status and events.
 */
import type { KubeObject } from "@kubesim/core";
import { describe, expect, it } from "vitest";
import { deploymentController } from "../../core/src/controllers/deployment/index.js";
import { garbageCollectorController } from "../../core/src/controllers/garbagecollector/index.js";
import { replicaSetController } from "../../core/src/controllers/replicaset/index.js";
import { createCluster } from "../src/index.js";
import { eventsOf, fakeKubelet } from "./workloadTestUtil.js";

/** The fields of Deployments and ReplicaSets these tests read (kubesim does not depend on kubernetes-types). */
interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}
interface Workload {
  metadata?: KubeObject["metadata"];
  spec?: {
    replicas?: number;
    selector?: unknown;
    template: { spec?: { containers: { image?: string }[] } };
  };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    readyReplicas?: number;
    availableReplicas?: number;
    unavailableReplicas?: number;
    conditions?: Condition[];
  };
}
type Deployment = Workload;
type ReplicaSet = Workload;

function deployment(
  name: string,
  replicas: number,
  image: string,
  strategy?: Record<string, unknown>,
): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: "default" },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      ...(strategy ? { strategy } : {}),
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "c", image }] } },
    },
  };
}

function setup(seed = 1) {
  const c = createCluster({ seed, controlPlane: false });
  c.sim.addController(deploymentController({ sim: c.sim }));
  c.sim.addController(replicaSetController());
  c.sim.addController(fakeKubelet());
  return c;
}

type C = ReturnType<typeof setup>;

function getDeploy(c: C, name = "web"): Deployment {
  return c.sim.store.get("Deployment", "default", name) as unknown as Deployment;
}

function replicaSets(c: C): ReplicaSet[] {
  return c.sim.store.list("ReplicaSet", { namespace: "default" }) as unknown as ReplicaSet[];
}

function setImage(c: C, image: string, name = "web"): void {
  c.sim.store.mutate({ kind: "Deployment", namespace: "default", name }, (d) => {
    (d as unknown as Deployment).spec!.template.spec!.containers[0]!.image = image;
  });
}

function livePods(c: C): KubeObject[] {
  return c.sim.store.list("Pod", { namespace: "default" }).filter((p) => !p.metadata.deletionTimestamp);
}

function readyPods(c: C): KubeObject[] {
  return livePods(c).filter((p) =>
    ((p.status as { conditions?: { type: string; status: string }[] }).conditions ?? []).some(
      (x) => x.type === "Ready" && x.status === "True",
    ),
  );
}

describe("deploymentController", () => {
  it("creates <deployment>-<hash> ReplicaSet and <deployment>-<hash>-<5 chars> pods, with revision annotations", () => {
    const c = setup();
    const d = c.sim.store.create(deployment("web", 3, "nginx:1.27"));
    c.sim.settle();
    const [rs] = replicaSets(c);
    const hash = rs!.metadata!.labels!["pod-template-hash"]!;
    expect(hash).toMatch(/^[456789bcdf]{1,10}$/);
    expect(rs!.metadata!.name).toBe(`web-${hash}`);
    expect(rs!.metadata!.labels).toEqual({ app: "web", "pod-template-hash": hash });
    expect(rs!.metadata!.annotations).toEqual({
      "deployment.kubernetes.io/desired-replicas": "3",
      "deployment.kubernetes.io/max-replicas": "4",
      "deployment.kubernetes.io/revision": "1",
    });
    expect(rs!.metadata!.ownerReferences).toEqual([
      {
        apiVersion: "apps/v1",
        kind: "Deployment",
        name: "web",
        uid: d.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    expect(rs!.spec!.selector).toEqual({ matchLabels: { app: "web", "pod-template-hash": hash } });
    const pods = livePods(c);
    expect(pods).toHaveLength(3);
    for (const p of pods)
      expect(p.metadata.name).toMatch(new RegExp(`^web-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
    expect(getDeploy(c).metadata!.annotations).toEqual({ "deployment.kubernetes.io/revision": "1" });
    expect(eventsOf(c.sim, "Deployment", "web")).toEqual([
      `ScalingReplicaSet: Scaled up replica set web-${hash} from 0 to 3`,
    ]);
  });

  it("reports status and conditions worded as Kubernetes does", () => {
    const c = setup();
    c.sim.store.create(deployment("web", 3, "nginx:1.27"));
    c.sim.advance(0);
    const rsName = replicaSets(c)[0]!.metadata!.name!;
    const early = getDeploy(c).status!;
    // SetDeploymentCondition appends: Progressing is re-set last whenever the rollout progresses.
    expect(early.conditions?.map((x) => [x.type, x.status, x.reason, x.message])).toEqual([
      ["Available", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability."],
      ["Progressing", "True", "ReplicaSetUpdated", `ReplicaSet "${rsName}" is progressing.`],
    ]);
    c.sim.settle();
    const status = getDeploy(c).status!;
    expect(status).toMatchObject({
      observedGeneration: 1,
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
    });
    expect(status.unavailableReplicas).toBeUndefined();
    expect(
      status.conditions?.map((x) => ({
        type: x.type,
        status: x.status,
        reason: x.reason,
        message: x.message,
      })),
    ).toEqual([
      {
        type: "Available",
        status: "True",
        reason: "MinimumReplicasAvailable",
        message: "Deployment has minimum availability.",
      },
      {
        type: "Progressing",
        status: "True",
        reason: "NewReplicaSetAvailable",
        message: `ReplicaSet "${rsName}" has successfully progressed.`,
      },
    ]);
  });

  for (const [maxSurge, maxUnavailable, replicas] of [
    ["25%", "25%", 4],
    [1, 0, 3],
    [0, 1, 3],
    ["50%", "50%", 5],
    [2, "10%", 10],
  ] as const) {
    it(`keeps maxSurge=${maxSurge} and maxUnavailable=${maxUnavailable} at every step of a rolling update of ${replicas}`, () => {
      const c = setup();
      c.sim.store.create(
        deployment("web", replicas, "nginx:1.26", {
          type: "RollingUpdate",
          rollingUpdate: { maxSurge, maxUnavailable },
        }),
      );
      c.sim.settle();
      expect(readyPods(c)).toHaveLength(replicas);
      const surge =
        typeof maxSurge === "number" ? maxSurge : Math.ceil((Number.parseInt(maxSurge, 10) * replicas) / 100);
      const unavailable =
        typeof maxUnavailable === "number"
          ? maxUnavailable
          : Math.floor((Number.parseInt(maxUnavailable, 10) * replicas) / 100);
      let maxPods = 0;
      let minReady = Number.POSITIVE_INFINITY;
      let steps = 0;
      const onEvent = (e: { type: string }) => {
        if (e.type !== "commit") return;
        steps++;
        maxPods = Math.max(maxPods, livePods(c).length);
        minReady = Math.min(minReady, readyPods(c).length);
      };
      c.sim.inspector.on("event", onEvent);
      setImage(c, "nginx:1.27");
      expect(c.sim.settle()).toBe(true);
      c.sim.inspector.off("event", onEvent);
      expect(steps).toBeGreaterThan(replicas);
      expect(maxPods).toBeLessThanOrEqual(replicas + surge);
      expect(minReady).toBeGreaterThanOrEqual(replicas - unavailable);
      // The rollout used the room it had.
      expect(maxPods).toBe(replicas + surge);
      const rss = replicaSets(c);
      expect(rss).toHaveLength(2);
      const newRS = rss.find((r) => r.metadata!.annotations!["deployment.kubernetes.io/revision"] === "2")!;
      const oldRS = rss.find((r) => r.metadata!.annotations!["deployment.kubernetes.io/revision"] === "1")!;
      expect(newRS.spec!.replicas).toBe(replicas);
      expect(oldRS.spec!.replicas).toBe(0);
      expect(
        livePods(c).every(
          (p) => p.metadata.labels!["pod-template-hash"] === newRS.metadata!.labels!["pod-template-hash"],
        ),
      ).toBe(true);
      expect(getDeploy(c).metadata!.annotations!["deployment.kubernetes.io/revision"]).toBe("2");
      expect(getDeploy(c).status).toMatchObject({
        replicas,
        updatedReplicas: replicas,
        availableReplicas: replicas,
      });
    });
  }

  it("records scaling events with from/to counts during a rolling update", () => {
    const c = setup();
    c.sim.store.create(deployment("web", 3, "nginx:1.26"));
    c.sim.settle();
    const oldName = replicaSets(c)[0]!.metadata!.name!;
    setImage(c, "nginx:1.27");
    c.sim.settle();
    const newName = replicaSets(c).find((r) => r.metadata!.name !== oldName)!.metadata!.name!;
    // 3 replicas, 25%: maxSurge 1, maxUnavailable 0.
    expect(eventsOf(c.sim, "Deployment", "web").sort()).toEqual(
      [
        `ScalingReplicaSet: Scaled up replica set ${oldName} from 0 to 3`,
        `ScalingReplicaSet: Scaled up replica set ${newName} from 0 to 1`,
        `ScalingReplicaSet: Scaled down replica set ${oldName} from 3 to 2`,
        `ScalingReplicaSet: Scaled up replica set ${newName} from 1 to 2`,
        `ScalingReplicaSet: Scaled down replica set ${oldName} from 2 to 1`,
        `ScalingReplicaSet: Scaled up replica set ${newName} from 2 to 3`,
        `ScalingReplicaSet: Scaled down replica set ${oldName} from 1 to 0`,
      ].sort(),
    );
  });

  it("Recreate: deletes every old pod before the new ReplicaSet is created", () => {
    const c = setup();
    c.sim.store.create(deployment("web", 3, "nginx:1.26", { type: "Recreate" }));
    c.sim.settle();
    const oldHash = livePods(c)[0]!.metadata.labels!["pod-template-hash"];
    let overlap = false;
    const onEvent = (e: { type: string }) => {
      if (e.type !== "commit") return;
      const hashes = new Set(
        c.sim.store.list("Pod", { namespace: "default" }).map((p) => p.metadata.labels!["pod-template-hash"]),
      );
      if (hashes.has(oldHash) && hashes.size > 1) overlap = true;
    };
    c.sim.inspector.on("event", onEvent);
    setImage(c, "nginx:1.27");
    c.sim.settle();
    c.sim.inspector.off("event", onEvent);
    expect(overlap).toBe(false);
    expect(readyPods(c)).toHaveLength(3);
    expect(readyPods(c).every((p) => p.metadata.labels!["pod-template-hash"] !== oldHash)).toBe(true);
  });

  it("scales the ReplicaSet when spec.replicas changes, updating desired/max annotations", () => {
    const c = setup();
    c.sim.store.create(deployment("web", 2, "nginx"));
    c.sim.settle();
    c.sim.store.mutate({ kind: "Deployment", namespace: "default", name: "web" }, (d) => {
      (d as unknown as Deployment).spec!.replicas = 5;
    });
    c.sim.settle();
    const [rs] = replicaSets(c);
    expect(rs!.spec!.replicas).toBe(5);
    expect(rs!.metadata!.annotations!["deployment.kubernetes.io/desired-replicas"]).toBe("5");
    expect(rs!.metadata!.annotations!["deployment.kubernetes.io/max-replicas"]).toBe("7");
    expect(eventsOf(c.sim, "Deployment", "web")).toContain(
      `ScalingReplicaSet: Scaled up replica set ${rs!.metadata!.name} from 2 to 5`,
    );
    expect(readyPods(c)).toHaveLength(5);
  });

  it("scales old and new ReplicaSets proportionally when replicas change mid-rollout (sync.go scale)", () => {
    // No kubelet: pods never become ready, so the rollout stalls with both ReplicaSets active.
    const c = createCluster({ seed: 2, controlPlane: false });
    c.sim.addController(deploymentController({ sim: c.sim }));
    c.sim.addController(replicaSetController());
    c.sim.store.create(
      deployment("web", 10, "nginx:1", {
        type: "RollingUpdate",
        rollingUpdate: { maxSurge: 3, maxUnavailable: 2 },
      }),
    );
    c.sim.settle();
    setImage(c, "nginx:2");
    c.sim.settle();
    const sizes = () =>
      Object.fromEntries(
        replicaSets(c).map((r) => [
          r.metadata!.annotations!["deployment.kubernetes.io/revision"],
          r.spec!.replicas,
        ]),
      );
    // maxSurge 3: 13 pods at most; with nothing available only the unhealthy old replicas (2) go.
    expect(sizes()).toEqual({ "1": 8, "2": 5 });
    c.sim.store.mutate({ kind: "Deployment", namespace: "default", name: "web" }, (d) => {
      (d.spec as { replicas: number }).replicas = 20;
    });
    c.sim.settle();
    // 23 allowed, 10 to add: old gets round(8 * 23 / 13) - 8 = 6, new the other 4.
    expect(sizes()).toEqual({ "1": 14, "2": 9 });
    const events = eventsOf(c.sim, "Deployment", "web");
    const [oldName, newName] = ["1", "2"].map(
      (rev) =>
        replicaSets(c).find((r) => r.metadata!.annotations!["deployment.kubernetes.io/revision"] === rev)!
          .metadata!.name,
    );
    expect(events).toContain(`ScalingReplicaSet: Scaled up replica set ${oldName} from 8 to 14`);
    expect(events).toContain(`ScalingReplicaSet: Scaled up replica set ${newName} from 5 to 9`);
  });

  it("keeps revisionHistoryLimit old ReplicaSets", () => {
    const c = setup();
    const d = deployment("web", 1, "nginx:1");
    (d.spec as { revisionHistoryLimit: number }).revisionHistoryLimit = 1;
    c.sim.store.create(d);
    c.sim.settle();
    for (const v of ["2", "3", "4"]) {
      setImage(c, `nginx:${v}`);
      c.sim.settle();
    }
    const revisions = replicaSets(c)
      .map((r) => r.metadata!.annotations!["deployment.kubernetes.io/revision"])
      .sort();
    expect(revisions).toEqual(["3", "4"]);
  });

  it("goes back to an earlier template by reusing its ReplicaSet with a new revision", () => {
    const c = setup();
    c.sim.store.create(deployment("web", 2, "nginx:1"));
    c.sim.settle();
    const first = replicaSets(c)[0]!.metadata!.name!;
    setImage(c, "nginx:2");
    c.sim.settle();
    setImage(c, "nginx:1");
    c.sim.settle();
    expect(replicaSets(c)).toHaveLength(2);
    const rs = c.sim.store.get("ReplicaSet", "default", first) as unknown as ReplicaSet;
    expect(rs.spec!.replicas).toBe(2);
    expect(rs.metadata!.annotations!["deployment.kubernetes.io/revision"]).toBe("3");
    expect(rs.metadata!.annotations!["deployment.kubernetes.io/revision-history"]).toBe("1");
    expect(getDeploy(c).metadata!.annotations!["deployment.kubernetes.io/revision"]).toBe("3");
  });

  it("times out a rollout that makes no progress within progressDeadlineSeconds", () => {
    const c = createCluster({ seed: 1, controlPlane: false });
    c.sim.addController(deploymentController({ sim: c.sim }));
    c.sim.addController(replicaSetController());
    const d = deployment("web", 1, "nginx");
    (d.spec as { progressDeadlineSeconds: number }).progressDeadlineSeconds = 30;
    c.sim.store.create(d);
    c.sim.advance(40_000);
    const rsName = replicaSets(c)[0]!.metadata!.name!;
    const cond = getDeploy(c).status!.conditions!.find((x) => x.type === "Progressing")!;
    expect(cond).toMatchObject({
      status: "False",
      reason: "ProgressDeadlineExceeded",
      message: `ReplicaSet "${rsName}" has timed out progressing.`,
    });
  });

  it("leaves a deleted Deployment's ReplicaSets and pods to the garbage collector", () => {
    const c = setup();
    c.sim.addController(garbageCollectorController());
    c.sim.store.create(deployment("web", 2, "nginx"));
    c.sim.settle();
    c.sim.store.delete({ kind: "Deployment", namespace: "default", name: "web" });
    c.sim.settle();
    expect(replicaSets(c)).toEqual([]);
    expect(c.sim.store.list("Pod", { namespace: "default" })).toEqual([]);
  });

  it("replays identically with the same seed", () => {
    const run = () => {
      const c = setup(5);
      c.sim.store.create(deployment("web", 4, "nginx:1"));
      c.sim.settle();
      setImage(c, "nginx:2");
      c.sim.settle();
      return c.sim.store.list("Pod", { namespace: "default" }).map((p) => p.metadata.name);
    };
    expect(run()).toEqual(run());
  });
});

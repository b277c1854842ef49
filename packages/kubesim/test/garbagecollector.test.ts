/**
 * The garbage collector (K8s pkg/controller/garbagecollector/garbagecollector.go): cascading
 * deletion through ownerReferences, in the background (kubectl's default `--cascade=background`),
 * in the foreground, and orphaning.
 */
import type { KubeObject, Simulation } from "@kubesim/core";
import { describe, expect, it } from "vitest";
import { deleteWithPropagation } from "../../core/src/controllers/garbagecollector/deleteWithPropagation.js";
import {
  GARBAGE_COLLECTOR_CONTROLLER,
  garbageCollectorController,
} from "../../core/src/controllers/garbagecollector/garbageCollectorController.js";
import { createCluster } from "../src/index.js";

/** `metav1.OwnerReference` (the kubesim package does not depend on kubernetes-types). */
interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

function setup(seed = 1) {
  const cluster = createCluster({ seed, nodes: 2, controlPlane: false });
  cluster.sim.addController(garbageCollectorController());
  cluster.sim.settle();
  return cluster.sim;
}

const template = (app: string) => ({
  metadata: { labels: { app } },
  spec: { containers: [{ name: "c", image: "nginx" }] },
});

function deployment(sim: Simulation, name: string): KubeObject {
  return sim.store.create({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: "default" },
    spec: { replicas: 2, selector: { matchLabels: { app: name } }, template: template(name) },
  });
}

function replicaSet(sim: Simulation, name: string, owner?: KubeObject): KubeObject {
  return sim.store.create({
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: { name, namespace: "default", ...(owner ? { ownerReferences: [controllerRef(owner)] } : {}) },
    spec: { replicas: 2, selector: { matchLabels: { app: name } }, template: template(name) },
  });
}

/** The reference a controller puts on what it creates (`metav1.NewControllerRef`). */
function controllerRef(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion,
    kind: owner.kind,
    name: owner.metadata.name!,
    uid: owner.metadata.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}

function pod(sim: Simulation, name: string, owners: OwnerReference[], nodeName?: string): KubeObject {
  return sim.store.create({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default", ...(owners.length ? { ownerReferences: owners } : {}) },
    spec: { containers: [{ name: "c", image: "nginx" }], ...(nodeName ? { nodeName } : {}) },
  });
}

const names = (sim: Simulation, kind: string) =>
  sim.store.list(kind, { namespace: "default" }).map((o) => o.metadata.name);
const get = (sim: Simulation, kind: string, name: string) => sim.store.get(kind, "default", name);
const ref = (kind: string, name: string) => ({ kind, namespace: "default", name });

describe("garbage collector", () => {
  it("deletes the dependents of a deleted owner (background cascading), through every level", () => {
    const sim = setup();
    const deploy = deployment(sim, "web");
    const rs = replicaSet(sim, "web-5d4f8c9b7", deploy);
    pod(sim, "web-5d4f8c9b7-abcde", [controllerRef(rs)]);
    pod(sim, "web-5d4f8c9b7-fghij", [controllerRef(rs)]);
    const other = replicaSet(sim, "other");
    pod(sim, "other-1", [controllerRef(other)]);
    sim.settle();
    expect(names(sim, "Pod")).toEqual(["other-1", "web-5d4f8c9b7-abcde", "web-5d4f8c9b7-fghij"]);

    sim.store.delete(ref("Deployment", "web"));
    sim.advance(0);
    expect(names(sim, "Deployment")).toEqual([]);
    expect(names(sim, "ReplicaSet")).toEqual(["other"]);
    expect(names(sim, "Pod")).toEqual(["other-1"]);
  });

  it("deletes an object whose owner does not exist, or exists with another uid", () => {
    const sim = setup();
    const rs = replicaSet(sim, "web");
    pod(sim, "orphaned", [{ ...controllerRef(rs), name: "never-existed" }]);
    pod(sim, "stale-uid", [{ ...controllerRef(rs), uid: "00000000-0000-0000-0000-000000000000" }]);
    pod(sim, "owned", [controllerRef(rs)]);
    sim.advance(0);
    expect(names(sim, "Pod")).toEqual(["owned"]);
  });

  it("follows an update that moves a dependent to another owner, and ignores status updates", () => {
    const sim = setup();
    const a = replicaSet(sim, "a");
    const b = replicaSet(sim, "b");
    pod(sim, "moved", [controllerRef(a)]);
    sim.advance(0);
    sim.store.mutate(ref("Pod", "moved"), (d) => {
      d.metadata.ownerReferences = [controllerRef(b)];
    });
    sim.store.mutate(ref("Pod", "moved"), (d) => {
      d.status = { phase: "Running" };
    });
    sim.advance(0);
    // Its old owner's deletion leaves it; its new owner's takes it.
    sim.store.delete(ref("ReplicaSet", "a"));
    sim.advance(0);
    expect(names(sim, "Pod")).toEqual(["moved"]);
    sim.store.delete(ref("ReplicaSet", "b"));
    sim.advance(0);
    expect(names(sim, "Pod")).toEqual([]);
  });

  it("only drops the reference to a gone owner when another owner remains", () => {
    const sim = setup();
    const a = sim.store.create({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "a", namespace: "default" },
    });
    const b = sim.store.create({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "b", namespace: "default" },
    });
    const refA = { apiVersion: "v1", kind: "ConfigMap", name: "a", uid: a.metadata.uid! };
    const refB = { apiVersion: "v1", kind: "ConfigMap", name: "b", uid: b.metadata.uid! };
    sim.store.create({
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "shared", namespace: "default", ownerReferences: [refA, refB] },
    });
    sim.advance(0);
    sim.store.delete(ref("ConfigMap", "a"));
    sim.advance(0);
    expect(get(sim, "Secret", "shared")!.metadata.ownerReferences).toEqual([refB]);
    sim.store.delete(ref("ConfigMap", "b"));
    sim.advance(0);
    expect(get(sim, "Secret", "shared")).toBeUndefined();
  });

  it("orphans: the owner goes, its dependents stay without the ownerReference (--cascade=orphan)", () => {
    const sim = setup();
    const rs = replicaSet(sim, "web");
    const keep: OwnerReference = {
      apiVersion: "v1",
      kind: "Node",
      name: "kubesim-worker",
      uid: sim.store.get("Node", "", "kubesim-worker")!.metadata.uid!,
    };
    pod(sim, "web-1", [controllerRef(rs)]);
    pod(sim, "web-2", [controllerRef(rs), keep]);
    sim.advance(0);
    sim.store.transaction((tx) => deleteWithPropagation(tx, ref("ReplicaSet", "web"), "Orphan"));
    expect(get(sim, "ReplicaSet", "web")!.metadata.finalizers).toEqual(["orphan"]);
    sim.advance(0);
    expect(get(sim, "ReplicaSet", "web")).toBeUndefined();
    expect(names(sim, "Pod")).toEqual(["web-1", "web-2"]);
    expect(get(sim, "Pod", "web-1")!.metadata.ownerReferences).toBeUndefined();
    expect(get(sim, "Pod", "web-2")!.metadata.ownerReferences).toEqual([keep]);
  });

  it("foreground: the owner waits, with the foregroundDeletion finalizer, until its blocking dependents are gone", () => {
    const sim = setup();
    const rs = replicaSet(sim, "web");
    pod(sim, "web-1", [controllerRef(rs)], "kubesim-worker");
    pod(sim, "web-2", [controllerRef(rs)]);
    sim.advance(0);
    sim.store.transaction((tx) => deleteWithPropagation(tx, ref("ReplicaSet", "web"), "Foreground"));
    sim.advance(0);
    // web-2 was never scheduled and went at once; web-1 terminates gracefully on its node.
    expect(names(sim, "Pod")).toEqual(["web-1"]);
    expect(get(sim, "Pod", "web-1")!.metadata.deletionTimestamp).toBeDefined();
    const owner = get(sim, "ReplicaSet", "web")!;
    expect(owner.metadata.finalizers).toEqual(["foregroundDeletion"]);
    expect(owner.metadata.deletionTimestamp).toBeDefined();
    // The kubelet finishes the pod (a delete with grace period 0); then the owner goes.
    sim.store.delete(ref("Pod", "web-1"), { gracePeriodSeconds: 0 });
    sim.advance(0);
    expect(get(sim, "ReplicaSet", "web")).toBeUndefined();
  });

  it("leaves owned objects alone while their owners exist", () => {
    const sim = setup();
    const rs = replicaSet(sim, "web");
    pod(sim, "web-1", [controllerRef(rs)]);
    const before = sim.store.resourceVersion;
    sim.advance(60_000);
    expect(names(sim, "Pod")).toEqual(["web-1"]);
    expect(sim.store.resourceVersion).toBe(before);
  });

  it("looks up a deleted owner's dependents by uid, without scanning other objects", () => {
    const sim = setup();
    const big = replicaSet(sim, "big");
    sim.store.transaction((tx) => {
      for (let i = 0; i < 300; i++) {
        tx.create({
          apiVersion: "v1",
          kind: "Pod",
          metadata: { name: `big-${i}`, namespace: "default", ownerReferences: [controllerRef(big)] },
          spec: { containers: [{ name: "c", image: "nginx" }] },
        });
      }
    });
    const small = replicaSet(sim, "small");
    pod(sim, "small-1", [controllerRef(small)]);
    sim.settle();
    const reconciled: string[] = [];
    sim.inspector.on("event", (e) => {
      if (e.type === "reconcile" && e.controller === GARBAGE_COLLECTOR_CONTROLLER) reconciled.push(e.key);
    });
    sim.store.delete(ref("ReplicaSet", "small"));
    sim.advance(0);
    expect(get(sim, "Pod", "small-1")).toBeUndefined();
    // The dependent, then its (gone) owner, which a dependent's removal wakes in case it waits for it.
    expect(reconciled).toEqual(["Pod/default/small-1", "ReplicaSet/default/small"]);
  });

  it("is deterministic: the same seed and deletions give the same event log", () => {
    const run = () => {
      const sim = setup(5);
      const deploy = deployment(sim, "web");
      const rs = replicaSet(sim, "web-abc", deploy);
      for (let i = 0; i < 5; i++)
        pod(sim, `web-abc-${i}`, [controllerRef(rs)], i % 2 ? "kubesim-worker" : undefined);
      sim.advance(1000);
      sim.store.transaction((tx) => deleteWithPropagation(tx, ref("Deployment", "web"), "Foreground"));
      sim.advance(1000);
      for (const p of sim.store.list("Pod", { namespace: "default" })) {
        sim.store.delete(ref("Pod", p.metadata.name!), { gracePeriodSeconds: 0 });
      }
      sim.settle();
      expect([...names(sim, "Deployment"), ...names(sim, "ReplicaSet"), ...names(sim, "Pod")]).toEqual([]);
      return JSON.stringify(sim.store.eventLog());
    };
    expect(run()).toBe(run());
  });
});

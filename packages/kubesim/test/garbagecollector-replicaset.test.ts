/**
 * The garbage collector with the ReplicaSet controller: `kubectl delete rs` (background cascading)
 * removes the pods the ReplicaSet created; `--cascade=orphan` leaves them running, unowned.
 */
import type { KubeObject } from "@kubesim/core";
import { describe, expect, it } from "vitest";
import { deleteWithPropagation } from "../../core/src/controllers/garbagecollector/deleteWithPropagation.js";
import { garbageCollectorController } from "../../core/src/controllers/garbagecollector/garbageCollectorController.js";
import { replicaSetController } from "../../core/src/controllers/replicaset/index.js";
import { createCluster } from "../src/index.js";

function setup() {
  const { sim } = createCluster({ seed: 2, nodes: 2, controlPlane: false });
  sim.addController(replicaSetController());
  sim.addController(garbageCollectorController());
  sim.store.create({
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: { name: "web", namespace: "default" },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: "web" } },
      template: {
        metadata: { labels: { app: "web" } },
        spec: { containers: [{ name: "c", image: "nginx" }] },
      },
    },
  } as KubeObject);
  sim.settle();
  return sim;
}

describe("garbage collector with the ReplicaSet controller", () => {
  it("deletes a ReplicaSet's pods when the ReplicaSet is deleted", () => {
    const sim = setup();
    expect(sim.store.list("Pod", { namespace: "default" })).toHaveLength(3);
    sim.store.delete({ kind: "ReplicaSet", namespace: "default", name: "web" });
    expect(sim.settle()).toBe(true);
    expect(sim.store.list("Pod", { namespace: "default" })).toEqual([]);
  });

  it("keeps the pods, without ownerReferences, when the ReplicaSet is deleted with --cascade=orphan", () => {
    const sim = setup();
    const before = sim.store.list("Pod", { namespace: "default" }).map((p) => p.metadata.name);
    sim.store.transaction((tx) =>
      deleteWithPropagation(tx, { kind: "ReplicaSet", namespace: "default", name: "web" }, "Orphan"),
    );
    expect(sim.settle()).toBe(true);
    expect(sim.store.get("ReplicaSet", "default", "web")).toBeUndefined();
    const after = sim.store.list("Pod", { namespace: "default" });
    expect(after.map((p) => p.metadata.name)).toEqual(before);
    expect(after.every((p) => p.metadata.ownerReferences === undefined)).toBe(true);
  });
});

/**
 * The merge-key table, list by list: each row patches a two-item list with one item and says
 * what kubectl v1.32.4 did with it (`kubectl patch --local`): merge by a key, merge as a set of
 * scalars, or replace the list.
 */
import { describe, expect, it } from "vitest";
import type { JsonObject, JsonValue } from "./_internal/jsonValue.js";
import { patchMetaFor } from "./patchMetaFor.js";
import { strategicMergePatch } from "./strategicMergePatch.js";

type Behaviour = { merge: string } | "set" | "replace";

const ROWS: readonly [apiVersion: string, kind: string, path: string, behaviour: Behaviour][] = [
  ["v1", "Pod", "spec.containers", { merge: "name" }],
  ["v1", "Pod", "spec.initContainers", { merge: "name" }],
  ["v1", "Pod", "spec.ephemeralContainers", { merge: "name" }],
  ["v1", "Pod", "spec.volumes", { merge: "name" }],
  ["v1", "Pod", "spec.imagePullSecrets", { merge: "name" }],
  ["v1", "Pod", "spec.hostAliases", { merge: "ip" }],
  ["v1", "Pod", "spec.topologySpreadConstraints", { merge: "topologyKey" }],
  ["v1", "Pod", "spec.resourceClaims", { merge: "name" }],
  ["v1", "Pod", "spec.schedulingGates", { merge: "name" }],
  ["v1", "Pod", "spec.tolerations", "replace"],
  ["v1", "Pod", "spec.readinessGates", "replace"],
  ["v1", "Pod", "status.conditions", { merge: "type" }],
  ["v1", "Pod", "status.podIPs", { merge: "ip" }],
  ["v1", "Pod", "status.hostIPs", { merge: "ip" }],
  ["v1", "Pod", "status.containerStatuses", "replace"],
  ["v1", "Pod", "metadata.finalizers", "set"],
  ["v1", "Pod", "metadata.ownerReferences", { merge: "uid" }],
  ["v1", "Service", "spec.ports", { merge: "port" }],
  ["v1", "Service", "status.conditions", { merge: "type" }],
  ["v1", "Service", "status.loadBalancer.ingress", "replace"],
  ["v1", "Node", "spec.podCIDRs", "set"],
  ["v1", "Node", "spec.taints", "replace"],
  ["v1", "Node", "status.addresses", { merge: "type" }],
  ["v1", "Node", "status.conditions", { merge: "type" }],
  ["v1", "Namespace", "status.conditions", { merge: "type" }],
  ["v1", "Namespace", "spec.finalizers", "replace"],
  ["v1", "ServiceAccount", "secrets", { merge: "name" }],
  ["v1", "ServiceAccount", "imagePullSecrets", "replace"],
  ["v1", "Endpoints", "subsets", "replace"],
  ["v1", "ReplicationController", "spec.template.spec.containers", { merge: "name" }],
  ["v1", "ReplicationController", "status.conditions", { merge: "type" }],
  ["apps/v1", "Deployment", "spec.template.spec.containers", { merge: "name" }],
  ["apps/v1", "Deployment", "spec.selector.matchExpressions", "replace"],
  ["apps/v1", "Deployment", "status.conditions", { merge: "type" }],
  ["apps/v1", "ReplicaSet", "spec.template.spec.containers", { merge: "name" }],
  ["apps/v1", "DaemonSet", "spec.template.spec.containers", { merge: "name" }],
  ["apps/v1", "StatefulSet", "spec.template.spec.containers", { merge: "name" }],
  ["apps/v1", "StatefulSet", "spec.volumeClaimTemplates", "replace"],
  ["apps/v1", "StatefulSet", "status.conditions", { merge: "type" }],
  ["discovery.k8s.io/v1", "EndpointSlice", "endpoints", "replace"],
  ["networking.k8s.io/v1", "NetworkPolicy", "spec.ingress", "replace"],
  ["networking.k8s.io/v1", "Ingress", "spec.rules", "replace"],
  ["networking.k8s.io/v1", "Ingress", "spec.tls", "replace"],
];

function at(path: string, value: JsonValue): JsonObject {
  return path
    .split(".")
    .reverse()
    .reduce<JsonValue>((inner, key) => ({ [key]: inner }), value) as JsonObject;
}

function get(obj: JsonValue, path: string): JsonValue | undefined {
  return path.split(".").reduce<JsonValue | undefined>((o, k) => (o as JsonObject | undefined)?.[k], obj);
}

describe("patchMetaFor", () => {
  it.each(ROWS)("%s %s %s: %j", (apiVersion, kind, path, behaviour) => {
    const meta = patchMetaFor(apiVersion, kind)!;
    const base = { apiVersion, kind, metadata: { name: "x" } };
    if (behaviour === "set") {
      const live = { ...base, ...at(path, ["a", "b"]) };
      const out = strategicMergePatch(live, at(path, ["c"]), meta);
      expect(get(out, path)).toEqual(["c", "a", "b"]);
      return;
    }
    const key = behaviour === "replace" ? "k" : behaviour.merge;
    const live = { ...base, ...at(path, [{ [key]: "1", v: "old" }, { [key]: "2" }]) };
    const out = strategicMergePatch(live, at(path, [{ [key]: "1", w: "new" }]), meta);
    expect(get(out, path)).toEqual(
      behaviour === "replace"
        ? [{ [key]: "1", w: "new" }]
        : [{ [key]: "1", v: "old", w: "new" }, { [key]: "2" }],
    );
  });

  it("has no metadata for custom resources, which take no strategic merge patch", () => {
    expect(patchMetaFor("metallb.io/v1beta1", "IPAddressPool")).toBeUndefined();
    expect(patchMetaFor("v1", "Deployment")).toBeUndefined();
  });
});

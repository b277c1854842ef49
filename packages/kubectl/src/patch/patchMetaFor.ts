/**
 * The strategic-merge-patch metadata of the built-in kinds kubesim serves: which lists merge by
 * key (and by which key), which merge as sets of scalars, which structs clear unmentioned keys
 * (`retainKeys`). Everything else follows the defaults: objects merge field by field, lists are
 * replaced whole.
 *
 * Source: the `patchStrategy` / `patchMergeKey` struct tags of k8s.io/api v0.32
 * (core/v1/types.go, apps/v1/types.go, meta/v1/types.go in k8s.io/apimachinery), which the API
 * server reads through `strategicpatch.NewPatchMetaFromStruct` and which the OpenAPI schema
 * publishes as `x-kubernetes-patch-strategy` / `x-kubernetes-patch-merge-key`. Every entry was
 * checked against `kubectl patch --local` v1.32.4 (which applies patches with the same library);
 * so were the lists deliberately absent here (tolerations, taints, readinessGates, resizePolicy,
 * envFrom, resources.claims, EndpointSlice endpoints, NetworkPolicy rules, Ingress rules and TLS,
 * Endpoints subsets, Service loadBalancer ingress, Namespace spec.finalizers,
 * ServiceAccount imagePullSecrets, StatefulSet volumeClaimTemplates are all replaced whole).
 */

/** One `patchStrategy` value. */
export type PatchStrategy = "merge" | "replace" | "retainKeys";

/** The patch metadata of a struct type: its fields that have any. */
export interface PatchMeta {
  readonly fields: { readonly [field: string]: FieldPatchMeta };
}

/** A field's `patchStrategy` (possibly two, `merge,retainKeys`), `patchMergeKey` and type. */
export interface FieldPatchMeta {
  readonly strategies?: readonly PatchStrategy[];
  /** For lists of objects merged by key: the key field. Lists of scalars merge without one. */
  readonly mergeKey?: string;
  /** The field's struct type (for a list, its elements' type), where it has patch metadata. */
  readonly type?: PatchMeta;
}

/** A type without any patch metadata: maps (labels, data), and structs whose fields have none. */
export const NO_PATCH_META: PatchMeta = { fields: {} };

const mergeBy = (mergeKey: string, type?: PatchMeta): FieldPatchMeta =>
  type ? { strategies: ["merge"], mergeKey, type } : { strategies: ["merge"], mergeKey };
const conditions = mergeBy("type");

/** metav1.ObjectMeta: `finalizers` merge as a set, `ownerReferences` by uid. */
const OBJECT_META: PatchMeta = {
  fields: { finalizers: { strategies: ["merge"] }, ownerReferences: mergeBy("uid") },
};

/** core/v1 Container and EphemeralContainerCommon. */
const CONTAINER: PatchMeta = {
  fields: {
    ports: mergeBy("containerPort"),
    env: mergeBy("name"),
    volumeMounts: mergeBy("mountPath"),
    volumeDevices: mergeBy("devicePath"),
  },
};

/** core/v1 PodSpec. */
const POD_SPEC: PatchMeta = {
  fields: {
    volumes: { strategies: ["merge", "retainKeys"], mergeKey: "name" },
    initContainers: mergeBy("name", CONTAINER),
    containers: mergeBy("name", CONTAINER),
    ephemeralContainers: mergeBy("name", CONTAINER),
    imagePullSecrets: mergeBy("name"),
    hostAliases: mergeBy("ip"),
    topologySpreadConstraints: mergeBy("topologyKey"),
    resourceClaims: { strategies: ["merge", "retainKeys"], mergeKey: "name" },
    schedulingGates: mergeBy("name"),
  },
};

/** core/v1 PodStatus. */
const POD_STATUS: PatchMeta = {
  fields: {
    conditions,
    podIPs: mergeBy("ip"),
    hostIPs: mergeBy("ip"),
    resourceClaimStatuses: { strategies: ["merge", "retainKeys"], mergeKey: "name" },
  },
};

const POD_TEMPLATE_SPEC: PatchMeta = {
  fields: { metadata: { type: OBJECT_META }, spec: { type: POD_SPEC } },
};

/** A status whose only patch metadata is `conditions` merged by type. */
const CONDITIONS_STATUS: PatchMeta = { fields: { conditions } };

/** An object with metadata, the given spec and status types. */
function kind(spec?: PatchMeta, status?: PatchMeta, extra: PatchMeta["fields"] = {}): PatchMeta {
  return {
    fields: {
      metadata: { type: OBJECT_META },
      ...(spec ? { spec: { type: spec } } : {}),
      ...(status ? { status: { type: status } } : {}),
      ...extra,
    },
  };
}

/** A workload spec with a pod template (ReplicationController, ReplicaSet, DaemonSet, StatefulSet). */
const TEMPLATE_SPEC: PatchMeta = { fields: { template: { type: POD_TEMPLATE_SPEC } } };

const BY_KIND: { readonly [apiVersionKind: string]: PatchMeta } = {
  "v1/Namespace": kind(undefined, CONDITIONS_STATUS),
  "v1/Node": kind(
    { fields: { podCIDRs: { strategies: ["merge"] } } },
    { fields: { conditions, addresses: mergeBy("type") } },
  ),
  "v1/Pod": kind(POD_SPEC, POD_STATUS),
  "v1/Service": kind({ fields: { ports: mergeBy("port") } }, CONDITIONS_STATUS),
  "v1/Endpoints": kind(),
  "v1/ConfigMap": kind(),
  "v1/Secret": kind(),
  "v1/ServiceAccount": kind(undefined, undefined, { secrets: mergeBy("name") }),
  "v1/Event": kind(),
  "v1/ReplicationController": kind(TEMPLATE_SPEC, CONDITIONS_STATUS),
  "apps/v1/Deployment": kind(
    { fields: { template: { type: POD_TEMPLATE_SPEC }, strategy: { strategies: ["retainKeys"] } } },
    CONDITIONS_STATUS,
  ),
  "apps/v1/ReplicaSet": kind(TEMPLATE_SPEC, CONDITIONS_STATUS),
  "apps/v1/DaemonSet": kind(TEMPLATE_SPEC, CONDITIONS_STATUS),
  "apps/v1/StatefulSet": kind(TEMPLATE_SPEC, CONDITIONS_STATUS),
  "discovery.k8s.io/v1/EndpointSlice": kind(),
  "networking.k8s.io/v1/NetworkPolicy": kind(),
  "networking.k8s.io/v1/Ingress": kind(),
  "networking.k8s.io/v1/IngressClass": kind(),
};

/**
 * The patch metadata of a built-in kind, or undefined for kinds the API server has no Go type for
 * (custom resources such as MetalLB's), which do not accept strategic merge patches.
 *
 * @param apiVersion - e.g. `apps/v1`.
 * @param kind - e.g. `Deployment`.
 */
export function patchMetaFor(apiVersion: string, kind: string): PatchMeta | undefined {
  return BY_KIND[`${apiVersion}/${kind}`];
}

/** What a field lookup yields: the field's type (or {@link NO_PATCH_META}), strategies and merge key. */
export interface FieldLookup {
  readonly meta: PatchMeta;
  readonly strategies: readonly PatchStrategy[];
  readonly mergeKey: string;
}

/** The metadata of `field` in `meta`; fields without any get the defaults. */
export function lookupField(meta: PatchMeta, field: string): FieldLookup {
  const f = Object.hasOwn(meta.fields, field) ? meta.fields[field] : undefined;
  return { meta: f?.type ?? NO_PATCH_META, strategies: f?.strategies ?? [], mergeKey: f?.mergeKey ?? "" };
}

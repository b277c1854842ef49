import type { ObjectMeta } from "kubernetes-types/meta/v1.js";

/**
 * Any Kubernetes API object as the store holds it: plain, JSON-serialisable data in the
 * apiVersion/kind/metadata/spec/status shape. Typed views (Pod, Service, ...) come from
 * `kubernetes-types`; the store itself only relies on these fields.
 */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

/** Identifies one object: its kind, its namespace ("" for cluster-scoped kinds) and its name. */
export interface ObjectRef {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

/** `kind/namespace/name` (`kind//name` for cluster-scoped objects): the store's key of an object. */
export function refKey(ref: ObjectRef): string {
  return `${ref.kind}/${ref.namespace}/${ref.name}`;
}

/** The {@link ObjectRef} of an object. */
export function refOf(obj: KubeObject): ObjectRef {
  return { kind: obj.kind, namespace: obj.metadata.namespace ?? "", name: obj.metadata.name ?? "" };
}

export type { ObjectMeta };

/**
 * The API resource types kubesim serves, as `kubectl api-resources` lists them: how a kind is
 * named on the command line (plural, singular, short names), its group and version, and
 * whether it lives in a namespace. kubectl resolves `po`, `pods`, `pod`, `deploy`,
 * `deployments.apps` through this table; the store uses it to know which kinds are namespaced.
 */
export interface ResourceType {
  /** The kind, e.g. `Deployment`. */
  readonly kind: string;
  /** The API group, "" for the core group. */
  readonly group: string;
  /** The preferred version, e.g. `v1`. */
  readonly version: string;
  /** Lower-case plural resource name, e.g. `deployments`. */
  readonly plural: string;
  /** Lower-case singular name, e.g. `deployment`. */
  readonly singular: string;
  readonly shortNames: readonly string[];
  readonly namespaced: boolean;
  /** Categories such as `all` (what `kubectl get all` lists). */
  readonly categories: readonly string[];
  /** Whether the API server sets `metadata.generation` and bumps it when the spec changes. */
  readonly tracksGeneration: boolean;
  /**
   * Whether the type has a status subresource: updates of the main resource then keep the
   * stored status, and status updates keep everything else (the registries' PrepareForUpdate).
   */
  readonly hasStatus: boolean;
}

/** `group/version`, or just `version` for the core group: the `apiVersion` of objects of this type. */
export function apiVersionOf(type: ResourceType): string {
  return type.group ? `${type.group}/${type.version}` : type.version;
}

interface TypeTraits {
  shortNames?: string[];
  categories?: string[];
  generation?: boolean;
  status?: boolean;
}

function rt(
  kind: string,
  group: string,
  version: string,
  plural: string,
  namespaced: boolean,
  traits: TypeTraits = {},
): ResourceType {
  return {
    kind,
    group,
    version,
    plural,
    singular: kind.toLowerCase(),
    shortNames: traits.shortNames ?? [],
    namespaced,
    categories: traits.categories ?? [],
    tracksGeneration: traits.generation ?? false,
    hasStatus: traits.status ?? false,
  };
}

const ALL = ["all"];

/**
 * The built-in resource types, with names, short names and categories as the API server's
 * discovery reports them (K8s pkg/registry/<group>/<resource>/storage `ShortNames()` and
 * `Categories()`; MetalLB's CRDs for metallb.io).
 */
export const BUILTIN_RESOURCE_TYPES: readonly ResourceType[] = [
  rt("Namespace", "", "v1", "namespaces", false, { shortNames: ["ns"], status: true }),
  rt("Node", "", "v1", "nodes", false, { shortNames: ["no"], status: true }),
  rt("Pod", "", "v1", "pods", true, { shortNames: ["po"], categories: ALL, status: true }),
  rt("Service", "", "v1", "services", true, { shortNames: ["svc"], categories: ALL, status: true }),
  rt("Endpoints", "", "v1", "endpoints", true, { shortNames: ["ep"] }),
  rt("ConfigMap", "", "v1", "configmaps", true, { shortNames: ["cm"] }),
  rt("Secret", "", "v1", "secrets", true),
  rt("ServiceAccount", "", "v1", "serviceaccounts", true, { shortNames: ["sa"] }),
  rt("Event", "", "v1", "events", true, { shortNames: ["ev"] }),
  rt("ReplicationController", "", "v1", "replicationcontrollers", true, {
    shortNames: ["rc"],
    categories: ALL,
    generation: true,
    status: true,
  }),
  rt("Deployment", "apps", "v1", "deployments", true, {
    shortNames: ["deploy"],
    categories: ALL,
    generation: true,
    status: true,
  }),
  rt("ReplicaSet", "apps", "v1", "replicasets", true, {
    shortNames: ["rs"],
    categories: ALL,
    generation: true,
    status: true,
  }),
  rt("DaemonSet", "apps", "v1", "daemonsets", true, {
    shortNames: ["ds"],
    categories: ALL,
    generation: true,
    status: true,
  }),
  rt("StatefulSet", "apps", "v1", "statefulsets", true, {
    shortNames: ["sts"],
    categories: ALL,
    generation: true,
    status: true,
  }),
  rt("EndpointSlice", "discovery.k8s.io", "v1", "endpointslices", true, { generation: true }),
  rt("NetworkPolicy", "networking.k8s.io", "v1", "networkpolicies", true, {
    shortNames: ["netpol"],
    generation: true,
  }),
  rt("Ingress", "networking.k8s.io", "v1", "ingresses", true, {
    shortNames: ["ing"],
    generation: true,
    status: true,
  }),
  rt("IngressClass", "networking.k8s.io", "v1", "ingressclasses", false, { generation: true }),
  rt("IPAddress", "networking.k8s.io", "v1", "ipaddresses", false, { shortNames: ["ip"] }),
  rt("ServiceCIDR", "networking.k8s.io", "v1", "servicecidrs", false, { status: true }),
  // Internal to kubesim (the NodePort allocator's bitmap, like Kubernetes' RangeAllocation in etcd).
  rt("RangeAllocation", "kubesim.io", "v1", "rangeallocations", false),
  rt("IPAddressPool", "metallb.io", "v1beta1", "ipaddresspools", true, { generation: true, status: true }),
  rt("L2Advertisement", "metallb.io", "v1beta1", "l2advertisements", true, {
    generation: true,
    status: true,
  }),
];

/** Looks resource types up by every name kubectl accepts for them. */
export class ResourceRegistry {
  readonly #types: ResourceType[] = [];
  readonly #byKind = new Map<string, ResourceType>();
  readonly #byName = new Map<string, ResourceType[]>();

  constructor(types: readonly ResourceType[] = BUILTIN_RESOURCE_TYPES) {
    for (const t of types) this.register(t);
  }

  /** Adds a resource type (for example a custom resource). */
  register(type: ResourceType): void {
    if (this.#byKind.has(type.kind)) throw new Error(`ResourceRegistry: kind ${type.kind} registered twice`);
    this.#types.push(type);
    this.#byKind.set(type.kind, type);
    const names = new Set([type.plural, type.singular, type.kind.toLowerCase(), ...type.shortNames]);
    if (type.group) {
      for (const n of [type.plural, type.singular]) {
        names.add(`${n}.${type.group}`);
        names.add(`${n}.${type.version}.${type.group}`);
      }
    }
    for (const n of names) {
      const list = this.#byName.get(n) ?? [];
      list.push(type);
      this.#byName.set(n, list);
    }
  }

  /** The type of a kind (`Deployment`), or undefined. */
  byKind(kind: string): ResourceType | undefined {
    return this.#byKind.get(kind);
  }

  /** The type of a kind, throwing when the kind is unknown (an internal invariant, not user input). */
  mustByKind(kind: string): ResourceType {
    const t = this.#byKind.get(kind);
    if (!t) throw new Error(`ResourceRegistry: unknown kind ${kind}`);
    return t;
  }

  /**
   * Resolves a name as typed on the command line (`po`, `pods`, `Pod`, `deployments.apps`)
   * case-insensitively, the way kubectl's RESTMapper does. Returns undefined when nothing matches.
   */
  resolve(name: string): ResourceType | undefined {
    return this.#byName.get(name.toLowerCase())?.[0];
  }

  /** The type of an apiVersion/kind pair from a manifest, or undefined if no such kind in that version. */
  byApiVersionKind(apiVersion: string, kind: string): ResourceType | undefined {
    const t = this.#byKind.get(kind);
    if (!t) return undefined;
    return apiVersionOf(t) === apiVersion ? t : undefined;
  }

  /** The types in a category (`all`), in registration order. */
  category(name: string): ResourceType[] {
    return this.#types.filter((t) => t.categories.includes(name));
  }

  /** Every registered type, in registration order. */
  all(): readonly ResourceType[] {
    return this.#types;
  }
}

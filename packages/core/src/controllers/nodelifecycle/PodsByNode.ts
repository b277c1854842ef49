import type { KubeObject } from "../../api/KubeObject.js";
import type { WatchEvent } from "../../store/ObjectStore.js";

/**
 * Pods by `spec.nodeName`: the `spec.nodeName` indexer that kube-controller-manager adds to its
 * pod informer (`controller.AddPodNodeNameIndexer`). The store indexes labels only, and listing
 * every pod of the cluster to find one node's would make a node failure cost grow with the
 * cluster; so each controller that needs it keeps this derived index, fed by its own pod watch
 * (the store delivers existing pods as ADDED when the controller is added, so it starts complete).
 */
export class PodsByNode {
  readonly #byNode = new Map<string, Set<string>>();
  readonly #nodeOf = new Map<string, string>();

  /** Applies a pod watch event; returns the pod's node before and after (`""` when unbound or gone). */
  observe(event: WatchEvent): { before: string; after: string } {
    const key = podKey(event.object);
    const before = this.#nodeOf.get(key) ?? "";
    const after = event.type === "DELETED" ? "" : nodeNameOf(event.object);
    if (before !== after) {
      if (before) {
        const set = this.#byNode.get(before);
        set?.delete(key);
        if (set?.size === 0) this.#byNode.delete(before);
      }
      if (after) {
        const set = this.#byNode.get(after) ?? new Set<string>();
        this.#byNode.set(after, set);
        set.add(key);
        this.#nodeOf.set(key, after);
      } else {
        this.#nodeOf.delete(key);
      }
    }
    return { before, after };
  }

  /** The `namespace/name` keys of the pods bound to `node`, sorted (for a deterministic order). */
  podsOn(node: string): string[] {
    return [...(this.#byNode.get(node) ?? [])].sort();
  }
}

/** `namespace/name` of a pod. */
export function podKey(pod: KubeObject): string {
  return `${pod.metadata.namespace ?? ""}/${pod.metadata.name ?? ""}`;
}

/** A pod's `spec.nodeName`, `""` when unbound. */
export function nodeNameOf(pod: KubeObject): string {
  return (pod.spec as { nodeName?: string } | undefined)?.nodeName ?? "";
}

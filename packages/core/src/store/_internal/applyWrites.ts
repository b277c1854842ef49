import type { KubeObject } from "../../api/KubeObject.js";
import type { NamespaceShard, StoreState } from "../ObjectStore.js";
import {
  EMPTY_SHARDED_MAP,
  emptyShardedMap,
  type ShardedMap,
  ShardedMapEditor,
  shardedMapGet,
} from "../ShardedMap.js";

/** One write to apply: the object to store under kind, namespace and name, or undefined to remove it. */
export interface StateWrite {
  readonly kind: string;
  /** "" for cluster-scoped kinds. */
  readonly namespace: string;
  readonly name: string;
  readonly object: KubeObject | undefined;
}

/**
 * The state after `writes` (in order; a later write of the same object wins), stamped with
 * `resourceVersion`. `state` is not changed: the result shares every branch the writes did not
 * touch, and copies each touched node once however many writes go through it. Everything new is
 * frozen shallowly (the objects written are expected frozen already), so the cost of a write does
 * not depend on how many objects the state holds.
 */
export function applyWrites(
  state: StoreState,
  writes: Iterable<StateWrite>,
  resourceVersion: number,
): StoreState {
  const editors = new Map<string, Map<string, ShardedMapEditor>>();
  for (const { kind, namespace, name, object } of writes) {
    let byNs = editors.get(kind);
    if (!byNs) {
      byNs = new Map();
      editors.set(kind, byNs);
    }
    let editor = byNs.get(namespace);
    if (!editor) {
      const byNsState = state.kinds[kind];
      const shard = byNsState && shardedMapGet(byNsState, namespace);
      editor = new ShardedMapEditor(shard?.objects ?? EMPTY_SHARDED_MAP);
      byNs.set(namespace, editor);
    }
    if (object) editor.set(name, object);
    else editor.delete(name);
  }
  const kinds: { [kind: string]: ShardedMap<NamespaceShard> } = { ...state.kinds };
  for (const [kind, byNs] of editors) {
    const namespaces = new ShardedMapEditor(state.kinds[kind] ?? emptyShardedMap<NamespaceShard>());
    for (const [namespace, editor] of byNs)
      namespaces.set(
        namespace,
        Object.freeze({ metadata: Object.freeze({ name: namespace }), objects: editor.finish() }),
      );
    kinds[kind] = namespaces.finish();
  }
  return Object.freeze({ resourceVersion, kinds: Object.freeze(kinds) });
}

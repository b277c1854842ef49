import type { KubeObject } from "../../api/KubeObject.js";
import type { StoreState } from "../ObjectStore.js";
import { EMPTY_SHARDED_MAP, type ShardedMap, ShardedMapEditor } from "../ShardedMap.js";

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
      editor = new ShardedMapEditor(state.kinds[kind]?.[namespace] ?? EMPTY_SHARDED_MAP);
      byNs.set(namespace, editor);
    }
    if (object) editor.set(name, object);
    else editor.delete(name);
  }
  const kinds: { [kind: string]: { readonly [namespace: string]: ShardedMap } } = { ...state.kinds };
  for (const [kind, byNs] of editors) {
    const maps: { [namespace: string]: ShardedMap } = { ...state.kinds[kind] };
    for (const [namespace, editor] of byNs) maps[namespace] = editor.finish();
    kinds[kind] = Object.freeze(maps);
  }
  return Object.freeze({ resourceVersion, kinds: Object.freeze(kinds) });
}

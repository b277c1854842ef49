import { produce } from "immer";
import type { EventLogEntry, StoreState } from "./ObjectStore.js";
import { type DraftShardedMap, shardedMapDelete, shardedMapSet } from "./ShardedMap.js";

/**
 * Rebuilds the store state an event log leads to, by applying its changes in order: replay a
 * saved log into `store.restore(replayEventLog(log))` to get the cluster as it was at the end
 * of the log. Entries may come from JSON.
 */
export function replayEventLog(
  entries: readonly EventLogEntry[],
  from: StoreState = { resourceVersion: 0, kinds: {} },
): StoreState {
  return produce(from, (draft) => {
    const kinds = draft.kinds as Record<string, Record<string, DraftShardedMap>>;
    for (const { type, object } of entries) {
      const ns = object.metadata.namespace ?? "";
      kinds[object.kind] ??= {};
      const byNs = kinds[object.kind]!;
      byNs[ns] ??= { size: 0, root: [] };
      if (type === "DELETED") shardedMapDelete(byNs[ns]!, object.metadata.name!);
      else shardedMapSet(byNs[ns]!, object.metadata.name!, object);
      draft.resourceVersion = Number(object.metadata.resourceVersion);
    }
  });
}

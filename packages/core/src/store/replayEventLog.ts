import { freeze } from "immer";
import { applyWrites } from "./_internal/applyWrites.js";
import type { EventLogEntry, StoreState } from "./ObjectStore.js";

/**
 * Rebuilds the store state an event log leads to, by applying its changes in order: replay a
 * saved log into `store.restore(replayEventLog(log))` to get the cluster as it was at the end
 * of the log. Entries may come from JSON.
 */
export function replayEventLog(
  entries: readonly EventLogEntry[],
  from: StoreState = { resourceVersion: 0, kinds: {} },
): StoreState {
  // Stored state is frozen throughout; states and entries from JSON are not (yet).
  freeze(from, true);
  const last = entries[entries.length - 1];
  if (!last) return from;
  const writes = entries.map(({ type, object }) => ({
    kind: object.kind,
    namespace: object.metadata.namespace ?? "",
    name: object.metadata.name!,
    object: type === "DELETED" ? undefined : freeze(object, true),
  }));
  return applyWrites(from, writes, Number(last.object.metadata.resourceVersion));
}

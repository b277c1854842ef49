import type { KubeObject } from "../../api/KubeObject.js";
import { StatusError } from "../../api/StatusError.js";
import { type EventInput, type EventSource, recordEvent } from "../../events/recordEvent.js";
import type { Transaction } from "../../store/ObjectStore.js";

/**
 * {@link recordEvent}, dropping the event when the API server refuses it (for example in a
 * namespace that is terminating), as client-go's event broadcaster drops events it cannot write:
 * an event must never make a controller's real work fail and retry. A refused create writes
 * nothing to the transaction, so catching the error leaves it intact.
 */
export function tryRecordEvent(
  tx: Transaction,
  nowMs: number,
  object: KubeObject,
  source: EventSource,
  event: EventInput,
): void {
  try {
    recordEvent(tx, nowMs, object, source, event);
  } catch (err) {
    if (!(err instanceof StatusError)) throw err;
  }
}

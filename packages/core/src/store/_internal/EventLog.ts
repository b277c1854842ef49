import type { KubeObject } from "../../api/KubeObject.js";
import type { EventLogEntry, WatchEventType } from "../ObjectStore.js";

const TYPES: readonly WatchEventType[] = ["ADDED", "MODIFIED", "DELETED"];
const TYPE_CODE: Readonly<Record<WatchEventType, number>> = { ADDED: 0, MODIFIED: 1, DELETED: 2 };

/**
 * The store's event log, kept in columns: the object versions in one array, each entry's time and
 * change type in typed arrays, its sequence number implied by its position. A large cluster's
 * log holds millions of entries (about 19 per pod settled), and an entry object of its own cost
 * about 70 bytes and one more object for every garbage collection to mark; here an entry costs
 * 17 bytes besides the version it keeps. Entries are built as plain objects when read.
 */
export class EventLog {
  readonly #objects: KubeObject[] = [];
  #timeMs = new Float64Array(1024);
  #types = new Uint8Array(1024);

  push(timeMs: number, type: WatchEventType, object: KubeObject): void {
    const i = this.#objects.length;
    if (i === this.#timeMs.length) {
      const timeMs = new Float64Array(i * 2);
      timeMs.set(this.#timeMs);
      this.#timeMs = timeMs;
      const types = new Uint8Array(i * 2);
      types.set(this.#types);
      this.#types = types;
    }
    this.#timeMs[i] = timeMs;
    this.#types[i] = TYPE_CODE[type];
    this.#objects.push(object);
  }

  /** Every entry, as plain objects (built on each call). */
  entries(): EventLogEntry[] {
    const out = new Array<EventLogEntry>(this.#objects.length);
    for (let i = 0; i < out.length; i++)
      out[i] = {
        seq: i + 1,
        timeMs: this.#timeMs[i]!,
        type: TYPES[this.#types[i]!]!,
        object: this.#objects[i]!,
      };
    return out;
  }
}

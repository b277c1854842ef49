/**
 * NodePort allocation backed by one cluster-scoped object holding a bitmap, as Kubernetes keeps
 * its NodePort allocator in a `RangeAllocation` (K8s `pkg/registry/core/service/portallocator`,
 * `allocator/storage`): `range` is the `--service-node-port-range` text, `data` the bitmap of
 * taken offsets in {@link Bitmap.encode}'s form.
 *
 * The object is internal to kubesim (kind `RangeAllocation`, group `kubesim.io`, name
 * `servicenodeports`, like the etcd key `/registry/ranges/servicenodeports`); no kubectl category
 * lists it. Keeping it in the store makes NodePorts transactional and snapshot-able; each
 * operation reads and writes the bitmap once, which is bounded by the port range, never by the
 * number of Services.
 *
 * @module
 */

import {
  allocateNext,
  Bitmap,
  formatPortRange,
  intnFrom,
  PORT_ALLOCATOR_ERRORS,
  type PortRange,
  parsePortRange,
  portRangeOffsetOf,
} from "@kubesim/ipam";
import type { KubeObject } from "../../api/KubeObject.js";
import type { StoreReader, Transaction } from "../../store/ObjectStore.js";
import type { RandomSource } from "./clusterIPAllocator.js";

/** The internal kind holding allocator bitmaps. */
export const RANGE_ALLOCATION_KIND = "RangeAllocation";

/** Its apiVersion: kubesim's own group, not served by a real cluster. */
export const RANGE_ALLOCATION_API_VERSION = "kubesim.io/v1";

/** The name of the NodePort allocator's object (the etcd key upstream is `/registry/ranges/servicenodeports`). */
export const SERVICE_NODE_PORTS_NAME = "servicenodeports";

/** The stored shape: Kubernetes' `RangeAllocation` (`range`, `data`) as a kubesim object. */
export interface RangeAllocation extends KubeObject {
  /** The range the bitmap covers, e.g. `30000-32767`. */
  range: string;
  /** The taken offsets, as {@link Bitmap.encode} writes them ("" when none). */
  data: string;
}

/** The NodePorts currently taken, ascending (for inspection and tests). */
export function allocatedNodePorts(reader: StoreReader): number[] {
  const obj = reader.get(RANGE_ALLOCATION_KIND, "", SERVICE_NODE_PORTS_NAME) as RangeAllocation | undefined;
  if (!obj) return [];
  const range = parsePortRange(obj.range);
  if (!range.ok) return [];
  return Bitmap.decode(obj.data, range.value.size)
    .offsets()
    .map((o) => o + range.value.base);
}

/**
 * One NodePort allocation operation (`portallocator.PortAllocationOperation`): allocations take
 * effect in the working bitmap at once, releases are deferred to {@link NodePortOperation.commit}
 * (so a port freed by this very request is not handed out again within it), and nothing reaches
 * the store unless `commit` is called.
 */
export class NodePortOperation {
  readonly #tx: Transaction;
  readonly #configured: PortRange | undefined;
  readonly #rangeOffsetOf: (r: PortRange) => number;
  readonly #releaseDeferred: number[] = [];
  /** Loaded on first use, so requests that touch no NodePort never decode the bitmap. */
  #state:
    | { stored: RangeAllocation | undefined; range: PortRange; rangeOffset: number; bitmap: Bitmap }
    | undefined;

  /**
   * Loads the allocator state for `range` (the configured range; when omitted, the stored
   * object's own range, enough for releasing). If the stored range differs from the configured
   * one, the taken ports that still fit are carried over (what upstream's repair loop ends up with).
   */
  constructor(tx: Transaction, rangeOffset: (r: PortRange) => number, range?: PortRange) {
    this.#tx = tx;
    this.#rangeOffsetOf = rangeOffset;
    this.#configured = range;
  }

  #load(): { stored: RangeAllocation | undefined; range: PortRange; rangeOffset: number; bitmap: Bitmap } {
    if (this.#state) return this.#state;
    const stored = this.#tx.get(RANGE_ALLOCATION_KIND, "", SERVICE_NODE_PORTS_NAME) as
      | RangeAllocation
      | undefined;
    const storedRange = stored ? parsePortRange(stored.range) : undefined;
    const range = this.#configured ?? (storedRange?.ok ? storedRange.value : { base: 0, size: 0 });
    let bitmap: Bitmap;
    if (!stored || !storedRange?.ok) {
      bitmap = new Bitmap(range.size);
    } else if (formatPortRange(storedRange.value) === formatPortRange(range)) {
      bitmap = Bitmap.decode(stored.data, range.size);
    } else {
      const old = Bitmap.decode(stored.data, storedRange.value.size);
      bitmap = new Bitmap(range.size);
      for (const o of old.offsets()) {
        const off = portRangeOffsetOf(range, o + storedRange.value.base);
        if (off !== undefined) bitmap.set(off);
      }
    }
    this.#state = { stored, range, rangeOffset: this.#rangeOffsetOf(range), bitmap };
    return this.#state;
  }

  /** The range, as `PortRange.String()` prints it. */
  get rangeText(): string {
    return formatPortRange(this.#load().range);
  }

  /**
   * Takes a requested port (`PortAllocator.Allocate`). Returns the allocator's error text
   * (`provided port is not in the valid range. The range of valid ports is 30000-32767`,
   * `provided port is already allocated`) or undefined.
   */
  allocate(port: number): string | undefined {
    const { range, bitmap } = this.#load();
    const offset = portRangeOffsetOf(range, port);
    if (offset === undefined) return PORT_ALLOCATOR_ERRORS.notInRange(formatPortRange(range));
    if (!bitmap.set(offset)) return PORT_ALLOCATOR_ERRORS.allocated;
    return undefined;
  }

  /** Takes a free port (`PortAllocator.AllocateNext`, upper band first), or undefined when the range is full. */
  allocateNext(rng: RandomSource): number | undefined {
    const { range, rangeOffset, bitmap } = this.#load();
    const offset = allocateNext(range.size, rangeOffset, intnFrom(rng), (o) => bitmap.has(o));
    if (offset === undefined) return undefined;
    bitmap.set(offset);
    return range.base + offset;
  }

  /** Releases a port at commit time (`ReleaseDeferred`); ports outside the range are ignored. */
  releaseDeferred(port: number): void {
    this.#releaseDeferred.push(port);
  }

  /** Applies the deferred releases and writes the bitmap back if it changed. */
  commit(): void {
    if (!this.#state && this.#releaseDeferred.length === 0) return;
    const { stored, range, bitmap } = this.#load();
    for (const port of this.#releaseDeferred) {
      const offset = portRangeOffsetOf(range, port);
      if (offset !== undefined) bitmap.clear(offset);
    }
    const rangeText = formatPortRange(range);
    const data = bitmap.encode();
    if (!stored) {
      if (data === "") return;
      const obj: RangeAllocation = {
        apiVersion: RANGE_ALLOCATION_API_VERSION,
        kind: RANGE_ALLOCATION_KIND,
        metadata: { name: SERVICE_NODE_PORTS_NAME },
        range: rangeText,
        data,
      };
      this.#tx.create(obj);
      return;
    }
    if (stored.range === rangeText && stored.data === data) return;
    this.#tx.mutate({ kind: RANGE_ALLOCATION_KIND, namespace: "", name: SERVICE_NODE_PORTS_NAME }, (d) => {
      d.range = rangeText;
      d.data = data;
    });
  }
}

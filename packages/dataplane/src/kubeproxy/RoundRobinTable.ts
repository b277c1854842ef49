/**
 * The IPVS `rr` scheduler's state on one node: per virtual server, how many times it has
 * scheduled a connection (net/netfilter/ipvs/ip_vs_rr.c keeps a pointer to the last real
 * server it chose; kubesim keeps the count, and the next real server is the count modulo the
 * number of real servers).
 *
 * Virtual servers are named by their key (`TCP 10.96.0.10:53`) and numbered by a
 * {@link VirtualServerSlots} that all nodes of a cluster share. Why numbers: a new flow to one
 * of 10,000 Services reads its position here, and a `Map` keyed by text costs two cache misses
 * per packet (the key's hash, then the map's entry), where an array indexed by a number the
 * mode keeps with the Service's other data costs at most one.
 *
 * @module
 */

/** Numbers for virtual-server keys, shared by the round-robin tables of one cluster's nodes. */
export class VirtualServerSlots {
  readonly #slots = new Map<string, number>();

  /** The number of `key`, given on first use. */
  slotOf(key: string): number {
    let slot = this.#slots.get(key);
    if (slot === undefined) {
      slot = this.#slots.size;
      this.#slots.set(key, slot);
    }
    return slot;
  }

  /** The number of `key`, if it has one. */
  find(key: string): number | undefined {
    return this.#slots.get(key);
  }
}

/** One node's round-robin positions, by virtual server (see the module documentation). */
export class RoundRobinTable {
  /** `position + 1` per slot; 0: the virtual server has scheduled nothing on this node. */
  readonly #positions: number[] = [];
  #size = 0;

  /** @param slots the numbering of virtual servers, shared with the cluster's other nodes. */
  constructor(readonly slots: VirtualServerSlots = new VirtualServerSlots()) {}

  /** Number of virtual servers that have scheduled a connection on this node. */
  get size(): number {
    return this.#size;
  }

  /** The position of virtual server `key` (`TCP 10.96.0.10:53`), if it ever scheduled here. */
  get(key: string): number | undefined {
    const slot = this.slots.find(key);
    if (slot === undefined) return undefined;
    const stored = this.#positions[slot] ?? 0;
    return stored === 0 ? undefined : stored - 1;
  }

  /** The position of the virtual server numbered `slot` (0 before its first connection). */
  positionAt(slot: number): number {
    const positions = this.#positions;
    const stored = slot < positions.length ? (positions[slot] as number) : 0;
    return stored === 0 ? 0 : stored - 1;
  }

  /** Sets the position of the virtual server numbered `slot`. */
  setAt(slot: number, position: number): void {
    const positions = this.#positions;
    // Grown with zeros, never with holes: the array stays packed small integers.
    while (positions.length <= slot) positions.push(0);
    if (positions[slot] === 0) this.#size++;
    positions[slot] = position + 1;
  }
}

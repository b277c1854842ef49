/**
 * The immutable, indexed state a kube-proxy sync produces.
 *
 * A sync that changes a few Services must cost in proportion to them, not to the cluster: with
 * 10,000 Services, copying the port map and rebuilding every index on each sync made one changed
 * endpoint cost milliseconds. So the snapshots of one sync loop share a *lineage*: the maps of the
 * last full build (the base, never written again) and a journal of every change since, each
 * stamped with the snapshot that made it. A snapshot answers from the journal entry at or before
 * its stamp, else from the base: at most two hash probes, and older snapshots (a paused node's)
 * keep their answers because entries are only ever added after their stamp. When the journal
 * has grown to about twice the base, the next snapshot starts a new lineage from a full build,
 * so the rebuild costs O(1) per change over time. (Copying a per-snapshot overlay of the changes
 * since the base instead would leave no published map written, but the overlay grows with every
 * sync until the next rebuild, so a sync would again cost in proportion to the cluster.) A
 * snapshot older than the newest finds its entry by binary search in the key's history.
 *
 * @module
 */
import type { Protocol } from "../packet/Packet.js";
import type { ProxyState, ServicePortInfo } from "./ServicePortInfo.js";

/** The key of a service port in a snapshot: its name and protocol (kube-proxy's `ServicePortName`). */
export function servicePortKey(port: Pick<ServicePortInfo, "name" | "protocol">): string {
  return `${port.name}|${port.protocol}`;
}

/** A number per protocol and port, so lookups build no strings. */
function portKey(protocol: Protocol, port: number): number {
  return port * 4 + (protocol === "TCP" ? 0 : protocol === "UDP" ? 1 : protocol === "SCTP" ? 2 : 3);
}

/**
 * The service ports under one index key: the port itself when there is one (most Services have
 * a single port, so a packet's lookup reads no list), else the list of them. A lookup scans that
 * short list rather than probing a second map. A published list is never modified.
 */
type Entry = ServicePortInfo | readonly ServicePortInfo[];

function isList(v: Entry): v is readonly ServicePortInfo[] {
  return Array.isArray(v);
}

function entryOf(ports: readonly ServicePortInfo[]): Entry | undefined {
  return ports.length === 0 ? undefined : ports.length === 1 ? ports[0] : ports;
}

function listOf(v: Entry | undefined): readonly ServicePortInfo[] {
  return v === undefined ? NO_PORTS : isList(v) ? v : [v];
}

function findIn(v: Entry | undefined, protocol: Protocol, port: number): ServicePortInfo | undefined {
  if (v === undefined) return undefined;
  if (!isList(v)) return v.port === port && v.protocol === protocol ? v : undefined;
  // The last one added wins, as a map's set would.
  for (let i = v.length - 1; i >= 0; i--) {
    const p = v[i] as ServicePortInfo;
    if (p.port === port && p.protocol === protocol) return p;
  }
  return undefined;
}

function lastOf(v: Entry | undefined): ServicePortInfo | undefined {
  return v === undefined || !isList(v) ? v : v[v.length - 1];
}

/** The order of {@link ProxyState.servicePorts}: name, then protocol (unique per port). */
function byNameAndProtocol(a: ServicePortInfo, b: ServicePortInfo): number {
  return a.name < b.name
    ? -1
    : a.name > b.name
      ? 1
      : a.protocol < b.protocol
        ? -1
        : a.protocol > b.protocol
          ? 1
          : 0;
}

const NO_PORTS: readonly ServicePortInfo[] = Object.freeze([]);

/** The values one key took since its lineage's base: `values[i]` from stamp `stamps[i]` on (`undefined`: absent). */
interface History<V> {
  readonly stamps: number[];
  readonly values: (V | undefined)[];
}

/**
 * One map of a lineage: the base of its last full build and the history of each key changed
 * since. Histories only grow at their end, with stamps later than any published snapshot's, so
 * what a published snapshot reads never changes.
 */
class Versioned<K, V> {
  readonly journal = new Map<K, History<V>>();

  constructor(readonly base: ReadonlyMap<K, V>) {}

  /** The value of `key` as of `stamp`. */
  at(key: K, stamp: number): V | undefined {
    const h = this.journal.get(key);
    if (h !== undefined) {
      const stamps = h.stamps;
      const last = stamps.length - 1;
      // The newest snapshot (every packet but a paused node's) stops here.
      if ((stamps[last] as number) <= stamp) return h.values[last];
      // An older snapshot: the last change at or before its stamp (binary search).
      let lo = 0;
      let hi = last;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if ((stamps[mid] as number) <= stamp) lo = mid + 1;
        else hi = mid;
      }
      if (lo > 0) return h.values[lo - 1];
    }
    return this.base.get(key);
  }

  /** Sets `key` from `stamp` on (no published snapshot has it); returns the entries added (0 or 1). */
  put(key: K, stamp: number, value: V | undefined): number {
    const h = this.journal.get(key);
    if (h === undefined) {
      this.journal.set(key, { stamps: [stamp], values: [value] });
      return 1;
    }
    const last = h.stamps.length - 1;
    if (h.stamps[last] === stamp) {
      h.values[last] = value;
      return 0;
    }
    h.stamps.push(stamp);
    h.values.push(value);
    return 1;
  }
}

/** Above this many changed ports (plus half the ports), a snapshot is built in full rather than journaled. */
const BULK_CHANGES = 64;
/** A lineage's journal may hold this many entries plus twice its base's ports before a new base is built. */
const JOURNAL_SLACK = 128;

/**
 * The maps shared by the snapshots of one sync loop between two full builds. `head` is the stamp
 * of the newest snapshot: only it may add to the journal (a snapshot that is not the head, or an
 * outsized change, starts a new lineage instead).
 */
class Lineage {
  readonly ports: Versioned<string, ServicePortInfo>;
  /** Each port's place in the order the ports were first added (see {@link ProxyStateSnapshot.portsOfClusterIP}). */
  readonly seqs: Versioned<string, number>;
  readonly clusterIPs: Versioned<string, Entry>;
  readonly nodePorts: Versioned<number, Entry>;
  readonly externalIPs: Versioned<string, Entry>;
  /** In {@link byNameAndProtocol} order, unlike the other indexes. */
  readonly healthCheckNodePorts: Versioned<number, Entry>;
  readonly baseSize: number;
  head = 0;
  entries = 0;
  nextSeq: number;

  /** A lineage whose base holds `ordered` (unique keys), in that order, as of stamp 0. */
  constructor(ordered: readonly ServicePortInfo[]) {
    const ports = new Map<string, ServicePortInfo>();
    const seqs = new Map<string, number>();
    const clusterIPs = new Map<string, Entry>();
    const nodePorts = new Map<number, Entry>();
    const externalIPs = new Map<string, Entry>();
    const health = new Map<number, Entry>();
    for (let i = 0; i < ordered.length; i++) {
      const p = ordered[i] as ServicePortInfo;
      const key = servicePortKey(p);
      ports.set(key, p);
      seqs.set(key, i);
      for (const ip of p.clusterIPs) addTo(clusterIPs, ip, p);
      if (p.nodePort > 0) addTo(nodePorts, portKey(p.protocol, p.nodePort), p);
      for (const ip of p.externalIPs) addTo(externalIPs, ip, p);
      for (const ip of p.loadBalancerIPs) addTo(externalIPs, ip, p);
      if (p.healthCheckNodePort !== 0) addTo(health, p.healthCheckNodePort, p);
    }
    for (const v of health.values()) if (isList(v)) (v as ServicePortInfo[]).sort(byNameAndProtocol);
    this.ports = new Versioned(ports);
    this.seqs = new Versioned(seqs);
    this.clusterIPs = new Versioned(clusterIPs);
    this.nodePorts = new Versioned(nodePorts);
    this.externalIPs = new Versioned(externalIPs);
    this.healthCheckNodePorts = new Versioned(health);
    this.baseSize = ordered.length;
    this.nextSeq = ordered.length;
  }

  /** Whether the journal has outgrown the base, so that a new base is due. */
  get outgrown(): boolean {
    return this.entries > JOURNAL_SLACK + 2 * this.baseSize;
  }

  /** Every port as of `stamp`, in the order they were first added. */
  ordered(stamp: number): ServicePortInfo[] {
    const out: ServicePortInfo[] = [];
    const later: { readonly seq: number; readonly port: ServicePortInfo }[] = [];
    // The base iterates in its order; ports added (or re-added) since come after all of it.
    for (const key of this.ports.base.keys()) {
      const p = this.ports.at(key, stamp);
      if (p === undefined) continue;
      const seq = this.seqs.at(key, stamp) as number;
      if (seq === this.seqs.base.get(key)) out.push(p);
      else later.push({ seq, port: p });
    }
    for (const key of this.ports.journal.keys()) {
      if (this.ports.base.has(key)) continue;
      const p = this.ports.at(key, stamp);
      if (p !== undefined) later.push({ seq: this.seqs.at(key, stamp) as number, port: p });
    }
    later.sort((a, b) => a.seq - b.seq);
    for (const l of later) out.push(l.port);
    return out;
  }

  /**
   * Makes the port under `key` be `p` (`undefined`: removed) from `stamp` on, with the order
   * rules of a `Map`: a replaced port keeps its place, a new one goes last. Returns the port it
   * replaced.
   */
  set(key: string, p: ServicePortInfo | undefined, stamp: number): ServicePortInfo | undefined {
    const old = this.ports.at(key, stamp);
    if (old === p) return old;
    let seq: number;
    if (old === undefined) {
      seq = this.nextSeq++;
      this.entries += this.seqs.put(key, stamp, seq);
    } else {
      seq = this.seqs.at(key, stamp) as number;
      if (p === undefined) this.entries += this.seqs.put(key, stamp, undefined);
    }
    this.entries += this.ports.put(key, stamp, p);
    this.#reindex(this.clusterIPs, old?.clusterIPs, p?.clusterIPs, old, p, stamp, seq);
    this.#reindex(this.nodePorts, nodePortKeys(old), nodePortKeys(p), old, p, stamp, seq);
    this.#reindex(this.externalIPs, externalKeys(old), externalKeys(p), old, p, stamp, seq);
    this.#reindex(this.healthCheckNodePorts, healthKeys(old), healthKeys(p), old, p, stamp, -1);
    return old;
  }

  /**
   * Moves `old` (under `oldKeys`) to `p` (under `newKeys`, once per occurrence) in `index`,
   * whose order is that of {@link seqs} (`p` has `seq`), or {@link byNameAndProtocol} when
   * `seq` is -1.
   */
  #reindex<K>(
    index: Versioned<K, Entry>,
    oldKeys: readonly K[] | undefined,
    newKeys: readonly K[] | undefined,
    old: ServicePortInfo | undefined,
    p: ServicePortInfo | undefined,
    stamp: number,
    seq: number,
  ): void {
    const olds = oldKeys ?? NO_KEYS;
    const news = newKeys ?? NO_KEYS;
    if (olds.length === 0 && news.length === 0) return;
    if (old !== undefined && p !== undefined && sameKeys(olds, news)) {
      // The usual change (endpoints): the same keys, the same place.
      for (const k of distinct(news)) {
        const list = listOf(index.at(k, stamp)).map((x) => (x === old ? p : x));
        this.entries += index.put(k, stamp, entryOf(list));
      }
      return;
    }
    for (const k of distinct([...olds, ...news])) {
      const list = listOf(index.at(k, stamp)).filter((x) => x !== old);
      let copies = 0;
      for (const n of news) if (n === k) copies++;
      if (copies > 0) {
        const q = p as ServicePortInfo;
        let i = list.length;
        while (i > 0 && this.#after(list[i - 1] as ServicePortInfo, q, seq, stamp)) i--;
        list.splice(i, 0, ...Array.from({ length: copies }, () => q));
      }
      this.entries += index.put(k, stamp, entryOf(list));
    }
  }

  /** Whether `x` comes after `p` (with `seq`) in an index (see {@link #reindex}). */
  #after(x: ServicePortInfo, p: ServicePortInfo, seq: number, stamp: number): boolean {
    if (seq < 0) return byNameAndProtocol(x, p) > 0;
    return (this.seqs.at(servicePortKey(x), stamp) as number) > seq;
  }
}

const NO_KEYS: readonly never[] = Object.freeze([]);

function nodePortKeys(p: ServicePortInfo | undefined): readonly number[] | undefined {
  return p && p.nodePort > 0 ? [portKey(p.protocol, p.nodePort)] : undefined;
}

function externalKeys(p: ServicePortInfo | undefined): readonly string[] | undefined {
  return p && (p.externalIPs.length > 0 || p.loadBalancerIPs.length > 0)
    ? [...p.externalIPs, ...p.loadBalancerIPs]
    : undefined;
}

function healthKeys(p: ServicePortInfo | undefined): readonly number[] | undefined {
  return p && p.healthCheckNodePort !== 0 ? [p.healthCheckNodePort] : undefined;
}

function sameKeys<K>(a: readonly K[], b: readonly K[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function distinct<K>(keys: readonly K[]): readonly K[] {
  return keys.length <= 1 ? keys : [...new Set(keys)];
}

function addTo<K>(index: Map<K, Entry>, key: K, port: ServicePortInfo): void {
  const v = index.get(key);
  if (v === undefined) index.set(key, port);
  else if (isList(v)) (v as ServicePortInfo[]).push(port);
  else index.set(key, [v, port]);
}

/**
 * An immutable {@link ProxyState}: the service ports of one sync with hash indexes by
 * ClusterIP, node port, external address and health check node port. A sync builds the next
 * snapshot from the previous one with {@link ProxyStateSnapshot.withChanges}, in time
 * proportional to the changes (amortized), sharing every unchanged {@link ServicePortInfo}
 * and the indexes (see the module documentation). Every lookup is at most two hash probes.
 *
 * Where several ports answer one address, their order is the order in which their keys
 * ({@link servicePortKey}) were first added, as in a `Map`: {@link ProxyStateSnapshot.of} adds
 * its ports in the order given; {@link ProxyStateSnapshot.withChanges} removes first, then adds
 * its upserts in order; a replaced port keeps its place, and a removed one added again goes last.
 */
export class ProxyStateSnapshot implements ProxyState {
  readonly version: number;
  readonly syncedAtMs: number;
  readonly #lineage: Lineage;
  readonly #stamp: number;
  readonly #size: number;
  readonly #endpoints: number;
  // The lineage's maps, one field read closer for the per-packet lookups.
  readonly #ports: Versioned<string, ServicePortInfo>;
  readonly #clusterIPs: Versioned<string, Entry>;
  readonly #nodePorts: Versioned<number, Entry>;
  readonly #externalIPs: Versioned<string, Entry>;
  #sorted: readonly ServicePortInfo[] | undefined;

  /** An empty state: what a kube-proxy has before its first sync. */
  static empty(): ProxyStateSnapshot {
    return ProxyStateSnapshot.of(0, 0, []);
  }

  /** A state holding exactly `ports` (a later port replaces an earlier one with the same key, in its place). */
  static of(version: number, syncedAtMs: number, ports: readonly ServicePortInfo[]): ProxyStateSnapshot {
    const byKey = new Map(ports.map((p) => [servicePortKey(p), p]));
    let endpoints = 0;
    for (const p of byKey.values()) endpoints += p.endpoints.length;
    return new ProxyStateSnapshot(
      version,
      syncedAtMs,
      new Lineage([...byKey.values()]),
      0,
      byKey.size,
      endpoints,
    );
  }

  private constructor(
    version: number,
    syncedAtMs: number,
    lineage: Lineage,
    stamp: number,
    size: number,
    endpoints: number,
  ) {
    this.version = version;
    this.syncedAtMs = syncedAtMs;
    this.#lineage = lineage;
    this.#stamp = stamp;
    this.#size = size;
    this.#endpoints = endpoints;
    this.#ports = lineage.ports;
    this.#clusterIPs = lineage.clusterIPs;
    this.#nodePorts = lineage.nodePorts;
    this.#externalIPs = lineage.externalIPs;
  }

  /**
   * The next state: `removedKeys` (see {@link servicePortKey}) are dropped, then `upserts`
   * replace (or add) the ports with the same key; everything else is shared. This snapshot
   * does not change. Costs O(changes), amortized, when called on the newest snapshot of a
   * lineage (as a sync loop does); otherwise O(ports).
   */
  withChanges(
    version: number,
    syncedAtMs: number,
    upserts: readonly ServicePortInfo[],
    removedKeys: readonly string[],
  ): ProxyStateSnapshot {
    const lineage = this.#lineage;
    if (lineage.head !== this.#stamp || upserts.length + removedKeys.length > BULK_CHANGES + this.#size / 2) {
      // A branch off an older snapshot, or most ports changed: build in full, as a Map would order it.
      const byKey = new Map(this.#lineage.ordered(this.#stamp).map((p) => [servicePortKey(p), p]));
      for (const key of removedKeys) byKey.delete(key);
      for (const p of upserts) byKey.set(servicePortKey(p), p);
      return ProxyStateSnapshot.of(version, syncedAtMs, [...byKey.values()]);
    }
    const stamp = this.#stamp + 1;
    lineage.head = stamp;
    let size = this.#size;
    let endpoints = this.#endpoints;
    for (const key of removedKeys) {
      const old = lineage.set(key, undefined, stamp);
      if (old !== undefined) {
        size--;
        endpoints -= old.endpoints.length;
      }
    }
    for (const p of upserts) {
      const old = lineage.set(servicePortKey(p), p, stamp);
      if (old === undefined) size++;
      endpoints += p.endpoints.length - (old?.endpoints.length ?? 0);
    }
    if (lineage.outgrown) {
      // Start a new lineage; snapshots of this one keep it.
      return new ProxyStateSnapshot(
        version,
        syncedAtMs,
        new Lineage(lineage.ordered(stamp)),
        0,
        size,
        endpoints,
      );
    }
    return new ProxyStateSnapshot(version, syncedAtMs, lineage, stamp, size, endpoints);
  }

  /** The port with this {@link servicePortKey}. */
  get(key: string): ServicePortInfo | undefined {
    return this.#ports.at(key, this.#stamp);
  }

  /**
   * The endpoints of every service port, counted per port (what kube-proxy's iptables mode
   * compares with its large cluster threshold), without reading the ports.
   */
  endpointCount(): number {
    return this.#endpoints;
  }

  servicePorts(): readonly ServicePortInfo[] {
    // Built on first use (dumps ask): O(ports).
    this.#sorted ??= this.#lineage.ordered(this.#stamp).sort(byNameAndProtocol);
    return this.#sorted;
  }

  byClusterIP(ip: string, protocol: Protocol, port: number): ServicePortInfo | undefined {
    return findIn(this.#clusterIPs.at(ip, this.#stamp), protocol, port);
  }

  /** Every service port on this ClusterIP, in the order their keys were first added (see the class). */
  portsOfClusterIP(ip: string): readonly ServicePortInfo[] {
    return listOf(this.#clusterIPs.at(ip, this.#stamp));
  }

  /** The service port on this node port (the last added, should two claim it). */
  byNodePort(protocol: Protocol, nodePort: number): ServicePortInfo | undefined {
    return lastOf(this.#nodePorts.at(portKey(protocol, nodePort), this.#stamp));
  }

  byExternalIP(ip: string, protocol: Protocol, port: number): ServicePortInfo | undefined {
    return findIn(this.#externalIPs.at(ip, this.#stamp), protocol, port);
  }

  /**
   * Every service port whose `healthCheckNodePort` is `port`, in {@link servicePorts} order: the
   * ports of the Service whose health check server listens there.
   */
  portsOfHealthCheckNodePort(port: number): readonly ServicePortInfo[] {
    return listOf(this.#lineage.healthCheckNodePorts.at(port, this.#stamp));
  }
}

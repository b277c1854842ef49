/**
 * One node's connection tracking table (netfilter `nf_conntrack`): what makes NAT stick to a
 * flow. The first packet of a flow goes through kube-proxy's rules; its translation (DNAT to
 * an endpoint, SNAT to the node) is recorded here, and every later packet of the flow, in
 * either direction, is translated from the entry without looking at the rules again. So an
 * established flow keeps its backend after the endpoints change, until it ends or expires
 * (../shared/REFERENCE.md 5.4).
 *
 * Time is virtual and passed in (`nowMs`); nothing runs on a timer. Expired entries are
 * invisible to every lookup at once and are freed lazily, a few per insert.
 *
 * @module
 */
import type { FiveTuple, Protocol, SocketAddress } from "../packet/Packet.js";
import type { FlowTable, TrackedFlow } from "../packet/WalkWorld.js";
import { ExpiryQueues } from "./_internal/ExpiryQueues.js";
import { HashIndex } from "./_internal/HashIndex.js";

/**
 * TCP connection states as conntrack names them (`tcp_conntrack_names` in
 * net/netfilter/nf_conntrack_proto_tcp.c; `conntrack -L` prints them).
 */
export type ConntrackTCPState =
  | "SYN_SENT"
  | "SYN_RECV"
  | "ESTABLISHED"
  | "FIN_WAIT"
  | "CLOSE_WAIT"
  | "LAST_ACK"
  | "TIME_WAIT"
  | "CLOSE";

/** How long an idle entry lives, per state, in seconds (the `nf_conntrack_*_timeout*` sysctls). */
export interface ConntrackTimeouts {
  /** `nf_conntrack_tcp_timeout_syn_sent`: 120 (a SYN nobody answered). */
  readonly tcpSynSentSeconds: number;
  /**
   * `nf_conntrack_tcp_timeout_established`: the kernel's default is 432000 (5 days), but
   * kube-proxy sets 86400 (`--conntrack-tcp-timeout-established`, 24h, "1/5 default":
   * pkg/proxy/apis/config/v1alpha1/defaults.go).
   */
  readonly tcpEstablishedSeconds: number;
  /**
   * `nf_conntrack_tcp_timeout_close_wait`: the kernel's default is 60, kube-proxy sets 3600
   * (`--conntrack-tcp-timeout-close-wait`, kubernetes/kubernetes#32551).
   */
  readonly tcpCloseWaitSeconds: number;
  /** `nf_conntrack_tcp_timeout_time_wait`: 120. */
  readonly tcpTimeWaitSeconds: number;
  /** `nf_conntrack_tcp_timeout_close`: 10 (a connection reset, e.g. a SYN answered by a RST). */
  readonly tcpCloseSeconds: number;
  /** `nf_conntrack_udp_timeout`: 30 (no reply yet, or not yet a stream). */
  readonly udpSeconds: number;
  /**
   * `nf_conntrack_udp_timeout_stream`: 120 since Linux 5.0 (was 180; netfilter commit
   * "conntrack: udp: set stream timeout to 2 minutes"). kube-proxy leaves both UDP timeouts
   * to the kernel by default (`--conntrack-udp-timeout[-stream]` 0).
   */
  readonly udpStreamSeconds: number;
  /** `nf_conntrack_icmp_timeout`: 30. */
  readonly icmpSeconds: number;
  /** SCTP entries, simplified to one timeout: `ESTABLISHED` is 210 s in current kernels. */
  readonly sctpSeconds: number;
}

/** Linux defaults as a kube-proxy node has them (see each field of {@link ConntrackTimeouts}). */
export const DEFAULT_CONNTRACK_TIMEOUTS: ConntrackTimeouts = {
  tcpSynSentSeconds: 120,
  tcpEstablishedSeconds: 86400,
  tcpCloseWaitSeconds: 3600,
  tcpTimeWaitSeconds: 120,
  tcpCloseSeconds: 10,
  udpSeconds: 30,
  udpStreamSeconds: 120,
  icmpSeconds: 30,
  sctpSeconds: 210,
};

/** A UDP reply must come and traffic continue this long after the first packet to make a stream (nf_conntrack_proto_udp.c `stream_ts`). */
const UDP_STREAM_AFTER_MS = 2000;

/** At most this many due entries are freed per insert: amortized O(1), no long pauses. */
const PURGE_BUDGET = 8;

/**
 * `nf_conntrack_max` as kube-proxy sets it on a node with up to 4 CPUs: `max(32768 * cores,
 * 131072)` (`--conntrack-max-per-core` 32768, `--conntrack-min` 131072;
 * pkg/proxy/apis/config/v1alpha1/defaults.go, cmd/kube-proxy/app/server_linux.go `getConntrackMax`).
 */
export const DEFAULT_CONNTRACK_MAX = 131072;

/** kube-proxy's `nf_conntrack_max` for a node with `cores` CPUs: `max(32768 * cores, 131072)`. */
export function conntrackMaxFor(cores: number): number {
  return Math.max(32768 * Math.ceil(cores), DEFAULT_CONNTRACK_MAX);
}

/** One tracked flow. */
export interface ConntrackEntry {
  /** The tuple of the flow's first packet as it arrived (before NAT): `--orig-*`. */
  readonly original: FiveTuple;
  /** The same packet after DNAT/SNAT: where it was really sent, and from where. */
  readonly translated: FiveTuple;
  /** What a reply looks like before it is un-NATed (`--reply-*`): the translated tuple reversed. */
  readonly reply: FiveTuple;
  /** TCP state; `undefined` for UDP and ICMP (conntrack prints no state for them). */
  readonly state: ConntrackTCPState | undefined;
  /** A reply was seen (`IPS_SEEN_REPLY`; `[UNREPLIED]` when not). */
  readonly seenReply: boolean;
  /** `IPS_ASSURED` (`[ASSURED]`): an established TCP flow or a UDP stream. */
  readonly assured: boolean;
  readonly createdAtMs: number;
  /** The entry is gone at this virtual instant unless a packet refreshes it first. */
  readonly expiresAtMs: number;
  /** The connection mark (`mark=`). */
  readonly mark: number;
}

/** A packet matched to a tracked flow. */
export interface ConntrackMatch {
  readonly entry: ConntrackEntry;
  /** `original` for packets in the direction of the first one, `reply` for the way back. */
  readonly direction: "original" | "reply";
  /**
   * The packet's tuple after conntrack's NAT: for `original`, the entry's translated tuple;
   * for `reply`, the original tuple reversed (so the client sees the service address answer).
   */
  readonly translated: FiveTuple;
}

/**
 * What kube-proxy's `CleanStaleEntries` (pkg/proxy/conntrack/cleanup.go) deletes for one UDP
 * service port: entries sent to one of its frontends whose backend (reply source `ip:port`) is
 * not one of its serving endpoints.
 */
export interface UDPConntrackCleanup {
  /** ClusterIPs, load-balancer IPs and external IPs (`--orig-dst`, with `--orig-port-dst` = `port`). */
  readonly serviceIPs: readonly string[];
  readonly port: number;
  /** Entries to `*:nodePort` are checked too (0: none). */
  readonly nodePort: number;
  /** `ip:port` of every serving endpoint; with none, nothing is deleted ("a Service without endpoints does not require to clean"). */
  readonly servingEndpoints: readonly string[];
}

/** Options of a new entry. */
export interface ConntrackCreateOptions {
  readonly mark?: number;
}

// --- Rows ------------------------------------------------------------------------------------
//
// Entries live as rows of one `ArrayBuffer` read through a `Float64Array` and an `Int32Array`,
// not as objects. Why: a node's table holds thousands of flows, far more than the CPU caches,
// so each entry a new flow touches (the one that expires to make room, the one it replaces)
// costs cache misses, and an object spread its fields over two or three cache lines and gave
// the garbage collector one more old object per flow. A row is 64 bytes, addresses are numbers,
// and a freed row is reused by the next flow. Measured with a prototype on the benchmark's
// flows (docs/internals/dataplane-performance.md, fifth pass).

/** Slots per row in each view of the buffer: 64 bytes. */
const ROW_F64 = 8;
const ROW_I32 = 16;
// Float64 slots (they cover int32 slots 0-5).
const EXPIRES = 0;
/** When the row's current expiry item is due; -1 before the first. */
const QUEUED_AT = 1;
/** The timeout (ms) that set EXPIRES: the expiry queue the row waits in. */
const TIMEOUT = 2;
// Int32 slots.
const FLAGS = 6;
/** Expiry items that point at the row; it is reused only when none is left. */
const QUEUED = 7;
/** Hashes of the original and reply tuples: the keys of the table's index. */
const ORIGINAL_HASH = 8;
const REPLY_HASH = 9;
/** Addresses: the value of a canonical IPv4 address, else a hash of the text (see TEXT). */
const SRC_IP = 10;
const DST_IP = 11;
const NAT_SRC_IP = 12;
const NAT_DST_IP = 13;
/** `srcPort << 16 | dstPort`, of the original and of the translated tuple. */
const PORTS = 14;
const NAT_PORTS = 15;
// FLAGS bits.
const PROTOCOL_BITS = 7;
const STATE_SHIFT = 3;
const STATE_BITS = 15 << STATE_SHIFT;
const SEEN_REPLY = 1 << 7;
const ASSURED = 1 << 8;
const ALIVE = 1 << 9;
/** Some address is not a canonical IPv4 address: the row's address texts are in `Rows.texts`. */
const TEXT = 1 << 10;

const PROTOCOL_CODES: Readonly<Record<string, number>> = { TCP: 1, UDP: 2, SCTP: 3, ICMP: 4 };
/** By protocol code (code 0 is never stored). */
const PROTOCOLS: readonly Protocol[] = ["TCP", "TCP", "UDP", "SCTP", "ICMP"];
const TCP_STATES: readonly (ConntrackTCPState | undefined)[] = [
  undefined,
  "SYN_SENT",
  "SYN_RECV",
  "ESTABLISHED",
  "FIN_WAIT",
  "CLOSE_WAIT",
  "LAST_ACK",
  "TIME_WAIT",
  "CLOSE",
];
const STATE_CODES: Readonly<Record<ConntrackTCPState, number>> = {
  SYN_SENT: 1,
  SYN_RECV: 2,
  ESTABLISHED: 3,
  FIN_WAIT: 4,
  CLOSE_WAIT: 5,
  LAST_ACK: 6,
  TIME_WAIT: 7,
  CLOSE: 8,
};

function protocolCode(protocol: Protocol): number {
  const code = PROTOCOL_CODES[protocol];
  if (code === undefined) throw new Error(`ConntrackTable: unknown protocol ${JSON.stringify(protocol)}`);
  return code;
}

function checkPort(port: number): void {
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new RangeError(`ConntrackTable: a port must be an integer in 0-65535, got ${port}`);
}

/** The two ports of a tuple in one int32 (both checked to be 0-65535). */
function ports(src: number, dst: number): number {
  if ((src | dst) >>> 16 !== 0 || src !== (src | 0) || dst !== (dst | 0)) {
    checkPort(src);
    checkPort(dst);
  }
  return (src << 16) | dst;
}

/**
 * The value (as an int32) of a canonical dotted-quad IPv4 address: four decimal octets of at
 * most 255 without leading zeros, so that the text can be rebuilt exactly. Undefined otherwise.
 */
function ipv4Key(ip: string): number | undefined {
  const n = ip.length;
  if (n < 7 || n > 15) return undefined;
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < n; i++) {
    const c = ip.charCodeAt(i);
    if (c === 46) {
      if (digits === 0) return undefined;
      value = (value << 8) | octet;
      octet = 0;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57) {
      if (digits > 0 && octet === 0) return undefined;
      octet = octet * 10 + (c - 48);
      digits++;
      if (octet > 255) return undefined;
    } else return undefined;
  }
  return dots === 3 && digits > 0 ? (value << 8) | octet : undefined;
}

function textHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h | 0;
}

/** A small-integer hash of a 5-tuple of address keys (a V8 Smi). */
function hashOf(protocol: number, srcKey: number, srcPort: number, dstKey: number, dstPort: number): number {
  let h = Math.imul(srcKey, 0x9e3779b1);
  h = Math.imul(h ^ ((srcPort << 3) | protocol), 0x85ebca6b);
  h = Math.imul(h ^ dstKey, 0xc2b2ae35);
  h = Math.imul(h ^ dstPort, 0x27d4eb2f);
  h ^= h >>> 15;
  return h & 0x3fffffff;
}

/** The rows of one table; the views of its entries read them too (the arrays grow). */
class Rows {
  f64 = new Float64Array(64 * ROW_F64);
  i32 = new Int32Array(this.f64.buffer);
  /** `createdAtMs` per row (read rarely, so not in the row). */
  created = new Float64Array(64);
  /** Address texts of TEXT rows: `[src, dst, natSrc, natDst]`. */
  readonly texts = new Map<number, readonly [string, string, string, string]>();
  /** Nonzero connection marks by row. */
  readonly marks = new Map<number, number>();
  /** Text of IPv4 keys, built once each. */
  readonly #ipText = new Map<number, string>();

  get capacity(): number {
    return this.created.length;
  }

  grow(): void {
    const f64 = new Float64Array(this.f64.length * 2);
    f64.set(this.f64);
    const created = new Float64Array(this.created.length * 2);
    created.set(this.created);
    this.f64 = f64;
    this.i32 = new Int32Array(f64.buffer);
    this.created = created;
  }

  /** The text of address slot `slot` (SRC_IP ... NAT_DST_IP) of `row`. */
  address(row: number, slot: number): string {
    if ((this.i32[row * ROW_I32 + FLAGS]! & TEXT) !== 0)
      return (this.texts.get(row) as readonly string[])[slot - SRC_IP] as string;
    return this.ipText(this.i32[row * ROW_I32 + slot] as number);
  }

  ipText(key: number): string {
    let text = this.#ipText.get(key);
    if (text === undefined) {
      text = `${key >>> 24}.${(key >>> 16) & 255}.${(key >>> 8) & 255}.${key & 255}`;
      this.#ipText.set(key, text);
    }
    return text;
  }

  /** The original tuple of `row`. */
  original(row: number): FiveTuple {
    return this.#tuple(row, PORTS, SRC_IP, DST_IP);
  }

  /** The translated tuple of `row`. */
  translated(row: number): FiveTuple {
    return this.#tuple(row, NAT_PORTS, NAT_SRC_IP, NAT_DST_IP);
  }

  #tuple(row: number, portsSlot: number, srcSlot: number, dstSlot: number): FiveTuple {
    const b = row * ROW_I32;
    const p = this.i32[b + portsSlot] as number;
    return {
      protocol: PROTOCOLS[this.i32[b + FLAGS]! & PROTOCOL_BITS] as Protocol,
      src: { ip: this.address(row, srcSlot), port: p >>> 16 },
      dst: { ip: this.address(row, dstSlot), port: p & 0xffff },
    };
  }

  state(row: number): ConntrackTCPState | undefined {
    return TCP_STATES[(this.i32[row * ROW_I32 + FLAGS]! & STATE_BITS) >> STATE_SHIFT];
  }

  flag(row: number, bit: number): boolean {
    return (this.i32[row * ROW_I32 + FLAGS]! & bit) !== 0;
  }
}

/**
 * A {@link ConntrackEntry} a caller was handed: it reads its row while the flow is tracked, and
 * keeps the last values once the row is freed (so the row can serve a later flow).
 */
class EntryView implements ConntrackEntry {
  #rows: Rows | undefined;
  readonly #row: number;
  readonly original: FiveTuple;
  readonly translated: FiveTuple;
  #state: ConntrackTCPState | undefined;
  #seenReply = false;
  #assured = false;
  #createdAtMs = 0;
  #expiresAtMs = 0;
  #mark = 0;

  constructor(rows: Rows, row: number) {
    this.#rows = rows;
    this.#row = row;
    this.original = rows.original(row);
    this.translated = rows.translated(row);
  }

  get reply(): FiveTuple {
    const t = this.translated;
    return { protocol: t.protocol, src: t.dst, dst: t.src };
  }
  get state(): ConntrackTCPState | undefined {
    return this.#rows ? this.#rows.state(this.#row) : this.#state;
  }
  get seenReply(): boolean {
    return this.#rows ? this.#rows.flag(this.#row, SEEN_REPLY) : this.#seenReply;
  }
  get assured(): boolean {
    return this.#rows ? this.#rows.flag(this.#row, ASSURED) : this.#assured;
  }
  get createdAtMs(): number {
    return this.#rows ? (this.#rows.created[this.#row] as number) : this.#createdAtMs;
  }
  get expiresAtMs(): number {
    return this.#rows ? (this.#rows.f64[this.#row * ROW_F64 + EXPIRES] as number) : this.#expiresAtMs;
  }
  get mark(): number {
    return this.#rows ? (this.#rows.marks.get(this.#row) ?? 0) : this.#mark;
  }

  /** The row is about to be freed: keep its values. */
  detach(): void {
    this.#state = this.state;
    this.#seenReply = this.seenReply;
    this.#assured = this.assured;
    this.#createdAtMs = this.createdAtMs;
    this.#expiresAtMs = this.expiresAtMs;
    this.#mark = this.mark;
    this.#rows = undefined;
  }
}

/**
 * The conntrack table of one node. Entries are found by their original tuple and by their
 * reply tuple, in O(1); {@link ConntrackTable.deleteUDP} costs in proportion to the UDP entries
 * on the ports it names, never to the whole table.
 */
export class ConntrackTable implements FlowTable {
  readonly timeouts: ConntrackTimeouts;
  /** `nf_conntrack_max`: new flows of the packet walk are dropped while this many entries are live. */
  readonly maxEntries: number;
  readonly #rows = new Rows();
  /** Rows in use or freed; rows at and past it were never used. */
  #used = 0;
  /** Freed rows no expiry item points at, ready for new flows. */
  readonly #free: number[] = [];
  /**
   * Rows by the hash of their original and of their reply tuple. Removing a row leaves its
   * slots behind (lookups skip rows that are not live, or no longer have that tuple): clearing
   * them would cost two more cache misses per expired flow, one per tuple, at the rate of new
   * flows. {@link #makeRoom} drops them all at once when they fill the index.
   */
  #byHash = new HashIndex();
  /** Index slots of live rows (the rest of the index's slots belong to removed rows). */
  #liveSlots = 0;
  /** UDP rows by original destination port, for kube-proxy's cleanup. */
  readonly #udpByPort = new Map<number, Set<number>>();
  readonly #expiry = new ExpiryQueues<number>();
  /** The entries callers were handed, by row (one object per tracked flow). */
  readonly #views = new Map<number, EntryView>();
  #count = 0;
  /**
   * The last tuple {@link find} saw no index slot at all for, its hash, and the index version
   * then: the packet walk's `find` then `add` of a new flow probes the index once, not twice.
   */
  #miss: FiveTuple | undefined;
  #missHash = 0;
  #missVersion = -1;
  #missSrcKey = 0;
  #missDstKey = 0;
  #missText = false;
  /** Bumped whenever a hash gains an index slot (a miss stays a miss until then). */
  #version = 0;
  // The keys of the last tuple parsed by #probe (one scratch probe, so lookups allocate nothing).
  #srcKey = 0;
  #dstKey = 0;
  /** Some address of the probe is not a canonical IPv4 address. */
  #probeText = false;

  constructor(options: { timeouts?: Partial<ConntrackTimeouts>; maxEntries?: number } = {}) {
    this.timeouts = { ...DEFAULT_CONNTRACK_TIMEOUTS, ...options.timeouts };
    this.maxEntries = options.maxEntries ?? DEFAULT_CONNTRACK_MAX;
  }

  /**
   * The flow `tuple` belongs to, in either direction, if its entry is live at `nowMs`. A packet
   * that matches nothing is the first of a new flow (conntrack state NEW).
   */
  lookup(tuple: FiveTuple, nowMs: number): ConntrackMatch | undefined {
    const row = this.#live(tuple, nowMs);
    if (row < 0) return undefined;
    const entry = this.#view(row);
    if (this.#isOriginal(row, tuple)) return { entry, direction: "original", translated: entry.translated };
    const o = entry.original;
    return {
      entry,
      direction: "reply",
      translated: { protocol: tuple.protocol, src: o.dst, dst: o.src },
    };
  }

  /**
   * Records a new flow whose first packet `original` was translated to `translated` (equal
   * when no NAT applied). It starts unreplied: TCP in `SYN_SENT` (120 s), UDP and ICMP for 30 s.
   * Any live entry using either tuple is replaced (a new connection reusing a TIME_WAIT tuple).
   */
  create(
    original: FiveTuple,
    translated: FiveTuple,
    nowMs: number,
    options: ConntrackCreateOptions = {},
  ): ConntrackEntry {
    return this.#view(this.#create(original, translated, nowMs, options));
  }

  #create(
    original: FiveTuple,
    translated: FiveTuple,
    nowMs: number,
    options: ConntrackCreateOptions,
  ): number {
    if (original.protocol !== translated.protocol)
      throw new Error("ConntrackTable.create: NAT cannot change the protocol");
    const row = this.#insert(original, translated.src, translated.dst, nowMs, options.mark ?? 0);
    switch (original.protocol) {
      case "TCP":
        this.#setState(row, "SYN_SENT");
        this.#setExpiry(row, nowMs, this.timeouts.tcpSynSentSeconds);
        break;
      case "UDP":
        this.#setExpiry(row, nowMs, this.timeouts.udpSeconds);
        break;
      case "ICMP":
        this.#setExpiry(row, nowMs, this.timeouts.icmpSeconds);
        break;
      case "SCTP":
        this.#setExpiry(row, nowMs, this.timeouts.sctpSeconds);
        break;
    }
    return row;
  }

  /** A new row in the index (replacing any live entry using either tuple), with no state or expiry yet. */
  #insert(
    original: FiveTuple,
    natSrc: SocketAddress,
    natDst: SocketAddress,
    nowMs: number,
    mark: number,
  ): number {
    const protocol = protocolCode(original.protocol);
    const originalPorts = ports(original.src.port, original.dst.port);
    const natPorts = ports(natSrc.port, natDst.port);
    this.#purge(nowMs, PURGE_BUDGET);
    // Removing entries never gives a hash a slot, so a miss of `find` still holds after the purge.
    const knownAbsent = original === this.#miss && this.#missVersion === this.#version;
    this.#miss = undefined;
    let originalHash: number;
    if (knownAbsent) {
      originalHash = this.#missHash;
      this.#srcKey = this.#missSrcKey;
      this.#dstKey = this.#missDstKey;
      this.#probeText = this.#missText;
    } else {
      this.#probe(original.src.ip, original.dst.ip);
      originalHash = hashOf(protocol, this.#srcKey, original.src.port, this.#dstKey, original.dst.port);
      const old = this.#find(originalHash, original);
      if (old >= 0) this.#remove(old);
    }
    const srcKey = this.#srcKey;
    const dstKey = this.#dstKey;
    let text = this.#probeText;
    // The translated source is most often the original one (no SNAT): no second parse.
    let natSrcKey = srcKey;
    if (natSrc.ip !== original.src.ip) {
      const k = ipv4Key(natSrc.ip);
      natSrcKey = k ?? textHash(natSrc.ip);
      if (k === undefined) text = true;
    }
    const nk = ipv4Key(natDst.ip);
    const natDstKey = nk ?? textHash(natDst.ip);
    if (nk === undefined) text = true;
    const replyHash = hashOf(protocol, natDstKey, natDst.port, natSrcKey, natSrc.port);
    const oldReply = this.#findReversed(replyHash, protocol, natSrc, natDst, natSrcKey, natDstKey, text);
    if (oldReply >= 0) this.#remove(oldReply);

    let row = this.#free.pop();
    if (row === undefined) {
      row = this.#used++;
      if (row >= this.#rows.capacity) this.#rows.grow();
    }
    const rows = this.#rows;
    const f = row * ROW_F64;
    const b = row * ROW_I32;
    const i32 = rows.i32;
    rows.f64[f + EXPIRES] = 0;
    rows.f64[f + QUEUED_AT] = -1;
    rows.f64[f + TIMEOUT] = 0;
    i32[b + FLAGS] = protocol | ALIVE | (text ? TEXT : 0);
    i32[b + QUEUED] = 0;
    i32[b + ORIGINAL_HASH] = originalHash;
    i32[b + REPLY_HASH] = replyHash;
    i32[b + SRC_IP] = srcKey;
    i32[b + DST_IP] = dstKey;
    i32[b + NAT_SRC_IP] = natSrcKey;
    i32[b + NAT_DST_IP] = natDstKey;
    i32[b + PORTS] = originalPorts;
    i32[b + NAT_PORTS] = natPorts;
    rows.created[row] = nowMs;
    if (text) rows.texts.set(row, [original.src.ip, original.dst.ip, natSrc.ip, natDst.ip]);
    if (mark !== 0) rows.marks.set(row, mark);
    const slots = replyHash === originalHash ? 1 : 2;
    this.#makeRoom(slots);
    this.#byHash.add(originalHash, row);
    if (slots === 2) this.#byHash.add(replyHash, row);
    this.#liveSlots += slots;
    this.#version++;
    this.#count++;
    if (protocol === PROTOCOL_CODES.UDP) {
      let set = this.#udpByPort.get(original.dst.port);
      if (!set) {
        set = new Set();
        this.#udpByPort.set(original.dst.port, set);
      }
      set.add(row);
    }
    return row;
  }

  /**
   * The flow of `tuple` saw its reply. TCP: the handshake completed, so the entry becomes
   * `ESTABLISHED` and `[ASSURED]` with the established timeout (the simulator completes the
   * handshake at one instant; the kernel passes through `SYN_RECV` and assures on the final
   * ACK). UDP and ICMP: `[UNREPLIED]` goes away and the timeout restarts. Returns the entry,
   * or `undefined` when none is live.
   */
  reply(tuple: FiveTuple, nowMs: number): ConntrackEntry | undefined {
    const row = this.#live(tuple, nowMs);
    if (row < 0) return undefined;
    this.#replied(row, nowMs);
    return this.#view(row);
  }

  #replied(row: number, nowMs: number): void {
    this.#set(row, SEEN_REPLY);
    switch (this.#protocol(row)) {
      case "TCP": {
        const state = this.#rows.state(row);
        if (state === "SYN_SENT" || state === "SYN_RECV") {
          this.#setState(row, "ESTABLISHED");
          this.#set(row, ASSURED);
        }
        this.#setExpiry(row, nowMs, this.#tcpTimeoutSeconds(this.#rows.state(row)!));
        break;
      }
      case "UDP":
        this.#setExpiry(row, nowMs, this.timeouts.udpSeconds);
        break;
      case "ICMP":
        this.#setExpiry(row, nowMs, this.timeouts.icmpSeconds);
        break;
      case "SCTP":
        this.#set(row, ASSURED);
        this.#setExpiry(row, nowMs, this.timeouts.sctpSeconds);
        break;
    }
  }

  /**
   * Another packet of an existing flow (either direction): restarts its timeout. A UDP flow
   * that has seen a reply and is still active 2 s after it began becomes a stream:
   * `[ASSURED]`, with the stream timeout (nf_conntrack_proto_udp.c `udp_packet`).
   */
  touch(tuple: FiveTuple, nowMs: number): ConntrackEntry | undefined {
    const row = this.#live(tuple, nowMs);
    if (row < 0) return undefined;
    switch (this.#protocol(row)) {
      case "TCP":
        this.#setExpiry(row, nowMs, this.#tcpTimeoutSeconds(this.#rows.state(row)!));
        break;
      case "UDP":
        if (this.#rows.flag(row, SEEN_REPLY) && nowMs > this.#rows.created[row]! + UDP_STREAM_AFTER_MS) {
          this.#set(row, ASSURED);
          this.#setExpiry(row, nowMs, this.timeouts.udpStreamSeconds);
        } else {
          this.#setExpiry(row, nowMs, this.timeouts.udpSeconds);
        }
        break;
      case "ICMP":
        this.#setExpiry(row, nowMs, this.timeouts.icmpSeconds);
        break;
      case "SCTP":
        this.#setExpiry(row, nowMs, this.timeouts.sctpSeconds);
        break;
    }
    return this.#view(row);
  }

  /**
   * The TCP connection of `tuple` was closed (FIN both ways): it moves to `TIME_WAIT` and
   * lives 120 s more. Returns whether a live TCP entry was found. Other protocols have no
   * close; their entries simply time out.
   */
  close(tuple: FiveTuple, nowMs: number): boolean {
    const row = this.#live(tuple, nowMs);
    if (row < 0 || this.#protocol(row) !== "TCP") return false;
    this.#setState(row, "TIME_WAIT");
    this.#setExpiry(row, nowMs, this.timeouts.tcpTimeWaitSeconds);
    return true;
  }

  /** Deletes the entry of `tuple` (either direction), as `conntrack -D` does. Returns whether there was one. */
  delete(tuple: FiveTuple): boolean {
    const row = this.#find(this.#tupleHash(tuple), tuple);
    if (row < 0) return false;
    this.#remove(row);
    return true;
  }

  /**
   * Deletes the stale UDP entries of service ports exactly as kube-proxy's
   * `CleanStaleEntries` filters them (pkg/proxy/conntrack/cleanup.go): UDP entries whose
   * original destination is `serviceIP:port` (`filterForIPPortNAT`) or whose original
   * destination port is the NodePort (`filterForPortNAT`), and whose reply source `ip:port`
   * is not a serving endpoint of that port. Entries already expired at `nowMs` are freed too.
   * Returns how many live entries were deleted.
   */
  deleteUDP(cleanups: UDPConntrackCleanup | readonly UDPConntrackCleanup[], nowMs?: number): number {
    if (nowMs !== undefined) this.#purge(nowMs, PURGE_BUDGET);
    const list: readonly UDPConntrackCleanup[] = isCleanupList(cleanups) ? cleanups : [cleanups];
    let n = 0;
    for (const cleanup of list) n += this.#deleteUDP(cleanup);
    return n;
  }

  #deleteUDP(cleanup: UDPConntrackCleanup): number {
    if (cleanup.servingEndpoints.length === 0) return 0;
    const serving = new Set(cleanup.servingEndpoints);
    const serviceIPs = new Set(cleanup.serviceIPs);
    const rows = this.#rows;
    const stale: number[] = [];
    const isStale = (row: number) =>
      !serving.has(`${rows.address(row, NAT_DST_IP)}:${rows.i32[row * ROW_I32 + NAT_PORTS]! & 0xffff}`);
    for (const row of this.#udpByPort.get(cleanup.port) ?? []) {
      if (serviceIPs.has(rows.address(row, DST_IP)) && isStale(row)) stale.push(row);
    }
    if (cleanup.nodePort !== 0) {
      for (const row of this.#udpByPort.get(cleanup.nodePort) ?? []) if (isStale(row)) stale.push(row);
    }
    let n = 0;
    for (const row of stale) {
      if (!rows.flag(row, ALIVE)) continue;
      this.#remove(row);
      n++;
    }
    return n;
  }

  /**
   * The packet walk's view ({@link FlowTable}): the translation of a flow the client opened
   * before, if its entry is live. A TCP entry in `TIME_WAIT` or `CLOSE` does not count: a new
   * SYN on that tuple starts a new connection, which goes through the NAT rules again (the
   * kernel kills the old entry and repeats the packet, nf_conntrack_proto_tcp.c).
   */
  find(original: FiveTuple, nowMs: number): TrackedFlow | undefined {
    const hash = this.#tupleHash(original);
    if (this.#byHash.first(hash) < 0) {
      // The common case of a new flow: remembered (with its parsed addresses), so that `add`
      // need not parse nor probe again.
      this.#miss = original;
      this.#missHash = hash;
      this.#missVersion = this.#version;
      this.#missSrcKey = this.#srcKey;
      this.#missDstKey = this.#dstKey;
      this.#missText = this.#probeText;
      return undefined;
    }
    const row = this.#find(hash, original);
    if (row < 0) return undefined;
    const rows = this.#rows;
    if (rows.f64[row * ROW_F64 + EXPIRES]! <= nowMs) {
      this.#remove(row);
      return undefined;
    }
    if (!this.#isOriginal(row, original)) return undefined;
    const state = rows.state(row);
    if (state === "TIME_WAIT" || state === "CLOSE") return undefined;
    const natPorts = rows.i32[row * ROW_I32 + NAT_PORTS] as number;
    return {
      dnat: { ip: rows.address(row, NAT_DST_IP), port: natPorts & 0xffff },
      snat: { ip: rows.address(row, NAT_SRC_IP), port: natPorts >>> 16 },
    };
  }

  /**
   * The packet walk's view ({@link FlowTable}): records a flow, {@link create} then, when it
   * was answered, {@link reply} (TCP `ESTABLISHED [ASSURED]`, UDP replied); an unanswered one
   * stays as created (TCP `SYN_SENT [UNREPLIED]`); a TCP connection refused with a RST
   * (`"reset"`) is `CLOSE` for 10 s.
   */
  add(original: FiveTuple, flow: TrackedFlow, nowMs: number, replied: boolean | "reset" = true): void {
    if (replied === "reset" && original.protocol === "TCP") {
      // The server's kernel answered the SYN with a RST (nothing listens): in the reply
      // direction a RST moves SYN_SENT to CLOSE (nf_conntrack_proto_tcp.c, tcp_conntracks),
      // the reply is seen but the flow never assured, and CLOSE lasts 10 s.
      const row = this.#insert(original, flow.snat, flow.dnat, nowMs, 0);
      this.#setState(row, "CLOSE");
      this.#set(row, SEEN_REPLY);
      this.#setExpiry(row, nowMs, this.timeouts.tcpCloseSeconds);
      return;
    }
    if (replied === true && original.protocol === "TCP") {
      // create() then reply() in one step: the entry starts ESTABLISHED [ASSURED], and only
      // its final expiry is queued (a SYN_SENT item would only be skipped when it came due).
      const row = this.#insert(original, flow.snat, flow.dnat, nowMs, 0);
      this.#setState(row, "ESTABLISHED");
      this.#set(row, SEEN_REPLY | ASSURED);
      this.#setExpiry(row, nowMs, this.timeouts.tcpEstablishedSeconds);
      return;
    }
    const row = this.#create(
      original,
      { protocol: original.protocol, src: flow.snat, dst: flow.dnat },
      nowMs,
      {},
    );
    if (replied === true) this.#replied(row, nowMs);
  }

  /**
   * Whether a new flow gets an entry at `nowMs` ({@link FlowTable.admits}): while the table
   * holds `nf_conntrack_max` live entries the kernel drops new flows ("nf_conntrack: table
   * full, dropping packet"). Entries already expired are reclaimed first, as the kernel's
   * garbage collection and `early_drop` would have freed them.
   */
  admits(nowMs: number): boolean {
    if (this.#count < this.maxEntries) return true;
    this.#purge(nowMs, Number.POSITIVE_INFINITY);
    return this.#count < this.maxEntries;
  }

  /** Number of live entries at `nowMs`. */
  size(nowMs: number): number {
    this.#purge(nowMs, Number.POSITIVE_INFINITY);
    return this.#count;
  }

  /**
   * Every live entry at `nowMs`, sorted by protocol, then original source address and port,
   * then original destination address and port (IPv4 addresses numerically).
   */
  entries(nowMs: number): ConntrackEntry[] {
    return this.#liveRows(nowMs)
      .map((row) => this.#view(row))
      .sort(compareEntries);
  }

  /** The rows live at `nowMs`, in row order. */
  #liveRows(nowMs: number): number[] {
    this.#purge(nowMs, Number.POSITIVE_INFINITY);
    const rows = this.#rows;
    const out: number[] = [];
    for (let row = 0; row < this.#used; row++)
      if (rows.flag(row, ALIVE) && rows.f64[row * ROW_F64 + EXPIRES]! > nowMs) out.push(row);
    return out;
  }

  /**
   * What `conntrack -L` prints at `nowMs`: one line per entry on stdout (libnetfilter_conntrack
   * `__snprintf_conntrack_default`), and the summary `conntrack v1.4.8 (conntrack-tools): N flow
   * entries have been shown.` on stderr (so it survives `| grep`).
   */
  dump(nowMs: number): { stdout: string; stderr: string } {
    // Read through views that are not kept: printing hands nothing out.
    const entries = this.#liveRows(nowMs)
      .map((row) => this.#views.get(row) ?? new EntryView(this.#rows, row))
      .sort(compareEntries);
    const stdout = entries.map((e) => `${formatEntry(e, nowMs)}\n`).join("");
    return {
      stdout,
      stderr: `conntrack v1.4.8 (conntrack-tools): ${entries.length} flow entries have been shown.\n`,
    };
  }

  #tcpTimeoutSeconds(state: ConntrackTCPState): number {
    switch (state) {
      case "SYN_SENT":
      case "SYN_RECV":
        return this.timeouts.tcpSynSentSeconds;
      case "ESTABLISHED":
        return this.timeouts.tcpEstablishedSeconds;
      case "CLOSE_WAIT":
        return this.timeouts.tcpCloseWaitSeconds;
      case "CLOSE":
        return this.timeouts.tcpCloseSeconds;
      default:
        return this.timeouts.tcpTimeWaitSeconds;
    }
  }

  /** The entry handed out for `row`: one per tracked flow. */
  #view(row: number): EntryView {
    let view = this.#views.get(row);
    if (!view) {
      view = new EntryView(this.#rows, row);
      this.#views.set(row, view);
    }
    return view;
  }

  #protocol(row: number): Protocol {
    return PROTOCOLS[this.#rows.i32[row * ROW_I32 + FLAGS]! & PROTOCOL_BITS] as Protocol;
  }

  #set(row: number, bits: number): void {
    this.#rows.i32[row * ROW_I32 + FLAGS]! |= bits;
  }

  #setState(row: number, state: ConntrackTCPState): void {
    const i = row * ROW_I32 + FLAGS;
    const i32 = this.#rows.i32;
    i32[i] = (i32[i]! & ~STATE_BITS) | (STATE_CODES[state] << STATE_SHIFT);
  }

  /** Parses the two addresses of a tuple into the scratch probe (`#srcKey`, `#dstKey`, `#probeText`). */
  #probe(src: string, dst: string): void {
    const s = ipv4Key(src);
    const d = ipv4Key(dst);
    this.#srcKey = s ?? textHash(src);
    this.#dstKey = d ?? textHash(dst);
    this.#probeText = s === undefined || d === undefined;
  }

  /** The index hash of `t` (and `t` parsed into the scratch probe). */
  #tupleHash(t: FiveTuple): number {
    this.#probe(t.src.ip, t.dst.ip);
    return hashOf(protocolCode(t.protocol), this.#srcKey, t.src.port, this.#dstKey, t.dst.port);
  }

  /** Whether `row`'s original tuple is `t` (the scratch probe holds `t`'s addresses). */
  #isOriginal(row: number, t: FiveTuple): boolean {
    return this.#is(row, t, PORTS, SRC_IP, DST_IP, ports(t.src.port, t.dst.port));
  }

  /** Whether `row`'s reply tuple (its translated tuple reversed) is `t` (in the scratch probe). */
  #isReply(row: number, t: FiveTuple): boolean {
    return this.#is(row, t, NAT_PORTS, NAT_DST_IP, NAT_SRC_IP, ports(t.dst.port, t.src.port));
  }

  /** Whether the tuple of `row` in the given slots (ports, source, destination) is `t`. */
  #is(
    row: number,
    t: FiveTuple,
    portsSlot: number,
    srcSlot: number,
    dstSlot: number,
    tPorts: number,
  ): boolean {
    const i32 = this.#rows.i32;
    const b = row * ROW_I32;
    const flags = i32[b + FLAGS] as number;
    // A removed row's index slots remain (see #byHash): it matches nothing.
    if ((flags & ALIVE) === 0) return false;
    if ((flags & PROTOCOL_BITS) !== PROTOCOL_CODES[t.protocol] || i32[b + portsSlot] !== tPorts) return false;
    if ((flags & TEXT) !== 0) {
      const texts = this.#rows.texts.get(row) as readonly string[];
      return texts[srcSlot - SRC_IP] === t.src.ip && texts[dstSlot - SRC_IP] === t.dst.ip;
    }
    return !this.#probeText && i32[b + srcSlot] === this.#srcKey && i32[b + dstSlot] === this.#dstKey;
  }

  /** The row not removed whose original or reply tuple is `tuple` (parsed into the scratch probe), expired or not; -1 if none. */
  #find(hash: number, tuple: FiveTuple): number {
    const index = this.#byHash;
    for (let slot = index.first(hash); slot >= 0; slot = index.next(hash, slot)) {
      const row = index.valueAt(slot);
      if (this.#isOriginal(row, tuple) || this.#isReply(row, tuple)) return row;
    }
    return -1;
  }

  /**
   * {@link #find} for the reverse of `protocol src -> dst` (the reply tuple of a translation),
   * without building it: the row whose original or reply tuple is `dst -> src`.
   */
  #findReversed(
    hash: number,
    protocol: number,
    src: SocketAddress,
    dst: SocketAddress,
    srcKey: number,
    dstKey: number,
    text: boolean,
  ): number {
    const index = this.#byHash;
    const i32 = this.#rows.i32;
    const reversed = ports(dst.port, src.port);
    const natPorts = ports(src.port, dst.port);
    for (let slot = index.first(hash); slot >= 0; slot = index.next(hash, slot)) {
      const row = index.valueAt(slot);
      const b = row * ROW_I32;
      const flags = i32[b + FLAGS] as number;
      if ((flags & ALIVE) === 0 || (flags & PROTOCOL_BITS) !== protocol) continue;
      if ((flags & TEXT) !== 0) {
        const t = this.#rows.texts.get(row) as readonly string[];
        if (
          (i32[b + PORTS] === reversed && t[0] === dst.ip && t[1] === src.ip) ||
          (i32[b + NAT_PORTS] === natPorts && t[3] === dst.ip && t[2] === src.ip)
        )
          return row;
      } else if (
        !text &&
        ((i32[b + PORTS] === reversed && i32[b + SRC_IP] === dstKey && i32[b + DST_IP] === srcKey) ||
          (i32[b + NAT_PORTS] === natPorts &&
            i32[b + NAT_DST_IP] === dstKey &&
            i32[b + NAT_SRC_IP] === srcKey))
      )
        return row;
    }
    return -1;
  }

  /** The live row of `tuple` at `nowMs` (either direction), or -1; an expired one found is freed. */
  #live(tuple: FiveTuple, nowMs: number): number {
    const row = this.#find(this.#tupleHash(tuple), tuple);
    if (row < 0) return -1;
    if (this.#rows.f64[row * ROW_F64 + EXPIRES]! <= nowMs) {
      this.#remove(row);
      return -1;
    }
    return row;
  }

  #setExpiry(row: number, nowMs: number, seconds: number): void {
    const timeoutMs = seconds * 1000;
    const f64 = this.#rows.f64;
    const f = row * ROW_F64;
    const expiresAtMs = nowMs + timeoutMs;
    f64[f + EXPIRES] = expiresAtMs;
    // Same duration: the queued item will find the row refreshed and queue it again. A new
    // duration gets its own item, so a shorter timeout (TIME_WAIT after ESTABLISHED) frees
    // the row on time; the old item is skipped when it comes due.
    if (f64[f + TIMEOUT] === timeoutMs && f64[f + QUEUED_AT]! >= 0) return;
    f64[f + TIMEOUT] = timeoutMs;
    f64[f + QUEUED_AT] = expiresAtMs;
    this.#rows.i32[row * ROW_I32 + QUEUED]!++;
    this.#expiry.push(timeoutMs, expiresAtMs, row);
  }

  #purge(nowMs: number, budget: number): void {
    if (this.#expiry.size > 2 * this.#count + 1024) this.#expiry.compact(this.#keepItem);
    this.#purgeAtMs = nowMs;
    this.#expiry.drain(nowMs, budget, this.#expireItem);
  }

  /** The instant of the running {@link #purge} (read by {@link #expireItem}). */
  #purgeAtMs = 0;

  /** Whether an expiry item of `row` is its current one. */
  #isCurrent(row: number, atMs: number, classMs: number): boolean {
    const f = row * ROW_F64;
    const f64 = this.#rows.f64;
    return this.#rows.flag(row, ALIVE) && classMs === f64[f + TIMEOUT] && atMs === f64[f + QUEUED_AT];
  }

  /** An expiry item came due. Created once: a closure per purge (one per insert) would be garbage. */
  readonly #expireItem = (row: number, atMs: number, classMs: number): void => {
    this.#rows.i32[row * ROW_I32 + QUEUED]!--;
    // Only the row's current item counts; items of a duration it no longer uses are stale.
    if (!this.#isCurrent(row, atMs, classMs)) {
      this.#release(row);
      return;
    }
    const f64 = this.#rows.f64;
    const f = row * ROW_F64;
    const expiresAtMs = f64[f + EXPIRES] as number;
    if (expiresAtMs <= this.#purgeAtMs) {
      this.#remove(row);
    } else {
      // Refreshed since it was queued: wait again until its new expiry.
      f64[f + QUEUED_AT] = expiresAtMs;
      this.#rows.i32[row * ROW_I32 + QUEUED]!++;
      this.#expiry.push(classMs, expiresAtMs, row);
    }
  };

  /** Whether compaction keeps an expiry item: only a row's current one. */
  readonly #keepItem = (row: number, atMs: number, classMs: number): boolean => {
    if (this.#isCurrent(row, atMs, classMs)) return true;
    this.#rows.i32[row * ROW_I32 + QUEUED]!--;
    this.#release(row);
    return false;
  };

  /** Frees a gone row for a later flow once no expiry item points at it (no stale item may mistake its next flow for its last). */
  #release(row: number): void {
    const i32 = this.#rows.i32;
    const b = row * ROW_I32;
    if ((i32[b + FLAGS]! & ALIVE) === 0 && i32[b + QUEUED] === 0) {
      // Marked so that a second release (another stale item) cannot free it twice.
      i32[b + QUEUED] = -1;
      this.#free.push(row);
    }
  }

  /**
   * Before `slots` more index slots are added: when that would grow the index while some of its
   * slots belong to removed rows, the index is rebuilt from the live rows instead, with a third
   * of it in use at most. So a rebuild, O(capacity), comes after at least capacity / 6 adds.
   */
  #makeRoom(slots: number): void {
    const index = this.#byHash;
    if ((index.size + slots) * 2 <= index.capacity || index.size === this.#liveSlots) return;
    let capacity = index.capacity;
    while ((this.#liveSlots + slots) * 3 > capacity) capacity *= 2;
    const fresh = capacity === index.capacity ? index.cleared() : new HashIndex(capacity);
    const i32 = this.#rows.i32;
    for (let row = 0; row < this.#used; row++) {
      const b = row * ROW_I32;
      if ((i32[b + FLAGS]! & ALIVE) === 0) continue;
      const originalHash = i32[b + ORIGINAL_HASH] as number;
      const replyHash = i32[b + REPLY_HASH] as number;
      fresh.add(originalHash, row);
      if (replyHash !== originalHash) fresh.add(replyHash, row);
    }
    this.#byHash = fresh;
  }

  #remove(row: number): void {
    const rows = this.#rows;
    const b = row * ROW_I32;
    const i32 = rows.i32;
    if ((i32[b + FLAGS]! & ALIVE) === 0) return;
    this.#views.get(row)?.detach();
    this.#views.delete(row);
    i32[b + FLAGS] = i32[b + FLAGS]! & ~ALIVE;
    const originalHash = i32[b + ORIGINAL_HASH] as number;
    const replyHash = i32[b + REPLY_HASH] as number;
    // Its index slots stay (see #byHash).
    this.#liveSlots -= replyHash === originalHash ? 1 : 2;
    this.#count--;
    if ((i32[b + FLAGS]! & PROTOCOL_BITS) === PROTOCOL_CODES.UDP) {
      const port = i32[b + PORTS]! & 0xffff;
      const set = this.#udpByPort.get(port);
      set?.delete(row);
      if (set?.size === 0) this.#udpByPort.delete(port);
    }
    rows.texts.delete(row);
    rows.marks.delete(row);
    this.#release(row);
  }
}

function isCleanupList(
  c: UDPConntrackCleanup | readonly UDPConntrackCleanup[],
): c is readonly UDPConntrackCleanup[] {
  return Array.isArray(c);
}

const PROTOCOL_NUMBERS: Readonly<Record<Protocol, number>> = { TCP: 6, UDP: 17, SCTP: 132, ICMP: 1 };

function formatTuple(t: FiveTuple, icmpType: number): string {
  const addresses = `src=${t.src.ip} dst=${t.dst.ip} `;
  if (t.protocol === "ICMP") return `${addresses}type=${icmpType} code=0 id=${t.src.port || t.dst.port} `;
  return `${addresses}sport=${t.src.port} dport=${t.dst.port} `;
}

function formatEntry(e: ConntrackEntry, nowMs: number): string {
  const name = e.original.protocol.toLowerCase();
  let line = `${name.padEnd(8)} ${PROTOCOL_NUMBERS[e.original.protocol]} `;
  line += `${Math.floor((e.expiresAtMs - nowMs) / 1000)} `;
  if (e.state !== undefined) line += `${e.state} `;
  if (e.original.protocol === "SCTP") line += e.seenReply ? "ESTABLISHED " : "COOKIE_WAIT ";
  // ICMP echo request out, echo reply back (type 8 / type 0).
  line += formatTuple(e.original, 8);
  if (!e.seenReply) line += "[UNREPLIED] ";
  line += formatTuple(e.reply, 0);
  if (e.assured) line += "[ASSURED] ";
  line += `mark=${e.mark} use=1`;
  return line;
}

function ipv4Number(ip: string): number | undefined {
  const parts = ip.split(".");
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    const v = Number(p);
    if (!Number.isInteger(v) || v < 0 || v > 255) return undefined;
    n = n * 256 + v;
  }
  return n;
}

function compareIPs(a: string, b: string): number {
  const x = ipv4Number(a);
  const y = ipv4Number(b);
  if (x !== undefined && y !== undefined) return x - y;
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareEntries(a: ConntrackEntry, b: ConntrackEntry): number {
  const p =
    a.original.protocol < b.original.protocol ? -1 : a.original.protocol > b.original.protocol ? 1 : 0;
  return (
    p ||
    compareIPs(a.original.src.ip, b.original.src.ip) ||
    a.original.src.port - b.original.src.port ||
    compareIPs(a.original.dst.ip, b.original.dst.ip) ||
    a.original.dst.port - b.original.dst.port
  );
}

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

/** Gone entries kept for reuse, at most. */
const POOL_MAX = 4096;

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

/** 2^30: an instant is stored as `hi * SPLIT + lo`, both small integers for integral instants. */
const SPLIT = 1073741824;

function hiOfMs(ms: number): number {
  return Math.floor(ms / SPLIT);
}

function loOfMs(ms: number): number {
  return ms - Math.floor(ms / SPLIT) * SPLIT;
}

function joinMs(hi: number, lo: number): number {
  return hi * SPLIT + lo;
}

/**
 * One entry, its tuples kept as plain fields: a tracked flow is one object on the heap, not
 * five (two tuples and their addresses), which is what the garbage collector copies and marks
 * for every flow that lives on. The tuple objects are built when first asked for. An entry
 * nobody outside the table ever saw is reused for a later flow once it is gone (see
 * {@link ConntrackTable}), so a steady stream of new flows allocates no entries at all.
 */
class Entry implements ConntrackEntry {
  protocol!: Protocol;
  /** The original tuple: `src ip:port -> dst ip:port`. */
  srcIP!: string;
  srcPort!: number;
  dstIP!: string;
  dstPort!: number;
  /** The translated tuple (after DNAT/SNAT). */
  natSrcIP!: string;
  natSrcPort!: number;
  natDstIP!: string;
  natDstPort!: number;
  mark!: number;
  /** Hashes of the original and reply tuples: the keys of the table's index. */
  originalHash!: number;
  replyHash!: number;
  state: ConntrackTCPState | undefined;
  seenReply = false;
  assured = false;
  /** The timeout (ms) that set `expiresAtMs`: the expiry queue it waits in. */
  timeoutMs = 0;
  alive = true;
  /** Handed out by a public method (so it may be held and read later): never reused. */
  exposed = false;
  /** Expiry items that point at the entry; it is reused only when none is left. */
  queued = 0;
  // Instants (epoch milliseconds, beyond V8's small integers) kept as two small integers each,
  // `hi * 2^30 + lo` (exact for any double): a number field that is not a small integer is a
  // separate heap object in V8, three more objects per tracked flow for the collector.
  #createdHi = 0;
  #createdLo = 0;
  #expiresHi = 0;
  #expiresLo = 0;
  #queuedHi = -1;
  #queuedLo = SPLIT - 1;
  #original: FiveTuple | undefined;
  #translated: FiveTuple | undefined;

  get createdAtMs(): number {
    return joinMs(this.#createdHi, this.#createdLo);
  }

  get expiresAtMs(): number {
    return joinMs(this.#expiresHi, this.#expiresLo);
  }

  set expiresAtMs(ms: number) {
    this.#expiresHi = hiOfMs(ms);
    this.#expiresLo = loOfMs(ms);
  }

  /** When the entry's current expiry item (in the queue of `timeoutMs`) is due; -1 before the first. */
  get queuedAtMs(): number {
    return joinMs(this.#queuedHi, this.#queuedLo);
  }

  set queuedAtMs(ms: number) {
    this.#queuedHi = hiOfMs(ms);
    this.#queuedLo = loOfMs(ms);
  }

  /** The original tuple; the same object every time. */
  get original(): FiveTuple {
    this.#original ??= {
      protocol: this.protocol,
      src: { ip: this.srcIP, port: this.srcPort },
      dst: { ip: this.dstIP, port: this.dstPort },
    };
    return this.#original;
  }

  /** The translated tuple; the same object every time. */
  get translated(): FiveTuple {
    this.#translated ??= {
      protocol: this.protocol,
      src: { ip: this.natSrcIP, port: this.natSrcPort },
      dst: { ip: this.natDstIP, port: this.natDstPort },
    };
    return this.#translated;
  }

  /** Built when asked for: the index compares replies field by field, so a new flow allocates no reply tuple. */
  get reply(): FiveTuple {
    const t = this.translated;
    return { protocol: this.protocol, src: t.dst, dst: t.src };
  }

  constructor(
    original: FiveTuple,
    natSrc: SocketAddress,
    natDst: SocketAddress,
    translated: FiveTuple | undefined,
    nowMs: number,
    mark: number,
    originalHash: number,
  ) {
    this.init(original, natSrc, natDst, translated, nowMs, mark, originalHash);
  }

  /**
   * (Re)starts the entry as a new flow. `original` and `translated` are kept as given when they
   * are tuples a caller built (`create`).
   */
  init(
    original: FiveTuple,
    natSrc: SocketAddress,
    natDst: SocketAddress,
    translated: FiveTuple | undefined,
    nowMs: number,
    mark: number,
    originalHash: number,
  ): void {
    this.protocol = original.protocol;
    this.srcIP = original.src.ip;
    this.srcPort = original.src.port;
    this.dstIP = original.dst.ip;
    this.dstPort = original.dst.port;
    this.natSrcIP = natSrc.ip;
    this.natSrcPort = natSrc.port;
    this.natDstIP = natDst.ip;
    this.natDstPort = natDst.port;
    this.#original = translated === undefined ? undefined : original;
    this.#translated = translated;
    this.mark = mark;
    this.originalHash = originalHash;
    this.replyHash = hashOf(this.protocol, natDst.ip, natDst.port, natSrc.ip, natSrc.port);
    this.state = undefined;
    this.seenReply = false;
    this.assured = false;
    this.timeoutMs = 0;
    this.alive = true;
    this.exposed = false;
    this.queued = 0;
    this.#createdHi = hiOfMs(nowMs);
    this.#createdLo = loOfMs(nowMs);
    this.#expiresHi = 0;
    this.#expiresLo = 0;
    this.queuedAtMs = -1;
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
  /**
   * Entries by the hash of their original and of their reply tuple (a number: hashing a
   * built string per packet costs far more).
   */
  readonly #byHash = new HashIndex<Entry>();
  /** UDP entries by original destination port, for kube-proxy's cleanup. */
  readonly #udpByPort = new Map<number, Set<Entry>>();
  readonly #expiry = new ExpiryQueues<Entry>();
  #count = 0;
  /**
   * The last tuple {@link find} saw no index slot at all for, its hash, and the index version
   * then: the packet walk's `find` then `add` of a new flow probes the index once, not twice.
   */
  #miss: FiveTuple | undefined;
  #missHash = 0;
  #missVersion = -1;
  /** Bumped whenever a hash gains an index slot (a miss stays a miss until then). */
  #version = 0;
  /** Gone entries no caller holds and no expiry item points at, ready for new flows. */
  readonly #pool: Entry[] = [];

  constructor(options: { timeouts?: Partial<ConntrackTimeouts>; maxEntries?: number } = {}) {
    this.timeouts = { ...DEFAULT_CONNTRACK_TIMEOUTS, ...options.timeouts };
    this.maxEntries = options.maxEntries ?? DEFAULT_CONNTRACK_MAX;
  }

  /**
   * The flow `tuple` belongs to, in either direction, if its entry is live at `nowMs`. A packet
   * that matches nothing is the first of a new flow (conntrack state NEW).
   */
  lookup(tuple: FiveTuple, nowMs: number): ConntrackMatch | undefined {
    const entry = this.#live(tuple, nowMs);
    if (!entry) return undefined;
    entry.exposed = true;
    if (isOriginalOf(entry, tuple)) return { entry, direction: "original", translated: entry.translated };
    return {
      entry,
      direction: "reply",
      translated: {
        protocol: tuple.protocol,
        src: { ip: entry.dstIP, port: entry.dstPort },
        dst: { ip: entry.srcIP, port: entry.srcPort },
      },
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
    const entry = this.#create(original, translated, nowMs, options);
    entry.exposed = true;
    return entry;
  }

  #create(original: FiveTuple, translated: FiveTuple, nowMs: number, options: ConntrackCreateOptions): Entry {
    if (original.protocol !== translated.protocol)
      throw new Error("ConntrackTable.create: NAT cannot change the protocol");
    const entry = this.#insert(
      original,
      translated.src,
      translated.dst,
      translated,
      nowMs,
      options.mark ?? 0,
    );
    switch (original.protocol) {
      case "TCP":
        entry.state = "SYN_SENT";
        this.#setExpiry(entry, nowMs, this.timeouts.tcpSynSentSeconds);
        break;
      case "UDP":
        this.#setExpiry(entry, nowMs, this.timeouts.udpSeconds);
        break;
      case "ICMP":
        this.#setExpiry(entry, nowMs, this.timeouts.icmpSeconds);
        break;
      case "SCTP":
        this.#setExpiry(entry, nowMs, this.timeouts.sctpSeconds);
        break;
    }
    return entry;
  }

  /** A new entry in the index (replacing any live entry using either tuple), with no state or expiry yet. */
  #insert(
    original: FiveTuple,
    natSrc: SocketAddress,
    natDst: SocketAddress,
    translated: FiveTuple | undefined,
    nowMs: number,
    mark: number,
  ): Entry {
    this.#purge(nowMs, PURGE_BUDGET);
    // Removing entries never gives a hash a slot, so a miss of `find` still holds after the purge.
    const knownAbsent = original === this.#miss && this.#missVersion === this.#version;
    this.#miss = undefined;
    const originalHash = knownAbsent ? this.#missHash : tupleHash(original);
    const reused = this.#pool.pop();
    let entry: Entry;
    if (reused) {
      entry = reused;
      entry.init(original, natSrc, natDst, translated, nowMs, mark, originalHash);
    } else entry = new Entry(original, natSrc, natDst, translated, nowMs, mark, originalHash);
    const replyHash = entry.replyHash;
    if (!knownAbsent) {
      const old = this.#find(originalHash, original);
      if (old) this.#remove(old);
    }
    const oldReply = this.#findReversed(replyHash, entry.protocol, natSrc, natDst);
    if (oldReply) this.#remove(oldReply);
    this.#byHash.add(originalHash, entry);
    if (replyHash !== originalHash) this.#byHash.add(replyHash, entry);
    this.#version++;
    this.#count++;
    if (original.protocol === "UDP") {
      let set = this.#udpByPort.get(original.dst.port);
      if (!set) {
        set = new Set();
        this.#udpByPort.set(original.dst.port, set);
      }
      set.add(entry);
    }
    return entry;
  }

  /**
   * The flow of `tuple` saw its reply. TCP: the handshake completed, so the entry becomes
   * `ESTABLISHED` and `[ASSURED]` with the established timeout (the simulator completes the
   * handshake at one instant; the kernel passes through `SYN_RECV` and assures on the final
   * ACK). UDP and ICMP: `[UNREPLIED]` goes away and the timeout restarts. Returns the entry,
   * or `undefined` when none is live.
   */
  reply(tuple: FiveTuple, nowMs: number): ConntrackEntry | undefined {
    const entry = this.#live(tuple, nowMs);
    if (!entry) return undefined;
    this.#replied(entry, nowMs);
    entry.exposed = true;
    return entry;
  }

  #replied(entry: Entry, nowMs: number): void {
    entry.seenReply = true;
    switch (entry.protocol) {
      case "TCP":
        if (entry.state === "SYN_SENT" || entry.state === "SYN_RECV") {
          entry.state = "ESTABLISHED";
          entry.assured = true;
        }
        this.#setExpiry(entry, nowMs, this.#tcpTimeoutSeconds(entry.state!));
        break;
      case "UDP":
        this.#setExpiry(entry, nowMs, this.timeouts.udpSeconds);
        break;
      case "ICMP":
        this.#setExpiry(entry, nowMs, this.timeouts.icmpSeconds);
        break;
      case "SCTP":
        entry.assured = true;
        this.#setExpiry(entry, nowMs, this.timeouts.sctpSeconds);
        break;
    }
  }

  /**
   * Another packet of an existing flow (either direction): restarts its timeout. A UDP flow
   * that has seen a reply and is still active 2 s after it began becomes a stream:
   * `[ASSURED]`, with the stream timeout (nf_conntrack_proto_udp.c `udp_packet`).
   */
  touch(tuple: FiveTuple, nowMs: number): ConntrackEntry | undefined {
    const entry = this.#live(tuple, nowMs);
    if (!entry) return undefined;
    entry.exposed = true;
    switch (entry.protocol) {
      case "TCP":
        this.#setExpiry(entry, nowMs, this.#tcpTimeoutSeconds(entry.state!));
        break;
      case "UDP":
        if (entry.seenReply && nowMs > entry.createdAtMs + UDP_STREAM_AFTER_MS) {
          entry.assured = true;
          this.#setExpiry(entry, nowMs, this.timeouts.udpStreamSeconds);
        } else {
          this.#setExpiry(entry, nowMs, this.timeouts.udpSeconds);
        }
        break;
      case "ICMP":
        this.#setExpiry(entry, nowMs, this.timeouts.icmpSeconds);
        break;
      case "SCTP":
        this.#setExpiry(entry, nowMs, this.timeouts.sctpSeconds);
        break;
    }
    return entry;
  }

  /**
   * The TCP connection of `tuple` was closed (FIN both ways): it moves to `TIME_WAIT` and
   * lives 120 s more. Returns whether a live TCP entry was found. Other protocols have no
   * close; their entries simply time out.
   */
  close(tuple: FiveTuple, nowMs: number): boolean {
    const entry = this.#live(tuple, nowMs);
    if (entry?.protocol !== "TCP") return false;
    entry.state = "TIME_WAIT";
    this.#setExpiry(entry, nowMs, this.timeouts.tcpTimeWaitSeconds);
    return true;
  }

  /** Deletes the entry of `tuple` (either direction), as `conntrack -D` does. Returns whether there was one. */
  delete(tuple: FiveTuple): boolean {
    const entry = this.#find(tupleHash(tuple), tuple);
    if (!entry) return false;
    this.#remove(entry);
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
    const stale: Entry[] = [];
    const isStale = (e: Entry) => !serving.has(`${e.natDstIP}:${e.natDstPort}`);
    for (const e of this.#udpByPort.get(cleanup.port) ?? []) {
      if (serviceIPs.has(e.dstIP) && isStale(e)) stale.push(e);
    }
    if (cleanup.nodePort !== 0) {
      for (const e of this.#udpByPort.get(cleanup.nodePort) ?? []) if (isStale(e)) stale.push(e);
    }
    let n = 0;
    for (const e of stale) {
      if (!e.alive) continue;
      this.#remove(e);
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
    const hash = tupleHash(original);
    if (this.#byHash.first(hash) < 0) {
      // The common case of a new flow: remembered, so that `add` need not probe again.
      this.#miss = original;
      this.#missHash = hash;
      this.#missVersion = this.#version;
      return undefined;
    }
    const entry = this.#find(hash, original);
    if (!entry) return undefined;
    if (entry.expiresAtMs <= nowMs) {
      this.#remove(entry);
      return undefined;
    }
    if (!isOriginalOf(entry, original)) return undefined;
    if (entry.state === "TIME_WAIT" || entry.state === "CLOSE") return undefined;
    const t = entry.translated;
    return { dnat: t.dst, snat: t.src };
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
      const entry = this.#insert(original, flow.snat, flow.dnat, undefined, nowMs, 0);
      entry.state = "CLOSE";
      entry.seenReply = true;
      this.#setExpiry(entry, nowMs, this.timeouts.tcpCloseSeconds);
      return;
    }
    if (replied === true && original.protocol === "TCP") {
      // create() then reply() in one step: the entry starts ESTABLISHED [ASSURED], and only
      // its final expiry is queued (a SYN_SENT item would only be skipped when it came due).
      const entry = this.#insert(original, flow.snat, flow.dnat, undefined, nowMs, 0);
      entry.state = "ESTABLISHED";
      entry.seenReply = true;
      entry.assured = true;
      this.#setExpiry(entry, nowMs, this.timeouts.tcpEstablishedSeconds);
      return;
    }
    const entry = this.#create(
      original,
      { protocol: original.protocol, src: flow.snat, dst: flow.dnat },
      nowMs,
      {},
    );
    if (replied === true) this.#replied(entry, nowMs);
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
    const out = this.#entries(nowMs);
    for (const e of out) e.exposed = true;
    return out;
  }

  #entries(nowMs: number): Entry[] {
    this.#purge(nowMs, Number.POSITIVE_INFINITY);
    // Each entry is indexed under its original and its reply hash: keep it once.
    const out: Entry[] = [];
    this.#byHash.forEach((hash, e) => {
      if (hash === e.originalHash && e.expiresAtMs > nowMs) out.push(e);
    });
    return out.sort(compareEntries);
  }

  /**
   * What `conntrack -L` prints at `nowMs`: one line per entry on stdout (libnetfilter_conntrack
   * `__snprintf_conntrack_default`), and the summary `conntrack v1.4.8 (conntrack-tools): N flow
   * entries have been shown.` on stderr (so it survives `| grep`).
   */
  dump(nowMs: number): { stdout: string; stderr: string } {
    const entries = this.#entries(nowMs);
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

  /** The entry whose original or reply tuple is `tuple`, live or not. */
  #find(hash: number, tuple: FiveTuple): Entry | undefined {
    const index = this.#byHash;
    for (let slot = index.first(hash); slot >= 0; slot = index.next(hash, slot)) {
      const e = index.valueAt(slot);
      if (isOriginalOf(e, tuple) || isReplyOf(e, tuple)) return e;
    }
    return undefined;
  }

  /** {@link #find} for the reverse of `protocol src -> dst` (the reply tuple of a translation), without building it. */
  #findReversed(hash: number, protocol: Protocol, src: SocketAddress, dst: SocketAddress): Entry | undefined {
    const index = this.#byHash;
    for (let slot = index.first(hash); slot >= 0; slot = index.next(hash, slot)) {
      const e = index.valueAt(slot);
      if (isReverseOf(e, protocol, src, dst)) return e;
    }
    return undefined;
  }

  #live(tuple: FiveTuple, nowMs: number): Entry | undefined {
    const entry = this.#find(tupleHash(tuple), tuple);
    if (!entry) return undefined;
    if (entry.expiresAtMs <= nowMs) {
      this.#remove(entry);
      return undefined;
    }
    return entry;
  }

  #setExpiry(entry: Entry, nowMs: number, seconds: number): void {
    const timeoutMs = seconds * 1000;
    entry.expiresAtMs = nowMs + timeoutMs;
    // Same duration: the queued item will find the entry refreshed and queue it again. A new
    // duration gets its own item, so a shorter timeout (TIME_WAIT after ESTABLISHED) frees
    // the entry on time; the old item is skipped when it comes due.
    if (entry.timeoutMs === timeoutMs && entry.queuedAtMs >= 0) return;
    entry.timeoutMs = timeoutMs;
    entry.queuedAtMs = entry.expiresAtMs;
    entry.queued++;
    this.#expiry.push(timeoutMs, entry.expiresAtMs, entry);
  }

  #purge(nowMs: number, budget: number): void {
    if (this.#expiry.size > 2 * this.#count + 1024) this.#expiry.compact(this.#keepItem);
    this.#purgeAtMs = nowMs;
    this.#expiry.drain(nowMs, budget, this.#expireItem);
  }

  /** The instant of the running {@link #purge} (read by {@link #expireItem}). */
  #purgeAtMs = 0;

  /** An expiry item came due. Created once: a closure per purge (one per insert) would be garbage. */
  readonly #expireItem = (entry: Entry, atMs: number, classMs: number): void => {
    entry.queued--;
    // Only the entry's current item counts; items of a duration it no longer uses are stale.
    if (!entry.alive || classMs !== entry.timeoutMs || atMs !== entry.queuedAtMs) {
      this.#release(entry);
      return;
    }
    if (entry.expiresAtMs <= this.#purgeAtMs) {
      this.#remove(entry);
    } else {
      // Refreshed since it was queued: wait again until its new expiry.
      entry.queuedAtMs = entry.expiresAtMs;
      entry.queued++;
      this.#expiry.push(classMs, entry.expiresAtMs, entry);
    }
  };

  /** Whether compaction keeps an expiry item: only an entry's current one. */
  readonly #keepItem = (entry: Entry, atMs: number, classMs: number): boolean => {
    if (entry.alive && classMs === entry.timeoutMs && atMs === entry.queuedAtMs) return true;
    entry.queued--;
    this.#release(entry);
    return false;
  };

  /**
   * Keeps a gone entry for a later flow when nothing can reach it any more: no caller was
   * handed it, and no expiry item points at it (so no stale item can mistake its next flow
   * for its last). At most {@link POOL_MAX}, so a mass expiry does not pin memory.
   */
  #release(entry: Entry): void {
    if (!entry.alive && entry.queued === 0 && !entry.exposed && this.#pool.length < POOL_MAX)
      this.#pool.push(entry);
  }

  #remove(entry: Entry): void {
    if (!entry.alive) return;
    entry.alive = false;
    this.#byHash.remove(entry.originalHash, entry);
    if (entry.replyHash !== entry.originalHash) this.#byHash.remove(entry.replyHash, entry);
    this.#count--;
    if (entry.protocol === "UDP") {
      const set = this.#udpByPort.get(entry.dstPort);
      set?.delete(entry);
      if (set?.size === 0) this.#udpByPort.delete(entry.dstPort);
    }
    this.#release(entry);
  }
}

function isCleanupList(
  c: UDPConntrackCleanup | readonly UDPConntrackCleanup[],
): c is readonly UDPConntrackCleanup[] {
  return Array.isArray(c);
}

/** Whether `t` is the reply tuple of `e` (its translated tuple reversed). */
function isReplyOf(e: Entry, t: FiveTuple): boolean {
  return (
    e.protocol === t.protocol &&
    e.natDstPort === t.src.port &&
    e.natSrcPort === t.dst.port &&
    e.natDstIP === t.src.ip &&
    e.natSrcIP === t.dst.ip
  );
}

/** Whether `t` is the original tuple of `e`. */
function isOriginalOf(e: Entry, t: FiveTuple): boolean {
  return (
    e.srcPort === t.src.port &&
    e.dstPort === t.dst.port &&
    e.protocol === t.protocol &&
    e.srcIP === t.src.ip &&
    e.dstIP === t.dst.ip
  );
}

/** Whether the reverse of the tuple `protocol src -> dst` is the original or the reply tuple of `e`. */
function isReverseOf(e: Entry, protocol: Protocol, src: SocketAddress, dst: SocketAddress): boolean {
  return (
    e.protocol === protocol &&
    ((e.srcPort === dst.port && e.dstPort === src.port && e.srcIP === dst.ip && e.dstIP === src.ip) ||
      (e.natDstPort === dst.port &&
        e.natSrcPort === src.port &&
        e.natDstIP === dst.ip &&
        e.natSrcIP === src.ip))
  );
}

/** A 32-bit hash of an address: its value for dotted-quad IPv4, FNV-1a of the text otherwise. */
function addressHash(ip: string): number {
  let value = 0;
  let octet = 0;
  let dots = 0;
  for (let i = 0; i < ip.length; i++) {
    const c = ip.charCodeAt(i);
    if (c === 46) {
      value = ((value << 8) | octet) >>> 0;
      octet = 0;
      dots++;
    } else if (c >= 48 && c <= 57) octet = octet * 10 + (c - 48);
    else return textHash(ip);
  }
  return dots === 3 ? ((value << 8) | octet) >>> 0 : textHash(ip);
}

function textHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const PROTOCOL_CODES: Readonly<Record<string, number>> = { TCP: 1, UDP: 2, SCTP: 3, ICMP: 4 };

/** A small-integer hash of a 5-tuple (a V8 Smi, so the index map hashes it without allocating). */
function tupleHash(t: FiveTuple): number {
  return hashOf(t.protocol, t.src.ip, t.src.port, t.dst.ip, t.dst.port);
}

function hashOf(protocol: Protocol, srcIP: string, srcPort: number, dstIP: string, dstPort: number): number {
  let h = Math.imul(addressHash(srcIP), 0x9e3779b1);
  h = Math.imul(h ^ ((srcPort << 3) | (PROTOCOL_CODES[protocol] ?? 0)), 0x85ebca6b);
  h = Math.imul(h ^ addressHash(dstIP), 0xc2b2ae35);
  h = Math.imul(h ^ dstPort, 0x27d4eb2f);
  h ^= h >>> 15;
  return h & 0x3fffffff;
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

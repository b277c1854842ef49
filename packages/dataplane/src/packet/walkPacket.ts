/**
 * The packet walk: one request from a pod, a node or an outside machine, followed through the
 * same stages a Linux node would put it through: the client's socket and routing table, the
 * veth and bridge, conntrack, kube-proxy's rules at PREROUTING/OUTPUT, routing on the node,
 * the CNI's crossing to another node, SNAT at POSTROUTING, and finally the listening socket
 * of a container (or nothing, and a refusal). Each stage either passes the packet on or ends
 * the walk with a verdict, as turmoil-style rule chains do.
 *
 * @module
 */
import type { Chooser, ProxyPacket } from "../kubeproxy/ProxyMode.js";
import type {
  AppRequest,
  AppResponse,
  Backend,
  FiveTuple,
  Hop,
  Origin,
  Protocol,
  SocketAddress,
  Trace,
  Verdict,
} from "./Packet.js";
import type { FlowTable, Listener, PodEndpoint, TrackedFlow, WalkWorld } from "./WalkWorld.js";

/** One-way latency of a hop inside a node (veth, bridge, loopback), in milliseconds. */
const LOCAL_HOP_MS = 0.04;
/** One-way latency between two nodes (or a node and an outside machine). */
const WIRE_HOP_MS = 0.2;
/** How long the kernel tries ARP before reporting EHOSTUNREACH (3 probes, 1 s apart: `ucast_solicit`, `retrans_time_ms`). */
const ARP_FAILURE_MS = 3000;

/** A request to walk. */
export interface WalkRequest {
  readonly origin: Origin;
  readonly protocol: Protocol;
  readonly dst: SocketAddress;
  readonly request: AppRequest;
  /** Reuse this source port (a packet of an established connection); otherwise a fresh ephemeral port. */
  readonly srcPort?: number;
  /** Record hops (slower); without it the trace has no hops. */
  readonly trace: boolean;
  /** How long the client waits before giving up when nothing comes back. */
  readonly timeoutMs: number;
}

/**
 * A network namespace: its name (`host kind-worker`), or the pod whose namespace it is, named
 * only when a trace or a refusal needs the text (most packets never do).
 */
type Netns = string | PodEndpoint;

function netnsName(ns: Netns): string {
  return typeof ns === "string" ? ns : `pod ${ns.namespace}/${ns.name}`;
}

/** How the packet leaves a node, which decides the address masquerade gives it. */
type Egress = "bridge" | "overlay" | "wire";

/** What the kernel reports when a new flow finds the conntrack table full (net/netfilter/nf_conntrack_core.c). */
const TABLE_FULL = "nf_conntrack: table full, dropping packet";

/**
 * The state of one walk. A class rather than closures inside {@link walkPacket}: the walk runs
 * once per packet, and its helpers are then shared methods instead of new functions each time.
 */
class Walk implements ProxyPacket, TrackedFlow {
  /** The trace's hops; untraced walks share one frozen empty list (they record none). */
  readonly hops: Hop[];
  oneWayMs = 0;
  cur: FiveTuple;
  // The walk is also the packet it shows kube-proxy's rules and the flow it gives conntrack,
  // so neither costs an object per packet (both read these fields at once and keep nothing).
  hook: "PREROUTING" | "OUTPUT" = "PREROUTING";
  fromLocalPod = false;
  readonly nowMs: number;
  readonly trace: boolean;
  dnat: SocketAddress;
  snat: SocketAddress;
  /** The translation conntrack or kube-proxy decided; SNAT at POSTROUTING uses it. */
  snatDone: SocketAddress | undefined;
  masquerade = false;
  here = "";
  hostNs = "";

  constructor(
    readonly world: WalkWorld,
    readonly req: WalkRequest,
    readonly chooser: Chooser,
    readonly sent: FiveTuple,
  ) {
    this.cur = sent;
    this.dnat = sent.dst;
    this.snat = sent.src;
    this.nowMs = world.nowMs;
    this.trace = req.trace;
    this.hops = req.trace ? [] : (NO_HOPS as Hop[]);
  }

  /** The packet as kube-proxy's rules see it ({@link ProxyPacket.tuple}). */
  get tuple(): FiveTuple {
    return this.cur;
  }

  finish(
    verdict: Verdict,
    reason: string,
    backend?: Backend,
    response?: AppResponse,
    peer?: SocketAddress,
    elapsedMs?: number,
  ): Trace {
    const flows = this.#flows;
    if (flows) {
      this.#flows = undefined;
      flows.add(
        this.sent,
        this,
        this.nowMs,
        verdict === "delivered"
          ? true
          : verdict === "refused" && this.req.protocol === "TCP"
            ? "reset"
            : false,
      );
    }
    const { origin, timeoutMs } = this.req;
    const sent = this.sent;
    const hops = this.hops;
    const elapsed =
      elapsedMs ??
      (verdict === "dropped" || verdict === "timed-out" ? timeoutMs : roundMs(2 * this.oneWayMs));
    // The two common shapes as literals (one allocation each); the rest with optional fields.
    if (backend && response && peer)
      return {
        origin,
        sent,
        hops,
        verdict,
        reason,
        backend,
        response,
        peerSeenByServer: peer,
        elapsedMs: elapsed,
      };
    if (!backend && !response && !peer) return { origin, sent, hops, verdict, reason, elapsedMs: elapsed };
    return {
      origin,
      sent,
      hops,
      verdict,
      reason,
      ...(backend ? { backend } : {}),
      ...(response ? { response } : {}),
      ...(peer ? { peerSeenByServer: peer } : {}),
      elapsedMs: elapsed,
    };
  }

  deliver(
    node: string,
    ns: Netns,
    listener: Listener | undefined,
    at: SocketAddress,
    peer: SocketAddress,
  ): Trace {
    const protocol = this.req.protocol;
    const t = this.req.trace;
    if (protocol === "ICMP") {
      if (t)
        this.hops.push({
          node,
          netns: netnsName(ns),
          stage: "application",
          note: "the kernel answers the echo request",
        });
      return this.finish("delivered", `${at.ip} answered the echo request`, undefined, ECHO_REPLY, peer);
    }
    if (!listener) {
      const netns = netnsName(ns);
      const why =
        protocol === "TCP"
          ? `nothing listens on ${protocol} port ${at.port} in ${netns}: the kernel answers with a TCP RST`
          : `nothing listens on ${protocol} port ${at.port} in ${netns}: the kernel answers with ICMP port unreachable`;
      if (t) this.hops.push({ node, netns, stage: "socket", note: why });
      return this.finish("refused", why);
    }
    const response = listener.respond({ protocol, local: at, peer, request: this.req.request });
    let backend: Backend;
    let reason: string;
    const cached = listener.deliveredAt?.(at);
    if (cached) ({ backend, reason } = cached);
    else {
      backend = { ...listener.backend, ip: at.ip, port: at.port };
      reason = deliveredReason(backend);
    }
    if (t)
      this.hops.push({
        node,
        netns: netnsName(ns),
        stage: "application",
        // The reason names the backend (`delivered to <backend>`), and a listener builds it once.
        note: `${reason.startsWith(DELIVERED_TO) ? reason.slice(DELIVERED_TO.length) : describeBackend(backend)} accepts the connection from ${addrText(peer)}`,
      });
    return this.finish("delivered", reason, backend, response, peer);
  }

  /** SNAT happens at POSTROUTING on the way out of this node, by the egress interface's address. */
  postrouting(egress: Egress, iface: string): void {
    if (this.snatDone) {
      this.cur = { ...this.cur, src: this.snatDone };
      return;
    }
    if (!this.masquerade) return;
    const world = this.world;
    const here = this.here;
    const before = this.cur;
    const ip =
      egress === "bridge"
        ? world.bridgeIP(here)
        : egress === "overlay"
          ? (world.overlayIP(here) ?? world.nodeIP(here))
          : world.nodeIP(here);
    this.cur = { ...this.cur, src: { ip, port: this.cur.src.port } };
    this.snatDone = this.cur.src;
    const masq = world.proxyMode.masqueradeRule;
    if (this.req.trace) {
      // Two literals rather than a spread of optional fields: a spread in the middle of an
      // object literal is a slow runtime call, once per traced hop.
      const note = `marked for masquerade: the source becomes ${this.cur.src.ip}, the address of ${iface}`;
      const after = this.cur;
      this.hops.push(
        masq
          ? {
              node: here,
              netns: this.hostNs,
              stage: "POSTROUTING",
              table: masq.table,
              chain: masq.chain,
              rule: masq.rule,
              iface,
              before,
              after,
              note,
            }
          : { node: here, netns: this.hostNs, stage: "POSTROUTING", iface, before, after, note },
      );
    }
  }

  /**
   * Notes the flow's conntrack entry as the packet leaves the node's NAT; it is written when the
   * walk ends, answered or not (a lost SYN stays `[UNREPLIED]`).
   */
  remember(flows: FlowTable, tracked: boolean): void {
    if (!this.chooser.commit || tracked || this.req.protocol === "ICMP") return;
    this.#flows = flows;
    this.dnat = this.cur.dst;
    this.snat = this.snatDone ?? this.cur.src;
  }

  /** Where {@link remember} will write the flow (with {@link dnat} and {@link snat}) when the walk ends. */
  #flows: FlowTable | undefined;
}

const NO_HOPS: readonly Hop[] = Object.freeze([]);

const ECHO_REPLY: AppResponse = Object.freeze({ kind: "echo-reply" });

/**
 * Walks one request through the cluster and returns its trace. Effects (conntrack entries,
 * affinity, round-robin positions, ephemeral ports) happen only when `chooser.commit`.
 */
export function walkPacket(world: WalkWorld, req: WalkRequest, chooser: Chooser): Trace {
  const t = req.trace;
  const { origin, protocol, dst } = req;

  // --- The client's socket.
  let srcIP: string;
  let node: string | undefined;
  let clientNs: Netns;
  let fromPod: PodEndpoint | undefined;
  if (origin.kind === "pod") {
    const pod = world.pod(origin.namespace, origin.name);
    if (!pod) throw new Error(`pod ${origin.namespace}/${origin.name} has no network namespace (no pod IP)`);
    node = pod.node;
    srcIP = pod.ip;
    if (pod.hostNetwork) clientNs = `host ${pod.node}`;
    else {
      clientNs = pod;
      fromPod = pod;
    }
  } else if (origin.kind === "node") {
    node = origin.name;
    srcIP = world.nodeIP(origin.name);
    clientNs = `host ${origin.name}`;
  } else {
    srcIP = origin.ip;
    clientNs = `external ${origin.ip}`;
  }
  const srcPort =
    protocol === "ICMP" ? 0 : (req.srcPort ?? world.ephemeralPort(netnsName(clientNs), chooser.commit));
  const sent: FiveTuple = { protocol, src: { ip: srcIP, port: srcPort }, dst };
  const w = new Walk(world, req, chooser, sent);
  const hops = w.hops;
  const netns = t ? netnsName(clientNs) : "";
  if (t) {
    const note = `sends ${tupleText(sent)}`;
    hops.push(node ? { node, netns, stage: "socket", note } : { netns, stage: "socket", note });
  }

  // --- Inside the client pod: its own addresses never leave the namespace.
  if (fromPod && (dst.ip === fromPod.ip || dst.ip.startsWith("127."))) {
    w.oneWayMs += LOCAL_HOP_MS;
    if (t)
      hops.push({
        node: fromPod.node,
        netns,
        stage: "routing",
        iface: "lo",
        note: `${dst.ip} is local: delivered over lo`,
      });
    const listener = protocol === "ICMP" ? undefined : world.listener({ pod: fromPod }, protocol, dst.port);
    return w.deliver(fromPod.node, clientNs, listener, dst, w.cur.src);
  }

  // --- Into a node's network stack.
  let hook: "PREROUTING" | "OUTPUT";
  if (fromPod) {
    w.oneWayMs += LOCAL_HOP_MS;
    if (t)
      hops.push({
        node: fromPod.node,
        netns,
        stage: "veth",
        iface: "eth0",
        note: `routed by the pod's default route via ${world.bridgeIP(fromPod.node)}: out of eth0, into the host through its veth and the cni0 bridge`,
      });
    hook = "PREROUTING";
  } else if (node) {
    hook = "OUTPUT";
  } else {
    let entry = world.nodeByIP(dst.ip);
    if (!entry) {
      if (world.inClusterCIDR(dst.ip)) {
        const why = `${dst.ip} is a pod address: the pod network is not routed outside the cluster`;
        if (t) hops.push({ netns, stage: "routing", note: why });
        return w.finish("timed-out", why);
      }
      const host = world.outside.host(dst.ip);
      if (host) {
        w.oneWayMs += WIRE_HOP_MS;
        if (t) hops.push({ netns, stage: "wire", iface: "eth0", note: `reaches ${host.name} at ${dst.ip}` });
        const listener = protocol === "ICMP" ? undefined : host.listener(protocol, dst.port);
        return w.deliver("", `outside ${host.name}`, listener, dst, w.cur.src);
      }
      const route = world.outside.route(dst, protocol, w.cur.src, chooser);
      if (route?.kind === "drop") {
        if (t) hops.push({ netns, stage: "wire", note: route.note });
        return w.finish("dropped", route.note);
      }
      if (!route) {
        const why = `no machine answers at ${dst.ip} from outside the cluster`;
        if (t) hops.push({ netns, stage: "routing", note: why });
        return w.finish("timed-out", why);
      }
      w.oneWayMs += WIRE_HOP_MS;
      const before = w.cur;
      if (route.dst.ip !== dst.ip || route.dst.port !== dst.port) w.cur = { ...w.cur, dst: route.dst };
      if (t)
        hops.push(
          w.cur !== before
            ? { netns, stage: "wire", iface: "eth0", before, after: w.cur, note: route.note }
            : { netns, stage: "wire", iface: "eth0", note: route.note },
        );
      entry = route.node;
    } else {
      w.oneWayMs += WIRE_HOP_MS;
      if (t) hops.push({ netns, stage: "wire", iface: "eth0", note: `reaches node ${entry} at ${dst.ip}` });
    }
    node = entry;
    hook = "PREROUTING";
  }
  if (node === undefined) throw new Error("walkPacket: the packet entered no node");
  const here: string = node;
  const hostNs = t ? `host ${here}` : "";
  w.here = here;
  w.hostNs = hostNs;

  // --- Conntrack, then kube-proxy's rules for a new flow.
  const flows = world.conntrack(here);
  const tracked = protocol === "ICMP" ? undefined : flows.find(w.cur, world.nowMs);
  let localToProxy = false;
  if (tracked) {
    const before = w.cur;
    w.cur = { ...w.cur, dst: tracked.dnat };
    if (tracked.snat.ip !== w.cur.src.ip) w.snatDone = tracked.snat;
    if (t) {
      const note = `an established flow: conntrack translates it as it did the first packet, to ${addrText(w.cur.dst)}`;
      hops.push(
        before.dst.ip !== w.cur.dst.ip || before.dst.port !== w.cur.dst.port
          ? { node: here, netns: hostNs, stage: "conntrack", before, after: w.cur, note }
          : { node: here, netns: hostNs, stage: "conntrack", note },
      );
    }
  } else {
    // A new flow needs a conntrack entry before any NAT rule sees it (nf_conntrack_in at
    // PREROUTING/OUTPUT); with the table full the kernel drops the packet.
    if (protocol !== "ICMP" && flows.admits && !flows.admits(world.nowMs)) {
      if (t) hops.push({ node: here, netns: hostNs, stage: "conntrack", note: TABLE_FULL });
      return w.finish("dropped", TABLE_FULL);
    }
    w.hook = hook;
    w.fromLocalPod = fromPod !== undefined;
    const evaluation = world.proxyMode.evaluate(world.proxyNode(here), w, chooser);
    if (t) for (const h of evaluation.hops) hops.push(h);
    const v = evaluation.verdict;
    if (v.kind === "reject") {
      w.oneWayMs += LOCAL_HOP_MS;
      return w.finish("refused", v.reason);
    }
    if (v.kind === "drop") return w.finish("dropped", v.reason);
    if (v.kind === "local") localToProxy = true;
    if (v.kind === "dnat") {
      w.cur = { ...w.cur, dst: v.to };
      if (v.masquerade) w.masquerade = true;
    }
  }
  const isTracked = tracked !== undefined;

  // --- Routing on the node.
  const target = w.cur.dst.ip;
  const isNodeAddress =
    localToProxy ||
    target === world.nodeIP(here) ||
    target === world.bridgeIP(here) ||
    target === world.overlayIP(here) ||
    target.startsWith("127.") ||
    world.nodeByIP(target) === here;
  if (isNodeAddress) {
    w.oneWayMs += LOCAL_HOP_MS;
    if (t)
      hops.push({
        node: here,
        netns: hostNs,
        stage: "INPUT",
        note: localToProxy
          ? `${target} is bound to the node (kube-ipvs0): delivered locally`
          : `${target} is an address of ${here}: delivered locally`,
      });
    w.remember(flows, isTracked);
    const listener =
      protocol === "ICMP" ? undefined : world.listener({ node: here }, protocol, w.cur.dst.port);
    return w.deliver(here, `host ${here}`, listener, w.cur.dst, w.cur.src);
  }

  const podOwner = world.nodeOfPodCIDR(target);
  const otherNode = podOwner === undefined ? world.nodeByIP(target) : undefined;
  const outsideHost =
    podOwner === undefined && otherNode === undefined && !world.inClusterCIDR(target)
      ? world.outside.host(target)
      : undefined;
  if (outsideHost) {
    if (fromPod && !w.snatDone && !w.masquerade) {
      // Pod traffic leaving the pod network: flannel's masquerade rule (flannel pkg/ip/iptables.go).
      const before = w.cur;
      w.cur = { ...w.cur, src: { ip: world.nodeIP(here), port: w.cur.src.port } };
      w.snatDone = w.cur.src;
      if (t)
        hops.push({
          node: here,
          netns: hostNs,
          stage: "POSTROUTING",
          table: "nat",
          chain: "FLANNEL-POSTRTG",
          rule: `-A FLANNEL-POSTRTG -s ${world.proxyNode(here).clusterCIDRs[0]} ! -d 224.0.0.0/4 -m comment --comment "flanneld masq" -j MASQUERADE --random-fully`,
          iface: "eth0",
          before,
          after: w.cur,
          note: `leaving the pod network: flannel masquerades it, the source becomes ${w.cur.src.ip}, the address of eth0`,
        });
    } else w.postrouting("wire", "eth0");
    w.remember(flows, isTracked);
    w.oneWayMs += WIRE_HOP_MS;
    if (t)
      hops.push({
        node: here,
        netns: hostNs,
        stage: "routing",
        iface: "eth0",
        note: `${target} is outside the cluster: out of eth0 by the default route, to ${outsideHost.name}`,
      });
    const listener = protocol === "ICMP" ? undefined : outsideHost.listener(protocol, w.cur.dst.port);
    return w.deliver("", `outside ${outsideHost.name}`, listener, w.cur.dst, w.cur.src);
  }
  if (podOwner === undefined && otherNode === undefined) {
    const why = world.inClusterCIDR(target)
      ? `no node owns ${target}: the packet follows the default route and is lost`
      : `${target} is neither a pod, a node nor a service address kube-proxy knows: the packet follows the default route and nobody answers`;
    if (t) hops.push({ node: here, netns: hostNs, stage: "routing", note: why });
    w.remember(flows, isTracked);
    return w.finish("timed-out", why);
  }

  let at = here;
  if ((podOwner ?? otherNode) !== here) {
    const next = (podOwner ?? otherNode) as string;
    const overlay = podOwner !== undefined && world.cni === "vxlan";
    const iface = overlay ? "flannel.1" : "eth0";
    if (t)
      hops.push({
        node: here,
        netns: hostNs,
        stage: "routing",
        iface,
        note:
          podOwner !== undefined
            ? overlay
              ? `${target} is in ${next}'s podCIDR: routed via flannel.1 (VXLAN)`
              : `${target} is in ${next}'s podCIDR: routed via ${world.nodeIP(next)} (host-gw)`
            : `${target} is node ${next}: routed out of eth0`,
      });
    w.postrouting(overlay ? "overlay" : "wire", iface);
    w.remember(flows, isTracked);
    if (!world.linked(here, next)) {
      const why = `the network between ${here} and ${next} is cut: the packet is lost`;
      if (t) hops.push({ node: here, netns: hostNs, stage: "wire", note: why });
      return w.finish("dropped", why);
    }
    w.oneWayMs += WIRE_HOP_MS;
    if (t)
      hops.push({
        node: next,
        netns: `host ${next}`,
        stage: overlay ? "vxlan" : "wire",
        iface: overlay ? "flannel.1" : "eth0",
        note: overlay
          ? `encapsulated in VXLAN (UDP ${world.nodeIP(here)} -> ${world.nodeIP(next)}:8472, VNI 1), decapsulated by ${next}'s flannel.1`
          : `arrives at ${next}'s eth0`,
      });
    at = next;
    if (otherNode !== undefined) {
      if (t)
        hops.push({
          node: at,
          netns: `host ${at}`,
          stage: "INPUT",
          note: `${target} is an address of ${at}: delivered locally`,
        });
      const listener =
        protocol === "ICMP" ? undefined : world.listener({ node: at }, protocol, w.cur.dst.port);
      return w.deliver(at, `host ${at}`, listener, w.cur.dst, w.cur.src);
    }
  } else {
    w.postrouting("bridge", "cni0");
    w.remember(flows, isTracked);
  }

  // --- Onto the bridge of the pod's node, through its veth.
  const pod = world.podByIP(target);
  if (!pod || pod.node !== at) {
    const why = `no pod has ${target} on ${at} any more: ARP for it on cni0 goes unanswered (host unreachable)`;
    if (t) hops.push({ node: at, netns: `host ${at}`, stage: "bridge", iface: "cni0", note: why });
    return w.finish(
      "unreachable",
      why,
      undefined,
      undefined,
      undefined,
      roundMs(2 * w.oneWayMs) + ARP_FAILURE_MS,
    );
  }
  w.oneWayMs += LOCAL_HOP_MS;
  if (t)
    hops.push({
      node: at,
      netns: netnsName(pod),
      stage: "veth",
      iface: "eth0",
      note: `forwarded onto cni0 and through the pod's veth to its eth0 (${target})`,
    });
  const listener =
    protocol === "ICMP"
      ? undefined
      : world.podListener
        ? world.podListener(pod, protocol, w.cur.dst.port)
        : world.listener({ pod }, protocol, w.cur.dst.port);
  return w.deliver(at, pod, listener, w.cur.dst, w.cur.src);
}

function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/** `ip:port` (`[ip]:port` for IPv6), or the bare IP for port 0. */
export function addrText(a: SocketAddress): string {
  if (a.port === 0) return a.ip;
  return a.ip.includes(":") ? `[${a.ip}]:${a.port}` : `${a.ip}:${a.port}`;
}

/** `TCP 10.244.1.5:40000 -> 10.96.0.20:80`. */
export function tupleText(t: FiveTuple): string {
  return `${t.protocol} ${addrText(t.src)} -> ${addrText(t.dst)}`;
}

const DELIVERED_TO = "delivered to ";

/** The reason of a delivered trace: `delivered to pod default/web-1 (container app)`. */
export function deliveredReason(b: Backend): string {
  return DELIVERED_TO + describeBackend(b);
}

function describeBackend(b: Backend): string {
  const who =
    b.kind === "pod" ? `pod ${b.namespace}/${b.name}` : b.kind === "node" ? `node ${b.name}` : b.name;
  return b.container ? `${who} (container ${b.container})` : who;
}

/** The protocol names a walk accepts, for argument checking. */
export const PROTOCOLS: readonly Protocol[] = ["TCP", "UDP", "SCTP", "ICMP"];

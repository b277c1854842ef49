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
import type { Chooser } from "../kubeproxy/ProxyMode.js";
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
import type { Listener, PodEndpoint, WalkWorld } from "./WalkWorld.js";

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

/** Where a packet is being handled. */
type Place = { readonly node: string; readonly netns: string };

/**
 * Walks one request through the cluster and returns its trace. Effects (conntrack entries,
 * affinity, round-robin positions, ephemeral ports) happen only when `chooser.commit`.
 */
export function walkPacket(world: WalkWorld, req: WalkRequest, chooser: Chooser): Trace {
  const t = req.trace;
  const hops: Hop[] = [];
  const { origin, protocol, dst } = req;
  let oneWayMs = 0;

  // --- The client's socket.
  let srcIP: string;
  let node: string | undefined;
  let netns: string;
  let fromPod: PodEndpoint | undefined;
  if (origin.kind === "pod") {
    const pod = world.pod(origin.namespace, origin.name);
    if (!pod) throw new Error(`pod ${origin.namespace}/${origin.name} has no network namespace (no pod IP)`);
    node = pod.node;
    srcIP = pod.ip;
    if (pod.hostNetwork) netns = `host ${pod.node}`;
    else {
      netns = `pod ${pod.namespace}/${pod.name}`;
      fromPod = pod;
    }
  } else if (origin.kind === "node") {
    node = origin.name;
    srcIP = world.nodeIP(origin.name);
    netns = `host ${origin.name}`;
  } else {
    srcIP = origin.ip;
    netns = `external ${origin.ip}`;
  }
  const srcPort = protocol === "ICMP" ? 0 : (req.srcPort ?? world.ephemeralPort(netns, chooser.commit));
  const sent: FiveTuple = { protocol, src: { ip: srcIP, port: srcPort }, dst };
  let cur = sent;
  if (t) hops.push({ ...(node ? { node } : {}), netns, stage: "socket", note: `sends ${tupleText(sent)}` });

  const finish = (
    verdict: Verdict,
    reason: string,
    extra: { backend?: Backend; response?: AppResponse; peer?: SocketAddress; elapsedMs?: number } = {},
  ): Trace => ({
    origin,
    sent,
    hops,
    verdict,
    reason,
    ...(extra.backend ? { backend: extra.backend } : {}),
    ...(extra.response ? { response: extra.response } : {}),
    ...(extra.peer ? { peerSeenByServer: extra.peer } : {}),
    elapsedMs:
      extra.elapsedMs ??
      (verdict === "dropped" || verdict === "timed-out" ? req.timeoutMs : roundMs(2 * oneWayMs)),
  });

  const deliver = (
    place: Place,
    listener: Listener | undefined,
    at: SocketAddress,
    peer: SocketAddress,
  ): Trace => {
    if (protocol === "ICMP") {
      if (t)
        hops.push({
          node: place.node,
          netns: place.netns,
          stage: "application",
          note: "the kernel answers the echo request",
        });
      return finish("delivered", `${at.ip} answered the echo request`, {
        response: { kind: "echo-reply" },
        peer,
      });
    }
    if (!listener) {
      const why =
        protocol === "TCP"
          ? `nothing listens on ${protocol} port ${at.port} in ${place.netns}: the kernel answers with a TCP RST`
          : `nothing listens on ${protocol} port ${at.port} in ${place.netns}: the kernel answers with ICMP port unreachable`;
      if (t) hops.push({ node: place.node, netns: place.netns, stage: "socket", note: why });
      return finish("refused", why);
    }
    const response = listener.respond({ protocol, local: at, peer, request: req.request });
    const backend: Backend = { ...listener.backend, ip: at.ip, port: at.port };
    if (t)
      hops.push({
        node: place.node,
        netns: place.netns,
        stage: "application",
        note: `${describeBackend(backend)} accepts the connection from ${addrText(peer)}`,
      });
    return finish("delivered", `delivered to ${describeBackend(backend)}`, { backend, response, peer });
  };

  // --- Inside the client pod: its own addresses never leave the namespace.
  if (fromPod && (dst.ip === fromPod.ip || dst.ip.startsWith("127."))) {
    oneWayMs += LOCAL_HOP_MS;
    if (t)
      hops.push({
        node: fromPod.node,
        netns,
        stage: "routing",
        iface: "lo",
        note: `${dst.ip} is local: delivered over lo`,
      });
    const listener = protocol === "ICMP" ? undefined : world.listener({ pod: fromPod }, protocol, dst.port);
    return deliver({ node: fromPod.node, netns }, listener, dst, cur.src);
  }

  // --- Into a node's network stack.
  let hook: "PREROUTING" | "OUTPUT";
  if (fromPod) {
    oneWayMs += LOCAL_HOP_MS;
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
    const entry = world.nodeByIP(dst.ip);
    if (!entry) {
      const why = world.inClusterCIDR(dst.ip)
        ? `${dst.ip} is a pod address: the pod network is not routed outside the cluster`
        : `no machine answers at ${dst.ip} from outside the cluster`;
      if (t) hops.push({ netns, stage: "routing", note: why });
      return finish("timed-out", why);
    }
    oneWayMs += WIRE_HOP_MS;
    if (t) hops.push({ netns, stage: "wire", iface: "eth0", note: `reaches node ${entry} at ${dst.ip}` });
    node = entry;
    hook = "PREROUTING";
  }
  if (node === undefined) throw new Error("walkPacket: the packet entered no node");
  const here: string = node;
  const hostNs = `host ${here}`;

  // --- Conntrack, then kube-proxy's rules for a new flow.
  const flows = world.conntrack(here);
  const tracked = protocol === "ICMP" ? undefined : flows.find(cur, world.nowMs);
  let masqueradeTo: ((egress: "bridge" | "overlay" | "wire") => string) | undefined;
  let snatDone: SocketAddress | undefined;
  let localToProxy = false;
  if (tracked) {
    const before = cur;
    cur = { ...cur, dst: tracked.dnat };
    if (tracked.snat.ip !== cur.src.ip) snatDone = tracked.snat;
    if (t)
      hops.push({
        node: here,
        netns: hostNs,
        stage: "conntrack",
        ...(before.dst.ip !== cur.dst.ip || before.dst.port !== cur.dst.port ? { before, after: cur } : {}),
        note: `an established flow: conntrack translates it as it did the first packet, to ${addrText(cur.dst)}`,
      });
  } else {
    const evaluation = world.proxyMode.evaluate(
      world.proxyNode(here),
      { tuple: cur, hook, fromLocalPod: fromPod !== undefined, nowMs: world.nowMs, trace: t },
      chooser,
    );
    if (t) for (const h of evaluation.hops) hops.push(h);
    const v = evaluation.verdict;
    if (v.kind === "reject") {
      oneWayMs += LOCAL_HOP_MS;
      return finish("refused", v.reason);
    }
    if (v.kind === "drop") return finish("dropped", v.reason);
    if (v.kind === "local") localToProxy = true;
    if (v.kind === "dnat") {
      cur = { ...cur, dst: v.to };
      if (v.masquerade)
        masqueradeTo = (egress) =>
          egress === "bridge"
            ? world.bridgeIP(here)
            : egress === "overlay"
              ? (world.overlayIP(here) ?? world.nodeIP(here))
              : world.nodeIP(here);
    }
  }

  // SNAT happens at POSTROUTING on the way out of this node, by the egress interface's address.
  const postrouting = (egress: "bridge" | "overlay" | "wire", iface: string): void => {
    if (snatDone) {
      cur = { ...cur, src: snatDone };
      return;
    }
    if (!masqueradeTo) return;
    const before = cur;
    cur = { ...cur, src: { ip: masqueradeTo(egress), port: cur.src.port } };
    snatDone = cur.src;
    if (t)
      hops.push({
        node: here,
        netns: hostNs,
        stage: "POSTROUTING",
        table: "nat",
        chain: "KUBE-POSTROUTING",
        rule: '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
        iface,
        before,
        after: cur,
        note: `marked for masquerade: the source becomes ${cur.src.ip}, the address of ${iface}`,
      });
  };
  const remember = (): void => {
    if (!chooser.commit || tracked || protocol === "ICMP") return;
    flows.add(sent, { dnat: cur.dst, snat: snatDone ?? cur.src }, world.nowMs);
  };

  // --- Routing on the node.
  const target = cur.dst.ip;
  const isNodeAddress =
    localToProxy ||
    target === world.nodeIP(here) ||
    target === world.bridgeIP(here) ||
    target === world.overlayIP(here) ||
    target.startsWith("127.") ||
    world.nodeByIP(target) === here;
  if (isNodeAddress) {
    oneWayMs += LOCAL_HOP_MS;
    if (t)
      hops.push({
        node: here,
        netns: hostNs,
        stage: "INPUT",
        note: localToProxy
          ? `${target} is bound to the node (kube-ipvs0): delivered locally`
          : `${target} is an address of ${here}: delivered locally`,
      });
    remember();
    const listener = protocol === "ICMP" ? undefined : world.listener({ node: here }, protocol, cur.dst.port);
    return deliver({ node: here, netns: hostNs }, listener, cur.dst, cur.src);
  }

  const podOwner = world.nodeOfPodCIDR(target);
  const otherNode = podOwner === undefined ? world.nodeByIP(target) : undefined;
  if (podOwner === undefined && otherNode === undefined) {
    const why = world.inClusterCIDR(target)
      ? `no node owns ${target}: the packet follows the default route and is lost`
      : `${target} is neither a pod, a node nor a service address kube-proxy knows: the packet follows the default route and nobody answers`;
    if (t) hops.push({ node: here, netns: hostNs, stage: "routing", note: why });
    remember();
    return finish("timed-out", why);
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
    postrouting(overlay ? "overlay" : "wire", iface);
    remember();
    if (!world.linked(here, next)) {
      const why = `the network between ${here} and ${next} is cut: the packet is lost`;
      if (t) hops.push({ node: here, netns: hostNs, stage: "wire", note: why });
      return finish("dropped", why);
    }
    oneWayMs += WIRE_HOP_MS;
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
      const listener = protocol === "ICMP" ? undefined : world.listener({ node: at }, protocol, cur.dst.port);
      return deliver({ node: at, netns: `host ${at}` }, listener, cur.dst, cur.src);
    }
  } else {
    postrouting("bridge", "cni0");
    remember();
  }

  // --- Onto the bridge of the pod's node, through its veth.
  const pod = world.podByIP(target);
  if (!pod || pod.node !== at) {
    const why = `no pod has ${target} on ${at} any more: ARP for it on cni0 goes unanswered (host unreachable)`;
    if (t) hops.push({ node: at, netns: `host ${at}`, stage: "bridge", iface: "cni0", note: why });
    return finish("unreachable", why, { elapsedMs: roundMs(2 * oneWayMs) + ARP_FAILURE_MS });
  }
  oneWayMs += LOCAL_HOP_MS;
  const podNs = `pod ${pod.namespace}/${pod.name}`;
  if (t)
    hops.push({
      node: at,
      netns: podNs,
      stage: "veth",
      iface: "eth0",
      note: `forwarded onto cni0 and through the pod's veth to its eth0 (${target})`,
    });
  const listener = protocol === "ICMP" ? undefined : world.listener({ pod }, protocol, cur.dst.port);
  return deliver({ node: at, netns: podNs }, listener, cur.dst, cur.src);
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

function describeBackend(b: Backend): string {
  const who =
    b.kind === "pod" ? `pod ${b.namespace}/${b.name}` : b.kind === "node" ? `node ${b.name}` : b.name;
  return b.container ? `${who} (container ${b.container})` : who;
}

/** The protocol names a walk accepts, for argument checking. */
export const PROTOCOLS: readonly Protocol[] = ["TCP", "UDP", "SCTP", "ICMP"];

/**
 * kube-proxy's ipvs mode (K8s `pkg/proxy/ipvs/proxier.go`; ../shared/REFERENCE.md 5.5).
 *
 * What it models, per node:
 * - one IPVS virtual server per ClusterIP:port, externalIP:port, load-balancer IP:port and,
 *   for a NodePort, per node IP:nodePort; its real servers are the endpoints
 *   `proxier.syncEndpoint` picks (`CategorizeEndpoints`, and for a `Local` policy the local
 *   endpoints, or the cluster endpoints when there are none: kubernetes#97081);
 * - the `rr` scheduler (per virtual server, state in {@link ProxyNode.roundRobin}) and
 *   session affinity as IPVS persistence with the Service's timeout;
 * - every service VIP bound to the dummy interface `kube-ipvs0`, so the node owns it;
 *   filter `KUBE-IPVS-FILTER` (`-m conntrack --ctstate NEW -m set --match-set KUBE-IPVS-IPS
 *   dst -j REJECT`, kubernetes#108460) rejects anything to a VIP that is not a virtual
 *   server (an undefined port, ping);
 * - a virtual server without real servers: the kernel's `ip_vs_leave` answers ICMP
 *   port-unreachable (net/netfilter/ipvs/ip_vs_core.c), so the client sees "connection
 *   refused", like iptables mode's REJECT;
 * - masquerade as the proxier's iptables helper rules decide it: `KUBE-CLUSTER-IP` with
 *   `! -s <cluster-cidr>` (or `--masquerade-all`), `KUBE-EXTERNAL-IP`,
 *   `KUBE-LOAD-BALANCER` / `KUBE-NODE-PORT-*` (unless the `...-LOCAL` sets of
 *   externalTrafficPolicy Local return first), and `KUBE-LOOP-BACK` for hairpin traffic.
 *
 * @module
 */
import type { FiveTuple, Hop, HopStage } from "../../packet/Packet.js";
import {
  type ClusterIPPortView,
  ClusterIPViews,
  clusterDnat,
  type DnatTargets,
  dnatEvaluation,
  dnatTargets,
} from "../_internal/clusterIPViews.js";
import { createCIDRMatcher } from "../_internal/ipv4.js";
import { categorizeEndpoints } from "../categorizeEndpoints.js";
import type {
  Chooser,
  ProxyEvaluation,
  ProxyMode,
  ProxyNode,
  ProxyPacket,
  ProxyVerdict,
} from "../ProxyMode.js";
import type { VirtualServerSlots } from "../RoundRobinTable.js";
import type { EndpointInfo, ServicePortInfo } from "../ServicePortInfo.js";
import {
  compareAddresses,
  compareVirtualServers,
  IPVSADM_HEADER,
  realServerLine,
  type VirtualServerLine,
  virtualServerLine,
} from "./_internal/ipvsadm.js";

/** IPVS schedulers kubesim implements (`--ipvs-scheduler`; kube-proxy's default is `rr`). */
export type IpvsScheduler = "rr";

/** Configuration of {@link createIpvsMode}, mirroring kube-proxy flags. */
export interface IpvsModeOptions {
  /** `ipvs.scheduler`; `rr` (round robin) by default, as kube-proxy's `defaultScheduler`. */
  readonly scheduler?: IpvsScheduler;
  /** `--masquerade-all`: SNAT every packet to a ClusterIP. Default false. */
  readonly masqueradeAll?: boolean;
  /**
   * Whether kube-proxy installs `KUBE-IPVS-FILTER` (kubernetes#108460, in every release
   * kubesim targets). With it, packets to a service VIP that match no virtual server (ping,
   * an undefined port) are REJECTed; without it (older kube-proxy) the node's own stack
   * answers them: a ClusterIP answers ping. Default true.
   */
  readonly ipvsFilter?: boolean;
}

const NO_HOPS: readonly Hop[] = Object.freeze([]);
const NO_MATCH: ProxyEvaluation = Object.freeze({
  verdict: Object.freeze({ kind: "no-match" }),
  hops: NO_HOPS,
});
const DUMMY_DEVICE = "kube-ipvs0";
const IPVS_FILTER_REASON =
  "KUBE-IPVS-FILTER rejects new connections to a kube-ipvs0 address that no IPVS virtual server answers (icmp-port-unreachable)";
const LOCAL_REASON = "the address is bound to kube-ipvs0: the node's own network stack answers";

enum Dest {
  ClusterIP = 0,
  External = 1,
  NodePort = 2,
}

/** Everything ipvs mode derives from one service port on one node (cached; never mutated after build). */
interface PortView extends ClusterIPPortView {
  readonly sp: ServicePortInfo;
  readonly sticky: boolean;
  readonly zone: string | undefined;
  /** Real servers of the ClusterIP virtual servers. */
  readonly internal: readonly EndpointInfo[];
  /** {@link internal} for the fast path (see {@link DnatTargets}). */
  readonly internalTargets: DnatTargets;
  /** Real servers of the NodePort / externalIP / load-balancer virtual servers. */
  readonly external: readonly EndpointInfo[];
  /** externalTrafficPolicy Local and this node has no local endpoint (external real servers are remote). */
  readonly externalLocalMissing: boolean;
  readonly internalIndex: ReadonlyMap<string, number>;
  readonly externalIndex: ReadonlyMap<string, number>;
  /** Virtual-server keys (`TCP 10.96.0.1:443`) built so far, one string each (the key of every table they index). */
  readonly vsKeys: Map<string, string>;
  /** Traced packets' rule texts: per virtual-server key, and per real server (`i<index>` / `e<index>`). */
  readonly texts: Map<string, string>;
  /** The traced note of the virtual server (`virtual server for ns/svc:port (rr)`), built on first use. */
  vsNote: string | undefined;
  /** The VIP and port of the last {@link vsKeyOf} and its key (`""` before the first). */
  lastVsIP: string;
  lastVsPort: number;
  lastVsKey: string;
  /** The round-robin slot of `lastVsIP` in `lastVsSlots` (see {@link vsSlotOf}); undefined when not asked yet. */
  lastVsSlots: VirtualServerSlots | undefined;
  lastVsSlot: number;
  /** Cached verdicts of the general path: `[2 * endpointIndex + masquerade]`, per destination kind. */
  readonly internalEvals: (ProxyEvaluation | undefined)[];
  readonly externalEvals: (ProxyEvaluation | undefined)[];
  rejectEval: ProxyEvaluation | undefined;
  dropEval: ProxyEvaluation | undefined;
}

function indexOf(endpoints: readonly EndpointInfo[]): ReadonlyMap<string, number> {
  return new Map(endpoints.map((e, i) => [e.endpoint, i]));
}

function buildView(sp: ServicePortInfo, node: ProxyNode, sameOnEveryNode: boolean): PortView {
  const { clusterEndpoints, localEndpoints } = categorizeEndpoints(sp, node.nodeName, node.zone);
  // proxier.syncEndpoint: with a Local policy use the local endpoints, else (kubernetes#97081)
  // fall back to the cluster endpoints so that local pods can still reach the Service. An
  // internal-only Service with internalTrafficPolicy Local has no cluster endpoints at all
  // (pkg/proxy/serviceport.go UsesClusterEndpoints), so its virtual server stays empty and
  // ip_vs_leave answers ICMP port unreachable.
  const externallyAccessible = sp.nodePort > 0 || sp.externalIPs.length > 0 || sp.loadBalancerIPs.length > 0;
  const internal =
    sp.internalTrafficPolicy !== "Local"
      ? clusterEndpoints
      : localEndpoints.length > 0
        ? localEndpoints
        : externallyAccessible
          ? clusterEndpoints
          : [];
  const externalLocal = sp.externalTrafficPolicy === "Local";
  const external = externalLocal && localEndpoints.length > 0 ? localEndpoints : clusterEndpoints;
  // The fields the ClusterIP fast path reads come first, so they share a cache line.
  return {
    protocol: sp.protocol,
    port: sp.port,
    sameOnEveryNode,
    sticky: sp.sessionAffinity === "ClientIP",
    internalTargets: dnatTargets(internal),
    lastVsIP: "",
    lastVsPort: 0,
    lastVsKey: "",
    lastVsSlots: undefined,
    lastVsSlot: 0,
    sp,
    zone: node.zone,
    internal,
    external,
    externalLocalMissing: externalLocal && localEndpoints.length === 0,
    internalIndex: indexOf(internal),
    externalIndex: indexOf(external),
    vsKeys: new Map(),
    texts: new Map(),
    vsNote: undefined,
    internalEvals: [],
    externalEvals: [],
    rejectEval: undefined,
    dropEval: undefined,
  };
}

function vsKeyOf(view: PortView, sp: ServicePortInfo, ip: string, port: number): string {
  // The last VIP asked for first: nearly every packet of a port goes to its one ClusterIP.
  // The port counts too: a node IP may also be one of the Service's externalIPs, and then
  // `ip:port` and `ip:nodePort` are two virtual servers.
  if (view.lastVsIP === ip && view.lastVsPort === port) return view.lastVsKey;
  const key = `${sp.protocol} ${ip}:${port}`;
  let stored = view.vsKeys.get(key);
  if (stored === undefined) {
    stored = key;
    view.vsKeys.set(key, key);
  }
  view.lastVsIP = ip;
  view.lastVsPort = port;
  view.lastVsKey = stored;
  view.lastVsSlots = undefined;
  return key;
}

/** The round-robin slot of the virtual server `ip:port` in `slots`, remembered for the last VIP like its key. */
function vsSlotOf(
  view: PortView,
  sp: ServicePortInfo,
  ip: string,
  port: number,
  slots: VirtualServerSlots,
): number {
  if (view.lastVsIP === ip && view.lastVsPort === port && view.lastVsSlots === slots) return view.lastVsSlot;
  const slot = slots.slotOf(vsKeyOf(view, sp, ip, port));
  view.lastVsSlots = slots;
  view.lastVsSlot = slot;
  return slot;
}

function vsOf(sp: ServicePortInfo, ip: string, port: number, scheduler: string): VirtualServerLine {
  return {
    protocol: sp.protocol,
    ip,
    port,
    scheduler,
    persistentSeconds: sp.sessionAffinity === "ClientIP" ? sp.stickyMaxAgeSeconds : 0,
  };
}

function hostNetns(node: ProxyNode): string {
  return `host ${node.nodeName}`;
}

function noteHop(node: ProxyNode, stage: HopStage, note: string, extra?: Partial<Hop>): Hop {
  const hop: Hop = { node: node.nodeName, netns: hostNetns(node), stage, note };
  return extra === undefined ? hop : Object.assign(hop, extra);
}

/**
 * kube-proxy's ipvs mode configured by `options` (see {@link IpvsModeOptions}); `createIpvsMode()`
 * gives kube-proxy's defaults (`rr`, no `--masquerade-all`, `KUBE-IPVS-FILTER`).
 */
export function createIpvsMode(options: IpvsModeOptions = {}): ProxyMode {
  const scheduler = options.scheduler ?? "rr";
  const masqueradeAll = options.masqueradeAll ?? false;
  const ipvsFilter = options.ipvsFilter ?? true;
  const inAnyCIDR = createCIDRMatcher();
  /**
   * Per-port, per-node derived data. Keyed by the immutable {@link ServicePortInfo} (a sync
   * replaces only changed ports), then by node name, so every lookup is O(1).
   */
  const views = new WeakMap<ServicePortInfo, Map<string, PortView>>();

  /**
   * Views of ports whose real servers are the same on every node (no Local policy, no
   * topology hints): one for all nodes, so a node's packets touch one object per port rather
   * than one per port and node (10 times less data at 10 nodes, and better cache locality).
   */
  const sharedViews = new WeakMap<ServicePortInfo, PortView>();

  const clusterIPViews = new ClusterIPViews<PortView>(viewOf);

  /**
   * The untraced ClusterIP path of a port that is the same on every node and has no session
   * affinity: round robin, then the evaluation cached for that real server. Undefined when the
   * general path must decide (no real servers, session affinity).
   */
  function clusterTraffic(
    node: ProxyNode,
    packet: ProxyPacket,
    chooser: Chooser,
    view: PortView,
  ): ProxyEvaluation | undefined {
    const n = view.internalTargets.length / 3;
    if (n === 0 || view.sticky) return undefined;
    const tuple = packet.tuple;
    const rr = node.roundRobin;
    const slot = vsSlotOf(view, view.sp, tuple.dst.ip, view.port, rr.slots);
    const index = rr.positionAt(slot) % n;
    if (chooser.commit) rr.setAt(slot, index + 1);
    const src = tuple.src;
    const masquerade =
      masqueradeAll || (node.clusterCIDRs.length > 0 && !inAnyCIDR(src.ip, node.clusterCIDRs));
    return clusterDnat(view.sp, view.internalTargets, index, masquerade, src.ip);
  }

  function viewOf(sp: ServicePortInfo, node: ProxyNode): PortView {
    const shared = sharedViews.get(sp);
    if (shared) return shared;
    if (
      sp.internalTrafficPolicy !== "Local" &&
      sp.externalTrafficPolicy !== "Local" &&
      !sp.endpoints.some((e) => e.zoneHints.length > 0)
    ) {
      const view = buildView(sp, node, true);
      sharedViews.set(sp, view);
      return view;
    }
    let byNode = views.get(sp);
    if (!byNode) {
      byNode = new Map();
      views.set(sp, byNode);
    }
    let view = byNode.get(node.nodeName);
    if (!view || view.zone !== node.zone) {
      view = buildView(sp, node, false);
      byNode.set(node.nodeName, view);
    }
    return view;
  }

  /** A VIP with no virtual server for this protocol/port: KUBE-IPVS-FILTER, or the host stack. */
  function unservedVIP(node: ProxyNode, packet: ProxyPacket): ProxyEvaluation {
    const verdict: ProxyVerdict = ipvsFilter
      ? { kind: "reject", reason: IPVS_FILTER_REASON }
      : { kind: "local", reason: LOCAL_REASON };
    if (!packet.trace) return { verdict, hops: NO_HOPS };
    const hops: Hop[] = [
      noteHop(node, "routing", `${packet.tuple.dst.ip} is bound to ${DUMMY_DEVICE}: a local address`, {
        iface: DUMMY_DEVICE,
      }),
    ];
    if (ipvsFilter) {
      hops.push(noteHop(node, "INPUT", IPVS_FILTER_REASON, { table: "filter", chain: "KUBE-IPVS-FILTER" }));
    }
    return { verdict, hops };
  }

  function evaluate(node: ProxyNode, packet: ProxyPacket, chooser: Chooser): ProxyEvaluation {
    const tuple = packet.tuple;
    const state = node.state;
    const dst = tuple.dst;
    if (tuple.protocol === "ICMP") {
      return state.portsOfClusterIP(dst.ip).length > 0 ? unservedVIP(node, packet) : NO_MATCH;
    }
    // A ClusterIP port whose rules are the same on every node: its view directly (traced
    // packets too: one probe instead of the ClusterIP index and the view map).
    const known = clusterIPViews.find(node, dst.ip, tuple.protocol, dst.port);
    if (known && !packet.trace) {
      const fast = clusterTraffic(node, packet, chooser, known);
      if (fast) return fast;
    }
    let dest = Dest.ClusterIP;
    let sp = known ? known.sp : state.byClusterIP(dst.ip, tuple.protocol, dst.port);
    if (!sp) {
      dest = Dest.External;
      sp = state.byExternalIP(dst.ip, tuple.protocol, dst.port);
    }
    if (!sp && node.nodeIPs.includes(dst.ip)) {
      dest = Dest.NodePort;
      sp = state.byNodePort(tuple.protocol, dst.port);
    }
    if (!sp) return state.portsOfClusterIP(dst.ip).length > 0 ? unservedVIP(node, packet) : NO_MATCH;

    const view = known ?? viewOf(sp, node);
    const internal = dest === Dest.ClusterIP;
    const servers = internal ? view.internal : view.external;
    const src = tuple.src;
    const vsPort = dest === Dest.NodePort ? sp.nodePort : sp.port;
    if (servers.length === 0) {
      // ip_vs_leave: no destination available -> ICMP port unreachable.
      view.rejectEval ??= {
        verdict: { kind: "reject", servicePort: sp, reason: `${sp.name} has no endpoints` },
        hops: NO_HOPS,
      };
      return packet.trace ? traced(node, packet, sp, view, dest, vsPort, -1, false) : view.rejectEval;
    }

    // Only external traffic asks where the client is (checked lazily: the ClusterIP path is the hot one).
    if (
      !internal &&
      view.externalLocalMissing &&
      !(packet.fromLocalPod || inAnyCIDR(src.ip, node.clusterCIDRs)) &&
      !(packet.hook === "OUTPUT" || node.nodeIPs.includes(src.ip))
    ) {
      // KUBE-NODE-PORT-LOCAL-* / KUBE-LOAD-BALANCER-LOCAL return before KUBE-MARK-MASQ, so IPVS
      // DNATs an outside client's packet to a remote endpoint without SNAT; the reply comes
      // back from the pod IP, which the client never asked for, and the connection hangs.
      view.dropEval ??= {
        verdict: {
          kind: "drop",
          servicePort: sp,
          reason: `${sp.name} has externalTrafficPolicy Local and no local endpoints on this node: the reply would come from a pod IP the client does not know`,
        },
        hops: NO_HOPS,
      };
      return packet.trace ? traced(node, packet, sp, view, dest, vsPort, -2, false) : view.dropEval;
    }

    const vsKey = vsKeyOf(view, sp, dst.ip, vsPort);
    let index = -1;
    const sticky = sp.sessionAffinity === "ClientIP";
    if (sticky) {
      const remembered = node.affinity.get(vsKey, src.ip, packet.nowMs, sp.stickyMaxAgeSeconds);
      if (remembered !== undefined)
        index = (internal ? view.internalIndex : view.externalIndex).get(remembered) ?? -1;
    }
    if (index < 0) {
      // rr: the next destination after the last one chosen. Deterministic, so the
      // all-outcomes walk sees a single outcome and the chooser is not consulted.
      const rr = node.roundRobin;
      const slot = vsSlotOf(view, sp, dst.ip, vsPort, rr.slots);
      index = rr.positionAt(slot) % servers.length;
      if (chooser.commit) rr.setAt(slot, index + 1);
    }
    const endpoint = servers[index]!;
    if (sticky && chooser.commit) node.affinity.set(vsKey, src.ip, endpoint.endpoint, packet.nowMs);

    const masquerade =
      masqueradeAll ||
      endpoint.ip === src.ip || // KUBE-LOOP-BACK: hairpin
      (internal
        ? node.clusterCIDRs.length > 0 && !inAnyCIDR(src.ip, node.clusterCIDRs)
        : sp.externalTrafficPolicy === "Cluster");
    if (packet.trace) return traced(node, packet, sp, view, dest, vsPort, index, masquerade);
    const slot = 2 * index + (masquerade ? 1 : 0);
    const evals = internal ? view.internalEvals : view.externalEvals;
    let evaluation = evals[slot];
    if (!evaluation) {
      evaluation = dnatEvaluation(sp, endpoint, masquerade);
      evals[slot] = evaluation;
    }
    return evaluation;
  }

  /** The slow path: the same decision, with one hop per decision. `index` -1: no real servers; -2: ETP Local drop. */
  function traced(
    node: ProxyNode,
    packet: ProxyPacket,
    sp: ServicePortInfo,
    view: PortView,
    dest: Dest,
    vsPort: number,
    index: number,
    masquerade: boolean,
  ): ProxyEvaluation {
    const tuple = packet.tuple;
    const internal = dest === Dest.ClusterIP;
    const hops: Hop[] = [];
    if (dest !== Dest.NodePort && !node.nodeIPs.includes(tuple.dst.ip)) {
      hops.push(
        noteHop(node, "routing", `${tuple.dst.ip} is bound to ${DUMMY_DEVICE}: the packet is for this host`, {
          iface: DUMMY_DEVICE,
        }),
      );
    }
    // Rule texts are the same for every packet to this virtual server: built once per view.
    const vsKey = vsKeyOf(view, sp, tuple.dst.ip, vsPort);
    let vsRule = view.texts.get(vsKey);
    if (vsRule === undefined) {
      vsRule = virtualServerLine(vsOf(sp, tuple.dst.ip, vsPort, scheduler));
      view.texts.set(vsKey, vsRule);
    }
    const servers = internal ? view.internal : view.external;
    if (index === -1) {
      hops.push(
        noteHop(node, "ipvs", `virtual server for ${sp.name} has no real servers: ICMP port unreachable`, {
          rule: vsRule,
        }),
      );
      return { verdict: { kind: "reject", servicePort: sp, reason: `${sp.name} has no endpoints` }, hops };
    }
    if (view.vsNote === undefined) {
      const affinityNote = sp.sessionAffinity === "ClientIP" ? `, persistent ${sp.stickyMaxAgeSeconds}s` : "";
      view.vsNote = `virtual server for ${sp.name} (${scheduler}${affinityNote})`;
    }
    hops.push(noteHop(node, "ipvs", view.vsNote, { rule: vsRule }));
    if (index === -2) {
      const reason = `${sp.name} has externalTrafficPolicy Local and no local endpoints on this node: the reply would come from a pod IP the client does not know`;
      hops.push(noteHop(node, "ipvs", reason));
      return { verdict: { kind: "drop", servicePort: sp, reason }, hops };
    }
    const endpoint = servers[index]!;
    const to = { ip: endpoint.ip, port: endpoint.port };
    if (masquerade) {
      const mark = masqueradeMark(node, sp, dest, endpoint.ip === tuple.src.ip, tuple.dst.ip);
      const { chain, rule } = mark;
      hops.push(
        noteHop(
          node,
          mark.postrouting ? "POSTROUTING" : packet.hook,
          mark.note,
          rule !== undefined ? { table: "nat", chain, rule } : { table: "nat", chain },
        ),
      );
    }
    const after: FiveTuple = { protocol: tuple.protocol, src: tuple.src, dst: to };
    const rsKey = `${internal ? "i" : "e"}${index}`;
    let rsRule = view.texts.get(rsKey);
    if (rsRule === undefined) {
      rsRule = realServerLine(endpoint.ip, endpoint.port);
      view.texts.set(rsKey, rsRule);
    }
    hops.push(
      noteHop(node, "ipvs", `real server ${endpoint.endpoint} (Masq: DNAT)`, {
        rule: rsRule,
        before: tuple,
        after,
      }),
    );
    return { verdict: { kind: "dnat", servicePort: sp, endpoint, to, masquerade }, hops };
  }

  /**
   * The iptables rule of the ipvs proxier (`writeIptablesRules`) that marks the packet for SNAT
   * (or, for hairpin traffic, masquerades it at POSTROUTING), matching an ipset rather than a
   * rule per Service; the first that applies, in the order the packet meets them.
   * `--masquerade-all` adds its rule for ClusterIP traffic only. SCTP NodePorts use a hash set
   * whose rule is not modelled (no rule text), nor is `--masquerade-all` on external traffic
   * with externalTrafficPolicy Local.
   */
  function masqueradeMark(
    node: ProxyNode,
    sp: ServicePortInfo,
    dest: Dest,
    hairpin: boolean,
    dstIP: string,
  ): { postrouting: boolean; chain: string; rule: string | undefined; note: string } {
    const clusterIPSet = `-m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set KUBE-CLUSTER-IP dst,dst -j KUBE-MARK-MASQ`;
    const loopBack = {
      postrouting: true,
      chain: "KUBE-POSTROUTING",
      rule: `-A KUBE-POSTROUTING -m comment --comment "Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose" -m set --match-set KUBE-LOOP-BACK dst,dst,src -j MASQUERADE`,
      note: "KUBE-LOOP-BACK: the endpoint is the client itself (hairpin), masqueraded in KUBE-POSTROUTING",
    };
    if (dest === Dest.ClusterIP) {
      if (masqueradeAll)
        return {
          postrouting: false,
          chain: "KUBE-SERVICES",
          rule: `-A KUBE-SERVICES ${clusterIPSet}`,
          note: "--masquerade-all: KUBE-SERVICES marks the packet for SNAT",
        };
      if (hairpin) return loopBack;
      return {
        postrouting: false,
        chain: "KUBE-SERVICES",
        rule: `-A KUBE-SERVICES ! -s ${node.clusterCIDRs[0]} ${clusterIPSet}`,
        note: "KUBE-CLUSTER-IP match from outside the cluster CIDR: marked for SNAT (KUBE-MARK-MASQ)",
      };
    }
    if (sp.externalTrafficPolicy !== "Cluster") {
      if (hairpin) return loopBack;
      return {
        postrouting: false,
        chain: "KUBE-SERVICES",
        rule: undefined,
        note: "--masquerade-all: the packet is marked for SNAT",
      };
    }
    if (dest === Dest.NodePort) {
      const p = sp.protocol.toLowerCase();
      return {
        postrouting: false,
        chain: "KUBE-NODE-PORT",
        rule:
          sp.protocol === "SCTP"
            ? undefined
            : `-A KUBE-NODE-PORT -p ${p} -m comment --comment "Kubernetes nodeport ${sp.protocol} port for masquerade purpose" -m set --match-set KUBE-NODE-PORT-${sp.protocol} dst -j KUBE-MARK-MASQ`,
        note: `KUBE-NODE-PORT-${sp.protocol}: NodePort traffic with externalTrafficPolicy Cluster is marked for SNAT`,
      };
    }
    const note = "externalTrafficPolicy Cluster: external IP / load-balancer traffic is marked for SNAT";
    if (sp.loadBalancerIPs.includes(dstIP))
      return {
        postrouting: false,
        chain: "KUBE-LOAD-BALANCER",
        rule: "-A KUBE-LOAD-BALANCER -j KUBE-MARK-MASQ",
        note,
      };
    return {
      postrouting: false,
      chain: "KUBE-SERVICES",
      rule: `-A KUBE-SERVICES -m comment --comment "Kubernetes service external ip + port for masquerade and filter purpose" -m set --match-set KUBE-EXTERNAL-IP dst,dst -j KUBE-MARK-MASQ`,
      note,
    };
  }

  function isLocalAddress(node: ProxyNode, ip: string): boolean {
    return node.state.portsOfClusterIP(ip).length > 0;
  }

  function dump(node: ProxyNode): string {
    const entries: { vs: VirtualServerLine; servers: readonly EndpointInfo[] }[] = [];
    for (const sp of node.state.servicePorts()) {
      if (sp.clusterIPs.length === 0) continue;
      const view = viewOf(sp, node);
      for (const ip of sp.clusterIPs)
        entries.push({ vs: vsOf(sp, ip, sp.port, scheduler), servers: view.internal });
      for (const ip of [...sp.externalIPs, ...sp.loadBalancerIPs])
        entries.push({ vs: vsOf(sp, ip, sp.port, scheduler), servers: view.external });
      if (sp.nodePort > 0)
        for (const ip of node.nodeIPs)
          entries.push({ vs: vsOf(sp, ip, sp.nodePort, scheduler), servers: view.external });
    }
    entries.sort((a, b) => compareVirtualServers(a.vs, b.vs));
    let out = IPVSADM_HEADER;
    for (const { vs, servers } of entries) {
      out += `${virtualServerLine(vs)}\n`;
      const sorted = [...servers].sort((a, b) => compareAddresses(a.ip, b.ip) || a.port - b.port);
      for (const e of sorted) out += `${realServerLine(e.ip, e.port)}\n`;
    }
    return out;
  }

  return { name: "ipvs", evaluate, isLocalAddress, dump };
}

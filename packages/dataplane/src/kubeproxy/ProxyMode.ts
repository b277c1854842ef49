/**
 * The contract every kube-proxy mode (iptables, ipvs, nftables) implements: evaluate a
 * new flow's first packet against the node's programmed rules, and print those rules as the
 * real tool would. Modes share the {@link ProxyState} model; they differ in how they pick an
 * endpoint, what answers on a service IP, and how their rules read.
 *
 * @module
 */
import type { FiveTuple, Hop, SocketAddress } from "../packet/Packet.js";
import type { RoundRobinTable } from "./RoundRobinTable.js";
import type { EndpointInfo, ProxyState, ServicePortInfo } from "./ServicePortInfo.js";

/** The proxy modes kube-proxy offers (`--proxy-mode`). */
export type ProxyModeName = "iptables" | "ipvs" | "nftables";

/** Session-affinity memory of one node (iptables `recent`, ipvs persistence, nftables sets). */
export interface AffinityTable {
  /** The endpoint `clientIP` was last sent to for this service port, if still fresh at `nowMs`. */
  get(servicePort: string, clientIP: string, nowMs: number, maxAgeSeconds: number): string | undefined;
  /** Records (refreshes) `clientIP` → endpoint (`ip:port`) at `nowMs`. */
  set(servicePort: string, clientIP: string, endpoint: string, nowMs: number): void;
}

/** One node's kube-proxy as a mode sees it. */
export interface ProxyNode {
  readonly nodeName: string;
  /** The node's addresses (InternalIP first); NodePorts answer on all of them. */
  readonly nodeIPs: readonly string[];
  /** The node's zone label (`topology.kubernetes.io/zone`), for topology hints. */
  readonly zone: string | undefined;
  /** The local-traffic detector's CIDRs (`--cluster-cidr`): sources inside are "from a pod". */
  readonly clusterCIDRs: readonly string[];
  /** The rules as of this node's last sync. */
  readonly state: ProxyState;
  readonly affinity: AffinityTable;
  /** ipvs round-robin position per virtual server (mutable scheduler state of the node). */
  readonly roundRobin: RoundRobinTable;
}

/** A flow's first packet presented to kube-proxy's rules. */
export interface ProxyPacket {
  readonly tuple: FiveTuple;
  /** `PREROUTING` for packets arriving (from a pod or the wire), `OUTPUT` for host processes. */
  readonly hook: "PREROUTING" | "OUTPUT";
  /** The source is a pod on this node (kube-proxy's `IfLocal` detector). */
  readonly fromLocalPod: boolean;
  readonly nowMs: number;
  /** Whether to record hops; with `false` the mode returns no hops and builds no strings (the fast path). */
  readonly trace: boolean;
}

/**
 * Where randomness enters: `choose([p0, p1, ...])` returns an index with those probabilities
 * (they sum to 1). A seeded chooser picks one; the all-outcomes walker enumerates them.
 */
export interface Chooser {
  choose(probabilities: readonly number[]): number;
  /** False while exploring outcomes: no state (affinity, round-robin) may change. */
  readonly commit: boolean;
}

/** What kube-proxy's rules did with a flow's first packet. */
export type ProxyVerdict =
  /** No rule is about this destination: it is routed as it is. */
  | { readonly kind: "no-match" }
  /** DNAT to an endpoint (and SNAT on the way out when `masquerade`). */
  | {
      readonly kind: "dnat";
      readonly servicePort: ServicePortInfo;
      readonly endpoint: EndpointInfo;
      readonly to: SocketAddress;
      readonly masquerade: boolean;
    }
  /** REJECT: the client gets ICMP port-unreachable (TCP: connection refused). */
  | { readonly kind: "reject"; readonly servicePort?: ServicePortInfo; readonly reason: string }
  /** DROP: the client hears nothing and times out. */
  | { readonly kind: "drop"; readonly servicePort?: ServicePortInfo; readonly reason: string }
  /** The destination is an address of this node (ipvs binds ClusterIPs to `kube-ipvs0`): the host answers. */
  | { readonly kind: "local"; readonly reason: string };

/** A verdict with the hops (rules matched, in order) that led to it. */
export interface ProxyEvaluation {
  readonly verdict: ProxyVerdict;
  readonly hops: readonly Hop[];
}

/**
 * One kube-proxy mode. Per-node state (affinity, round robin) lives in {@link ProxyNode}; an
 * instance keeps only caches derived from immutable states and ports, so answers never depend
 * on what it cached.
 */
export interface ProxyMode {
  readonly name: ProxyModeName;
  /** Runs a new flow's first packet through the node's rules at `packet.hook`. */
  evaluate(node: ProxyNode, packet: ProxyPacket, chooser: Chooser): ProxyEvaluation;
  /** Whether `ip` is bound to the node itself by the proxy (ipvs: every ClusterIP on `kube-ipvs0`). */
  isLocalAddress(node: ProxyNode, ip: string): boolean;
  /** The node's rules as the real tool prints them (`iptables-save`, `ipvsadm -Ln`, `nft list ruleset`). */
  dump(node: ProxyNode): string;
  /**
   * The POSTROUTING rule that SNATs packets marked for masquerade, as {@link ProxyMode.dump}
   * prints it; absent when the dump does not show it (ipvs: `ipvsadm` lists no iptables rules).
   */
  readonly masqueradeRule?: { readonly table: string; readonly chain: string; readonly rule: string };
}

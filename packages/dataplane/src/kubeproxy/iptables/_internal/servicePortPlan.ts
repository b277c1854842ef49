/**
 * Everything kube-proxy's iptables proxier derives from one service port on one node, cached
 * in the mode instance's {@link IptablesCaches} so the per-packet path does no hashing, sorting
 * or string building:
 * - {@link staticOf}: node-independent data (traffic-policy flags, affinity key, the DNAT
 *   verdicts for every endpoint), keyed by the immutable {@link ServicePortInfo};
 * - {@link planOf}: the node's view (which endpoints the `KUBE-SVC-`/`KUBE-SVL-` chains hold,
 *   whether the Service has internal/external endpoints here), as `syncProxyRules` computes it;
 * - {@link namesOf}: the chain names (hashing happens only when a dump or trace needs them).
 *
 * @module
 */

import { type Ipv4Cidr, parseIPv4Cidr } from "../../_internal/ipv4.js";
import { categorizeEndpoints } from "../../categorizeEndpoints.js";
import type { ProxyEvaluation, ProxyNode } from "../../ProxyMode.js";
import { servicePortKey } from "../../ProxyStateSnapshot.js";
import type { EndpointInfo, ServicePortInfo } from "../../ServicePortInfo.js";
import {
  serviceExternalChainName,
  serviceFirewallChainName,
  servicePortEndpointChainName,
  servicePortPolicyClusterChain,
  servicePortPolicyLocalChainName,
} from "../chainNames.js";
import type { IptablesCaches } from "./iptablesCaches.js";
import type { ServicePortRules } from "./servicePortRules.js";

const EMPTY_HOPS: readonly never[] = Object.freeze([]);

/** The hops of a fast-path evaluation: none, shared. */
export const NO_HOPS: readonly never[] = EMPTY_HOPS;

/** Node-independent facts about a service port. */
export interface ServicePortStatic {
  readonly protocol: string;
  /** `ServicePortInfo.ExternallyAccessible()`: a NodePort, an external IP or a load-balancer IP. */
  readonly externallyAccessible: boolean;
  readonly internalPolicyLocal: boolean;
  /** `ExternalPolicyLocal()`: only for externally accessible ports. */
  readonly externalPolicyLocal: boolean;
  /** `UsesClusterEndpoints()`: ITP Cluster, or externally accessible (ETP Local short-circuits pods to KUBE-SVC). */
  readonly usesClusterEndpoints: boolean;
  /** `UsesLocalEndpoints()`. */
  readonly usesLocalEndpoints: boolean;
  /** Whether the node's zone can change which endpoints are used (some endpoint has zone hints). */
  readonly zoneMatters: boolean;
  /** The IPv4 ClusterIP the rules capture (iptables is per family; this model writes IPv4 rules). */
  readonly clusterIP: string | undefined;
  readonly externalIPs: readonly string[];
  readonly loadBalancerIPs: readonly string[];
  /** `loadBalancerSourceRanges`, trimmed and parsed; invalid ones are ignored as kube-proxy ignores them. */
  readonly sourceRanges: readonly Ipv4Cidr[];
  /** The key under which ClientIP affinity is remembered in {@link ProxyNode.affinity}. */
  readonly affinityKey: string;
  /** `evaluations[2 * i + (masquerade ? 1 : 0)]`: the DNAT outcome for `endpoints[i]`, shared. */
  readonly dnat: readonly ProxyEvaluation[];
}

/** One `KUBE-SVC-`/`KUBE-SVL-` chain's endpoints on a node. */
export interface ChainPlan {
  /** Indexes into `ServicePortInfo.endpoints`, in rule order. */
  readonly endpoints: readonly number[];
  /** `pairs[i] = [1/(n-i), 1 - 1/(n-i)]`: what the statistic rule `i` asks the chooser. */
  readonly pairs: readonly (readonly number[])[];
}

/** What `syncProxyRules` decides for one service port on one node. */
export interface ServicePortPlan {
  readonly sp: ServicePortInfo;
  readonly st: ServicePortStatic;
  readonly nodeName: string;
  readonly zone: string | undefined;
  readonly hasEndpoints: boolean;
  readonly hasInternalEndpoints: boolean;
  readonly hasExternalEndpoints: boolean;
  readonly usesExternalTrafficChain: boolean;
  readonly usesFWChain: boolean;
  /** The `KUBE-SVC-` chain, when it exists on this node. */
  readonly cluster: ChainPlan | undefined;
  /** The `KUBE-SVL-` chain, when it exists on this node. */
  readonly local: ChainPlan | undefined;
  /** Indexes into `ServicePortInfo.endpoints` that get a `KUBE-SEP-` chain (`allLocallyReachableEndpoints`). */
  readonly reachable: readonly number[];
  /** Shared outcomes for the REJECT/DROP cases of this plan. */
  readonly rejectNoEndpoints: ProxyEvaluation;
  readonly dropNoLocalEndpoints: ProxyEvaluation;
  readonly dropFirewall: ProxyEvaluation;
  /**
   * `rulesOf`'s cache: the plan's rules per node context. Few (one per detector and size mode,
   * or per node with a firewall chain), so a list scanned by identity; on the plan, which a
   * packet already holds, rather than in a map keyed by it.
   */
  readonly rulesVariants: RulesVariant[];
}

/** One set of a plan's rules and the node context it was written for (`nodeIP` -1: any node). */
export interface RulesVariant {
  readonly detector: Ipv4Cidr | undefined;
  readonly nodeIP: number;
  readonly large: boolean;
  readonly rules: ServicePortRules;
}

/** The chain names of a service port (hashes computed once per {@link ServicePortInfo}). */
export interface ServicePortNames {
  readonly svc: string;
  readonly svl: string;
  readonly fw: string;
  readonly ext: string;
  /** Parallel to `ServicePortInfo.endpoints`. */
  readonly sep: readonly string[];
}

function isIPv4(ip: string): boolean {
  return !ip.includes(":");
}

/** The node-independent facts of `sp` (cached in `caches`). */
export function staticOf(caches: IptablesCaches, sp: ServicePortInfo): ServicePortStatic {
  let st = caches.statics.get(sp);
  if (st) return st;
  const externalIPs = sp.externalIPs.filter(isIPv4);
  const loadBalancerIPs = sp.loadBalancerIPs.filter(isIPv4);
  const externallyAccessible = sp.nodePort !== 0 || externalIPs.length > 0 || loadBalancerIPs.length > 0;
  const internalPolicyLocal = sp.internalTrafficPolicy === "Local";
  const externalPolicyLocal = externallyAccessible && sp.externalTrafficPolicy === "Local";
  const sourceRanges: Ipv4Cidr[] = [];
  for (const range of sp.loadBalancerSourceRanges) {
    const cidr = parseIPv4Cidr(range);
    if (cidr) sourceRanges.push(cidr);
  }
  const dnat: ProxyEvaluation[] = [];
  for (const endpoint of sp.endpoints) {
    const to = Object.freeze({ ip: endpoint.ip, port: endpoint.port });
    for (const masquerade of [false, true]) {
      dnat.push(
        Object.freeze({
          verdict: Object.freeze({ kind: "dnat", servicePort: sp, endpoint, to, masquerade }),
          hops: EMPTY_HOPS,
        }),
      );
    }
  }
  st = {
    protocol: sp.protocol.toLowerCase(),
    externallyAccessible,
    internalPolicyLocal,
    externalPolicyLocal,
    usesClusterEndpoints: !internalPolicyLocal || externallyAccessible,
    usesLocalEndpoints: internalPolicyLocal || externalPolicyLocal,
    zoneMatters: sp.endpoints.some((e) => e.zoneHints.length > 0),
    clusterIP: sp.clusterIPs.find(isIPv4),
    externalIPs,
    loadBalancerIPs,
    sourceRanges,
    affinityKey: servicePortKey(sp),
    dnat,
  };
  caches.statics.set(sp, st);
  return st;
}

/** The chain names of `sp` (cached in `caches`). */
export function namesOf(caches: IptablesCaches, sp: ServicePortInfo): ServicePortNames {
  let n = caches.names.get(sp);
  if (n) return n;
  n = {
    svc: servicePortPolicyClusterChain(sp.name, sp.protocol),
    svl: servicePortPolicyLocalChainName(sp.name, sp.protocol),
    fw: serviceFirewallChainName(sp.name, sp.protocol),
    ext: serviceExternalChainName(sp.name, sp.protocol),
    sep: sp.endpoints.map((e) => servicePortEndpointChainName(sp.name, sp.protocol, e.endpoint)),
  };
  caches.names.set(sp, n);
  return n;
}

function chainPlan(sp: ServicePortInfo, endpoints: readonly EndpointInfo[]): ChainPlan {
  const indexes = endpoints.map((e) => sp.endpoints.indexOf(e));
  const pairs: number[][] = [];
  for (let i = 0; i < indexes.length - 1; i++) {
    const p = 1 / (indexes.length - i);
    pairs.push([p, 1 - p]);
  }
  return { endpoints: indexes, pairs };
}

function buildPlan(
  sp: ServicePortInfo,
  st: ServicePortStatic,
  nodeName: string,
  zone: string | undefined,
): ServicePortPlan {
  const { clusterEndpoints, localEndpoints, hasAnyEndpoints } = categorizeEndpoints(sp, nodeName, zone);
  const usedCluster = st.usesClusterEndpoints ? clusterEndpoints : [];
  const usedLocal = st.usesLocalEndpoints ? localEndpoints : [];
  const hasEndpoints = hasAnyEndpoints;
  const hasInternalEndpoints = hasEndpoints && (!st.internalPolicyLocal || usedLocal.length > 0);
  const hasExternalEndpoints = hasEndpoints && (!st.externalPolicyLocal || usedLocal.length > 0);
  const reachableSet = new Set([...usedCluster, ...usedLocal]);
  const reason = (what: string): string => `${sp.name} ${what}`;
  return {
    sp,
    st,
    nodeName,
    zone,
    hasEndpoints,
    hasInternalEndpoints,
    hasExternalEndpoints,
    usesExternalTrafficChain: hasEndpoints && st.externallyAccessible,
    usesFWChain: hasEndpoints && st.loadBalancerIPs.length > 0 && st.sourceRanges.length > 0,
    cluster: usedCluster.length > 0 ? chainPlan(sp, usedCluster) : undefined,
    local: usedLocal.length > 0 ? chainPlan(sp, usedLocal) : undefined,
    reachable: sp.endpoints.flatMap((e, i) => (reachableSet.has(e) ? [i] : [])),
    rejectNoEndpoints: Object.freeze({
      verdict: Object.freeze({ kind: "reject", servicePort: sp, reason: reason("has no endpoints") }),
      hops: EMPTY_HOPS,
    }),
    dropNoLocalEndpoints: Object.freeze({
      verdict: Object.freeze({ kind: "drop", servicePort: sp, reason: reason("has no local endpoints") }),
      hops: EMPTY_HOPS,
    }),
    dropFirewall: Object.freeze({
      verdict: Object.freeze({
        kind: "drop",
        servicePort: sp,
        reason: reason("loadBalancerSourceRanges do not allow this client"),
      }),
      hops: EMPTY_HOPS,
    }),
    rulesVariants: [],
  };
}

/**
 * The plan of `sp` on `node` (cached in `caches`). Ports whose rules do not depend on the node
 * (no Local policy, no topology hints) share one plan across all nodes.
 */
export function planOf(caches: IptablesCaches, sp: ServicePortInfo, node: ProxyNode): ServicePortPlan {
  const st = staticOf(caches, sp);
  if (!st.usesLocalEndpoints && !st.zoneMatters) {
    let plan = caches.sharedPlans.get(sp);
    if (!plan) {
      plan = buildPlan(sp, st, "", undefined);
      caches.sharedPlans.set(sp, plan);
    }
    return plan;
  }
  let perNode = caches.nodePlans.get(sp);
  if (!perNode) {
    perNode = new Map();
    caches.nodePlans.set(sp, perNode);
  }
  let plan = perNode.get(node.nodeName);
  if (!plan || plan.zone !== node.zone) {
    plan = buildPlan(sp, st, node.nodeName, node.zone);
    perNode.set(node.nodeName, plan);
  }
  return plan;
}

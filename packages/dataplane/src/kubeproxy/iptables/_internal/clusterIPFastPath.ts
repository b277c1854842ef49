/**
 * The untraced ClusterIP fast path of iptables mode: the decision the rules make for a new
 * flow to a ClusterIP (`KUBE-SERVICES` → `KUBE-SVC-` → statistic rules → `KUBE-SEP-` DNAT),
 * read off one view per port, for ports whose rules are the same on every node and that have
 * no session affinity. Everything else (no endpoints, Local policies, topology hints, affinity,
 * traces) takes the general walk in `iptablesMode.ts`, which makes the same choices: the trace
 * property test (`Dataplane.trace.property.test.ts`) holds the two to the same outcomes.
 *
 * Why: at 10,000 Services each object a packet reads is a likely cache miss; the general walk
 * reads the ClusterIP index, the port's static facts and plan (a `WeakMap` each) and the cached
 * evaluation with its verdict and address. This path reads one map entry, the view and the
 * chosen endpoint, and builds the evaluation fresh (see {@link clusterDnat}).
 *
 * @module
 */
import {
  type ClusterIPPortView,
  ClusterIPViews,
  clusterDnat,
  type DnatTargets,
  dnatTargets,
} from "../../_internal/clusterIPViews.js";
import { cidrContains, parseIPv4 } from "../../_internal/ipv4.js";
import type { Chooser, ProxyEvaluation, ProxyNode, ProxyPacket } from "../../ProxyMode.js";
import type { EndpointInfo, ServicePortInfo } from "../../ServicePortInfo.js";
import type { IptablesCaches } from "./iptablesCaches.js";
import { planOf, type ServicePortPlan, staticOf } from "./servicePortPlan.js";
import { detectorOf } from "./servicePortRules.js";

/** What the fast path reads of one service port (the same on every node). */
export interface ClusterIPView extends ClusterIPPortView {
  /** The IPv4 ClusterIP the rules capture; another address of the port takes the general walk. */
  readonly clusterIP: string | undefined;
  /** `KUBE-SVC-`'s endpoints in rule order ({@link DnatTargets}); empty when the general walk must decide. */
  readonly targets: DnatTargets;
  /** `pairs[k]`: what statistic rule `k` asks the chooser (as {@link ChainPlan.pairs}). */
  readonly pairs: readonly (readonly number[])[];
  readonly sp: ServicePortInfo;
  /** The port's plan (shared by every node), for the traced walk. */
  readonly plan: ServicePortPlan;
}

const NONE: DnatTargets = Object.freeze([]);

/**
 * The view of the port `protocol`/`port` of ClusterIP `ip`, when `ip` is the port's IPv4
 * ClusterIP and the port's rules are the same on every node (see {@link ClusterIPViews}).
 */
export function clusterIPView(
  caches: IptablesCaches,
  node: ProxyNode,
  ip: string,
  protocol: string,
  port: number,
): ClusterIPView | undefined {
  caches.clusterIPViews ??= new ClusterIPViews<ClusterIPView>((sp, n) => buildView(caches, sp, n));
  const view = caches.clusterIPViews.find(node, ip, protocol, port);
  return view?.clusterIP === ip ? view : undefined;
}

function buildView(caches: IptablesCaches, sp: ServicePortInfo, node: ProxyNode): ClusterIPView {
  const st = staticOf(caches, sp);
  const plan = planOf(caches, sp, node);
  // A plan shared by every node (no Local policy, no zone hints) and no affinity: the chain
  // holds the same endpoints everywhere and choosing one needs no per-client memory.
  const fast =
    !st.usesLocalEndpoints &&
    !st.zoneMatters &&
    sp.sessionAffinity !== "ClientIP" &&
    plan.hasInternalEndpoints;
  const chain = fast ? plan.cluster : undefined;
  return {
    protocol: sp.protocol,
    port: sp.port,
    sameOnEveryNode: !st.usesLocalEndpoints && !st.zoneMatters,
    clusterIP: st.clusterIP,
    targets: chain ? dnatTargets(chain.endpoints.map((i) => sp.endpoints[i] as EndpointInfo)) : NONE,
    pairs: chain ? chain.pairs : [],
    sp,
    plan,
  };
}

/**
 * The untraced fast path: the DNAT the rules would choose for a new flow to a ClusterIP, or
 * undefined when the general walk must decide.
 */
export function clusterTraffic(
  caches: IptablesCaches,
  node: ProxyNode,
  packet: ProxyPacket,
  chooser: Chooser,
): ProxyEvaluation | undefined {
  const { protocol, src, dst } = packet.tuple;
  if (protocol === "ICMP") return undefined;
  const view = clusterIPView(caches, node, dst.ip, protocol, dst.port);
  if (view === undefined) return undefined;
  const n = view.targets.length / 3;
  if (n === 0) return undefined;
  // KUBE-SVC-'s first rule: --masquerade-all, or a source outside the cluster CIDR.
  const detector = detectorOf(caches, node);
  const masquerade =
    caches.options.masqueradeAll || (detector !== undefined && !cidrContains(detector, parseIPv4(src.ip)));
  // The statistic rules, in order: rule k matches with probability 1/(n-k); the last always.
  let k = 0;
  while (k < n - 1 && chooser.choose(view.pairs[k] as readonly number[]) !== 0) k++;
  return clusterDnat(view.sp, view.targets, k, masquerade, src.ip);
}

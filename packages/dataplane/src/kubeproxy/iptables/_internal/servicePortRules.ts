/**
 * The iptables rule lines kube-proxy writes for one service port, word for word as
 * `syncProxyRules` and `writeServiceToEndpointRules` write them (pkg/proxy/iptables/proxier.go).
 * Both the dump and the traces read their lines from here, so a traced rule is always a line
 * of the dump.
 *
 * @module
 */

import { cidrContains, type Ipv4Cidr, parseIPv4, parseIPv4Cidr } from "../../_internal/ipv4.js";
import type { ProxyNode } from "../../ProxyMode.js";
import type { ProxyState } from "../../ServicePortInfo.js";
import type { IptablesCaches } from "./iptablesCaches.js";
import { type ChainPlan, namesOf, type ServicePortPlan } from "./servicePortPlan.js";

/** kube-proxy's `largeClusterEndpointsThreshold`: above it, per-endpoint comments are dropped. */
export const LARGE_CLUSTER_ENDPOINTS_THRESHOLD = 1000;

/** The node-level inputs of the rules: the local-traffic detector and the node IP. */
export interface NodeRulesContext {
  /** `--cluster-cidr` (IPv4) of the `DetectLocalByCIDR` detector; undefined when not implemented. */
  readonly detector: Ipv4Cidr | undefined;
  /** The node's first IPv4 address as a number (-1 when none), for `loadBalancerSourceRanges`' allowFromNode. */
  readonly nodeIP: number;
}

/** The detector CIDR of `node` (its first IPv4 cluster CIDR), cached in `caches` per array. */
export function detectorOf(caches: IptablesCaches, node: ProxyNode): Ipv4Cidr | undefined {
  let cidr = caches.detectors.get(node.clusterCIDRs);
  if (cidr === undefined) {
    cidr = null;
    for (const text of node.clusterCIDRs) {
      const parsed = parseIPv4Cidr(text);
      if (parsed) {
        cidr = parsed;
        break;
      }
    }
    caches.detectors.set(node.clusterCIDRs, cidr);
  }
  return cidr ?? undefined;
}

/** The node's rules context (its parts cached in `caches`). */
export function nodeContextOf(caches: IptablesCaches, node: ProxyNode): NodeRulesContext {
  let nodeIP = caches.nodeIPNumbers.get(node.nodeIPs);
  if (nodeIP === undefined) {
    nodeIP = -1;
    for (const ip of node.nodeIPs) {
      const n = parseIPv4(ip);
      if (n >= 0) {
        nodeIP = n;
        break;
      }
    }
    caches.nodeIPNumbers.set(node.nodeIPs, nodeIP);
  }
  return { detector: detectorOf(caches, node), nodeIP };
}

/** Whether the state has more than 1000 endpoints in total (kube-proxy's large cluster mode); O(1). */
export function largeClusterMode(state: ProxyState): boolean {
  return state.endpointCount() > LARGE_CLUSTER_ENDPOINTS_THRESHOLD;
}

/** `fmt.Sprintf("%0.10f", 1.0/float64(n))`. */
export function probability(n: number): string {
  return PROBABILITIES[n] ?? formatProbability(n);
}

function formatProbability(n: number): string {
  // Go rounds the exact binary value half-to-even; toFixed rounds ties up. For 1/n the only
  // exact tie at ten decimals is n = 2048 (0.00048828125), which Go rounds down.
  return n === 2048 ? "0.0004882812" : (1 / n).toFixed(10);
}

/** {@link probability} of up to 256 endpoints, written once (a traced packet asks once or more). */
const PROBABILITIES: readonly string[] = Object.freeze(
  Array.from({ length: 257 }, (_, n) => formatProbability(n)),
);

/** The `KUBE-SVC-`/`KUBE-SVL-` rules for a {@link ChainPlan}, parallel to its endpoints. */
export interface ChainRules {
  readonly chain: string;
  /** `-m recent --rcheck` rules (ClientIP affinity only). */
  readonly affinity: readonly string[];
  /** The statistic rules; the last one is unconditional. */
  readonly lb: readonly string[];
}

/** Every line kube-proxy writes for one service port on one node, by role. */
export interface ServicePortRules {
  /** `namespace/name`: what Kubernetes' tests sort KUBE-SERVICES and KUBE-NODEPORTS by. */
  readonly sortKey: string;
  readonly servicesClusterIP: string | undefined;
  /** Parallel to the IPv4 externalIPs, when the port has endpoints. */
  readonly servicesExternalIP: readonly string[];
  /** Parallel to the IPv4 load-balancer IPs, when the port has endpoints. */
  readonly servicesLoadBalancerIP: readonly string[];
  readonly nodePortLocalhost: string | undefined;
  readonly nodePort: string | undefined;
  /** The first rule of the internal traffic chain (`! -s <cluster CIDR> -j KUBE-MARK-MASQ`). */
  readonly internalMasq: string | undefined;
  readonly internalChain: string;
  readonly extChain: string;
  readonly extMasq: string | undefined;
  readonly extPod: string | undefined;
  readonly extLocalMasq: string | undefined;
  readonly extLocalRoute: string | undefined;
  readonly extPolicy: string | undefined;
  readonly fwChain: string;
  /** Parallel to the parsed source ranges. */
  readonly fwSources: readonly string[];
  /** Parallel to the load-balancer IPs, when a source range contains the node IP. */
  readonly fwFromNode: readonly string[];
  readonly fwOther: string | undefined;
  readonly cluster: ChainRules | undefined;
  readonly local: ChainRules | undefined;
  /** Parallel to `ServicePortInfo.endpoints`; set for endpoints with a KUBE-SEP chain. */
  readonly sepChains: readonly string[];
  readonly sepHairpin: readonly (string | undefined)[];
  readonly sepDnat: readonly (string | undefined)[];
  readonly filterClusterIP: string | undefined;
  readonly filterExternalIP: readonly string[];
  readonly filterLoadBalancerIP: readonly string[];
  readonly filterNodePort: string | undefined;
  /** Parallel to the load-balancer IPs, when KUBE-FW is in use. */
  readonly proxyFirewall: readonly string[];
  readonly healthCheck: string | undefined;
  /** The nat chains of this port with their rules, in the order they are written. */
  readonly natChains: readonly (readonly [string, readonly string[]])[];
}

/**
 * The rules of `plan` in this node context, written with `caches.options` (cached on the plan
 * per context; the options need no key, they are fixed per instance and so are its plans).
 */
export function rulesOf(
  caches: IptablesCaches,
  plan: ServicePortPlan,
  ctx: NodeRulesContext,
  large: boolean,
): ServicePortRules {
  // The node's IP matters only to a firewall chain (is the node inside loadBalancerSourceRanges?):
  // without one, every node with the same detector shares the rules (10 times fewer to build
  // and keep at 10 nodes).
  const nodeIP = plan.usesFWChain ? ctx.nodeIP : -1;
  const variants = plan.rulesVariants;
  for (const v of variants)
    if (v.detector === ctx.detector && v.nodeIP === nodeIP && v.large === large) return v.rules;
  const rules = buildRules(caches, plan, ctx, large);
  variants.push({ detector: ctx.detector, nodeIP, large, rules });
  return rules;
}

function buildRules(
  caches: IptablesCaches,
  plan: ServicePortPlan,
  ctx: NodeRulesContext,
  large: boolean,
): ServicePortRules {
  const { sp, st } = plan;
  const options = caches.options;
  const n = namesOf(caches, sp);
  const name = sp.name;
  const p = st.protocol;
  const proto = `-m ${p} -p ${p}`;
  const clusterIP = st.clusterIP ?? "";
  const port = String(sp.port);
  const internalChain = st.internalPolicyLocal ? n.svl : n.svc;
  const externalPolicyChain = st.externalPolicyLocal ? n.svl : n.svc;
  const lbChain = plan.usesFWChain ? n.fw : n.ext;
  const detector = ctx.detector;

  let internalFilterTarget = "";
  let internalFilterComment = "";
  let externalFilterTarget = "";
  let externalFilterComment = "";
  if (!plan.hasEndpoints) {
    internalFilterTarget = "REJECT";
    internalFilterComment = `"${name} has no endpoints"`;
    externalFilterTarget = "REJECT";
    externalFilterComment = internalFilterComment;
  } else {
    if (!plan.hasInternalEndpoints) {
      internalFilterTarget = "DROP";
      internalFilterComment = `"${name} has no local endpoints"`;
    }
    if (!plan.hasExternalEndpoints) {
      externalFilterTarget = "DROP";
      externalFilterComment = `"${name} has no local endpoints"`;
    }
  }

  const servicesClusterIP = plan.hasInternalEndpoints
    ? `-A KUBE-SERVICES -m comment --comment "${name} cluster IP" ${proto} -d ${clusterIP} --dport ${port} -j ${internalChain}`
    : undefined;
  const filterClusterIP = plan.hasInternalEndpoints
    ? undefined
    : `-A KUBE-SERVICES -m comment --comment ${internalFilterComment} ${proto} -d ${clusterIP} --dport ${port} -j ${internalFilterTarget}`;

  const servicesExternalIP = plan.hasEndpoints
    ? st.externalIPs.map(
        (ip) =>
          `-A KUBE-SERVICES -m comment --comment "${name} external IP" ${proto} -d ${ip} --dport ${port} -j ${n.ext}`,
      )
    : [];
  const filterExternalIP = plan.hasExternalEndpoints
    ? []
    : st.externalIPs.map(
        (ip) =>
          `-A KUBE-EXTERNAL-SERVICES -m comment --comment ${externalFilterComment} ${proto} -d ${ip} --dport ${port} -j ${externalFilterTarget}`,
      );
  const servicesLoadBalancerIP = plan.hasEndpoints
    ? st.loadBalancerIPs.map(
        (ip) =>
          `-A KUBE-SERVICES -m comment --comment "${name} loadbalancer IP" ${proto} -d ${ip} --dport ${port} -j ${lbChain}`,
      )
    : [];
  const proxyFirewall = plan.usesFWChain
    ? st.loadBalancerIPs.map(
        (ip) =>
          `-A KUBE-PROXY-FIREWALL -m comment --comment "${name} traffic not accepted by ${n.fw}" ${proto} -d ${ip} --dport ${port} -j DROP`,
      )
    : [];
  const filterLoadBalancerIP = plan.hasExternalEndpoints
    ? []
    : st.loadBalancerIPs.map(
        (ip) =>
          `-A KUBE-EXTERNAL-SERVICES -m comment --comment ${externalFilterComment} ${proto} -d ${ip} --dport ${port} -j ${externalFilterTarget}`,
      );

  let nodePortLocalhost: string | undefined;
  let nodePort: string | undefined;
  let filterNodePort: string | undefined;
  if (sp.nodePort !== 0) {
    const np = String(sp.nodePort);
    if (plan.hasEndpoints) {
      if (options.localhostNodePorts && options.nfacct) {
        nodePortLocalhost = `-A KUBE-NODEPORTS -m comment --comment ${name} ${proto} -d 127.0.0.0/8 --dport ${np} -m nfacct --nfacct-name localhost_nps_accepted_pkts -j ${n.ext}`;
      }
      nodePort = `-A KUBE-NODEPORTS -m comment --comment ${name} ${proto} --dport ${np} -j ${n.ext}`;
    }
    if (!plan.hasExternalEndpoints) {
      filterNodePort = `-A KUBE-EXTERNAL-SERVICES -m comment --comment ${externalFilterComment} -m addrtype --dst-type LOCAL ${proto} --dport ${np} -j ${externalFilterTarget}`;
    }
  }
  const healthCheck =
    sp.healthCheckNodePort !== 0
      ? `-A KUBE-NODEPORTS -m comment --comment "${name} health check node port" -m tcp -p tcp --dport ${sp.healthCheckNodePort} -j ACCEPT`
      : undefined;

  // Internal traffic: masquerade off-cluster clients (or everything with --masquerade-all).
  let internalMasq: string | undefined;
  if (plan.hasInternalEndpoints) {
    const args = `-m comment --comment "${name} cluster IP" ${proto} -d ${clusterIP} --dport ${port}`;
    if (options.masqueradeAll) internalMasq = `-A ${internalChain} ${args} -j KUBE-MARK-MASQ`;
    else if (detector) internalMasq = `-A ${internalChain} ${args} ! -s ${detector.text} -j KUBE-MARK-MASQ`;
  }

  let extMasq: string | undefined;
  let extPod: string | undefined;
  let extLocalMasq: string | undefined;
  let extLocalRoute: string | undefined;
  let extPolicy: string | undefined;
  if (plan.usesExternalTrafficChain) {
    if (!st.externalPolicyLocal) {
      extMasq = `-A ${n.ext} -m comment --comment "masquerade traffic for ${name} external destinations" -j KUBE-MARK-MASQ`;
    } else {
      if (detector) {
        extPod = `-A ${n.ext} -m comment --comment "pod traffic for ${name} external destinations" -s ${detector.text} -j ${n.svc}`;
      }
      extLocalMasq = `-A ${n.ext} -m comment --comment "masquerade LOCAL traffic for ${name} external destinations" -m addrtype --src-type LOCAL -j KUBE-MARK-MASQ`;
      extLocalRoute = `-A ${n.ext} -m comment --comment "route LOCAL traffic for ${name} external destinations" -m addrtype --src-type LOCAL -j ${n.svc}`;
    }
    if (plan.hasExternalEndpoints) extPolicy = `-A ${n.ext} -j ${externalPolicyChain}`;
  }

  const fwSources: string[] = [];
  const fwFromNode: string[] = [];
  let fwOther: string | undefined;
  if (plan.usesFWChain) {
    const args = `-A ${n.fw} -m comment --comment "${name} loadbalancer IP"`;
    let allowFromNode = false;
    for (const cidr of st.sourceRanges) {
      fwSources.push(`${args} -s ${cidr.text} -j ${n.ext}`);
      if (cidrContains(cidr, ctx.nodeIP)) allowFromNode = true;
    }
    if (allowFromNode) for (const ip of st.loadBalancerIPs) fwFromNode.push(`${args} -s ${ip} -j ${n.ext}`);
    fwOther = `-A ${n.fw} -m comment --comment "other traffic to ${name} will be dropped by KUBE-PROXY-FIREWALL"`;
  }

  const endpointComment = (i: number): string => {
    const e = sp.endpoints[i]!;
    return large ? "" : ` -m comment --comment "${name} -> ${e.endpoint}"`;
  };
  const chainRules = (chain: string, cp: ChainPlan | undefined): ChainRules | undefined => {
    if (!cp) return undefined;
    const affinity =
      sp.sessionAffinity === "ClientIP"
        ? cp.endpoints.map((i) => {
            const sep = n.sep[i]!;
            return `-A ${chain}${endpointComment(i)} -m recent --name ${sep} --rcheck --seconds ${sp.stickyMaxAgeSeconds} --reap -j ${sep}`;
          })
        : [];
    const count = cp.endpoints.length;
    const lb = cp.endpoints.map((i, k) => {
      const stat = k < count - 1 ? ` -m statistic --mode random --probability ${probability(count - k)}` : "";
      return `-A ${chain}${endpointComment(i)}${stat} -j ${n.sep[i]!}`;
    });
    return { chain, affinity, lb };
  };
  const cluster = chainRules(n.svc, plan.cluster);
  const local = chainRules(n.svl, plan.local);

  const sepHairpin: (string | undefined)[] = sp.endpoints.map(() => undefined);
  const sepDnat: (string | undefined)[] = sp.endpoints.map(() => undefined);
  for (const i of plan.reachable) {
    const e = sp.endpoints[i]!;
    const sep = n.sep[i]!;
    const comment = large ? "" : ` -m comment --comment ${name}`;
    sepHairpin[i] = `-A ${sep}${comment} -s ${e.ip} -j KUBE-MARK-MASQ`;
    const recent = sp.sessionAffinity === "ClientIP" ? ` -m recent --name ${sep} --set` : "";
    sepDnat[i] = `-A ${sep}${comment}${recent} ${proto} -j DNAT --to-destination ${e.endpoint}`;
  }

  const natChains: [string, string[]][] = [];
  if (plan.usesExternalTrafficChain) {
    natChains.push([
      n.ext,
      [extMasq, extPod, extLocalMasq, extLocalRoute, extPolicy].filter((r): r is string => r !== undefined),
    ]);
  }
  if (plan.usesFWChain) natChains.push([n.fw, [...fwSources, ...fwFromNode, fwOther!]]);
  for (const c of [cluster, local]) {
    if (!c) continue;
    const masq = internalMasq && c.chain === internalChain ? [internalMasq] : [];
    natChains.push([c.chain, [...masq, ...c.affinity, ...c.lb]]);
  }
  for (const i of plan.reachable) natChains.push([n.sep[i]!, [sepHairpin[i]!, sepDnat[i]!]]);

  return {
    sortKey: `${sp.namespace}/${sp.serviceName}`,
    servicesClusterIP,
    servicesExternalIP,
    servicesLoadBalancerIP,
    nodePortLocalhost,
    nodePort,
    internalMasq,
    internalChain,
    extChain: n.ext,
    extMasq,
    extPod,
    extLocalMasq,
    extLocalRoute,
    extPolicy,
    fwChain: n.fw,
    fwSources,
    fwFromNode,
    fwOther,
    cluster,
    local,
    sepChains: n.sep,
    sepHairpin,
    sepDnat,
    filterClusterIP,
    filterExternalIP,
    filterLoadBalancerIP,
    filterNodePort,
    proxyFirewall,
    healthCheck,
    natChains,
  };
}

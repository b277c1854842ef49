/**
 * The `ip kube-proxy` nftables table kube-proxy's nftables proxier programs, as data: the
 * fixed skeleton (`setupNFTables`, K8s `pkg/proxy/nftables/proxier.go`) and the chains,
 * sets and map elements of each service port (`syncProxyRules`,
 * `writeServiceToEndpointRules`). Rule texts are kube-proxy's own (as in
 * `proxier_test.go`'s `TestOverallNFTablesRules`); dumps and traces both read them from here.
 *
 * @module
 */

import { createCIDRMatcher } from "../../_internal/ipv4.js";
import { categorizeEndpoints } from "../../categorizeEndpoints.js";
import type { ProxyNode } from "../../ProxyMode.js";
import type { EndpointInfo, ServicePortInfo } from "../../ServicePortInfo.js";
import { servicePortChainNameBase, servicePortEndpointChainNameBase } from "./chainNames.js";

/** A base chain's hook (`{ type nat hook prerouting priority -100 ; }`). */
export interface NftHook {
  readonly type: "nat" | "filter";
  readonly hook: "prerouting" | "input" | "forward" | "output" | "postrouting";
  readonly priority: number;
}

/** One chain and its rules, in order. */
export interface NftChain {
  readonly name: string;
  readonly hook?: NftHook;
  readonly comment?: string;
  readonly rules: readonly string[];
}

/** A set or verdict map (its elements are listed separately). */
export interface NftSet {
  readonly kind: "set" | "map";
  readonly name: string;
  readonly type: string;
  readonly flags?: string;
  readonly timeoutSeconds?: number;
  readonly comment?: string;
}

/** One element of a set (no `value`) or map. */
export interface NftElement {
  readonly container: string;
  readonly key: string;
  readonly comment?: string;
  readonly value?: string;
}

/** Settings kube-proxy takes from its flags. */
export interface NftConfig {
  readonly masqueradeAll: boolean;
  /** The ServiceCIDRs (`cluster-ips-check` drops traffic to their unallocated addresses). */
  readonly serviceCIDRs: readonly string[];
}

export const MARK_MASQ = "mark-for-masquerade";
export const REJECT_CHAIN = "reject-chain";
export const SERVICE_IPS_RULE = "ip daddr . meta l4proto . th dport vmap @service-ips";
export const SERVICE_NODEPORTS_RULE =
  "ip daddr @nodeport-ips meta l4proto . th dport vmap @service-nodeports";
export const NO_ENDPOINT_SERVICES_RULE = "ip daddr . meta l4proto . th dport vmap @no-endpoint-services";
export const NO_ENDPOINT_NODEPORTS_RULE =
  "ip daddr @nodeport-ips meta l4proto . th dport vmap @no-endpoint-nodeports";
export const FIREWALL_CHECK_RULE = "ip daddr . meta l4proto . th dport vmap @firewall-ips";
export const CLUSTER_IPS_REJECT_RULE =
  'ip daddr @cluster-ips reject comment "Reject traffic to invalid ports of ClusterIPs"';

/** `ip daddr { 172.30.0.0/16 } drop comment "..."`, the rule for unallocated ClusterIPs. */
export function unallocatedDropRule(serviceCIDRs: readonly string[]): string {
  return `ip daddr { ${serviceCIDRs.join(", ")} } drop comment "Drop traffic to unallocated ClusterIPs"`;
}

/** The fixed sets and maps of the table (`setupNFTables`). */
export const BASE_SETS: readonly NftSet[] = [
  { kind: "set", name: "cluster-ips", type: "ipv4_addr", comment: "Active ClusterIPs" },
  { kind: "set", name: "nodeport-ips", type: "ipv4_addr", comment: "IPs that accept NodePort traffic" },
  {
    kind: "map",
    name: "firewall-ips",
    type: "ipv4_addr . inet_proto . inet_service : verdict",
    comment: "destinations that are subject to LoadBalancerSourceRanges",
  },
  {
    kind: "map",
    name: "no-endpoint-nodeports",
    type: "inet_proto . inet_service : verdict",
    comment: "vmap to drop or reject packets to service nodeports with no endpoints",
  },
  {
    kind: "map",
    name: "no-endpoint-services",
    type: "ipv4_addr . inet_proto . inet_service : verdict",
    comment: "vmap to drop or reject packets to services with no endpoints",
  },
  {
    kind: "map",
    name: "service-ips",
    type: "ipv4_addr . inet_proto . inet_service : verdict",
    comment: "ClusterIP, ExternalIP and LoadBalancer IP traffic",
  },
  {
    kind: "map",
    name: "service-nodeports",
    type: "inet_proto . inet_service : verdict",
    comment: "NodePort traffic",
  },
];

/** The fixed chains of the table with their rules (`setupNFTables`). */
export function baseChains(config: NftConfig): readonly NftChain[] {
  const clusterIPsCheck = [CLUSTER_IPS_REJECT_RULE];
  if (config.serviceCIDRs.length > 0) clusterIPsCheck.push(unallocatedDropRule(config.serviceCIDRs));
  return [
    {
      name: "filter-prerouting-pre-dnat",
      hook: { type: "filter", hook: "prerouting", priority: -110 },
      rules: ["ct state new jump firewall-check"],
    },
    {
      name: "filter-output-pre-dnat",
      hook: { type: "filter", hook: "output", priority: -110 },
      rules: ["ct state new jump firewall-check"],
    },
    {
      name: "nat-prerouting",
      hook: { type: "nat", hook: "prerouting", priority: -100 },
      rules: ["jump services"],
    },
    { name: "nat-output", hook: { type: "nat", hook: "output", priority: -100 }, rules: ["jump services"] },
    {
      name: "filter-forward",
      hook: { type: "filter", hook: "forward", priority: 0 },
      rules: ["ct state new jump service-endpoints-check", "ct state new jump cluster-ips-check"],
    },
    {
      name: "filter-input",
      hook: { type: "filter", hook: "input", priority: 0 },
      rules: ["ct state new jump nodeport-endpoints-check", "ct state new jump service-endpoints-check"],
    },
    {
      name: "filter-output",
      hook: { type: "filter", hook: "output", priority: 0 },
      rules: ["ct state new jump service-endpoints-check", "ct state new jump cluster-ips-check"],
    },
    {
      name: "nat-postrouting",
      hook: { type: "nat", hook: "postrouting", priority: 100 },
      rules: ["jump masquerading"],
    },
    { name: "cluster-ips-check", rules: clusterIPsCheck },
    { name: "firewall-check", rules: [FIREWALL_CHECK_RULE] },
    { name: MARK_MASQ, rules: ["mark set mark or 0x4000"] },
    {
      name: "masquerading",
      rules: ["mark and 0x4000 == 0 return", "mark set mark xor 0x4000", "masquerade fully-random"],
    },
    { name: "nodeport-endpoints-check", rules: [NO_ENDPOINT_NODEPORTS_RULE] },
    {
      name: REJECT_CHAIN,
      comment: "helper for @no-endpoint-services / @no-endpoint-nodeports",
      rules: ["reject"],
    },
    { name: "services", rules: [SERVICE_IPS_RULE, SERVICE_NODEPORTS_RULE] },
    { name: "service-endpoints-check", rules: [NO_ENDPOINT_SERVICES_RULE] },
  ];
}

/** kube-proxy's `IfLocalNFT` / `IfNotLocalNFT` for the node's cluster CIDRs ("" without a detector). */
export function localMatch(clusterCIDRs: readonly string[], negate: boolean): string {
  if (clusterCIDRs.length === 0) return "";
  const op = negate ? "!= " : "";
  const set = clusterCIDRs.length === 1 ? clusterCIDRs[0]! : `{ ${clusterCIDRs.join(", ")} }`;
  return `ip saddr ${op}${set}`;
}

/** What a service port's traffic policies give one node: the endpoint lists the rules use. */
export interface PortPolicy {
  readonly clusterEndpoints: readonly EndpointInfo[];
  readonly localEndpoints: readonly EndpointInfo[];
  readonly hasEndpoints: boolean;
  readonly externallyAccessible: boolean;
  readonly usesClusterPolicyChain: boolean;
  readonly usesLocalPolicyChain: boolean;
  /** Endpoints ClusterIP traffic may reach (false: drop, or reject when `!hasEndpoints`). */
  readonly hasInternalEndpoints: boolean;
  readonly hasExternalEndpoints: boolean;
  readonly internalEndpoints: readonly EndpointInfo[];
  readonly externalEndpoints: readonly EndpointInfo[];
}

/** The endpoint categorization and traffic-policy flags of `syncProxyRules` for `sp` on `node`. */
export function portPolicy(sp: ServicePortInfo, node: ProxyNode): PortPolicy {
  const { clusterEndpoints, localEndpoints, hasAnyEndpoints } = categorizeEndpoints(
    sp,
    node.nodeName,
    node.zone,
  );
  const externallyAccessible = sp.nodePort > 0 || sp.externalIPs.length > 0 || sp.loadBalancerIPs.length > 0;
  const itpLocal = sp.internalTrafficPolicy === "Local";
  const etpLocal = sp.externalTrafficPolicy === "Local" && externallyAccessible;
  // BaseServicePortInfo.UsesClusterEndpoints / UsesLocalEndpoints (pkg/proxy/serviceport.go).
  const usesClusterEndpoints = !itpLocal || externallyAccessible;
  const usesLocalEndpoints = itpLocal || etpLocal;
  return {
    clusterEndpoints,
    localEndpoints,
    hasEndpoints: hasAnyEndpoints,
    externallyAccessible,
    usesClusterPolicyChain: clusterEndpoints.length > 0 && usesClusterEndpoints,
    usesLocalPolicyChain: localEndpoints.length > 0 && usesLocalEndpoints,
    hasInternalEndpoints: hasAnyEndpoints && (!itpLocal || localEndpoints.length > 0),
    hasExternalEndpoints: hasAnyEndpoints && (!etpLocal || localEndpoints.length > 0),
    internalEndpoints: itpLocal ? localEndpoints : clusterEndpoints,
    externalEndpoints: etpLocal ? localEndpoints : clusterEndpoints,
  };
}

/** Everything one service port adds to the table on one node. */
export interface CompiledPort {
  readonly clusterPolicyChain: string;
  readonly localPolicyChain: string;
  readonly externalChain: string;
  readonly firewallChain: string;
  readonly chains: readonly NftChain[];
  readonly affinitySets: readonly NftSet[];
  readonly elements: readonly NftElement[];
  /** Endpoint chain name per endpoint string (`ip:port`). */
  readonly endpointChains: ReadonlyMap<string, string>;
  /** Affinity set name per endpoint string. */
  readonly affinitySetNames: ReadonlyMap<string, string>;
}

function chainOf(chains: readonly NftChain[], name: string): NftChain | undefined {
  return chains.find((c) => c.name === name);
}

/** The rules of `name` in `compiled` (empty when the chain does not exist). */
export function rulesOf(compiled: CompiledPort, name: string): readonly string[] {
  return chainOf(compiled.chains, name)?.rules ?? [];
}

/** Compiles `sp` for `node` exactly as `syncProxyRules` would. */
export function compilePort(sp: ServicePortInfo, node: ProxyNode, config: NftConfig): CompiledPort {
  const policy = portPolicy(sp, node);
  const base = servicePortChainNameBase(sp);
  const clusterPolicyChain = `service-${base}`;
  const localPolicyChain = `local-${base}`;
  const externalChain = `external-${base}`;
  const firewallChain = `firewall-${base}`;
  const protocol = sp.protocol.toLowerCase();
  const sticky = sp.sessionAffinity === "ClientIP";

  const reachable: EndpointInfo[] = [];
  const seen = new Set<string>();
  const addReachable = (list: readonly EndpointInfo[]): void => {
    for (const e of list)
      if (!seen.has(e.endpoint)) {
        seen.add(e.endpoint);
        reachable.push(e);
      }
  };
  if (policy.usesClusterPolicyChain) addReachable(policy.clusterEndpoints);
  if (policy.usesLocalPolicyChain) addReachable(policy.localEndpoints);
  const endpointChains = new Map<string, string>();
  const affinitySetNames = new Map<string, string>();
  for (const e of reachable) {
    const epBase = servicePortEndpointChainNameBase(sp, e.ip, e.port);
    endpointChains.set(e.endpoint, `endpoint-${epBase}`);
    affinitySetNames.set(e.endpoint, `affinity-${epBase}`);
  }

  const elements: NftElement[] = [];
  const chains: NftChain[] = [];
  const noEndpointVerdict = (hasThese: boolean): string | undefined =>
    !policy.hasEndpoints ? `goto ${REJECT_CHAIN}` : hasThese ? undefined : "drop";
  const internalChain = sp.internalTrafficPolicy === "Local" ? localPolicyChain : clusterPolicyChain;
  const externalPolicyChain = sp.externalTrafficPolicy === "Local" ? localPolicyChain : clusterPolicyChain;
  const usesExternalChain = policy.hasEndpoints && policy.externallyAccessible;
  const key = (ip: string, port: number): string => `${ip} . ${protocol} . ${port}`;

  for (const ip of sp.clusterIPs) {
    elements.push({ container: "cluster-ips", key: ip });
    if (policy.hasInternalEndpoints)
      elements.push({ container: "service-ips", key: key(ip, sp.port), value: `goto ${internalChain}` });
    else
      elements.push({
        container: "no-endpoint-services",
        key: key(ip, sp.port),
        comment: sp.name,
        value: noEndpointVerdict(false)!,
      });
  }
  const externalVerdict = noEndpointVerdict(policy.hasExternalEndpoints);
  for (const ip of sp.externalIPs) {
    if (policy.hasEndpoints)
      elements.push({ container: "service-ips", key: key(ip, sp.port), value: `goto ${externalChain}` });
    if (externalVerdict)
      elements.push({
        container: "no-endpoint-services",
        key: key(ip, sp.port),
        comment: sp.name,
        value: externalVerdict,
      });
  }
  const usesFirewall = sp.loadBalancerIPs.length > 0 && sp.loadBalancerSourceRanges.length > 0;
  for (const ip of sp.loadBalancerIPs) {
    if (policy.hasEndpoints)
      elements.push({ container: "service-ips", key: key(ip, sp.port), value: `goto ${externalChain}` });
    if (usesFirewall)
      elements.push({ container: "firewall-ips", key: key(ip, sp.port), value: `goto ${firewallChain}` });
  }
  if (externalVerdict)
    for (const ip of sp.loadBalancerIPs)
      elements.push({
        container: "no-endpoint-services",
        key: key(ip, sp.port),
        comment: sp.name,
        value: externalVerdict,
      });
  if (sp.nodePort > 0) {
    const npKey = `${protocol} . ${sp.nodePort}`;
    if (policy.hasEndpoints)
      elements.push({ container: "service-nodeports", key: npKey, value: `goto ${externalChain}` });
    if (externalVerdict)
      elements.push({
        container: "no-endpoint-nodeports",
        key: npKey,
        comment: sp.name,
        value: externalVerdict,
      });
  }

  // Policy chains: masquerade for off-cluster ClusterIP traffic (in the internal chain only),
  // affinity, then the numgen load-balancing rule.
  const policyChain = (name: string, endpoints: readonly EndpointInfo[]): NftChain => {
    const rules: string[] = [];
    if (name === internalChain && policy.hasInternalEndpoints) {
      for (const ip of sp.clusterIPs) {
        if (config.masqueradeAll) rules.push(`ip daddr ${ip} jump ${MARK_MASQ}`);
        else if (node.clusterCIDRs.length > 0)
          rules.push(`ip daddr ${ip} ${localMatch(node.clusterCIDRs, true)} jump ${MARK_MASQ}`);
      }
    }
    if (sticky)
      for (const e of endpoints)
        rules.push(`ip saddr @${affinitySetNames.get(e.endpoint)} goto ${endpointChains.get(e.endpoint)}`);
    const vmap = endpoints.map((e, i) => `${i} : goto ${endpointChains.get(e.endpoint)}`).join(" , ");
    rules.push(`numgen random mod ${endpoints.length} vmap { ${vmap} }`);
    return { name, rules };
  };
  if (policy.usesClusterPolicyChain) chains.push(policyChain(clusterPolicyChain, policy.clusterEndpoints));
  if (policy.usesLocalPolicyChain) chains.push(policyChain(localPolicyChain, policy.localEndpoints));

  if (usesExternalChain) {
    const rules: string[] = [];
    if (sp.externalTrafficPolicy !== "Local") {
      rules.push(`jump ${MARK_MASQ}`);
    } else {
      const ifLocal = localMatch(node.clusterCIDRs, false);
      if (ifLocal) rules.push(`${ifLocal} goto ${clusterPolicyChain} comment "short-circuit pod traffic"`);
      rules.push(`fib saddr type local jump ${MARK_MASQ} comment "masquerade local traffic"`);
      rules.push(`fib saddr type local goto ${clusterPolicyChain} comment "short-circuit local traffic"`);
    }
    if (policy.hasExternalEndpoints) rules.push(`goto ${externalPolicyChain}`);
    chains.push({ name: externalChain, rules });
  }

  for (const e of reachable) {
    const rules = [`ip saddr ${e.ip} jump ${MARK_MASQ}`];
    if (sticky) rules.push(`update @${affinitySetNames.get(e.endpoint)} { ip saddr }`);
    rules.push(`meta l4proto ${protocol} dnat to ${e.endpoint}`);
    chains.push({ name: endpointChains.get(e.endpoint)!, rules });
  }

  if (usesFirewall) {
    const sources = sp.loadBalancerSourceRanges.map((r) => r.trim());
    const nodeIP = node.nodeIPs[0];
    if (nodeIP !== undefined && createCIDRMatcher()(nodeIP, sources)) sources.push(...sp.loadBalancerIPs);
    chains.push({ name: firewallChain, rules: [`ip saddr != { ${sources.join(" , ")} } drop`] });
  }

  const affinitySets: NftSet[] = sticky
    ? reachable.map((e) => ({
        kind: "set",
        name: affinitySetNames.get(e.endpoint)!,
        type: "ipv4_addr",
        flags: "dynamic,timeout",
        timeoutSeconds: sp.stickyMaxAgeSeconds,
      }))
    : [];
  return {
    clusterPolicyChain,
    localPolicyChain,
    externalChain,
    firewallChain,
    chains,
    affinitySets,
    elements,
    endpointChains,
    affinitySetNames,
  };
}

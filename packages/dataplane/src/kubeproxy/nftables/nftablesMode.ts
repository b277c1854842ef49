/**
 * kube-proxy's nftables mode (K8s `pkg/proxy/nftables/README.md`, `proxier.go`;
 * ../shared/REFERENCE.md 5.6): table `ip kube-proxy`, the `services` chain with its
 * `service-ips` / `service-nodeports` verdict maps, per-port `service-`, `local-`,
 * `external-`, `firewall-` and `endpoint-` chains, `numgen random mod N` load balancing
 * (each endpoint 1/N), `affinity-` sets for session affinity, `mark-for-masquerade` /
 * `masquerading`, the `no-endpoint-services` / `no-endpoint-nodeports` maps (reject with
 * no endpoints, drop for a Local policy without local endpoints) and `cluster-ips-check`
 * (reject undefined ports of a ClusterIP, drop unallocated service IPs).
 *
 * ClusterIPs are not local addresses in this mode.
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
import type {
  Chooser,
  ProxyEvaluation,
  ProxyMode,
  ProxyNode,
  ProxyPacket,
  ProxyVerdict,
} from "../ProxyMode.js";
import { servicePortKey } from "../ProxyStateSnapshot.js";
import type { EndpointInfo, ServicePortInfo } from "../ServicePortInfo.js";
import { type NftTableContents, renderList, renderTransaction } from "./_internal/nftRender.js";
import {
  BASE_SETS,
  baseChains,
  CLUSTER_IPS_REJECT_RULE,
  type CompiledPort,
  compilePort,
  FIREWALL_CHECK_RULE,
  type NftChain,
  type NftConfig,
  type NftElement,
  type NftSet,
  NO_ENDPOINT_NODEPORTS_RULE,
  NO_ENDPOINT_SERVICES_RULE,
  type PortPolicy,
  portPolicy,
  rulesOf,
  SERVICE_IPS_RULE,
  SERVICE_NODEPORTS_RULE,
  unallocatedDropRule,
} from "./_internal/nftTable.js";

/** Configuration of {@link createNftablesMode}, mirroring kube-proxy flags. */
export interface NftablesModeOptions {
  /** `--masquerade-all`: SNAT every packet to a ClusterIP. Default false. */
  readonly masqueradeAll?: boolean;
  /**
   * The cluster's ServiceCIDRs: `cluster-ips-check` drops new connections to their
   * addresses that no Service holds. Default none (no such rule).
   */
  readonly serviceCIDRs?: readonly string[];
}

/** The nftables mode, plus the `add ...` transaction form of its table. */
export interface NftablesMode extends ProxyMode {
  /**
   * The node's table as the `add ...` lines of knftables' `Fake.Dump()`, the form
   * kube-proxy's `proxier_test.go` (`TestOverallNFTablesRules`) expects.
   */
  transaction(node: ProxyNode): string;
}

const NO_HOPS: readonly Hop[] = Object.freeze([]);
const NO_MATCH: ProxyEvaluation = Object.freeze({
  verdict: Object.freeze({ kind: "no-match" }),
  hops: NO_HOPS,
});
const TABLE = "ip kube-proxy";
const UNDEFINED_PORT_REASON =
  "no Service port is defined for this port of the ClusterIP: kube-proxy rejects it";
const UNALLOCATED_REASON = "the address is in a ServiceCIDR but no Service holds it: kube-proxy drops it";
const UNDEFINED_PORT: ProxyEvaluation = Object.freeze({
  verdict: Object.freeze({ kind: "reject", reason: UNDEFINED_PORT_REASON }),
  hops: NO_HOPS,
});
const UNALLOCATED: ProxyEvaluation = Object.freeze({
  verdict: Object.freeze({ kind: "drop", reason: UNALLOCATED_REASON }),
  hops: NO_HOPS,
});

const CLUSTER = 0;
const LOCAL = 1;

/** What nftables mode derives from one service port on one node (cached per port and node). */
interface PortView extends ClusterIPPortView {
  readonly sp: ServicePortInfo;
  readonly sticky: boolean;
  readonly zone: string | undefined;
  readonly policy: PortPolicy;
  readonly affinityKey: string;
  /** `[CLUSTER]`, `[LOCAL]`: endpoint index by `ip:port`, numgen probabilities, cached verdicts. */
  readonly index: readonly [ReadonlyMap<string, number>, ReadonlyMap<string, number>];
  readonly probabilities: readonly [readonly number[], readonly number[]];
  readonly evals: readonly [(ProxyEvaluation | undefined)[], (ProxyEvaluation | undefined)[]];
  // The common case (ClusterIP traffic to the cluster endpoints) read straight off the view:
  // each nested object a packet reads is one more cache miss when there are 10,000 Services.
  readonly hasInternalEndpoints: boolean;
  readonly clusterEndpoints: readonly EndpointInfo[];
  readonly clusterProbabilities: readonly number[];
  /** {@link clusterEndpoints} for the fast path (see {@link DnatTargets}). */
  readonly clusterTargets: DnatTargets;
  readonly firewallSources: readonly string[];
  readonly firewallAllowsNode: boolean;
  /** Cached filter verdicts: no endpoints (reject), Local without local endpoints (drop), firewall drop. */
  readonly filter: Map<string, ProxyEvaluation>;
  compiled: CompiledPort | undefined;
}

/** The hops of one evaluation, or nothing on the fast path. */
type Recorder = Hop[] | undefined;

/** Creates the nftables mode with `options` (see {@link NftablesModeOptions}). */
export function createNftablesMode(options: NftablesModeOptions = {}): NftablesMode {
  const config: NftConfig = {
    masqueradeAll: options.masqueradeAll ?? false,
    serviceCIDRs: options.serviceCIDRs ?? [],
  };
  const inAnyCIDR = createCIDRMatcher();
  const views = new WeakMap<ServicePortInfo, Map<string, PortView>>();
  /**
   * `numgen random mod N` probabilities, one frozen list per N for the whole mode: every Service
   * with 3 endpoints reads the same list, which stays in the CPU cache at 10,000 Services.
   */
  const uniforms = new Map<number, readonly number[]>();

  function uniform(n: number): readonly number[] {
    let probabilities = uniforms.get(n);
    if (!probabilities) {
      probabilities = Object.freeze(Array.from({ length: n }, () => 1 / n));
      uniforms.set(n, probabilities);
    }
    return probabilities;
  }

  const clusterIPViews = new ClusterIPViews<PortView>(viewOf);

  /**
   * Views of ports whose rules are the same on every node (no Local policy, no topology hints,
   * no loadBalancerSourceRanges, which are checked against the node's IP): one for all nodes,
   * so a node's packets touch one object per port rather than one per port and node.
   */
  const sharedViews = new WeakMap<ServicePortInfo, PortView>();

  function viewOf(sp: ServicePortInfo, node: ProxyNode): PortView {
    const shared = sharedViews.get(sp);
    if (shared) return shared;
    const nodeIndependent =
      sp.internalTrafficPolicy !== "Local" &&
      sp.externalTrafficPolicy !== "Local" &&
      sp.loadBalancerSourceRanges.length === 0 &&
      !sp.endpoints.some((e) => e.zoneHints.length > 0);
    let byNode = views.get(sp);
    if (!byNode) {
      byNode = new Map();
      views.set(sp, byNode);
    }
    let view = byNode.get(node.nodeName);
    if (!view || view.zone !== node.zone) {
      const policy = portPolicy(sp, node);
      const sources = sp.loadBalancerSourceRanges.map((r) => r.trim());
      const nodeIP = node.nodeIPs[0];
      const probabilities = [
        uniform(policy.clusterEndpoints.length),
        uniform(policy.localEndpoints.length),
      ] as const;
      // The fields the ClusterIP fast path reads come first, so they share a cache line.
      view = {
        protocol: sp.protocol,
        port: sp.port,
        sameOnEveryNode: nodeIndependent,
        hasInternalEndpoints: policy.hasInternalEndpoints,
        sticky: sp.sessionAffinity === "ClientIP",
        clusterProbabilities: probabilities[CLUSTER],
        clusterTargets: dnatTargets(policy.clusterEndpoints),
        sp,
        clusterEndpoints: policy.clusterEndpoints,
        zone: node.zone,
        policy,
        affinityKey: servicePortKey(sp),
        index: [
          new Map(policy.clusterEndpoints.map((e, i) => [e.endpoint, i])),
          new Map(policy.localEndpoints.map((e, i) => [e.endpoint, i])),
        ],
        probabilities,
        evals: [[], []],
        firewallSources: sources,
        firewallAllowsNode: nodeIP !== undefined && inAnyCIDR(nodeIP, sources),
        filter: new Map(),
        compiled: undefined,
      };
      byNode.set(node.nodeName, view);
    }
    if (nodeIndependent) sharedViews.set(sp, view);
    return view;
  }

  function compiledOf(view: PortView, sp: ServicePortInfo, node: ProxyNode): CompiledPort {
    view.compiled ??= compilePort(sp, node, config);
    return view.compiled;
  }

  function hop(
    rec: Hop[],
    node: ProxyNode,
    stage: HopStage,
    chain: string,
    rule: string | undefined,
    note: string,
    extra?: Partial<Hop>,
  ): void {
    // Literals and Object.assign rather than spreads (a spread in the middle of a literal is a
    // slow runtime call, once per traced hop); the key order is the same.
    const nodeName = node.nodeName;
    const hop: Hop =
      rule !== undefined
        ? { node: nodeName, netns: `host ${nodeName}`, stage, table: TABLE, chain, rule, note }
        : { node: nodeName, netns: `host ${nodeName}`, stage, table: TABLE, chain, note };
    rec.push(extra === undefined ? hop : Object.assign(hop, extra));
  }

  /** A filter-hook verdict (no endpoints, Local without local endpoints, firewall), cached per reason. */
  function filterVerdict(
    view: PortView,
    sp: ServicePortInfo,
    kind: "reject" | "drop",
    reason: string,
  ): ProxyEvaluation {
    let evaluation = view.filter.get(reason);
    if (!evaluation) {
      evaluation = { verdict: { kind, servicePort: sp, reason }, hops: NO_HOPS };
      view.filter.set(reason, evaluation);
    }
    return evaluation;
  }

  function withHops(evaluation: ProxyEvaluation, rec: Recorder): ProxyEvaluation {
    return rec ? { verdict: evaluation.verdict, hops: rec } : evaluation;
  }

  function filterStage(packet: ProxyPacket, toNode: boolean): HopStage {
    return packet.hook === "OUTPUT" ? "OUTPUT" : toNode ? "INPUT" : "FORWARD";
  }

  function evaluate(node: ProxyNode, packet: ProxyPacket, chooser: Chooser): ProxyEvaluation {
    const rec: Recorder = packet.trace ? [] : undefined;
    const tuple = packet.tuple;
    const state = node.state;
    const dst = tuple.dst;
    if (tuple.protocol !== "ICMP") {
      // A ClusterIP port whose rules are the same on every node: its view directly (traced
      // packets too: one probe instead of the ClusterIP index and the view map).
      const view = clusterIPViews.find(node, dst.ip, tuple.protocol, dst.port);
      if (view) {
        const fast = rec ? undefined : clusterTraffic(node, packet, chooser, view);
        return fast ?? internalTraffic(node, packet, chooser, view.sp, rec, view);
      }
      const internal = state.byClusterIP(dst.ip, tuple.protocol, dst.port);
      if (internal) return internalTraffic(node, packet, chooser, internal, rec);
      const external = state.byExternalIP(dst.ip, tuple.protocol, dst.port);
      if (external) return externalTraffic(node, packet, chooser, external, false, rec);
      if (node.nodeIPs.includes(dst.ip)) {
        const nodePort = state.byNodePort(tuple.protocol, dst.port);
        if (nodePort) return externalTraffic(node, packet, chooser, nodePort, true, rec);
      }
    }
    // cluster-ips-check, from filter forward/output after DNAT had its chance.
    if (state.portsOfClusterIP(dst.ip).length > 0) {
      if (rec)
        hop(
          rec,
          node,
          filterStage(packet, false),
          "cluster-ips-check",
          CLUSTER_IPS_REJECT_RULE,
          UNDEFINED_PORT_REASON,
        );
      return withHops(UNDEFINED_PORT, rec);
    }
    if (config.serviceCIDRs.length > 0 && inAnyCIDR(dst.ip, config.serviceCIDRs)) {
      if (rec)
        hop(
          rec,
          node,
          filterStage(packet, false),
          "cluster-ips-check",
          unallocatedDropRule(config.serviceCIDRs),
          UNALLOCATED_REASON,
        );
      return withHops(UNALLOCATED, rec);
    }
    return NO_MATCH;
  }

  function internalTraffic(
    node: ProxyNode,
    packet: ProxyPacket,
    chooser: Chooser,
    sp: ServicePortInfo,
    rec: Recorder,
    view: PortView = viewOf(sp, node),
  ): ProxyEvaluation {
    const src = packet.tuple.src;
    if (!view.hasInternalEndpoints) {
      const policy = view.policy;
      const rejected = !policy.hasEndpoints;
      const reason = rejected ? `${sp.name} has no endpoints` : `${sp.name} has no local endpoints`;
      if (rec) {
        const verdict = rejected ? "goto reject-chain" : "drop";
        hop(
          rec,
          node,
          filterStage(packet, false),
          "service-endpoints-check",
          NO_ENDPOINT_SERVICES_RULE,
          `@no-endpoint-services: ${verdict}: ${reason}`,
        );
        if (rejected)
          hop(
            rec,
            node,
            filterStage(packet, false),
            "reject-chain",
            "reject",
            "reject: ICMP port unreachable",
          );
      }
      return withHops(filterVerdict(view, sp, rejected ? "reject" : "drop", reason), rec);
    }
    const which = sp.internalTrafficPolicy === "Local" ? LOCAL : CLUSTER;
    const masquerade =
      config.masqueradeAll || (node.clusterCIDRs.length > 0 && !inAnyCIDR(src.ip, node.clusterCIDRs));
    if (rec) {
      const compiled = compiledOf(view, sp, node);
      const chain = which === LOCAL ? compiled.localPolicyChain : compiled.clusterPolicyChain;
      hop(
        rec,
        node,
        packet.hook,
        "services",
        SERVICE_IPS_RULE,
        `@service-ips: ${packet.tuple.dst.ip} . ${sp.protocol.toLowerCase()} . ${sp.port} : goto ${chain}`,
      );
      if (masquerade) {
        const rule = rulesOf(compiled, chain).find((r) => r.startsWith(`ip daddr ${packet.tuple.dst.ip} `));
        hop(
          rec,
          node,
          packet.hook,
          chain,
          rule,
          "the client is outside the cluster CIDR: marked for masquerade",
        );
      }
    }
    return policyChain(node, packet, chooser, sp, view, which, masquerade, rec);
  }

  function externalTraffic(
    node: ProxyNode,
    packet: ProxyPacket,
    chooser: Chooser,
    sp: ServicePortInfo,
    nodePort: boolean,
    rec: Recorder,
  ): ProxyEvaluation {
    const view = viewOf(sp, node);
    const policy = view.policy;
    const src = packet.tuple.src;
    const dstIP = packet.tuple.dst.ip;
    const stage = filterStage(packet, nodePort);
    // LoadBalancerSourceRanges, before DNAT (filter-prerouting-pre-dnat / filter-output-pre-dnat).
    if (!nodePort && view.firewallSources.length > 0 && sp.loadBalancerIPs.includes(dstIP)) {
      const allowed =
        inAnyCIDR(src.ip, view.firewallSources) ||
        (view.firewallAllowsNode && sp.loadBalancerIPs.includes(src.ip));
      if (rec) {
        const compiled = compiledOf(view, sp, node);
        hop(
          rec,
          node,
          packet.hook,
          "firewall-check",
          FIREWALL_CHECK_RULE,
          `@firewall-ips: goto ${compiled.firewallChain}`,
        );
        if (!allowed)
          hop(
            rec,
            node,
            packet.hook,
            compiled.firewallChain,
            rulesOf(compiled, compiled.firewallChain)[0],
            `${src.ip} is outside loadBalancerSourceRanges`,
          );
      }
      if (!allowed)
        return withHops(
          filterVerdict(view, sp, "drop", `${src.ip} is not in the loadBalancerSourceRanges of ${sp.name}`),
          rec,
        );
    }
    const checkRule = nodePort ? NO_ENDPOINT_NODEPORTS_RULE : NO_ENDPOINT_SERVICES_RULE;
    const checkChain = nodePort ? "nodeport-endpoints-check" : "service-endpoints-check";
    if (!policy.hasEndpoints) {
      const reason = `${sp.name} has no endpoints`;
      if (rec) {
        hop(rec, node, stage, checkChain, checkRule, `goto reject-chain: ${reason}`);
        hop(rec, node, stage, "reject-chain", "reject", "reject: ICMP port unreachable");
      }
      return withHops(filterVerdict(view, sp, "reject", reason), rec);
    }
    let compiled: CompiledPort | undefined;
    let externalRules: readonly string[] = [];
    if (rec) {
      compiled = compiledOf(view, sp, node);
      externalRules = rulesOf(compiled, compiled.externalChain);
      const map = nodePort ? "@service-nodeports" : "@service-ips";
      hop(
        rec,
        node,
        packet.hook,
        "services",
        nodePort ? SERVICE_NODEPORTS_RULE : SERVICE_IPS_RULE,
        `${map}: goto ${compiled.externalChain}`,
      );
    }
    const note = (rule: string | undefined, text: string): void => {
      if (rec && compiled) hop(rec, node, packet.hook, compiled.externalChain, rule, text);
    };
    if (sp.externalTrafficPolicy !== "Local") {
      note(externalRules[0], "externalTrafficPolicy Cluster: marked for masquerade");
      note(externalRules[1], "to the Cluster-policy endpoints");
      return policyChain(node, packet, chooser, sp, view, CLUSTER, true, rec);
    }
    if (node.clusterCIDRs.length > 0 && inAnyCIDR(src.ip, node.clusterCIDRs)) {
      note(
        externalRules.find((r) => r.includes("short-circuit pod traffic")),
        "a pod is the client: short-circuited to the Cluster-policy endpoints",
      );
      return policyChain(node, packet, chooser, sp, view, CLUSTER, false, rec);
    }
    if (packet.hook === "OUTPUT" || node.nodeIPs.includes(src.ip)) {
      note(
        externalRules.find((r) => r.includes("masquerade local traffic")),
        "the node itself is the client: marked for masquerade",
      );
      note(
        externalRules.find((r) => r.includes("short-circuit local traffic")),
        "short-circuited to the Cluster-policy endpoints",
      );
      return policyChain(node, packet, chooser, sp, view, CLUSTER, true, rec);
    }
    if (policy.hasExternalEndpoints) {
      note(
        externalRules[externalRules.length - 1],
        "externalTrafficPolicy Local: to this node's endpoints, client IP kept",
      );
      return policyChain(node, packet, chooser, sp, view, LOCAL, false, rec);
    }
    const reason = `${sp.name} has externalTrafficPolicy Local and no local endpoints on this node`;
    if (rec) hop(rec, node, stage, checkChain, checkRule, `drop: ${reason}`);
    return withHops(filterVerdict(view, sp, "drop", reason), rec);
  }

  /**
   * The untraced ClusterIP path for a port that is the same on every node and has no session
   * affinity: a DNAT to the chosen endpoint, reading as few objects as it can.
   * Returns undefined when the general path must decide (no endpoints, session affinity).
   */
  function clusterTraffic(
    node: ProxyNode,
    packet: ProxyPacket,
    chooser: Chooser,
    view: PortView,
  ): ProxyEvaluation | undefined {
    if (!view.hasInternalEndpoints || view.sticky) return undefined;
    const src = packet.tuple.src;
    const masquerade =
      config.masqueradeAll || (node.clusterCIDRs.length > 0 && !inAnyCIDR(src.ip, node.clusterCIDRs));
    const probabilities = view.clusterProbabilities;
    const index = probabilities.length === 1 ? 0 : chooser.choose(probabilities);
    return clusterDnat(view.sp, view.clusterTargets, index, masquerade, src.ip);
  }

  function policyChain(
    node: ProxyNode,
    packet: ProxyPacket,
    chooser: Chooser,
    sp: ServicePortInfo,
    view: PortView,
    which: typeof CLUSTER | typeof LOCAL,
    masqueradeMarked: boolean,
    rec: Recorder,
  ): ProxyEvaluation {
    const cluster = which === CLUSTER;
    const endpoints: readonly EndpointInfo[] = cluster ? view.clusterEndpoints : view.policy.localEndpoints;
    const src = packet.tuple.src;
    const sticky = sp.sessionAffinity === "ClientIP";
    let index = -1;
    if (sticky) {
      const remembered = node.affinity.get(view.affinityKey, src.ip, packet.nowMs, sp.stickyMaxAgeSeconds);
      if (remembered !== undefined) index = view.index[which].get(remembered) ?? -1;
    }
    const fromAffinity = index >= 0;
    if (index < 0) {
      const probabilities = cluster ? view.clusterProbabilities : view.probabilities[which];
      index = endpoints.length === 1 ? 0 : chooser.choose(probabilities);
    }
    const endpoint = endpoints[index]!;
    if (sticky && chooser.commit)
      node.affinity.set(view.affinityKey, src.ip, endpoint.endpoint, packet.nowMs);
    const hairpin = endpoint.ip === src.ip;
    const masquerade = masqueradeMarked || hairpin;
    if (rec) {
      const compiled = compiledOf(view, sp, node);
      const chain = which === LOCAL ? compiled.localPolicyChain : compiled.clusterPolicyChain;
      const epChain = compiled.endpointChains.get(endpoint.endpoint)!;
      const rules = rulesOf(compiled, chain);
      if (fromAffinity)
        hop(
          rec,
          node,
          packet.hook,
          chain,
          rules.find((r) => r.startsWith("ip saddr @") && r.endsWith(` goto ${epChain}`)),
          `session affinity: ${src.ip} stays on ${endpoint.endpoint}`,
        );
      else
        hop(
          rec,
          node,
          packet.hook,
          chain,
          rules[rules.length - 1],
          `numgen: ${endpoint.endpoint}, probability 1/${endpoints.length}`,
        );
      const epRules = rulesOf(compiled, epChain);
      if (hairpin)
        hop(
          rec,
          node,
          packet.hook,
          epChain,
          epRules[0],
          "hairpin: the endpoint is the client, marked for masquerade",
        );
      if (sticky)
        hop(
          rec,
          node,
          packet.hook,
          epChain,
          epRules[1],
          `affinity of ${src.ip} recorded for ${sp.stickyMaxAgeSeconds}s`,
        );
      const to = { ip: endpoint.ip, port: endpoint.port };
      const after: FiveTuple = { protocol: packet.tuple.protocol, src, dst: to };
      hop(rec, node, packet.hook, epChain, epRules[epRules.length - 1], `DNAT to ${endpoint.endpoint}`, {
        before: packet.tuple,
        after,
      });
      const verdict: ProxyVerdict = { kind: "dnat", servicePort: sp, endpoint, to, masquerade };
      return { verdict, hops: rec };
    }
    const evals = view.evals[which];
    const slot = 2 * index + (masquerade ? 1 : 0);
    let evaluation = evals[slot];
    if (!evaluation) {
      evaluation = dnatEvaluation(sp, endpoint, masquerade);
      evals[slot] = evaluation;
    }
    return evaluation;
  }

  function contents(node: ProxyNode): NftTableContents {
    const sets: NftSet[] = [...BASE_SETS];
    const chains: NftChain[] = [...baseChains(config)];
    const elements: NftElement[] = node.nodeIPs.map((ip) => ({ container: "nodeport-ips", key: ip }));
    for (const sp of node.state.servicePorts()) {
      if (sp.clusterIPs.length === 0) continue;
      const compiled = compiledOf(viewOf(sp, node), sp, node);
      sets.push(...compiled.affinitySets);
      chains.push(...compiled.chains);
      elements.push(...compiled.elements);
    }
    return { sets, chains, elements };
  }

  return {
    name: "nftables",
    evaluate,
    isLocalAddress: () => false,
    dump: (node) => renderList(contents(node)),
    transaction: (node) => renderTransaction(contents(node)),
    masqueradeRule: { table: "ip kube-proxy", chain: "masquerading", rule: "masquerade fully-random" },
  };
}

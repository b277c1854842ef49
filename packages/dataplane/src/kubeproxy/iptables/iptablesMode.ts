/**
 * kube-proxy's iptables mode as a {@link ProxyMode}: a new flow's first packet walks the
 * rules {@link iptablesRules} prints, in the order netfilter would (nat PREROUTING/OUTPUT →
 * KUBE-SERVICES → KUBE-SVC/SVL/EXT/FW → statistic rules → KUBE-SEP DNAT; then, for packets
 * no nat rule translated, the filter chains that REJECT or DROP them).
 *
 * Performance: with `packet.trace` false the walk does hash lookups only (no scan of
 * KUBE-SERVICES), builds no strings, and returns outcome objects cached per
 * {@link ServicePortInfo}; ClusterIP traffic to most ports takes a shorter path still
 * (`_internal/clusterIPFastPath.ts`). The real iptables mode is linear in the number of
 * Services; the simulator need not be. With tracing, each matched rule becomes a {@link Hop}
 * whose `rule` is the very line of the dump. The caches belong to the mode instance (one
 * {@link IptablesCaches} per {@link createIptablesMode} call), never to the module.
 *
 * @module
 */
import type { FiveTuple, Hop, HopStage } from "../../packet/Packet.js";
import { cidrContains, type Ipv4Cidr, isIPv4Loopback, parseIPv4 } from "../_internal/ipv4.js";
import type { Chooser, ProxyEvaluation, ProxyMode, ProxyNode, ProxyPacket } from "../ProxyMode.js";
import { clusterIPView, clusterTraffic } from "./_internal/clusterIPFastPath.js";
import { IptablesCaches } from "./_internal/iptablesCaches.js";
import {
  markMasqRule,
  masqueradeMark,
  nodePortsJumpRule,
  postroutingRules,
  saveText,
  tablesOf,
} from "./_internal/iptablesTables.js";
import {
  type ChainPlan,
  NO_HOPS,
  planOf,
  type ServicePortPlan,
  staticOf,
} from "./_internal/servicePortPlan.js";
import {
  type ChainRules,
  detectorOf,
  largeClusterMode,
  nodeContextOf,
  probability,
  rulesOf,
  type ServicePortRules,
} from "./_internal/servicePortRules.js";
import {
  type IptablesOptions,
  type ResolvedIptablesOptions,
  resolveIptablesOptions,
} from "./IptablesOptions.js";

/** The nat chain every ClusterIP rule is in. */
const KUBE_SERVICES = "KUBE-SERVICES";
const NO_MATCH: ProxyEvaluation = Object.freeze({
  verdict: Object.freeze({ kind: "no-match" }),
  hops: NO_HOPS,
});

/** The rule texts any traced walk may name, built once per mode instance. */
function fixedTextsOf(caches: IptablesCaches): NonNullable<IptablesCaches["fixedTexts"]> {
  caches.fixedTexts ??= {
    mark: masqueradeMark(caches.options),
    markRule: markMasqRule(caches.options),
    nodePortsJump: nodePortsJumpRule(caches.options),
  };
  return caches.fixedTexts;
}

/** One packet's walk through the rules; `hops` is undefined on the fast path. */
class Walk {
  masquerade = false;
  readonly options: ResolvedIptablesOptions;
  readonly hops: Hop[] | undefined;
  readonly #fixed: IptablesCaches["fixedTexts"];

  constructor(
    readonly node: ProxyNode,
    readonly packet: ProxyPacket,
    readonly chooser: Chooser,
    /** The mode instance's caches, and with them its settings (`caches.options`). */
    readonly caches: IptablesCaches,
    readonly detector: Ipv4Cidr | undefined,
  ) {
    this.options = caches.options;
    this.hops = packet.trace ? [] : undefined;
    this.#fixed = packet.trace ? fixedTextsOf(caches) : undefined;
  }

  get tuple(): FiveTuple {
    return this.packet.tuple;
  }

  rules(plan: ServicePortPlan): ServicePortRules {
    // A traced walk asks for the same plan's rules at each chain it passes: look them up once.
    if (this.#rulesPlan !== plan || this.#rules === undefined) {
      this.#rules = rulesOf(
        this.caches,
        plan,
        nodeContextOf(this.caches, this.node),
        largeClusterMode(this.node.state),
      );
      this.#rulesPlan = plan;
    }
    return this.#rules;
  }

  #rulesPlan: ServicePortPlan | undefined;
  #rules: ServicePortRules | undefined;
  /** The hops' network namespace, built at the first hop. */
  #netns: string | undefined;

  /**
   * Records a hop through `rule`. `chain` is the rule's chain (`-A <chain> ...`); callers that
   * know it pass it: reading it out of the rule text costs a cache miss per hop once the rule
   * strings of thousands of Services no longer fit in the caches.
   */
  hop(
    table: "nat" | "filter",
    stage: HopStage,
    rule: string,
    note: string,
    after?: FiveTuple,
    chain: string = rule.slice(3, rule.indexOf(" ", 3)),
  ): void {
    // Two literals rather than a trailing spread (a slow runtime call, once per traced hop).
    const node = this.node.nodeName;
    this.#netns ??= `host ${node}`;
    const netns = this.#netns;
    const hop: Hop = after
      ? { node, netns, stage, table, chain, rule, note, before: this.tuple, after }
      : { node, netns, stage, table, chain, rule, note };
    this.hops!.push(hop);
  }

  nat(rule: string | undefined, note: string, chain?: string): void {
    if (this.hops && rule !== undefined) this.hop("nat", this.packet.hook, rule, note, undefined, chain);
  }

  done(outcome: ProxyEvaluation): ProxyEvaluation {
    return this.hops ? { verdict: outcome.verdict, hops: this.hops } : outcome;
  }

  srcInCluster(): boolean {
    return this.detector !== undefined && cidrContains(this.detector, parseIPv4(this.tuple.src.ip));
  }

  isLocal(ip: string): boolean {
    return this.node.nodeIPs.includes(ip) || isIPv4Loopback(ip);
  }

  markMasq(): void {
    this.masquerade = true;
    if (this.hops) {
      this.hop(
        "nat",
        this.packet.hook,
        this.#fixed!.markRule,
        `Mark the packet ${this.#fixed!.mark} so KUBE-POSTROUTING masquerades it.`,
      );
    }
  }

  evaluate(): ProxyEvaluation {
    const { protocol, dst } = this.tuple;
    // Every kube-proxy rule matches a transport protocol: ICMP (ping) never matches.
    if (protocol === "ICMP") return this.done(NO_MATCH);
    const state = this.node.state;

    // Most ClusterIP ports have a view that holds their plan (one probe instead of three).
    const view = clusterIPView(this.caches, this.node, dst.ip, protocol, dst.port);
    let sp = view ? view.sp : state.byClusterIP(dst.ip, protocol, dst.port);
    if (sp && (view !== undefined || staticOf(this.caches, sp).clusterIP === dst.ip)) {
      const plan = view ? view.plan : planOf(this.caches, sp, this.node);
      // Without internal endpoints there is no nat rule for the ClusterIP: filter decides.
      if (!plan.hasInternalEndpoints) return this.filter();
      const r = this.hops && this.rules(plan);
      const internal = (sp.internalTrafficPolicy === "Local" ? plan.local : plan.cluster)!;
      if (this.hops)
        this.nat(
          r?.servicesClusterIP,
          `${dst.ip}:${dst.port} is the ClusterIP of ${sp.name}: jump to ${r?.internalChain}.`,
          KUBE_SERVICES,
        );
      return this.chain(plan, internal, true);
    }

    sp = state.byExternalIP(dst.ip, protocol, dst.port);
    if (sp) {
      const st = staticOf(this.caches, sp);
      const plan = planOf(this.caches, sp, this.node);
      if (st.clusterIP !== undefined && plan.hasEndpoints) {
        const r = this.hops && this.rules(plan);
        const externalIndex = st.externalIPs.indexOf(dst.ip);
        let outcome: ProxyEvaluation | undefined;
        if (externalIndex >= 0) {
          if (this.hops)
            this.nat(
              r?.servicesExternalIP[externalIndex],
              `${dst.ip} is an external IP of ${sp.name}: jump to ${r?.extChain}.`,
            );
          outcome = this.ext(plan);
        } else {
          const lbIndex = st.loadBalancerIPs.indexOf(dst.ip);
          if (lbIndex >= 0) {
            if (this.hops)
              this.nat(
                r?.servicesLoadBalancerIP[lbIndex],
                `${dst.ip} is a load-balancer IP of ${sp.name}: jump to ${plan.usesFWChain ? r?.fwChain : r?.extChain}.`,
              );
            outcome = plan.usesFWChain ? this.fw(plan) : this.ext(plan);
          }
        }
        if (outcome) return outcome;
      }
    }

    // The last rule of KUBE-SERVICES: local destinations go on to KUBE-NODEPORTS.
    const loopback = isIPv4Loopback(dst.ip);
    if (this.node.nodeIPs.includes(dst.ip) || (loopback && this.options.localhostNodePorts)) {
      if (this.hops)
        this.nat(this.#fixed?.nodePortsJump, `${dst.ip} is a local address of the node: try the NodePorts.`);
      sp = state.byNodePort(protocol, dst.port);
      if (sp && staticOf(this.caches, sp).clusterIP !== undefined) {
        const plan = planOf(this.caches, sp, this.node);
        if (plan.hasEndpoints) {
          const r = this.hops && this.rules(plan);
          if (this.hops)
            this.nat(
              loopback && r?.nodePortLocalhost ? r.nodePortLocalhost : r?.nodePort,
              `${dst.port} is the NodePort of ${sp.name}: jump to ${r?.extChain}.`,
            );
          const outcome = this.ext(plan);
          if (outcome) return outcome;
        }
      }
    }
    return this.filter();
  }

  /** KUBE-EXT-<hash>: external destinations, per externalTrafficPolicy. */
  ext(plan: ServicePortPlan): ProxyEvaluation | undefined {
    const r = this.hops && this.rules(plan);
    const name = plan.sp.name;
    if (!plan.cluster) return undefined;
    if (!plan.st.externalPolicyLocal) {
      if (this.hops)
        this.nat(
          r?.extMasq,
          `externalTrafficPolicy Cluster: ${name} traffic is SNATed, the client IP is lost.`,
        );
      this.markMasq();
      if (this.hops) this.nat(r?.extPolicy, `Send the traffic to any endpoint of ${name}.`);
      return this.chain(plan, plan.cluster, false);
    }
    if (this.srcInCluster()) {
      if (this.hops)
        this.nat(
          r?.extPod,
          `${this.tuple.src.ip} is a pod: it is not subject to externalTrafficPolicy Local and may use any endpoint.`,
        );
      return this.chain(plan, plan.cluster, false);
    }
    if (this.isLocal(this.tuple.src.ip)) {
      if (this.hops)
        this.nat(r?.extLocalMasq, `${this.tuple.src.ip} is a local address of the node: SNAT it.`);
      this.markMasq();
      if (this.hops) this.nat(r?.extLocalRoute, `Host-originated traffic to ${name} may use any endpoint.`);
      return this.chain(plan, plan.cluster, false);
    }
    if (plan.hasExternalEndpoints && plan.local) {
      if (this.hops)
        this.nat(
          r?.extPolicy,
          `externalTrafficPolicy Local: only endpoints on ${this.node.nodeName}, the client IP is kept.`,
        );
      return this.chain(plan, plan.local, false);
    }
    return undefined;
  }

  /** KUBE-FW-<hash>: loadBalancerSourceRanges. */
  fw(plan: ServicePortPlan): ProxyEvaluation | undefined {
    const st = plan.st;
    const r = this.hops && this.rules(plan);
    const src = parseIPv4(this.tuple.src.ip);
    for (let k = 0; k < st.sourceRanges.length; k++) {
      const cidr = st.sourceRanges[k]!;
      if (cidrContains(cidr, src)) {
        if (this.hops)
          this.nat(r?.fwSources[k], `${this.tuple.src.ip} is within loadBalancerSourceRanges ${cidr.text}.`);
        return this.ext(plan);
      }
    }
    const nodeIP = nodeContextOf(this.caches, this.node).nodeIP;
    if (st.sourceRanges.some((c) => cidrContains(c, nodeIP))) {
      const k = st.loadBalancerIPs.indexOf(this.tuple.src.ip);
      if (k >= 0) {
        if (this.hops)
          this.nat(
            r?.fwFromNode[k],
            `${this.tuple.src.ip} is the load-balancer IP looping back from this node.`,
          );
        return this.ext(plan);
      }
    }
    if (this.hops)
      this.nat(
        r?.fwOther,
        `${this.tuple.src.ip} is outside loadBalancerSourceRanges: KUBE-PROXY-FIREWALL will drop it.`,
      );
    return undefined;
  }

  /** KUBE-SVC-<hash> or KUBE-SVL-<hash>: affinity, then the statistic rules, then KUBE-SEP. */
  chain(plan: ServicePortPlan, cp: ChainPlan, internal: boolean): ProxyEvaluation {
    const { sp, st } = plan;
    const { src, dst } = this.tuple;
    const r = this.hops && this.rules(plan);
    const cr: ChainRules | undefined = r ? (cp === plan.cluster ? r.cluster : r.local) : undefined;
    if (internal && dst.ip === st.clusterIP && dst.port === sp.port) {
      if (this.options.masqueradeAll) {
        if (this.hops) this.nat(r?.internalMasq, `--masquerade-all: SNAT all traffic to ${sp.name}.`);
        this.markMasq();
      } else if (this.detector && !this.srcInCluster()) {
        if (this.hops)
          this.nat(
            r?.internalMasq,
            `${src.ip} is outside the cluster CIDR ${this.detector.text}: SNAT it so replies return here.`,
          );
        this.markMasq();
      }
    }
    const n = cp.endpoints.length;
    if (sp.sessionAffinity === "ClientIP") {
      const pinned = this.node.affinity.get(
        st.affinityKey,
        src.ip,
        this.packet.nowMs,
        sp.stickyMaxAgeSeconds,
      );
      if (pinned !== undefined) {
        for (let k = 0; k < n; k++) {
          const i = cp.endpoints[k]!;
          if (sp.endpoints[i]!.endpoint === pinned) {
            if (this.hops)
              this.nat(
                cr?.affinity[k],
                `ClientIP affinity: ${src.ip} was recently sent to ${pinned}.`,
                cr?.chain,
              );
            return this.sep(plan, i);
          }
        }
      }
    }
    for (let k = 0; k < n - 1; k++) {
      if (this.chooser.choose(cp.pairs[k]!) === 0) {
        if (this.hops) {
          const i = cp.endpoints[k]!;
          if (this.hops)
            this.nat(
              cr?.lb[k],
              `Chose ${sp.endpoints[i]!.endpoint} with probability ${probability(n - k)} (1/${n - k} of the endpoints left).`,
              cr?.chain,
            );
        }
        return this.sep(plan, cp.endpoints[k]!);
      }
    }
    const last = cp.endpoints[n - 1]!;
    if (this.hops) {
      const ep = sp.endpoints[last]!.endpoint;
      if (this.hops)
        this.nat(
          cr?.lb[n - 1],
          n === 1 ? `${ep} is the only endpoint.` : `${ep} is the last endpoint left.`,
          cr?.chain,
        );
    }
    return this.sep(plan, last);
  }

  /** KUBE-SEP-<hash>: hairpin SNAT, affinity memory, DNAT. */
  sep(plan: ServicePortPlan, i: number): ProxyEvaluation {
    const { sp, st } = plan;
    const endpoint = sp.endpoints[i]!;
    const src = this.tuple.src;
    const r = this.hops && this.rules(plan);
    if (src.ip === endpoint.ip) {
      if (this.hops)
        this.nat(
          r?.sepHairpin[i],
          `Hairpin: ${src.ip} is talking to itself through ${sp.name}, so SNAT it.`,
          r?.sepChains[i],
        );
      this.markMasq();
    }
    if (sp.sessionAffinity === "ClientIP" && this.chooser.commit) {
      this.node.affinity.set(st.affinityKey, src.ip, endpoint.endpoint, this.packet.nowMs);
    }
    const outcome = st.dnat[2 * i + (this.masquerade ? 1 : 0)]!;
    if (this.hops) {
      const after: FiveTuple = { ...this.tuple, dst: { ip: endpoint.ip, port: endpoint.port } };
      const remember =
        sp.sessionAffinity === "ClientIP" ? `, remembering ${src.ip} for ClientIP affinity` : "";
      this.hop(
        "nat",
        this.packet.hook,
        r!.sepDnat[i]!,
        `DNAT ${this.tuple.dst.ip}:${this.tuple.dst.port} to endpoint ${endpoint.endpoint}${remember}.`,
        after,
        r!.sepChains[i],
      );
      return { verdict: outcome.verdict, hops: this.hops };
    }
    return outcome;
  }

  /**
   * No nat rule translated the packet: the filter chains kube-proxy hooks into OUTPUT, INPUT
   * and FORWARD decide (`iptablesJumpChains`; each jump is prepended, so the last listed runs
   * first).
   */
  filter(): ProxyEvaluation {
    const dst = this.tuple.dst;
    const dstLocal = this.isLocal(dst.ip);
    if (this.packet.hook === "OUTPUT") {
      const out = this.proxyFirewall("OUTPUT") ?? this.services("OUTPUT");
      if (out) return this.done(out);
      if (!dstLocal) return this.done(NO_MATCH);
    } else if (!dstLocal) {
      return this.done(
        this.proxyFirewall("FORWARD") ??
          this.services("FORWARD") ??
          this.externalServices("FORWARD", false) ??
          NO_MATCH,
      );
    }
    return this.done(
      this.proxyFirewall("INPUT") ?? this.healthCheck() ?? this.externalServices("INPUT", true) ?? NO_MATCH,
    );
  }

  filterHop(stage: HopStage, rule: string | undefined, note: string): void {
    if (this.hops && rule !== undefined) this.hop("filter", stage, rule, note);
  }

  proxyFirewall(stage: HopStage): ProxyEvaluation | undefined {
    const { protocol, dst } = this.tuple;
    const sp = this.node.state.byExternalIP(dst.ip, protocol, dst.port);
    if (!sp) return undefined;
    const plan = planOf(this.caches, sp, this.node);
    const k = plan.st.loadBalancerIPs.indexOf(dst.ip);
    if (!plan.usesFWChain || k < 0 || plan.st.externalIPs.includes(dst.ip)) return undefined;
    const r = this.hops && this.rules(plan);
    if (this.hops) this.filterHop(stage, r?.proxyFirewall[k], `Not accepted by ${r?.fwChain}: DROP.`);
    return plan.dropFirewall;
  }

  services(stage: HopStage): ProxyEvaluation | undefined {
    const { protocol, dst } = this.tuple;
    const sp = this.node.state.byClusterIP(dst.ip, protocol, dst.port);
    if (!sp || staticOf(this.caches, sp).clusterIP !== dst.ip) return undefined;
    const plan = planOf(this.caches, sp, this.node);
    if (plan.hasInternalEndpoints) return undefined;
    const r = this.hops && this.rules(plan);
    return this.refuse(stage, plan, r?.filterClusterIP, !plan.hasEndpoints);
  }

  externalServices(stage: HopStage, dstLocal: boolean): ProxyEvaluation | undefined {
    const { protocol, dst } = this.tuple;
    const state = this.node.state;
    const sp = state.byExternalIP(dst.ip, protocol, dst.port);
    if (sp && staticOf(this.caches, sp).clusterIP !== undefined) {
      const plan = planOf(this.caches, sp, this.node);
      if (!plan.hasExternalEndpoints) {
        const r = this.hops && this.rules(plan);
        const e = plan.st.externalIPs.indexOf(dst.ip);
        const rule =
          e >= 0 ? r?.filterExternalIP[e] : r?.filterLoadBalancerIP[plan.st.loadBalancerIPs.indexOf(dst.ip)];
        return this.refuse(stage, plan, rule, !plan.hasEndpoints);
      }
    }
    if (!dstLocal) return undefined;
    const np = state.byNodePort(protocol, dst.port);
    if (!np || staticOf(this.caches, np).clusterIP === undefined) return undefined;
    const plan = planOf(this.caches, np, this.node);
    if (plan.hasExternalEndpoints) return undefined;
    const r = this.hops && this.rules(plan);
    return this.refuse(stage, plan, r?.filterNodePort, !plan.hasEndpoints);
  }

  refuse(stage: HopStage, plan: ServicePortPlan, rule: string | undefined, reject: boolean): ProxyEvaluation {
    const name = plan.sp.name;
    if (this.hops)
      this.filterHop(
        stage,
        rule,
        reject
          ? `${name} has no endpoints: REJECT (ICMP port unreachable, the client sees connection refused).`
          : `${name} has no local endpoints on ${this.node.nodeName}: DROP (the client times out).`,
      );
    return reject ? plan.rejectNoEndpoints : plan.dropNoLocalEndpoints;
  }

  /** filter KUBE-NODEPORTS: the health check node port is ACCEPTed; recorded in traces only, it decides nothing. */
  healthCheck(): undefined {
    const { protocol, dst } = this.tuple;
    if (!this.hops || protocol !== "TCP") return undefined;
    // A Service's ports share the check; the last in `servicePorts()` order names its rules.
    const ports = this.node.state.portsOfHealthCheckNodePort(dst.port);
    const sp = ports[ports.length - 1];
    if (!sp || staticOf(this.caches, sp).clusterIP === undefined) return undefined;
    const r = this.rules(planOf(this.caches, sp, this.node));
    if (this.hops)
      this.filterHop(
        "INPUT",
        r.healthCheck,
        `${dst.port} is the health check node port of ${sp.name}: ACCEPT.`,
      );
    return undefined;
  }
}

/**
 * An iptables-mode {@link ProxyMode} with these kube-proxy settings. Each call makes a new
 * instance with its own caches (plans, rule lines, chain names): instances share nothing, so
 * give each cluster its own.
 */
export function createIptablesMode(options: IptablesOptions = {}): ProxyMode {
  const resolved = resolveIptablesOptions(options);
  const caches = new IptablesCaches(resolved);
  return {
    name: "iptables",
    evaluate(node: ProxyNode, packet: ProxyPacket, chooser: Chooser): ProxyEvaluation {
      const fast = packet.trace ? undefined : clusterTraffic(caches, node, packet, chooser);
      return fast ?? new Walk(node, packet, chooser, caches, detectorOf(caches, node)).evaluate();
    },
    isLocalAddress(): boolean {
      // iptables mode binds no address: a ClusterIP lives only in DNAT rules, so nothing answers ping on it.
      return false;
    },
    dump(node: ProxyNode): string {
      // The instance's caches: the dump reuses the rule lines traces built, and the other way round.
      return saveText(tablesOf(node, caches));
    },
    masqueradeRule: {
      table: "nat",
      chain: "KUBE-POSTROUTING",
      rule: postroutingRules(resolved)[2] as string,
    },
  };
}

/**
 * Builds the tables `iptablesRules` and `iptablesSave` (../iptablesRules.ts) print from a mode
 * instance's {@link IptablesCaches}, so the instance's own dump reuses (and fills) the rule
 * lines its traces read. The fixed rules live here too, re-exported by ../iptablesRules.ts, so
 * this module needs nothing at run time from the public one (no import cycle).
 *
 * @module
 */
import type { ProxyNode } from "../../ProxyMode.js";
import type { ResolvedIptablesOptions } from "../IptablesOptions.js";
import type { IptablesRules, IptablesTable } from "../iptablesRules.js";
import type { IptablesCaches } from "./iptablesCaches.js";
import { planOf, staticOf } from "./servicePortPlan.js";
import { largeClusterMode, nodeContextOf, rulesOf, type ServicePortRules } from "./servicePortRules.js";

/** The masquerade mark as iptables prints it (`0x4000` for bit 14). */
export function masqueradeMark(options: ResolvedIptablesOptions): string {
  return `0x${(1 << options.masqueradeBit).toString(16)}`;
}

/** The fixed `KUBE-POSTROUTING` rules (SNAT of marked packets). */
export function postroutingRules(options: ResolvedIptablesOptions): readonly string[] {
  const mark = masqueradeMark(options);
  return [
    `-A KUBE-POSTROUTING -m mark ! --mark ${mark}/${mark} -j RETURN`,
    `-A KUBE-POSTROUTING -j MARK --xor-mark ${mark}`,
    `-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE${options.randomFully ? " --random-fully" : ""}`,
  ];
}

/** The single `KUBE-MARK-MASQ` rule. */
export function markMasqRule(options: ResolvedIptablesOptions): string {
  return `-A KUBE-MARK-MASQ -j MARK --or-mark ${masqueradeMark(options)}`;
}

/** The last rule of nat `KUBE-SERVICES`: every local destination is tried against the NodePorts. */
export function nodePortsJumpRule(options: ResolvedIptablesOptions): string {
  const notLocalhost = options.localhostNodePorts ? "" : " ! -d 127.0.0.0/8";
  return `-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL${notLocalhost} -j KUBE-NODEPORTS`;
}

function chainOrder(a: string, b: string): number {
  const rank = (c: string): number => (c === "KUBE-NODEPORTS" ? 0 : c === "KUBE-SERVICES" ? 1 : 2);
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Rules of a chain that Kubernetes' tests order by Service (a stable sort on `namespace/name`). */
function byService(entries: { key: string; rule: string }[]): string[] {
  return entries
    .slice()
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((e) => e.rule);
}

function table(chainRules: Map<string, string[]>): IptablesTable {
  const chains = [...chainRules.keys()].sort(chainOrder);
  return { chains, rules: chains.flatMap((c) => chainRules.get(c)!) };
}

/**
 * Every rule kube-proxy's iptables mode has programmed on `node`, table by table, written with
 * `caches.options` and reading (and filling) `caches`.
 */
export function tablesOf(node: ProxyNode, caches: IptablesCaches): IptablesRules {
  const opts = caches.options;
  const ctx = nodeContextOf(caches, node);
  const large = largeClusterMode(node.state);
  const all: ServicePortRules[] = [];
  for (const sp of node.state.servicePorts()) {
    // Services without a ClusterIP of this family (headless, IPv6-only) get no rules at all.
    if (staticOf(caches, sp).clusterIP === undefined) continue;
    all.push(rulesOf(caches, planOf(caches, sp, node), ctx, large));
  }

  const filterServices: { key: string; rule: string }[] = [];
  const filterNodePorts: { key: string; rule: string }[] = [];
  const externalServices: string[] = [];
  const proxyFirewall: string[] = [];
  const natServices: { key: string; rule: string }[] = [];
  const natNodePorts: { key: string; rule: string }[] = [];
  const natChains = new Map<string, string[]>();
  for (const r of all) {
    const key = r.sortKey;
    if (r.filterClusterIP) filterServices.push({ key, rule: r.filterClusterIP });
    externalServices.push(...r.filterExternalIP, ...r.filterLoadBalancerIP);
    if (r.filterNodePort) externalServices.push(r.filterNodePort);
    proxyFirewall.push(...r.proxyFirewall);
    if (r.healthCheck) filterNodePorts.push({ key, rule: r.healthCheck });
    for (const rule of [r.servicesClusterIP, ...r.servicesExternalIP, ...r.servicesLoadBalancerIP]) {
      if (rule) natServices.push({ key, rule });
    }
    for (const rule of [r.nodePortLocalhost, r.nodePort]) if (rule) natNodePorts.push({ key, rule });
    for (const [chain, rules] of r.natChains) natChains.set(chain, [...rules]);
  }

  const filter = new Map<string, string[]>([
    ["KUBE-NODEPORTS", byService(filterNodePorts)],
    ["KUBE-SERVICES", byService(filterServices)],
    ["KUBE-EXTERNAL-SERVICES", externalServices],
    ["KUBE-FORWARD", forwardRules(opts)],
    ["KUBE-PROXY-FIREWALL", proxyFirewall],
  ]);
  if (opts.localhostNodePorts) {
    // kube-proxy's copy of kubelet's anti-martian rule, needed once route_localnet is set.
    filter.set("KUBE-FIREWALL", [
      `-A KUBE-FIREWALL -m comment --comment "block incoming localnet connections" -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP`,
    ]);
  }

  natChains.set("KUBE-NODEPORTS", byService(natNodePorts));
  natChains.set("KUBE-SERVICES", [...byService(natServices), nodePortsJumpRule(opts)]);
  natChains.set("KUBE-POSTROUTING", [...postroutingRules(opts)]);
  natChains.set("KUBE-MARK-MASQ", [markMasqRule(opts)]);

  return { filter: table(filter), nat: table(natChains) };
}

function forwardRules(opts: ResolvedIptablesOptions): string[] {
  const mark = masqueradeMark(opts);
  const rules: string[] = [];
  if (!opts.conntrackTCPLiberal) {
    const nfacct = opts.nfacct ? " -m nfacct --nfacct-name ct_state_invalid_dropped_pkts" : "";
    rules.push(`-A KUBE-FORWARD -m conntrack --ctstate INVALID${nfacct} -j DROP`);
  }
  rules.push(
    `-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark ${mark}/${mark} -j ACCEPT`,
    `-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`,
  );
  return rules;
}

function tableText(name: string, t: IptablesTable): string {
  let out = `*${name}\n`;
  for (const c of t.chains) out += `:${c} - [0:0]\n`;
  for (const r of t.rules) out += `${r}\n`;
  return `${out}COMMIT\n`;
}

/** `iptables-save`-style text of `rules` (`*filter` then `*nat`). */
export function saveText(rules: IptablesRules): string {
  return tableText("filter", rules.filter) + tableText("nat", rules.nat);
}

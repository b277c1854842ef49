import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Hop } from "../../packet/Packet.js";
import {
  endpoint as ep,
  overallIPTablesRulesPorts,
  servicePort as svcPort,
  testNode,
} from "../_internal/fixtures.js";
import type { Chooser, ProxyPacket } from "../ProxyMode.js";
import { createNftablesMode } from "./nftablesMode.js";

/** kube-proxy's defaults; one instance for this file. */
const nftablesMode = createNftablesMode();

// --- fixtures (kube-proxy's shared builders, and this file's packets and choosers) ------------

function packet(src: string, dst: string, dport: number, o: Partial<ProxyPacket> = {}): ProxyPacket {
  return {
    tuple: { protocol: "TCP", src: { ip: src, port: 40000 }, dst: { ip: dst, port: dport } },
    hook: "PREROUTING",
    fromLocalPod: false,
    nowMs: 0,
    trace: false,
    ...o,
  };
}

/** Picks index `pick` (clamped) and records what it was asked. */
function fixedChooser(pick = 0, commit = true): Chooser & { asked: number[][] } {
  const asked: number[][] = [];
  return {
    commit,
    asked,
    choose(p) {
      asked.push([...p]);
      return Math.min(pick, p.length - 1);
    },
  };
}

// --- TestOverallNFTablesRules -----------------------------------------------------------
// The same Services as the iptables proxier's TestOverallIPTablesRules.
const overallPorts = overallIPTablesRulesPorts();

// Verbatim from kubernetes pkg/proxy/nftables/proxier_test.go: baseRules + the expected
// output of TestOverallNFTablesRules (nothing skipped).
const EXPECTED_OVERALL = `
add table ip kube-proxy { comment "rules for kube-proxy" ; }
add set ip kube-proxy cluster-ips { type ipv4_addr ; comment "Active ClusterIPs" ; }
add set ip kube-proxy nodeport-ips { type ipv4_addr ; comment "IPs that accept NodePort traffic" ; }
add map ip kube-proxy firewall-ips { type ipv4_addr . inet_proto . inet_service : verdict ; comment "destinations that are subject to LoadBalancerSourceRanges" ; }
add map ip kube-proxy no-endpoint-nodeports { type inet_proto . inet_service : verdict ; comment "vmap to drop or reject packets to service nodeports with no endpoints" ; }
add map ip kube-proxy no-endpoint-services { type ipv4_addr . inet_proto . inet_service : verdict ; comment "vmap to drop or reject packets to services with no endpoints" ; }
add map ip kube-proxy service-ips { type ipv4_addr . inet_proto . inet_service : verdict ; comment "ClusterIP, ExternalIP and LoadBalancer IP traffic" ; }
add map ip kube-proxy service-nodeports { type inet_proto . inet_service : verdict ; comment "NodePort traffic" ; }
add chain ip kube-proxy cluster-ips-check
add chain ip kube-proxy filter-prerouting-pre-dnat { type filter hook prerouting priority -110 ; }
add chain ip kube-proxy filter-output-pre-dnat { type filter hook output priority -110 ; }
add chain ip kube-proxy filter-forward { type filter hook forward priority 0 ; }
add chain ip kube-proxy filter-input { type filter hook input priority 0 ; }
add chain ip kube-proxy filter-output { type filter hook output priority 0 ; }
add chain ip kube-proxy firewall-check
add chain ip kube-proxy mark-for-masquerade
add chain ip kube-proxy masquerading
add chain ip kube-proxy nat-output { type nat hook output priority -100 ; }
add chain ip kube-proxy nat-postrouting { type nat hook postrouting priority 100 ; }
add chain ip kube-proxy nat-prerouting { type nat hook prerouting priority -100 ; }
add chain ip kube-proxy nodeport-endpoints-check
add chain ip kube-proxy reject-chain { comment "helper for @no-endpoint-services / @no-endpoint-nodeports" ; }
add chain ip kube-proxy services
add chain ip kube-proxy service-endpoints-check
add rule ip kube-proxy cluster-ips-check ip daddr @cluster-ips reject comment "Reject traffic to invalid ports of ClusterIPs"
add rule ip kube-proxy cluster-ips-check ip daddr { 172.30.0.0/16 } drop comment "Drop traffic to unallocated ClusterIPs"
add rule ip kube-proxy filter-prerouting-pre-dnat ct state new jump firewall-check
add rule ip kube-proxy filter-forward ct state new jump service-endpoints-check
add rule ip kube-proxy filter-forward ct state new jump cluster-ips-check
add rule ip kube-proxy filter-input ct state new jump nodeport-endpoints-check
add rule ip kube-proxy filter-input ct state new jump service-endpoints-check
add rule ip kube-proxy filter-output ct state new jump service-endpoints-check
add rule ip kube-proxy filter-output-pre-dnat ct state new jump firewall-check
add rule ip kube-proxy filter-output ct state new jump cluster-ips-check
add rule ip kube-proxy firewall-check ip daddr . meta l4proto . th dport vmap @firewall-ips
add rule ip kube-proxy mark-for-masquerade mark set mark or 0x4000
add rule ip kube-proxy masquerading mark and 0x4000 == 0 return
add rule ip kube-proxy masquerading mark set mark xor 0x4000
add rule ip kube-proxy masquerading masquerade fully-random
add rule ip kube-proxy nat-output jump services
add rule ip kube-proxy nat-postrouting jump masquerading
add rule ip kube-proxy nat-prerouting jump services
add rule ip kube-proxy nodeport-endpoints-check ip daddr @nodeport-ips meta l4proto . th dport vmap @no-endpoint-nodeports
add rule ip kube-proxy reject-chain reject
add rule ip kube-proxy services ip daddr . meta l4proto . th dport vmap @service-ips
add rule ip kube-proxy services ip daddr @nodeport-ips meta l4proto . th dport vmap @service-nodeports
add element ip kube-proxy nodeport-ips { 192.168.0.2 }
add rule ip kube-proxy service-endpoints-check ip daddr . meta l4proto . th dport vmap @no-endpoint-services

add chain ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80
add rule ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80 ip daddr 172.30.0.41 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
add rule ip kube-proxy service-ULMVA6XW-ns1/svc1/tcp/p80 numgen random mod 1 vmap { 0 : goto endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80 }
add chain ip kube-proxy endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80
add rule ip kube-proxy endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80 ip saddr 10.180.0.1 jump mark-for-masquerade
add rule ip kube-proxy endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80 meta l4proto tcp dnat to 10.180.0.1:80
add element ip kube-proxy cluster-ips { 172.30.0.41 }
add element ip kube-proxy service-ips { 172.30.0.41 . tcp . 80 : goto service-ULMVA6XW-ns1/svc1/tcp/p80 }

add chain ip kube-proxy service-42NFTM6N-ns2/svc2/tcp/p80
add rule ip kube-proxy service-42NFTM6N-ns2/svc2/tcp/p80 ip daddr 172.30.0.42 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
add rule ip kube-proxy service-42NFTM6N-ns2/svc2/tcp/p80 numgen random mod 1 vmap { 0 : goto endpoint-SGOXE6O3-ns2/svc2/tcp/p80__10.180.0.2/80 }
add chain ip kube-proxy external-42NFTM6N-ns2/svc2/tcp/p80
add rule ip kube-proxy external-42NFTM6N-ns2/svc2/tcp/p80 ip saddr 10.0.0.0/8 goto service-42NFTM6N-ns2/svc2/tcp/p80 comment "short-circuit pod traffic"
add rule ip kube-proxy external-42NFTM6N-ns2/svc2/tcp/p80 fib saddr type local jump mark-for-masquerade comment "masquerade local traffic"
add rule ip kube-proxy external-42NFTM6N-ns2/svc2/tcp/p80 fib saddr type local goto service-42NFTM6N-ns2/svc2/tcp/p80 comment "short-circuit local traffic"
add chain ip kube-proxy endpoint-SGOXE6O3-ns2/svc2/tcp/p80__10.180.0.2/80
add rule ip kube-proxy endpoint-SGOXE6O3-ns2/svc2/tcp/p80__10.180.0.2/80 ip saddr 10.180.0.2 jump mark-for-masquerade
add rule ip kube-proxy endpoint-SGOXE6O3-ns2/svc2/tcp/p80__10.180.0.2/80 meta l4proto tcp dnat to 10.180.0.2:80
add element ip kube-proxy cluster-ips { 172.30.0.42 }
add element ip kube-proxy service-ips { 172.30.0.42 . tcp . 80 : goto service-42NFTM6N-ns2/svc2/tcp/p80 }
add element ip kube-proxy service-ips { 192.168.99.22 . tcp . 80 : goto external-42NFTM6N-ns2/svc2/tcp/p80 }
add element ip kube-proxy service-ips { 1.2.3.4 . tcp . 80 : goto external-42NFTM6N-ns2/svc2/tcp/p80 }
add element ip kube-proxy service-nodeports { tcp . 3001 : goto external-42NFTM6N-ns2/svc2/tcp/p80 }
add element ip kube-proxy no-endpoint-nodeports { tcp . 3001 comment "ns2/svc2:p80" : drop }
add element ip kube-proxy no-endpoint-services { 1.2.3.4 . tcp . 80 comment "ns2/svc2:p80" : drop }
add element ip kube-proxy no-endpoint-services { 192.168.99.22 . tcp . 80 comment "ns2/svc2:p80" : drop }

add chain ip kube-proxy service-4AT6LBPK-ns3/svc3/tcp/p80
add rule ip kube-proxy service-4AT6LBPK-ns3/svc3/tcp/p80 ip daddr 172.30.0.43 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
add rule ip kube-proxy service-4AT6LBPK-ns3/svc3/tcp/p80 numgen random mod 1 vmap { 0 : goto endpoint-UEIP74TE-ns3/svc3/tcp/p80__10.180.0.3/80 }
add chain ip kube-proxy external-4AT6LBPK-ns3/svc3/tcp/p80
add rule ip kube-proxy external-4AT6LBPK-ns3/svc3/tcp/p80 jump mark-for-masquerade
add rule ip kube-proxy external-4AT6LBPK-ns3/svc3/tcp/p80 goto service-4AT6LBPK-ns3/svc3/tcp/p80
add chain ip kube-proxy endpoint-UEIP74TE-ns3/svc3/tcp/p80__10.180.0.3/80
add rule ip kube-proxy endpoint-UEIP74TE-ns3/svc3/tcp/p80__10.180.0.3/80 ip saddr 10.180.0.3 jump mark-for-masquerade
add rule ip kube-proxy endpoint-UEIP74TE-ns3/svc3/tcp/p80__10.180.0.3/80 meta l4proto tcp dnat to 10.180.0.3:80
add element ip kube-proxy cluster-ips { 172.30.0.43 }
add element ip kube-proxy service-ips { 172.30.0.43 . tcp . 80 : goto service-4AT6LBPK-ns3/svc3/tcp/p80 }
add element ip kube-proxy service-nodeports { tcp . 3003 : goto external-4AT6LBPK-ns3/svc3/tcp/p80 }

add chain ip kube-proxy service-LAUZTJTB-ns4/svc4/tcp/p80
add rule ip kube-proxy service-LAUZTJTB-ns4/svc4/tcp/p80 ip daddr 172.30.0.44 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
add rule ip kube-proxy service-LAUZTJTB-ns4/svc4/tcp/p80 numgen random mod 2 vmap { 0 : goto endpoint-UNZV3OEC-ns4/svc4/tcp/p80__10.180.0.4/80 , 1 : goto endpoint-5RFCDDV7-ns4/svc4/tcp/p80__10.180.0.5/80 }
add chain ip kube-proxy external-LAUZTJTB-ns4/svc4/tcp/p80
add rule ip kube-proxy external-LAUZTJTB-ns4/svc4/tcp/p80 jump mark-for-masquerade
add rule ip kube-proxy external-LAUZTJTB-ns4/svc4/tcp/p80 goto service-LAUZTJTB-ns4/svc4/tcp/p80
add chain ip kube-proxy endpoint-5RFCDDV7-ns4/svc4/tcp/p80__10.180.0.5/80
add rule ip kube-proxy endpoint-5RFCDDV7-ns4/svc4/tcp/p80__10.180.0.5/80 ip saddr 10.180.0.5 jump mark-for-masquerade
add rule ip kube-proxy endpoint-5RFCDDV7-ns4/svc4/tcp/p80__10.180.0.5/80 meta l4proto tcp dnat to 10.180.0.5:80
add chain ip kube-proxy endpoint-UNZV3OEC-ns4/svc4/tcp/p80__10.180.0.4/80
add rule ip kube-proxy endpoint-UNZV3OEC-ns4/svc4/tcp/p80__10.180.0.4/80 ip saddr 10.180.0.4 jump mark-for-masquerade
add rule ip kube-proxy endpoint-UNZV3OEC-ns4/svc4/tcp/p80__10.180.0.4/80 meta l4proto tcp dnat to 10.180.0.4:80
add element ip kube-proxy cluster-ips { 172.30.0.44 }
add element ip kube-proxy service-ips { 172.30.0.44 . tcp . 80 : goto service-LAUZTJTB-ns4/svc4/tcp/p80 }
add element ip kube-proxy service-ips { 192.168.99.33 . tcp . 80 : goto external-LAUZTJTB-ns4/svc4/tcp/p80 }

add set ip kube-proxy affinity-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 { type ipv4_addr ; flags dynamic,timeout ; timeout 10800s ; }
add chain ip kube-proxy service-HVFWP5L3-ns5/svc5/tcp/p80
add rule ip kube-proxy service-HVFWP5L3-ns5/svc5/tcp/p80 ip daddr 172.30.0.45 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
add rule ip kube-proxy service-HVFWP5L3-ns5/svc5/tcp/p80 ip saddr @affinity-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 goto endpoint-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80
add rule ip kube-proxy service-HVFWP5L3-ns5/svc5/tcp/p80 numgen random mod 1 vmap { 0 : goto endpoint-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 }
add chain ip kube-proxy external-HVFWP5L3-ns5/svc5/tcp/p80
add rule ip kube-proxy external-HVFWP5L3-ns5/svc5/tcp/p80 jump mark-for-masquerade
add rule ip kube-proxy external-HVFWP5L3-ns5/svc5/tcp/p80 goto service-HVFWP5L3-ns5/svc5/tcp/p80
add chain ip kube-proxy endpoint-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80
add rule ip kube-proxy endpoint-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 ip saddr 10.180.0.3 jump mark-for-masquerade
add rule ip kube-proxy endpoint-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 update @affinity-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 { ip saddr }
add rule ip kube-proxy endpoint-GTK6MW7G-ns5/svc5/tcp/p80__10.180.0.3/80 meta l4proto tcp dnat to 10.180.0.3:80
add chain ip kube-proxy firewall-HVFWP5L3-ns5/svc5/tcp/p80
add rule ip kube-proxy firewall-HVFWP5L3-ns5/svc5/tcp/p80 ip saddr != { 203.0.113.0/25 } drop
add element ip kube-proxy cluster-ips { 172.30.0.45 }
add element ip kube-proxy service-ips { 172.30.0.45 . tcp . 80 : goto service-HVFWP5L3-ns5/svc5/tcp/p80 }
add element ip kube-proxy service-ips { 5.6.7.8 . tcp . 80 : goto external-HVFWP5L3-ns5/svc5/tcp/p80 }
add element ip kube-proxy service-nodeports { tcp . 3002 : goto external-HVFWP5L3-ns5/svc5/tcp/p80 }
add element ip kube-proxy firewall-ips { 5.6.7.8 . tcp . 80 : goto firewall-HVFWP5L3-ns5/svc5/tcp/p80 }

add element ip kube-proxy cluster-ips { 172.30.0.46 }
add element ip kube-proxy no-endpoint-services { 172.30.0.46 . tcp . 80 comment "ns6/svc6:p80" : goto reject-chain }
`;

function lines(text: string): string[] {
  return text.split("\n").filter((l) => l.trim() !== "");
}

/** The rules of each chain, in order (what an unordered line comparison would miss). */
function rulesByChain(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const l of lines(text)) {
    const m = /^add rule ip kube-proxy (\S+) (.*)$/.exec(l);
    if (!m) continue;
    const list = out.get(m[1]!) ?? [];
    list.push(m[2]!);
    out.set(m[1]!, list);
  }
  return out;
}

describe("nftablesMode rules (kubernetes pkg/proxy/nftables/proxier_test.go TestOverallNFTablesRules)", () => {
  const mode = createNftablesMode({ serviceCIDRs: ["172.30.0.0/16"] });
  const node = testNode(overallPorts);

  it("produces exactly kube-proxy's expected transaction, as a set of lines", () => {
    expect(lines(mode.transaction(node)).sort()).toEqual(lines(EXPECTED_OVERALL).sort());
  });

  it("keeps kube-proxy's rule order within every chain", () => {
    expect(rulesByChain(mode.transaction(node))).toEqual(rulesByChain(EXPECTED_OVERALL));
  });
});

describe("nftablesMode nft list table golden", () => {
  it("prints `nft list table ip kube-proxy` with sets, maps, base chains and service chains", () => {
    const node = testNode([overallPorts[0]!]);
    const dump = nftablesMode.dump(node);
    expect(dump).toBe(`table ip kube-proxy {
\tcomment "rules for kube-proxy"
\tset cluster-ips {
\t\ttype ipv4_addr
\t\tcomment "Active ClusterIPs"
\t\telements = { 172.30.0.41 }
\t}
\tset nodeport-ips {
\t\ttype ipv4_addr
\t\tcomment "IPs that accept NodePort traffic"
\t\telements = { 192.168.0.2 }
\t}
\tmap firewall-ips {
\t\ttype ipv4_addr . inet_proto . inet_service : verdict
\t\tcomment "destinations that are subject to LoadBalancerSourceRanges"
\t}
\tmap no-endpoint-nodeports {
\t\ttype inet_proto . inet_service : verdict
\t\tcomment "vmap to drop or reject packets to service nodeports with no endpoints"
\t}
\tmap no-endpoint-services {
\t\ttype ipv4_addr . inet_proto . inet_service : verdict
\t\tcomment "vmap to drop or reject packets to services with no endpoints"
\t}
\tmap service-ips {
\t\ttype ipv4_addr . inet_proto . inet_service : verdict
\t\tcomment "ClusterIP, ExternalIP and LoadBalancer IP traffic"
\t\telements = { 172.30.0.41 . tcp . 80 : goto service-ULMVA6XW-ns1/svc1/tcp/p80 }
\t}
\tmap service-nodeports {
\t\ttype inet_proto . inet_service : verdict
\t\tcomment "NodePort traffic"
\t}
\tchain filter-prerouting-pre-dnat {
\t\ttype filter hook prerouting priority dstnat - 10; policy accept;
\t\tct state new jump firewall-check
\t}
\tchain filter-output-pre-dnat {
\t\ttype filter hook output priority dstnat - 10; policy accept;
\t\tct state new jump firewall-check
\t}
\tchain nat-prerouting {
\t\ttype nat hook prerouting priority dstnat; policy accept;
\t\tjump services
\t}
\tchain nat-output {
\t\ttype nat hook output priority dstnat; policy accept;
\t\tjump services
\t}
\tchain filter-forward {
\t\ttype filter hook forward priority filter; policy accept;
\t\tct state new jump service-endpoints-check
\t\tct state new jump cluster-ips-check
\t}
\tchain filter-input {
\t\ttype filter hook input priority filter; policy accept;
\t\tct state new jump nodeport-endpoints-check
\t\tct state new jump service-endpoints-check
\t}
\tchain filter-output {
\t\ttype filter hook output priority filter; policy accept;
\t\tct state new jump service-endpoints-check
\t\tct state new jump cluster-ips-check
\t}
\tchain nat-postrouting {
\t\ttype nat hook postrouting priority srcnat; policy accept;
\t\tjump masquerading
\t}
\tchain cluster-ips-check {
\t\tip daddr @cluster-ips reject comment "Reject traffic to invalid ports of ClusterIPs"
\t}
\tchain firewall-check {
\t\tip daddr . meta l4proto . th dport vmap @firewall-ips
\t}
\tchain mark-for-masquerade {
\t\tmark set mark or 0x4000
\t}
\tchain masquerading {
\t\tmark and 0x4000 == 0 return
\t\tmark set mark xor 0x4000
\t\tmasquerade fully-random
\t}
\tchain nodeport-endpoints-check {
\t\tip daddr @nodeport-ips meta l4proto . th dport vmap @no-endpoint-nodeports
\t}
\tchain reject-chain {
\t\tcomment "helper for @no-endpoint-services / @no-endpoint-nodeports"
\t\treject
\t}
\tchain services {
\t\tip daddr . meta l4proto . th dport vmap @service-ips
\t\tip daddr @nodeport-ips meta l4proto . th dport vmap @service-nodeports
\t}
\tchain service-endpoints-check {
\t\tip daddr . meta l4proto . th dport vmap @no-endpoint-services
\t}
\tchain service-ULMVA6XW-ns1/svc1/tcp/p80 {
\t\tip daddr 172.30.0.41 ip saddr != 10.0.0.0/8 jump mark-for-masquerade
\t\tnumgen random mod 1 vmap { 0 : goto endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80 }
\t}
\tchain endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80 {
\t\tip saddr 10.180.0.1 jump mark-for-masquerade
\t\tmeta l4proto tcp dnat to 10.180.0.1:80
\t}
}
`);
  });
});

describe("nftablesMode packet flow (proxier_test.go runPacketFlowTests cases)", () => {
  const mode = createNftablesMode({ serviceCIDRs: ["172.30.0.0/16"] });
  const node = testNode(overallPorts);
  const evalOf = (p: ProxyPacket, chooser = fixedChooser()) => mode.evaluate(node, p, chooser).verdict;

  it("DNATs pod traffic to a ClusterIP without masquerade, and masquerades off-cluster clients", () => {
    expect(evalOf(packet("10.0.0.2", "172.30.0.41", 80))).toMatchObject({
      kind: "dnat",
      to: { ip: "10.180.0.1", port: 80 },
      masquerade: false,
    });
    expect(evalOf(packet("203.0.113.2", "172.30.0.41", 80))).toMatchObject({
      kind: "dnat",
      masquerade: true,
    });
  });

  it("masquerades hairpin traffic (a pod reaching itself through its Service)", () => {
    expect(evalOf(packet("10.180.0.1", "172.30.0.41", 80))).toMatchObject({ kind: "dnat", masquerade: true });
  });

  it("rejects undefined ports of a ClusterIP and ICMP to it; ClusterIPs are not local addresses", () => {
    expect(evalOf(packet("10.0.0.2", "172.30.0.41", 443)).kind).toBe("reject");
    const ping: ProxyPacket = {
      ...packet("10.0.0.2", "172.30.0.41", 0),
      tuple: { protocol: "ICMP", src: { ip: "10.0.0.2", port: 0 }, dst: { ip: "172.30.0.41", port: 0 } },
    };
    expect(evalOf(ping).kind).toBe("reject");
    expect(mode.isLocalAddress(node, "172.30.0.41")).toBe(false);
  });

  it("drops traffic to an unallocated ClusterIP and leaves other addresses alone", () => {
    expect(evalOf(packet("10.0.0.2", "172.30.0.50", 80)).kind).toBe("drop");
    expect(evalOf(packet("10.0.0.2", "10.180.0.1", 80)).kind).toBe("no-match");
  });

  it("rejects a Service with no endpoints (connection refused)", () => {
    expect(evalOf(packet("10.0.0.2", "172.30.0.46", 80))).toMatchObject({
      kind: "reject",
      reason: "ns6/svc6:p80 has no endpoints",
    });
  });

  it("externalTrafficPolicy Local without local endpoints: drops external clients, short-circuits pods and the host", () => {
    expect(evalOf(packet("203.0.113.2", "192.168.0.2", 3001)).kind).toBe("drop");
    expect(evalOf(packet("203.0.113.2", "1.2.3.4", 80)).kind).toBe("drop");
    expect(evalOf(packet("10.0.0.2", "1.2.3.4", 80))).toMatchObject({ kind: "dnat", masquerade: false });
    expect(evalOf(packet("192.168.0.2", "192.168.0.2", 3001, { hook: "OUTPUT" }))).toMatchObject({
      kind: "dnat",
      masquerade: true,
    });
  });

  it("externalTrafficPolicy Local with a local endpoint keeps the client IP", () => {
    const local = svcPort("ns7", "svc7", "p80", {
      clusterIPs: ["172.30.0.47"],
      nodePort: 3007,
      externalTrafficPolicy: "Local",
      endpoints: [
        ep("10.180.0.7", 80, { nodeName: "test-node" }),
        ep("10.180.1.7", 80, { nodeName: "other" }),
      ],
    });
    const n = testNode([local]);
    const v = mode.evaluate(n, packet("203.0.113.2", "192.168.0.2", 3007), fixedChooser(1)).verdict;
    expect(v).toMatchObject({ kind: "dnat", to: { ip: "10.180.0.7" }, masquerade: false });
  });

  it("externalTrafficPolicy Cluster masquerades NodePort traffic", () => {
    expect(evalOf(packet("203.0.113.2", "192.168.0.2", 3003))).toMatchObject({
      kind: "dnat",
      to: { ip: "10.180.0.3" },
      masquerade: true,
    });
  });

  it("enforces loadBalancerSourceRanges on the LB IP but not on the NodePort", () => {
    expect(evalOf(packet("203.0.113.2", "5.6.7.8", 80)).kind).toBe("dnat");
    expect(evalOf(packet("203.0.113.130", "5.6.7.8", 80)).kind).toBe("drop");
    expect(evalOf(packet("203.0.113.130", "192.168.0.2", 3002)).kind).toBe("dnat");
  });

  it("asks the chooser for numgen's N equal probabilities", () => {
    const chooser = fixedChooser(1);
    const v = mode.evaluate(node, packet("10.0.0.2", "172.30.0.44", 80), chooser).verdict;
    expect(chooser.asked).toEqual([[0.5, 0.5]]);
    expect(v).toMatchObject({ kind: "dnat", to: { ip: "10.180.0.5" } });
  });

  it("session affinity pins a client to its endpoint until the timeout, and only when committed", () => {
    const sticky = svcPort("ns8", "svc8", "p80", {
      clusterIPs: ["172.30.0.48"],
      sessionAffinity: "ClientIP",
      stickyMaxAgeSeconds: 60,
      endpoints: [ep("10.180.0.1", 80), ep("10.180.0.2", 80), ep("10.180.0.3", 80)],
    });
    const n = testNode([sticky]);
    const first = mode.evaluate(n, packet("10.0.0.9", "172.30.0.48", 80), fixedChooser(2)).verdict;
    expect(first).toMatchObject({ to: { ip: "10.180.0.3" } });
    const explore = fixedChooser(0, false);
    expect(
      mode.evaluate(n, packet("10.0.0.9", "172.30.0.48", 80, { nowMs: 30_000 }), explore).verdict,
    ).toMatchObject({ to: { ip: "10.180.0.3" } });
    expect(explore.asked).toEqual([]);
    expect(
      mode.evaluate(n, packet("10.0.0.10", "172.30.0.48", 80), fixedChooser(0, false)).verdict,
    ).toMatchObject({ to: { ip: "10.180.0.1" } });
    // 30 s later the entry was refreshed at 0 only (exploration does not write): expired at 61 s.
    expect(
      mode.evaluate(n, packet("10.0.0.9", "172.30.0.48", 80, { nowMs: 61_000 }), fixedChooser(0)).verdict,
    ).toMatchObject({ to: { ip: "10.180.0.1" } });
  });

  it("internalTrafficPolicy Local without local endpoints drops ClusterIP traffic", () => {
    const itp = svcPort("ns9", "svc9", "p80", {
      clusterIPs: ["172.30.0.49"],
      internalTrafficPolicy: "Local",
      endpoints: [ep("10.180.3.1", 80, { nodeName: "other" })],
    });
    expect(
      mode.evaluate(testNode([itp]), packet("10.0.0.2", "172.30.0.49", 80), fixedChooser()).verdict,
    ).toMatchObject({ kind: "drop" });
  });
});

describe("nftablesMode properties", () => {
  const endpointsArb = fc.uniqueArray(fc.integer({ min: 1, max: 250 }), { minLength: 1, maxLength: 12 });

  it("numgen gives each of the n endpoints probability 1/n, summing to 1", () => {
    fc.assert(
      fc.property(endpointsArb, (octets) => {
        const sp = svcPort("ns", "web", "http", {
          clusterIPs: ["172.30.1.1"],
          endpoints: octets.map((o) => ep(`10.1.0.${o}`, 8080)),
        });
        const chooser = fixedChooser();
        mode().evaluate(testNode([sp]), packet("10.0.0.2", "172.30.1.1", 80), chooser);
        const asked = chooser.asked[0] ?? [1];
        expect(asked).toHaveLength(octets.length);
        for (const p of asked) expect(p).toBeCloseTo(1 / octets.length, 12);
        expect(asked.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      }),
    );
  });

  it("every rule text in a trace appears in dump(node)", () => {
    const m = mode();
    const node = testNode(overallPorts);
    const dump = m.dump(node);
    const cases: ProxyPacket[] = [
      packet("10.0.0.2", "172.30.0.41", 80),
      packet("203.0.113.2", "172.30.0.41", 80),
      packet("10.180.0.1", "172.30.0.41", 80),
      packet("10.0.0.2", "172.30.0.41", 443),
      packet("10.0.0.2", "172.30.0.46", 80),
      packet("203.0.113.2", "192.168.0.2", 3001),
      packet("10.0.0.2", "1.2.3.4", 80),
      packet("192.168.0.2", "1.2.3.4", 80, { hook: "OUTPUT" }),
      packet("203.0.113.2", "192.168.0.2", 3003),
      packet("203.0.113.130", "5.6.7.8", 80),
      packet("203.0.113.2", "5.6.7.8", 80),
      packet("10.0.0.2", "172.30.0.44", 80),
      packet("10.0.0.2", "172.30.0.45", 80),
      packet("10.0.0.2", "172.30.0.45", 80),
    ];
    fc.assert(
      fc.property(fc.constantFrom(...cases), fc.nat(3), (p, pick) => {
        const e = m.evaluate(node, { ...p, trace: true }, fixedChooser(pick));
        expect(e.hops.length).toBeGreaterThan(0);
        const rules = e.hops.map((h: Hop) => h.rule).filter((r): r is string => r !== undefined);
        expect(rules.length).toBeGreaterThan(0);
        for (const r of rules) expect(dump).toContain(`\t${r}`);
        // The trace does not change the decision.
        const fast = m.evaluate(node, p, fixedChooser(pick)).verdict;
        expect(fast.kind).toBe(e.verdict.kind);
      }),
    );
  });
});

function mode() {
  return createNftablesMode({ serviceCIDRs: ["172.30.0.0/16"] });
}

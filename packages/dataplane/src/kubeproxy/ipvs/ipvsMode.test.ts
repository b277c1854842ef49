import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { endpoint as ep, servicePort as svcPort, testNode } from "../_internal/fixtures.js";
import type { Chooser, ProxyNode, ProxyPacket } from "../ProxyMode.js";
import { RoundRobinTable, VirtualServerSlots } from "../RoundRobinTable.js";
import type { ServicePortInfo } from "../ServicePortInfo.js";
import { createIpvsMode } from "./ipvsMode.js";

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

const kubernetes = svcPort("default", "kubernetes", "https", {
  clusterIPs: ["10.96.0.1"],
  port: 443,
  endpoints: [ep("172.18.0.2", 6443)],
});
const web = svcPort("default", "web", "http", {
  clusterIPs: ["10.96.100.10"],
  nodePort: 30080,
  endpoints: [
    ep("10.244.1.5", 8080, { nodeName: "other" }),
    ep("10.244.2.7", 8080, { nodeName: "other" }),
    ep("10.244.0.9", 8080, { nodeName: "test-node" }),
  ],
});
const empty = svcPort("default", "empty", "", { clusterIPs: ["10.96.5.5"] });
const sticky = svcPort("default", "sticky", "", {
  clusterIPs: ["10.96.7.7"],
  sessionAffinity: "ClientIP",
  stickyMaxAgeSeconds: 10800,
  endpoints: [ep("10.244.1.1", 80), ep("10.244.1.2", 80)],
});
const dns = svcPort("kube-system", "kube-dns", "dns", {
  protocol: "UDP",
  clusterIPs: ["10.96.0.10"],
  port: 53,
  endpoints: [ep("10.244.0.3", 53), ep("10.244.0.4", 53)],
});
const ipvsNode = (ports: readonly ServicePortInfo[] = [kubernetes, web, empty, sticky, dns]) =>
  testNode(ports, { clusterCIDRs: ["10.244.0.0/16"] });

describe("ipvsMode ipvsadm -Ln (ipvsadm.c print_service_entry; kube-proxy pkg/proxy/ipvs/proxier.go)", () => {
  it("prints every virtual server sorted by protocol, address and port, real servers sorted by address", () => {
    expect(createIpvsMode().dump(ipvsNode())).toBe(
      [
        "IP Virtual Server version 1.2.1 (size=4096)",
        "Prot LocalAddress:Port Scheduler Flags",
        "  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn",
        "TCP  10.96.0.1:443 rr",
        "  -> 172.18.0.2:6443              Masq    1      0          0         ",
        "TCP  10.96.5.5:80 rr",
        "TCP  10.96.7.7:80 rr persistent 10800",
        "  -> 10.244.1.1:80                Masq    1      0          0         ",
        "  -> 10.244.1.2:80                Masq    1      0          0         ",
        "TCP  10.96.100.10:80 rr",
        "  -> 10.244.0.9:8080              Masq    1      0          0         ",
        "  -> 10.244.1.5:8080              Masq    1      0          0         ",
        "  -> 10.244.2.7:8080              Masq    1      0          0         ",
        "TCP  192.168.0.2:30080 rr",
        "  -> 10.244.0.9:8080              Masq    1      0          0         ",
        "  -> 10.244.1.5:8080              Masq    1      0          0         ",
        "  -> 10.244.2.7:8080              Masq    1      0          0         ",
        "UDP  10.96.0.10:53 rr",
        "  -> 10.244.0.3:53                Masq    1      0          0         ",
        "  -> 10.244.0.4:53                Masq    1      0          0         ",
        "",
      ].join("\n"),
    );
  });
});

describe("ipvsMode scheduling", () => {
  const vip = (ip: string, port: number, src = "10.244.3.3") => packet(src, ip, port);

  it("rr: each committed new connection goes to the next real server, in endpoint order", () => {
    const node = ipvsNode();
    const mode = createIpvsMode();
    const picks = Array.from({ length: 6 }, () => {
      const v = mode.evaluate(node, vip("10.96.100.10", 80), fixedChooser()).verdict;
      return v.kind === "dnat" ? v.to.ip : v.kind;
    });
    expect(picks).toEqual([
      "10.244.0.9",
      "10.244.1.5",
      "10.244.2.7",
      "10.244.0.9",
      "10.244.1.5",
      "10.244.2.7",
    ]);
  });

  it("rr: traced and untraced packets to one virtual server continue one rotation", () => {
    // Untraced ClusterIP packets take a fast path and traced ones the general path; IPVS has
    // one scheduler per virtual server whatever kubesim records of the packet.
    const picks = (traces: boolean[]) => {
      const node = ipvsNode();
      const mode = createIpvsMode();
      return traces.map((trace) => {
        const v = mode.evaluate(node, { ...vip("10.96.100.10", 80), trace }, fixedChooser()).verdict;
        return v.kind === "dnat" ? v.to.ip : v.kind;
      });
    };
    const mixed = picks([false, true, false, true, true, false]);
    expect(mixed).toEqual(picks([false, false, false, false, false, false]));
    expect(new Set(mixed).size).toBe(3);
  });

  it("rr: each node schedules on its own, with virtual servers numbered once for the cluster", () => {
    const slots = new VirtualServerSlots();
    const a = testNode([web], { nodeName: "a", roundRobin: new RoundRobinTable(slots) });
    const b = testNode([web], { nodeName: "b", roundRobin: new RoundRobinTable(slots) });
    const mode = createIpvsMode();
    const pick = (node: ProxyNode) => {
      const v = mode.evaluate(node, vip("10.96.100.10", 80), fixedChooser()).verdict;
      return v.kind === "dnat" ? v.to.ip : v.kind;
    };
    expect([pick(a), pick(a), pick(b), pick(a), pick(b)]).toEqual([
      "10.244.0.9",
      "10.244.1.5",
      "10.244.0.9",
      "10.244.2.7",
      "10.244.1.5",
    ]);
    expect(slots.find("TCP 10.96.100.10:80")).toBe(0);
  });

  it("rr: a node IP that is also an external IP has a virtual server per port", () => {
    // externalIPs may name a node's own address; `192.168.0.2:80` (external IP) and
    // `192.168.0.2:30080` (NodePort) are two virtual servers with their own rotations.
    const both = svcPort("default", "both", "", {
      clusterIPs: ["10.96.9.9"],
      externalIPs: ["192.168.0.2"],
      nodePort: 30080,
      endpoints: [ep("10.244.1.1", 80), ep("10.244.1.2", 80)],
    });
    const node = ipvsNode([both]);
    const mode = createIpvsMode();
    const to = (port: number) => {
      const v = mode.evaluate(node, packet("203.0.113.9", "192.168.0.2", port), fixedChooser()).verdict;
      return v.kind === "dnat" ? v.to.ip : v.kind;
    };
    expect([to(80), to(30080), to(80), to(30080)]).toEqual([
      "10.244.1.1",
      "10.244.1.1",
      "10.244.1.2",
      "10.244.1.2",
    ]);
    expect(node.roundRobin.get("TCP 192.168.0.2:80")).toBe(2);
    expect(node.roundRobin.get("TCP 192.168.0.2:30080")).toBe(2);
  });

  it("rr: the position survives a sync that rebuilds the node's state", () => {
    const node = ipvsNode([web]);
    const mode = createIpvsMode();
    const pick = (n: ProxyNode) => {
      const v = mode.evaluate(n, vip("10.96.100.10", 80), fixedChooser()).verdict;
      return v.kind === "dnat" ? v.to.ip : v.kind;
    };
    expect(pick(node)).toBe("10.244.0.9");
    // A new state with the same port (a sync that changed another Service): IPVS keeps the
    // virtual server and its scheduler.
    const synced = { ...node, state: testNode([web, kubernetes]).state };
    expect(pick(synced)).toBe("10.244.1.5");
  });

  it("rr is deterministic: exploring outcomes neither asks the chooser nor advances", () => {
    const node = ipvsNode();
    const mode = createIpvsMode();
    const explore = fixedChooser(0, false);
    const a = mode.evaluate(node, vip("10.96.100.10", 80), explore).verdict;
    const b = mode.evaluate(node, vip("10.96.100.10", 80), explore).verdict;
    expect(explore.asked).toEqual([]);
    expect(a).toEqual(b);
    expect(node.roundRobin.size).toBe(0);
  });

  it("each virtual server has its own rr position (ClusterIP and NodePort of one Service)", () => {
    const node = ipvsNode();
    const mode = createIpvsMode();
    mode.evaluate(node, vip("10.96.100.10", 80), fixedChooser());
    const viaNodePort = mode.evaluate(
      node,
      packet("10.244.3.3", "192.168.0.2", 30080),
      fixedChooser(),
    ).verdict;
    expect(viaNodePort).toMatchObject({ kind: "dnat", to: { ip: "10.244.0.9" } });
  });

  it("persistence (ClientIP) pins a client until the timeout; other clients keep rotating", () => {
    const node = ipvsNode();
    const mode = createIpvsMode();
    const to = (src: string, nowMs: number) => {
      const v = mode.evaluate(node, { ...vip("10.96.7.7", 80, src), nowMs }, fixedChooser()).verdict;
      return v.kind === "dnat" ? v.to.ip : v.kind;
    };
    expect(to("10.244.3.3", 0)).toBe("10.244.1.1");
    expect(to("10.244.3.4", 1000)).toBe("10.244.1.2");
    expect(to("10.244.3.3", 2000)).toBe("10.244.1.1");
    expect(to("10.244.3.3", 2000 + 10800 * 1000)).toBe("10.244.1.1");
    // Expired: rr schedules the client again (third rr decision: position 2 mod 2), and the
    // next new client gets the server after it.
    const expiredAt = 2001 + 2 * 10800 * 1000;
    expect(to("10.244.3.3", expiredAt)).toBe("10.244.1.1");
    expect(node.roundRobin.get("TCP 10.96.7.7:80")).toBe(1);
    expect(to("10.244.3.6", expiredAt)).toBe("10.244.1.2");
  });
});

describe("ipvsMode semantics", () => {
  const mode = createIpvsMode();

  it("a virtual server with no real servers is refused (ip_vs_leave: ICMP port unreachable)", () => {
    const v = mode.evaluate(ipvsNode(), packet("10.244.3.3", "10.96.5.5", 80), fixedChooser()).verdict;
    expect(v).toMatchObject({ kind: "reject", reason: "default/empty has no endpoints" });
  });

  it("ClusterIPs are bound to kube-ipvs0; KUBE-IPVS-FILTER rejects ping and undefined ports", () => {
    const node = ipvsNode();
    expect(mode.isLocalAddress(node, "10.96.0.1")).toBe(true);
    expect(mode.isLocalAddress(node, "10.96.0.2")).toBe(false);
    const ping: ProxyPacket = {
      ...packet("10.244.3.3", "10.96.0.1", 0),
      tuple: { protocol: "ICMP", src: { ip: "10.244.3.3", port: 0 }, dst: { ip: "10.96.0.1", port: 0 } },
    };
    expect(mode.evaluate(node, ping, fixedChooser()).verdict.kind).toBe("reject");
    expect(mode.evaluate(node, packet("10.244.3.3", "10.96.0.1", 22), fixedChooser()).verdict.kind).toBe(
      "reject",
    );
  });

  it("without KUBE-IPVS-FILTER (older kube-proxy) the node itself answers a ClusterIP: ping works", () => {
    const old = createIpvsMode({ ipvsFilter: false });
    const node = ipvsNode();
    const ping: ProxyPacket = {
      ...packet("10.244.3.3", "10.96.0.1", 0),
      tuple: { protocol: "ICMP", src: { ip: "10.244.3.3", port: 0 }, dst: { ip: "10.96.0.1", port: 0 } },
    };
    expect(old.evaluate(node, ping, fixedChooser()).verdict.kind).toBe("local");
    expect(old.evaluate(node, packet("10.244.3.3", "10.96.0.1", 22), fixedChooser()).verdict.kind).toBe(
      "local",
    );
    expect(old.evaluate(node, packet("10.244.3.3", "8.8.8.8", 53), fixedChooser()).verdict.kind).toBe(
      "no-match",
    );
  });

  it("masquerades off-cluster clients of a ClusterIP and hairpin traffic, not pod-to-service traffic", () => {
    const node = ipvsNode([kubernetes, web]);
    expect(mode.evaluate(node, packet("10.244.3.3", "10.96.0.1", 443), fixedChooser()).verdict).toMatchObject(
      { masquerade: false },
    );
    expect(
      mode.evaluate(node, packet("192.168.0.2", "10.96.0.1", 443, { hook: "OUTPUT" }), fixedChooser())
        .verdict,
    ).toMatchObject({ masquerade: true });
    const hairpin = mode.evaluate(node, packet("10.244.0.9", "10.96.100.10", 80), fixedChooser()).verdict;
    expect(hairpin).toMatchObject({ kind: "dnat", to: { ip: "10.244.0.9" }, masquerade: true });
  });

  // pkg/proxy/ipvs/proxier.go writeIptablesRules: one iptables rule per ipset, not per Service.
  it("traces the proxier's iptables rule that marks the packet for SNAT", () => {
    const node = ipvsNode([kubernetes, web]);
    const masqHop = (p: ProxyPacket) =>
      mode.evaluate(node, { ...p, trace: true }, fixedChooser()).hops.find((h) => h.table === "nat");
    expect(masqHop(packet("203.0.113.9", "192.168.0.2", 30080))).toMatchObject({
      chain: "KUBE-NODE-PORT",
      rule: '-A KUBE-NODE-PORT -p tcp -m comment --comment "Kubernetes nodeport TCP port for masquerade purpose" -m set --match-set KUBE-NODE-PORT-TCP dst -j KUBE-MARK-MASQ',
    });
    expect(masqHop(packet("192.168.0.2", "10.96.0.1", 443, { hook: "OUTPUT" }))).toMatchObject({
      chain: "KUBE-SERVICES",
      rule: `-A KUBE-SERVICES ! -s ${node.clusterCIDRs[0]} -m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set KUBE-CLUSTER-IP dst,dst -j KUBE-MARK-MASQ`,
    });
    expect(masqHop(packet("10.244.0.9", "10.96.100.10", 80))).toMatchObject({
      stage: "POSTROUTING",
      chain: "KUBE-POSTROUTING",
      rule: '-A KUBE-POSTROUTING -m comment --comment "Kubernetes endpoints dst ip:port, source ip for solving hairpin purpose" -m set --match-set KUBE-LOOP-BACK dst,dst,src -j MASQUERADE',
    });
    expect(masqHop(packet("10.244.3.3", "10.96.100.10", 80))).toBeUndefined();

    // --masquerade-all adds its rule for ClusterIP traffic only; NodePorts keep KUBE-NODE-PORT.
    const all = createIpvsMode({ masqueradeAll: true });
    const allHop = (p: ProxyPacket) =>
      all.evaluate(node, { ...p, trace: true }, fixedChooser()).hops.find((h) => h.table === "nat");
    const masqueradeAllRule =
      '-A KUBE-SERVICES -m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set KUBE-CLUSTER-IP dst,dst -j KUBE-MARK-MASQ';
    expect(allHop(packet("10.244.3.3", "10.96.100.10", 80))).toMatchObject({
      chain: "KUBE-SERVICES",
      rule: masqueradeAllRule,
    });
    expect(allHop(packet("10.244.0.9", "10.96.100.10", 80))).toMatchObject({ rule: masqueradeAllRule });
    expect(allHop(packet("203.0.113.9", "192.168.0.2", 30080))).toMatchObject({ chain: "KUBE-NODE-PORT" });
  });

  // pkg/proxy/ipvs/proxier.go writeIptablesRules: the KUBE-EXTERNAL-IP set's rule marks
  // external-IP traffic in KUBE-SERVICES; load-balancer traffic jumps to KUBE-LOAD-BALANCER,
  // whose last rule marks it.
  it("traces the rule that marks external-IP and load-balancer traffic for SNAT (externalTrafficPolicy Cluster)", () => {
    const lb = svcPort("default", "lb", "", {
      clusterIPs: ["10.96.9.9"],
      nodePort: 31000,
      externalIPs: ["198.51.100.7"],
      loadBalancerIPs: ["172.18.255.200"],
      endpoints: [ep("10.244.1.20", 80, { nodeName: "other" })],
    });
    const node = ipvsNode([lb]);
    const masqHop = (dst: string) =>
      mode
        .evaluate(node, { ...packet("203.0.113.9", dst, 80), trace: true }, fixedChooser())
        .hops.find((h) => h.table === "nat");
    expect(masqHop("172.18.255.200")).toMatchObject({
      chain: "KUBE-LOAD-BALANCER",
      rule: "-A KUBE-LOAD-BALANCER -j KUBE-MARK-MASQ",
    });
    expect(masqHop("198.51.100.7")).toMatchObject({
      chain: "KUBE-SERVICES",
      rule: '-A KUBE-SERVICES -m comment --comment "Kubernetes service external ip + port for masquerade and filter purpose" -m set --match-set KUBE-EXTERNAL-IP dst,dst -j KUBE-MARK-MASQ',
    });
    for (const dst of ["172.18.255.200", "198.51.100.7"])
      expect(mode.evaluate(node, packet("203.0.113.9", dst, 80), fixedChooser()).verdict).toMatchObject({
        kind: "dnat",
        to: { ip: "10.244.1.20" },
        masquerade: true,
      });
  });

  it("externalTrafficPolicy Local: local endpoints only, client IP kept; none local: external clients hang", () => {
    const local = svcPort("default", "lb", "", {
      clusterIPs: ["10.96.9.9"],
      nodePort: 31000,
      loadBalancerIPs: ["172.18.255.200"],
      externalTrafficPolicy: "Local",
      endpoints: [
        ep("10.244.0.20", 80, { nodeName: "test-node" }),
        ep("10.244.1.20", 80, { nodeName: "other" }),
      ],
    });
    const here = ipvsNode([local]);
    for (let i = 0; i < 3; i++)
      expect(
        mode.evaluate(here, packet("203.0.113.9", "192.168.0.2", 31000), fixedChooser()).verdict,
      ).toMatchObject({
        kind: "dnat",
        to: { ip: "10.244.0.20" },
        masquerade: false,
      });
    const elsewhere = testNode([local], {
      nodeName: "third",
      nodeIPs: ["192.168.0.3"],
      clusterCIDRs: ["10.244.0.0/16"],
    });
    expect(
      mode.evaluate(elsewhere, packet("203.0.113.9", "192.168.0.3", 31000), fixedChooser()).verdict.kind,
    ).toBe("drop");
    expect(
      mode.evaluate(elsewhere, packet("203.0.113.9", "172.18.255.200", 80), fixedChooser()).verdict.kind,
    ).toBe("drop");
    // A pod still reaches the Service through the NodePort (kubernetes#97081).
    expect(
      mode.evaluate(elsewhere, packet("10.244.5.5", "192.168.0.3", 31000), fixedChooser()).verdict.kind,
    ).toBe("dnat");
  });

  it("externalTrafficPolicy Cluster masquerades NodePort traffic", () => {
    expect(
      mode.evaluate(ipvsNode(), packet("203.0.113.9", "192.168.0.2", 30080), fixedChooser()).verdict,
    ).toMatchObject({ kind: "dnat", masquerade: true });
  });
});

describe("ipvsMode properties", () => {
  it("every rule text in a trace appears in dump(node), and tracing does not change the decision", () => {
    const node = ipvsNode();
    const traceMode = createIpvsMode();
    const fastMode = createIpvsMode();
    const fastNode = ipvsNode();
    const dump = traceMode.dump(node);
    const targets: [string, string, number][] = [
      ["10.244.3.3", "10.96.0.1", 443],
      ["10.244.3.3", "10.96.100.10", 80],
      ["203.0.113.9", "192.168.0.2", 30080],
      ["10.244.3.3", "10.96.5.5", 80],
      ["10.244.3.3", "10.96.7.7", 80],
      ["10.244.0.9", "10.96.100.10", 80],
      ["10.244.3.3", "10.96.0.1", 22],
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...targets), { minLength: 1, maxLength: 20 }), (seq) => {
        for (const [src, dst, port] of seq) {
          const traced = traceMode.evaluate(node, packet(src, dst, port, { trace: true }), fixedChooser());
          const fast = fastMode.evaluate(fastNode, packet(src, dst, port), fixedChooser());
          expect(traced.verdict).toEqual(fast.verdict);
          expect(traced.hops.length).toBeGreaterThan(0);
          // ipvsadm's lines only: the masquerade rules are the proxier's iptables helpers.
          for (const h of traced.hops)
            if (h.rule !== undefined && h.table === undefined) expect(dump.split("\n")).toContain(h.rule);
        }
      }),
    );
  });
});

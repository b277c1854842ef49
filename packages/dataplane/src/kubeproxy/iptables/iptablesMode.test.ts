import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { FiveTuple, Protocol } from "../../packet/Packet.js";
import { endpoint, overallIPTablesRulesPorts, servicePort, testNode } from "../_internal/fixtures.js";
import type { Chooser, ProxyEvaluation, ProxyNode, ProxyPacket } from "../ProxyMode.js";
import { createIptablesMode } from "./iptablesMode.js";

/** kube-proxy's defaults (the settings of its proxier tests); one instance for this file. */
const iptablesMode = createIptablesMode();

import { iptablesSave } from "./iptablesRules.js";

/** Always takes the option at `index` when it exists (0: the statistic rule matches). */
function fixed(index: number, commit = true): Chooser {
  return { commit, choose: (ps) => Math.min(index, ps.length - 1) };
}

/** A deterministic chooser driven by a seed (a small LCG), for "seeded" runs. */
function seeded(seed: number, commit = true): Chooser {
  let s = seed >>> 0;
  return {
    commit,
    choose(ps) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      let u = s / 2 ** 32;
      for (let i = 0; i < ps.length; i++) {
        u -= ps[i]!;
        if (u < 0) return i;
      }
      return ps.length - 1;
    },
  };
}

/** Every outcome of `run` with its probability, by replaying each prefix of choices. */
function enumerate(run: (c: Chooser) => ProxyEvaluation): { p: number; e: ProxyEvaluation }[] {
  const out: { p: number; e: ProxyEvaluation }[] = [];
  const stack: number[][] = [[]];
  while (stack.length > 0) {
    const prefix = stack.pop()!;
    let pos = 0;
    let p = 1;
    const chooser: Chooser = {
      commit: false,
      choose(ps) {
        const pick = pos < prefix.length ? prefix[pos]! : 0;
        if (pos >= prefix.length)
          for (let j = 1; j < ps.length; j++) stack.push([...prefix.slice(0, pos), j]);
        if (pos >= prefix.length) prefix.push(0);
        pos++;
        p *= ps[pick]!;
        return pick;
      },
    };
    const e = run(chooser);
    out.push({ p, e });
  }
  return out;
}

function packet(
  src: string,
  dst: string,
  dport: number,
  extra: Partial<ProxyPacket> & { protocol?: Protocol; sport?: number } = {},
): ProxyPacket {
  const tuple: FiveTuple = {
    protocol: extra.protocol ?? "TCP",
    src: { ip: src, port: extra.sport ?? 40000 },
    dst: { ip: dst, port: dport },
  };
  return { tuple, hook: "PREROUTING", fromLocalPod: false, nowMs: 0, trace: true, ...extra };
}

const dumps = new WeakMap<ProxyNode, Set<string>>();
function dumpLines(node: ProxyNode): Set<string> {
  let lines = dumps.get(node);
  if (!lines) {
    lines = new Set(iptablesMode.dump(node).split("\n"));
    dumps.set(node, lines);
  }
  return lines;
}

function expectTraceInDump(node: ProxyNode, e: ProxyEvaluation): void {
  const lines = dumpLines(node);
  for (const hop of e.hops) {
    expect(lines, hop.rule).toContain(hop.rule);
    // The hop names the chain the rule is in (`-A <chain> ...`).
    expect(hop.chain, hop.rule).toBe(hop.rule?.split(" ")[1]);
  }
}

const overall = (): ProxyNode => testNode(overallIPTablesRulesPorts());
const POD = "10.0.1.5";
const OUTSIDE = "203.0.113.2";
const NODE_IP = "192.168.0.2";

describe("iptablesMode.evaluate: ClusterIP", () => {
  it("DNATs a pod's packet to the endpoint without SNAT, through KUBE-SERVICES, KUBE-SVC and KUBE-SEP", () => {
    const node = overall();
    const e = iptablesMode.evaluate(node, packet(POD, "172.30.0.41", 80), fixed(0));
    expect(e.verdict).toMatchObject({ kind: "dnat", to: { ip: "10.180.0.1", port: 80 }, masquerade: false });
    expect(e.hops.map((h) => h.chain)).toEqual([
      "KUBE-SERVICES",
      "KUBE-SVC-XPGD46QRK7WJZT7O",
      "KUBE-SEP-SXIVWICOYRO3J4NJ",
    ]);
    expect(e.hops[2]).toMatchObject({
      table: "nat",
      stage: "PREROUTING",
      before: { dst: { ip: "172.30.0.41", port: 80 } },
      after: { dst: { ip: "10.180.0.1", port: 80 }, src: { ip: POD } },
    });
    expectTraceInDump(node, e);
  });

  it("marks off-cluster clients (and host processes) for SNAT via the local detector", () => {
    const node = overall();
    for (const p of [
      packet(OUTSIDE, "172.30.0.41", 80),
      packet(NODE_IP, "172.30.0.41", 80, { hook: "OUTPUT" }),
    ]) {
      const e = iptablesMode.evaluate(node, p, fixed(0));
      expect(e.verdict).toMatchObject({ kind: "dnat", masquerade: true });
      expect(e.hops[1]?.rule).toContain("! -s 10.0.0.0/8 -j KUBE-MARK-MASQ");
      expect(e.hops[2]?.rule).toBe("-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000");
      expectTraceInDump(node, e);
    }
  });

  it("masquerades hairpin traffic (an endpoint reaching itself through its Service)", () => {
    const node = overall();
    const e = iptablesMode.evaluate(node, packet("10.180.0.1", "172.30.0.41", 80), fixed(0));
    expect(e.verdict).toMatchObject({ kind: "dnat", masquerade: true });
    expect(e.hops.map((h) => h.rule)).toContain(
      "-A KUBE-SEP-SXIVWICOYRO3J4NJ -m comment --comment ns1/svc1:p80 -s 10.180.0.1 -j KUBE-MARK-MASQ",
    );
    expectTraceInDump(node, e);
  });

  it("REJECTs a Service without endpoints in filter KUBE-SERVICES (connection refused)", () => {
    const node = overall();
    const e = iptablesMode.evaluate(node, packet(POD, "172.30.0.46", 80), fixed(0));
    expect(e.verdict).toMatchObject({ kind: "reject", reason: "ns6/svc6:p80 has no endpoints" });
    expect(e.hops).toEqual([
      expect.objectContaining({ table: "filter", stage: "FORWARD", chain: "KUBE-SERVICES" }),
    ]);
    expectTraceInDump(node, e);
    const fromHost = iptablesMode.evaluate(
      node,
      packet(NODE_IP, "172.30.0.46", 80, { hook: "OUTPUT" }),
      fixed(0),
    );
    expect(fromHost.verdict.kind).toBe("reject");
    expect(fromHost.hops[0]?.stage).toBe("OUTPUT");
  });

  it("DROPs internalTrafficPolicy Local on a node without local endpoints", () => {
    const sp = servicePort("ns1", "svc1", "p80", {
      clusterIPs: ["172.30.0.41"],
      internalTrafficPolicy: "Local",
      endpoints: [endpoint("10.180.0.1", 80, { nodeName: "node-b" })],
    });
    const here = testNode([sp]);
    const e = iptablesMode.evaluate(here, packet(POD, "172.30.0.41", 80), fixed(0));
    expect(e.verdict).toMatchObject({ kind: "drop", reason: "ns1/svc1:p80 has no local endpoints" });
    expectTraceInDump(here, e);
    const onB = testNode([sp], { nodeName: "node-b" });
    expect(iptablesMode.evaluate(onB, packet(POD, "172.30.0.41", 80), fixed(0)).verdict.kind).toBe("dnat");
  });

  it("does not match ICMP or ports the Service does not define, and binds no address", () => {
    const node = overall();
    expect(
      iptablesMode.evaluate(node, packet(POD, "172.30.0.41", 0, { protocol: "ICMP" }), fixed(0)).verdict,
    ).toEqual({
      kind: "no-match",
    });
    expect(iptablesMode.evaluate(node, packet(POD, "172.30.0.41", 81), fixed(0)).verdict.kind).toBe(
      "no-match",
    );
    expect(iptablesMode.isLocalAddress(node, "172.30.0.41")).toBe(false);
  });
});

describe("iptablesMode.evaluate: load balancing", () => {
  it("gives each endpoint probability 1/n, summing to 1, over every chooser outcome", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.boolean(), (n, local) => {
        const endpoints = Array.from({ length: n }, (_, i) =>
          endpoint(`10.180.${i}.${(i * 7) % 250}`, 8080, { nodeName: "test-node" }),
        );
        const sp = servicePort("ns", "web", "", {
          clusterIPs: ["172.30.0.10"],
          internalTrafficPolicy: local ? "Local" : "Cluster",
          endpoints,
        });
        const node = testNode([sp]);
        const outcomes = enumerate((c) => iptablesMode.evaluate(node, packet(POD, "172.30.0.10", 80), c));
        const byEndpoint = new Map<string, number>();
        for (const { p, e } of outcomes) {
          if (e.verdict.kind !== "dnat") throw new Error(`unexpected ${e.verdict.kind}`);
          byEndpoint.set(e.verdict.endpoint.endpoint, (byEndpoint.get(e.verdict.endpoint.endpoint) ?? 0) + p);
          expectTraceInDump(node, e);
        }
        expect(byEndpoint.size).toBe(n);
        for (const p of byEndpoint.values()) expect(p).toBeCloseTo(1 / n, 9);
        expect([...byEndpoint.values()].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
      }),
    );
  });

  it("pins a client with ClientIP affinity until the timeout, without pinning while exploring", () => {
    const sp = servicePort("ns", "web", "http", {
      clusterIPs: ["172.30.0.10"],
      sessionAffinity: "ClientIP",
      stickyMaxAgeSeconds: 60,
      endpoints: [endpoint("10.180.0.1", 80), endpoint("10.180.0.2", 80), endpoint("10.180.0.3", 80)],
    });
    const node = testNode([sp]);
    const at = (nowMs: number, c: Chooser, src = POD) =>
      iptablesMode.evaluate(node, packet(src, "172.30.0.10", 80, { nowMs }), c);
    const ip = (e: ProxyEvaluation) => (e.verdict.kind === "dnat" ? e.verdict.to.ip : e.verdict.kind);

    expect(ip(at(0, fixed(1, false)))).toBe("10.180.0.3"); // exploring: nothing remembered
    expect(ip(at(0, fixed(0)))).toBe("10.180.0.1");
    const pinned = at(30_000, fixed(1));
    expect(ip(pinned)).toBe("10.180.0.1");
    expect(pinned.hops[1]?.rule).toContain("--rcheck --seconds 60 --reap -j KUBE-SEP-");
    expectTraceInDump(node, pinned);
    expect(ip(at(30_000, fixed(1), "10.0.9.9"))).toBe("10.180.0.3"); // another client is not pinned
    expect(ip(at(200_000, fixed(1)))).toBe("10.180.0.3"); // refreshed at 30s, expired by 200s
  });
});

describe("iptablesMode.evaluate: external traffic", () => {
  const etpLocal = servicePort("ns2", "svc2", "p80", {
    clusterIPs: ["172.30.0.42"],
    nodePort: 3001,
    externalTrafficPolicy: "Local",
    loadBalancerIPs: ["1.2.3.4"],
    healthCheckNodePort: 30000,
    endpoints: [endpoint("10.180.0.2", 80, { nodeName: "test-node" })],
  });

  it("keeps the client IP for externalTrafficPolicy Local on a node with a local endpoint", () => {
    const node = testNode([etpLocal]);
    for (const p of [packet(OUTSIDE, NODE_IP, 3001), packet(OUTSIDE, "1.2.3.4", 80)]) {
      const e = iptablesMode.evaluate(node, p, fixed(0));
      expect(e.verdict).toMatchObject({ kind: "dnat", masquerade: false, to: { ip: "10.180.0.2" } });
      expect(e.hops.some((h) => h.rule === "-A KUBE-EXT-GNZBNJ2PO5MGZ6GT -j KUBE-SVL-GNZBNJ2PO5MGZ6GT")).toBe(
        true,
      );
      expectTraceInDump(node, e);
    }
  });

  it("drops external traffic for externalTrafficPolicy Local on a node without one, but not a pod's", () => {
    const node = overall(); // ns2/svc2's only endpoint is not on test-node
    const nodePort = iptablesMode.evaluate(node, packet(OUTSIDE, NODE_IP, 3001), fixed(0));
    expect(nodePort.verdict).toMatchObject({ kind: "drop" });
    expect(nodePort.hops.at(-1)).toMatchObject({
      table: "filter",
      stage: "INPUT",
      chain: "KUBE-EXTERNAL-SERVICES",
    });
    expectTraceInDump(node, nodePort);
    const lb = iptablesMode.evaluate(node, packet(OUTSIDE, "1.2.3.4", 80), fixed(0));
    expect(lb.verdict.kind).toBe("drop");
    expect(lb.hops.at(-1)?.stage).toBe("FORWARD");
    const fromPod = iptablesMode.evaluate(node, packet(POD, NODE_IP, 3001), fixed(0));
    expect(fromPod.verdict).toMatchObject({ kind: "dnat", masquerade: false, to: { ip: "10.180.0.2" } });
    expectTraceInDump(node, fromPod);
  });

  it("masquerades externalTrafficPolicy Cluster, including localhost NodePorts", () => {
    const node = overall();
    const e = iptablesMode.evaluate(node, packet(OUTSIDE, NODE_IP, 3003), fixed(0));
    expect(e.verdict).toMatchObject({ kind: "dnat", masquerade: true, to: { ip: "10.180.0.3", port: 80 } });
    expectTraceInDump(node, e);
    const local = iptablesMode.evaluate(
      node,
      packet("127.0.0.1", "127.0.0.1", 3003, { hook: "OUTPUT" }),
      fixed(0),
    );
    expect(local.verdict).toMatchObject({ kind: "dnat", masquerade: true });
    expect(local.hops.map((h) => h.rule)).toContain(
      "-A KUBE-NODEPORTS -m comment --comment ns3/svc3:p80 -m tcp -p tcp -d 127.0.0.0/8 --dport 3003 -m nfacct --nfacct-name localhost_nps_accepted_pkts -j KUBE-EXT-X27LE4BHSL4DOUIK",
    );
    expectTraceInDump(node, local);
  });

  it("enforces loadBalancerSourceRanges through KUBE-FW and KUBE-PROXY-FIREWALL", () => {
    const node = overall();
    const allowed = iptablesMode.evaluate(node, packet("203.0.113.2", "5.6.7.8", 80), fixed(0));
    expect(allowed.verdict).toMatchObject({ kind: "dnat", masquerade: true, to: { ip: "10.180.0.3" } });
    expectTraceInDump(node, allowed);
    const blocked = iptablesMode.evaluate(node, packet("203.0.113.130", "5.6.7.8", 80), fixed(0));
    expect(blocked.verdict.kind).toBe("drop");
    expect(blocked.hops.map((h) => h.chain)).toEqual([
      "KUBE-SERVICES",
      "KUBE-FW-NUKIZ6OKUXPJNT4C",
      "KUBE-PROXY-FIREWALL",
    ]);
    expectTraceInDump(node, blocked);
  });

  it("rejects NodePorts and external IPs of a Service without endpoints in KUBE-EXTERNAL-SERVICES", () => {
    const sp = servicePort("ns1", "svc1", "p80", {
      clusterIPs: ["172.30.0.41"],
      nodePort: 3001,
      externalIPs: ["192.168.99.11"],
    });
    const node = testNode([sp]);
    for (const p of [packet(OUTSIDE, NODE_IP, 3001), packet(OUTSIDE, "192.168.99.11", 80)]) {
      const e = iptablesMode.evaluate(node, p, fixed(0));
      expect(e.verdict.kind).toBe("reject");
      expect(e.hops.at(-1)?.chain).toBe("KUBE-EXTERNAL-SERVICES");
      expectTraceInDump(node, e);
    }
  });
});

describe("iptablesMode: dump and evaluate agree", () => {
  const node = overall();
  const dsts: [string, number][] = [
    ["172.30.0.41", 80],
    ["172.30.0.42", 80],
    ["172.30.0.44", 80],
    ["172.30.0.45", 80],
    ["172.30.0.46", 80],
    ["192.168.99.22", 80],
    ["192.168.99.33", 80],
    ["1.2.3.4", 80],
    ["5.6.7.8", 80],
    [NODE_IP, 3001],
    [NODE_IP, 3002],
    [NODE_IP, 3003],
    [NODE_IP, 30000],
    ["127.0.0.1", 3002],
  ];
  const srcs = [POD, OUTSIDE, "203.0.113.130", NODE_IP, "10.180.0.3", "10.180.0.4", "127.0.0.1"];

  it("traces only rules of the dump, and tracing never changes the verdict", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...dsts),
        fc.constantFrom(...srcs),
        fc.constantFrom<"PREROUTING" | "OUTPUT">("PREROUTING", "OUTPUT"),
        fc.nat(1000),
        ([dst, port], src, hook, seed) => {
          const traced = iptablesMode.evaluate(node, packet(src, dst, port, { hook }), seeded(seed, false));
          expectTraceInDump(node, traced);
          const fast = iptablesMode.evaluate(
            node,
            packet(src, dst, port, { hook, trace: false }),
            seeded(seed, false),
          );
          expect(fast.hops).toEqual([]);
          expect(fast.verdict).toEqual(traced.verdict);
          expect(traced.verdict.kind === "dnat").toBe(traced.hops.at(-1)?.after !== undefined);
        },
      ),
    );
  });
});

describe("createIptablesMode: each instance owns its caches", () => {
  const svc1 = (): ProxyPacket => packet(POD, "172.30.0.41", 80);
  const masqueradeAllRule =
    '-A KUBE-SVC-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j KUBE-MARK-MASQ';

  it("gives two modes with different settings, used in turn on one node, each their own rules", () => {
    const node = overall();
    const plain = createIptablesMode();
    const masqueradeAll = createIptablesMode({ masqueradeAll: true });
    // Interleaved: each mode in turn caches plans and rule lines for the same service ports.
    const before = plain.evaluate(node, svc1(), fixed(0));
    const all = masqueradeAll.evaluate(node, svc1(), fixed(0));
    const plainDump = plain.dump(node);
    const allDump = masqueradeAll.dump(node);
    const after = plain.evaluate(node, svc1(), fixed(0));

    expect(plainDump).toBe(iptablesSave(node));
    expect(allDump).toBe(iptablesSave(node, { masqueradeAll: true }));
    expect(allDump.split("\n")).toContain(masqueradeAllRule);
    expect(plainDump.split("\n")).not.toContain(masqueradeAllRule);

    expect(all.verdict).toMatchObject({ kind: "dnat", masquerade: true });
    expect(all.hops.map((h) => h.rule)).toContain(masqueradeAllRule);
    for (const hop of all.hops) expect(allDump.split("\n")).toContain(hop.rule);
    for (const e of [before, after]) {
      expect(e.verdict).toMatchObject({ kind: "dnat", masquerade: false });
      expect(e.hops.map((h) => h.chain)).toEqual([
        "KUBE-SERVICES",
        "KUBE-SVC-XPGD46QRK7WJZT7O",
        "KUBE-SEP-SXIVWICOYRO3J4NJ",
      ]);
      for (const hop of e.hops) expect(plainDump.split("\n")).toContain(hop.rule);
    }
  });

  it("answers from its own cached outcomes: equal to another instance's, never the same objects", () => {
    const node = overall();
    const a = createIptablesMode();
    const b = createIptablesMode();
    // An external IP: the general walk, whose outcomes are cached (ClusterIPs build theirs fresh).
    const p = packet(POD, "192.168.99.33", 80, { trace: false });
    const fromA = a.evaluate(node, p, fixed(0));
    const fromB = b.evaluate(node, p, fixed(0));
    expect(fromB).toEqual(fromA);
    expect(fromB).not.toBe(fromA);
    expect(a.evaluate(node, p, fixed(0))).toBe(fromA);
    expect(b.evaluate(node, p, fixed(0))).toBe(fromB);
  });
});

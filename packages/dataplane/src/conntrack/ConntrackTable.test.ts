import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { FiveTuple, Protocol } from "../packet/Packet.js";
import { ConntrackTable, conntrackMaxFor, DEFAULT_CONNTRACK_MAX } from "./ConntrackTable.js";

function tuple(protocol: Protocol, src: string, dst: string): FiveTuple {
  const [sip, sport] = src.split(":");
  const [dip, dport] = dst.split(":");
  return { protocol, src: { ip: sip!, port: Number(sport) }, dst: { ip: dip!, port: Number(dport) } };
}

const S = 1000;
const client = "10.244.1.5:40000";
const clusterIP = "10.96.0.20:80";
const backend = "10.244.2.7:8080";

describe("ConntrackTable: NAT sticks to the flow", () => {
  it("finds a flow by its original tuple and un-NATs its reply tuple", () => {
    const ct = new ConntrackTable();
    const original = tuple("TCP", client, clusterIP);
    ct.create(original, tuple("TCP", client, backend), 0);
    const out = ct.lookup(original, 1);
    expect(out?.direction).toBe("original");
    expect(out?.translated).toEqual(tuple("TCP", client, backend));
    const back = ct.lookup(tuple("TCP", backend, client), 1);
    expect(back?.direction).toBe("reply");
    // The client sees the ClusterIP answer.
    expect(back?.translated).toEqual(tuple("TCP", clusterIP, client));
    expect(ct.lookup(tuple("TCP", client, "10.96.0.20:81"), 1)).toBeUndefined();
  });

  it("with SNAT the reply goes to the node's address and back to the client", () => {
    const ct = new ConntrackTable();
    const original = tuple("TCP", "192.168.1.9:50000", "10.0.0.2:30080");
    ct.create(original, tuple("TCP", "10.0.0.2:50000", backend), 0);
    const back = ct.lookup(tuple("TCP", backend, "10.0.0.2:50000"), 0);
    expect(back?.translated).toEqual(tuple("TCP", "10.0.0.2:30080", "192.168.1.9:50000"));
  });

  it("the packet walk's FlowTable view: add, find, and a closed flow is a new connection", () => {
    const ct = new ConntrackTable();
    const original = tuple("TCP", client, clusterIP);
    ct.add(original, { dnat: { ip: "10.244.2.7", port: 8080 }, snat: { ip: "10.244.1.5", port: 40000 } }, 0);
    expect(ct.find(original, 10 * S)).toEqual({
      dnat: { ip: "10.244.2.7", port: 8080 },
      snat: { ip: "10.244.1.5", port: 40000 },
    });
    expect(ct.close(original, 10 * S)).toBe(true);
    expect(ct.find(original, 11 * S)).toBeUndefined();
    expect(ct.lookup(original, 11 * S)?.entry.state).toBe("TIME_WAIT");
  });
});

describe("ConntrackTable: a connection refused with a RST", () => {
  // nf_conntrack_proto_tcp.c: a RST in the reply direction moves SYN_SENT to CLOSE, and
  // tcp_timeouts[TCP_CONNTRACK_CLOSE] is 10 s.
  it("is CLOSE, its reply seen but never assured, for 10 s; it translates no later packet", () => {
    const ct = new ConntrackTable();
    const original = tuple("TCP", client, clusterIP);
    ct.add(
      original,
      { dnat: { ip: "10.244.2.7", port: 8080 }, snat: { ip: "10.244.1.5", port: 40000 } },
      0,
      "reset",
    );
    const entry = ct.lookup(original, 0)?.entry;
    expect(entry?.state).toBe("CLOSE");
    expect(entry?.seenReply).toBe(true);
    expect(entry?.assured).toBe(false);
    expect(ct.find(original, 1)).toBeUndefined();
    expect(ct.lookup(original, 10 * S - 1)?.entry.state).toBe("CLOSE");
    expect(ct.lookup(original, 10 * S)).toBeUndefined();
    expect(ct.size(10 * S)).toBe(0);
  });
});

describe("ConntrackTable: timeouts on the virtual clock", () => {
  it("TCP: SYN_SENT 120 s unanswered; ESTABLISHED 86400 s (kube-proxy); TIME_WAIT 120 s after close", () => {
    const ct = new ConntrackTable();
    const syn = tuple("TCP", client, clusterIP);
    ct.create(syn, tuple("TCP", client, backend), 0);
    expect(ct.lookup(syn, 120 * S - 1)?.entry.state).toBe("SYN_SENT");
    expect(ct.lookup(syn, 120 * S)).toBeUndefined();

    const flow = tuple("TCP", "10.244.1.5:40001", clusterIP);
    ct.create(flow, tuple("TCP", "10.244.1.5:40001", backend), 0);
    ct.reply(flow, 0);
    const e = ct.lookup(flow, 0)!.entry;
    expect([e.state, e.assured, e.seenReply, e.expiresAtMs]).toEqual(["ESTABLISHED", true, true, 86400 * S]);
    // A packet refreshes the timeout.
    ct.touch(flow, 80000 * S);
    expect(ct.lookup(flow, 86400 * S + 5)).toBeDefined();
    ct.close(flow, 90000 * S);
    expect(ct.lookup(flow, 90000 * S + 120 * S - 1)).toBeDefined();
    expect(ct.lookup(flow, 90000 * S + 120 * S)).toBeUndefined();
  });

  it("UDP: 30 s, extended to the 120 s stream timeout (and ASSURED) once replied and active past 2 s", () => {
    const ct = new ConntrackTable();
    const dns = tuple("UDP", "10.244.1.5:53000", "10.96.0.10:53");
    ct.create(dns, tuple("UDP", "10.244.1.5:53000", "10.244.0.3:53"), 0);
    expect(ct.lookup(dns, 30 * S)).toBeUndefined();

    ct.create(dns, tuple("UDP", "10.244.1.5:53000", "10.244.0.3:53"), 100 * S);
    ct.reply(dns, 100 * S);
    ct.touch(dns, 101 * S);
    expect(ct.lookup(dns, 101 * S)?.entry.assured).toBe(false);
    ct.touch(dns, 103 * S);
    const e = ct.lookup(dns, 103 * S)!.entry;
    expect([e.assured, e.expiresAtMs]).toEqual([true, 223 * S]);
  });

  it("frees expired entries lazily: the table does not grow with dead flows", () => {
    const ct = new ConntrackTable();
    for (let i = 0; i < 5000; i++) {
      const t = tuple("UDP", `10.244.1.5:${10000 + (i % 50000)}`, "10.96.0.10:53");
      ct.create(t, tuple("UDP", `10.244.1.5:${10000 + (i % 50000)}`, "10.244.0.3:53"), i * S);
    }
    // At t = 4999 s only the last 30 s of flows are alive.
    expect(ct.size(4999 * S)).toBe(30);
  });

  it("a shorter timeout after a state change frees the entry on time (TIME_WAIT after ESTABLISHED)", () => {
    const ct = new ConntrackTable();
    const flow = tuple("TCP", client, clusterIP);
    ct.create(flow, tuple("TCP", client, backend), 0);
    ct.reply(flow, 0);
    ct.close(flow, 1 * S);
    expect(ct.size(121 * S)).toBe(0);
  });

  it("property: an entry is visible exactly until its last refresh plus its timeout", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ port: fc.integer({ min: 1, max: 5 }), gapMs: fc.integer({ min: 0, max: 40 * S }) }),
          {
            maxLength: 60,
          },
        ),
        fc.integer({ min: 0, max: 100 * S }),
        (ops, extraMs) => {
          const ct = new ConntrackTable();
          const last = new Map<number, number>();
          let now = 0;
          for (const { port, gapMs } of ops) {
            now += gapMs;
            const t = tuple("UDP", `10.244.1.5:${port}`, "10.96.0.10:53");
            if (!ct.touch(t, now)) ct.create(t, t, now);
            last.set(port, now);
          }
          const at = now + extraMs;
          const expected = [...last].filter(([, ts]) => at < ts + 30 * S).map(([p]) => p);
          const live = ct.entries(at).map((e) => e.original.src.port);
          expect(live).toEqual(expected.sort((a, b) => a - b));
        },
      ),
    );
  });
});

describe("ConntrackTable: the packet walk's find/add path at scale", () => {
  it("100,000 flows (some sharing an index hash) are each found both ways, then all expire", () => {
    // 200,000 index keys in a 30-bit hash space: a dozen collisions are expected, so the
    // shared-slot paths run next to the common one.
    const ct = new ConntrackTable({ maxEntries: 1_000_000 });
    const flows: { sent: FiveTuple; to: string }[] = [];
    for (let i = 0; i < 100_000; i++) {
      const src = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}:40000`;
      const sent = tuple("TCP", src, `10.96.0.${i % 200}:80`);
      const to = `10.244.${i % 9}.${i % 251}:8080`;
      // As the packet walk does (a `find` that misses, then `add`), and without the `find`.
      if (i % 2 === 0 && ct.find(sent, 0) !== undefined)
        throw new Error(`flow ${i} found before it was added`);
      ct.add(sent, { dnat: tuple("TCP", src, to).dst, snat: sent.src }, 0);
      flows.push({ sent, to });
    }
    expect(ct.size(1)).toBe(100_000);
    // Checked in bulk (an expect per flow would dominate the test's time).
    const wrong = flows.filter(({ sent, to }) => {
      const [ip, port] = to.split(":") as [string, string];
      const found = ct.find(sent, 1);
      const reply = ct.lookup(tuple("TCP", to, `${sent.src.ip}:${sent.src.port}`), 1);
      return (
        found?.dnat.ip !== ip ||
        found.dnat.port !== Number(port) ||
        reply?.direction !== "reply" ||
        reply.entry.original !== ct.lookup(sent, 1)?.entry.original ||
        reply.entry.state !== "ESTABLISHED"
      );
    });
    expect(wrong.length).toBe(0);
    // Half of them closed: TIME_WAIT, then gone 120 s later; the rest live out the day.
    for (const { sent } of flows.slice(0, 50_000)) ct.close(sent, 10 * S);
    expect(ct.size(131 * S)).toBe(50_000);
    expect(flows.filter(({ sent }) => ct.lookup(sent, 131 * S) !== undefined).length).toBe(50_000);
    expect(ct.size(86_400 * S + 1)).toBe(0);
    expect(flows.filter(({ sent }) => ct.lookup(sent, 86_400 * S + 1) !== undefined).length).toBe(0);
    expect(ct.entries(86_400 * S + 1)).toEqual([]);
  });
});

describe("ConntrackTable: reused entries", () => {
  it("a flow's entry is reused once it is gone, but never one a caller was handed", () => {
    const ct = new ConntrackTable();
    const flow = (client: number) => tuple("TCP", `10.244.1.${client}:40000`, "10.96.0.10:80");
    const to = tuple("TCP", "10.244.2.1:8080", "10.244.2.1:8080").dst;
    ct.add(flow(1), { dnat: to, snat: flow(1).src }, 0);
    ct.add(flow(2), { dnat: to, snat: flow(2).src }, 0);
    const held = ct.lookup(flow(1), 0)!.entry;
    // A day later both flows are gone; two new ones take their place.
    ct.add(flow(3), { dnat: to, snat: flow(3).src }, 86_401 * S);
    ct.add(flow(4), { dnat: to, snat: flow(4).src }, 86_401 * S);
    expect(held.original).toEqual(flow(1));
    expect(held.createdAtMs).toBe(0);
    expect(ct.entries(86_401 * S).map((e) => e.original.src.ip)).toEqual(["10.244.1.3", "10.244.1.4"]);
    expect(ct.find(flow(1), 86_401 * S)).toBeUndefined();
    expect(ct.find(flow(4), 86_401 * S)?.dnat).toEqual(to);
  });

  it("property: walk-style flows (add, find, close, expiry, lookups) behave as a model table", () => {
    type Op =
      | {
          readonly op: "add";
          readonly client: number;
          readonly backend: number;
          readonly protocol: Protocol;
          readonly replied: boolean;
        }
      | { readonly op: "find" | "close" | "lookup"; readonly client: number }
      | { readonly op: "wait"; readonly seconds: number };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({
        op: fc.constant("add" as const),
        client: fc.nat({ max: 7 }),
        backend: fc.nat({ max: 2 }),
        protocol: fc.constantFrom<Protocol>("TCP", "TCP", "UDP"),
        replied: fc.boolean(),
      }),
      fc.record({
        op: fc.constantFrom("find" as const, "close" as const, "lookup" as const),
        client: fc.nat({ max: 7 }),
      }),
      fc.record({ op: fc.constant("wait" as const), seconds: fc.constantFrom(1, 29, 31, 119, 121, 86_401) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
        const ct = new ConntrackTable();
        // client -> its flow: [protocol, dnat, expiresAtMs, TIME_WAIT]
        const model = new Map<
          number,
          { protocol: Protocol; dnat: string; expires: number; closed: boolean }
        >();
        const held: { entry: ReturnType<ConntrackTable["create"]>; snapshot: string }[] = [];
        let now = 5_000;
        const snapshot = (e: ReturnType<ConntrackTable["create"]>) =>
          JSON.stringify([e.original, e.translated, e.createdAtMs]);
        const sent = (client: number, protocol: Protocol) =>
          tuple(protocol, `10.244.1.${client}:40000`, "10.96.0.10:80");
        for (const o of ops) {
          if (o.op === "wait") {
            now += o.seconds * S;
            continue;
          }
          const m = model.get(o.client);
          const live = m !== undefined && m.expires > now ? m : undefined;
          if (o.op === "add") {
            const dnat = `10.244.2.${o.backend}:8080`;
            ct.add(
              sent(o.client, o.protocol),
              { dnat: tuple("TCP", dnat, dnat).dst, snat: sent(o.client, o.protocol).src },
              now,
              o.replied,
            );
            // The new flow replaces the client's old one (same tuple) if the protocol matches.
            if (live && live.protocol !== o.protocol) {
              // A different protocol is another tuple: keep the model to one flow per client.
              model.delete(o.client);
              ct.delete(sent(o.client, live.protocol));
            }
            const timeout = o.protocol === "UDP" ? 30 : o.replied ? 86_400 : 120;
            model.set(o.client, { protocol: o.protocol, dnat, expires: now + timeout * S, closed: false });
          } else if (o.op === "find") {
            const protocol = live?.protocol ?? "TCP";
            const found = ct.find(sent(o.client, protocol), now);
            const expected = live && !live.closed ? live.dnat : undefined;
            expect(found && `${found.dnat.ip}:${found.dnat.port}`).toBe(expected);
          } else if (o.op === "close") {
            const closed = ct.close(sent(o.client, "TCP"), now);
            expect(closed).toBe(live?.protocol === "TCP");
            if (live?.protocol === "TCP")
              model.set(o.client, { ...live, expires: now + 120 * S, closed: true });
          } else {
            const match = ct.lookup(sent(o.client, live?.protocol ?? "TCP"), now);
            expect(match && `${match.entry.translated.dst.ip}:${match.entry.translated.dst.port}`).toBe(
              live?.dnat,
            );
            if (match) held.push({ entry: match.entry, snapshot: snapshot(match.entry) });
          }
        }
        expect(ct.size(now)).toBe([...model.values()].filter((m) => m.expires > now).length);
        // An entry a caller was handed is never reused for another flow.
        for (const h of held) expect(snapshot(h.entry)).toBe(h.snapshot);
        ct.size(now + 200_000 * S);
        for (const h of held) expect(snapshot(h.entry)).toBe(h.snapshot);
      }),
      { numRuns: 300 },
    );
  });
});

describe("ConntrackTable: addresses and ports as given", () => {
  it("keeps address texts exactly, IPv4 in any spelling and IPv6 alike", () => {
    // Canonical IPv4 addresses are stored as numbers and printed back; any other text
    // (a leading zero, IPv6) is kept as it came.
    const ct = new ConntrackTable();
    const flows = [
      tuple("TCP", "10.244.1.5:40000", "10.96.0.20:80"),
      tuple("TCP", "010.244.1.5:40000", "10.96.0.20:80"),
      { protocol: "UDP", src: { ip: "fd00::5", port: 40000 }, dst: { ip: "fd00::20", port: 53 } },
    ] satisfies FiveTuple[];
    for (const f of flows) ct.create(f, f, 0);
    expect(ct.size(0)).toBe(3);
    for (const f of flows) expect(ct.lookup(f, 0)?.entry.original).toEqual(f);
    expect(ct.entries(0).map((e) => e.original.src.ip)).toEqual(["10.244.1.5", "010.244.1.5", "fd00::5"]);
    // "010.244.1.5" is another address text than "10.244.1.5": another flow.
    expect(ct.delete(flows[1]!)).toBe(true);
    expect(ct.lookup(flows[0]!, 0)).toBeDefined();
  });

  it("a deleted IPv6 flow's tuples are free for a new flow the other way round", () => {
    const ct = new ConntrackTable();
    const out: FiveTuple = {
      protocol: "UDP",
      src: { ip: "fd00::5", port: 40000 },
      dst: { ip: "fd00::20", port: 53 },
    };
    const back: FiveTuple = { protocol: "UDP", src: out.dst, dst: out.src };
    ct.create(out, out, 0);
    expect(ct.delete(out)).toBe(true);
    // The new flow's reply tuple is the deleted flow's original one.
    ct.create(back, back, 0);
    expect(ct.lookup(out, 0)?.direction).toBe("reply");
    expect(ct.entries(0).map((e) => e.original)).toEqual([back]);
  });

  it("rejects a port outside 0-65535 with the value it got", () => {
    const ct = new ConntrackTable();
    const bad = tuple("TCP", "10.244.1.5:70000", "10.96.0.20:80");
    expect(() => ct.create(bad, bad, 0)).toThrow(
      "ConntrackTable: a port must be an integer in 0-65535, got 70000",
    );
    expect(ct.size(0)).toBe(0);
  });

  it("an entry a caller holds keeps its last state after its flow is gone", () => {
    const ct = new ConntrackTable();
    const f = tuple("TCP", client, clusterIP);
    const held = ct.create(f, tuple("TCP", client, backend), 0, { mark: 0x4000 });
    ct.reply(f, 1 * S);
    expect(held.state).toBe("ESTABLISHED");
    ct.close(f, 2 * S);
    // TIME_WAIT ends at 122 s; a new flow then takes the freed entry.
    ct.create(tuple("TCP", "10.244.1.6:1", clusterIP), tuple("TCP", "10.244.1.6:1", backend), 200 * S);
    expect([held.state, held.seenReply, held.assured, held.mark, held.expiresAtMs]).toEqual([
      "TIME_WAIT",
      true,
      true,
      0x4000,
      122 * S,
    ]);
    expect(ct.lookup(f, 200 * S)).toBeUndefined();
  });
});

describe("ConntrackTable.deleteUDP (kubernetes pkg/proxy/conntrack/cleanup_test.go TestCleanStaleEntries)", () => {
  const svcIP = "172.30.1.1";
  const extIP = "192.168.99.100";
  const lbIP = "1.2.3.4";
  const serving = "10.240.0.4";
  const nonServing = "10.240.1.5";
  const deleted = "10.240.2.6";
  const cleanup = {
    serviceIPs: [svcIP, lbIP, extIP],
    port: 8000,
    nodePort: 32000,
    servingEndpoints: [`${serving}:9090`],
  };

  it("deletes UDP entries to the service's frontends whose backend is not a serving endpoint, and nothing else", () => {
    const ct = new ConntrackTable();
    const expectedLeft: string[] = [];
    let sport = 1000;
    const add = (protocol: Protocol, dst: string, replySrc: string, keep: boolean) => {
      const src = `10.0.0.1:${sport++}`;
      const original = tuple(protocol, src, dst);
      ct.create(original, tuple(protocol, src, replySrc), 0);
      if (keep) expectedLeft.push(`${protocol} ${src} ${dst}`);
    };
    // An endpoint that moved from port 8080 to 9090 on the same IP: stale.
    for (const ip of [svcIP, lbIP, extIP]) add("UDP", `${ip}:8000`, `${serving}:8080`, false);
    for (const backendIP of [serving, nonServing, deleted]) {
      for (const protocol of ["TCP", "UDP", "SCTP"] as const) {
        for (const ip of [svcIP, lbIP, extIP]) {
          for (const port of [8000, 3000]) {
            add(
              protocol,
              `${ip}:${port}`,
              `${backendIP}:9090`,
              !(protocol === "UDP" && port === 8000 && backendIP !== serving),
            );
          }
        }
        add(protocol, `10.0.0.9:32000`, `${backendIP}:9090`, !(protocol === "UDP" && backendIP !== serving));
      }
    }
    // Entries that were never DNATed (no endpoints when they were made): stale on the service port.
    for (const ip of [svcIP, lbIP, extIP]) {
      for (const port of [8000, 3000]) add("UDP", `${ip}:${port}`, `${ip}:${port}`, port !== 8000);
    }
    const before = ct.size(1);
    const n = ct.deleteUDP(cleanup, 1);
    expect(n).toBe(before - expectedLeft.length);
    const left = ct
      .entries(1)
      .map(
        (e) =>
          `${e.original.protocol} ${e.original.src.ip}:${e.original.src.port} ${e.original.dst.ip}:${e.original.dst.port}`,
      );
    expect(left.sort()).toEqual(expectedLeft.sort());
  });

  it("a service port without serving endpoints cleans nothing (TestServiceWithoutEndpoints)", () => {
    const ct = new ConntrackTable();
    ct.create(tuple("UDP", "10.0.0.1:1", `${svcIP}:8000`), tuple("UDP", "10.0.0.1:1", `${deleted}:9090`), 0);
    expect(ct.deleteUDP({ ...cleanup, servingEndpoints: [] })).toBe(0);
    expect(ct.deleteUDP([cleanup])).toBe(1);
  });
});

describe("ConntrackTable.dump: conntrack -L", () => {
  it("prints entries in a fixed order in libnetfilter_conntrack's format, the summary on stderr", () => {
    const ct = new ConntrackTable();
    const udp = tuple("UDP", "10.244.1.5:53000", "10.96.0.10:53");
    ct.create(udp, tuple("UDP", "10.244.1.5:53000", "10.244.0.3:53"), 0);
    const tcp = tuple("TCP", client, clusterIP);
    ct.create(tcp, tuple("TCP", client, backend), 0);
    ct.reply(tcp, 0);
    const tcp2 = tuple("TCP", "10.244.1.10:40000", clusterIP);
    ct.create(tcp2, tuple("TCP", "10.0.0.1:40000", backend), 0);
    ct.create(
      tuple("ICMP", "10.244.1.5:7", "10.244.2.7:0"),
      tuple("ICMP", "10.244.1.5:7", "10.244.2.7:0"),
      0,
    );
    const { stdout, stderr } = ct.dump(1000);
    expect(stdout).toBe(
      [
        "icmp     1 29 src=10.244.1.5 dst=10.244.2.7 type=8 code=0 id=7 [UNREPLIED] src=10.244.2.7 dst=10.244.1.5 type=0 code=0 id=7 mark=0 use=1",
        "tcp      6 86399 ESTABLISHED src=10.244.1.5 dst=10.96.0.20 sport=40000 dport=80 src=10.244.2.7 dst=10.244.1.5 sport=8080 dport=40000 [ASSURED] mark=0 use=1",
        "tcp      6 119 SYN_SENT src=10.244.1.10 dst=10.96.0.20 sport=40000 dport=80 [UNREPLIED] src=10.244.2.7 dst=10.0.0.1 sport=8080 dport=40000 mark=0 use=1",
        "udp      17 29 src=10.244.1.5 dst=10.96.0.10 sport=53000 dport=53 [UNREPLIED] src=10.244.0.3 dst=10.244.1.5 sport=53 dport=53000 mark=0 use=1",
        "",
      ].join("\n"),
    );
    expect(stderr).toBe("conntrack v1.4.8 (conntrack-tools): 4 flow entries have been shown.\n");
    expect(ct.dump(1000)).toEqual({ stdout, stderr });
  });
});

describe("ConntrackTable: nf_conntrack_max", () => {
  it("kube-proxy's limit is max(32768 per core, 131072)", () => {
    expect(conntrackMaxFor(1)).toBe(131072);
    expect(conntrackMaxFor(4)).toBe(131072);
    expect(conntrackMaxFor(8)).toBe(262144);
    expect(new ConntrackTable().maxEntries).toBe(DEFAULT_CONNTRACK_MAX);
  });

  it("admits new flows until the table is full, and again once entries expire", () => {
    const ct = new ConntrackTable({ maxEntries: 2, timeouts: { udpSeconds: 30 } });
    ct.create(tuple("UDP", "10.244.1.5:1000", clusterIP), tuple("UDP", "10.244.1.5:1000", backend), 0);
    expect(ct.admits(0)).toBe(true);
    ct.create(tuple("UDP", "10.244.1.5:1001", clusterIP), tuple("UDP", "10.244.1.5:1001", backend), 0);
    expect(ct.admits(29 * S)).toBe(false);
    expect(ct.admits(30 * S)).toBe(true);
    expect(ct.size(30 * S)).toBe(0);
  });
});

describe("ConntrackTable: the hashed index", () => {
  it("keeps finding live flows both ways, and never removed ones, while removed flows' slots refill the index", () => {
    // 20,000 flows through a window of 50 live ones: the index stays small, so the slots
    // removed rows leave behind fill it, and it is emptied and refilled from the live rows,
    // hundreds of times.
    const ct = new ConntrackTable();
    const sent = (i: number) =>
      tuple("TCP", `10.244.${(i >> 8) & 255}.${i & 255}:${40000 + (i % 7)}`, "10.96.0.10:80");
    const backend = (i: number) => `10.244.9.${i % 50}:8080`;
    const reply = (i: number) => tuple("TCP", backend(i), `${sent(i).src.ip}:${sent(i).src.port}`);
    const window = 50;
    const wrong: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      ct.add(sent(i), { dnat: tuple("TCP", backend(i), backend(i)).dst, snat: sent(i).src }, 0);
      if (i >= window) {
        const gone = i - window;
        // Deleted by either tuple, as `conntrack -D` may name either.
        expect(ct.delete(gone % 2 === 0 ? sent(gone) : reply(gone))).toBe(true);
      }
      if (i % 997 !== 0 || i < window) continue;
      for (let j = i - window + 1; j <= i; j++) {
        if (ct.find(sent(j), 0)?.dnat.ip !== backend(j).split(":")[0]) wrong.push(`find ${j}`);
        if (ct.lookup(reply(j), 0)?.direction !== "reply") wrong.push(`reply ${j}`);
      }
      for (let j = i - 2 * window; j <= i - window; j++)
        if (j >= 0 && (ct.lookup(sent(j), 0) || ct.lookup(reply(j), 0))) wrong.push(`removed ${j}`);
    }
    expect(wrong).toEqual([]);
    expect(ct.size(0)).toBe(window);
  });

  it("finds exactly the live entries a plain map of tuples would, in both directions", () => {
    const addr = fc.tuple(
      fc.constantFrom("10.244.1.5", "10.244.2.7", "10.96.0.20", "fd00::1"),
      fc.integer({ min: 1, max: 4 }),
    );
    const op = fc.record({
      delete: fc.boolean(),
      src: addr,
      dst: addr,
      protocol: fc.constantFrom<Protocol>("TCP", "UDP"),
    });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const ct = new ConntrackTable();
        const model = new Map<string, FiveTuple>();
        const key = (t: FiveTuple) => `${t.protocol} ${t.src.ip}:${t.src.port} ${t.dst.ip}:${t.dst.port}`;
        const reverse = (t: FiveTuple): FiveTuple => ({ protocol: t.protocol, src: t.dst, dst: t.src });
        for (const o of ops) {
          const t: FiveTuple = {
            protocol: o.protocol,
            src: { ip: o.src[0], port: o.src[1] },
            dst: { ip: o.dst[0], port: o.dst[1] },
          };
          if (o.delete) {
            const had = [...model.values()].find((m) => key(m) === key(t) || key(reverse(m)) === key(t));
            expect(ct.delete(t)).toBe(had !== undefined);
            if (had) model.delete(key(had));
          } else {
            // Replaces any entry whose original or reply tuple is one of the new entry's.
            for (const [k, m] of model)
              if ([key(t), key(reverse(t))].some((x) => x === key(m) || x === key(reverse(m))))
                model.delete(k);
            ct.create(t, t, 0);
            model.set(key(t), t);
          }
        }
        expect(ct.size(0)).toBe(model.size);
        for (const m of model.values()) {
          expect(ct.lookup(m, 0)?.entry.original).toEqual(m);
          expect(ct.lookup(reverse(m), 0)?.entry.original).toEqual(m);
        }
      }),
    );
  });
});

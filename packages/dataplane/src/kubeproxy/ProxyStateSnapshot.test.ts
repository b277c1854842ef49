/**
 * ProxyStateSnapshot: a snapshot built by any sequence of `withChanges` answers every lookup as
 * one built from scratch over the same ports (and as a naive scan of them would), and building
 * later snapshots never changes what an earlier one answers (a paused node's view).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Protocol } from "../packet/Packet.js";
import { endpoint, servicePort } from "./_internal/fixtures.js";
import { ProxyStateSnapshot, servicePortKey } from "./ProxyStateSnapshot.js";
import type { ServicePortInfo } from "./ServicePortInfo.js";

const IPS = ["10.96.0.1", "10.96.0.2", "10.96.0.3", "1.2.3.4"];
const UNKNOWN_IP = "10.96.9.9";
const NAMES = ["a", "b", "c", "d", "e", "f"];
const PROTOCOLS: readonly Protocol[] = ["TCP", "UDP", "SCTP"];
const PORTS = [80, 443, 8080];
const NODE_PORTS = [30000, 30001, 30002];
const HEALTH_PORTS = [31000, 31001, 31002];

/** A fresh port object: identity matters (a snapshot shares the objects it is given). */
const portArb: fc.Arbitrary<ServicePortInfo> = fc
  .record({
    name: fc.constantFrom(...NAMES),
    protocol: fc.constantFrom<ServicePortInfo["protocol"]>("TCP", "UDP"),
    port: fc.constantFrom(80, 443),
    clusterIPs: fc.array(fc.constantFrom(...IPS), { maxLength: 3 }),
    nodePort: fc.constantFrom(0, 30000, 30001),
    externalIPs: fc.array(fc.constantFrom(...IPS), { maxLength: 2 }),
    loadBalancerIPs: fc.array(fc.constantFrom(...IPS), { maxLength: 2 }),
    healthCheckNodePort: fc.constantFrom(0, 0, 31000, 31001),
    endpoints: fc.nat(3),
  })
  .map(({ name, endpoints, ...fields }) =>
    servicePort("ns", name, "", {
      ...fields,
      endpoints: Array.from({ length: endpoints }, (_, i) => endpoint(`10.244.0.${i + 1}`, 8080)),
    }),
  );

const keyArb = fc.constantFrom(...NAMES.flatMap((n) => [`ns/${n}|TCP`, `ns/${n}|UDP`]), "ns/zz|TCP");

interface Step {
  /** Index of the earlier snapshot to build from (taken modulo the snapshots so far), or the latest. */
  readonly from: number | undefined;
  readonly upserts: readonly ServicePortInfo[];
  readonly removed: readonly string[];
}

const stepArb: fc.Arbitrary<Step> = fc.record({
  from: fc.option(fc.nat(), { freq: 8 }),
  upserts: fc.oneof(
    { weight: 20, arbitrary: fc.array(portArb, { maxLength: 4 }) },
    // More changes than the journal takes: a full build.
    { weight: 1, arbitrary: fc.array(portArb, { minLength: 60, maxLength: 80 }) },
  ),
  removed: fc.array(keyArb, { maxLength: 3 }),
});

/** Every answer a snapshot gives, over the whole domain the generators use. */
function answers(s: ProxyStateSnapshot) {
  const out: unknown[] = [s.version, s.syncedAtMs, s.servicePorts(), s.endpointCount()];
  for (const ip of [...IPS, UNKNOWN_IP]) {
    out.push(s.portsOfClusterIP(ip));
    for (const protocol of PROTOCOLS)
      for (const port of PORTS)
        out.push(s.byClusterIP(ip, protocol, port), s.byExternalIP(ip, protocol, port));
  }
  for (const protocol of PROTOCOLS) for (const np of NODE_PORTS) out.push(s.byNodePort(protocol, np));
  for (const hc of HEALTH_PORTS) out.push(s.portsOfHealthCheckNodePort(hc));
  for (const name of [...NAMES, "zz"])
    for (const protocol of ["TCP", "UDP"]) out.push(s.get(`ns/${name}|${protocol}`));
  return out;
}

/** The same answers by scanning `ordered` (the ports in the order their keys were first added). */
function naiveAnswers(version: number, syncedAtMs: number, ordered: readonly ServicePortInfo[]) {
  const sorted = [...ordered].sort((a, b) =>
    a.name !== b.name
      ? a.name < b.name
        ? -1
        : 1
      : a.protocol < b.protocol
        ? -1
        : a.protocol > b.protocol
          ? 1
          : 0,
  );
  const last = <T>(xs: readonly T[]): T | undefined => xs[xs.length - 1];
  const out: unknown[] = [version, syncedAtMs, sorted, ordered.reduce((n, p) => n + p.endpoints.length, 0)];
  for (const ip of [...IPS, UNKNOWN_IP]) {
    out.push(ordered.flatMap((p) => p.clusterIPs.filter((x) => x === ip).map(() => p)));
    for (const protocol of PROTOCOLS)
      for (const port of PORTS) {
        const match = (p: ServicePortInfo) => p.protocol === protocol && p.port === port;
        out.push(
          last(ordered.filter((p) => match(p) && p.clusterIPs.includes(ip))),
          last(ordered.filter((p) => match(p) && [...p.externalIPs, ...p.loadBalancerIPs].includes(ip))),
        );
      }
  }
  for (const protocol of PROTOCOLS)
    for (const np of NODE_PORTS)
      out.push(last(ordered.filter((p) => p.protocol === protocol && p.nodePort === np)));
  for (const hc of HEALTH_PORTS) {
    out.push(sorted.filter((p) => p.healthCheckNodePort === hc));
  }
  const byKey = new Map(ordered.map((p) => [servicePortKey(p), p]));
  for (const name of [...NAMES, "zz"])
    for (const protocol of ["TCP", "UDP"]) out.push(byKey.get(`ns/${name}|${protocol}`));
  return out;
}

/** Checks `answers` element by element by identity, so shared objects must be the very same. */
function expectSame(actual: readonly unknown[], expected: readonly unknown[]): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (Array.isArray(e)) {
      expect(Array.isArray(a), `answer ${i}`).toBe(true);
      expect((a as unknown[]).length, `answer ${i}`).toBe(e.length);
      (a as unknown[]).forEach((x, j) => {
        expect(x, `answer ${i}[${j}]`).toBe(e[j]);
      });
    } else expect(a, `answer ${i}`).toBe(e);
  }
}

describe("ProxyStateSnapshot.withChanges", () => {
  it("answers as a snapshot built from scratch, and leaves every earlier snapshot as it was", () => {
    fc.assert(
      fc.property(
        fc.array(portArb, { maxLength: 8 }),
        fc.array(stepArb, { maxLength: 120 }),
        (initial, steps) => {
          // The model: a Map per snapshot, changed as the class documents (removals, then upserts).
          const first = ProxyStateSnapshot.of(1, 0, initial);
          const snapshots = [first];
          const models = [new Map(initial.map((p) => [servicePortKey(p), p]))];
          const recorded = [answers(first)];
          let latest = 0;
          steps.forEach((step, i) => {
            const from = step.from === undefined ? latest : step.from % snapshots.length;
            const version = i + 2;
            const next = (snapshots[from] as ProxyStateSnapshot).withChanges(
              version,
              version * 1000,
              step.upserts,
              step.removed,
            );
            const model = new Map(models[from]);
            for (const key of step.removed) model.delete(key);
            for (const p of step.upserts) model.set(servicePortKey(p), p);
            const ordered = [...model.values()];
            const got = answers(next);
            expectSame(got, answers(ProxyStateSnapshot.of(version, version * 1000, ordered)));
            expectSame(got, naiveAnswers(version, version * 1000, ordered));
            snapshots.push(next);
            models.push(model);
            recorded.push(got);
            latest = snapshots.length - 1;
          });
          snapshots.forEach((s, i) => {
            expectSame(answers(s), recorded[i] as unknown[]);
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it("orders the ports of a ClusterIP as their keys were first added: a replaced port keeps its place, a re-added one goes last", () => {
    const ip = "10.96.0.10";
    const a = servicePort("ns", "svc", "a", { clusterIPs: [ip], port: 80 });
    const b = servicePort("ns", "svc", "b", { clusterIPs: [ip], port: 81 });
    const c = servicePort("ns", "svc", "c", { clusterIPs: [ip], port: 82 });
    const s1 = ProxyStateSnapshot.of(1, 0, [b, a]);
    expect(s1.portsOfClusterIP(ip)).toEqual([b, a]);
    const b2 = { ...b, endpoints: [endpoint("10.244.0.1", 8080)] };
    const s2 = s1.withChanges(2, 1000, [c, b2], []);
    expect(s2.portsOfClusterIP(ip)).toEqual([b2, a, c]);
    const s3 = s2.withChanges(3, 2000, [b], [servicePortKey(b)]);
    expect(s3.portsOfClusterIP(ip)).toEqual([a, c, b]);
    // servicePorts() sorts by name whatever the order of addition.
    expect(s3.servicePorts()).toEqual([a, b, c]);
    expect(s1.portsOfClusterIP(ip)).toEqual([b, a]);
    expect(s2.portsOfClusterIP(ip)).toEqual([b2, a, c]);
  });

  it("keeps an old snapshot's answers through thousands of later syncs (a node paused for long)", () => {
    const ports = Array.from({ length: 50 }, (_, i) =>
      servicePort("ns", `svc-${i}`, "", { clusterIPs: [`10.96.1.${i}`], nodePort: 30000 + i }),
    );
    let s = ProxyStateSnapshot.of(1, 0, ports);
    const paused = s;
    const pausedAnswers = ports.map((p, i) => [paused.byClusterIP(`10.96.1.${i}`, "TCP", 80), p]);
    let latest = ports;
    for (let v = 2; v < 5000; v++) {
      const i = v % 7; // a few Services flap, many times each
      const changed = { ...(latest[i] as ServicePortInfo), endpoints: [endpoint(`10.244.0.${v % 200}`, 80)] };
      latest = latest.map((p, j) => (j === i ? changed : p));
      s = s.withChanges(v, v, [changed], []);
    }
    for (const [got, want] of pausedAnswers) expect(got).toBe(want);
    ports.forEach((p, i) => {
      expect(paused.byClusterIP(`10.96.1.${i}`, "TCP", 80)).toBe(p);
      expect(paused.byNodePort("TCP", 30000 + i)).toBe(p);
      expect(s.byClusterIP(`10.96.1.${i}`, "TCP", 80)).toBe(latest[i]);
    });
  });

  it("indexes health check node ports in servicePorts() order and counts endpoints", () => {
    const common = { clusterIPs: ["10.96.0.42"], healthCheckNodePort: 31000 };
    const https = servicePort("ns", "lb", "https", {
      ...common,
      port: 443,
      endpoints: [endpoint("10.244.0.1", 8443)],
    });
    const http = servicePort("ns", "lb", "http", {
      ...common,
      endpoints: [endpoint("10.244.0.1", 8080), endpoint("10.244.0.2", 8080)],
    });
    const s1 = ProxyStateSnapshot.of(1, 0, [https]);
    const s2 = s1.withChanges(2, 1000, [http], []);
    expect(s2.portsOfHealthCheckNodePort(31000)).toEqual([http, https]);
    expect(s2.endpointCount()).toBe(3);
    const s3 = s2.withChanges(3, 2000, [], [servicePortKey(https)]);
    expect(s3.portsOfHealthCheckNodePort(31000)).toEqual([http]);
    expect(s3.endpointCount()).toBe(2);
    expect(s3.portsOfHealthCheckNodePort(31001)).toEqual([]);
    expect(s1.portsOfHealthCheckNodePort(31000)).toEqual([https]);
  });
});

import { type KubeObject, RandomStreams } from "@kubesim/core";
import type { DNSRecord, WorkloadContext, WorkloadRequest } from "@kubesim/dataplane";
import { describe, expect, it } from "vitest";
import type { ClusterDNSRecords, DNSAnswer } from "./ClusterDNSRecords.js";
import { coreDNSWorkload, loadbalance, matchCoreDNS } from "./coreDNSWorkload.js";

const A = (ip: string): DNSRecord => ({ name: "web.", type: "A", ttl: 30, data: ip });
const fakeRecords = {
  answer: (): DNSAnswer => ({
    rcode: "NOERROR",
    authoritative: true,
    answers: [A("10.0.0.1"), A("10.0.0.2"), A("10.0.0.3")],
    authority: [],
    additional: [],
  }),
} as unknown as ClusterDNSRecords;

const ctx = (image: string): WorkloadContext => ({
  pod: { apiVersion: "v1", kind: "Pod", metadata: { name: "coredns-1" } } as KubeObject,
  container: { name: "coredns", image },
  hostname: "coredns-1",
  nowMs: 0,
});

const http = (port: number, path: string): WorkloadRequest => ({
  protocol: "TCP",
  local: { ip: "10.244.1.2", port },
  peer: { ip: "10.244.1.9", port: 40000 },
  request: { kind: "http", method: "GET", path, headers: [], body: "" },
});

describe("coreDNSWorkload", () => {
  it("runs in containers whose image base name is coredns, on 53/UDP, 53/TCP, 9153, 8080 and 8181", () => {
    const match = matchCoreDNS(fakeRecords);
    expect(match(ctx("registry.k8s.io/coredns/coredns:v1.12.0"))).toBeDefined();
    expect(match(ctx("nginx:1.27"))).toBeUndefined();
    expect(
      coreDNSWorkload(fakeRecords)
        .listens(ctx("coredns"))
        .map((l) => `${l.port}/${l.protocol}`),
    ).toEqual(["53/UDP", "53/TCP", "9153/TCP", "8080/TCP", "8181/TCP"]);
  });

  it("answers /health on 8080 and /ready on 8181 with OK, metrics with its version; other paths 404", () => {
    const w = coreDNSWorkload(fakeRecords);
    const c = ctx("registry.k8s.io/coredns/coredns:v1.12.0");
    expect(w.handle(c, http(8080, "/health"))).toMatchObject({ status: 200, body: "OK" });
    expect(w.handle(c, http(8181, "/ready"))).toMatchObject({ status: 200, body: "OK" });
    expect(w.handle(c, http(8080, "/"))).toMatchObject({ status: 404, body: "404 page not found\n" });
    const metrics = w.handle(c, http(9153, "/metrics"));
    expect(metrics.kind === "http" && metrics.body).toContain('version="1.12.0"} 1');
  });

  it("answers a DNS query with the records' reply and the query's id", () => {
    const w = coreDNSWorkload(fakeRecords);
    const reply = w.handle(ctx("coredns"), {
      protocol: "UDP",
      local: { ip: "10.244.1.2", port: 53 },
      peer: { ip: "10.244.1.9", port: 40000 },
      request: { kind: "dns", id: 4242, question: { name: "web.", type: "A" }, recursionDesired: true },
    });
    expect(reply).toMatchObject({ kind: "dns", id: 4242, rcode: "NOERROR", authoritative: true });
  });

  it("loadbalance shuffles address records with the seeded stream (same seed, same order), CNAMEs stay first", () => {
    const records: DNSRecord[] = [
      { name: "x.", type: "CNAME", ttl: 30, data: "web." },
      ...Array.from({ length: 6 }, (_, i) => A(`10.0.0.${i}`)),
    ];
    const run = () => loadbalance(records, new RandomStreams(7).stream("coredns")).map((r) => r.data);
    const first = run();
    expect(first).toEqual(run());
    expect(first[0]).toBe("web.");
    expect([...first.slice(1)].sort()).toEqual(records.slice(1).map((r) => r.data));
    const orders = new Set<string>();
    const stream = new RandomStreams(7).stream("coredns");
    for (let i = 0; i < 20; i++)
      orders.add(
        loadbalance(records, stream)
          .map((r) => r.data)
          .join(","),
      );
    expect(orders.size).toBeGreaterThan(1);
  });
});

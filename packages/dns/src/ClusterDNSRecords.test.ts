import { installApiServer, type KubeObject, Simulation, serviceCIDRObject } from "@kubesim/core";
import { describe, expect, it } from "vitest";
import { ClusterDNSRecords, type ClusterDNSRecordsOptions } from "./ClusterDNSRecords.js";

/** A simulation with the API server's admission and a few namespaces; no controllers. */
function setup(options: Omit<ClusterDNSRecordsOptions, "sim"> = {}) {
  const sim = new Simulation({ seed: 1, startTime: "2025-01-01T00:00:00Z" });
  installApiServer(sim, { serviceCIDRs: ["10.96.0.0/12"], nodePortRange: "30000-32767" });
  sim.store.transaction((tx) => {
    for (const name of ["default", "kube-system", "other"])
      tx.create({ apiVersion: "v1", kind: "Namespace", metadata: { name } });
    tx.create(
      serviceCIDRObject(
        { serviceCIDRs: ["10.96.0.0/12"], nodePortRange: "30000-32767" },
        sim.clock.nowTimestamp(),
      ),
    );
  });
  const records = new ClusterDNSRecords({ sim, ...options });
  return { sim, records };
}

function service(name: string, spec: Record<string, unknown>, namespace = "default"): KubeObject {
  return { apiVersion: "v1", kind: "Service", metadata: { name, namespace }, spec };
}

function slice(
  service: string,
  endpoints: { ip: string; ready?: boolean; hostname?: string }[],
  ports: { name?: string; port: number; protocol?: string }[],
  namespace = "default",
): KubeObject {
  return {
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: { name: `${service}-abcde`, namespace, labels: { "kubernetes.io/service-name": service } },
    addressType: "IPv4",
    endpoints: endpoints.map((e) => ({
      addresses: [e.ip],
      conditions: { ready: e.ready ?? true },
      ...(e.hostname ? { hostname: e.hostname } : {}),
    })),
    ports: ports.map((p) => ({ protocol: "TCP", ...p })),
  } as unknown as KubeObject;
}

const SERIAL = Date.UTC(2025, 0, 1) / 1000;
const SOA = `ns.dns.cluster.local. hostmaster.cluster.local. ${SERIAL} 7200 1800 86400 30`;

describe("ClusterDNSRecords (kubernetes/dns docs/specification.md, CoreDNS plugin/kubernetes)", () => {
  it("answers a ClusterIP Service's A record with its ClusterIP, TTL 30, owned by the name as asked (spec 2.3.1)", () => {
    const { sim, records } = setup();
    sim.store.create(
      service("kubernetes", {
        clusterIP: "10.96.0.1",
        ports: [{ name: "https", port: 443, protocol: "TCP" }],
      }),
    );
    const r = records.answer({ name: "Kubernetes.Default.SVC.cluster.local.", type: "A" });
    expect(r).toEqual({
      rcode: "NOERROR",
      authoritative: true,
      answers: [{ name: "Kubernetes.Default.SVC.cluster.local.", type: "A", ttl: 30, data: "10.96.0.1" }],
      authority: [],
      additional: [],
    });
  });

  it("NODATA (NOERROR, the zone's SOA) for an existing name of another type; NXDOMAIN for a missing Service or namespace", () => {
    const { sim, records } = setup();
    sim.store.create(service("web", { clusterIP: "10.96.0.20", ports: [{ port: 80 }] }));
    const soa = { name: "cluster.local.", type: "SOA", ttl: 30, data: SOA };
    expect(records.answer({ name: "web.default.svc.cluster.local.", type: "AAAA" })).toMatchObject({
      rcode: "NOERROR",
      answers: [],
      authority: [soa],
    });
    for (const name of [
      "nope.default.svc.cluster.local.",
      "web.nosuchns.svc.cluster.local.",
      "web.cluster.local.",
      "a.b.c.web.default.svc.cluster.local.",
    ])
      expect(records.answer({ name, type: "A" }), name).toMatchObject({
        rcode: "NXDOMAIN",
        authoritative: true,
        authority: [soa],
      });
    // The namespace's own name and the apex exist (NODATA).
    expect(records.answer({ name: "default.svc.cluster.local.", type: "A" })).toMatchObject({
      rcode: "NOERROR",
      answers: [],
    });
    expect(records.answer({ name: "cluster.local.", type: "A" })).toMatchObject({
      rcode: "NOERROR",
      answers: [],
    });
    expect(records.answer({ name: "cluster.local.", type: "SOA" }).answers).toEqual([soa]);
  });

  it("SRV for named ports: priority 0, weight 100, target the Service, its address as additional (spec 2.3.2)", () => {
    const { sim, records } = setup();
    sim.store.create(
      service("kubernetes", {
        clusterIP: "10.96.0.1",
        ports: [
          { name: "https", port: 443, protocol: "TCP" },
          { name: "admin", port: 8443, protocol: "TCP" },
        ],
      }),
    );
    const r = records.answer({ name: "_https._tcp.kubernetes.default.svc.cluster.local.", type: "SRV" });
    expect(r.answers).toEqual([
      {
        name: "_https._tcp.kubernetes.default.svc.cluster.local.",
        type: "SRV",
        ttl: 30,
        data: "0 100 443 kubernetes.default.svc.cluster.local.",
      },
    ]);
    expect(r.additional).toEqual([
      { name: "kubernetes.default.svc.cluster.local.", type: "A", ttl: 30, data: "10.96.0.1" },
    ]);
    // Unnamed ports have no SRV of their own; the wrong protocol matches nothing.
    sim.store.create(service("unnamed", { clusterIP: "10.96.0.2", ports: [{ port: 80, protocol: "TCP" }] }));
    expect(records.answer({ name: "_http._tcp.unnamed.default.svc.cluster.local.", type: "SRV" }).rcode).toBe(
      "NXDOMAIN",
    );
    expect(
      records.answer({ name: "_https._udp.kubernetes.default.svc.cluster.local.", type: "SRV" }).rcode,
    ).toBe("NXDOMAIN");
    // The bare Service name answers SRV for every port, weight split between them.
    expect(
      records
        .answer({ name: "kubernetes.default.svc.cluster.local.", type: "SRV" })
        .answers.map((a) => a.data),
    ).toEqual([
      "0 50 443 kubernetes.default.svc.cluster.local.",
      "0 50 8443 kubernetes.default.svc.cluster.local.",
    ]);
  });

  it("a headless Service answers its ready endpoints, NXDOMAIN with none; endpoints by hostname or dashed IP (spec 2.4)", () => {
    const { sim, records } = setup();
    sim.store.create(service("headless", { clusterIP: "None", ports: [{ name: "https", port: 443 }] }));
    expect(records.answer({ name: "headless.default.svc.cluster.local.", type: "A" }).rcode).toBe("NXDOMAIN");
    sim.store.create(
      slice(
        "headless",
        [{ ip: "10.244.1.1", hostname: "my-pet" }, { ip: "10.244.1.2" }, { ip: "10.244.2.3", ready: false }],
        [{ name: "https", port: 443 }],
      ),
    );
    const a = records.answer({ name: "headless.default.svc.cluster.local.", type: "A" });
    expect(a.answers.map((x) => x.data)).toEqual(["10.244.1.1", "10.244.1.2"]);
    expect(
      records
        .answer({ name: "my-pet.headless.default.svc.cluster.local.", type: "A" })
        .answers.map((x) => x.data),
    ).toEqual(["10.244.1.1"]);
    expect(
      records
        .answer({ name: "10-244-1-2.headless.default.svc.cluster.local.", type: "A" })
        .answers.map((x) => x.data),
    ).toEqual(["10.244.1.2"]);
    expect(records.answer({ name: "10-244-2-3.headless.default.svc.cluster.local.", type: "A" }).rcode).toBe(
      "NXDOMAIN",
    );
    const srv = records.answer({ name: "_https._tcp.headless.default.svc.cluster.local.", type: "SRV" });
    expect(srv.answers.map((x) => x.data)).toEqual([
      "0 50 443 my-pet.headless.default.svc.cluster.local.",
      "0 50 443 10-244-1-2.headless.default.svc.cluster.local.",
    ]);
    expect(srv.additional.map((x) => `${x.name} ${x.data}`)).toEqual([
      "my-pet.headless.default.svc.cluster.local. 10.244.1.1",
      "10-244-1-2.headless.default.svc.cluster.local. 10.244.1.2",
    ]);
    // PTR of an endpoint names it under the Service (spec 2.4.3).
    expect(
      records.answer({ name: "1.1.244.10.in-addr.arpa.", type: "PTR" }).answers.map((x) => x.data),
    ).toEqual(["my-pet.headless.default.svc.cluster.local."]);
  });

  it("follows an EndpointSlice's updates: addresses that go, come, turn unready or change hostname", () => {
    const { sim, records } = setup();
    sim.store.create(service("headless", { clusterIP: "None", ports: [{ port: 80 }] }));
    const created = sim.store.create(
      slice("headless", [{ ip: "10.244.1.1" }, { ip: "10.244.1.2" }, { ip: "10.244.1.3" }], [{ port: 80 }]),
    );
    const ptr = (ip: string) =>
      records
        .answer({ name: `${ip.split(".").reverse().join(".")}.in-addr.arpa.`, type: "PTR" })
        .answers.map((x) => x.data);
    const a = () =>
      records.answer({ name: "headless.default.svc.cluster.local.", type: "A" }).answers.map((x) => x.data);
    expect(a()).toEqual(["10.244.1.1", "10.244.1.2", "10.244.1.3"]);
    // .1 stays but gets a hostname, .2 turns unready, .3 goes, .4 comes.
    const next = slice(
      "headless",
      [{ ip: "10.244.1.1", hostname: "web-0" }, { ip: "10.244.1.2", ready: false }, { ip: "10.244.1.4" }],
      [{ port: 80 }],
    );
    sim.store.update({ ...next, metadata: created.metadata });
    expect(a()).toEqual(["10.244.1.1", "10.244.1.4"]);
    expect(ptr("10.244.1.1")).toEqual(["web-0.headless.default.svc.cluster.local."]);
    expect(ptr("10.244.1.2")).toEqual([]);
    expect(ptr("10.244.1.3")).toEqual([]);
    expect(ptr("10.244.1.4")).toEqual(["10-244-1-4.headless.default.svc.cluster.local."]);
    sim.store.delete({ kind: "EndpointSlice", namespace: "default", name: "headless-abcde" });
    expect(a()).toEqual([]);
    expect(ptr("10.244.1.1")).toEqual([]);
  });

  it("PTR for a ClusterIP (spec 2.3.3); unknown addresses fall through to the outside world (NXDOMAIN, not authoritative)", () => {
    const { sim, records } = setup();
    sim.store.create(service("kubernetes", { clusterIP: "10.96.0.1", ports: [{ port: 443 }] }));
    expect(records.answer({ name: "1.0.96.10.in-addr.arpa.", type: "PTR" })).toMatchObject({
      rcode: "NOERROR",
      authoritative: true,
      answers: [{ type: "PTR", data: "kubernetes.default.svc.cluster.local." }],
    });
    expect(records.answer({ name: "9.9.96.10.in-addr.arpa.", type: "PTR" })).toMatchObject({
      rcode: "NXDOMAIN",
      authoritative: false,
    });
  });

  it("ExternalName is a CNAME, chased through the outside world for addresses (spec 2.5)", () => {
    const { sim, records } = setup();
    sim.store.create(service("foo", { type: "ExternalName", externalName: "www.example.com" }));
    expect(records.answer({ name: "foo.default.svc.cluster.local.", type: "CNAME" }).answers).toEqual([
      { name: "foo.default.svc.cluster.local.", type: "CNAME", ttl: 30, data: "www.example.com." },
    ]);
    expect(
      records
        .answer({ name: "foo.default.svc.cluster.local.", type: "A" })
        .answers.map((x) => `${x.name} ${x.type} ${x.data}`),
    ).toEqual([
      "foo.default.svc.cluster.local. CNAME www.example.com.",
      "www.example.com. CNAME example.com.",
      "example.com. A 93.184.215.14",
    ]);
  });

  it("pod A records a-b-c-d.<ns>.pod.<zone> under `pods insecure`, only in existing namespaces; `disabled` answers NXDOMAIN (spec 2.6)", () => {
    const { records } = setup();
    expect(
      records.answer({ name: "10-244-1-7.default.pod.cluster.local.", type: "A" }).answers.map((x) => x.data),
    ).toEqual(["10.244.1.7"]);
    expect(records.answer({ name: "10-244-1-7.nosuch.pod.cluster.local.", type: "A" }).rcode).toBe(
      "NXDOMAIN",
    );
    expect(records.answer({ name: "not-an-ip.default.pod.cluster.local.", type: "A" }).rcode).toBe(
      "NXDOMAIN",
    );
    const off = setup({ pods: "disabled" }).records;
    expect(off.answer({ name: "10-244-1-7.default.pod.cluster.local.", type: "A" }).rcode).toBe("NXDOMAIN");
  });

  it("the schema TXT record dns-version.<zone> (spec 2.2) with CoreDNS's TTL 28800", () => {
    const { records } = setup();
    expect(records.answer({ name: "dns-version.cluster.local.", type: "TXT" }).answers).toEqual([
      { name: "dns-version.cluster.local.", type: "TXT", ttl: 28800, data: '"1.1.0"' },
    ]);
  });

  it("names outside the zone are forwarded: example.com resolves, unknown names are NXDOMAIN; nothing is authoritative", () => {
    const { records } = setup();
    expect(records.answer({ name: "example.com.", type: "A" })).toMatchObject({
      rcode: "NOERROR",
      authoritative: false,
      answers: [{ data: "93.184.215.14" }],
    });
    expect(records.answer({ name: "no-such-host.invalid.", type: "A" })).toMatchObject({
      rcode: "NXDOMAIN",
      authoritative: false,
    });
  });

  it("follows the store: a deleted Service is NXDOMAIN, a changed ClusterIP answers the new address, and the SOA serial moves", () => {
    const { sim, records } = setup();
    sim.store.create(service("web", { clusterIP: "10.96.0.20", ports: [{ port: 80 }] }));
    sim.advance(60_000);
    sim.store.delete({ kind: "Service", namespace: "default", name: "web" });
    const r = records.answer({ name: "web.default.svc.cluster.local.", type: "A" });
    expect(r.rcode).toBe("NXDOMAIN");
    expect(r.authority[0]?.data).toContain(` ${SERIAL + 60} 7200`);
    expect(records.answer({ name: "20.0.96.10.in-addr.arpa.", type: "PTR" }).rcode).toBe("NXDOMAIN");
  });

  it("a custom cluster domain and TTL", () => {
    const { sim, records } = setup({ clusterDomain: "corp.example", ttlSeconds: 5 });
    sim.store.create(service("web", { clusterIP: "10.96.0.20", ports: [{ port: 80 }] }));
    expect(records.answer({ name: "web.default.svc.corp.example.", type: "A" }).answers).toEqual([
      { name: "web.default.svc.corp.example.", type: "A", ttl: 5, data: "10.96.0.20" },
    ]);
    expect(records.answer({ name: "web.default.svc.cluster.local.", type: "A" }).authoritative).toBe(false);
  });
});

import type { DNSQuestion, DNSRecord } from "@kubesim/dataplane";
import { describe, expect, it } from "vitest";
import {
  candidateNames,
  libcOfImage,
  type QueryReply,
  resolveName,
  resolverConfig,
  type SendQuery,
} from "./resolveName.js";

const CLUSTER = resolverConfig({
  nameservers: ["10.96.0.10"],
  searches: ["default.svc.cluster.local", "svc.cluster.local", "cluster.local"],
  options: ["ndots:5"],
});

/** A nameserver that knows `zone` (name → A addresses; an empty list is a name with no A: NODATA). */
function server(zone: Record<string, string[]>): SendQuery {
  return (_ns, q: DNSQuestion): QueryReply => {
    const ips = zone[q.name];
    if (!ips) return { outcome: "answered", rcode: "NXDOMAIN", answers: [], elapsedMs: 1 };
    const answers: DNSRecord[] =
      q.type === "A" ? ips.map((ip) => ({ name: q.name, type: "A", ttl: 30, data: ip })) : [];
    return { outcome: "answered", rcode: "NOERROR", answers, elapsedMs: 1 };
  };
}

describe("resolveName (glibc res_query.c __res_context_search, musl lookup_name.c name_from_dns_search)", () => {
  it("with ndots:5 a short name tries the search list first, then the bare name (both libcs)", () => {
    expect(candidateNames("web", CLUSTER, "glibc")).toEqual([
      "web.default.svc.cluster.local.",
      "web.svc.cluster.local.",
      "web.cluster.local.",
      "web.",
    ]);
    expect(candidateNames("web", CLUSTER, "musl")).toEqual(candidateNames("web", CLUSTER, "glibc"));
  });

  it("a name with ndots dots: glibc tries it first then searches; musl never searches; a trailing dot is absolute", () => {
    const name = "a.b.c.d.e.example";
    expect(candidateNames(name, CLUSTER, "glibc")[0]).toBe("a.b.c.d.e.example.");
    expect(candidateNames(name, CLUSTER, "glibc")).toHaveLength(4);
    expect(candidateNames(name, CLUSTER, "musl")).toEqual(["a.b.c.d.e.example."]);
    expect(candidateNames("web.default.svc.cluster.local.", CLUSTER, "glibc")).toEqual([
      "web.default.svc.cluster.local.",
    ]);
  });

  it("`data.prod` resolves through the second search suffix, and the trace lists every query with its outcome", () => {
    const r = resolveName(
      "data.prod",
      CLUSTER,
      "glibc",
      server({ "data.prod.svc.cluster.local.": ["10.96.3.3"] }),
    );
    expect(r).toMatchObject({ ok: true, ips: ["10.96.3.3"] });
    expect(r.queries.map((q) => `${q.type} ${q.name} ${q.outcome}`)).toEqual([
      "A data.prod.default.svc.cluster.local. NXDOMAIN",
      "AAAA data.prod.default.svc.cluster.local. NXDOMAIN",
      "A data.prod.svc.cluster.local. NOERROR",
      "AAAA data.prod.svc.cluster.local. NOERROR",
    ]);
  });

  it("a NODATA search candidate: glibc moves on, musl stops (EAI_NODATA)", () => {
    const zone = { "api.default.svc.cluster.local.": [], "api.": ["192.0.2.1"] };
    expect(resolveName("api", CLUSTER, "glibc", server(zone))).toMatchObject({
      ok: true,
      ips: ["192.0.2.1"],
    });
    expect(resolveName("api", CLUSTER, "musl", server(zone))).toMatchObject({
      ok: false,
      error: "not-found",
    });
  });

  it("no answer: glibc waits timeout×attempts (10 s) then fails with no further search; musl waits timeout (5 s) in all", () => {
    const silent: SendQuery = () => ({ outcome: "lost", elapsedMs: 0 });
    const g = resolveName("web", CLUSTER, "glibc", silent);
    expect(g).toMatchObject({ ok: false, error: "timeout", elapsedMs: 10_000 });
    expect(
      g.queries.filter((q) => q.type === "A").map((q) => `${q.name} ${q.outcome} @${q.sentAtMs}`),
    ).toEqual(["web.default.svc.cluster.local. timeout @0", "web.default.svc.cluster.local. timeout @5000"]);
    const m = resolveName("web", CLUSTER, "musl", silent);
    expect(m).toMatchObject({ ok: false, error: "timeout", elapsedMs: 5_000 });
    expect(m.queries.filter((q) => q.type === "A").map((q) => q.sentAtMs)).toEqual([0, 2500]);
  });

  it("an ICMP port unreachable fails glibc's try at once (its UDP socket is connected)", () => {
    const refused: SendQuery = () => ({ outcome: "refused", elapsedMs: 1 });
    expect(resolveName("web", CLUSTER, "glibc", refused)).toMatchObject({
      ok: false,
      error: "timeout",
      elapsedMs: 2,
    });
  });

  it("options timeout and attempts are read from resolv.conf (glibc's caps)", () => {
    expect(
      resolverConfig({ nameservers: [], searches: [], options: ["ndots:20", "timeout:1", "attempts:9"] }),
    ).toMatchObject({
      ndots: 15,
      timeoutSeconds: 1,
      attempts: 5,
    });
  });

  it("libc per image: alpine and -musl tags are musl; busybox's default and debian-based images glibc", () => {
    expect(libcOfImage("alpine:3.20")).toBe("musl");
    expect(libcOfImage("nginx:1.27-alpine")).toBe("musl");
    expect(libcOfImage("busybox:1.36-musl")).toBe("musl");
    expect(libcOfImage("busybox:1.36")).toBe("glibc");
    expect(libcOfImage("registry.k8s.io/e2e-test-images/agnhost:2.53")).toBe("glibc");
  });
});

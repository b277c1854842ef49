/**
 * Cluster DNS end to end: pods resolve names through their resolv.conf, with real UDP queries
 * to the kube-dns ClusterIP, through kube-proxy, to CoreDNS pods of a Deployment. Each test
 * builds a small cluster (tests/fixtures.ts), starts CoreDNS, and checks what a pod gets.
 */
import type { KubeObject } from "@kubesim/core";
import { describe, expect, it } from "vitest";
import { type DNSCluster, dnsCluster, fromPod, waitForReady, waitUntil, withCoreDNS } from "./fixtures.js";

function backend(c: DNSCluster): void {
  const labels = { app: "backend" };
  c.sim.store.create({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "backend", namespace: "default" },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: { containers: [{ name: "web", image: "nginx:1.27", ports: [{ containerPort: 80 }] }] },
      },
    },
  });
  c.sim.store.create({
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "backend-service", namespace: "default" },
    spec: { selector: labels, ports: [{ name: "http", port: 80, targetPort: 80, protocol: "TCP" }] },
  });
  waitForReady(c, "default", labels, 2);
}

function statefulPods(c: DNSCluster): string[] {
  c.sim.store.create({
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "db", namespace: "default" },
    spec: {
      clusterIP: "None",
      selector: { app: "db" },
      ports: [{ name: "pg", port: 5432, protocol: "TCP" }],
    },
  });
  for (const i of [0, 1])
    c.sim.store.create({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: `db-${i}`, namespace: "default", labels: { app: "db" } },
      spec: {
        hostname: `db-${i}`,
        subdomain: "db",
        containers: [{ name: "pg", image: "postgres:17", ports: [{ containerPort: 5432 }] }],
      },
    });
  waitForReady(c, "default", { app: "db" }, 2);
  return [0, 1].map(
    (i) => ((c.sim.store.get("Pod", "default", `db-${i}`)?.status ?? {}) as { podIP: string }).podIP,
  );
}

function clusterIP(c: DNSCluster, name: string, namespace = "default"): string {
  return ((c.sim.store.get("Service", namespace, name)?.spec ?? {}) as { clusterIP: string }).clusterIP;
}

describe("cluster DNS from pods", () => {
  it("the tutorial's three name forms reach the backend from a pod in its namespace; a short name from another namespace does not exist", () => {
    const c = dnsCluster();
    withCoreDNS(c, [fromPod("client"), fromPod("other-client", "other")]);
    backend(c);
    const ip = clusterIP(c, "backend-service");
    for (const name of [
      "backend-service",
      "backend-service.default",
      "backend-service.default.svc.cluster.local",
    ])
      expect(c.dns.resolve(name, fromPod("client")), name).toMatchObject({ ok: true, ips: [ip] });
    expect(c.dns.resolve("backend-service", fromPod("other-client", "other"))).toMatchObject({
      ok: false,
      error: "not-found",
    });
    expect(c.dns.resolve("backend-service.default", fromPod("other-client", "other"))).toMatchObject({
      ok: true,
      ips: [ip],
    });
    // wget by name goes through the resolver (dataplane.setResolver).
    const out = c.dataplane.exec({ namespace: "default", pod: "client" }, [
      "wget",
      "-qO-",
      "http://backend-service",
    ]);
    expect(out.exitCode).toBe(0);
    expect(out.stdout).toContain("Welcome to nginx!");
    expect(
      c.dataplane.exec({ namespace: "default", pod: "client" }, ["wget", "-qO-", "http://nope"]).stderr,
    ).toContain("wget: bad address 'nope'");
  });

  it("each query is a UDP packet to 10.96.0.10:53 that kube-proxy sends to a CoreDNS pod; the trace lists the search-list queries", () => {
    const c = dnsCluster();
    withCoreDNS(c, [fromPod("client")]);
    const r = c.dns.resolve("kubernetes-nope", fromPod("client"), { families: "A" });
    expect(r).toMatchObject({ ok: false, error: "not-found" });
    expect(r.queries.map((q) => `${q.name} ${q.outcome}`)).toEqual([
      "kubernetes-nope.default.svc.cluster.local. NXDOMAIN",
      "kubernetes-nope.svc.cluster.local. NXDOMAIN",
      "kubernetes-nope.cluster.local. NXDOMAIN",
      "kubernetes-nope. NXDOMAIN",
    ]);
    const trace = r.queries[0]?.trace;
    expect(trace?.sent).toMatchObject({ protocol: "UDP", dst: { ip: "10.96.0.10", port: 53 } });
    expect(trace?.backend).toMatchObject({ namespace: "kube-system", container: "coredns" });
    expect(trace?.response).toMatchObject({ kind: "dns", rcode: "NXDOMAIN", authoritative: true });
  });

  it("headless Services: ready pod IPs, hostname/subdomain records, SRV per pod; example.com resolves outside", () => {
    const c = dnsCluster();
    withCoreDNS(c, [fromPod("client"), fromPod("far", "other")]);
    const ips = statefulPods(c);
    for (const from of [fromPod("client"), fromPod("far", "other")]) {
      const all = c.dns.resolve("db.default.svc.cluster.local", from);
      expect(all.ok && [...all.ips].sort()).toEqual([...ips].sort());
      expect(c.dns.resolve("db-0.db.default.svc.cluster.local", from)).toMatchObject({
        ok: true,
        ips: [ips[0]],
      });
    }
    const srv = c.dns.records.answer({ name: "_pg._tcp.db.default.svc.cluster.local.", type: "SRV" });
    expect(srv.answers.map((a) => a.data).sort()).toEqual([
      "0 50 5432 db-0.db.default.svc.cluster.local.",
      "0 50 5432 db-1.db.default.svc.cluster.local.",
    ]);
    expect(c.dns.resolve("example.com", fromPod("client"))).toMatchObject({
      ok: true,
      ips: ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c"],
    });
    expect(
      c.dns.resolve(`${ips[0]?.replace(/\./g, "-")}.default.pod.cluster.local`, fromPod("far", "other")),
    ).toMatchObject({
      ok: true,
      ips: [ips[0]],
    });
  });

  it("the pod's /etc/resolv.conf in its tool environment", () => {
    const c = dnsCluster();
    withCoreDNS(c, [fromPod("client", "team-a")]);
    const origin = fromPod("client", "team-a");
    const env = c.dns.extendToolEnvironment(c.dataplane.toolEnvironment(origin), origin);
    expect(env.readFile("/etc/resolv.conf")).toBe(
      "search team-a.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n",
    );
    expect(env.readFile("/etc/hostname")).toBe("client\n");
    expect(env.resolve("kube-dns.kube-system")).toEqual({ ok: true, ips: ["10.96.0.10"] });
  });

  it("without CoreDNS pods lookups fail after the resolver's retries; they recover when CoreDNS runs again", () => {
    const c = dnsCluster();
    withCoreDNS(c, [fromPod("client")]);
    expect(c.dns.resolve("kube-dns.kube-system", fromPod("client")).ok).toBe(true);
    const scale = (replicas: number) =>
      c.sim.store.mutate({ kind: "Deployment", namespace: "kube-system", name: "coredns" }, (d) => {
        (d.spec as { replicas: number }).replicas = replicas;
      });
    scale(0);
    waitUntil(c, "no CoreDNS pods", () => c.sim.store.list("Pod", { namespace: "kube-system" }).length === 0);
    waitUntil(c, "kube-proxy sync", () => !c.dataplane.proxy.pendingChanges());
    const down = c.dns.resolve("kube-dns.kube-system", fromPod("client"));
    expect(down).toMatchObject({ ok: false, error: "timeout" });
    // glibc: attempts:2 tries of the first candidate, A and AAAA, each refused by kube-proxy's REJECT; then it stops.
    expect(down.queries.map((q) => `${q.type} ${q.outcome}`)).toEqual([
      "A refused",
      "A refused",
      "AAAA refused",
      "AAAA refused",
    ]);
    scale(2);
    waitForReady(c, "kube-system", { "k8s-app": "kube-dns" }, 2);
    expect(c.dns.resolve("kube-dns.kube-system", fromPod("client"))).toMatchObject({
      ok: true,
      ips: ["10.96.0.10"],
    });
  });

  it("a Default-policy pod uses the node's resolver: cluster names do not exist there, outside names do", () => {
    const c = dnsCluster();
    withCoreDNS(c, []);
    const pod: KubeObject = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "hosty", namespace: "default", labels: { role: "hosty" } },
      spec: {
        dnsPolicy: "Default",
        containers: [{ name: "c", image: "busybox:1.36", command: ["sleep", "infinity"] }],
      },
    };
    c.sim.store.create(pod);
    waitForReady(c, "default", { role: "hosty" }, 1);
    expect(c.dns.resolve("kube-dns.kube-system.svc.cluster.local", fromPod("hosty"))).toMatchObject({
      ok: false,
      error: "not-found",
    });
    expect(c.dns.resolve("example.com", fromPod("hosty"), { families: "A" })).toMatchObject({
      ok: true,
      ips: ["93.184.215.14"],
    });
  });
});

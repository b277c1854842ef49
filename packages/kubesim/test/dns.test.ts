/**
 * Cluster DNS as a user of `createCluster` meets it: CoreDNS runs as kubeadm deploys it, pods
 * get kubelet's resolv.conf, and tools in pods resolve names with real queries through the
 * kube-dns Service (packages/dns has the record-level tests).
 */
import { createCluster } from "@kubesim/kubesim";
import { describe, expect, it } from "vitest";
import {
  apply,
  clientPod,
  kubectlOk,
  netCluster,
  netexecDeployment,
  service,
  waitForReady,
  waitForRunning,
  waitUntil,
} from "./dataplane/fixtures.js";

type C = ReturnType<typeof netCluster>;

const coreDNSReady = (c: C) =>
  (c.sim.store.get("Deployment", "kube-system", "coredns")?.status as { readyReplicas?: number } | undefined)
    ?.readyReplicas === 2;

function tutorialCluster() {
  const c = netCluster({ seed: 5 });
  apply(
    c,
    netexecDeployment({ name: "backend", replicas: 2 }),
    service({
      name: "backend-service",
      selector: { app: "backend" },
      ports: [{ port: 8080, targetPort: 8080 }],
    }),
    clientPod("test"),
  );
  waitForReady(c, { app: "backend" }, 2);
  waitForRunning(c, "test");
  c.sim.advance(2_000);
  return c;
}

describe("cluster DNS in a kubesim cluster", () => {
  it("runs CoreDNS as kubeadm deploys it: 2 ready replicas behind kube-dns, with the Corefile ConfigMap", () => {
    const c = netCluster();
    expect(kubectlOk(c, "get deployment coredns -n kube-system")).toMatch(/^coredns\s+2\/2\s+2\s+2\s/m);
    expect(kubectlOk(c, "get endpointslices -n kube-system -l kubernetes.io/service-name=kube-dns")).toMatch(
      /53,53,9153/,
    );
    const corefile = kubectlOk(c, "get cm coredns -n kube-system -o jsonpath={.data.Corefile}");
    expect(corefile).toContain("kubernetes cluster.local in-addr.arpa ip6.arpa {");
    expect(corefile).toContain("ttl 30");
  });

  it("the tutorial's three name forms reach backend-service from a test pod; a short name from another namespace does not", () => {
    const c = tutorialCluster();
    for (const name of [
      "backend-service",
      "backend-service.default",
      "backend-service.default.svc.cluster.local",
    ]) {
      const r = c.kubectl(["exec", "test", "--", "wget", "-qO-", "-T", "2", `http://${name}:8080/hostname`]);
      expect(r.exitCode, name).toBe(0);
      expect(r.stdout, name).toMatch(/^backend-[a-z0-9]+-[a-z0-9]{5}$/);
    }
    kubectlOk(c, "create namespace other");
    apply(c, { ...clientPod("elsewhere"), metadata: { name: "elsewhere", namespace: "other" } });
    waitForRunning(c, "elsewhere", "other");
    const wgetFromOther = (url: string) =>
      c.kubectl(["exec", "-n", "other", "elsewhere", "--", "wget", "-qO-", "-T", "2", url]);
    const short = wgetFromOther("http://backend-service:8080/");
    expect(short.exitCode).toBe(1);
    expect(short.stderr).toContain("wget: bad address 'backend-service'");
    const qualified = wgetFromOther("http://backend-service.default:8080/hostname");
    expect(qualified.exitCode).toBe(0);
  });

  it("pods read kubelet's resolv.conf; a Default-policy pod gets the node's", () => {
    const c = tutorialCluster();
    expect(kubectlOk(c, "exec test -- cat /etc/resolv.conf")).toBe(
      "search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n",
    );
    const coredns = c.sim.store.list("Pod", { namespace: "kube-system" })[0]!;
    expect(c.dns.resolvConf(coredns)).not.toContain("10.96.0.10");
  });

  it("without CoreDNS pods lookups time out; they recover once the Deployment runs them again", () => {
    const c = tutorialCluster();
    const lookup = () => c.kubectl("exec test -- nslookup backend-service.default.svc.cluster.local");
    expect(lookup().exitCode).toBe(0);
    kubectlOk(c, "scale deployment coredns -n kube-system --replicas=0");
    waitUntil(c, "CoreDNS gone", () => c.sim.store.list("Pod", { namespace: "kube-system" }).length === 0);
    c.sim.advance(2_000);
    const down = lookup();
    expect(down.exitCode).toBe(1);
    expect(down.stdout).toContain(";; connection timed out; no servers could be reached");
    expect(
      c.kubectl(["exec", "test", "--", "wget", "-qO-", "-T", "2", "http://backend-service:8080/"]).stderr,
    ).toContain("wget: bad address 'backend-service'");
    kubectlOk(c, "scale deployment coredns -n kube-system --replicas=2");
    waitUntil(c, "CoreDNS ready", () => coreDNSReady(c));
    c.sim.advance(2_000);
    expect(lookup().stdout).toMatch(/Name:\tbackend-service\.default\.svc\.cluster\.local\nAddress: 10\./);
  });

  it("deleted CoreDNS pods are replaced by their ReplicaSet and names resolve again", () => {
    const c = tutorialCluster();
    kubectlOk(c, "delete pods -n kube-system -l k8s-app=kube-dns");
    waitUntil(c, "CoreDNS ready", () => coreDNSReady(c));
    c.sim.advance(2_000);
    expect(c.kubectl("exec test -- nslookup backend-service.default.svc.cluster.local").exitCode).toBe(0);
  });

  it("kubesim trace NAME lists the lookup's queries, search list first (ndots:5), before the packet's hops", () => {
    const c = tutorialCluster();
    const r = c.kubesim(["trace", "--from", "pod/test", "backend-service:8080"]);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.split("\n").slice(0, 3)).toEqual([
      "lookup of backend-service: 2 DNS queries",
      `  A backend-service.default.svc.cluster.local. -> 10.96.0.10:53: NOERROR ${c.kubectl("get svc backend-service -o jsonpath={.spec.clusterIP}").stdout} (at 0.00 ms)`,
      "  AAAA backend-service.default.svc.cluster.local. -> 10.96.0.10:53: NOERROR (at 0.00 ms)",
    ]);
    const missing = c.kubesim(["trace", "--from", "pod/test", "nothere"]);
    expect(missing.exitCode).toBe(1);
    expect(missing.stdout).toMatch(/^lookup of nothere: 8 DNS queries\n/);
    expect(missing.stdout).toContain("  A nothere. -> 10.96.0.10:53: NXDOMAIN");
    expect(missing.stderr).toBe('kubesim trace: cannot resolve "nothere"\n');
  });

  it("kubesim trace --all-outcomes NAME changes nothing, its lookup neither: a twin that skipped it goes on identically", () => {
    const tried = tutorialCluster();
    const twin = tutorialCluster();
    const all = tried.kubesim(["trace", "--from", "pod/test", "--all-outcomes", "backend-service:8080"]);
    expect(all.exitCode).toBe(0);
    expect(all.stdout).toMatch(/^lookup of backend-service: 2 DNS queries\n/);
    expect(all.stdout).toContain("# outcome 2 of 2: probability 0.5");
    // The lookup and the request that follow are the same, port for port and choice for choice.
    const next = (c: C) => c.kubesim(["trace", "--from", "pod/test", "backend-service:8080"]).stdout;
    expect(next(tried)).toBe(next(twin));
    const conntrack = (c: C) =>
      c.sim.store
        .list("Node")
        .map((n) => c.dataplane.conntrack(n.metadata.name as string).dump(c.sim.nowMs).stdout);
    expect(conntrack(tried)).toEqual(conntrack(twin));
    expect(conntrack(tried).join("")).toContain("dport=53");
  });

  it("a dry-run send to an IP is the send that would follow; to a name, it changes nothing either", () => {
    const tried = tutorialCluster();
    const twin = tutorialCluster();
    const from = { kind: "pod", namespace: "default", name: "test" } as const;
    const clusterIP = kubectlOk(tried, "get svc backend-service -o jsonpath={.spec.clusterIP}");
    const byName = { from, to: "backend-service", port: 8080 } as const;
    // Its lookup is a dry run too: the real lookup's queries would first take two ports.
    expect(tried.dataplane.send({ ...byName, dryRun: true }).verdict).toBe("delivered");
    const byIP = { from, to: clusterIP, port: 8080 } as const;
    for (let i = 0; i < 4; i++) {
      const dry = tried.dataplane.send({ ...byIP, dryRun: true });
      expect(tried.dataplane.send(byIP)).toEqual(dry);
    }
    for (let i = 0; i < 4; i++) twin.dataplane.send(byIP);
    expect(tried.dataplane.send(byName)).toEqual(twin.dataplane.send(byName));
    expect(() => tried.dataplane.connect({ ...byIP, dryRun: true })).toThrow(
      "connect: dryRun is not supported (a connection takes a port); use send({ ..., dryRun: true })",
    );
  });

  it("takes the cluster domain, TTL and outside hosts from the cluster config", () => {
    const c = createCluster({
      seed: 2,
      config: {
        dns: { clusterDomain: "corp.internal", ttl: 5 },
        outside: { clientIP: "192.168.50.2", hosts: [{ name: "api.partner.test", ip: "198.51.100.7" }] },
      },
    });
    apply(c, clientPod("test"));
    waitForRunning(c, "test");
    expect(kubectlOk(c, "exec test -- cat /etc/resolv.conf")).toBe(
      "search default.svc.corp.internal svc.corp.internal corp.internal\nnameserver 10.96.0.10\noptions ndots:5\n",
    );
    expect(kubectlOk(c, "get cm coredns -n kube-system -o jsonpath={.data.Corefile}")).toContain(
      "kubernetes corp.internal in-addr.arpa ip6.arpa {",
    );
    expect(
      c.dns.records.answer({ name: "kubernetes.default.svc.corp.internal.", type: "A" }).answers[0],
    ).toMatchObject({
      data: "10.96.0.1",
      ttl: 5,
    });
    expect(kubectlOk(c, "exec test -- wget -qO- http://api.partner.test/")).toContain("api.partner.test");
    expect(c.kubectl("exec test -- wget -qO- -T 2 http://example.com/").stderr).toContain(
      "wget: bad address 'example.com'",
    );
    expect(c.kubesim(["trace", "198.51.100.7"]).stdout).toMatch(
      /^TCP 192\.168\.50\.2:\d+ -> 198\.51\.100\.7:80 from external client 192\.168\.50\.2/,
    );
  });

  it("nodes resolve through kind's upstream resolver at 172.18.0.1: outside names only", () => {
    const c = netCluster();
    const outside = c.kubesim(["node-exec", "kubesim-worker", "--", "nslookup", "example.com"]);
    expect(outside.exitCode).toBe(0);
    expect(outside.stdout).toContain("Server:\t\t172.18.0.1\n");
    expect(outside.stdout).toContain("Name:\texample.com\nAddress: 93.184.215.14\n");
    const cluster = c.kubesim([
      "node-exec",
      "kubesim-worker",
      "--",
      "nslookup",
      "kubernetes.default.svc.cluster.local",
    ]);
    expect(cluster.exitCode).toBe(1);
    expect(cluster.stdout).toContain("** server can't find kubernetes.default.svc.cluster.local: NXDOMAIN");
  });
});

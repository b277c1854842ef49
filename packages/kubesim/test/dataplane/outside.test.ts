/**
 * The world outside the nodes: hosts on the internet that pods reach through their node's
 * masquerade, and that outside clients reach directly; the pod network stays unreachable from
 * outside.
 */
import { describe, expect, it } from "vitest";
import {
  apply,
  bodyOf,
  clientPod,
  fromPod,
  httpGet,
  netCluster,
  netexecDeployment,
  service,
  waitForReady,
  waitForRunning,
} from "./fixtures.js";

const OUTSIDE = { kind: "external" as const, ip: "172.18.0.1" };

function withClient() {
  const c = netCluster({ seed: 3 });
  apply(c, clientPod("client"));
  waitForRunning(c, "client");
  return c;
}

describe("outside hosts", () => {
  it("a pod reaches example.com by name; flannel masquerades it, so the server sees the node's address", () => {
    const c = withClient();
    const wget = c.kubectl(["exec", "client", "--", "wget", "-qO-", "http://example.com/"]);
    expect(wget.exitCode).toBe(0);
    expect(wget.stdout).toContain("<title>Example Domain</title>");
    const trace = c.dataplane.send({
      from: fromPod("client"),
      to: "93.184.215.14",
      port: 80,
      request: httpGet("/"),
    });
    expect(trace.verdict).toBe("delivered");
    const node = c.dataplane.network.pod("default", "client")!.node;
    expect(trace.peerSeenByServer?.ip).toBe(c.dataplane.network.node(node)!.ips[0]);
    expect(trace.hops.some((h) => h.chain === "FLANNEL-POSTRTG")).toBe(true);
  });

  it("an outside client reaches example.com directly, and never the pod network", () => {
    const c = withClient();
    const direct = c.dataplane.send({ from: OUTSIDE, to: "93.184.215.14", port: 80, request: httpGet("/") });
    expect(direct.verdict).toBe("delivered");
    expect(bodyOf(direct)).toContain("Example Domain");
    expect(direct.peerSeenByServer?.ip).toBe("172.18.0.1");
    const podIP = c.dataplane.network.pod("default", "client")!.ip;
    const toPod = c.dataplane.send({ from: OUTSIDE, to: podIP, port: 80, timeoutMs: 1000 });
    expect(toPod.verdict).toBe("timed-out");
    expect(toPod.reason).toContain("the pod network is not routed outside the cluster");
  });

  it("nothing answers at an address no outside host has", () => {
    const c = withClient();
    const lost = c.dataplane.send({ from: fromPod("client"), to: "198.51.100.7", port: 80, timeoutMs: 1000 });
    expect(lost.verdict).toBe("timed-out");
    // conntrack keeps the unanswered SYN: SYN_SENT [UNREPLIED], not an established flow.
    const node = c.dataplane.network.pod("default", "client")!.node;
    const entry = c
      .kubesim(["node-exec", node, "--", "conntrack", "-L"])
      .stdout.split("\n")
      .find((l) => l.includes("dst=198.51.100.7"));
    expect(entry).toMatch(/^tcp {6}6 \d+ SYN_SENT .*\[UNREPLIED\]/);
    expect(entry).not.toContain("ASSURED");
  });

  it("a Service's externalIPs are routed to a Ready node, where kube-proxy takes them", () => {
    const c = withClient();
    apply(c, netexecDeployment({ name: "web", replicas: 2 }), {
      ...service({ name: "web", selector: { app: "web" }, ports: [{ port: 80, targetPort: 8080 }] }),
    });
    c.sim.store.mutate({ kind: "Service", namespace: "default", name: "web" }, (svc) => {
      (svc.spec as { externalIPs?: string[] }).externalIPs = ["198.51.100.20"];
    });
    waitForReady(c, { app: "web" }, 2);
    const t = c.dataplane.send({
      from: OUTSIDE,
      to: "198.51.100.20",
      port: 80,
      request: httpGet("/hostname"),
    });
    expect(t.verdict).toBe("delivered");
    expect(bodyOf(t)).toMatch(/^web-/);
    expect(t.hops[1]?.note).toMatch(
      /routes external IP 198\.51\.100\.20 of default\/web to node \S+ \(one of 3 Ready nodes\)/,
    );
    const other = c.dataplane.send({ from: OUTSIDE, to: "198.51.100.20", port: 81, timeoutMs: 1000 });
    expect(other.verdict).toBe("timed-out");
  });

  it("an ExternalName Service is only a DNS alias: the pod connects to the outside host itself, no kube-proxy rule", () => {
    const c = withClient();
    apply(c, {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "partner" },
      spec: { type: "ExternalName", externalName: "www.example.com" },
    });
    c.sim.advance(2_000);
    const wget = c.kubectl(["exec", "client", "--", "wget", "-qO-", "http://partner/"]);
    expect(wget.exitCode).toBe(0);
    expect(wget.stdout).toContain("<title>Example Domain</title>");
    const nslookup = c.kubectl(["exec", "client", "--", "nslookup", "partner.default.svc.cluster.local"]);
    expect(nslookup.stdout).toContain("partner.default.svc.cluster.local\tcanonical name = www.example.com");
    const trace = c.kubesim(["trace", "--from", "pod/client", "http://partner/"]).stdout;
    expect(trace).not.toContain("KUBE-SERVICES");
    expect(trace).toContain("outside the cluster: out of eth0 by the default route, to example.com");
  });
});

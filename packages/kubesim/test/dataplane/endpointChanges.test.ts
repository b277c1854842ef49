/**
 * How flows react when endpoints go away, in each kube-proxy mode:
 * - terminating-endpoint fallback (ProxyTerminatingEndpoints, GA in 1.28; pkg/proxy/topology.go
 *   `CategorizeEndpoints`): a Deployment scaled to 0 whose pods take 30 s to stop (a preStop
 *   sleep) keeps serving from its terminating pods while they still pass readiness (the
 *   EndpointSlice says ready=false, serving=true, terminating=true); once they are gone, the
 *   Service refuses;
 * - UDP: kube-proxy deletes the conntrack entries of removed UDP endpoints at its sync
 *   (pkg/proxy/conntrack/cleanup.go), so an ongoing UDP "flow" to a force-deleted pod is black-holed
 *   only until that sync and then picks a live backend; a TCP connection to it stays broken;
 * - session affinity to a removed backend is given up: the client is pinned anew to a live one.
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
  PROXY_MODES,
  podsWith,
  service,
  waitForProxySync,
  waitForReady,
  waitUntil,
} from "./fixtures.js";

describe.each(PROXY_MODES)("endpoint changes in %s mode", (mode) => {
  it("serves from terminating pods when no endpoint is ready, then refuses", () => {
    const c = netCluster({ seed: 21, mode });
    const deployment = netexecDeployment({ name: "web", replicas: 2 }) as {
      spec: { template: { spec: Record<string, unknown> & { containers: Record<string, unknown>[] } } };
    };
    deployment.spec.template.spec.terminationGracePeriodSeconds = 60;
    deployment.spec.template.spec.containers[0]!.lifecycle = { preStop: { sleep: { seconds: 30 } } };
    apply(
      c,
      deployment,
      service({ name: "web", selector: { app: "web" }, ports: [{ port: 80, targetPort: 8080 }] }),
      clientPod("client"),
    );
    const pods = waitForReady(c, { app: "web" }, 2).map((p) => p.name);
    waitUntil(c, "the client", () => podsWith(c, { role: "client" })[0]?.running === true);

    expect(c.kubectl("scale deployment/web --replicas=0").exitCode).toBe(0);
    waitForProxySync(c);
    const slices = c.sim.store
      .list("EndpointSlice", { namespace: "default" })
      .filter((s) => s.metadata.labels?.["kubernetes.io/service-name"] === "web")
      .flatMap((s) => (s.endpoints as { conditions: Record<string, boolean> }[] | undefined) ?? []);
    expect(slices.map((e) => e.conditions)).toEqual([
      { ready: false, serving: true, terminating: true },
      { ready: false, serving: true, terminating: true },
    ]);
    const during = c.dataplane.outcomes({ from: fromPod("client"), to: "web", port: 80 });
    expect(during.every((o) => o.trace.verdict === "delivered" && pods.includes(o.trace.backend!.name))).toBe(
      true,
    );
    expect(pods).toContain(c.kubectl("exec client -- wget -qO- http://web/hostname").stdout);

    waitUntil(c, "the pods to go", () => podsWith(c, { app: "web" }).length === 0);
    waitForProxySync(c);
    expect(c.dataplane.send({ from: fromPod("client"), to: "web", port: 80 }).verdict).toBe("refused");
  });

  it("clears UDP conntrack entries of a removed endpoint at the sync, but not TCP ones", () => {
    const c = netCluster({ seed: 22, mode });
    apply(
      c,
      netexecDeployment({ name: "web", replicas: 2, udpPort: 8081 }),
      service({
        name: "web",
        selector: { app: "web" },
        ports: [
          { name: "http", port: 80, targetPort: 8080 },
          { name: "udp", port: 8081, targetPort: 8081, protocol: "UDP" },
        ],
      }),
      clientPod("client"),
    );
    const pods = waitForReady(c, { app: "web" }, 2).map((p) => p.name);
    waitUntil(c, "the client", () => podsWith(c, { role: "client" })[0]?.running === true);
    const hostname = { kind: "data", data: "hostname\n" } as const;
    const udp = c.dataplane.connect({ from: fromPod("client"), to: "web", port: 8081, protocol: "UDP" });
    const first = udp.send(hostname);
    expect(first.verdict).toBe("delivered");
    const victim = first.backend!.name;
    expect(bodyOf(first)).toBe(victim);
    // A TCP connection to the same pod.
    let tcp = c.dataplane.connect({ from: fromPod("client"), to: "web", port: 80 });
    for (let i = 0; i < 20 && tcp.send(httpGet("/hostname")).backend?.name !== victim; i++) {
      tcp.close();
      tcp = c.dataplane.connect({ from: fromPod("client"), to: "web", port: 80 });
    }
    expect(tcp.send(httpGet("/hostname")).backend?.name).toBe(victim);

    expect(c.kubectl(["delete", "pod", victim, "--grace-period=0", "--force"]).exitCode).toBe(0);
    // Before kube-proxy's sync the datagrams still follow the old entry to the vanished pod.
    expect(udp.send(hostname).verdict).toBe("unreachable");
    waitForProxySync(c);
    const survivor = pods.find((p) => p !== victim)!;
    const after = udp.send(hostname);
    expect([after.verdict, after.backend?.name, bodyOf(after)]).toEqual(["delivered", survivor, survivor]);
    // TCP entries are left alone: the established connection still points at the old pod.
    expect(tcp.send(httpGet("/hostname")).verdict).not.toBe("delivered");
  });

  it("re-pins a client whose affinity backend was removed", () => {
    const c = netCluster({ seed: 23, mode });
    apply(
      c,
      netexecDeployment({ name: "web", replicas: 3 }),
      service({
        name: "web",
        selector: { app: "web" },
        ports: [{ port: 80, targetPort: 8080 }],
        sessionAffinity: "ClientIP",
      }),
      clientPod("client"),
    );
    waitForReady(c, { app: "web" }, 3);
    waitUntil(c, "the client", () => podsWith(c, { role: "client" })[0]?.running === true);
    const pinned = c.dataplane.send({ from: fromPod("client"), to: "web", port: 80 }).backend!.name;
    expect(c.kubectl(["delete", "pod", pinned, "--wait=false"]).exitCode).toBe(0);
    waitForProxySync(c);
    const next = c.dataplane.send({ from: fromPod("client"), to: "web", port: 80 });
    expect(next.verdict).toBe("delivered");
    expect(next.backend?.name).not.toBe(pinned);
    for (let i = 0; i < 10; i++)
      expect(c.dataplane.send({ from: fromPod("client"), to: "web", port: 80 }).backend?.name).toBe(
        next.backend?.name,
      );
  });
});

/**
 * NodePort Services reached from outside the cluster (the machine running the script,
 * 172.18.0.1, kind's docker gateway), in each kube-proxy mode:
 * - a NodePort answers on every node, the control plane included (KUBE-NODEPORTS matches any
 *   local address: `-m addrtype --dst-type LOCAL`), and the trace names the rule that matched
 *   (iptables `KUBE-NODEPORTS` → `KUBE-EXT-<hash>`, ipvs the node-address virtual server,
 *   nftables `@service-nodeports` → `external-<hash>-<svc>`);
 * - externalTrafficPolicy Cluster masquerades: the backend (agnhost netexec `/clientip`) sees
 *   an address of the entry node, never the client;
 * - externalTrafficPolicy Local keeps the client's address and drops on nodes without a local
 *   endpoint, so the client times out (curl exit 28);
 * - kube-proxy's own health port (10256) and a Service's `healthCheckNodePort` answer `curl` on
 *   every node (pkg/proxy/healthcheck proxy_health.go, service_health.go).
 * (pkg/proxy/iptables/proxier.go, pkg/proxy/ipvs/proxier.go, pkg/proxy/nftables/proxier.go.)
 */

import { type Origin, runCommand, type Trace } from "@kubesim/dataplane";
import type { Cluster } from "@kubesim/kubesim";
import { describe, expect, it } from "vitest";
import {
  apply,
  bodyOf,
  httpGet,
  netCluster,
  netexecDeployment,
  nodeIPOf,
  nodePortOf,
  PROXY_MODES,
  type ProxyModeName,
  podsWith,
  service,
  WORKER1,
  WORKER2,
  waitForProxySync,
  waitForReady,
  waitUntil,
} from "./fixtures.js";

const OUTSIDE: Origin = { kind: "external", ip: "172.18.0.1" };
const CONTROL_PLANE = "kubesim-control-plane";
const NODES = [CONTROL_PLANE, WORKER1, WORKER2] as const;

/** One netexec pod on kubesim-worker behind a Cluster and a Local NodePort Service (HTTP and UDP). */
function nodePortCluster(mode: ProxyModeName, cni: "vxlan" | "host-gw" = "vxlan"): Cluster {
  const c = netCluster({ seed: 21, mode, cni });
  apply(
    c,
    netexecDeployment({ name: "web", replicas: 1, nodeName: WORKER1, udpPort: 8081 }),
    service({
      name: "web",
      type: "NodePort",
      selector: { app: "web" },
      ports: [
        { name: "http", port: 80, targetPort: 8080 },
        { name: "udp", port: 81, targetPort: 8081, protocol: "UDP" },
      ],
    }),
    service({
      name: "web-local",
      type: "NodePort",
      externalTrafficPolicy: "Local",
      selector: { app: "web" },
      ports: [{ port: 80, targetPort: 8080 }],
    }),
  );
  waitForReady(c, { app: "web" }, 1);
  return c;
}

/** The node port of the Service's port named `name`. */
function namedNodePort(c: Cluster, svc: string, name: string): number {
  const spec = c.sim.store.get("Service", "default", svc)?.spec as
    | { ports?: { name?: string; nodePort?: number }[] }
    | undefined;
  const port = spec?.ports?.find((p) => p.name === name)?.nodePort;
  if (!port) throw new Error(`service ${svc} has no nodePort named ${name}`);
  return port;
}

/** `curl` run by the outside machine. */
function curlFromOutside(c: Cluster, args: readonly string[]) {
  return runCommand(["curl", ...args], c.dataplane.toolEnvironment(OUTSIDE), { image: "" });
}

/**
 * Asserts that the trace shows the mode's NodePort rule for the service port
 * `default/<svc>[:<portName>]` at `nodeIP:port`.
 */
function expectNodePortRule(
  mode: ProxyModeName,
  t: Trace,
  sp: { svc: string; portName?: string },
  nodeIP: string,
  port: number,
): void {
  const name = `default/${sp.svc}${sp.portName ? `:${sp.portName}` : ""}`;
  const hops = t.hops;
  if (mode === "iptables") {
    const i = hops.findIndex((h) => h.chain === "KUBE-NODEPORTS");
    expect(i, "a KUBE-NODEPORTS hop").toBeGreaterThanOrEqual(0);
    const m = new RegExp(
      `^-A KUBE-NODEPORTS -m comment --comment ${name} -m tcp -p tcp --dport ${port} -j (KUBE-EXT-[A-Z2-7]{16})$`,
    ).exec(hops[i]!.rule ?? "");
    expect(m, hops[i]!.rule).not.toBeNull();
    // The next rule evaluated is in that KUBE-EXT chain.
    expect(hops[i + 1]?.chain).toBe(m![1]);
  } else if (mode === "ipvs") {
    const vs = hops.find((h) => h.stage === "ipvs" && h.rule === `TCP  ${nodeIP}:${port} rr`);
    expect(vs?.note).toBe(`virtual server for ${name} (rr)`);
  } else {
    const hop = hops.find(
      (h) => h.rule === "ip daddr @nodeport-ips meta l4proto . th dport vmap @service-nodeports",
    );
    expect(hop?.note).toMatch(
      new RegExp(
        `^@service-nodeports: goto external-[A-Z0-9]{8}-default/${sp.svc}/tcp/${sp.portName ?? ""}$`,
      ),
    );
  }
}

describe.each(PROXY_MODES)("NodePort from outside the cluster in %s mode", (mode) => {
  it("answers on every node, the control plane included, and the trace names the NodePort rule", () => {
    const c = nodePortCluster(mode);
    const port = namedNodePort(c, "web", "http");
    for (const node of NODES) {
      const t = c.dataplane.send({
        from: OUTSIDE,
        to: nodeIPOf(c, node),
        port,
        request: httpGet("/hostname"),
      });
      expect([node, t.verdict, bodyOf(t)]).toEqual([node, "delivered", podsWith(c, { app: "web" })[0]!.name]);
      expect(t.hops.find((h) => h.stage === "wire")?.note).toBe(
        `reaches node ${node} at ${nodeIPOf(c, node)}`,
      );
      expectNodePortRule(mode, t, { svc: "web", portName: "http" }, nodeIPOf(c, node), port);
    }
    // The same with curl on the outside machine.
    const curl = curlFromOutside(c, ["-sS", `http://${nodeIPOf(c, CONTROL_PLANE)}:${port}/hostname`]);
    expect([curl.exitCode, curl.stdout]).toEqual([0, podsWith(c, { app: "web" })[0]!.name]);
  });

  it("a UDP NodePort answers datagrams on every node", () => {
    const c = nodePortCluster(mode);
    const port = namedNodePort(c, "web", "udp");
    for (const node of NODES) {
      const t = c.dataplane.send({
        from: OUTSIDE,
        to: nodeIPOf(c, node),
        port,
        protocol: "UDP",
        request: { kind: "data", data: "hostname" },
      });
      expect([node, t.verdict, bodyOf(t)]).toEqual([node, "delivered", podsWith(c, { app: "web" })[0]!.name]);
    }
  });

  it("externalTrafficPolicy Cluster SNATs to the entry node: /clientip never shows the client", () => {
    const c = nodePortCluster(mode);
    const port = namedNodePort(c, "web", "http");
    for (const node of NODES) {
      const t = c.dataplane.send({
        from: OUTSIDE,
        to: nodeIPOf(c, node),
        port,
        request: httpGet("/clientip"),
      });
      const info = c.dataplane.network.node(node)!;
      // MASQUERADE takes the egress interface's address: cni0 on the pod's own node, flannel.1 elsewhere.
      const expected = node === WORKER1 ? info.bridgeIP : info.overlayIP;
      expect([node, bodyOf(t)]).toEqual([node, `${expected}:${t.peerSeenByServer?.port}`]);
      expect(t.peerSeenByServer?.ip).toBe(expected);
    }
  });

  it("with host-gw the SNATed source of a NodePort crossing nodes is the entry node's own IP", () => {
    const c = nodePortCluster(mode, "host-gw");
    const port = namedNodePort(c, "web", "http");
    const t = c.dataplane.send({
      from: OUTSIDE,
      to: nodeIPOf(c, WORKER2),
      port,
      request: httpGet("/clientip"),
    });
    expect(t.verdict).toBe("delivered");
    expect(bodyOf(t).split(":")[0]).toBe(nodeIPOf(c, WORKER2));
  });

  it("externalTrafficPolicy Local keeps the client IP on the endpoint's node and times out on the others", () => {
    const c = nodePortCluster(mode);
    const port = nodePortOf(c, "web-local");
    const near = c.dataplane.send({
      from: OUTSIDE,
      to: nodeIPOf(c, WORKER1),
      port,
      request: httpGet("/clientip"),
    });
    expect(near.verdict).toBe("delivered");
    expect(bodyOf(near)).toBe(`172.18.0.1:${near.sent.src.port}`);
    expectNodePortRule(mode, near, { svc: "web-local" }, nodeIPOf(c, WORKER1), port);

    for (const node of [CONTROL_PLANE, WORKER2]) {
      const far = c.dataplane.send({
        from: OUTSIDE,
        to: nodeIPOf(c, node),
        port,
        request: httpGet("/clientip"),
        timeoutMs: 3000,
      });
      expect([node, far.verdict, far.elapsedMs]).toEqual([node, "dropped", 3000]);
      expect(far.response).toBeUndefined();
      expect(far.reason).toMatch(
        /default\/web-local has (externalTrafficPolicy Local and )?no local endpoints/,
      );
      // No random choice can save it: every outcome is a drop.
      expect(
        c.dataplane
          .outcomes({ from: OUTSIDE, to: nodeIPOf(c, node), port, request: httpGet("/") })
          .map((o) => o.trace.verdict),
      ).toEqual(["dropped"]);
    }
    const curl = curlFromOutside(c, [
      "-sS",
      "--connect-timeout",
      "2",
      `http://${nodeIPOf(c, WORKER2)}:${port}/`,
    ]);
    expect([curl.exitCode, curl.stderr]).toEqual([
      28,
      "curl: (28) Connection timed out after 2000 milliseconds\n",
    ]);
  });

  it("moving the only endpoint moves where a Local NodePort answers", () => {
    const c = nodePortCluster(mode);
    const port = nodePortOf(c, "web-local");
    c.sim.store.mutate({ kind: "Deployment", namespace: "default", name: "web" }, (d) => {
      (d.spec as { template: { spec: { nodeName?: string } } }).template.spec.nodeName = WORKER2;
    });
    waitUntil(c, "the pod on kubesim-worker2", () => {
      const pods = podsWith(c, { app: "web" });
      return pods.length === 1 && pods[0]!.node === WORKER2 && pods[0]!.ready;
    });
    waitForProxySync(c);
    const at = (node: string) =>
      c.dataplane.send({
        from: OUTSIDE,
        to: nodeIPOf(c, node),
        port,
        request: httpGet("/clientip"),
        timeoutMs: 1000,
      });
    expect(at(WORKER1).verdict).toBe("dropped");
    const t = at(WORKER2);
    expect([t.verdict, bodyOf(t)]).toEqual(["delivered", `172.18.0.1:${t.sent.src.port}`]);
  });
});

/**
 * kube-proxy's health servers through the packet walk. Skipped: they need the lead's wiring of
 * `healthServers(...).listener(node, protocol, port)` into `Dataplane.#listener` for node
 * targets (packages/dataplane/src/kubeproxy/healthServers.ts).
 */
describe("kube-proxy's health servers from outside", () => {
  function lbLocalCluster(): Cluster {
    const c = netCluster({ seed: 23, workers: 2 });
    apply(
      c,
      netexecDeployment({ name: "web", replicas: 1, nodeName: WORKER1 }),
      service({
        name: "web",
        type: "LoadBalancer",
        externalTrafficPolicy: "Local",
        selector: { app: "web" },
        ports: [{ port: 80, targetPort: 8080 }],
      }),
    );
    waitForReady(c, { app: "web" }, 1);
    return c;
  }

  const hcnpOf = (c: Cluster): number => {
    const spec = c.sim.store.get("Service", "default", "web")?.spec as
      | { healthCheckNodePort?: number }
      | undefined;
    if (!spec?.healthCheckNodePort) throw new Error("service web has no healthCheckNodePort");
    return spec.healthCheckNodePort;
  };

  it("curl http://NODE_IP:10256/healthz answers 200 with kube-proxy's JSON on every node", () => {
    const c = lbLocalCluster();
    for (const node of NODES) {
      const r = curlFromOutside(c, ["-sS", "-i", `http://${nodeIPOf(c, node)}:10256/healthz`]);
      expect([node, r.exitCode]).toEqual([node, 0]);
      expect(r.stdout).toMatch(
        /^HTTP\/1\.1 200 OK\r\nContent-Type: application\/json\r\nX-Content-Type-Options: nosniff\r\n/,
      );
      expect(r.stdout).toMatch(
        /\r\n\r\n\{"lastUpdated":"\d{4}-\d\d-\d\dT[\d:.]+Z","currentTime":"[^"]+","nodeEligible":true,"healthy":true,"status":\{"IPv4":\{"lastUpdated":"[^"]+","healthy":true\}\}\}$/,
      );
    }
    const livez = curlFromOutside(c, ["-sS", `http://${nodeIPOf(c, WORKER2)}:10256/livez`]);
    expect(livez.stdout).not.toContain("nodeEligible");
  });

  it("/healthz turns 503 when the Cluster Autoscaler taints the node ToBeDeletedByClusterAutoscaler", () => {
    const c = lbLocalCluster();
    c.sim.store.mutate({ kind: "Node", namespace: "", name: WORKER2 }, (n) => {
      (n.spec as { taints?: object[] }).taints = [
        { key: "ToBeDeletedByClusterAutoscaler", value: "1735689600", effect: "NoSchedule" },
      ];
    });
    const r = curlFromOutside(c, [
      "-s",
      "-w",
      "\n%{http_code}",
      `http://${nodeIPOf(c, WORKER2)}:10256/healthz`,
    ]);
    expect(r.stdout).toMatch(/"nodeEligible":false,"healthy":true.*\n503$/);
    const other = curlFromOutside(c, [
      "-s",
      "-o",
      "/dev/null",
      "-w",
      "%{http_code}",
      `http://${nodeIPOf(c, WORKER1)}:10256/healthz`,
    ]);
    expect(other.stdout).toBe("200");
  });

  it("the healthCheckNodePort answers 200 on the endpoint's node and 503 elsewhere", () => {
    const c = lbLocalCluster();
    const hcnp = hcnpOf(c);
    const near = curlFromOutside(c, ["-sS", "-i", `http://${nodeIPOf(c, WORKER1)}:${hcnp}/healthz`]);
    expect(near.stdout).toMatch(
      /^HTTP\/1\.1 200 OK\r\nContent-Type: application\/json\r\nX-Content-Type-Options: nosniff\r\nX-Load-Balancing-Endpoint-Weight: 1\r\n/,
    );
    expect(near.stdout).toContain(
      '\r\n\r\n{\n\t"service": {\n\t\t"namespace": "default",\n\t\t"name": "web"\n\t},\n\t"localEndpoints": 1,\n\t"serviceProxyHealthy": true\n}',
    );
    for (const node of [CONTROL_PLANE, WORKER2]) {
      const far = c.dataplane.send({
        from: OUTSIDE,
        to: nodeIPOf(c, node),
        port: hcnp,
        request: httpGet("/healthz"),
      });
      expect(far.verdict).toBe("delivered");
      expect(far.response?.kind === "http" && far.response.status).toBe(503);
      expect(JSON.parse(bodyOf(far))).toEqual({
        service: { namespace: "default", name: "web" },
        localEndpoints: 0,
        serviceProxyHealthy: true,
      });
    }
  });
});

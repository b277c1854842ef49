/**
 * Traffic policies, seen from the client and through agnhost's `/clientip` (the peer address the
 * server saw), in each kube-proxy mode. One agnhost pod runs on kubesim-worker; an outside
 * machine (172.18.0.1, kind's docker gateway) calls NodePort Services on both workers:
 * - externalTrafficPolicy Local: to the node with the endpoint, the pod sees the client's real
 *   IP; to the node without one, the packet is dropped (iptables/nftables: no local endpoint
 *   rule; ipvs: kubernetes#97081 routes it unmasqueraded, so the reply never reaches the client);
 * - externalTrafficPolicy Cluster: both nodes deliver, SNATed to an address of the entry node
 *   (the interface towards the pod: cni0 locally, flannel.1 across nodes), never the client's.
 * internalTrafficPolicy Local: a pod on the endpoint's node reaches it; a pod on another node
 * gets nothing (iptables/nftables DROP "has no local endpoints"). The ipvs case is a known bug
 * (../../../../notes/dataplane-bugs.md): it falls back to remote endpoints for a ClusterIP-only
 * Service, where kube-proxy's CategorizeEndpoints gives no cluster endpoints at all.
 * (pkg/proxy/iptables/proxier.go, pkg/proxy/topology.go, pkg/proxy/serviceport.go.)
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
  nodeIPOf,
  nodePortOf,
  PROXY_MODES,
  type ProxyModeName,
  podsWith,
  service,
  WORKER1,
  WORKER2,
  waitForReady,
  waitUntil,
} from "./fixtures.js";

const EXTERNAL = { kind: "external", ip: "172.18.0.1" } as const;

function policyCluster(mode: ProxyModeName) {
  const c = netCluster({ seed: 9, mode });
  apply(
    c,
    netexecDeployment({ name: "web", replicas: 1, nodeName: WORKER1 }),
    service({
      name: "web-local",
      type: "NodePort",
      externalTrafficPolicy: "Local",
      selector: { app: "web" },
      ports: [{ port: 80, targetPort: 8080 }],
    }),
    service({
      name: "web-cluster",
      type: "NodePort",
      selector: { app: "web" },
      ports: [{ port: 80, targetPort: 8080 }],
    }),
    service({
      name: "web-itp",
      internalTrafficPolicy: "Local",
      selector: { app: "web" },
      ports: [{ port: 80, targetPort: 8080 }],
    }),
    clientPod("near", WORKER1),
    clientPod("far", WORKER2),
  );
  waitForReady(c, { app: "web" }, 1);
  waitUntil(c, "the clients", () => podsWith(c, { role: "client" }).every((p) => p.running));
  return c;
}

describe.each(PROXY_MODES)("traffic policies in %s mode", (mode) => {
  it("externalTrafficPolicy Local keeps the client IP and drops on nodes without an endpoint", () => {
    const c = policyCluster(mode);
    const port = nodePortOf(c, "web-local");
    const near = c.dataplane.send({
      from: EXTERNAL,
      to: nodeIPOf(c, WORKER1),
      port,
      request: httpGet("/clientip"),
    });
    expect(near.verdict).toBe("delivered");
    expect(bodyOf(near)).toBe(`172.18.0.1:${near.sent.src.port}`);

    const far = c.dataplane.send({
      from: EXTERNAL,
      to: nodeIPOf(c, WORKER2),
      port,
      request: httpGet("/clientip"),
    });
    expect(far.verdict).toBe("dropped");
    expect(far.response).toBeUndefined();
    expect(far.reason).toContain("default/web-local");
    // The same from a script: `kubesim trace` from the outside machine.
    const trace = c.kubesim(["trace", `http://${nodeIPOf(c, WORKER2)}:${port}/clientip`]);
    expect(trace.exitCode).toBe(0);
    expect(trace.stdout).toContain("verdict: dropped");
  });

  it("externalTrafficPolicy Cluster SNATs to an address of the entry node on every node", () => {
    const c = policyCluster(mode);
    const port = nodePortOf(c, "web-cluster");
    for (const node of [WORKER1, WORKER2]) {
      const t = c.dataplane.send({
        from: EXTERNAL,
        to: nodeIPOf(c, node),
        port,
        request: httpGet("/clientip"),
      });
      expect([node, t.verdict]).toEqual([node, "delivered"]);
      const seen = bodyOf(t).split(":")[0];
      expect(seen).not.toBe("172.18.0.1");
      const info = c.dataplane.network.node(node)!;
      const nodeSide = [...info.ips, info.bridgeIP, info.overlayIP].filter((a) => a !== undefined);
      expect(nodeSide, `${node} saw ${seen}`).toContain(seen);
      expect(t.peerSeenByServer?.ip).toBe(seen);
    }
  });

  it("internalTrafficPolicy Local serves pods on the endpoint's node only", () => {
    const c = policyCluster(mode);
    const near = c.dataplane.send({
      from: fromPod("near"),
      to: "web-itp",
      port: 80,
      request: httpGet("/clientip"),
    });
    expect(near.verdict).toBe("delivered");
    // Pod to a local endpoint: no SNAT, the pod's own address.
    expect(bodyOf(near)).toBe(
      `${podsWith(c, { role: "client" }).find((p) => p.name === "near")!.ip}:${near.sent.src.port}`,
    );
    const far = c.dataplane.send({
      from: fromPod("far"),
      to: "web-itp",
      port: 80,
      request: httpGet("/clientip"),
    });
    expect(far.backend).toBeUndefined();
    const wget = c.kubectl("exec far -- wget -qO- -T 2 http://web-itp/clientip");
    if (mode === "ipvs") {
      // An empty virtual server: ip_vs_leave answers ICMP port unreachable (net/netfilter/ipvs/ip_vs_core.c).
      expect(far.verdict).toBe("refused");
      expect(wget.exitCode).toBe(1);
      expect(wget.stderr).toMatch(/Connection refused/);
    } else {
      // iptables/nftables: the "has no local endpoints" rule DROPs.
      expect(far.verdict).toBe("dropped");
      expect([wget.exitCode, wget.stderr]).toEqual([
        1,
        "wget: download timed out\ncommand terminated with exit code 1\n",
      ]);
    }
  });
});

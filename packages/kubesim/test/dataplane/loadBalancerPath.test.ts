/**
 * The packet path through a cloud load balancer: from outside to one of the healthy nodes' node
 * port, keeping the client's address; `externalTrafficPolicy: Local` makes only nodes with a
 * local endpoint healthy; `loadBalancerSourceRanges` are the load balancer's firewall; pods
 * reach the LoadBalancer IP through kube-proxy's in-cluster short-circuit. The simulated
 * cloud hands out 203.0.113.1 first.
 */
import type { Cluster } from "@kubesim/kubesim";
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
  waitForProxySync,
  waitForReady,
  waitForRunning,
  waitUntil,
} from "./fixtures.js";

const LB_IP = "203.0.113.1";
const OUTSIDE = { kind: "external" as const, ip: "172.18.0.1" };

function withLoadBalancer(options: {
  replicas: number;
  local?: boolean;
  sourceRanges?: string[];
  mode?: "iptables" | "ipvs" | "nftables";
}): Cluster {
  const c = netCluster({ seed: 11, workers: 3, ...(options.mode ? { mode: options.mode } : {}) });
  apply(
    c,
    netexecDeployment({ name: "web", replicas: options.replicas }),
    {
      ...service({
        name: "web",
        type: "LoadBalancer",
        selector: { app: "web" },
        ports: [{ port: 80, targetPort: 8080 }],
        ...(options.local ? { externalTrafficPolicy: "Local" } : {}),
      }),
    },
    clientPod("client"),
  );
  if (options.sourceRanges)
    c.sim.store.mutate({ kind: "Service", namespace: "default", name: "web" }, (s) => {
      (s.spec as { loadBalancerSourceRanges?: string[] }).loadBalancerSourceRanges = options.sourceRanges;
    });
  waitUntil(c, "the cloud's EXTERNAL-IP", () => {
    const status = c.sim.store.get("Service", "default", "web")?.status as
      | { loadBalancer?: { ingress?: { ip: string }[] } }
      | undefined;
    return status?.loadBalancer?.ingress?.[0]?.ip === LB_IP;
  });
  waitForReady(c, { app: "web" }, options.replicas);
  waitForRunning(c, "client");
  waitForProxySync(c);
  return c;
}

/** The nodes the load balancer may pick, from the all-outcomes walk. */
const nodesReached = (c: Cluster) =>
  new Set(
    c.dataplane
      .outcomes({ from: OUTSIDE, to: LB_IP, port: 80, request: httpGet("/hostname") })
      .map(
        (o) => /forwards it to node (\S+)'s node port/.exec(o.trace.hops.map((h) => h.note).join("\n"))?.[1],
      ),
  );

describe("a cloud load balancer in front of the nodes", () => {
  it("forwards to a healthy node's node port and the Service answers; the control plane is excluded", () => {
    const c = withLoadBalancer({ replicas: 2 });
    const t = c.dataplane.send({ from: OUTSIDE, to: LB_IP, port: 80, request: httpGet("/hostname") });
    expect(t.verdict).toBe("delivered");
    expect(bodyOf(t)).toMatch(/^web-/);
    const wire = t.hops.find((h) => h.note.includes("cloud load balancer"))!;
    expect(wire.note).toMatch(
      /forwards it to node kubesim-worker\d? 's node port|forwards it to node kubesim-worker/,
    );
    expect(wire.note).toContain("(3 healthy nodes)");
    expect(wire.note).not.toContain("control-plane");
    // externalTrafficPolicy Cluster: kube-proxy on the node masquerades, the pod sees a node address.
    expect(t.peerSeenByServer?.ip).toMatch(/^(172\.18\.0\.\d|10\.244\.\d+\.[01])$/);
  });

  it("with externalTrafficPolicy Local only nodes with a local endpoint are healthy, and the client's address is kept", () => {
    const c = withLoadBalancer({ replicas: 1, local: true });
    const t = c.dataplane.send({ from: OUTSIDE, to: LB_IP, port: 80, request: httpGet("/clientip") });
    expect(t.verdict).toBe("delivered");
    expect(t.hops.find((h) => h.note.includes("cloud load balancer"))!.note).toContain("(1 healthy node)");
    expect(bodyOf(t)).toMatch(/^172\.18\.0\.1:\d+$/);
    expect(
      c.dataplane
        .outcomes({ from: OUTSIDE, to: LB_IP, port: 80, request: httpGet("/") })
        .map((o) => o.trace.verdict),
    ).toEqual(["delivered"]);
  });

  it("drops clients outside loadBalancerSourceRanges at the load balancer", () => {
    const c = withLoadBalancer({ replicas: 1, sourceRanges: ["192.0.2.0/24"] });
    const blocked = c.dataplane.send({ from: OUTSIDE, to: LB_IP, port: 80, timeoutMs: 1000 });
    expect(blocked.verdict).toBe("dropped");
    expect(blocked.reason).toContain("172.18.0.1 is not in loadBalancerSourceRanges 192.0.2.0/24");
    const allowed = c.dataplane.send({
      from: { kind: "external", ip: "192.0.2.50" },
      to: LB_IP,
      port: 80,
      request: httpGet("/hostname"),
    });
    expect(allowed.verdict).toBe("delivered");
  });

  it("pods reach the LoadBalancer IP through kube-proxy on their own node, never leaving the cluster", () => {
    const c = withLoadBalancer({ replicas: 2 });
    const t = c.dataplane.send({
      from: fromPod("client"),
      to: LB_IP,
      port: 80,
      request: httpGet("/hostname"),
    });
    expect(t.verdict).toBe("delivered");
    expect(t.hops.some((h) => h.note.includes("cloud load balancer"))).toBe(false);
    expect(nodesReached(c)).toEqual(new Set(["kubesim-worker", "kubesim-worker2", "kubesim-worker3"]));
  });

  it.each(["iptables", "ipvs", "nftables"] as const)(
    "serves from outside with kube-proxy in %s mode",
    (mode) => {
      const c = withLoadBalancer({ replicas: 2, mode });
      const t = c.dataplane.send({ from: OUTSIDE, to: LB_IP, port: 80, request: httpGet("/hostname") });
      expect(t.verdict).toBe("delivered");
      expect(bodyOf(t)).toMatch(/^web-/);
    },
  );

  it("stops sending to a node once it is NotReady or cut off, and only then", () => {
    const c = withLoadBalancer({ replicas: 2 });
    c.sim.advance(30_000); // heartbeats rewrite every Node: the healthy set stays the same
    expect(nodesReached(c)).toEqual(new Set(["kubesim-worker", "kubesim-worker2", "kubesim-worker3"]));
    c.kubesim(["stop-node", "kubesim-worker"]);
    c.sim.advance(60_000);
    expect(nodesReached(c)).toEqual(new Set(["kubesim-worker2", "kubesim-worker3"]));
    c.kubesim(["partition-node", "kubesim-worker2"]);
    expect(nodesReached(c)).toEqual(new Set(["kubesim-worker3"]));
  });
});

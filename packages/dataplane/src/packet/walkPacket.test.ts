import type { KubeObject } from "@kubesim/core";
import { describe, expect, it } from "vitest";
import { ConntrackTable } from "../conntrack/ConntrackTable.js";
import type { ProxyEvaluation, ProxyMode, ProxyNode } from "../kubeproxy/ProxyMode.js";
import { RecentTable } from "../kubeproxy/RecentTable.js";
import { RoundRobinTable } from "../kubeproxy/RoundRobinTable.js";
import { EMPTY_OUTSIDE } from "../network/OutsideNetwork.js";
import type { PodEndpoint, WalkWorld } from "./WalkWorld.js";
import { type WalkRequest, walkPacket } from "./walkPacket.js";

const client: PodEndpoint = {
  namespace: "default",
  name: "client",
  node: "n1",
  ip: "10.244.1.5",
  hostNetwork: false,
  object: { apiVersion: "v1", kind: "Pod", metadata: { name: "client", namespace: "default" } } as KubeObject,
};
const server: PodEndpoint = { ...client, name: "server", ip: "10.244.1.9" };

/** A kube-proxy that DNATs 10.96.0.10:80 to the server pod and counts its evaluations. */
function fakeProxy(): ProxyMode & { evaluations: number } {
  const proxy = {
    name: "iptables" as const,
    evaluations: 0,
    evaluate(): ProxyEvaluation {
      proxy.evaluations++;
      return {
        verdict: {
          kind: "dnat",
          servicePort: undefined as never,
          endpoint: undefined as never,
          to: { ip: server.ip, port: 8080 },
          masquerade: false,
        },
        hops: [],
      };
    },
    isLocalAddress: () => false,
    dump: () => "",
  };
  return proxy;
}

function world(table: ConntrackTable, proxy: ProxyMode, clock: { nowMs: number }): WalkWorld {
  const node: ProxyNode = {
    nodeName: "n1",
    nodeIPs: ["172.18.0.2"],
    zone: undefined,
    clusterCIDRs: ["10.244.0.0/16"],
    state: undefined as never,
    affinity: new RecentTable(),
    roundRobin: new RoundRobinTable(),
  };
  return {
    get nowMs() {
      return clock.nowMs;
    },
    proxyMode: proxy,
    cni: "vxlan",
    pod: (_ns, name) => (name === "client" ? client : name === "server" ? server : undefined),
    podByIP: (ip) => (ip === server.ip ? server : ip === client.ip ? client : undefined),
    nodeByIP: (ip) => (ip === "172.18.0.2" ? "n1" : undefined),
    nodeOfPodCIDR: (ip) => (ip.startsWith("10.244.1.") ? "n1" : undefined),
    inClusterCIDR: (ip) => ip.startsWith("10.244."),
    nodeIP: () => "172.18.0.2",
    bridgeIP: () => "10.244.1.1",
    overlayIP: () => "10.244.1.0",
    linked: () => true,
    outside: EMPTY_OUTSIDE,
    proxyNode: () => node,
    conntrack: () => table,
    listener: (target, _protocol, port) =>
      "pod" in target && target.pod === server && port === 8080
        ? {
            backend: { kind: "pod", namespace: "default", name: "server" },
            respond: () => ({ kind: "none" }),
          }
        : undefined,
    ephemeralPort: () => 40000,
  };
}

function request(srcPort: number, trace = false): WalkRequest {
  return {
    origin: { kind: "pod", namespace: "default", name: "client" },
    protocol: "TCP",
    dst: { ip: "10.96.0.10", port: 80 },
    request: { kind: "none" },
    srcPort,
    trace,
    timeoutMs: 10_000,
  };
}

const commit = { commit: true, choose: () => 0 };

describe("walkPacket: conntrack table full (nf_conntrack_max)", () => {
  it("drops new flows once the table holds nf_conntrack_max entries, before kube-proxy sees them", () => {
    const table = new ConntrackTable({ maxEntries: 2 });
    const proxy = fakeProxy();
    const clock = { nowMs: 0 };
    const w = world(table, proxy, clock);
    expect(walkPacket(w, request(40000), commit).verdict).toBe("delivered");
    expect(walkPacket(w, request(40001), commit).verdict).toBe("delivered");
    const full = walkPacket(w, request(40002, true), commit);
    expect(full.verdict).toBe("dropped");
    expect(full.reason).toBe("nf_conntrack: table full, dropping packet");
    expect(full.hops.at(-1)?.stage).toBe("conntrack");
    expect(proxy.evaluations).toBe(2);
    // Packets of flows already tracked still pass: they need no new entry.
    expect(walkPacket(w, request(40000), commit).verdict).toBe("delivered");
  });

  it("reclaims expired entries first, so a table of dead flows takes new ones", () => {
    const table = new ConntrackTable({ maxEntries: 2 });
    const clock = { nowMs: 0 };
    const w = world(table, fakeProxy(), clock);
    walkPacket(w, request(40000), commit);
    walkPacket(w, request(40001), commit);
    // ESTABLISHED lives 24 h (kube-proxy's --conntrack-tcp-timeout-established).
    clock.nowMs = 86_400_000 + 1;
    expect(walkPacket(w, request(40002), commit).verdict).toBe("delivered");
    expect(table.size(clock.nowMs)).toBe(1);
  });
});

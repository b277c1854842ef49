import { describe, expect, it } from "vitest";
import type { ProxyNode } from "../ProxyMode.js";
import { ProxyStateSnapshot } from "../ProxyStateSnapshot.js";
import type { EndpointInfo, ServicePortInfo } from "../ServicePortInfo.js";
import {
  type ClusterIPPortView,
  ClusterIPViews,
  clusterDnat,
  type DnatVerdict,
  dnatTargets,
} from "./clusterIPViews.js";
import { endpoint, servicePort, testNode } from "./fixtures.js";

/** A port of Service `name` on `clusterIP`, with two endpoints. */
function port(
  name: string,
  clusterIP: string,
  p: number,
  protocol: "TCP" | "UDP" = "TCP",
  internalTrafficPolicy: "Cluster" | "Local" = "Cluster",
): ServicePortInfo {
  return servicePort("default", name, `${p}`, {
    protocol,
    clusterIPs: [clusterIP],
    port: p,
    internalTrafficPolicy,
    endpoints: [endpoint("10.244.1.5", 8080), endpoint("10.244.2.6", 8080)],
  });
}

interface View extends ClusterIPPortView {
  readonly sp: ServicePortInfo;
}

/** A mode's view: the same on every node unless the port has a Local policy (as ipvs and nftables decide). */
function views(): { views: ClusterIPViews<View>; built: ServicePortInfo[] } {
  const built: ServicePortInfo[] = [];
  return {
    built,
    views: new ClusterIPViews<View>((sp) => {
      built.push(sp);
      return {
        sp,
        protocol: sp.protocol,
        port: sp.port,
        sameOnEveryNode: sp.internalTrafficPolicy !== "Local",
      };
    }),
  };
}

function nodeWith(state: ProxyStateSnapshot): ProxyNode {
  return testNode([], { state });
}

describe("ClusterIPViews", () => {
  it("finds the view of each port of a ClusterIP by protocol and port, and nothing for other addresses", () => {
    const web80 = port("web", "10.96.0.10", 80);
    const web443 = port("web", "10.96.0.10", 443);
    const dnsUDP = port("dns", "10.96.0.53", 53, "UDP");
    const node = nodeWith(ProxyStateSnapshot.of(1, 0, [web80, web443, dnsUDP]));
    const { views: v } = views();
    expect(v.find(node, "10.96.0.10", "TCP", 80)?.sp).toBe(web80);
    expect(v.find(node, "10.96.0.10", "TCP", 443)?.sp).toBe(web443);
    expect(v.find(node, "10.96.0.53", "UDP", 53)?.sp).toBe(dnsUDP);
    // An undefined port of a ClusterIP, another protocol, a pod IP: the general path decides.
    expect(v.find(node, "10.96.0.10", "TCP", 8080)).toBeUndefined();
    expect(v.find(node, "10.96.0.53", "TCP", 53)).toBeUndefined();
    expect(v.find(node, "10.244.1.5", "TCP", 8080)).toBeUndefined();
  });

  it("finds every one of thousands of ClusterIPs, IPv4 and IPv6, asked for in any order", () => {
    const ports = Array.from({ length: 3000 }, (_, i) =>
      port(`svc${i}`, i % 10 === 9 ? `fd00:10:96::${i.toString(16)}` : `10.96.${i >> 8}.${i & 255}`, 80),
    );
    const node = nodeWith(ProxyStateSnapshot.of(1, 0, ports));
    const { views: v, built } = views();
    // Twice over, in two orders: the first pass fills the table (growing it), the second reads it.
    for (const order of [ports, [...ports].reverse()])
      for (const sp of order) expect(v.find(node, sp.clusterIPs[0]!, "TCP", 80)?.sp).toBe(sp);
    expect(built).toHaveLength(ports.length); // each view built once: none lost as the table grew
    expect(v.find(node, "10.96.200.1", "TCP", 80)).toBeUndefined();
    expect(v.find(node, "fd00:10:96::ffff", "TCP", 80)).toBeUndefined();
  });

  it("leaves a ClusterIP to the general path when one of its ports has rules that differ per node", () => {
    const node = nodeWith(
      ProxyStateSnapshot.of(1, 0, [
        port("web", "10.96.0.10", 80),
        port("web", "10.96.0.10", 81, "TCP", "Local"),
      ]),
    );
    const { views: v } = views();
    expect(v.find(node, "10.96.0.10", "TCP", 80)).toBeUndefined();
    expect(v.find(node, "10.96.0.10", "TCP", 81)).toBeUndefined();
  });

  it("builds each ClusterIP's views once per synced state, and anew after a sync", () => {
    const before = port("web", "10.96.0.10", 80);
    const first = ProxyStateSnapshot.of(1, 0, [before]);
    let state = first;
    const node = {
      ...nodeWith(first),
      get state() {
        return state;
      },
    };
    const { views: v, built } = views();
    v.find(node, "10.96.0.10", "TCP", 80);
    v.find(node, "10.96.0.10", "TCP", 80);
    expect(built).toEqual([before]);
    // A sync replaces the port (an endpoint went away): the next packet sees the new port.
    const after = { ...before, endpoints: [endpoint("10.244.2.6", 8080)] };
    state = first.withChanges(2, 1000, [after], []);
    expect(v.find(node, "10.96.0.10", "TCP", 80)?.sp).toBe(after);
    expect(built).toEqual([before, after]);
  });
});

describe("clusterDnat", () => {
  const sp = port("web", "10.96.0.10", 80);
  const targets = dnatTargets(sp.endpoints);
  const second = sp.endpoints[1] as EndpointInfo;

  it("DNATs to the chosen endpoint, masqueraded only when marked", () => {
    const plain = clusterDnat(sp, targets, 1, false, "10.244.3.7").verdict as DnatVerdict;
    expect(plain).toMatchObject({ kind: "dnat", to: { ip: "10.244.2.6", port: 8080 }, masquerade: false });
    expect(plain.servicePort).toBe(sp);
    expect(plain.endpoint).toBe(second);
    const marked = clusterDnat(sp, targets, 1, true, "10.244.3.7").verdict as DnatVerdict;
    expect(marked).toMatchObject({ kind: "dnat", to: { ip: "10.244.2.6", port: 8080 }, masquerade: true });
  });

  it("masquerades hairpin traffic: the client is the endpoint it was sent to", () => {
    const hairpin = clusterDnat(sp, targets, 0, false, "10.244.1.5").verdict as DnatVerdict;
    expect(hairpin).toMatchObject({ to: { ip: "10.244.1.5" }, masquerade: true });
  });
});

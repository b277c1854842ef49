import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { FiveTuple } from "../packet/Packet.js";
import { crossNodeHops, vxlanSourcePort } from "./crossNodeHops.js";

const packet: FiveTuple = {
  protocol: "TCP",
  src: { ip: "10.244.1.5", port: 41000 },
  dst: { ip: "10.244.0.9", port: 8080 },
};
const from = { name: "kubesim-worker", ip: "172.18.0.3" };
const to = { name: "kubesim-control-plane", ip: "172.18.0.2", podCIDR: "10.244.0.0/24" };

describe("crossNodeHops", () => {
  it("host-gw: routed out of eth0 to the other node's IP, never encapsulated", () => {
    const hops = crossNodeHops({ backend: "host-gw", from, to, packet });
    expect(hops.map((h) => [h.node, h.stage, h.iface])).toEqual([
      ["kubesim-worker", "routing", "eth0"],
      ["kubesim-worker", "wire", "eth0"],
      ["kubesim-control-plane", "routing", "eth0"],
    ]);
    expect(hops.every((h) => h.after === undefined)).toBe(true);
    expect(hops[0]!.note).toContain("via 172.18.0.2 dev eth0");
  });

  it("vxlan: the outer header carries the node IPs and UDP 8472, then the inner packet comes back", () => {
    const [encap, wire, decap] = crossNodeHops({ backend: "vxlan", from, to, packet });
    expect(encap).toMatchObject({ stage: "vxlan", iface: "flannel.1", before: packet });
    expect(encap!.after).toEqual({
      protocol: "UDP",
      src: { ip: "172.18.0.3", port: vxlanSourcePort(packet) },
      dst: { ip: "172.18.0.2", port: 8472 },
    });
    expect(encap!.note).toContain("VNI 1");
    expect(wire!.stage).toBe("wire");
    expect(decap).toMatchObject({ node: "kubesim-control-plane", before: encap!.after, after: packet });
  });

  it("keeps one VXLAN source port per flow, inside the ephemeral range (property)", () => {
    const tuple = fc.record({
      protocol: fc.constantFrom("TCP" as const, "UDP" as const),
      src: fc.record({ ip: fc.ipV4(), port: fc.integer({ min: 1, max: 65535 }) }),
      dst: fc.record({ ip: fc.ipV4(), port: fc.integer({ min: 1, max: 65535 }) }),
    });
    fc.assert(
      fc.property(tuple, (t) => {
        const port = vxlanSourcePort(t);
        expect(port).toBeGreaterThanOrEqual(32768);
        expect(port).toBeLessThanOrEqual(60999);
        expect(vxlanSourcePort({ ...t, src: { ...t.src } })).toBe(port);
      }),
    );
  });
});

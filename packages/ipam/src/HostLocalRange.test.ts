import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  formatHostLocalRange,
  type HostLocalRange,
  hostLocalAllocate,
  hostLocalRange,
} from "./HostLocalRange.js";

function range(cidr: string): HostLocalRange {
  const r = hostLocalRange(cidr);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** A node's host-local state: the IPs held, and the last reserved one. */
class Node {
  readonly held = new Set<string>();
  last: string | undefined;
  constructor(readonly r: HostLocalRange) {}
  add(): string {
    const a = hostLocalAllocate(this.r, this.last, (ip) => this.held.has(ip));
    if (!a.ok) throw new Error(a.error);
    this.held.add(a.value.ip);
    this.last = a.value.ip;
    return a.value.ip;
  }
}

describe("CNI host-local pod IPs", () => {
  it("range of a /24 is .1-.254 with gateway .1; the first pod gets .2", () => {
    const r = range("10.244.1.0/24");
    expect(formatHostLocalRange(r)).toBe("10.244.1.1-10.244.1.254");
    const a = hostLocalAllocate(r, undefined, () => false);
    expect(a).toEqual({ ok: true, value: { ip: "10.244.1.2", gateway: "10.244.1.1", prefixLength: 24 } });
  });

  it("a replacement pod gets a new IP: allocation continues after the last reserved one", () => {
    const node = new Node(range("10.244.1.0/24"));
    expect([node.add(), node.add(), node.add()]).toEqual(["10.244.1.2", "10.244.1.3", "10.244.1.4"]);
    node.held.delete("10.244.1.3");
    expect(node.add()).toBe("10.244.1.5");
  });

  it("wraps past the range end, skipping the gateway", () => {
    const node = new Node(range("10.244.1.0/29")); // .1-.6, gateway .1
    node.last = "10.244.1.6";
    expect(node.add()).toBe("10.244.1.2");
  });

  it("exhaustion gives host-local's error text", () => {
    const node = new Node(range("10.244.1.0/29"));
    for (let i = 0; i < 5; i++) node.add();
    expect(hostLocalAllocate(node.r, node.last, (ip) => node.held.has(ip))).toEqual({
      ok: false,
      error: "failed to allocate for range 0: no IP addresses available in range set: 10.244.1.1-10.244.1.6",
    });
  });

  it("IPv6 ranges keep the last address", () => {
    const r = range("fd00:10:244:1::/64");
    expect(formatHostLocalRange(r)).toBe("fd00:10:244:1::1-fd00:10:244:1:ffff:ffff:ffff:ffff");
    const a = hostLocalAllocate(r, undefined, () => false);
    expect(a.ok && a.value.ip).toBe("fd00:10:244:1::2");
  });

  it("refuses subnets too small or with host bits set", () => {
    expect(hostLocalRange("10.244.1.0/31")).toEqual({
      ok: false,
      error: "Network 10.244.1.0/31 too small to allocate from",
    });
    expect(hostLocalRange("10.244.1.7/24")).toEqual({
      ok: false,
      error: "Network has host bits set. For a subnet mask of length 24 the network address is 10.244.1.0",
    });
  });

  it("property: pods on one node never share an IP, never get the gateway, and the node fills exactly", () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 200 }), (ops) => {
        const node = new Node(range("10.244.1.0/27")); // 29 pod addresses
        const order: string[] = [];
        for (const add of ops) {
          if (add && node.held.size < 29) order.push(node.add());
          else if (!add && order.length > 0) node.held.delete(order.shift()!);
        }
        expect(node.held.has("10.244.1.1")).toBe(false);
        while (node.held.size < 29) node.add();
        expect(() => node.add()).toThrow("no IP addresses available in range set: 10.244.1.1-10.244.1.30");
      }),
    );
  });
});

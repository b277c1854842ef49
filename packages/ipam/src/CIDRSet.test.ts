import { describe, expect, it } from "vitest";
import { formatCIDR, mustParseCIDR } from "./CIDR.js";
import { cidrSetAllocateNext, cidrSetBlock, cidrSetIndexOf, defaultCIDRSet, newCIDRSet } from "./CIDRSet.js";

describe("node podCIDR allocation (nodeipam cidrset)", () => {
  it("hands out 10.244.0.0/24, 10.244.1.0/24, ... in order", () => {
    const set = defaultCIDRSet();
    const used = new Set<number>();
    let next = 0;
    const got: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = cidrSetAllocateNext(set, next, (k) => used.has(k));
      if (!r.ok) throw new Error(r.error);
      used.add(r.value.index);
      next = r.value.nextCandidate;
      got.push(formatCIDR(r.value.cidr));
    }
    expect(got).toEqual(["10.244.0.0/24", "10.244.1.0/24", "10.244.2.0/24"]);
  });

  it("does not reuse a released block until the scan wraps", () => {
    const set = defaultCIDRSet();
    const used = new Set([0, 1, 2]);
    used.delete(1);
    const r = cidrSetAllocateNext(set, 3, (k) => used.has(k));
    expect(r.ok && formatCIDR(r.value.cidr)).toBe("10.244.3.0/24");
    const wrap = cidrSetAllocateNext(set, 255, (k) => (k !== 1 && k !== 0 ? true : used.has(k)));
    expect(wrap.ok && formatCIDR(wrap.value.cidr)).toBe("10.244.1.0/24");
  });

  it("exhaustion gives the controller's error", () => {
    const set = newCIDRSet("10.244.0.0/23", 24);
    if (!set.ok) throw new Error(set.error);
    expect(cidrSetAllocateNext(set.value, 0, () => true)).toEqual({
      ok: false,
      error: "CIDR allocation failed; there are no remaining CIDRs left to allocate in the accepted range",
    });
  });

  it("IPv6 /64 blocks and the 16-bit limit", () => {
    const set = newCIDRSet("fd00:10:244::/56", 64);
    if (!set.ok) throw new Error(set.error);
    expect(formatCIDR(cidrSetBlock(set.value, 3))).toBe("fd00:10:244:3::/64");
    expect(cidrSetIndexOf(set.value, mustParseCIDR("fd00:10:244:7::/64"))).toBe(7);
    expect(newCIDRSet("fd00::/32", 64)).toEqual({
      ok: false,
      error: "New CIDR set failed; the node CIDR size is too big",
    });
  });

  it("indexes existing podCIDRs so they count as used", () => {
    const set = defaultCIDRSet();
    expect(cidrSetIndexOf(set, mustParseCIDR("10.244.17.0/24"))).toBe(17);
    expect(cidrSetIndexOf(set, mustParseCIDR("10.245.0.0/24"))).toBeUndefined();
  });
});

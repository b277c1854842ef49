import { describe, expect, it } from "vitest";
import {
  cidrAddress,
  cidrContains,
  cidrIndexOf,
  cidrLastAddress,
  cidrSize,
  cidrsOverlap,
  formatCIDR,
  mustParseCIDR,
  parseCIDR,
} from "./CIDR.js";
import { formatIP, parseIP } from "./IP.js";

describe("parseCIDR (Go net.ParseCIDR)", () => {
  it.each([
    ["10.96.0.0/12", "10.96.0.0/12", "10.96.0.0"],
    ["10.96.5.7/12", "10.96.0.0/12", "10.96.5.7"], // the address keeps its host bits, the block does not
    ["10.244.1.0/024", "10.244.1.0/24", "10.244.1.0"], // leading zeros in the prefix are fine
    ["0.0.0.0/0", "0.0.0.0/0", "0.0.0.0"],
    ["FD00:10:96::/108", "fd00:10:96::/108", "fd00:10:96::"],
    ["fd00:10:96::1234:5678/112", "fd00:10:96::1234:0/112", "fd00:10:96::1234:5678"],
    ["::ffff:10.1.2.3/120", "10.1.2.0/24", "10.1.2.3"],
  ])("%s → block %s, address %s", (input, block, address) => {
    const r = parseCIDR(input);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(formatCIDR(r.value.cidr)).toBe(block);
    expect(formatIP(r.value.ip)).toBe(address);
  });

  it.each([
    "10.96.0.0",
    "10.96.0.0/33",
    "10.96.0.0/",
    "10.96.0.0/-1",
    "10.96.0.0/+8",
    "10.96.0.0/8 ",
    "010.96.0.0/12",
    "x/8",
    "fd00::/129",
    "fe80::%1/64",
  ])("refuses %j with Go's text", (input) => {
    expect(parseCIDR(input)).toEqual({ ok: false, error: `invalid CIDR address: ${input}` });
  });
});

describe("CIDR arithmetic", () => {
  const svc = mustParseCIDR("10.96.0.0/12");

  it("GetIndexedIP: 1 → 10.96.0.1 (kubernetes Service), 10 → 10.96.0.10 (kube-dns)", () => {
    expect(formatIP(cidrAddress(svc, 1)!)).toBe("10.96.0.1");
    expect(formatIP(cidrAddress(svc, 10)!)).toBe("10.96.0.10");
    expect(cidrAddress(svc, 1 << 20)).toBeUndefined();
  });

  it("sizes, last address, containment and index", () => {
    expect(cidrSize(svc)).toBe(1048576n);
    expect(formatIP(cidrLastAddress(svc))).toBe("10.111.255.255");
    expect(cidrContains(svc, parseIP("10.111.255.255")!)).toBe(true);
    expect(cidrContains(svc, parseIP("10.112.0.0")!)).toBe(false);
    expect(cidrContains(svc, parseIP("::ffff:10.96.0.1")!)).toBe(true);
    expect(cidrContains(svc, parseIP("fd00::1")!)).toBe(false);
    expect(cidrIndexOf(svc, parseIP("10.96.1.1")!)).toBe(257n);
    expect(cidrSize(mustParseCIDR("fd00::/64"))).toBe(1n << 64n);
  });

  it("overlap", () => {
    expect(cidrsOverlap(svc, mustParseCIDR("10.100.0.0/16"))).toBe(true);
    expect(cidrsOverlap(svc, mustParseCIDR("10.244.0.0/16"))).toBe(false);
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  compareIP,
  formatIP,
  ipAdd,
  ipv4,
  ipv6,
  isIPv4String,
  isIPv6String,
  parseIP,
  parseIPSloppy,
} from "./IP.js";

const fmt = (s: string) => {
  const ip = parseIP(s);
  return ip ? formatIP(ip) : null;
};

describe("parseIP (Go net.ParseIP) and formatIP (Go net.IP.String)", () => {
  it.each([
    ["10.96.0.1", "10.96.0.1"],
    ["0.0.0.0", "0.0.0.0"],
    ["255.255.255.255", "255.255.255.255"],
    ["::", "::"],
    ["::1", "::1"],
    ["FD00:10:96::A", "fd00:10:96::a"],
    ["fd00:0010:0096:0000:0000:0000:0000:000a", "fd00:10:96::a"],
    ["2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"], // first of two equal zero runs
    ["2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"], // a single zero group is not compressed
    ["1:0:0:0:0:0:0:0", "1::"],
    ["::ffff:10.96.0.1", "10.96.0.1"], // IPv4-mapped prints as IPv4
    ["::1.2.3.4", "::102:304"],
    ["1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304"],
  ])("%s → %s", (input, canonical) => {
    expect(fmt(input)).toBe(canonical);
  });

  it.each([
    "",
    "10.96.0",
    "10.96.0.1.",
    "10.96.0.256",
    "010.96.0.1", // leading zeros refused since Go 1.17
    "10.96.0.01",
    "1.2.3.4/32",
    "fe80::1%eth0",
    "1::2::3",
    "12345::",
    "1:2:3:4:5:6:7:8:9",
    "1:2:3:4:5:6:7::8", // :: must stand for at least one group
    ":1",
    "1:",
    "1:2:3:4:5:1.2.3.4", // embedded IPv4 in the wrong place
    "None",
  ])("refuses %j", (input) => {
    expect(parseIP(input)).toBeUndefined();
  });

  it("sloppy parsing (netutils.ParseIPSloppy) reads leading zeros as decimal", () => {
    expect(formatIP(parseIPSloppy("010.096.000.010")!)).toBe("10.96.0.10");
    expect(parseIPSloppy("10.96.0.256")).toBeUndefined();
  });

  it("families follow netutils.IsIPv4String / IsIPv6String", () => {
    expect(isIPv4String("10.0.0.1")).toBe(true);
    expect(isIPv4String("::ffff:10.0.0.1")).toBe(true);
    expect(isIPv6String("::ffff:10.0.0.1")).toBe(false);
    expect(isIPv6String("fd00::1")).toBe(true);
    expect(isIPv4String("None")).toBe(false);
  });

  it("canonical text round-trips for every IPv4 and IPv6 value", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffff_ffff }), (v) => {
        const ip = ipv4(v);
        expect(parseIP(formatIP(ip))).toEqual(ip);
      }),
    );
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), (v) => {
        fc.pre(v >> 32n !== 0xffffn); // mapped addresses are IPv4 by design
        const ip = ipv6(v);
        expect(parseIP(formatIP(ip))).toEqual(ip);
        expect(parseIP(formatIP(ip).toUpperCase())).toEqual(ip);
      }),
    );
  });

  it("ipAdd stays inside the family and compareIP orders IPv4 before IPv6", () => {
    expect(formatIP(ipAdd(parseIP("10.96.0.255")!, 1)!)).toBe("10.96.1.0");
    expect(ipAdd(parseIP("255.255.255.255")!, 1)).toBeUndefined();
    expect(compareIP(parseIP("10.0.0.2")!, parseIP("10.0.0.10")!)).toBe(-1);
    expect(compareIP(parseIP("fd00::")!, parseIP("10.0.0.10")!)).toBe(1);
  });
});

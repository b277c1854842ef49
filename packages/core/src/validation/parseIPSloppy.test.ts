import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  formatAddr,
  formatIP,
  formatIPNet,
  formatPrefix,
  is4In6,
  isIPv4String,
  isIPv6String,
  parseAddrStrict,
  parseCIDRSloppy,
  parseIPSloppy,
  parsePrefixStrict,
} from "./parseIPSloppy.js";

// k8s.io/utils/net ParseIPSloppy / ParseCIDRSloppy (Go 1.16 net.ParseIP / net.ParseCIDR) and
// Go's net/netip, which Kubernetes 1.33 IP validation and warnings are built on.
describe("parseIPSloppy (Go 1.16 net.ParseIP)", () => {
  it.each([
    ["1.2.3.4", "1.2.3.4"],
    ["010.001.002.003", "10.1.2.3"], // leading zeros: accepted, read as decimal
    ["2001:db8::1", "2001:db8::1"],
    ["2001:DB8:0:0:0:0:0:1", "2001:db8::1"],
    ["::", "::"],
    ["::1", "::1"],
    ["::ffff:1.2.3.4", "1.2.3.4"], // IPv4-mapped IPv6 is IPv4 to net.IP
    ["0000ffff::", "ffff::"], // over-long groups pass the sloppy parser
    ["1:0:0:1:0:0:0:1", "1:0:0:1::1"], // the longest run of zeros becomes ::
    ["1:0:0:1:0:0:1:1", "1::1:0:0:1:1"], // the first of equally long runs
    ["1:0:1:1:1:1:1:1", "1:0:1:1:1:1:1:1"], // a single zero group stays
  ])("accepts %s and prints it as %s", (input, printed) => {
    const ip = parseIPSloppy(input);
    expect(ip).not.toBeNull();
    expect(formatIP(ip!)).toBe(printed);
  });

  it.each([
    "",
    "garbage-ip",
    "1.2.3",
    "1.2.3.4.5",
    "256.1.1.1",
    "1.2.3.4/24",
    "fe80::1%eth0", // zones are not IP addresses to ParseIP
    "1::2::3",
    "1:2:3:4:5:6:7:8:9",
    "1:2:3:4:5:6:7::8:9",
    "::1.2.3", // trailing IPv4 must be complete
    "1:2:3:4:5:6:1.2.3.4:1",
    "12345::",
    " 1.2.3.4",
  ])("rejects %j", (input) => {
    expect(parseIPSloppy(input)).toBeNull();
  });

  it("classifies families as netutils.IsIPv4String/IsIPv6String do", () => {
    expect(isIPv4String("10.0.0.1")).toBe(true);
    expect(isIPv6String("10.0.0.1")).toBe(false);
    expect(isIPv6String("2001::1")).toBe(true);
    expect(isIPv4String("::ffff:10.0.0.1")).toBe(true);
    expect(isIPv6String("::ffff:10.0.0.1")).toBe(false);
    expect(isIPv4String("garbage")).toBe(false);
    expect(isIPv6String("garbage")).toBe(false);
  });
});

describe("parseAddrStrict (netip.ParseAddr)", () => {
  it("rejects what only the sloppy parser accepts", () => {
    expect(parseAddrStrict("010.1.2.3")).toBeNull();
    expect(parseAddrStrict("0000ffff::")).toBeNull();
    expect(parseAddrStrict("::ffff:001.2.3.4")).toBeNull();
    expect(parseAddrStrict("0.0.0.0")).not.toBeNull();
  });

  it("keeps IPv4-mapped IPv6 apart from IPv4 and prints it as ::ffff:a.b.c.d", () => {
    const mapped = parseAddrStrict("::ffff:1.2.3.4")!;
    expect(is4In6(mapped)).toBe(true);
    expect(formatAddr(mapped)).toBe("::ffff:1.2.3.4");
    const v4 = parseAddrStrict("1.2.3.4")!;
    expect(is4In6(v4)).toBe(false);
    expect(formatAddr(v4)).toBe("1.2.3.4");
    expect(formatAddr(parseAddrStrict("2001:DB8::0:1")!)).toBe("2001:db8::1");
  });
});

describe("parseCIDRSloppy (Go 1.16 net.ParseCIDR)", () => {
  it.each([
    ["10.0.0.0/8", "10.0.0.0/8"],
    ["10.1.2.3/8", "10.0.0.0/8"],
    ["010.0.0.0/08", "10.0.0.0/8"],
    ["2001:db8::1/32", "2001:db8::/32"],
    ["::ffff:1.2.3.4/120", "1.2.3.0/24"], // an IPv4-mapped network prints as IPv4
    ["0.0.0.0/0", "0.0.0.0/0"],
  ])("parses %s as the network %s", (input, network) => {
    const cidr = parseCIDRSloppy(input);
    expect(cidr).not.toBeNull();
    expect(formatIPNet(cidr!)).toBe(network);
  });

  it.each(["1.2.3.4", "1.2.3.4/33", "2001::/129", "foo.bar", "1.2.3.0/", "1.2.3.0/24/1", "", "1.2.3.0/-1"])(
    "rejects %j",
    (input) => {
      expect(parseCIDRSloppy(input)).toBeNull();
    },
  );

  it("parsePrefixStrict (netip.ParsePrefix) rejects leading zeros and keeps the address unmasked", () => {
    expect(parsePrefixStrict("10.0.0.0/08")).toBeNull();
    expect(parsePrefixStrict("010.0.0.0/8")).toBeNull();
    expect(formatPrefix(parsePrefixStrict("2001:DB8::1/64")!)).toBe("2001:db8::1/64");
  });
});

describe("round trips (property)", () => {
  it("every 16-byte address survives formatIP then parseIPSloppy, and formatIP output is strict-valid", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) => {
        const text = formatIP(bytes);
        expect(parseIPSloppy(text)).toEqual(bytes);
        expect(parseAddrStrict(text)).not.toBeNull();
      }),
      { seed: 3070, numRuns: 500 },
    );
  });

  it("an IPv4 address with leading zeros parses sloppily to the same address but not strictly", () => {
    fc.assert(
      fc.property(fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)), ([a, b, c, d]) => {
        const padded = [a, b, c, d].map((n) => String(n).padStart(3, "0")).join(".");
        expect(formatIP(parseIPSloppy(padded)!)).toBe(`${a}.${b}.${c}.${d}`);
        expect(parseAddrStrict(padded) === null).toBe([a, b, c, d].some((n) => n < 100));
      }),
      { seed: 3070, numRuns: 300 },
    );
  });
});

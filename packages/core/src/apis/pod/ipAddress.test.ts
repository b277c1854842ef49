import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { errorString, path } from "../../validation/field.js";
import {
  isValidCIDR,
  isValidIP,
  isValidIPv4Address,
  isValidIPv6Address,
  parseIPSloppy,
  validateNonSpecialIP,
} from "./ipAddress.js";

const p = path("ip");
const msgs = (errs: ReturnType<typeof isValidIP>) => errs.map(errorString);

// k8s.io/utils/net ParseIPSloppy and apimachinery util/validation/ip_test.go (TestIsValidIP, TestIsValidCIDR)
describe("ParseIPSloppy and IsValidIP (ip_test.go)", () => {
  // Go 1.16's net.ParseIP (frozen in k8s.io/utils/net as ParseIPSloppy) also took over-long IPv6 groups.
  it.each([
    "10.0.0.1",
    "010.000.000.001",
    "::1",
    "fd00::1",
    "2001:db8::ffff",
    "::ffff:1.2.3.4",
    "::",
    "00001::",
  ])("accepts %s", (ip) => {
    expect(parseIPSloppy(ip)).not.toBeNull();
    expect(isValidIP(p, ip)).toEqual([]);
  });

  it.each([
    "",
    "1.2.3",
    "1.2.3.4.5",
    "256.1.1.1",
    "1::2::3",
    "12345::1",
    "fe80::1%eth0",
    "a.b.c.d",
    "1.2.3.4/24",
  ])("rejects %j with IsValidIP's message", (ip) => {
    expect(msgs(isValidIP(p, ip))).toEqual([
      `ip: Invalid value: ${JSON.stringify(ip)}: must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)`,
    ]);
  });

  it("tells the families apart (IsValidIPv4Address, IsValidIPv6Address)", () => {
    expect(isValidIPv4Address(p, "10.0.0.1")).toEqual([]);
    expect(msgs(isValidIPv4Address(p, "fd00::1"))).toEqual([
      'ip: Invalid value: "fd00::1": must be a valid IPv4 address',
    ]);
    expect(isValidIPv6Address(p, "fd00::1")).toEqual([]);
    expect(msgs(isValidIPv6Address(p, "10.0.0.1"))).toEqual([
      'ip: Invalid value: "10.0.0.1": must be a valid IPv6 address',
    ]);
  });

  it("checks CIDRs (IsValidCIDR)", () => {
    expect(isValidCIDR(p, "10.244.0.0/24")).toEqual([]);
    expect(isValidCIDR(p, "fd00::/64")).toEqual([]);
    expect(msgs(isValidCIDR(p, "10.244.0.0/33"))).toEqual([
      'ip: Invalid value: "10.244.0.0/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)',
    ]);
  });
});

// pkg/apis/core/validation/validation.go ValidateNonSpecialIP (validation_test.go TestValidateNonSpecialIP)
describe("ValidateNonSpecialIP", () => {
  it.each([
    ["0.0.0.0", "may not be unspecified (0.0.0.0)"],
    ["::", "may not be unspecified (::)"],
    ["127.0.0.1", "may not be in the loopback range (127.0.0.0/8, ::1/128)"],
    ["::1", "may not be in the loopback range (127.0.0.0/8, ::1/128)"],
    ["169.254.169.254", "may not be in the link-local range (169.254.0.0/16, fe80::/10)"],
    ["fe80::1", "may not be in the link-local range (169.254.0.0/16, fe80::/10)"],
    ["224.0.0.1", "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)"],
    ["ff02::1", "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)"],
    ["bogus", "must be a valid IP address"],
  ])("refuses %s", (ip, detail) => {
    expect(msgs(validateNonSpecialIP(ip, p))).toEqual([`ip: Invalid value: "${ip}": ${detail}`]);
  });

  it.each(["10.244.1.5", "192.168.1.1", "fd00::5", "224.0.1.1"])("accepts %s", (ip) => {
    expect(validateNonSpecialIP(ip, p)).toEqual([]);
  });
});

describe("dotted quads (decided without parsing into bytes)", () => {
  const octet = fc.integer({ min: 0, max: 255 });
  const written = (n: number, zeros: number) => "0".repeat(zeros) + String(n);
  it("agree with the byte parser on validity and on every special range", () => {
    fc.assert(
      fc.property(
        fc.tuple(
          fc.constantFrom(0, 10, 127, 169, 224, 255),
          fc.oneof(fc.constantFrom(0, 254), octet),
          fc.oneof(fc.constant(0), octet),
          fc.oneof(fc.constant(0), octet),
        ),
        fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 4, maxLength: 4 }),
        (octets, zeros) => {
          const [a, b, c] = octets;
          const text = octets.map((o, i) => written(o, zeros[i]!)).join(".");
          expect(isValidIP(p, text)).toEqual([]);
          expect(isValidIPv4Address(p, text)).toEqual([]);
          const expected =
            Number(octets.every((o) => o === 0)) +
            Number(a === 127) +
            Number(a === 169 && b === 254) +
            Number(a === 224 && b === 0 && c === 0);
          expect(validateNonSpecialIP(text, p)).toHaveLength(expected);
        },
      ),
    );
  });

  it.each(["1.2.3", "1.2.3.4.5", "1..2.3", "1.2.3.", ".1.2.3", "1.2.3.256", "1.2.3.-1", "1.2.3.4 "])(
    "refuses %s",
    (text) => {
      expect(msgs(isValidIP(p, text))).toHaveLength(1);
      expect(msgs(validateNonSpecialIP(text, p))).toEqual([
        `ip: Invalid value: "${text}": must be a valid IP address`,
      ]);
    },
  );
});

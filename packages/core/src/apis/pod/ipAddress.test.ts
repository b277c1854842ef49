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
  it.each(["10.0.0.1", "010.000.000.001", "::1", "fd00::1", "2001:db8::ffff", "::ffff:1.2.3.4", "::"])(
    "accepts %s",
    (ip) => {
      expect(parseIPSloppy(ip)).not.toBeNull();
      expect(isValidIP(p, ip)).toEqual([]);
    },
  );

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

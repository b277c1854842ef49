import { describe, expect, it } from "vitest";
import { mustParseCIDR } from "./CIDR.js";
import { formatIP } from "./IP.js";
import { checkStaticServiceIP, serviceIPAt, serviceIPRange } from "./ServiceIPRange.js";

describe("serviceIPRange (ipallocator.go NewIPAllocator)", () => {
  it("a /12: 10.96.0.1-10.111.255.254, 1,048,574 addresses, dynamic band from 10.96.1.1", () => {
    const r = serviceIPRange(mustParseCIDR("10.96.0.0/12"));
    expect(formatIP(r.first)).toBe("10.96.0.1");
    expect(formatIP(r.last)).toBe("10.111.255.254");
    expect(r.size).toBe(1048574n);
    expect(r.rangeOffset).toBe(256);
    expect(formatIP(serviceIPAt(r, r.rangeOffset))).toBe("10.96.1.1");
  });

  it("IPv6 keeps its last address; a prefix shorter than /64 is refused", () => {
    const r = serviceIPRange(mustParseCIDR("fd00:10:96::/108"));
    expect(formatIP(r.last)).toBe("fd00:10:96::f:ffff");
    expect(r.size).toBe((1n << 20n) - 1n);
    expect(() => serviceIPRange(mustParseCIDR("fd00::/48"))).toThrow(
      "shortest allowed prefix length for service CIDR is 64, got 48",
    );
  });

  it("static checks report Kubernetes 1.33's texts", () => {
    const r = serviceIPRange(mustParseCIDR("10.96.0.0/12"));
    expect(checkStaticServiceIP(r, "10.96.0.10")).toBeUndefined();
    expect(checkStaticServiceIP(r, "10.96.0.0")).toBe(
      "the provided IP (10.96.0.0) is not in the valid range. The range of valid IPs is 10.96.0.0/12",
    );
    expect(checkStaticServiceIP(r, "10.111.255.255")).toBe(
      "the provided IP (10.111.255.255) is not in the valid range. The range of valid IPs is 10.96.0.0/12",
    );
    expect(checkStaticServiceIP(r, "192.168.0.1")).toBe(
      "the provided network does not match the current range",
    );
  });
});

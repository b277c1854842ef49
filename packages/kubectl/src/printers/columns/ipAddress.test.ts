import { describe, expect, it } from "vitest";
import { ipAddressPrinter } from "./ipAddress.js";
import { serviceCIDRPrinter } from "./serviceCIDR.js";

describe("IPAddress and ServiceCIDR printers (printers.go printIPAddress, printServiceCIDR)", () => {
  it("prints the parent reference as resource/namespace/name", () => {
    const ip = {
      metadata: { name: "10.96.0.1" },
      spec: { parentRef: { resource: "services", namespace: "default", name: "kubernetes" } },
    };
    expect(ipAddressPrinter.row(ip, { nowMs: 0, wide: false })).toEqual([
      "10.96.0.1",
      "services/default/kubernetes",
    ]);
    expect(ipAddressPrinter.row({ metadata: { name: "10.96.0.9" } }, { nowMs: 0, wide: false })).toEqual([
      "10.96.0.9",
      "<none>",
    ]);
  });

  it("joins a ServiceCIDR's ranges with commas", () => {
    const cidr = { metadata: { name: "kubernetes" }, spec: { cidrs: ["10.96.0.0/12", "fd00:10:96::/108"] } };
    expect(serviceCIDRPrinter.row(cidr, { nowMs: 0, wide: false }).slice(0, 2)).toEqual([
      "kubernetes",
      "10.96.0.0/12,fd00:10:96::/108",
    ]);
  });
});

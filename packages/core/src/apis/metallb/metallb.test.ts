import { describe, expect, it } from "vitest";
import { defaultIPAddressPool } from "./defaults.js";
import type { IPAddressPool } from "./types.js";
import {
  formatPrefix,
  parsePoolAddresses,
  validateIPAddressPool,
  validateL2Advertisement,
  webhookDenial,
} from "./validation.js";

function pool(name: string, addresses: string[]): IPAddressPool {
  return {
    apiVersion: "metallb.io/v1beta1",
    kind: "IPAddressPool",
    metadata: { name, namespace: "metallb-system" },
    spec: { addresses },
  };
}

// MetalLB api/v1beta1/ipaddresspool_types.go (+kubebuilder:default)
describe("IPAddressPool CRD defaults", () => {
  it("autoAssign true and avoidBuggyIPs false", () => {
    expect(defaultIPAddressPool(pool("lan", ["192.168.1.240-192.168.1.250"])).spec).toEqual({
      addresses: ["192.168.1.240-192.168.1.250"],
      autoAssign: true,
      avoidBuggyIPs: false,
    });
  });
});

// MetalLB internal/config/config.go ParseCIDR / poolsFor (config_test.go)
describe("MetalLB address parsing", () => {
  it("turns ranges into the prefixes that cover them", () => {
    const parsed = parsePoolAddresses("192.168.1.240-192.168.1.250");
    expect(parsed.ok && parsed.prefixes.map(formatPrefix)).toEqual([
      "192.168.1.240/29",
      "192.168.1.248/31",
      "192.168.1.250/32",
    ]);
    const v6 = parsePoolAddresses("fd00::/120");
    expect(v6.ok && v6.prefixes.map(formatPrefix)).toEqual(["fd00::/120"]);
  });

  it("masks a CIDR to its network", () => {
    const parsed = parsePoolAddresses("172.18.255.200/28");
    expect(parsed.ok && parsed.prefixes.map(formatPrefix)).toEqual(["172.18.255.192/28"]);
  });

  it.each([
    ["10.0.0.0/33", 'invalid CIDR "10.0.0.0/33"'],
    ["10.0.0.1", 'invalid CIDR "10.0.0.1"'],
    ["10.0.0.x-10.0.0.5", 'invalid IP range "10.0.0.x-10.0.0.5": invalid start IP "10.0.0.x"'],
    [
      "10.0.0.9-10.0.0.5",
      'invalid IP range "10.0.0.9-10.0.0.5": start IP "10.0.0.9" is after the end IP "10.0.0.5"',
    ],
  ])("rejects %s", (text, error) => {
    expect(parsePoolAddresses(text)).toEqual({ ok: false, error });
  });
});

describe("MetalLB IPAddressPool webhook", () => {
  it("accepts a valid pool next to a disjoint one", () => {
    expect(
      validateIPAddressPool(pool("b", ["172.18.255.200-172.18.255.250"]), [pool("a", ["172.18.0.0/24"])]),
    ).toBeNull();
  });

  it("refuses an empty pool and bad addresses with MetalLB's text", () => {
    expect(validateIPAddressPool(pool("lan", []))).toBe(
      "parsing address pool lan: pool has no prefixes defined",
    );
    expect(validateIPAddressPool(pool("lan", ["10.0.0.0/33"]))).toBe(
      'parsing address pool lan: invalid CIDR "10.0.0.0/33" in pool "lan": invalid CIDR "10.0.0.0/33"',
    );
  });

  it("refuses overlapping pools", () => {
    expect(
      validateIPAddressPool(pool("b", ["172.18.0.128-172.18.0.130"]), [pool("a", ["172.18.0.0/24"])]),
    ).toBe('CIDR "172.18.0.128/31" in pool "b" overlaps with already defined CIDR "172.18.0.0/24"');
  });

  it("prints a refusal as the API server does", () => {
    expect(webhookDenial("ipaddresspoolvalidationwebhook.metallb.io", "x")).toBe(
      'admission webhook "ipaddresspoolvalidationwebhook.metallb.io" denied the request: x',
    );
  });
});

describe("MetalLB L2Advertisement webhook", () => {
  it("refuses a pool named twice", () => {
    expect(
      validateL2Advertisement({
        apiVersion: "metallb.io/v1beta1",
        kind: "L2Advertisement",
        metadata: { name: "l2", namespace: "metallb-system" },
        spec: { ipAddressPools: ["lan", "lan"] },
      }),
    ).toBe('duplicate definition of ipAddressPools "lan"');
  });

  it("accepts an advertisement of every pool", () => {
    expect(
      validateL2Advertisement({
        apiVersion: "metallb.io/v1beta1",
        kind: "L2Advertisement",
        metadata: { name: "l2", namespace: "metallb-system" },
      }),
    ).toBeNull();
  });
});

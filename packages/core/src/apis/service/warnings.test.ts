import type { Service, ServiceSpec } from "kubernetes-types/core/v1.js";
import { describe, expect, it } from "vitest";
import { path } from "../../validation/field.js";
import { getWarningsForCIDR, getWarningsForIP, getWarningsForService } from "./warnings.js";

// pkg/api/service/warnings.go GetWarningsForService and apimachinery pkg/util/validation/ip.go
// GetWarningsForIP / GetWarningsForCIDR (Kubernetes 1.33), cases after their _test.go files.
describe("getWarningsForIP (GetWarningsForIP)", () => {
  const p = path("spec", "clusterIPs").index(0);
  it.each([
    ["1.2.3.4", []],
    ["2001:db8::1", []],
    ["garbage", []], // only called on values validation accepted
    [
      "010.001.002.003",
      [
        'spec.clusterIPs[0]: non-standard IP address "010.001.002.003" will be considered invalid in a future Kubernetes release: use "10.1.2.3"',
      ],
    ],
    [
      "::ffff:1.2.3.4",
      [
        'spec.clusterIPs[0]: non-standard IP address "::ffff:1.2.3.4" will be considered invalid in a future Kubernetes release: use "1.2.3.4"',
      ],
    ],
    [
      "2001:DB8::1",
      [
        'spec.clusterIPs[0]: IPv6 address "2001:DB8::1" should be in RFC 5952 canonical format ("2001:db8::1")',
      ],
    ],
    [
      "2001:db8:0:0:0:0:0:1",
      [
        'spec.clusterIPs[0]: IPv6 address "2001:db8:0:0:0:0:0:1" should be in RFC 5952 canonical format ("2001:db8::1")',
      ],
    ],
  ])("%s", (value, expected) => {
    expect(getWarningsForIP(p, value)).toEqual(expected);
  });
});

describe("getWarningsForCIDR (GetWarningsForCIDR)", () => {
  const p = path("spec", "loadBalancerSourceRanges").index(0);
  it.each([
    ["10.0.0.0/8", []],
    ["2001:db8::/64", []],
    [
      "10.0.0.1/8",
      [
        'spec.loadBalancerSourceRanges[0]: CIDR value "10.0.0.1/8" is ambiguous in this context (should be "10.0.0.0/8" or "10.0.0.1/32"?)',
      ],
    ],
    [
      "010.0.0.0/8",
      [
        'spec.loadBalancerSourceRanges[0]: non-standard CIDR value "010.0.0.0/8" will be considered invalid in a future Kubernetes release: use "10.0.0.0/8"',
      ],
    ],
    [
      "::ffff:1.2.3.0/120",
      [
        'spec.loadBalancerSourceRanges[0]: non-standard CIDR value "::ffff:1.2.3.0/120" will be considered invalid in a future Kubernetes release: use "1.2.3.0/24"',
      ],
    ],
    [
      "2001:DB8::/64",
      [
        'spec.loadBalancerSourceRanges[0]: IPv6 CIDR value "2001:DB8::/64" should be in RFC 5952 canonical format ("2001:db8::/64")',
      ],
    ],
  ])("%s", (value, expected) => {
    expect(getWarningsForCIDR(p, value)).toEqual(expected);
  });
});

function svc(spec: ServiceSpec, annotations?: Record<string, string>): Service {
  return { metadata: { name: "web", namespace: "default", annotations }, spec };
}

describe("getWarningsForService (GetWarningsForService)", () => {
  it("a plain Service has no warnings", () => {
    expect(
      getWarningsForService(svc({ type: "ClusterIP", clusterIP: "10.96.0.5", clusterIPs: ["10.96.0.5"] })),
    ).toEqual([]);
  });

  it("warns about the deprecated topology annotation", () => {
    expect(
      getWarningsForService(
        svc({ type: "ClusterIP" }, { "service.kubernetes.io/topology-aware-hints": "auto" }),
      ),
    ).toEqual([
      "annotation service.kubernetes.io/topology-aware-hints is deprecated, please use service.kubernetes.io/topology-mode instead",
    ]);
  });

  it("checks clusterIPs only when a ClusterIP is set, then externalIPs, loadBalancerIP and source ranges, in that order", () => {
    const warnings = getWarningsForService(
      svc({
        type: "LoadBalancer",
        clusterIP: "010.96.0.5",
        clusterIPs: ["010.96.0.5"],
        externalIPs: ["192.0.2.010"],
        loadBalancerIP: "2001:DB8::1",
        loadBalancerSourceRanges: ["10.0.0.1/8"],
      }),
    );
    expect(warnings).toEqual([
      'spec.clusterIPs[0]: non-standard IP address "010.96.0.5" will be considered invalid in a future Kubernetes release: use "10.96.0.5"',
      'spec.externalIPs[0]: non-standard IP address "192.0.2.010" will be considered invalid in a future Kubernetes release: use "192.0.2.10"',
      'spec.loadBalancerIP: IPv6 address "2001:DB8::1" should be in RFC 5952 canonical format ("2001:db8::1")',
      'spec.loadBalancerSourceRanges[0]: CIDR value "10.0.0.1/8" is ambiguous in this context (should be "10.0.0.0/8" or "10.0.0.1/32"?)',
    ]);
    expect(getWarningsForService(svc({ clusterIP: "None", clusterIPs: ["None"] }))).toEqual([]);
  });

  it("warns about fields the type ignores (kubernetes/kubernetes#119310, 1.28)", () => {
    expect(
      getWarningsForService(
        svc({ type: "ExternalName", externalName: "example.com", externalIPs: ["192.0.2.1"] }),
      ),
    ).toEqual(['spec.externalIPs is ignored when spec.type is "ExternalName"']);
    expect(getWarningsForService(svc({ type: "ClusterIP", externalName: "example.com" }))).toEqual([
      'spec.externalName is ignored when spec.type is not "ExternalName"',
    ]);
  });

  it("has none of the later releases' warnings (headless 1.34, PreferClose 1.35, externalIPs 1.36)", () => {
    expect(
      getWarningsForService(
        svc({
          type: "ClusterIP",
          clusterIP: "None",
          clusterIPs: ["None"],
          sessionAffinity: "ClientIP",
          loadBalancerIP: "192.0.2.1",
          trafficDistribution: "PreferClose",
        }),
      ),
    ).toEqual([]);
    expect(getWarningsForService(svc({ type: "ClusterIP", externalIPs: ["192.0.2.1"] }))).toEqual([]);
  });
});

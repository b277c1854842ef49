/**
 * API warnings for Services (kubectl prints each as `Warning: <text>`), after Kubernetes 1.33
 * `pkg/api/service/warnings.go` `GetWarningsForService` and apimachinery
 * `pkg/util/validation/ip.go` `GetWarningsForIP` / `GetWarningsForCIDR`.
 *
 * Version notes: 1.34 added warnings for headless Services
 * (`spec.loadBalancerIP is ignored for headless services`, ...; kubernetes/kubernetes#132214),
 * 1.35 the `trafficDistribution: PreferClose` deprecation (#134457) and 1.36 the
 * `spec.externalIPs is deprecated ...` warning (KEP-5707). None of them exist in 1.33, so none
 * are produced here.
 *
 * @module
 */

import type { Service } from "kubernetes-types/core/v1.js";
import { type FieldPath, path } from "../../validation/field.js";
import { goQuote } from "../../validation/goStrings.js";
import {
  formatAddr,
  formatIP,
  formatIPNet,
  formatPrefix,
  ipEqual,
  is4In6,
  parseAddrStrict,
  parseCIDRSloppy,
  parseIPSloppy,
  parsePrefixStrict,
} from "../../validation/parseIPSloppy.js";
import {
  ANNOTATION_TOPOLOGY_AWARE_HINTS,
  ANNOTATION_TOPOLOGY_MODE,
  CLUSTER_IP_NONE,
  specOf,
} from "./_internal/serviceUtil.js";

/**
 * `GetWarningsForIP`: for a value validation accepted, a warning when it uses a form Kubernetes
 * plans to reject (IPv4 leading zeros, IPv4-mapped IPv6) or a non-canonical IPv6 spelling.
 */
export function getWarningsForIP(fldPath: FieldPath, value: string): string[] {
  const ip = parseIPSloppy(value);
  if (ip === null) return [];
  const addr = parseAddrStrict(value);
  if (addr === null || is4In6(addr)) {
    return [
      `${fldPath.toString()}: non-standard IP address ${goQuote(value)} will be considered invalid in a future Kubernetes release: use ${goQuote(formatIP(ip))}`,
    ];
  }
  if (!addr.is4 && formatAddr(addr) !== value) {
    return [
      `${fldPath.toString()}: IPv6 address ${goQuote(value)} should be in RFC 5952 canonical format (${goQuote(formatAddr(addr))})`,
    ];
  }
  return [];
}

/**
 * `GetWarningsForCIDR`: for a value validation accepted, warnings for bits set after the prefix
 * length (`10.0.0.1/8` is ambiguous), forms Kubernetes plans to reject, and non-canonical IPv6.
 */
export function getWarningsForCIDR(fldPath: FieldPath, value: string): string[] {
  const cidr = parseCIDRSloppy(value);
  if (cidr === null) return [];
  const warnings: string[] = [];
  const field = fldPath.toString();
  if (!ipEqual(cidr.ip, cidr.network)) {
    const singleIPCIDR = `${formatIP(cidr.ip)}/${cidr.addrBits}`;
    warnings.push(
      `${field}: CIDR value ${goQuote(value)} is ambiguous in this context (should be ${goQuote(formatIPNet(cidr))} or ${goQuote(singleIPCIDR)}?)`,
    );
  }
  const prefix = parsePrefixStrict(value);
  if (prefix === null || is4In6(prefix.addr)) {
    warnings.push(
      `${field}: non-standard CIDR value ${goQuote(value)} will be considered invalid in a future Kubernetes release: use ${goQuote(formatIPNet(cidr))}`,
    );
  }
  if (warnings.length === 0 && prefix !== null && !prefix.addr.is4 && formatPrefix(prefix) !== value) {
    warnings.push(
      `${field}: IPv6 CIDR value ${goQuote(value)} should be in RFC 5952 canonical format (${goQuote(formatPrefix(prefix))})`,
    );
  }
  return warnings;
}

/**
 * `GetWarningsForService` (1.33): the deprecated topology annotation, non-standard IPs in
 * `clusterIPs` (when a ClusterIP is set), `externalIPs` and `loadBalancerIP`, non-standard
 * `loadBalancerSourceRanges`, and fields the Service's type ignores
 * (`spec.externalIPs is ignored when spec.type is "ExternalName"`,
 * `spec.externalName is ignored when spec.type is not "ExternalName"`). `old` is accepted for
 * the Go signature and unused, as in Kubernetes.
 */
export function getWarningsForService(svc: Service, _old?: Service): string[] {
  const warnings: string[] = [];
  const annotations = svc.metadata?.annotations ?? {};
  if (Object.hasOwn(annotations, ANNOTATION_TOPOLOGY_AWARE_HINTS)) {
    warnings.push(
      `annotation ${ANNOTATION_TOPOLOGY_AWARE_HINTS} is deprecated, please use ${ANNOTATION_TOPOLOGY_MODE} instead`,
    );
  }
  const spec = specOf(svc);
  const clusterIP = spec.clusterIP ?? "";
  // helper.IsServiceIPSet: neither headless nor unallocated.
  if (clusterIP !== CLUSTER_IP_NONE && clusterIP !== "") {
    (spec.clusterIPs ?? []).forEach((ip, i) => {
      warnings.push(...getWarningsForIP(path("spec", "clusterIPs").index(i), ip));
    });
  }
  (spec.externalIPs ?? []).forEach((ip, i) => {
    warnings.push(...getWarningsForIP(path("spec", "externalIPs").index(i), ip));
  });
  if ((spec.loadBalancerIP ?? "").length > 0) {
    warnings.push(...getWarningsForIP(path("spec", "loadBalancerIP"), spec.loadBalancerIP!));
  }
  (spec.loadBalancerSourceRanges ?? []).forEach((cidr, i) => {
    warnings.push(...getWarningsForCIDR(path("spec", "loadBalancerSourceRanges").index(i), cidr));
  });
  if (spec.type === "ExternalName" && (spec.externalIPs?.length ?? 0) > 0) {
    warnings.push(`spec.externalIPs is ignored when spec.type is "ExternalName"`);
  }
  if (spec.type !== "ExternalName" && (spec.externalName ?? "") !== "") {
    warnings.push(`spec.externalName is ignored when spec.type is not "ExternalName"`);
  }
  return warnings;
}

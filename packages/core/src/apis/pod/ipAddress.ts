/**
 * IP address checks with Kubernetes 1.33 messages: the parser is `k8s.io/utils/net.ParseIPSloppy`
 * (Go's pre-1.17 `net.ParseIP`, which still accepts leading zeros in IPv4 octets), the field checks are
 * `k8s.io/apimachinery/pkg/util/validation/ip.go` (`IsValidIP`, `IsValidIPv4Address`,
 * `IsValidIPv6Address`, `IsValidCIDR`) and `ValidateNonSpecialIP` / `ValidateEndpointIP` from
 * `pkg/apis/core/validation/validation.go`.
 *
 * @module
 */

import { parseIPv4 } from "@kubesim/ipam";
import { type FieldError, type FieldPath, invalid } from "../../validation/field.js";
import { isIPv4, parseCIDRSloppy, parseIPSloppy as parseGoIPSloppy } from "../../validation/parseIPSloppy.js";

/** A parsed address in Go's 16-byte form; IPv4 addresses are stored IPv4-mapped (`::ffff:a.b.c.d`). */
export interface ParsedIP {
  readonly bytes: readonly number[];
  /** Whether Go's `ip.To4()` is non-nil (an IPv4 address, or an IPv4-mapped IPv6 address). */
  readonly isIPv4: boolean;
}

/**
 * `netutils.ParseIPSloppy`: the address, or `null` when Go would return nil. Zones (`%eth0`) are
 * rejected. The parser is the exact port in `validation/parseIPSloppy.ts` (which also accepts
 * what Go 1.16 did, such as over-long IPv6 groups: `00001::`).
 */
export function parseIPSloppy(s: string): ParsedIP | null {
  const ip = parseGoIPSloppy(s);
  return ip === null ? null : { bytes: [...ip], isIPv4: isIPv4(ip) };
}

/** `netutils.ParseCIDRSloppy`: whether `s` is `<ip>/<prefix>` with a prefix that fits the address family. */
export function isValidCIDRSloppy(s: string): boolean {
  return parseCIDRSloppy(s) !== null;
}

/**
 * Whether `s` is a dotted quad by ParseIPSloppy's rules (leading zeros allowed), decided without
 * allocating: endpoint validation reads every address of a slice on every update.
 */
function isDottedQuad(s: string): boolean {
  return parseIPv4(s, true) !== undefined;
}

/**
 * Whether `s` is a dotted quad that every IPv4 check here accepts: valid, and not unspecified,
 * loopback, link-local or link-local multicast (so `IsValidIP`, `IsValidIPv4Address` and
 * {@link validateNonSpecialIP} all return no error). Decided without allocating.
 */
export function isOrdinaryIPv4(s: string): boolean {
  const quad = parseIPv4(s, true) ?? -1;
  return quad > 0 && quad >>> 24 !== 127 && quad >>> 16 !== 0xa9fe && quad >>> 8 !== 0xe00000;
}

/** `validation.IsValidIP`: `Invalid value: "x": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)`. */
export function isValidIP(fldPath: FieldPath, value: string): FieldError[] {
  if (isDottedQuad(value) || parseIPSloppy(value) !== null) return [];
  return [invalid(fldPath, value, "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)")];
}

/** `validation.IsValidIPv4Address`: `must be a valid IPv4 address`. */
export function isValidIPv4Address(fldPath: FieldPath, value: string): FieldError[] {
  if (isDottedQuad(value)) return [];
  const ip = parseIPSloppy(value);
  return ip?.isIPv4 ? [] : [invalid(fldPath, value, "must be a valid IPv4 address")];
}

/** `validation.IsValidIPv6Address`: `must be a valid IPv6 address`. */
export function isValidIPv6Address(fldPath: FieldPath, value: string): FieldError[] {
  const ip = parseIPSloppy(value);
  return ip !== null && !ip.isIPv4 ? [] : [invalid(fldPath, value, "must be a valid IPv6 address")];
}

/** `validation.IsValidCIDR`: `must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)`. */
export function isValidCIDR(fldPath: FieldPath, value: string): FieldError[] {
  if (isValidCIDRSloppy(value)) return [];
  return [invalid(fldPath, value, "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)")];
}

/**
 * `ValidateNonSpecialIP` (Endpoints addresses, external IPs) and its twin `ValidateEndpointIP`
 * (EndpointSlice addresses): a valid address that is not unspecified, loopback, link-local unicast or
 * link-local multicast. Each broken rule adds its own error, as in Go.
 */
export function validateNonSpecialIP(value: string, fldPath: FieldPath): FieldError[] {
  // An ordinary dotted quad (the usual case) is decided without parsing it into bytes.
  if (isOrdinaryIPv4(value)) return [];
  const ip = parseIPSloppy(value);
  if (ip === null) return [invalid(fldPath, value, "must be a valid IP address")];
  const b = ip.bytes;
  const errs: FieldError[] = [];
  const v4 = ip.isIPv4 ? b.slice(12) : null;
  const unspecified = v4 ? v4.every((x) => x === 0) : b.every((x) => x === 0);
  const loopback = v4 ? v4[0] === 127 : b.slice(0, 15).every((x) => x === 0) && b[15] === 1;
  const linkLocalUnicast = v4 ? v4[0] === 169 && v4[1] === 254 : b[0] === 0xfe && (b[1]! & 0xc0) === 0x80;
  const linkLocalMulticast = v4
    ? v4[0] === 224 && v4[1] === 0 && v4[2] === 0
    : b[0] === 0xff && (b[1]! & 0x0f) === 0x02;
  if (unspecified) errs.push(invalid(fldPath, value, `may not be unspecified (${value})`));
  if (loopback) errs.push(invalid(fldPath, value, "may not be in the loopback range (127.0.0.0/8, ::1/128)"));
  if (linkLocalUnicast)
    errs.push(invalid(fldPath, value, "may not be in the link-local range (169.254.0.0/16, fe80::/10)"));
  if (linkLocalMulticast)
    errs.push(
      invalid(fldPath, value, "may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)"),
    );
  return errs;
}

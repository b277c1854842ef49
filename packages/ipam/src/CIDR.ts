/**
 * CIDR blocks as Go's `net.ParseCIDR` and `net.IPNet` handle them, with the arithmetic the
 * allocators need: containment, the n-th address, sizes (bigint, since IPv6 blocks exceed 2^53).
 *
 * @module
 */

import { familyBits, formatIP, type IP, type IPFamily, isIPv4MappedValue, parseIP, parseIPv4 } from "./IP.js";
import type { ParseResult } from "./ParseResult.js";

/** A CIDR block: its family, its network address (host bits zero) and its prefix length. */
export interface CIDR {
  readonly family: IPFamily;
  /** The network address: the block's first address, host bits cleared. */
  readonly network: IP;
  readonly prefixLength: number;
}

/** What {@link parseCIDR} returns: the address as written and the block it names (Go returns both). */
export interface ParsedCIDR {
  /** The address as written, host bits kept (`10.244.1.7` for `10.244.1.7/24`). */
  readonly ip: IP;
  readonly cidr: CIDR;
}

/** Go's `strconv` "big" bound in `dtoi`: a prefix length this long is refused outright. */
const DTOI_BIG = 0xffffff;

/**
 * Parses `address/prefix` as Go's `net.ParseCIDR` (Go 1.22): the address strictly (no leading
 * zeros, no zone), the prefix as decimal digits (leading zeros allowed) not above the family's
 * bit length. The error text is Go's: `invalid CIDR address: <text>`.
 *
 * An IPv4-mapped IPv6 address with a prefix of 96 or more names an IPv4 block, as `IPNet.String()` prints it.
 */
export function parseCIDR(text: string): ParseResult<ParsedCIDR> {
  const fail = { ok: false, error: `invalid CIDR address: ${text}` } as const;
  const slash = text.indexOf("/");
  if (slash < 0) return fail;
  const addrText = text.slice(0, slash);
  const maskText = text.slice(slash + 1);
  const parsed = parseAddressForCIDR(addrText);
  if (!parsed) return fail;
  let n = 0;
  let i = 0;
  for (; i < maskText.length; i++) {
    const code = maskText.charCodeAt(i);
    if (code < 48 || code > 57) break;
    n = n * 10 + (code - 48);
    if (n >= DTOI_BIG) return fail;
  }
  if (i === 0 || i !== maskText.length || n > parsed.bits) return fail;
  let family: IPFamily = parsed.bits === 32 ? "IPv4" : "IPv6";
  let value = parsed.value;
  let prefixLength = n;
  if (family === "IPv6" && isIPv4MappedValue(value) && prefixLength >= 96) {
    family = "IPv4";
    value &= 0xffff_ffffn;
    prefixLength -= 96;
  }
  const ip: IP = { family, value };
  return { ok: true, value: { ip, cidr: { family, network: maskIP(ip, prefixLength), prefixLength } } };
}

function parseAddressForCIDR(text: string): { value: bigint; bits: number } | undefined {
  // netip.ParseAddr keeps a mapped address 128 bits wide, unlike net.ParseIP; decide by the text.
  if (!text.includes(":")) {
    const v4 = parseIPv4(text);
    return v4 === undefined ? undefined : { value: BigInt(v4), bits: 32 };
  }
  if (text.includes("%")) return undefined;
  const v6 = parseIPv6Value(text);
  return v6 === undefined ? undefined : { value: v6, bits: 128 };
}

function parseIPv6Value(text: string): bigint | undefined {
  // Reuse the IP parser; it folds mapped addresses into IPv4, so unfold them again here.
  const ip = parseIP(text);
  if (!ip) return undefined;
  return ip.family === "IPv6" ? ip.value : ip.value | (0xffffn << 32n);
}

/** Parses a CIDR, throwing on bad input: for configuration known to be valid (defaults, tests). */
export function mustParseCIDR(text: string): CIDR {
  const r = parseCIDR(text);
  if (!r.ok) throw new Error(r.error);
  return r.value.cidr;
}

/** The address with its host bits (beyond `prefixLength`) cleared. */
export function maskIP(ip: IP, prefixLength: number): IP {
  const hostBits = BigInt(familyBits(ip.family) - prefixLength);
  return { family: ip.family, value: (ip.value >> hostBits) << hostBits };
}

/** The block as Go's `IPNet.String()` prints it: `10.96.0.0/12`, `fd00:10:96::/108`. */
export function formatCIDR(cidr: CIDR): string {
  return `${formatIP(cidr.network)}/${cidr.prefixLength}`;
}

/** The number of host bits of the block. */
export function hostBits(cidr: CIDR): number {
  return familyBits(cidr.family) - cidr.prefixLength;
}

/** The number of addresses in the block, network and broadcast included (2^hostBits). */
export function cidrSize(cidr: CIDR): bigint {
  return 1n << BigInt(hostBits(cidr));
}

/** The block's last address (for IPv4 the broadcast address). */
export function cidrLastAddress(cidr: CIDR): IP {
  return { family: cidr.family, value: cidr.network.value + cidrSize(cidr) - 1n };
}

/** Whether the block contains the address (`IPNet.Contains`); addresses of the other family never match. */
export function cidrContains(cidr: CIDR, ip: IP): boolean {
  if (ip.family !== cidr.family) return false;
  const hb = BigInt(hostBits(cidr));
  return ip.value >> hb === cidr.network.value >> hb;
}

/**
 * The address at `index` from the network address (`netutils.GetIndexedIP`): index 1 of
 * `10.96.0.0/12` is `10.96.0.1`, index 10 is `10.96.0.10`. Undefined when outside the block.
 */
export function cidrAddress(cidr: CIDR, index: number | bigint): IP | undefined {
  const i = BigInt(index);
  if (i < 0n || i >= cidrSize(cidr)) return undefined;
  return { family: cidr.family, value: cidr.network.value + i };
}

/** The index of an address from the block's network address, or undefined if outside the block. */
export function cidrIndexOf(cidr: CIDR, ip: IP): bigint | undefined {
  return cidrContains(cidr, ip) ? ip.value - cidr.network.value : undefined;
}

/** Whether two blocks share any address. */
export function cidrsOverlap(a: CIDR, b: CIDR): boolean {
  return cidrContains(a, b.network) || cidrContains(b, a.network);
}

/** Whether two blocks are the same. */
export function cidrEqual(a: CIDR, b: CIDR): boolean {
  return a.family === b.family && a.prefixLength === b.prefixLength && a.network.value === b.network.value;
}

/**
 * Allocation-free IPv4 helpers the proxy modes share on the per-packet path: addresses as
 * unsigned 32-bit numbers, CIDRs as base and mask, and a matcher for CIDR lists that parses
 * each (immutable) list once.
 *
 * @module
 */

/** An IPv4 CIDR as numbers (`base` already masked) plus its canonical text (`net.IPNet.String()`). */
export interface Ipv4Cidr {
  readonly base: number;
  readonly mask: number;
  readonly text: string;
}

/** `ip` as an unsigned 32-bit number, or -1 when it is not a dotted-quad IPv4 address. */
export function parseIPv4(ip: string): number {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < ip.length; i++) {
    const c = ip.charCodeAt(i);
    if (c === 46) {
      if (digits === 0) return -1;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57) {
      octet = octet * 10 + (c - 48);
      digits++;
      if (octet > 255 || digits > 3) return -1;
    } else {
      return -1;
    }
  }
  if (dots !== 3 || digits === 0) return -1;
  return value * 256 + octet;
}

/** `a.b.c.d` for an unsigned 32-bit number. */
export function formatIPv4(value: number): string {
  return `${(value >>> 24) & 255}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

/**
 * Parses `cidr` (surrounding whitespace ignored, as kube-proxy trims loadBalancerSourceRanges)
 * into its masked form; undefined when it is not an IPv4 CIDR.
 */
export function parseIPv4Cidr(cidr: string): Ipv4Cidr | undefined {
  const trimmed = cidr.trim();
  const slash = trimmed.indexOf("/");
  if (slash < 0) return undefined;
  const ip = parseIPv4(trimmed.slice(0, slash));
  const bitsText = trimmed.slice(slash + 1);
  if (ip < 0 || !/^\d{1,2}$/.test(bitsText)) return undefined;
  const bits = Number(bitsText);
  if (bits > 32) return undefined;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  const base = (ip & mask) >>> 0;
  return { base, mask, text: `${formatIPv4(base)}/${bits}` };
}

/** Whether the IPv4 address `ip` (a number from {@link parseIPv4}) lies in `cidr`. */
export function cidrContains(cidr: Ipv4Cidr, ip: number): boolean {
  return ip >= 0 && (ip & cidr.mask) >>> 0 === cidr.base;
}

/** Whether `ip` is in 127.0.0.0/8 (IPv4 loopback), without parsing it. */
export function isIPv4Loopback(ip: string): boolean {
  return ip.startsWith("127.");
}

/** `inAnyCIDR(ip, cidrs)`: whether `ip` lies in any of `cidrs` (IPv4 only; other entries never match). */
export type CIDRMatcher = (ip: string, cidrs: readonly string[]) => boolean;

/**
 * A CIDR matcher that caches the parsed form of each (immutable) CIDR list it sees, so the
 * packet fast path parses nothing; a bare address counts as its /32. One per proxy-mode
 * instance: no module state.
 */
export function createCIDRMatcher(): CIDRMatcher {
  const parsedLists = new WeakMap<readonly string[], readonly Ipv4Cidr[]>();
  return (ip, cidrs) => {
    if (cidrs.length === 0) return false;
    let parsed = parsedLists.get(cidrs);
    if (!parsed) {
      parsed = cidrs
        .map((c) => parseIPv4Cidr(c.includes("/") ? c : `${c.trim()}/32`))
        .filter((c): c is Ipv4Cidr => c !== undefined);
      parsedLists.set(cidrs, parsed);
    }
    const n = parseIPv4(ip);
    if (n < 0) return false;
    for (const c of parsed) if (cidrContains(c, n)) return true;
    return false;
  };
}

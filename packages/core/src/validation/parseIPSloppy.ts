/**
 * IP address and CIDR parsing with the exact acceptance rules Kubernetes 1.33 validation uses.
 *
 * Kubernetes validates IPs (Services, Endpoints, EndpointSlices, nodes) with
 * `k8s.io/utils/net.ParseIPSloppy` / `ParseCIDRSloppy`, a frozen copy of Go 1.16's `net.ParseIP`
 * / `net.ParseCIDR` that still accepts IPv4 octets with leading zeros (`010.1.2.3`) and
 * over-long IPv6 groups (`00001::`). Its API warnings
 * (`GetWarningsForIP`, `GetWarningsForCIDR` in apimachinery `pkg/util/validation/ip.go`) compare
 * that with the strict `net/netip` parser. Both parsers and both Go printers (`net.IP.String`,
 * `netip.Addr.String`) are reproduced here, because the messages quote their output.
 *
 * Every address is returned as 16 bytes, IPv4 in the IPv4-mapped form `::ffff:a.b.c.d`, exactly
 * like Go's 16-byte `net.IP`.
 *
 * @module
 */

import { formatIP as formatIPValue, ipv6 } from "@kubesim/ipam";

const IPV4_MAPPED_PREFIX = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff] as const;

// Go's `big`: the decimal and hex readers give up once a value reaches it.
const BIG = 0xffffff;

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

/** Go's `dtoi`: decimal digits from `pos`; returns [value, digits consumed, ok]. */
function dtoi(s: string, pos: number): [number, number, boolean] {
  let n = 0;
  let i = 0;
  for (; pos + i < s.length && isDigit(s.charCodeAt(pos + i)); i++) {
    n = n * 10 + (s.charCodeAt(pos + i) - 0x30);
    if (n >= BIG) return [BIG, i, false];
  }
  return i === 0 ? [0, 0, false] : [n, i, true];
}

/** Go's `xtoi`: hex digits from `pos`; returns [value, digits consumed, ok]. */
function xtoi(s: string, pos: number): [number, number, boolean] {
  let n = 0;
  let i = 0;
  for (; pos + i < s.length; i++) {
    const d = hexValue(s.charCodeAt(pos + i));
    if (d < 0) break;
    n = n * 16 + d;
    if (n >= BIG) return [0, i, false];
  }
  return i === 0 ? [0, 0, false] : [n, i, true];
}

function v4Mapped(a: number, b: number, c: number, d: number): Uint8Array {
  return Uint8Array.from([...IPV4_MAPPED_PREFIX, a, b, c, d]);
}

// Go 1.16 parseIPv4; `strict` adds netip.ParseAddr's rules (at most 3 digits, no leading zero).
function parseIPv4(s: string, strict: boolean): Uint8Array | null {
  const p = [0, 0, 0, 0];
  let pos = 0;
  for (let i = 0; i < 4; i++) {
    if (pos >= s.length) return null;
    if (i > 0) {
      if (s[pos] !== ".") return null;
      pos++;
    }
    const [n, c, ok] = dtoi(s, pos);
    if (!ok || n > 0xff) return null;
    if (strict && (c > 3 || (c > 1 && s[pos] === "0"))) return null;
    pos += c;
    p[i] = n;
  }
  if (pos !== s.length) return null;
  return v4Mapped(p[0]!, p[1]!, p[2]!, p[3]!);
}

// Go 1.16 parseIPv6 (no zones); `strict` adds netip.ParseAddr's limit of 4 hex digits a group.
function parseIPv6(s: string, strict: boolean): Uint8Array | null {
  const ip = new Uint8Array(16);
  let ellipsis = -1;
  let pos = 0;
  if (s.length >= 2 && s[0] === ":" && s[1] === ":") {
    ellipsis = 0;
    pos = 2;
    if (pos === s.length) return ip;
  }
  let i = 0;
  while (i < 16) {
    const [n, c, ok] = xtoi(s, pos);
    if (!ok || n > 0xffff) return null;
    if (strict && c > 4) return null;
    if (pos + c < s.length && s[pos + c] === ".") {
      // A trailing IPv4 address is allowed only in the last 32 bits.
      if (ellipsis < 0 && i !== 12) return null;
      if (i + 4 > 16) return null;
      const ip4 = parseIPv4(s.slice(pos), strict);
      if (ip4 === null) return null;
      ip.set(ip4.subarray(12), i);
      pos = s.length;
      i += 4;
      break;
    }
    ip[i] = n >> 8;
    ip[i + 1] = n & 0xff;
    i += 2;
    pos += c;
    if (pos === s.length) break;
    if (s[pos] !== ":" || pos + 1 === s.length) return null;
    pos++;
    if (s[pos] === ":") {
      if (ellipsis >= 0) return null;
      ellipsis = i;
      pos++;
      if (pos === s.length) break;
    }
  }
  if (pos !== s.length) return null;
  if (i < 16) {
    if (ellipsis < 0) return null;
    const n = 16 - i;
    for (let j = i - 1; j >= ellipsis; j--) ip[j + n] = ip[j]!;
    for (let j = ellipsis + n - 1; j >= ellipsis; j--) ip[j] = 0;
  } else if (ellipsis >= 0) {
    // "::" must stand for at least one group of zeros.
    return null;
  }
  return ip;
}

function parseAddr(s: string, strict: boolean): Uint8Array | null {
  for (const ch of s) {
    if (ch === ".") return parseIPv4(s, strict);
    if (ch === ":") return parseIPv6(s, strict);
  }
  return null;
}

/**
 * `netutils.ParseIPSloppy`: Go 1.16 `net.ParseIP`. Returns the 16-byte address or `null`.
 * Accepts `010.001.002.003` and `0000ffff::`, rejects zones (`fe80::1%eth0`) and CIDRs.
 */
export function parseIPSloppy(s: string): Uint8Array | null {
  return parseAddr(s, false);
}

/** Go's `ip.To4() != nil`: the address is IPv4 (16-byte IPv4-mapped form). */
export function isIPv4(ip: Uint8Array): boolean {
  for (let i = 0; i < 12; i++) if (ip[i] !== IPV4_MAPPED_PREFIX[i]) return false;
  return true;
}

/** `netutils.IsIPv4String`: parses (sloppily) as an IPv4 address, including `::ffff:a.b.c.d`. */
export function isIPv4String(s: string): boolean {
  const ip = parseIPSloppy(s);
  return ip !== null && isIPv4(ip);
}

/** `netutils.IsIPv6String`: parses (sloppily) and is not IPv4 (so `::ffff:1.2.3.4` is not IPv6). */
export function isIPv6String(s: string): boolean {
  const ip = parseIPSloppy(s);
  return ip !== null && !isIPv4(ip);
}

function dotted(ip: Uint8Array): string {
  return `${ip[12]}.${ip[13]}.${ip[14]}.${ip[15]}`;
}

// RFC 5952 text of an IPv6 address, as both net.IP.String and netip.Addr.String write it
// (lower-case hex, no leading zeros, the first longest run of two or more zero groups as "::"):
// @kubesim/ipam's printer, given the 16 bytes as one number.
function ipv6Text(ip: Uint8Array): string {
  let value = 0n;
  for (const byte of ip) value = (value << 8n) | BigInt(byte);
  return formatIPValue(ipv6(value));
}

/** Go's `net.IP.String()`: dotted quad for IPv4 (including IPv4-mapped), RFC 5952 text otherwise. */
export function formatIP(ip: Uint8Array): string {
  return isIPv4(ip) ? dotted(ip) : ipv6Text(ip);
}

/** A `netip.Addr` as `netip.ParseAddr` returns it (zones are not supported: sloppy parsing rejects them). */
export interface StrictAddr {
  /** The 16-byte address (IPv4 in the IPv4-mapped form). */
  readonly ip: Uint8Array;
  /** `Is4()`: written as a dotted quad. An IPv6 address like `::ffff:1.2.3.4` is `Is4In6()` instead. */
  readonly is4: boolean;
}

/** `netip.ParseAddr`: no leading zeros in IPv4 octets, at most 4 hex digits per IPv6 group. */
export function parseAddrStrict(s: string): StrictAddr | null {
  const ip = parseAddr(s, true);
  if (ip === null) return null;
  return { ip, is4: !s.includes(":") };
}

/** `netip.Addr.Is4In6()`: an IPv6 address in the IPv4-mapped range. */
export function is4In6(addr: StrictAddr): boolean {
  return !addr.is4 && isIPv4(addr.ip);
}

/** `netip.Addr.String()`: like {@link formatIP}, except that IPv4-mapped IPv6 prints `::ffff:a.b.c.d`. */
export function formatAddr(addr: StrictAddr): string {
  if (addr.is4) return dotted(addr.ip);
  return isIPv4(addr.ip) ? "::ffff:" + dotted(addr.ip) : ipv6Text(addr.ip);
}

/** A CIDR as Go 1.16 `net.ParseCIDR` returns it: the address as written and the masked `*net.IPNet`. */
export interface SloppyCIDR {
  /** The address as written (16 bytes). */
  readonly ip: Uint8Array;
  /** The network address (`ip.Mask(mask)`, 16 bytes). */
  readonly network: Uint8Array;
  /** The prefix length. */
  readonly bits: number;
  /** The mask's total length: 32 when the address parsed as IPv4, else 128. */
  readonly addrBits: 32 | 128;
}

/** `netutils.ParseCIDRSloppy`: Go 1.16 `net.ParseCIDR` (leading zeros allowed, also in the length). */
export function parseCIDRSloppy(s: string): SloppyCIDR | null {
  const slash = s.indexOf("/");
  if (slash < 0) return null;
  const addr = s.slice(0, slash);
  const maskText = s.slice(slash + 1);
  let addrBits: 32 | 128 = 32;
  let ip = parseIPv4(addr, false);
  if (ip === null) {
    addrBits = 128;
    ip = parseIPv6(addr, false);
  }
  const [bits, consumed, ok] = dtoi(maskText, 0);
  if (ip === null || !ok || consumed !== maskText.length || bits > addrBits) return null;
  const network = new Uint8Array(16);
  const start = 16 - addrBits / 8;
  network.set(ip.subarray(0, start));
  for (let i = start; i < 16; i++) {
    const bitsLeft = bits - (i - start) * 8;
    const maskByte = bitsLeft >= 8 ? 0xff : bitsLeft <= 0 ? 0 : (0xff << (8 - bitsLeft)) & 0xff;
    network[i] = ip[i]! & maskByte;
  }
  return { ip, network, bits, addrBits };
}

/** Go's `(*net.IPNet).String()` for a parsed CIDR: `10.0.0.0/8`, `2001:db8::/32`. */
export function formatIPNet(cidr: SloppyCIDR): string {
  if (isIPv4(cidr.network)) {
    // A 16-byte mask on an IPv4-mapped network is shortened to its last 32 bits.
    const bits = cidr.addrBits === 32 ? cidr.bits : Math.max(cidr.bits - 96, 0);
    return dotted(cidr.network) + "/" + bits;
  }
  return ipv6Text(cidr.network) + "/" + cidr.bits;
}

/** Go's `net.IP.Equal` for two 16-byte addresses. */
export function ipEqual(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < 16; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A `netip.Prefix` as `netip.ParsePrefix` returns it (the address is not masked). */
export interface StrictPrefix {
  readonly addr: StrictAddr;
  readonly bits: number;
}

/** `netip.ParsePrefix`: a strict address, then a decimal length without sign or leading zeros. */
export function parsePrefixStrict(s: string): StrictPrefix | null {
  const slash = s.lastIndexOf("/");
  if (slash < 0) return null;
  const addr = parseAddrStrict(s.slice(0, slash));
  if (addr === null) return null;
  const bitsText = s.slice(slash + 1);
  if (!/^(0|[1-9][0-9]*)$/.test(bitsText)) return null;
  const bits = Number(bitsText);
  if (bits > (addr.is4 ? 32 : 128)) return null;
  return { addr, bits };
}

/** `netip.Prefix.String()`: the address as written (not masked), `/`, the length. */
export function formatPrefix(prefix: StrictPrefix): string {
  return formatAddr(prefix.addr) + "/" + prefix.bits;
}

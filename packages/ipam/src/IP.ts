/**
 * IP addresses as Go's `net` package and Kubernetes' `k8s.io/utils/net` see them: parsing with
 * `net.ParseIP` semantics (Go 1.17+: no leading zeros in IPv4 fields, no zones), the "sloppy"
 * parser Kubernetes keeps for old objects (`netutils.ParseIPSloppy`, leading zeros allowed), and
 * the canonical text of `net.IP.String()` (RFC 5952 for IPv6, dotted quad for IPv4 and for
 * IPv4-mapped IPv6 addresses).
 *
 * @module
 */

/** An IP family, spelled as Kubernetes spells it (`spec.ipFamilies`, `ipaddress.kubernetes.io/ip-family`). */
export type IPFamily = "IPv4" | "IPv6";

/**
 * A parsed IP address: its family and its value as an unsigned integer of 32 (IPv4) or 128
 * (IPv6) bits. An IPv4-mapped IPv6 address (`::ffff:1.2.3.4`) is an IPv4 address here, as it is
 * for Go's `ip.To4() != nil` and therefore for Kubernetes' `netutils.IsIPv4String`.
 */
export interface IP {
  readonly family: IPFamily;
  readonly value: bigint;
}

/** The number of bits of an address of the family: 32 or 128. */
export function familyBits(family: IPFamily): number {
  return family === "IPv4" ? 32 : 128;
}

/** The largest value an address of the family can hold. */
export function maxIPValue(family: IPFamily): bigint {
  return (1n << BigInt(familyBits(family))) - 1n;
}

/** An IPv4 address from its 32-bit value. */
export function ipv4(value: number | bigint): IP {
  const v = BigInt(value);
  if (v < 0n || v > 0xffff_ffffn) throw new RangeError(`ipv4: value ${v} out of range`);
  return { family: "IPv4", value: v };
}

/** An IPv6 address from its 128-bit value. */
export function ipv6(value: bigint): IP {
  if (value < 0n || value > maxIPValue("IPv6")) throw new RangeError(`ipv6: value ${value} out of range`);
  return { family: "IPv6", value };
}

/**
 * Parses an IP address as Go's `net.ParseIP` does (Go 1.22, built on `netip.ParseAddr`): IPv4
 * dotted quads without leading zeros, IPv6 in any RFC 4291 text form (with `::` and an embedded
 * IPv4 tail), no zone. Returns undefined where Go returns nil.
 */
export function parseIP(text: string): IP | undefined {
  return parseAny(text, false);
}

/**
 * Parses an IP address as Kubernetes' `netutils.ParseIPSloppy` does (Go 1.16's parser): like
 * {@link parseIP}, but IPv4 fields may carry leading zeros, read as decimal (`010.1.1.1` is 10.1.1.1).
 */
export function parseIPSloppy(text: string): IP | undefined {
  return parseAny(text, true);
}

function parseAny(text: string, sloppy: boolean): IP | undefined {
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === ".") {
      const v = parseIPv4(text, sloppy);
      return v === undefined ? undefined : { family: "IPv4", value: BigInt(v) };
    }
    if (c === ":") {
      const v = parseIPv6(text, sloppy);
      if (v === undefined) return undefined;
      // Go's IP type keeps 16 bytes; To4() sees the mapped form as IPv4, and so does Kubernetes.
      if (isIPv4MappedValue(v)) return { family: "IPv4", value: v & 0xffff_ffffn };
      return { family: "IPv6", value: v };
    }
    if (c === "%") return undefined;
  }
  return undefined;
}

/** The 32-bit value of a dotted quad, or undefined. */
export function parseIPv4(text: string, sloppy = false): number | undefined {
  let value = 0;
  let fields = 0;
  let i = 0;
  while (i <= text.length) {
    let digits = 0;
    let field = 0;
    while (i < text.length) {
      const code = text.charCodeAt(i);
      if (code < 48 || code > 57) break;
      field = field * 10 + (code - 48);
      digits++;
      i++;
      if (field > 255) return undefined;
      if (!sloppy && digits > 1 && field < 10 ** (digits - 1)) return undefined; // leading zero
    }
    if (digits === 0) return undefined;
    value = value * 256 + field;
    fields++;
    if (i === text.length) break;
    if (text[i] !== "." || fields === 4) return undefined;
    i++;
  }
  return fields === 4 ? value : undefined;
}

/** Go's `netip.parseIPv6`, returning the 128-bit value or undefined. */
function parseIPv6(input: string, sloppy: boolean): bigint | undefined {
  const bytes = new Uint8Array(16);
  let s = input;
  let ellipsis = -1;
  if (s.length >= 2 && s[0] === ":" && s[1] === ":") {
    ellipsis = 0;
    s = s.slice(2);
    if (s.length === 0) return 0n;
  }
  let i = 0;
  while (i < 16) {
    let off = 0;
    let acc = 0;
    for (; off < s.length; off++) {
      const d = hexDigit(s.charCodeAt(off));
      if (d < 0) break;
      acc = acc * 16 + d;
      if (off > 3) return undefined; // more than 4 digits in a group
    }
    if (off === 0) return undefined;
    if (off < s.length && s[off] === ".") {
      if (ellipsis < 0 && i !== 12) return undefined;
      if (i + 4 > 16) return undefined;
      const v4 = parseIPv4(s, sloppy);
      if (v4 === undefined) return undefined;
      bytes[i] = (v4 >>> 24) & 0xff;
      bytes[i + 1] = (v4 >>> 16) & 0xff;
      bytes[i + 2] = (v4 >>> 8) & 0xff;
      bytes[i + 3] = v4 & 0xff;
      s = "";
      i += 4;
      break;
    }
    bytes[i] = acc >> 8;
    bytes[i + 1] = acc & 0xff;
    i += 2;
    s = s.slice(off);
    if (s.length === 0) break;
    if (s[0] !== ":" || s.length === 1) return undefined;
    s = s.slice(1);
    if (s[0] === ":") {
      if (ellipsis >= 0) return undefined; // multiple ::
      ellipsis = i;
      s = s.slice(1);
      if (s.length === 0) break;
    }
  }
  if (s.length !== 0) return undefined;
  if (i < 16) {
    if (ellipsis < 0) return undefined;
    const n = 16 - i;
    for (let j = i - 1; j >= ellipsis; j--) bytes[j + n] = bytes[j]!;
    bytes.fill(0, ellipsis, ellipsis + n);
  } else if (ellipsis >= 0) {
    return undefined; // "::" must stand for at least one group of zeros
  }
  let value = 0n;
  for (const b of bytes) value = (value << 8n) | BigInt(b);
  return value;
}

function hexDigit(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 102) return code - 87;
  if (code >= 65 && code <= 70) return code - 55;
  return -1;
}

/** Formats a 32-bit value as a dotted quad. */
export function formatIPv4(value: number): string {
  return `${(value >>> 24) & 0xff}.${(value >>> 16) & 0xff}.${(value >>> 8) & 0xff}.${value & 0xff}`;
}

/**
 * The canonical text of an address, as Go's `net.IP.String()`: IPv4 as a dotted quad; IPv6 in
 * lower-case hex without leading zeros, the longest run of two or more zero groups (the first
 * one on a tie) written as `::` (RFC 5952).
 */
export function formatIP(ip: IP): string {
  if (ip.family === "IPv4") return formatIPv4(Number(ip.value));
  const groups: number[] = [];
  for (let k = 7; k >= 0; k--) groups.push(Number((ip.value >> BigInt(k * 16)) & 0xffffn));
  let zeroStart = -1;
  let zeroEnd = -1;
  for (let i = 0; i < 8; i++) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i >= 2 && j - i > zeroEnd - zeroStart) {
      zeroStart = i;
      zeroEnd = j;
    }
  }
  let out = "";
  for (let i = 0; i < 8; i++) {
    if (i === zeroStart) {
      out += "::";
      i = zeroEnd;
      if (i >= 8) break;
    } else if (i > 0) {
      out += ":";
    }
    out += groups[i]!.toString(16);
  }
  return out;
}

/** The family of an IP string, or undefined if it is not an IP (`netutils.IPFamilyOfString`, sloppy parse). */
export function ipFamilyOfString(text: string): IPFamily | undefined {
  return parseIPSloppy(text)?.family;
}

/** `netutils.IsIPv4String`: a valid IPv4 address (or IPv4-mapped IPv6). */
export function isIPv4String(text: string): boolean {
  return ipFamilyOfString(text) === "IPv4";
}

/** `netutils.IsIPv6String`: a valid IPv6 address that is not IPv4-mapped. */
export function isIPv6String(text: string): boolean {
  return ipFamilyOfString(text) === "IPv6";
}

/** Orders addresses: IPv4 before IPv6, then by value. */
export function compareIP(a: IP, b: IP): number {
  if (a.family !== b.family) return a.family === "IPv4" ? -1 : 1;
  return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
}

/** Whether two addresses are the same. */
export function ipEqual(a: IP, b: IP): boolean {
  return a.family === b.family && a.value === b.value;
}

/** The address `n` after `ip` (before, for negative `n`), or undefined if that leaves the family's space. */
export function ipAdd(ip: IP, n: number | bigint): IP | undefined {
  const v = ip.value + BigInt(n);
  if (v < 0n || v > maxIPValue(ip.family)) return undefined;
  return { family: ip.family, value: v };
}

/** The other family (`IPv4` ↔ `IPv6`). */
export function otherFamily(family: IPFamily): IPFamily {
  return family === "IPv4" ? "IPv6" : "IPv4";
}

/** @internal Whether a 128-bit value is an IPv4-mapped IPv6 address. */
export function isIPv4MappedValue(value: bigint): boolean {
  return value >> 32n === 0xffffn;
}

/**
 * IPv4 arithmetic on unsigned 32-bit numbers, the representation the network index keys its
 * hash maps by (numbers hash and compare faster than strings or bigints on the per-packet path).
 *
 * @module
 */
import { formatIP, formatIPv4, ipv6, parseIPv4 } from "@kubesim/ipam";

/** An IPv4 block as numbers: `network` has its host bits cleared. */
export interface Prefix {
  readonly network: number;
  readonly prefixLength: number;
}

/** The netmask of a prefix length as an unsigned number (`/0` is 0, `/32` is 0xffffffff). */
export function maskOf(prefixLength: number): number {
  return prefixLength === 0 ? 0 : (0xffff_ffff << (32 - prefixLength)) >>> 0;
}

/** `ip` with its host bits (beyond `prefixLength`) cleared. */
export function maskIPv4(ip: number, prefixLength: number): number {
  return (ip & maskOf(prefixLength)) >>> 0;
}

/** Whether the block contains the address. */
export function prefixContains(prefix: Prefix, ip: number): boolean {
  return maskIPv4(ip, prefix.prefixLength) === prefix.network;
}

/** Parses `a.b.c.d/n` (host bits are cleared, as the kernel does for routes), or undefined. */
export function parsePrefix(text: string): Prefix | undefined {
  const slash = text.indexOf("/");
  if (slash < 0) return undefined;
  const ip = parseIPv4(text.slice(0, slash));
  const lenText = text.slice(slash + 1);
  if (ip === undefined || !/^\d{1,2}$/.test(lenText)) return undefined;
  const prefixLength = Number(lenText);
  if (prefixLength > 32) return undefined;
  return { network: maskIPv4(ip, prefixLength), prefixLength };
}

/** Parses `a.b.c.d/n` or throws: for options and constants, never for user input. */
export function mustParsePrefix(text: string): Prefix {
  const p = parsePrefix(text);
  if (!p) throw new Error(`invalid IPv4 CIDR: ${text}`);
  return p;
}

/** `a.b.c.d/n`. */
export function formatPrefix(prefix: Prefix): string {
  return `${formatIPv4(prefix.network)}/${prefix.prefixLength}`;
}

/** The broadcast address of the block. */
export function broadcastOf(prefix: Prefix): number {
  return (prefix.network | ~maskOf(prefix.prefixLength)) >>> 0;
}

/** 32-bit FNV-1a of a string: a cheap, stable hash for per-packet choices (VXLAN source ports). */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** `aa:bb:cc:dd:ee:ff` from six bytes. */
export function formatMAC(bytes: ArrayLike<number>): string {
  const parts: string[] = [];
  for (let i = 0; i < 6; i++) parts.push(((bytes[i] ?? 0) & 0xff).toString(16).padStart(2, "0"));
  return parts.join(":");
}

/**
 * A MAC address from hash bytes, made a locally administered unicast address (bit 1 of the
 * first octet set, bit 0 clear) as the kernel's `eth_random_addr` does for veths and bridges.
 */
export function localMAC(bytes: ArrayLike<number>): string {
  const b = Array.from({ length: 6 }, (_, i) => bytes[i] ?? 0);
  b[0] = ((b[0]! & 0xfe) | 0x02) & 0xff;
  return formatMAC(b);
}

/**
 * The IPv6 link-local address the kernel derives from a MAC (EUI-64, `addr_gen_mode` 0):
 * `fe80::` + the MAC with `ff:fe` in the middle and the universal/local bit flipped.
 */
export function linkLocalFromMAC(mac: string): string {
  const b = mac.split(":").map((h) => Number.parseInt(h, 16));
  const eui = [(b[0]! ^ 0x02) & 0xff, b[1]!, b[2]!, 0xff, 0xfe, b[3]!, b[4]!, b[5]!];
  let interfaceID = 0n;
  for (const byte of eui) interfaceID = (interfaceID << 8n) | BigInt(byte);
  return `${formatIP(ipv6((0xfe80n << 112n) | interfaceID))}/64`;
}

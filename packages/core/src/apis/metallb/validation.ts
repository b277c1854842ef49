/**
 * The checks MetalLB's validating webhooks run on address pools and L2 advertisements: the webhook
 * builds MetalLB's configuration from all objects (`internal/config/config.go`, `For`, `poolsFor`,
 * `addressPoolFromCR`, `ParseCIDR`, `l2AdvertisementFromCR`) and refuses the request with the first error.
 * The API server prints a refusal as
 * `admission webhook "<webhook>" denied the request: <message>`; these functions return `<message>`.
 *
 * @module
 */

import { goQuote } from "../../validation/goStrings.js";
import { goLabelSelector } from "../pod/goRepr.js";
import { parseIPSloppy } from "../pod/ipAddress.js";
import type { IPAddressPool, L2Advertisement } from "./types.js";

/** The webhook that validates IPAddressPools. */
export const IP_ADDRESS_POOL_WEBHOOK = "ipaddresspoolvalidationwebhook.metallb.io";
/** The webhook that validates L2Advertisements. */
export const L2_ADVERTISEMENT_WEBHOOK = "l2advertisementvalidationwebhook.metallb.io";

/** The API server's text for a webhook refusal. */
export function webhookDenial(webhook: string, message: string): string {
  return `admission webhook "${webhook}" denied the request: ${message}`;
}

/** A prefix as MetalLB's `net.IPNet` holds it: the masked network address and the prefix length. */
export interface IPPrefix {
  readonly address: bigint;
  readonly bits: number;
  readonly family: 4 | 6;
}

/** Go's strict `net.ParseIP` (since Go 1.17: no leading zeros in IPv4 octets) as a family and integer. */
function parseStrictIP(s: string): { value: bigint; family: 4 | 6 } | null {
  if (!s.includes(":") && s.split(".").some((o) => o.length > 1 && o.startsWith("0"))) return null;
  const ip = parseIPSloppy(s);
  if (ip === null) return null;
  const bytes = ip.isIPv4 ? ip.bytes.slice(12) : ip.bytes;
  let value = 0n;
  for (const b of bytes) value = (value << 8n) | BigInt(b);
  return { value, family: ip.isIPv4 ? 4 : 6 };
}

/** `IPNet.String()`: `10.0.0.0/24`, `fd00::/120` (RFC 5952 form). */
export function formatPrefix(p: IPPrefix): string {
  if (p.family === 4) {
    const octets = [24n, 16n, 8n, 0n].map((s) => ((p.address >> s) & 0xffn).toString());
    return octets.join(".") + "/" + p.bits;
  }
  const groups: number[] = [];
  for (let s = 112n; s >= 0n; s -= 16n) groups.push(Number((p.address >> s) & 0xffffn));
  // Compress the longest run of two or more zero groups (the first one on ties).
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  const text =
    bestStart < 0
      ? hex.join(":")
      : hex.slice(0, bestStart).join(":") + "::" + hex.slice(bestStart + bestLen).join(":");
  return text + "/" + p.bits;
}

/** `ipaddr.Summarize`: the fewest prefixes covering `start`..`end` exactly. */
function summarize(start: bigint, end: bigint, family: 4 | 6): IPPrefix[] {
  const width = family === 4 ? 32 : 128;
  const out: IPPrefix[] = [];
  let cur = start;
  while (cur <= end) {
    let size = 0;
    // Grow the block while it stays aligned at `cur` and inside the range.
    while (
      size < width &&
      (cur & ((1n << BigInt(size + 1)) - 1n)) === 0n &&
      cur + (1n << BigInt(size + 1)) - 1n <= end
    ) {
      size++;
    }
    out.push({ address: cur, bits: width - size, family });
    cur += 1n << BigInt(size);
  }
  return out;
}

/** The result of parsing one `addresses` entry. */
export type ParsedAddresses = { ok: true; prefixes: IPPrefix[] } | { ok: false; error: string };

/**
 * MetalLB's `ParseCIDR`: a CIDR (`invalid CIDR "x"`) or a `start-end` range (`invalid IP range "x":
 * invalid start IP "y"`, `... start IP "b" is after the end IP "a"`), as the prefixes it covers.
 */
export function parsePoolAddresses(cidr: string): ParsedAddresses {
  if (!cidr.includes("-")) {
    const slash = cidr.indexOf("/");
    const ip = slash < 0 ? null : parseStrictIP(cidr.slice(0, slash));
    const prefixText = slash < 0 ? "" : cidr.slice(slash + 1);
    const width = cidr.slice(0, slash).includes(":") ? 128 : 32;
    if (ip === null || !/^[0-9]{1,3}$/.test(prefixText) || Number(prefixText) > width) {
      return { ok: false, error: `invalid CIDR ${goQuote(cidr)}` };
    }
    const bits = Number(prefixText);
    const hostBits = BigInt((ip.family === 4 ? 32 : 128) - bits);
    const address = (ip.value >> hostBits) << hostBits;
    return { ok: true, prefixes: [{ address, bits, family: ip.family }] };
  }
  const dash = cidr.indexOf("-");
  const startText = cidr.slice(0, dash);
  const endText = cidr.slice(dash + 1);
  const start = parseStrictIP(startText.trim());
  if (start === null) {
    return { ok: false, error: `invalid IP range ${goQuote(cidr)}: invalid start IP ${goQuote(startText)}` };
  }
  const end = parseStrictIP(endText.trim());
  if (end === null) {
    return { ok: false, error: `invalid IP range ${goQuote(cidr)}: invalid end IP ${goQuote(endText)}` };
  }
  if (start.family === end.family && start.value > end.value) {
    return {
      ok: false,
      error: `invalid IP range ${goQuote(cidr)}: start IP ${goQuote(startText.trim())} is after the end IP ${goQuote(endText.trim())}`,
    };
  }
  return {
    ok: true,
    prefixes: start.family === end.family ? summarize(start.value, end.value, start.family) : [],
  };
}

function overlaps(a: IPPrefix, b: IPPrefix): boolean {
  if (a.family !== b.family) return false;
  const width = a.family === 4 ? 32 : 128;
  const shorter = Math.min(a.bits, b.bits);
  const shift = BigInt(width - shorter);
  return a.address >> shift === b.address >> shift;
}

/**
 * Validates a pool together with the pools that already exist (in the order the webhook lists them),
 * returning the webhook's message or `null` when the pool is accepted: `parsing address pool <name>:
 * pool has no prefixes defined`, `parsing address pool <name>: invalid CIDR "x" in pool "<name>":
 * invalid CIDR "x"`, or `CIDR "10.0.0.0/24" in pool "b" overlaps with already defined CIDR "10.0.0.0/24"`.
 */
export function validateIPAddressPool(
  pool: IPAddressPool,
  existing: readonly IPAddressPool[] = [],
): string | null {
  const all = [...existing.filter((p) => p.metadata.name !== pool.metadata.name), pool];
  const seen: IPPrefix[] = [];
  const names = new Set<string>();
  for (const p of all) {
    const name = p.metadata.name ?? "";
    if (name === "") return `parsing address pool ${name}: missing pool name`;
    const addresses = p.spec?.addresses ?? [];
    if (addresses.length === 0) return `parsing address pool ${name}: pool has no prefixes defined`;
    const prefixes: IPPrefix[] = [];
    for (const cidr of addresses) {
      const parsed = parsePoolAddresses(cidr);
      if (!parsed.ok) {
        return `parsing address pool ${name}: invalid CIDR ${goQuote(cidr)} in pool ${goQuote(name)}: ${parsed.error}`;
      }
      prefixes.push(...parsed.prefixes);
    }
    if (names.has(name)) return `duplicate definition of pool ${goQuote(name)}`;
    names.add(name);
    for (const prefix of prefixes) {
      const clash = seen.find((m) => overlaps(prefix, m));
      if (clash !== undefined) {
        return `CIDR ${goQuote(formatPrefix(prefix))} in pool ${goQuote(name)} overlaps with already defined CIDR ${goQuote(formatPrefix(clash))}`;
      }
      seen.push(prefix);
    }
  }
  return null;
}

function firstDuplicate(values: readonly string[]): string | undefined {
  return values.find((v, i) => values.indexOf(v) !== i);
}

/**
 * The L2Advertisement checks, returning the webhook's message or `null`: no pool named twice
 * (`duplicate definition of ipAddressPools "x"`), no selector listed twice in `ipAddressPoolSelectors`
 * or `nodeSelectors` (`duplicate definition of nodeSelectors "&LabelSelector{...}"`).
 */
export function validateL2Advertisement(adv: L2Advertisement): string | null {
  const dupPool = firstDuplicate(adv.spec?.ipAddressPools ?? []);
  if (dupPool !== undefined) return `duplicate definition of ipAddressPools ${goQuote(dupPool)}`;
  for (const field of ["ipAddressPoolSelectors", "nodeSelectors"] as const) {
    // Go compares and prints the selectors' String() forms (%q of the gogo-protobuf text).
    const selectors = (adv.spec?.[field] ?? []).map((s) => goLabelSelector(s).text);
    const dup = firstDuplicate(selectors);
    if (dup !== undefined) return `duplicate definition of ${field} ${goQuote(dup)}`;
  }
  return null;
}

/**
 * Port ranges as the API server's `--service-node-port-range` flag takes them (apimachinery
 * `pkg/util/net/port_range.go`): `30000-32767`, inclusive at both ends, or a single port.
 *
 * @module
 */

import { PORT_ALLOCATOR_ERRORS, PORT_RANGE_ERRORS } from "./messages.js";
import type { ParseResult } from "./ParseResult.js";

/** A range of ports `[base, base + size)`; a single port has size 1, the empty range size 0. */
export interface PortRange {
  readonly base: number;
  readonly size: number;
}

/** The API server's default NodePort range (`DefaultServiceNodePortRange`): 30000–32767. */
export const DEFAULT_SERVICE_NODE_PORT_RANGE: PortRange = { base: 30000, size: 2768 };

/**
 * Parses a port range as `PortRange.Set`: surrounding spaces trimmed; empty → the empty range;
 * `N` → one port (0–65535); `min-max` split at the first hyphen, each side read by Go's
 * `strconv.Atoi`. Errors carry Go's texts, e.g.
 * `unable to parse port range: 3000x-32767: strconv.Atoi: parsing "3000x": invalid syntax`.
 */
export function parsePortRange(text: string): ParseResult<PortRange> {
  const value = text.trim();
  if (value === "") return { ok: true, value: { base: 0, size: 0 } };
  const hyphen = value.indexOf("-");
  if (hyphen < 0) {
    const single = atoi(value);
    if (!single.ok) return { ok: false, error: PORT_RANGE_ERRORS.unparsableSingle(value, single.error) };
    if (single.value < 0 || single.value > 65535)
      return { ok: false, error: PORT_RANGE_ERRORS.singleOutOfRange };
    return { ok: true, value: { base: single.value, size: 1 } };
  }
  const low = atoi(value.slice(0, hyphen));
  if (!low.ok) return { ok: false, error: PORT_RANGE_ERRORS.unparsable(value, low.error) };
  const high = atoi(value.slice(hyphen + 1));
  if (!high.ok) return { ok: false, error: PORT_RANGE_ERRORS.unparsable(value, high.error) };
  if (low.value > 65535 || high.value > 65535) return { ok: false, error: PORT_RANGE_ERRORS.tooLarge(value) };
  if (high.value < low.value) return { ok: false, error: PORT_RANGE_ERRORS.endBeforeStart(value) };
  return { ok: true, value: { base: low.value, size: 1 + high.value - low.value } };
}

/** Parses a port range, throwing on bad input: for configuration known to be valid. */
export function mustParsePortRange(text: string): PortRange {
  const r = parsePortRange(text);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** `PortRange.String()`: `30000-32767`, or "" for the empty range. */
export function formatPortRange(range: PortRange): string {
  if (range.size === 0) return "";
  return `${range.base}-${range.base + range.size - 1}`;
}

/** Whether the range holds the port (`PortRange.Contains`). */
export function portRangeContains(range: PortRange, port: number): boolean {
  return port >= range.base && port - range.base < range.size;
}

/** The offset of a port in the range (0 for the first port), or undefined if outside. */
export function portRangeOffsetOf(range: PortRange, port: number): number | undefined {
  return Number.isInteger(port) && portRangeContains(range, port) ? port - range.base : undefined;
}

/**
 * Checks a requested NodePort against the range as `PortAllocator.Allocate` does first: undefined
 * when it may be taken, else `provided port is not in the valid range. The range of valid ports is 30000-32767`.
 */
export function checkStaticPort(range: PortRange, port: number): string | undefined {
  return portRangeOffsetOf(range, port) === undefined
    ? PORT_ALLOCATOR_ERRORS.notInRange(formatPortRange(range))
    : undefined;
}

const INT64_MAX = 9223372036854775807n;

/** Go's `strconv.Atoi` on a 64-bit platform, with its error texts. */
function atoi(s: string): ParseResult<number> {
  const syntax = { ok: false, error: `strconv.Atoi: parsing ${quoteASCII(s)}: invalid syntax` } as const;
  let i = 0;
  let negative = false;
  if (s[0] === "+" || s[0] === "-") {
    negative = s[0] === "-";
    i = 1;
  }
  if (i >= s.length) return syntax;
  let n = 0n;
  for (; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code < 48 || code > 57) return syntax;
    n = n * 10n + BigInt(code - 48);
  }
  if (n > INT64_MAX + (negative ? 1n : 0n)) {
    return { ok: false, error: `strconv.Atoi: parsing ${quoteASCII(s)}: value out of range` };
  }
  // Values this large are refused by the callers' range checks, so clamping keeps them refused.
  const v = negative ? -n : n;
  const clamped = v > 1_000_000_000n ? 1_000_000_000 : v < -1_000_000_000n ? -1_000_000_000 : Number(v);
  return { ok: true, value: clamped };
}

/** Go's `strconv.Quote` for the strings a flag value can hold (printable ASCII is kept, the rest escaped). */
function quoteASCII(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === '"' || ch === "\\") out += "\\" + ch;
    else if (code >= 0x20 && code < 0x7f) out += ch;
    else if (code === 0x0a) out += "\\n";
    else if (code === 0x09) out += "\\t";
    else if (code === 0x0d) out += "\\r";
    else if (code < 0x80) out += "\\x" + code.toString(16).padStart(2, "0");
    else out += ch; // printable non-ASCII runes are kept by strconv.Quote
  }
  return out + '"';
}

/**
 * The static band of an allocation range (KEP-3070 for ClusterIPs, KEP-3668 for NodePorts): the
 * first `offset` values of a range are left for users who ask for a specific value, and dynamic
 * allocation takes from above them first.
 *
 * @module
 */

import { type CIDR, hostBits } from "./CIDR.js";
import type { PortRange } from "./PortRange.js";

/** The parameters of `min(max(min, size/step), max)`. */
export interface RangeOffsetParams {
  readonly min: number;
  readonly max: number;
  readonly step: number;
}

/** ClusterIP ranges: `min(max(16, cidrSize/16), 256)` (K8s `ipallocator/bitmap.go` `calculateRangeOffset`). */
export const SERVICE_IP_RANGE_OFFSET: RangeOffsetParams = { min: 16, max: 256, step: 16 };

/** NodePort ranges: `min(max(16, rangeSize/32), 128)` (K8s `portallocator/allocator.go` `calculateRangeOffset`). */
export const NODE_PORT_RANGE_OFFSET: RangeOffsetParams = { min: 16, max: 128, step: 32 };

/**
 * `min(max(min, size/step), max)` with integer division, and 0 when `size <= min` (a range that
 * small has no static band). Described upstream as "never less than $min or more than $max, with a
 * graduated step function between them".
 */
export function calculateRangeOffset(size: number | bigint, params: RangeOffsetParams): number {
  const s = BigInt(size);
  if (s <= BigInt(params.min)) return 0;
  const offset = s / BigInt(params.step);
  if (offset < BigInt(params.min)) return params.min;
  if (offset > BigInt(params.max)) return params.max;
  return Number(offset);
}

/**
 * The static band of a service CIDR. The size is `netutils.RangeSize`: all addresses of the
 * block (2^hostBits), 0 for IPv4 /0–/1 and IPv6 /0–/1, so those get no band.
 * `/28` → 0, `/27` → 16, `/24` → 16, `/20` → 256, `/12` → 256.
 */
export function calculateServiceIPRangeOffset(cidr: CIDR): number {
  const hb = hostBits(cidr);
  const bits = cidr.family === "IPv4" ? 32 : 128;
  if (hb >= bits - 1) return 0;
  return calculateRangeOffset(1n << BigInt(hb), SERVICE_IP_RANGE_OFFSET);
}

/** The static band of a NodePort range: `30000-32767` (2768 ports) → 86, so 30000–30085 are static. */
export function calculateNodePortRangeOffset(range: PortRange): number {
  return calculateRangeOffset(range.size, NODE_PORT_RANGE_OFFSET);
}

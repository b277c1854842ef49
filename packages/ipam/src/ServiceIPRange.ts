/**
 * The geometry of a ClusterIP allocator over one service CIDR, as Kubernetes 1.33's IPAddress
 * allocator sets it up (K8s `pkg/registry/core/service/ipallocator/ipallocator.go`
 * `NewIPAllocator`): the first usable address is network+1, the last is the broadcast address
 * minus one for IPv4 and the broadcast address itself for IPv6, and the static band is
 * {@link calculateServiceIPRangeOffset} addresses long.
 *
 * @module
 */

import { type CIDR, cidrContains, cidrLastAddress, formatCIDR, hostBits } from "./CIDR.js";
import { calculateServiceIPRangeOffset } from "./calculateRangeOffset.js";
import { formatIP, type IP, parseIPSloppy } from "./IP.js";
import { IP_ALLOCATOR_ERRORS } from "./messages.js";

/** The usable addresses of a service CIDR and its static band. */
export interface ServiceIPRange {
  readonly cidr: CIDR;
  /** network + 1: the `kubernetes` Service's address. */
  readonly first: IP;
  /** The last usable address. */
  readonly last: IP;
  /** The number of usable addresses (`hostsPerNetwork`: 2^h − 2 for IPv4, 2^h − 1 for IPv6, at most 2^64 − 1). */
  readonly size: bigint;
  /** The static band: offsets `[0, rangeOffset)` from {@link ServiceIPRange.first} are taken dynamically only last. */
  readonly rangeOffset: number;
}

const MAX_UINT64 = (1n << 64n) - 1n;

/**
 * The allocator geometry of a service CIDR. Throws for an IPv6 prefix shorter than /64, which
 * the allocator refuses (`shortest allowed prefix length for service CIDR is 64, got N`).
 */
export function serviceIPRange(cidr: CIDR): ServiceIPRange {
  if (cidr.family === "IPv6" && cidr.prefixLength < 64) {
    throw new Error(`shortest allowed prefix length for service CIDR is 64, got ${cidr.prefixLength}`);
  }
  const hb = hostBits(cidr);
  let size: bigint;
  if (hb >= 64) size = MAX_UINT64;
  else {
    size = (1n << BigInt(hb)) - 1n;
    if (cidr.family === "IPv4" && size > 0n) size -= 1n;
  }
  const broadcast = cidrLastAddress(cidr);
  const last = cidr.family === "IPv4" ? { family: cidr.family, value: broadcast.value - 1n } : broadcast;
  return {
    cidr,
    first: { family: cidr.family, value: cidr.network.value + 1n },
    last,
    size,
    rangeOffset: calculateServiceIPRangeOffset(cidr),
  };
}

/** The offset of an address from {@link ServiceIPRange.first}, or undefined if it is not a usable address of the range. */
export function serviceIPOffsetOf(range: ServiceIPRange, ip: IP): bigint | undefined {
  if (ip.family !== range.cidr.family || ip.value < range.first.value || ip.value > range.last.value)
    return undefined;
  return ip.value - range.first.value;
}

/** The address at an offset from {@link ServiceIPRange.first}. */
export function serviceIPAt(range: ServiceIPRange, offset: number | bigint): IP {
  return { family: range.cidr.family, value: range.first.value + BigInt(offset) };
}

/**
 * Checks a requested (static) ClusterIP against the range, as `Allocator.allocateService` does
 * before it records the address: returns undefined when the address may be taken, else the
 * allocator's error text (`the provided IP (10.96.0.0) is not in the valid range. The range of
 * valid IPs is 10.96.0.0/12`; `the provided network does not match the current range` for an address
 * outside the CIDR). Whether the address is already taken is the caller's question.
 */
export function checkStaticServiceIP(range: ServiceIPRange, text: string): string | undefined {
  const ip = parseIPSloppy(text);
  // Kubernetes picks the allocator whose ServiceCIDR contains the address; none does → mismatched network.
  if (!ip || !cidrContains(range.cidr, ip)) return IP_ALLOCATOR_ERRORS.mismatchedNetwork;
  if (serviceIPOffsetOf(range, ip) === undefined) {
    return IP_ALLOCATOR_ERRORS.notInRange(formatIP(ip), formatCIDR(range.cidr));
  }
  return undefined;
}

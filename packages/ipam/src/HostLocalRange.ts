/**
 * Pod IP allocation inside a node's podCIDR, as the CNI `host-local` IPAM plugin does it (used by
 * flannel and the bridge plugin; containernetworking/plugins `plugins/ipam/host-local`):
 *
 * - the range is the subnet without its network address (and, for IPv4, without its broadcast
 *   address): `10.244.1.1-10.244.1.254` for `10.244.1.0/24`;
 * - the gateway (default `.1`, the node's bridge `cni0`) is never handed out, so the first pod gets `.2`;
 * - allocation is round-robin: it starts after the last reserved IP (kept per range, surviving
 *   releases) and wraps, so a replacement pod gets a new address rather than the one just freed.
 *
 * The plugin keeps its state in files on the node; here the caller keeps it (which IPs are held,
 * and the last reserved IP) and passes it in.
 *
 * @module
 */

import { type CIDR, cidrContains, cidrLastAddress, parseCIDR } from "./CIDR.js";
import { familyBits, formatIP, type IP, ipEqual, parseIP } from "./IP.js";
import { HOST_LOCAL_ERRORS } from "./messages.js";
import type { ParseResult } from "./ParseResult.js";

/** One canonicalized `host-local` range (`Range.Canonicalize`). */
export interface HostLocalRange {
  readonly subnet: CIDR;
  readonly rangeStart: IP;
  readonly rangeEnd: IP;
  readonly gateway: IP;
}

/**
 * The range for a podCIDR with host-local's defaults (gateway = network+1, rangeStart =
 * network+1, rangeEnd = last address, minus one for IPv4). Errors as host-local prints them, e.g.
 * `Network 10.244.1.0/31 too small to allocate from`.
 */
export function hostLocalRange(podCIDR: string): ParseResult<HostLocalRange> {
  const parsed = parseCIDR(podCIDR);
  if (!parsed.ok) return parsed;
  const { ip, cidr } = parsed.value;
  const bits = familyBits(cidr.family);
  if (cidr.prefixLength > bits - 2)
    return { ok: false, error: HOST_LOCAL_ERRORS.tooSmall(formatSubnet(ip, cidr)) };
  if (!ipEqual(ip, cidr.network)) {
    return { ok: false, error: HOST_LOCAL_ERRORS.hostBitsSet(cidr.prefixLength, formatIP(cidr.network)) };
  }
  const next: IP = { family: cidr.family, value: cidr.network.value + 1n };
  const last = cidrLastAddress(cidr);
  const rangeEnd = cidr.family === "IPv4" ? { family: cidr.family, value: last.value - 1n } : last;
  return { ok: true, value: { subnet: cidr, rangeStart: next, rangeEnd, gateway: next } };
}

function formatSubnet(ip: IP, cidr: CIDR): string {
  // Range.Canonicalize prints the IPNet as configured (host bits included).
  return `${formatIP(ip)}/${cidr.prefixLength}`;
}

/** `Range.String()`: `10.244.1.1-10.244.1.254`, the text the exhaustion error names. */
export function formatHostLocalRange(range: HostLocalRange): string {
  return `${formatIP(range.rangeStart)}-${formatIP(range.rangeEnd)}`;
}

/** Whether the address is inside the range (`Range.Contains`). */
export function hostLocalRangeContains(range: HostLocalRange, ip: IP): boolean {
  return (
    cidrContains(range.subnet, ip) && ip.value >= range.rangeStart.value && ip.value <= range.rangeEnd.value
  );
}

/** What {@link hostLocalAllocate} hands out. */
export interface HostLocalAllocation {
  /** The pod's address, canonical text (`10.244.1.2`). Record it as the new last reserved IP. */
  readonly ip: string;
  /** The gateway the pod routes through (`10.244.1.1`). */
  readonly gateway: string;
  /** The subnet's prefix length, for the interface address (`10.244.1.2/24`). */
  readonly prefixLength: number;
}

/**
 * Allocates the next pod address (`IPAllocator.Get` without a requested IP, through `cmdAdd`).
 *
 * Candidates run from the address after `lastReservedIP` (when it lies in the range; else from
 * `rangeStart`) through `rangeEnd`, then wrap to `rangeStart`, visiting each address once and
 * skipping the gateway; the first one `isReserved` does not report is taken. When none is free the
 * error is the plugin's: `failed to allocate for range 0: no IP addresses available in range set:
 * 10.244.1.1-10.244.1.254`.
 */
export function hostLocalAllocate(
  range: HostLocalRange,
  lastReservedIP: string | undefined,
  isReserved: (ip: string) => boolean,
): ParseResult<HostLocalAllocation> {
  const size = range.rangeEnd.value - range.rangeStart.value + 1n;
  let startOffset = 0n;
  const last = lastReservedIP === undefined ? undefined : parseIP(lastReservedIP);
  if (last && hostLocalRangeContains(range, last)) {
    startOffset = (last.value - range.rangeStart.value + 1n) % size;
  }
  for (let i = 0n; i < size; i++) {
    const value = range.rangeStart.value + ((startOffset + i) % size);
    if (value === range.gateway.value && range.gateway.family === range.subnet.family) continue;
    const text = formatIP({ family: range.subnet.family, value });
    if (!isReserved(text)) {
      return {
        ok: true,
        value: { ip: text, gateway: formatIP(range.gateway), prefixLength: range.subnet.prefixLength },
      };
    }
  }
  return {
    ok: false,
    error: HOST_LOCAL_ERRORS.rangeFailed(0, HOST_LOCAL_ERRORS.noAddresses(formatHostLocalRange(range))),
  };
}

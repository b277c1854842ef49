/**
 * Small IPv4 helpers the ipvs and nftables modes share: numeric addresses (for `ipvsadm`'s
 * sort order) and CIDR membership (for the local-traffic detector and source ranges).
 * Parsed CIDR lists are cached by their (immutable) array so the packet fast path does
 * no parsing.
 *
 * @module
 */

/** The address as an unsigned 32-bit number, or -1 when `ip` is not dotted-quad IPv4. */
export function ipv4ToNumber(ip: string): number {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < ip.length; i++) {
    const c = ip.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || octet > 255) return -1;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57) {
      octet = octet * 10 + (c - 48);
      digits++;
      if (digits > 3) return -1;
    } else {
      return -1;
    }
  }
  if (dots !== 3 || digits === 0 || octet > 255) return -1;
  return value * 256 + octet;
}

/** One parsed IPv4 CIDR: `network` and the block size (`2^(32-prefix)`). */
interface ParsedCIDR {
  readonly network: number;
  readonly size: number;
}

function parseCIDR(cidr: string): ParsedCIDR | undefined {
  const text = cidr.trim();
  const slash = text.indexOf("/");
  const ip = ipv4ToNumber(slash < 0 ? text : text.slice(0, slash));
  const prefix = slash < 0 ? 32 : Number(text.slice(slash + 1));
  if (ip < 0 || !Number.isInteger(prefix) || prefix < 0 || prefix > 32) return undefined;
  const size = 2 ** (32 - prefix);
  return { network: ip - (ip % size), size };
}

/** `inAnyCIDR(ip, cidrs)`: whether `ip` lies in any of `cidrs` (IPv4 only; other entries never match). */
export type CIDRMatcher = (ip: string, cidrs: readonly string[]) => boolean;

/**
 * A CIDR matcher that caches the parsed form of each (immutable) CIDR list it sees, so
 * the packet fast path parses nothing. One per proxy-mode instance: no module state.
 */
export function createCIDRMatcher(): CIDRMatcher {
  const parsedLists = new WeakMap<readonly string[], readonly ParsedCIDR[]>();
  return (ip, cidrs) => {
    if (cidrs.length === 0) return false;
    let parsed = parsedLists.get(cidrs);
    if (!parsed) {
      parsed = cidrs.map(parseCIDR).filter((c): c is ParsedCIDR => c !== undefined);
      parsedLists.set(cidrs, parsed);
    }
    const n = ipv4ToNumber(ip);
    if (n < 0) return false;
    for (const c of parsed) if (n >= c.network && n < c.network + c.size) return true;
    return false;
  };
}

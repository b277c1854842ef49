import { formatIP, type IPFamily, parseIP } from "@kubesim/ipam";
import { parsePoolAddresses } from "../../apis/metallb/validation.js";

/** One contiguous block of addresses, in the order the configuration lists it. */
interface Block {
  readonly family: IPFamily;
  readonly start: bigint;
  readonly end: bigint;
  /** No address below this one in the block is free: where the next search starts. */
  low: bigint;
}

/** Options of {@link AddressRanges}. */
export interface AddressRangesOptions {
  /**
   * Treat a CIDR as a subnet and hand out only its host addresses (not the IPv4 network and
   * broadcast addresses of prefixes up to /30, nor the IPv6 subnet-router anycast address), as a
   * cloud's public address block does. MetalLB hands out every address of a CIDR (false).
   */
  readonly hostsOnly?: boolean;
  /** MetalLB's `avoidBuggyIPs`: never hand out IPv4 addresses ending in `.0` or `.255`. */
  readonly avoidBuggyIPs?: boolean;
}

/**
 * A set of address blocks given as CIDRs (`203.0.113.0/24`) or ranges (`10.0.0.10-10.0.0.20`),
 * MetalLB's address syntax, with the addresses in use: finds the lowest free address, block by
 * block in the order given. Each block keeps a low-water mark (every address below it is taken),
 * so handing out N addresses in a row costs O(N) in total, not O(N²); releasing an address moves
 * the mark back. Addresses are kept in canonical text form (`formatIP`).
 */
export class AddressRanges {
  readonly #blocks: Block[] = [];
  readonly #used = new Set<string>();
  readonly #avoidBuggyIPs: boolean;

  /** Throws on an entry MetalLB's `ParseCIDR` refuses; the caller validates configuration first. */
  constructor(entries: readonly string[], options: AddressRangesOptions = {}) {
    this.#avoidBuggyIPs = options.avoidBuggyIPs ?? false;
    for (const entry of entries) {
      const parsed = parsePoolAddresses(entry);
      if (!parsed.ok) throw new Error(parsed.error);
      const isRange = entry.includes("-");
      for (const p of parsed.prefixes) {
        const width = p.family === 4 ? 32 : 128;
        const size = 1n << BigInt(width - p.bits);
        let start = p.address;
        let end = p.address + size - 1n;
        if (options.hostsOnly && !isRange) {
          if (p.family === 4 && p.bits <= 30) {
            start += 1n;
            end -= 1n;
          } else if (p.family === 6 && p.bits <= 126) start += 1n;
        }
        this.#blocks.push({ family: p.family === 4 ? "IPv4" : "IPv6", start, end, low: start });
      }
    }
  }

  /** Canonical text of an address, or undefined when it does not parse (Go's `net.ParseIP`). */
  static canonical(ip: string): string | undefined {
    const parsed = parseIP(ip.trim());
    return parsed === undefined ? undefined : formatIP(parsed);
  }

  /** Whether `ip` (canonical text) is one of the addresses that may be handed out. */
  contains(ip: string): boolean {
    return this.#blockOf(ip) !== undefined;
  }

  /** Whether `ip` is in use. */
  isUsed(ip: string): boolean {
    return this.#used.has(ip);
  }

  /** The first free address of a family (block by block, lowest first within a block), without taking it. */
  lowestFree(family: IPFamily): string | undefined {
    for (const b of this.#blocks) {
      if (b.family !== family) continue;
      const ip = this.#firstFreeIn(b);
      if (ip !== undefined) return ip;
    }
    return undefined;
  }

  /**
   * Walks the blocks of a family in order and returns, for the first block that has one, the
   * lowest of its first free address and the `candidates` in it (addresses a caller may share).
   */
  lowestFreeOrCandidate(family: IPFamily, candidates: readonly string[]): string | undefined {
    for (const b of this.#blocks) {
      if (b.family !== family) continue;
      const free = this.#firstFreeIn(b);
      let best = free === undefined ? undefined : valueOfIP(free);
      let bestText = free;
      for (const c of candidates) {
        const v = valueOfIP(c);
        if (v === undefined || v < b.start || v > b.end || this.#buggy(b.family, v)) continue;
        if (best === undefined || v < best) {
          best = v;
          bestText = c;
        }
      }
      if (bestText !== undefined) return bestText;
    }
    return undefined;
  }

  /** Marks `ip` used. */
  take(ip: string): void {
    this.#used.add(ip);
  }

  /** Marks `ip` free again. */
  release(ip: string): void {
    if (!this.#used.delete(ip)) return;
    const b = this.#blockOf(ip);
    const v = valueOfIP(ip);
    if (b !== undefined && v !== undefined && v < b.low) b.low = v;
  }

  #firstFreeIn(b: Block): string | undefined {
    for (let v = b.low; v <= b.end; v++) {
      if (this.#buggy(b.family, v)) continue;
      const text = formatIP({ family: b.family, value: v });
      if (!this.#used.has(text)) {
        b.low = v;
        return text;
      }
    }
    b.low = b.end + 1n;
    return undefined;
  }

  #buggy(family: IPFamily, v: bigint): boolean {
    if (!this.#avoidBuggyIPs || family !== "IPv4") return false;
    const last = v & 0xffn;
    return last === 0n || last === 255n;
  }

  #blockOf(ip: string): Block | undefined {
    const parsed = parseIP(ip);
    if (parsed === undefined) return undefined;
    return this.#blocks.find(
      (b) =>
        b.family === parsed.family &&
        parsed.value >= b.start &&
        parsed.value <= b.end &&
        !this.#buggy(b.family, parsed.value),
    );
  }
}

function valueOfIP(ip: string): bigint | undefined {
  return parseIP(ip)?.value;
}

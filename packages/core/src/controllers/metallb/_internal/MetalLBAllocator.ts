import type { IPFamily } from "@kubesim/ipam";
import type { AddressRanges } from "../../cloudprovider/AddressRanges.js";

/** A pool as the allocator holds it (MetalLB `config.Pool`). */
export interface AllocatorPool {
  readonly name: string;
  readonly addresses: AddressRanges;
  readonly autoAssign: boolean;
}

/** One Service's allocation request (MetalLB's ports, sharing key and backend key). */
export interface AllocationKeys {
  /** `TCP/80`-style ports (`k8salloc.Ports`). */
  readonly ports: readonly string[];
  /** `metallb.io/allow-shared-ip`, or "". */
  readonly sharing: string;
  /** `k8salloc.BackendKey`: the selector's string form for externalTrafficPolicy Local, else "". */
  readonly backend: string;
}

interface Alloc extends AllocationKeys {
  readonly pool: string;
  readonly ip: string;
}

interface IPUse {
  readonly sharing: string;
  readonly backend: string;
  readonly ports: Map<string, string>;
  readonly services: Set<string>;
}

/**
 * MetalLB's `internal/allocator` (v0.14): which Service holds which address, and whether an address may
 * be shared (`sharingOK`: both Services carry the same non-empty `allow-shared-ip` key and the same
 * backend key, and no port is used twice). All lookups are hash lookups; finding the lowest usable
 * address walks a pool's free addresses from its low-water mark plus the addresses shared under the
 * same key.
 */
export class MetalLBAllocator {
  #pools = new Map<string, AllocatorPool>();
  readonly #allocated = new Map<string, Alloc>();
  readonly #ips = new Map<string, IPUse>();
  readonly #bySharingKey = new Map<string, Set<string>>();

  /** The pools by name. */
  get pools(): ReadonlyMap<string, AllocatorPool> {
    return this.#pools;
  }

  /**
   * `SetPools`: refuses (returning MetalLB's error) a configuration in which an allocated address
   * belongs to no pool; otherwise moves every allocation to the new pools.
   */
  setPools(pools: ReadonlyMap<string, AllocatorPool>): string | undefined {
    for (const [svc, alloc] of [...this.#allocated].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (poolFor(pools, alloc.ip) === undefined) {
        return `new config not compatible with assigned IPs: service "${svc}" cannot own "${alloc.ip}" under new config`;
      }
    }
    this.#pools = new Map(pools);
    for (const [svc, alloc] of this.#allocated) {
      const pool = poolFor(pools, alloc.ip)!;
      pool.addresses.take(alloc.ip);
      if (pool.name !== alloc.pool) this.#allocated.set(svc, { ...alloc, pool: pool.name });
    }
    return undefined;
  }

  /** The pool an address belongs to. */
  poolFor(ip: string): AllocatorPool | undefined {
    return poolFor(this.#pools, ip);
  }

  /** The address a Service holds. */
  ip(svc: string): string | undefined {
    return this.#allocated.get(svc)?.ip;
  }

  /** The pool of the address a Service holds. */
  pool(svc: string): string | undefined {
    return this.#allocated.get(svc)?.pool;
  }

  /** The Services holding an address (sorted). */
  servicesOn(ip: string): string[] {
    return [...(this.#ips.get(ip)?.services ?? [])].sort();
  }

  /** Why `svc` may not use `ip` (MetalLB's `checkSharing` text), or undefined when it may. */
  checkSharing(svc: string, ip: string, keys: AllocationKeys): string | undefined {
    const use = this.#ips.get(ip);
    if (use === undefined) return undefined;
    const keyError = sharingError(use, keys);
    if (keyError !== undefined) {
      const others = [...use.services].filter((s) => s !== svc).sort();
      if (others.length > 0)
        return `can't change sharing key for "${svc}", address also in use by ${others.join(",")}`;
    }
    for (const port of keys.ports) {
      const holder = use.ports.get(port);
      if (holder !== undefined && holder !== svc) return `port ${port} is already in use on "${ip}"`;
    }
    return undefined;
  }

  /** `Assign`: gives `ip` to `svc` when its pool and sharing allow it; returns MetalLB's error otherwise. */
  assign(svc: string, ip: string, keys: AllocationKeys): string | undefined {
    const pool = this.poolFor(ip);
    if (pool === undefined) return `["${ip}"] is not allowed in config`;
    const refused = this.checkSharing(svc, ip, keys);
    if (refused !== undefined) return refused;
    this.unassign(svc);
    this.#allocated.set(svc, { pool: pool.name, ip, ...keys });
    let use = this.#ips.get(ip);
    if (use === undefined || use.services.size === 0) {
      use = { sharing: keys.sharing, backend: keys.backend, ports: new Map(), services: new Set() };
      this.#ips.set(ip, use);
      pool.addresses.take(ip);
      if (keys.sharing !== "") {
        const set = this.#bySharingKey.get(keys.sharing) ?? new Set<string>();
        this.#bySharingKey.set(keys.sharing, set);
        set.add(ip);
      }
    }
    for (const port of keys.ports) use.ports.set(port, svc);
    use.services.add(svc);
    return undefined;
  }

  /** `Unassign`: frees what `svc` holds; the address is free once its last Service lets go. */
  unassign(svc: string): boolean {
    const alloc = this.#allocated.get(svc);
    if (alloc === undefined) return false;
    this.#allocated.delete(svc);
    const use = this.#ips.get(alloc.ip)!;
    for (const port of alloc.ports) if (use.ports.get(port) === svc) use.ports.delete(port);
    use.services.delete(svc);
    if (use.services.size === 0) {
      this.#ips.delete(alloc.ip);
      this.#bySharingKey.get(use.sharing)?.delete(alloc.ip);
      this.#pools.get(alloc.pool)?.addresses.release(alloc.ip);
    }
    return true;
  }

  /** `AllocateFromPool` for one family: the lowest address of the pool `svc` may use. */
  allocateFromPool(svc: string, family: IPFamily, poolName: string, keys: AllocationKeys): string | Error {
    const held = this.#allocated.get(svc);
    if (held !== undefined) {
      const err = this.assign(svc, held.ip, keys);
      return err === undefined ? held.ip : new Error(err);
    }
    const pool = this.#pools.get(poolName);
    if (pool === undefined) return new Error(`unknown pool "${poolName}"`);
    const shared =
      keys.sharing === ""
        ? []
        : [...(this.#bySharingKey.get(keys.sharing) ?? [])].filter(
            (ip) => this.checkSharing(svc, ip, keys) === undefined,
          );
    const ip = pool.addresses.lowestFreeOrCandidate(family, shared);
    if (ip === undefined) return new Error(`no available IPs in pool "${poolName}"`);
    const err = this.assign(svc, ip, keys);
    return err === undefined ? ip : new Error(err);
  }
}

function sharingError(
  existing: { sharing: string; backend: string },
  keys: AllocationKeys,
): string | undefined {
  if (existing.sharing === "") return "existing service does not allow sharing";
  if (keys.sharing === "") return "new service does not allow sharing";
  if (existing.sharing !== keys.sharing)
    return `sharing key "${keys.sharing}" does not match existing sharing key "${existing.sharing}"`;
  if (existing.backend !== keys.backend)
    return `backend key "${keys.backend}" does not match existing sharing key "${existing.backend}"`;
  return undefined;
}

/** The pool owning an address; pools are disjoint (the webhook refuses overlaps), so at most one does. */
function poolFor(pools: ReadonlyMap<string, AllocatorPool>, ip: string): AllocatorPool | undefined {
  for (const name of [...pools.keys()].sort()) {
    const pool = pools.get(name)!;
    if (pool.addresses.contains(ip)) return pool;
  }
  return undefined;
}

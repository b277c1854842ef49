/**
 * ClusterIP allocation backed by `networking.k8s.io/v1` IPAddress objects, as Kubernetes 1.33
 * does it (MultiCIDRServiceAllocator, GA and on by default in 1.33; K8s
 * `pkg/registry/core/service/ipallocator/ipallocator.go` and `cidrallocator.go`): an address is
 * taken exactly when an IPAddress object named after it exists, so the state lives in the store,
 * is transactional and snapshot-able, and "is it used" is one `tx.get`.
 *
 * @module
 */

import {
  allocateNext,
  cidrContains,
  formatCIDR,
  formatIP,
  type IP,
  IP_ALLOCATOR_ERRORS,
  type IPFamily,
  intnFrom,
  parseIPSloppy,
  type ServiceIPRange,
  serviceIPAt,
  serviceIPOffsetOf,
} from "@kubesim/ipam";
import type { KubeObject } from "../../api/KubeObject.js";
import type { StoreReader, Transaction } from "../../store/ObjectStore.js";

/** The IPAddress kind. */
export const IP_ADDRESS_KIND = "IPAddress";

/** `networking.k8s.io/v1`, the IPAddress and ServiceCIDR API version (GA in 1.33). */
export const NETWORKING_V1 = "networking.k8s.io/v1";

/** Label naming an IPAddress' family (`networkingv1.LabelIPAddressFamily`). */
export const LABEL_IP_ADDRESS_FAMILY = "ipaddress.kubernetes.io/ip-family";

/** Label naming who manages an IPAddress (`networkingv1.LabelManagedBy`). */
export const LABEL_MANAGED_BY = "ipaddress.kubernetes.io/managed-by";

/** The ClusterIP allocator's controller name (`ipallocator.ControllerName`), the managed-by value. */
export const IP_ALLOCATOR_CONTROLLER_NAME = "ipallocator.k8s.io";

/** A random source with inclusive bounds, such as kubesim's `RandomStream`. */
export interface RandomSource {
  int(min: number, max: number): number;
}

/** The Service an IPAddress points back to. */
export interface ServiceRef {
  readonly namespace: string;
  readonly name: string;
}

/** The largest range the dynamic scan walks; service CIDRs are at most 20 host bits, so this never binds in practice. */
const MAX_SCAN_SIZE = BigInt(Number.MAX_SAFE_INTEGER);

/** The IPAddress object recording that `ip` belongs to a Service (`Allocator.createIPAddress`). */
export function ipAddressObject(ip: IP, owner: ServiceRef): KubeObject {
  return {
    apiVersion: NETWORKING_V1,
    kind: IP_ADDRESS_KIND,
    metadata: {
      name: formatIP(ip),
      labels: { [LABEL_IP_ADDRESS_FAMILY]: ip.family, [LABEL_MANAGED_BY]: IP_ALLOCATOR_CONTROLLER_NAME },
    },
    // ParentReference's group is `json:"group,omitempty"`: the core group prints as no field at all.
    spec: { parentRef: { resource: "services", namespace: owner.namespace, name: owner.name } },
  };
}

/** Whether an address is taken (an IPAddress object of that name exists). */
export function isIPAllocated(reader: StoreReader, ip: IP): boolean {
  return reader.get(IP_ADDRESS_KIND, "", formatIP(ip)) !== undefined;
}

/**
 * Dynamic allocation (`Allocator.allocateNextService`): a random start in the upper band
 * `[first + rangeOffset, last]`, scanning forward with wrap-around, then the lower band. Creates
 * the IPAddress object and returns the address, or undefined when the range is full.
 */
export function allocateNextClusterIP(
  tx: Transaction,
  range: ServiceIPRange,
  owner: ServiceRef,
  rng: RandomSource,
): IP | undefined {
  const size = Number(range.size < MAX_SCAN_SIZE ? range.size : MAX_SCAN_SIZE);
  if (size === 0) return undefined;
  const offset = allocateNext(size, range.rangeOffset, intnFrom(rng), (o) =>
    isIPAllocated(tx, serviceIPAt(range, o)),
  );
  if (offset === undefined) return undefined;
  const ip = serviceIPAt(range, offset);
  tx.create(ipAddressObject(ip, owner));
  return ip;
}

/**
 * Static allocation of a requested address (`MetaAllocator.AllocateService` →
 * `Allocator.allocateService`). Returns the allocator's error text, or undefined once the
 * IPAddress object is created:
 * - no configured CIDR of the family contains it → `the provided network does not match the current range`;
 * - it is the network address (or the IPv4 broadcast address) → `the provided IP (<ip>) is not in
 *   the valid range. The range of valid IPs is <cidr>`;
 * - an IPAddress of that name exists → `provided IP is already allocated`.
 */
export function allocateClusterIP(
  tx: Transaction,
  ranges: readonly ServiceIPRange[],
  ip: IP,
  owner: ServiceRef,
): string | undefined {
  const range = ranges.find((r) => cidrContains(r.cidr, ip));
  if (!range) return IP_ALLOCATOR_ERRORS.mismatchedNetwork;
  if (serviceIPOffsetOf(range, ip) === undefined) {
    return IP_ALLOCATOR_ERRORS.notInRange(formatIP(ip), formatCIDR(range.cidr));
  }
  if (isIPAllocated(tx, ip)) return IP_ALLOCATOR_ERRORS.allocated;
  tx.create(ipAddressObject(ip, owner));
  return undefined;
}

/**
 * Releases an address (`Allocator.Release`): deletes its IPAddress object. Releasing an address
 * that is not allocated is a no-op, as upstream. kubesim also leaves alone an IPAddress that
 * names another parent, so a stale release can never free someone else's address.
 */
export function releaseClusterIP(tx: Transaction, text: string, owner: ServiceRef): boolean {
  const ip = parseIPSloppy(text);
  if (!ip) return false;
  const name = formatIP(ip);
  const obj = tx.get(IP_ADDRESS_KIND, "", name);
  if (!obj) return false;
  const parent = (obj.spec as { parentRef?: { namespace?: string; name?: string } } | undefined)?.parentRef;
  if (parent && (parent.namespace !== owner.namespace || parent.name !== owner.name)) return false;
  tx.delete({ kind: IP_ADDRESS_KIND, namespace: "", name });
  return true;
}

/** The family an IP string belongs to for allocation purposes (`familyOf`: "unknown" when unparsable). */
export function familyOfIP(text: string): IPFamily | "unknown" {
  return parseIPSloppy(text)?.family ?? "unknown";
}

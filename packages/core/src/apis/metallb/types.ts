/**
 * MetalLB's address pool and layer-2 announcement kinds (`metallb.io/v1beta1`, MetalLB
 * `api/v1beta1/ipaddresspool_types.go` and `l2advertisement_types.go`). They are custom resources, so
 * `kubernetes-types` does not have them; only the fields kubesim reads or shows are typed.
 *
 * @module
 */

import type { LabelSelector, ObjectMeta } from "kubernetes-types/meta/v1.js";

/** `IPAddressPool.spec.allocateTo`: which namespaces and Services may take addresses from the pool. */
export interface ServiceAllocation {
  priority?: number;
  namespaces?: string[];
  namespaceSelectors?: LabelSelector[];
  serviceSelectors?: LabelSelector[];
}

/** `IPAddressPoolSpec`. */
export interface IPAddressPoolSpec {
  /** CIDRs (`192.168.10.0/24`) or ranges (`192.168.10.100-192.168.10.120`) the pool hands out. */
  addresses: string[];
  /** Whether Services get addresses from this pool without asking for it; the CRD defaults it to true. */
  autoAssign?: boolean;
  /** Skip addresses ending in `.0` and `.255`; the CRD defaults it to false. */
  avoidBuggyIPs?: boolean;
  allocateTo?: ServiceAllocation;
}

/** A MetalLB `IPAddressPool` (namespaced, normally in `metallb-system`). */
export interface IPAddressPool {
  apiVersion: "metallb.io/v1beta1";
  kind: "IPAddressPool";
  metadata: ObjectMeta;
  spec: IPAddressPoolSpec;
  status?: Record<string, unknown>;
}

/** `L2AdvertisementSpec`: which pools are announced over ARP/NDP, from which nodes and interfaces. */
export interface L2AdvertisementSpec {
  ipAddressPools?: string[];
  ipAddressPoolSelectors?: LabelSelector[];
  nodeSelectors?: LabelSelector[];
  interfaces?: string[];
}

/** A MetalLB `L2Advertisement`; with no pools named or selected it announces every pool. */
export interface L2Advertisement {
  apiVersion: "metallb.io/v1beta1";
  kind: "L2Advertisement";
  metadata: ObjectMeta;
  spec?: L2AdvertisementSpec;
  status?: Record<string, unknown>;
}

/**
 * Node pod CIDR allocation, as kube-controller-manager's node IPAM does it with
 * `--allocate-node-cidrs` (K8s `pkg/controller/nodeipam/ipam/cidrset/cidr_set.go`): the cluster
 * CIDR (kubeadm+flannel: `10.244.0.0/16`) is cut into node blocks (`/24` for IPv4, `/64` for
 * IPv6), numbered from 0; the next allocation scans forward from `nextCandidate` with wrap-around
 * and then moves `nextCandidate` past what it took, so a released block is reused only after the
 * scan wraps.
 *
 * The state (which blocks are used, the next candidate) belongs to the caller: the used blocks
 * are the nodes' `spec.podCIDRs`, so the functions take an `isUsed` callback and return the new
 * `nextCandidate`.
 *
 * @module
 */

import { type CIDR, cidrContains, hostBits, mustParseCIDR, parseCIDR } from "./CIDR.js";
import { familyBits } from "./IP.js";
import { CIDR_SET_ERRORS } from "./messages.js";
import type { ParseResult } from "./ParseResult.js";

/** The default node block sizes (`defaultNodeMaskCIDRIPv4 = 24`, `defaultNodeMaskCIDRIPv6 = 64`). */
export const DEFAULT_NODE_CIDR_MASK_SIZE = { IPv4: 24, IPv6: 64 } as const;

/** The cluster CIDR kubesim uses by default (flannel's default network, kubeadm `--pod-network-cidr`). */
export const DEFAULT_CLUSTER_CIDR = "10.244.0.0/16";

/** A cluster CIDR cut into node blocks. */
export interface CIDRSet {
  readonly clusterCIDR: CIDR;
  /** The prefix length of each node block. */
  readonly nodeMaskSize: number;
  /** The number of node blocks. */
  readonly maxCIDRs: number;
}

/**
 * Cuts a cluster CIDR into node blocks (`NewCIDRSet`). Refused, with upstream's text, when an
 * IPv6 node block is more than 16 bits longer than the cluster prefix (the upstream bitmap limit);
 * kubesim also refuses a node block shorter than the cluster prefix or more than 2^30 blocks.
 */
export function newCIDRSet(clusterCIDR: string | CIDR, nodeMaskSize: number): ParseResult<CIDRSet> {
  let cidr: CIDR;
  if (typeof clusterCIDR === "string") {
    const r = parseCIDR(clusterCIDR);
    if (!r.ok) return r;
    cidr = r.value.cidr;
  } else {
    cidr = clusterCIDR;
  }
  const diff = nodeMaskSize - cidr.prefixLength;
  if (!Number.isInteger(nodeMaskSize) || nodeMaskSize > familyBits(cidr.family) || diff < 0) {
    return { ok: false, error: CIDR_SET_ERRORS.subNetTooBig };
  }
  if ((cidr.family === "IPv6" && diff > 16) || diff > 30)
    return { ok: false, error: CIDR_SET_ERRORS.subNetTooBig };
  return { ok: true, value: { clusterCIDR: cidr, nodeMaskSize, maxCIDRs: 2 ** diff } };
}

/** The default set: `10.244.0.0/16` in `/24` blocks. */
export function defaultCIDRSet(): CIDRSet {
  return { clusterCIDR: mustParseCIDR(DEFAULT_CLUSTER_CIDR), nodeMaskSize: 24, maxCIDRs: 256 };
}

/** The node block with the given index (`indexToCIDRBlock`): index 1 of 10.244.0.0/16 in /24s is 10.244.1.0/24. */
export function cidrSetBlock(set: CIDRSet, index: number): CIDR {
  if (!Number.isInteger(index) || index < 0 || index >= set.maxCIDRs) {
    throw new RangeError(`cidrSetBlock: index ${index} out of range [0,${set.maxCIDRs})`);
  }
  const shift = BigInt(familyBits(set.clusterCIDR.family) - set.nodeMaskSize);
  return {
    family: set.clusterCIDR.family,
    network: {
      family: set.clusterCIDR.family,
      value: set.clusterCIDR.network.value | (BigInt(index) << shift),
    },
    prefixLength: set.nodeMaskSize,
  };
}

/**
 * The index of the node block a CIDR falls in (`getIndexForIP` of its address), or undefined when
 * the address is outside the cluster CIDR. Used to mark existing nodes' podCIDRs as taken.
 */
export function cidrSetIndexOf(set: CIDRSet, cidr: CIDR): number | undefined {
  if (!cidrContains(set.clusterCIDR, cidr.network)) return undefined;
  const shift = BigInt(hostBits({ ...set.clusterCIDR, prefixLength: set.nodeMaskSize }));
  return Number((cidr.network.value - set.clusterCIDR.network.value) >> shift);
}

/** What {@link cidrSetAllocateNext} hands out. */
export interface CIDRSetAllocation {
  readonly index: number;
  readonly cidr: CIDR;
  /** Where the next scan starts (`index + 1`, wrapped): store it for the next call. */
  readonly nextCandidate: number;
}

/**
 * Allocates the next free node block (`AllocateNext`): scans from `nextCandidate` forward with
 * wrap-around; `isUsed(index)` says whether a block is taken. Returns the error text
 * `CIDR allocation failed; there are no remaining CIDRs left to allocate in the accepted range` when all are.
 */
export function cidrSetAllocateNext(
  set: CIDRSet,
  nextCandidate: number,
  isUsed: (index: number) => boolean,
): ParseResult<CIDRSetAllocation> {
  const start = ((nextCandidate % set.maxCIDRs) + set.maxCIDRs) % set.maxCIDRs;
  for (let i = 0; i < set.maxCIDRs; i++) {
    const candidate = (start + i) % set.maxCIDRs;
    if (!isUsed(candidate)) {
      return {
        ok: true,
        value: {
          index: candidate,
          cidr: cidrSetBlock(set, candidate),
          nextCandidate: (candidate + 1) % set.maxCIDRs,
        },
      };
    }
  }
  return { ok: false, error: CIDR_SET_ERRORS.noCIDRsRemaining };
}

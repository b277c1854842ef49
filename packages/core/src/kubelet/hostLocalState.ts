/**
 * The CNI `host-local` IPAM plugin's per-node state, kept in the store so that it is part of
 * snapshots and replays: one kubesim-internal `RangeAllocation` object (group `kubesim.io`) per
 * node, named `host-local-<node>`. The real plugin keeps one file per reserved IP (holding the
 * container ID) and `last_reserved_ip.0` under `/var/lib/cni/networks/<network>/` on the node;
 * the object holds the same: `range` (the node's podCIDR), `lastReservedIP`, and `reserved`
 * (each reserved IP with the uid of the pod holding it).
 *
 * @module
 */

import { hostLocalAllocate, hostLocalRange } from "@kubesim/ipam";
import type { KubeObject } from "../api/KubeObject.js";
import type { Transaction } from "../store/ObjectStore.js";

/** One reserved address: host-local's file named after the IP, holding the pod's uid here. */
export interface HostLocalReservation {
  readonly ip: string;
  readonly podUID: string;
}

/** The stored shape of a node's host-local state. */
export interface HostLocalState extends KubeObject {
  /** The podCIDR the addresses come from. */
  range: string;
  /** host-local's `last_reserved_ip.0`: allocation continues after it. */
  lastReservedIP?: string;
  /**
   * The reserved addresses, in the order they were reserved. A list rather than an object keyed
   * by IP: the event log keeps a version of this object per allocation, and a copied list costs a
   * pointer per address where a copied IP-keyed object (a V8 dictionary) cost about 100 bytes
   * per address (1.5 KB per version at 15 pods on the node).
   */
  reserved: HostLocalReservation[];
}

/** The kind the state is stored as. */
export const HOST_LOCAL_STATE_KIND = "RangeAllocation";

/** The name of a node's host-local state object. */
export function hostLocalStateName(nodeName: string): string {
  return `host-local-${nodeName}`;
}

/** The node's host-local state, if any. */
export function getHostLocalState(tx: Transaction, nodeName: string): HostLocalState | undefined {
  return tx.get(HOST_LOCAL_STATE_KIND, "", hostLocalStateName(nodeName)) as HostLocalState | undefined;
}

/**
 * Allocates the next address of `podCIDR` for the pod `podUID` (CNI ADD through host-local),
 * recording it in the store. Returns the address, or host-local's error text
 * (`failed to allocate for range 0: no IP addresses available in range set: 10.244.1.1-10.244.1.254`).
 */
export function hostLocalAdd(
  tx: Transaction,
  nodeName: string,
  podCIDR: string,
  podUID: string,
): { ok: true; ip: string } | { ok: false; error: string } {
  const range = hostLocalRange(podCIDR);
  if (!range.ok) return range;
  const stored = getHostLocalState(tx, nodeName);
  // A changed podCIDR starts afresh, as a node re-provisioned with a new range would.
  const state = stored && stored.range === podCIDR ? stored : undefined;
  const reserved = state?.reserved ?? [];
  const held = reserved.find((r) => r.podUID === podUID);
  if (held) return { ok: true, ip: held.ip };
  const taken = new Set(reserved.map((r) => r.ip));
  const got = hostLocalAllocate(range.value, state?.lastReservedIP, (ip) => taken.has(ip));
  if (!got.ok) return got;
  const ip = got.value.ip;
  if (!stored) {
    const created: HostLocalState = {
      apiVersion: "kubesim.io/v1",
      kind: HOST_LOCAL_STATE_KIND,
      metadata: { name: hostLocalStateName(nodeName) },
      range: podCIDR,
      lastReservedIP: ip,
      reserved: [{ ip, podUID }],
    };
    tx.create(created);
  } else {
    // A recipe (no admission: the object is kubesim-internal) that copies only what changes.
    tx.mutate({ kind: HOST_LOCAL_STATE_KIND, namespace: "", name: hostLocalStateName(nodeName) }, (d) => {
      const draft = d as HostLocalState;
      if (draft.range !== podCIDR) {
        draft.range = podCIDR;
        draft.reserved = [];
      }
      draft.lastReservedIP = ip;
      draft.reserved.push({ ip, podUID });
    });
  }
  return { ok: true, ip };
}

/**
 * Releases the addresses held by the pod `podUID` on the node (CNI DEL: host-local releases by
 * container ID, not by address); a no-op when it holds none.
 */
export function hostLocalDel(tx: Transaction, nodeName: string, podUID: string): void {
  const stored = getHostLocalState(tx, nodeName);
  if (!stored) return;
  if (!stored.reserved.some((r) => r.podUID === podUID)) return;
  tx.mutate({ kind: HOST_LOCAL_STATE_KIND, namespace: "", name: stored.metadata.name! }, (d) => {
    const draft = d as HostLocalState;
    draft.reserved = draft.reserved.filter((r) => r.podUID !== podUID);
  });
}

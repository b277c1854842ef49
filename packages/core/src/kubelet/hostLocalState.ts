/**
 * The CNI `host-local` IPAM plugin's per-node state, kept in the store so that it is part of
 * snapshots and replays: one kubesim-internal `RangeAllocation` object (group `kubesim.io`) per
 * node, named `host-local-<node>`. The real plugin keeps one file per reserved IP (holding the
 * container ID) and `last_reserved_ip.0` under `/var/lib/cni/networks/<network>/` on the node;
 * the object holds the same: `range` (the node's podCIDR), `lastReservedIP`, and `reserved`
 * (IP → the uid of the pod holding it).
 *
 * @module
 */

import { hostLocalAllocate, hostLocalRange } from "@kubesim/ipam";
import type { KubeObject } from "../api/KubeObject.js";
import type { Transaction } from "../store/ObjectStore.js";

/** The stored shape of a node's host-local state. */
export interface HostLocalState extends KubeObject {
  /** The podCIDR the addresses come from. */
  range: string;
  /** host-local's `last_reserved_ip.0`: allocation continues after it. */
  lastReservedIP?: string;
  /** Reserved addresses and the uid of the pod holding each. */
  reserved: Record<string, string>;
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
  const reserved = state?.reserved ?? {};
  for (const [ip, uid] of Object.entries(reserved)) if (uid === podUID) return { ok: true, ip };
  const got = hostLocalAllocate(range.value, state?.lastReservedIP, (ip) => ip in reserved);
  if (!got.ok) return got;
  const ip = got.value.ip;
  if (!stored) {
    const created: HostLocalState = {
      apiVersion: "kubesim.io/v1",
      kind: HOST_LOCAL_STATE_KIND,
      metadata: { name: hostLocalStateName(nodeName) },
      range: podCIDR,
      lastReservedIP: ip,
      reserved: { [ip]: podUID },
    };
    tx.create(created);
  } else {
    // A recipe (no admission: the object is kubesim-internal) that copies only what changes.
    tx.mutate({ kind: HOST_LOCAL_STATE_KIND, namespace: "", name: hostLocalStateName(nodeName) }, (d) => {
      const draft = d as HostLocalState;
      if (draft.range !== podCIDR) {
        draft.range = podCIDR;
        draft.reserved = {};
      }
      draft.lastReservedIP = ip;
      draft.reserved[ip] = podUID;
    });
  }
  return { ok: true, ip };
}

/** Releases the address held by the pod `podUID` on the node (CNI DEL); a no-op when it holds none. */
export function hostLocalDel(
  tx: Transaction,
  nodeName: string,
  ip: string | undefined,
  podUID: string,
): void {
  const stored = getHostLocalState(tx, nodeName);
  if (!stored) return;
  const held =
    ip !== undefined && stored.reserved[ip] === podUID
      ? [ip]
      : Object.keys(stored.reserved).filter((k) => stored.reserved[k] === podUID);
  if (held.length === 0) return;
  tx.mutate({ kind: HOST_LOCAL_STATE_KIND, namespace: "", name: stored.metadata.name! }, (d) => {
    for (const k of held) delete (d as HostLocalState).reserved[k];
  });
}

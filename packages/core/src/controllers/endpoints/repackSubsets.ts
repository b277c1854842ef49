import type { EndpointAddress, EndpointPort, EndpointSubset } from "kubernetes-types/core/v1.js";

/**
 * `RepackSubsets` (K8s `pkg/api/v1/endpoints/util.go`): expands subsets to (address, port)
 * pairs and packs them back into the canonical form: one subset per set of addresses that
 * offer the same ports, an address not ready on any port is not ready everywhere, addresses
 * de-duplicated by IP and pod uid, subsets without ports kept (headless Services).
 *
 * Order: addresses are sorted by IP (byte order) then pod uid, as K8s `LessEndpointAddress`
 * does. K8s sorts ports and subsets by an md5 hash of their Go dump, which is deterministic but
 * meaningless; kubesim sorts ports by (name, port, protocol) and subsets by their first address.
 */
export function repackSubsets(subsets: readonly EndpointSubset[]): EndpointSubset[] {
  const allAddresses = new Map<string, EndpointAddress>();
  // port key -> (address key -> ready)
  const portToAddresses = new Map<
    string,
    { port: EndpointPort | undefined; addresses: Map<string, boolean> }
  >();
  const add = (address: EndpointAddress, port: EndpointPort | undefined, ready: boolean) => {
    const addressKey = `${address.ip}\u0000${address.targetRef?.uid ?? ""}`;
    if (!allAddresses.has(addressKey)) allAddresses.set(addressKey, address);
    const portKey = port
      ? JSON.stringify([port.name ?? "", port.port, port.protocol ?? "", port.appProtocol ?? null])
      : "";
    let entry = portToAddresses.get(portKey);
    if (!entry) {
      entry = { port, addresses: new Map() };
      portToAddresses.set(portKey, entry);
    }
    // Not ready always trumps ready.
    const was = entry.addresses.get(addressKey);
    if (was === undefined || was) entry.addresses.set(addressKey, ready);
  };
  for (const subset of subsets) {
    const ports = subset.ports ?? [];
    for (const port of ports.length === 0 ? [undefined] : ports) {
      for (const a of subset.addresses ?? []) add(a, port, true);
      for (const a of subset.notReadyAddresses ?? []) add(a, port, false);
    }
  }
  // Group ports by the exact set of (address, ready) that offers them.
  const groups = new Map<string, { addresses: Map<string, boolean>; ports: EndpointPort[] }>();
  for (const { port, addresses } of portToAddresses.values()) {
    const key = [...addresses]
      .map(([k, r]) => `${k}\u0000${r}`)
      .sort()
      .join("\u0001");
    let group = groups.get(key);
    if (!group) {
      group = { addresses, ports: [] };
      groups.set(key, group);
    }
    if (port) group.ports.push(port);
  }
  const out: EndpointSubset[] = [];
  for (const { addresses, ports } of groups.values()) {
    const ready: EndpointAddress[] = [];
    const notReady: EndpointAddress[] = [];
    for (const [k, r] of addresses) (r ? ready : notReady).push(allAddresses.get(k)!);
    ready.sort(lessAddress);
    notReady.sort(lessAddress);
    ports.sort(lessPort);
    const subset: EndpointSubset = {};
    if (ready.length > 0) subset.addresses = ready;
    if (notReady.length > 0) subset.notReadyAddresses = notReady;
    if (ports.length > 0) subset.ports = ports;
    out.push(subset);
  }
  return out.sort((a, b) => cmp(subsetSortKey(a), subsetSortKey(b)));
}

/** `LessEndpointAddress`: by IP bytes, then by pod uid. */
function lessAddress(a: EndpointAddress, b: EndpointAddress): number {
  return cmp(a.ip, b.ip) || cmp(a.targetRef?.uid ?? "", b.targetRef?.uid ?? "");
}

function lessPort(a: EndpointPort, b: EndpointPort): number {
  return cmp(a.name ?? "", b.name ?? "") || a.port - b.port || cmp(a.protocol ?? "", b.protocol ?? "");
}

function subsetSortKey(s: EndpointSubset): string {
  const first = s.addresses?.[0] ?? s.notReadyAddresses?.[0];
  return `${first?.ip ?? ""}\u0000${first?.targetRef?.uid ?? ""}\u0000${JSON.stringify(s.ports ?? [])}`;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

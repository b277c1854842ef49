import type { EndpointSubset } from "kubernetes-types/core/v1.js";

/** `maxCapacity` of the Endpoints controller: the most addresses one Endpoints object holds. */
export const MAX_ENDPOINTS_CAPACITY = 1000;

/**
 * `truncateEndpoints` (K8s `pkg/controller/endpoint/endpoints_controller.go`): when subsets hold
 * more than 1000 addresses, keeps 1000, ready ones first, spread over the subsets in proportion
 * to their size (rounded up, the last subsets getting what is left). Returns undefined when
 * nothing needs truncating.
 */
export function truncateEndpoints(subsets: readonly EndpointSubset[]): EndpointSubset[] | undefined {
  let totalReady = 0;
  let totalNotReady = 0;
  for (const s of subsets) {
    totalReady += s.addresses?.length ?? 0;
    totalNotReady += s.notReadyAddresses?.length ?? 0;
  }
  if (totalReady + totalNotReady <= MAX_ENDPOINTS_CAPACITY) return undefined;
  const truncateReady = totalReady > MAX_ENDPOINTS_CAPACITY;
  const max = truncateReady ? MAX_ENDPOINTS_CAPACITY : MAX_ENDPOINTS_CAPACITY - totalReady;
  const numTotal = truncateReady ? totalReady : totalNotReady;
  let canBeAdded = max;
  return subsets.map((subset) => {
    const inSubset = truncateReady
      ? (subset.addresses?.length ?? 0)
      : (subset.notReadyAddresses?.length ?? 0);
    const toBeAdded = Math.min(Math.ceil((inSubset / numTotal) * max), canBeAdded);
    if (truncateReady) {
      const addresses = (subset.addresses ?? []).slice(0, toBeAdded);
      canBeAdded -= addresses.length;
      return withoutEmpty({ ...subset, addresses, notReadyAddresses: [] });
    }
    const notReadyAddresses = (subset.notReadyAddresses ?? []).slice(0, toBeAdded);
    canBeAdded -= notReadyAddresses.length;
    return withoutEmpty({ ...subset, notReadyAddresses });
  });
}

/** Empty lists are omitted when serialised (`omitempty`). */
function withoutEmpty(subset: EndpointSubset): EndpointSubset {
  const out = { ...subset };
  if (out.addresses?.length === 0) delete out.addresses;
  if (out.notReadyAddresses?.length === 0) delete out.notReadyAddresses;
  return out;
}

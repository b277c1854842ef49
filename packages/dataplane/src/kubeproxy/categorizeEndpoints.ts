/**
 * Which endpoints of a service port a node's kube-proxy uses, per traffic policy: a port of
 * kube-proxy's `CategorizeEndpoints` (pkg/proxy/topology.go; ../shared/REFERENCE.md 5.2).
 *
 * @module
 */
import type { EndpointInfo, ServicePortInfo } from "./ServicePortInfo.js";

/** The endpoints a node sends a service port's traffic to. */
export interface CategorizedEndpoints {
  /** For `Cluster` policy: ready endpoints (topology-filtered), else serving-terminating ones. */
  readonly clusterEndpoints: readonly EndpointInfo[];
  /** For `Local` policy: this node's ready endpoints, else its serving-terminating ones. */
  readonly localEndpoints: readonly EndpointInfo[];
  /** Whether any endpoint anywhere is ready or serving-terminating (else: REJECT). */
  readonly hasAnyEndpoints: boolean;
}

/**
 * Categorizes `servicePort`'s endpoints for the node `nodeName` in `zone`. Keeps the sorted
 * order of the endpoints (kube-proxy writes rules in that order).
 */
export function categorizeEndpoints(
  servicePort: ServicePortInfo,
  nodeName: string,
  zone: string | undefined,
): CategorizedEndpoints {
  const all = servicePort.endpoints;
  const ready = all.filter((e) => e.ready);
  const servingTerminating = all.filter((e) => e.serving && e.terminating);
  const hasAnyEndpoints = ready.length > 0 || servingTerminating.length > 0;

  let clusterEndpoints: readonly EndpointInfo[];
  if (ready.length > 0) {
    // Topology hints apply only when every ready endpoint has one and some are for this zone.
    const useHints =
      zone !== undefined &&
      ready.every((e) => e.zoneHints.length > 0) &&
      ready.some((e) => e.zoneHints.includes(zone));
    clusterEndpoints = useHints ? ready.filter((e) => e.zoneHints.includes(zone)) : ready;
  } else {
    // ProxyTerminatingEndpoints (GA 1.28): fall back to serving-terminating endpoints; topology is ignored.
    clusterEndpoints = servingTerminating;
  }

  const localReady = ready.filter((e) => e.nodeName === nodeName);
  const localEndpoints =
    localReady.length > 0 ? localReady : servingTerminating.filter((e) => e.nodeName === nodeName);

  return { clusterEndpoints, localEndpoints, hasAnyEndpoints };
}

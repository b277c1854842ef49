/**
 * Service defaulting, after Kubernetes 1.33 `pkg/apis/core/v1/defaults.go` `SetDefaults_Service`.
 * The API server applies it when it decodes a request body, before admission, allocation and
 * validation; so do the callers of {@link defaultService}.
 *
 * Not done here, on purpose:
 * - `ipFamilyPolicy`, `ipFamilies` and `clusterIPs` get their values in the API server's
 *   allocation step (`pkg/registry/core/service/storage/alloc.go` `initIPFamilyFields` and the
 *   ClusterIP allocator), not in defaulting; see `initServiceIPFamilyFields` in
 *   `initIPFamilyFields.ts` and the allocation layer.
 * - `clusterIPs` is synchronised with `clusterIP` by the REST strategy (`NormalizeClusterIPs`),
 *   also not defaulting.
 * - There is no `SetDefaults_ServiceSpec` in `pkg/apis/core/v1`: everything is in
 *   `SetDefaults_Service`, which this function ports completely.
 *
 * Version notes: in 1.33 the `status.loadBalancer.ingress[].ipMode` default is guarded by the
 * LoadBalancerIPMode feature gate (GA since 1.32, so always on); later releases dropped the
 * check. The other rules are unchanged from 1.30 to 1.35.
 *
 * @module
 */

import { produce } from "immer";
import type { Service } from "kubernetes-types/core/v1.js";
import { DEFAULT_CLIENT_IP_SERVICE_AFFINITY_SECONDS, externallyAccessible } from "./_internal/serviceUtil.js";

/**
 * Returns `svc` with Kubernetes' defaults filled in (`SetDefaults_Service`), without touching the
 * input (which may be deeply frozen). In Kubernetes' order:
 * - `spec.sessionAffinity` → `None`; with `None`, `sessionAffinityConfig` is removed; with
 *   `ClientIP` and no timeout, `sessionAffinityConfig` becomes `{clientIP: {timeoutSeconds: 10800}}`;
 * - `spec.type` → `ClusterIP`;
 * - each port: `protocol` → `TCP`; a missing, `0` or `""` `targetPort` → the `port`;
 * - `spec.externalTrafficPolicy` → `Cluster` for externally-accessible Services (NodePort,
 *   LoadBalancer, ClusterIP with `externalIPs`);
 * - `spec.internalTrafficPolicy` → `Cluster` for ClusterIP, NodePort and LoadBalancer;
 * - LoadBalancer: `spec.allocateLoadBalancerNodePorts` → `true`, and every
 *   `status.loadBalancer.ingress[]` with an `ip` but no `ipMode` gets `ipMode: VIP`.
 *
 * Go treats a missing string and `""` alike, but a pointer field set to `""` (for example
 * `internalTrafficPolicy: ""`) is not nil, so it is kept and left for validation to reject.
 */
export function defaultService(svc: Service): Service {
  return produce(svc, (draft) => {
    draft.spec ??= {};
    const spec = draft.spec;
    if (!spec.sessionAffinity) spec.sessionAffinity = "None";
    if (spec.sessionAffinity === "None") delete spec.sessionAffinityConfig;
    if (spec.sessionAffinity === "ClientIP") {
      const timeoutSeconds = spec.sessionAffinityConfig?.clientIP?.timeoutSeconds;
      if (timeoutSeconds === undefined || timeoutSeconds === null) {
        // Go replaces the whole config, not just the missing timeout.
        spec.sessionAffinityConfig = {
          clientIP: { timeoutSeconds: DEFAULT_CLIENT_IP_SERVICE_AFFINITY_SECONDS },
        };
      }
    }
    if (!spec.type) spec.type = "ClusterIP";
    for (const port of spec.ports ?? []) {
      if (!port.protocol) port.protocol = "TCP";
      // intstr.FromInt32(0) and intstr.FromString("") both mean "not set".
      if (
        port.targetPort === undefined ||
        port.targetPort === null ||
        port.targetPort === 0 ||
        port.targetPort === ""
      ) {
        port.targetPort = port.port ?? 0;
      }
    }
    if (externallyAccessible(spec) && !spec.externalTrafficPolicy) spec.externalTrafficPolicy = "Cluster";
    if (
      (spec.internalTrafficPolicy === undefined || spec.internalTrafficPolicy === null) &&
      (spec.type === "NodePort" || spec.type === "LoadBalancer" || spec.type === "ClusterIP")
    ) {
      spec.internalTrafficPolicy = "Cluster";
    }
    if (spec.type === "LoadBalancer") {
      if (spec.allocateLoadBalancerNodePorts === undefined || spec.allocateLoadBalancerNodePorts === null) {
        spec.allocateLoadBalancerNodePorts = true;
      }
      for (const ingress of draft.status?.loadBalancer?.ingress ?? []) {
        if (ingress.ip && (ingress.ipMode === undefined || ingress.ipMode === null)) ingress.ipMode = "VIP";
      }
    }
  });
}

/**
 * Small predicates and constants shared by Service defaulting, validation and warnings, after
 * Kubernetes 1.33 `pkg/api/service/util.go`, `pkg/api/v1/service/util.go` and
 * `pkg/apis/core/types.go`.
 *
 * @module
 */

import type { Service, ServiceSpec } from "kubernetes-types/core/v1.js";
import { goQuote } from "../../../validation/goStrings.js";

/** `DefaultClientIPServiceAffinitySeconds`: 3 hours. */
export const DEFAULT_CLIENT_IP_SERVICE_AFFINITY_SECONDS = 10800;

/** `MaxClientIPServiceAffinitySeconds`: 1 day. */
export const MAX_CLIENT_IP_SERVICE_AFFINITY_SECONDS = 86400;

/** `core.ClusterIPNone`: the `clusterIP` of a headless Service. */
export const CLUSTER_IP_NONE = "None";

/** `AnnotationLoadBalancerSourceRangesKey`, the pre-field form of `spec.loadBalancerSourceRanges`. */
export const ANNOTATION_LOAD_BALANCER_SOURCE_RANGES =
  "service.beta.kubernetes.io/load-balancer-source-ranges";

/** `DeprecatedAnnotationTopologyAwareHints`. */
export const ANNOTATION_TOPOLOGY_AWARE_HINTS = "service.kubernetes.io/topology-aware-hints";

/** `AnnotationTopologyMode`. */
export const ANNOTATION_TOPOLOGY_MODE = "service.kubernetes.io/topology-mode";

/** The Service's spec, or an empty one: Go reads a missing struct as its zero value. */
export function specOf(svc: Service): ServiceSpec {
  return svc.spec ?? {};
}

/**
 * `ExternallyAccessible`: NodePort and LoadBalancer Services, and ClusterIP Services with
 * `externalIPs`, are reachable from outside the cluster (and so have an `externalTrafficPolicy`).
 */
export function externallyAccessible(spec: ServiceSpec): boolean {
  const type = spec.type ?? "";
  return (
    type === "LoadBalancer" ||
    type === "NodePort" ||
    (type === "ClusterIP" && (spec.externalIPs?.length ?? 0) > 0)
  );
}

/** `NeedsHealthCheck`: a LoadBalancer with `externalTrafficPolicy: Local` gets a `healthCheckNodePort`. */
export function needsHealthCheck(spec: ServiceSpec): boolean {
  return spec.type === "LoadBalancer" && spec.externalTrafficPolicy === "Local";
}

/** `isHeadlessService` of validation.go: `clusterIPs` is exactly `["None"]`. */
export function isHeadlessService(spec: ServiceSpec): boolean {
  return spec.clusterIPs?.length === 1 && spec.clusterIPs[0] === CLUSTER_IP_NONE;
}

/**
 * Go's `%#v` of a slice of strings or of a named string type, e.g. `[]string{"a", "b"}`,
 * `[]core.IPFamily{"IPv4"}`; a nil slice prints `[]string(nil)`.
 */
export function goSliceText(typeName: string, values: readonly string[] | null | undefined): string {
  if (values === null || values === undefined) return `[]${typeName}(nil)`;
  return `[]${typeName}{${values.map(goQuote).join(", ")}}`;
}

const LEADING_SPACE = /^\p{White_Space}+/u;
const TRAILING_SPACE = /\p{White_Space}+$/u;

/**
 * Go's `strings.TrimSpace`: strips Unicode White_Space (which includes U+0085 but, unlike
 * JavaScript's `trim`, not U+FEFF).
 */
export function goTrimSpace(s: string): string {
  return s.replace(LEADING_SPACE, "").replace(TRAILING_SPACE, "");
}

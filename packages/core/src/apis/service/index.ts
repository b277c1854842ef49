/**
 * Service admission rules of the Kubernetes 1.33 API server, as pure functions:
 * - `defaults.ts`: `defaultService` (`SetDefaults_Service`);
 * - `initIPFamilyFields.ts`: `initServiceIPFamilyFields`, the allocation step that settles
 *   `ipFamilyPolicy`/`ipFamilies` against the cluster's families and rejects what it cannot serve;
 * - `validateServiceClusterIPsRelatedFields.ts`: the clusterIP(s)/ipFamilies/ipFamilyPolicy rules;
 * - `validation.ts`: `validateService`, `validateServiceUpdate`, `validateServiceStatusUpdate`
 *   and their parts;
 * - `warnings.ts`: `getWarningsForService` and the IP/CIDR warnings.
 *
 * The API server applies them in this order: defaulting (at decode), `initServiceIPFamilyFields`
 * and allocation (`BeginCreate`/`BeginUpdate`), `PrepareForCreate`/`PrepareForUpdate`,
 * validation, then warnings.
 *
 * @module
 */
export {
  DEFAULT_CLIENT_IP_SERVICE_AFFINITY_SECONDS,
  externallyAccessible,
  MAX_CLIENT_IP_SERVICE_AFFINITY_SECONDS,
  needsHealthCheck,
} from "./_internal/serviceUtil.js";
export { defaultService } from "./defaults.js";
export { type IPFamilyFieldsResult, initServiceIPFamilyFields } from "./initIPFamilyFields.js";
export {
  type IPFamily,
  type IPFamilyPolicy,
  SUPPORTED_IP_FAMILIES,
  SUPPORTED_IP_FAMILY_POLICIES,
  validateServiceClusterIPsRelatedFields,
} from "./validateServiceClusterIPsRelatedFields.js";
export {
  type ServiceValidationOptions,
  SUPPORTED_EXTERNAL_TRAFFIC_POLICIES,
  SUPPORTED_INTERNAL_TRAFFIC_POLICIES,
  SUPPORTED_LOAD_BALANCER_IP_MODES,
  SUPPORTED_PORT_PROTOCOLS,
  SUPPORTED_SERVICE_TYPES,
  SUPPORTED_SESSION_AFFINITY_TYPES,
  validateLoadBalancerClassField,
  validateLoadBalancerStatus,
  validateNonSpecialIP,
  validateService,
  validateServiceExternalTrafficPolicy,
  validateServiceInternalTrafficFieldsValue,
  validateServicePort,
  validateServiceStatusUpdate,
  validateServiceTrafficDistribution,
  validateServiceUpdate,
  validateUpgradeDowngradeClusterIPs,
  validateUpgradeDowngradeIPFamilies,
} from "./validation.js";
export { getWarningsForCIDR, getWarningsForIP, getWarningsForService } from "./warnings.js";

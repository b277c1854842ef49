/**
 * Service validation with Kubernetes 1.33's rules, field paths, messages and order, after
 * `pkg/apis/core/validation/validation.go` (`ValidateService`, `validateServicePort`,
 * `validateServiceExternalTrafficPolicy`, `validateServiceInternalTrafficFieldsValue`,
 * `validateServiceTrafficDistribution`, `validateLoadBalancerClassField`, `ValidateServiceUpdate`,
 * `validateUpgradeDowngradeClusterIPs`, `validateUpgradeDowngradeIPFamilies`,
 * `ValidateServiceStatusUpdate`, `ValidateLoadBalancerStatus`) and the cluster-configuration checks
 * of `pkg/registry/core/service/storage/alloc.go` `initIPFamilyFields`.
 *
 * The functions expect what the API server validates: a defaulted Service (see `defaultService`)
 * whose `clusterIPs` the REST strategy has synchronised with `clusterIP` (`NormalizeClusterIPs`).
 * Errors come back in Kubernetes' order, duplicates included (Go's `ValidateServiceUpdate` reports
 * some `loadBalancerClass` errors twice; the Status' cause list keeps both, its message dedupes).
 *
 * Feature gates are Kubernetes 1.33's defaults: StrictIPCIDRValidation off (legacy IP parsing),
 * PreferSameTrafficDistribution off (an option), AllowServiceLBStatusOnNonLB off,
 * LoadBalancerIPMode on.
 *
 * @module
 */

import type { LoadBalancerStatus, Service, ServicePort, ServiceSpec } from "kubernetes-types/core/v1.js";
import {
  duplicate,
  type FieldError,
  type FieldPath,
  forbidden,
  goRepr,
  invalid,
  notSupported,
  path,
  required,
} from "../../validation/field.js";
import { goQuote } from "../../validation/goStrings.js";
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isValidPortName,
  isValidPortNum,
  nameIsDNS1035Label,
  validateLabelName,
  validateLabels,
  validateObjectMeta,
} from "../../validation/names.js";
import { parseCIDRSloppy, parseIPSloppy } from "../../validation/parseIPSloppy.js";
import { validateObjectMetaUpdate } from "../../validation/validateObjectMetaUpdate.js";
import { validateNonSpecialIP } from "../pod/ipAddress.js";
import {
  ANNOTATION_LOAD_BALANCER_SOURCE_RANGES,
  ANNOTATION_TOPOLOGY_AWARE_HINTS,
  ANNOTATION_TOPOLOGY_MODE,
  externallyAccessible,
  goSliceText,
  goTrimSpace,
  isHeadlessService,
  MAX_CLIENT_IP_SERVICE_AFFINITY_SECONDS,
  needsHealthCheck,
  specOf,
} from "./_internal/serviceUtil.js";
import { initServiceIPFamilyFields } from "./initIPFamilyFields.js";
import {
  clusterIPsValue,
  type IPFamily,
  validateIP,
  validateServiceClusterIPsRelatedFields,
} from "./validateServiceClusterIPsRelatedFields.js";

/** How the simulated API server is configured, for the checks that depend on it. */
export interface ServiceValidationOptions {
  /**
   * The cluster's Service IP families (one per `--service-cluster-ip-range` CIDR), primary first,
   * e.g. `["IPv4"]` or `["IPv4", "IPv6"]`. When given, the allocation layer's family checks
   * (`initServiceIPFamilyFields`: `this cluster is not configured for dual-stack services`,
   * `not configured on this cluster`, ...) run first and, as in the API server, their errors are
   * returned alone. Leave it out when the allocation layer has already run them.
   */
  readonly ipFamilies?: readonly IPFamily[];
  /**
   * The PreferSameTrafficDistribution feature gate (alpha and off in 1.33, on by default from
   * 1.34): also accept `trafficDistribution: PreferSameZone` and `PreferSameNode`.
   */
  readonly preferSameTrafficDistribution?: boolean;
}

/** `supportedServiceType`, sorted. */
export const SUPPORTED_SERVICE_TYPES = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"] as const;
/** `supportedSessionAffinityType`, sorted. */
export const SUPPORTED_SESSION_AFFINITY_TYPES = ["ClientIP", "None"] as const;
/** `supportedPortProtocols`, sorted. */
export const SUPPORTED_PORT_PROTOCOLS = ["SCTP", "TCP", "UDP"] as const;
/** `validExternalTrafficPolicies`, sorted. */
export const SUPPORTED_EXTERNAL_TRAFFIC_POLICIES = ["Cluster", "Local"] as const;
/** `supportedServiceInternalTrafficPolicy`, sorted. */
export const SUPPORTED_INTERNAL_TRAFFIC_POLICIES = ["Cluster", "Local"] as const;
/** `supportedLoadBalancerIPMode`, sorted. */
export const SUPPORTED_LOAD_BALANCER_IP_MODES = ["Proxy", "VIP"] as const;

const INVALID_CIDR_MESSAGE = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)";
const ONLY_LOAD_BALANCER = "may only be used when `type` is 'LoadBalancer'";
const FIELD_IMMUTABLE = "field is immutable";

function includes(list: readonly string[], value: string): boolean {
  return list.includes(value);
}

function isSet<T>(value: T | null | undefined): value is T {
  return value !== null && value !== undefined;
}

function validateCIDR(value: string, fldPath: FieldPath): FieldError[] {
  return parseCIDRSloppy(value) === null ? [invalid(fldPath, value, INVALID_CIDR_MESSAGE)] : [];
}

// Go's %#v of the (protocol, port) key validation.go uses to find duplicate ports: a
// core.ServicePort with every other field at its zero value.
function servicePortKeyText(protocol: string, port: number): string {
  return (
    `core.ServicePort{Name:"", Protocol:${goQuote(protocol)}, AppProtocol:(*string)(nil), Port:${port}, ` +
    `TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}`
  );
}

/**
 * `validateServicePort`: `name` (required when there are several ports, an RFC 1123 label,
 * unique), `port` (1-65535), `protocol` (required, `SCTP`/`TCP`/`UDP`), `targetPort` (1-65535
 * or an IANA service name), `appProtocol` (a qualified name). `allNames` collects the names seen.
 */
export function validateServicePort(
  sp: ServicePort,
  requireName: boolean,
  allNames: Set<string>,
  fldPath: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  const name = sp.name ?? "";
  if (requireName && name.length === 0) {
    errs.push(required(fldPath.child("name")));
  } else if (name.length !== 0) {
    errs.push(...isDNS1123Label(name).map((msg) => invalid(fldPath.child("name"), name, msg)));
    if (allNames.has(name)) errs.push(duplicate(fldPath.child("name"), name));
    else allNames.add(name);
  }
  const port = sp.port ?? 0;
  errs.push(...isValidPortNum(port).map((msg) => invalid(fldPath.child("port"), port, msg)));
  const protocol = sp.protocol ?? "";
  if (protocol.length === 0) errs.push(required(fldPath.child("protocol")));
  else if (!includes(SUPPORTED_PORT_PROTOCOLS, protocol)) {
    errs.push(notSupported(fldPath.child("protocol"), protocol, SUPPORTED_PORT_PROTOCOLS));
  }
  // An unset intstr.IntOrString is the integer 0.
  const targetPort = sp.targetPort ?? 0;
  const targetPortPath = fldPath.child("targetPort");
  if (typeof targetPort === "number") {
    errs.push(...isValidPortNum(targetPort).map((msg) => invalid(targetPortPath, targetPort, msg)));
  } else {
    errs.push(...isValidPortName(targetPort).map((msg) => invalid(targetPortPath, targetPort, msg)));
  }
  // Headless Services historically tolerate any targetPort, so there is no check for them.
  if (isSet(sp.appProtocol)) errs.push(...validateLabelName(sp.appProtocol, fldPath.child("appProtocol")));
  return errs;
}

function validateClientIPAffinityConfig(spec: ServiceSpec, fldPath: FieldPath): FieldError[] {
  const detail = "when session affinity type is ClientIP";
  const config = spec.sessionAffinityConfig;
  if (!isSet(config)) return [required(fldPath, detail)];
  if (!isSet(config.clientIP)) return [required(fldPath.child("clientIP"), detail)];
  const timeout = config.clientIP.timeoutSeconds;
  const timeoutPath = fldPath.child("clientIP", "timeoutSeconds");
  if (!isSet(timeout)) return [required(timeoutPath, detail)];
  if (timeout <= 0 || timeout > MAX_CLIENT_IP_SERVICE_AFFINITY_SECONDS) {
    return [
      invalid(
        timeoutPath,
        timeout,
        `must be greater than 0 and less than ${MAX_CLIENT_IP_SERVICE_AFFINITY_SECONDS}`,
      ),
    ];
  }
  return [];
}

/**
 * `validateServiceExternalTrafficPolicy`: `externalTrafficPolicy` is required (`Cluster` or
 * `Local`) exactly for externally-accessible Services, and `healthCheckNodePort` (a valid port)
 * exactly for LoadBalancers with `externalTrafficPolicy: Local`.
 */
export function validateServiceExternalTrafficPolicy(svc: Service): FieldError[] {
  const spec = specOf(svc);
  const errs: FieldError[] = [];
  const policyPath = path("spec", "externalTrafficPolicy");
  const policy = spec.externalTrafficPolicy ?? "";
  if (!externallyAccessible(spec)) {
    if (policy !== "")
      errs.push(invalid(policyPath, policy, "may only be set for externally-accessible services"));
  } else if (policy === "") {
    errs.push(required(policyPath));
  } else if (!includes(SUPPORTED_EXTERNAL_TRAFFIC_POLICIES, policy)) {
    errs.push(notSupported(policyPath, policy, SUPPORTED_EXTERNAL_TRAFFIC_POLICIES));
  }
  const hcPath = path("spec", "healthCheckNodePort");
  const hcnp = spec.healthCheckNodePort ?? 0;
  if (!needsHealthCheck(spec)) {
    if (hcnp !== 0) {
      errs.push(
        invalid(
          hcPath,
          hcnp,
          "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
        ),
      );
    }
  } else if (hcnp === 0) {
    errs.push(required(hcPath));
  } else {
    errs.push(...isValidPortNum(hcnp).map((msg) => invalid(hcPath, hcnp, msg)));
  }
  return errs;
}

/**
 * `validateServiceInternalTrafficFieldsValue`: required for ClusterIP, NodePort and LoadBalancer
 * (tolerated but not required on other types, for historical reasons), `Cluster` or `Local`.
 */
export function validateServiceInternalTrafficFieldsValue(svc: Service): FieldError[] {
  const spec = specOf(svc);
  const fldPath = path("spec", "internalTrafficPolicy");
  const policy = spec.internalTrafficPolicy;
  if (!isSet(policy)) {
    const type = spec.type ?? "";
    return type === "NodePort" || type === "LoadBalancer" || type === "ClusterIP" ? [required(fldPath)] : [];
  }
  return includes(SUPPORTED_INTERNAL_TRAFFIC_POLICIES, policy)
    ? []
    : [notSupported(fldPath, policy, SUPPORTED_INTERNAL_TRAFFIC_POLICIES)];
}

/** `validateServiceTrafficDistribution`: `PreferClose` (plus the PreferSame* values behind their gate). */
export function validateServiceTrafficDistribution(
  svc: Service,
  opts: ServiceValidationOptions = {},
): FieldError[] {
  const value = specOf(svc).trafficDistribution;
  if (!isSet(value)) return [];
  // Go lists these in this (unsorted) order.
  const supported = opts.preferSameTrafficDistribution
    ? ["PreferClose", "PreferSameZone", "PreferSameNode"]
    : ["PreferClose"];
  return supported.includes(value)
    ? []
    : [notSupported(path("spec", "trafficDistribution"), value, supported)];
}

/**
 * `validateLoadBalancerClassField`: on update, immutable while the Service stays a LoadBalancer
 * (`may not change once set`, also for setting or clearing it); a qualified name on
 * LoadBalancers; forbidden on other types.
 */
export function validateLoadBalancerClassField(old: Service | undefined, svc: Service): FieldError[] {
  const errs: FieldError[] = [];
  const spec = specOf(svc);
  const fldPath = path("spec", "loadBalancerClass");
  const lbClass = spec.loadBalancerClass;
  if (old !== undefined) {
    const oldClass = specOf(old).loadBalancerClass;
    const same = (isSet(oldClass) ? oldClass : null) === (isSet(lbClass) ? lbClass : null);
    if (specOf(old).type === "LoadBalancer" && spec.type === "LoadBalancer" && !same) {
      errs.push(invalid(fldPath, lbClass, "may not change once set"));
    }
  }
  if (spec.type === "LoadBalancer") {
    if (isSet(lbClass)) errs.push(...validateLabelName(lbClass, fldPath));
  } else if (isSet(lbClass)) {
    errs.push(forbidden(fldPath, ONLY_LOAD_BALANCER));
  }
  return errs;
}

// Go's ValidateService, without the allocation-layer checks.
function validateServiceFields(svc: Service, opts: ServiceValidationOptions): FieldError[] {
  const metaPath = path("metadata");
  const meta = svc.metadata ?? {};
  const errs = validateObjectMeta(meta, { requiresNamespace: true, nameFn: nameIsDNS1035Label }, metaPath);

  const annotations = meta.annotations ?? {};
  if (
    Object.hasOwn(annotations, ANNOTATION_TOPOLOGY_MODE) &&
    Object.hasOwn(annotations, ANNOTATION_TOPOLOGY_AWARE_HINTS) &&
    annotations[ANNOTATION_TOPOLOGY_MODE] !== annotations[ANNOTATION_TOPOLOGY_AWARE_HINTS]
  ) {
    errs.push(
      invalid(
        metaPath.child("annotations").key(ANNOTATION_TOPOLOGY_MODE),
        annotations[ANNOTATION_TOPOLOGY_MODE]!,
        `must match annotations[${ANNOTATION_TOPOLOGY_AWARE_HINTS}] when both are specified`,
      ),
    );
  }

  const spec = specOf(svc);
  const specPath = path("spec");
  const type = spec.type ?? "";
  const ports = spec.ports ?? [];
  const headless = isHeadlessService(spec);
  if (ports.length === 0 && !headless && type !== "ExternalName")
    errs.push(required(specPath.child("ports")));

  switch (type) {
    case "LoadBalancer":
    case "NodePort":
      if (headless) {
        errs.push(
          invalid(
            specPath.child("clusterIPs").index(0),
            spec.clusterIPs![0]!,
            `may not be set to 'None' for ${type} services`,
          ),
        );
      }
      break;
    case "ExternalName": {
      if ((spec.clusterIPs?.length ?? 0) > 0) {
        errs.push(forbidden(specPath.child("clusterIPs"), "may not be set for ExternalName services"));
      }
      if ((spec.ipFamilies?.length ?? 0) > 0) {
        errs.push(forbidden(specPath.child("ipFamilies"), "may not be set for ExternalName services"));
      }
      if (isSet(spec.ipFamilyPolicy)) {
        errs.push(forbidden(specPath.child("ipFamilyPolicy"), "may not be set for ExternalName services"));
      }
      // A CNAME may end in a dot to mark it fully qualified.
      const externalName = spec.externalName ?? "";
      const cname = externalName.endsWith(".") ? externalName.slice(0, -1) : externalName;
      const cnamePath = specPath.child("externalName");
      if (cname.length > 0)
        errs.push(...isDNS1123Subdomain(cname).map((msg) => invalid(cnamePath, cname, msg)));
      else errs.push(required(cnamePath));
      break;
    }
  }

  const portsPath = specPath.child("ports");
  const allPortNames = new Set<string>();
  ports.forEach((port, i) => {
    errs.push(...validateServicePort(port, ports.length > 1, allPortNames, portsPath.index(i)));
  });

  if (isSet(spec.selector)) errs.push(...validateLabels(spec.selector, specPath.child("selector")));

  const affinity = spec.sessionAffinity ?? "";
  const affinityPath = specPath.child("sessionAffinity");
  if (affinity.length === 0) errs.push(required(affinityPath));
  else if (!includes(SUPPORTED_SESSION_AFFINITY_TYPES, affinity)) {
    errs.push(notSupported(affinityPath, affinity, SUPPORTED_SESSION_AFFINITY_TYPES));
  }
  if (affinity === "ClientIP") {
    errs.push(...validateClientIPAffinityConfig(spec, specPath.child("sessionAffinityConfig")));
  } else if (affinity === "None" && isSet(spec.sessionAffinityConfig)) {
    errs.push(
      forbidden(specPath.child("sessionAffinityConfig"), "must not be set when session affinity is None"),
    );
  }

  errs.push(...validateServiceClusterIPsRelatedFields(svc));

  (spec.externalIPs ?? []).forEach((ip, i) => {
    const ipPath = specPath.child("externalIPs").index(i);
    const ipErrs = validateIP(ip, ipPath);
    errs.push(...(ipErrs.length > 0 ? ipErrs : validateNonSpecialIP(ip, ipPath)));
  });

  const typePath = specPath.child("type");
  if (type.length === 0) errs.push(required(typePath));
  else if (!includes(SUPPORTED_SERVICE_TYPES, type))
    errs.push(notSupported(typePath, type, SUPPORTED_SERVICE_TYPES));

  if (type === "ClusterIP") {
    ports.forEach((port, i) => {
      if ((port.nodePort ?? 0) !== 0) {
        errs.push(
          forbidden(portsPath.index(i).child("nodePort"), "may not be used when `type` is 'ClusterIP'"),
        );
      }
    });
  }

  // The same nodePort may serve different protocols.
  const nodePorts = new Set<string>();
  ports.forEach((port, i) => {
    const nodePort = port.nodePort ?? 0;
    if (nodePort === 0) return;
    const key = `${port.protocol ?? ""}/${nodePort}`;
    if (nodePorts.has(key)) errs.push(duplicate(portsPath.index(i).child("nodePort"), nodePort));
    nodePorts.add(key);
  });

  const servicePorts = new Set<string>();
  ports.forEach((port, i) => {
    const protocol = port.protocol ?? "";
    const number = port.port ?? 0;
    const key = `${protocol}/${number}`;
    if (servicePorts.has(key))
      errs.push(duplicate(portsPath.index(i), goRepr(servicePortKeyText(protocol, number))));
    servicePorts.add(key);
  });

  const sourceRanges = spec.loadBalancerSourceRanges ?? [];
  if (sourceRanges.length > 0) {
    // Kubernetes really spells this path with a capital L.
    const rangesPath = specPath.child("LoadBalancerSourceRanges");
    if (type !== "LoadBalancer") errs.push(forbidden(rangesPath, ONLY_LOAD_BALANCER));
    sourceRanges.forEach((value, idx) => {
      // Space padding is tolerated, a leftover of the annotation this field replaced.
      errs.push(...validateCIDR(goTrimSpace(value), rangesPath.index(idx)));
    });
  } else if (Object.hasOwn(annotations, ANNOTATION_LOAD_BALANCER_SOURCE_RANGES)) {
    const annotationPath = path("metadata", "annotations").key(ANNOTATION_LOAD_BALANCER_SOURCE_RANGES);
    if (type !== "LoadBalancer") errs.push(forbidden(annotationPath, ONLY_LOAD_BALANCER));
    const value = goTrimSpace(annotations[ANNOTATION_LOAD_BALANCER_SOURCE_RANGES]!);
    if (value !== "") {
      for (const cidr of value.split(",")) errs.push(...validateCIDR(goTrimSpace(cidr), annotationPath));
    }
  }

  if (isSet(spec.allocateLoadBalancerNodePorts) && type !== "LoadBalancer") {
    errs.push(forbidden(specPath.child("allocateLoadBalancerNodePorts"), ONLY_LOAD_BALANCER));
  }
  if (type === "LoadBalancer" && !isSet(spec.allocateLoadBalancerNodePorts)) {
    // Kubernetes reports this one without the "spec." prefix.
    errs.push(required(path("allocateLoadBalancerNodePorts")));
  }

  errs.push(...validateLoadBalancerClassField(undefined, svc));
  errs.push(...validateServiceExternalTrafficPolicy(svc));
  errs.push(...validateServiceInternalTrafficFieldsValue(svc));
  errs.push(...validateServiceTrafficDistribution(svc, opts));
  return errs;
}

/**
 * `ValidateService` (what `ValidateServiceCreate` runs), in Kubernetes' order: metadata (a
 * DNS-1035 name), the topology annotations, `ports` required, type-specific rules (headless
 * LoadBalancer/NodePort, ExternalName), each port, the selector, session affinity,
 * `ValidateServiceClusterIPsRelatedFields`, `externalIPs`, `type`, node ports on ClusterIP,
 * duplicate node ports, duplicate (protocol, port) pairs, `loadBalancerSourceRanges` (path
 * `spec.LoadBalancerSourceRanges`, as Kubernetes spells it) or its annotation,
 * `allocateLoadBalancerNodePorts`, `loadBalancerClass`, external and internal traffic policy,
 * `trafficDistribution`.
 *
 * With `opts.ipFamilies`, the allocation layer's family checks run first and their errors are
 * returned alone, as the API server does (they fail the request before validation).
 *
 * @example errorString(validateService(svc)[0]) === "spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive"
 */
export function validateService(svc: Service, opts: ServiceValidationOptions = {}): FieldError[] {
  if (opts.ipFamilies !== undefined) {
    const { errors } = initServiceIPFamilyFields(svc, undefined, opts.ipFamilies);
    if (errors.length > 0) return errors;
  }
  return validateServiceFields(svc, opts);
}

/**
 * `validateUpgradeDowngradeClusterIPs`: outside ExternalName and headless-to-headless changes,
 * `clusterIPs` are immutable except for adding or removing the secondary
 * (`spec.clusterIPs[0]: Invalid value: []string{"10.96.0.99"}: may not change once set`,
 * `primary clusterIP can not be unset`, and removing the secondary needs
 * `ipFamilyPolicy: SingleStack`).
 */
export function validateUpgradeDowngradeClusterIPs(old: Service, svc: Service): FieldError[] {
  const spec = specOf(svc);
  const oldSpec = specOf(old);
  if (spec.type === "ExternalName" || oldSpec.type === "ExternalName") return [];
  if (isHeadlessService(oldSpec) && isHeadlessService(spec)) return [];
  const errs: FieldError[] = [];
  const newIPs = spec.clusterIPs ?? [];
  const oldIPs = oldSpec.clusterIPs ?? [];
  const value = clusterIPsValue(spec.clusterIPs);
  const ipsPath = path("spec", "clusterIPs");
  if (oldIPs.length === newIPs.length) {
    oldIPs.forEach((ip, i) => {
      if (ip !== newIPs[i]) errs.push(invalid(ipsPath.index(i), value, "may not change once set"));
    });
  } else if (oldIPs.length > newIPs.length) {
    if (newIPs.length === 0)
      errs.push(invalid(ipsPath.index(0), value, "primary clusterIP can not be unset"));
    if (oldIPs.length > 0 && newIPs.length > 0 && newIPs[0] !== oldIPs[0]) {
      errs.push(invalid(ipsPath.index(0), value, "may not change once set"));
    }
    if (newIPs.length === 1 && spec.ipFamilyPolicy !== "SingleStack") {
      errs.push(
        invalid(
          path("spec", "ipFamilyPolicy"),
          spec.ipFamilyPolicy ?? null,
          "must be set to 'SingleStack' when releasing the secondary clusterIP",
        ),
      );
    }
  } else if (oldIPs.length > 0 && newIPs[0] !== oldIPs[0]) {
    errs.push(invalid(ipsPath.index(0), value, "may not change once set"));
  }
  return errs;
}

/**
 * `validateUpgradeDowngradeIPFamilies`: the same for `ipFamilies`, skipped when either side is
 * headless. Two Kubernetes quirks are kept: every changed family is reported at `ipFamilies[0]`,
 * and on a downgrade `primary ipFamily can not be unset` is decided by `clusterIPs` being empty.
 */
export function validateUpgradeDowngradeIPFamilies(old: Service, svc: Service): FieldError[] {
  const spec = specOf(svc);
  const oldSpec = specOf(old);
  if (spec.type === "ExternalName" || oldSpec.type === "ExternalName") return [];
  if (isHeadlessService(oldSpec) || isHeadlessService(spec)) return [];
  const errs: FieldError[] = [];
  const newFamilies = spec.ipFamilies ?? [];
  const oldFamilies = oldSpec.ipFamilies ?? [];
  const familiesPath = path("spec", "ipFamilies").index(0);
  if (oldFamilies.length === newFamilies.length) {
    oldFamilies.forEach((family, i) => {
      if (family !== newFamilies[i]) {
        errs.push(
          invalid(
            familiesPath,
            goRepr(goSliceText("core.IPFamily", spec.ipFamilies)),
            "may not change once set",
          ),
        );
      }
    });
  } else if (oldFamilies.length > newFamilies.length) {
    if ((spec.clusterIPs?.length ?? 0) === 0) {
      errs.push(
        invalid(
          familiesPath,
          goRepr(goSliceText("core.IPFamily", spec.ipFamilies)),
          "primary ipFamily can not be unset",
        ),
      );
    }
    if (newFamilies.length > 0 && newFamilies[0] !== oldFamilies[0]) {
      errs.push(invalid(familiesPath, clusterIPsValue(spec.clusterIPs), "may not change once set"));
    }
    if (newFamilies.length === 1 && spec.ipFamilyPolicy !== "SingleStack") {
      errs.push(
        invalid(
          path("spec", "ipFamilyPolicy"),
          spec.ipFamilyPolicy ?? null,
          "must be set to 'SingleStack' when releasing the secondary ipFamily",
        ),
      );
    }
  } else if (oldFamilies.length > 0 && newFamilies.length > 0 && newFamilies[0] !== oldFamilies[0]) {
    errs.push(invalid(familiesPath, clusterIPsValue(spec.clusterIPs), "may not change once set"));
  }
  return errs;
}

/**
 * `ValidateServiceUpdate`, in Kubernetes' order: metadata update rules, clusterIPs and ipFamilies
 * up/downgrade rules, `loadBalancerClass` immutability, `healthCheckNodePort` immutability while
 * needed (`spec.healthCheckNodePort: Forbidden: field is immutable`), then all of
 * {@link validateService} on the new object. With `opts.ipFamilies` the allocation layer's
 * family checks (including `must be 'SingleStack' to release the secondary cluster IP`) run first
 * and their errors are returned alone.
 */
export function validateServiceUpdate(
  svc: Service,
  old: Service,
  opts: ServiceValidationOptions = {},
): FieldError[] {
  if (opts.ipFamilies !== undefined) {
    const { errors } = initServiceIPFamilyFields(svc, old, opts.ipFamilies);
    if (errors.length > 0) return errors;
  }
  const errs = validateObjectMetaUpdate(svc.metadata ?? {}, old.metadata ?? {}, path("metadata"));
  errs.push(...validateUpgradeDowngradeClusterIPs(old, svc));
  errs.push(...validateUpgradeDowngradeIPFamilies(old, svc));
  errs.push(...validateLoadBalancerClassField(old, svc));
  const spec = specOf(svc);
  const oldSpec = specOf(old);
  if (
    needsHealthCheck(oldSpec) &&
    needsHealthCheck(spec) &&
    (spec.healthCheckNodePort ?? 0) !== (oldSpec.healthCheckNodePort ?? 0)
  ) {
    errs.push(forbidden(path("spec", "healthCheckNodePort"), FIELD_IMMUTABLE));
  }
  errs.push(...validateServiceFields(svc, opts));
  return errs;
}

/**
 * `ValidateLoadBalancerStatus` (1.33 gates: LoadBalancerIPMode on, AllowServiceLBStatusOnNonLB
 * off): ingress only on LoadBalancers; each `ip` valid and with an `ipMode` (`VIP` or `Proxy`),
 * no `ipMode` without `ip`; each `hostname` a DNS-1123 subdomain and not an IP address.
 */
export function validateLoadBalancerStatus(
  status: LoadBalancerStatus | undefined,
  fldPath: FieldPath,
  spec: ServiceSpec,
): FieldError[] {
  const errs: FieldError[] = [];
  const ingressPath = fldPath.child("ingress");
  const ingress = status?.ingress ?? [];
  if (spec.type !== "LoadBalancer" && ingress.length !== 0) {
    return [forbidden(ingressPath, "may only be used when `spec.type` is 'LoadBalancer'")];
  }
  ingress.forEach((entry, i) => {
    const idxPath = ingressPath.index(i);
    const ip = entry.ip ?? "";
    if (ip.length > 0) errs.push(...validateIP(ip, idxPath.child("ip")));
    const ipMode = entry.ipMode;
    if (!isSet(ipMode)) {
      if (ip.length > 0) errs.push(required(idxPath.child("ipMode"), "must be specified when `ip` is set"));
    } else if (ip.length === 0) {
      errs.push(forbidden(idxPath.child("ipMode"), "may not be specified when `ip` is not set"));
    } else if (!includes(SUPPORTED_LOAD_BALANCER_IP_MODES, ipMode)) {
      errs.push(notSupported(idxPath.child("ipMode"), ipMode, SUPPORTED_LOAD_BALANCER_IP_MODES));
    }
    const hostname = entry.hostname ?? "";
    if (hostname.length > 0) {
      const hostnamePath = idxPath.child("hostname");
      errs.push(...isDNS1123Subdomain(hostname).map((msg) => invalid(hostnamePath, hostname, msg)));
      if (parseIPSloppy(hostname) !== null) {
        errs.push(invalid(hostnamePath, hostname, "must be a DNS name, not an IP address"));
      }
    }
  });
  return errs;
}

/**
 * `ValidateServiceStatusUpdate` (the `services/status` subresource, written by load-balancer
 * controllers): metadata update rules, then {@link validateLoadBalancerStatus} at
 * `status.loadBalancer`.
 */
export function validateServiceStatusUpdate(svc: Service, old: Service): FieldError[] {
  const errs = validateObjectMetaUpdate(svc.metadata ?? {}, old.metadata ?? {}, path("metadata"));
  errs.push(
    ...validateLoadBalancerStatus(svc.status?.loadBalancer, path("status", "loadBalancer"), specOf(svc)),
  );
  return errs;
}

/** `ValidateNonSpecialIP`, shared with Endpoints and EndpointSlices (see `apis/pod/ipAddress.ts`). */
export { validateNonSpecialIP };

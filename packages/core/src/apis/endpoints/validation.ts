/**
 * Endpoints and EndpointSlice validation with Kubernetes 1.33's paths and messages:
 * `ValidateEndpoints`, `ValidateEndpointsUpdate` (`pkg/apis/core/validation/validation.go`) and
 * `ValidateEndpointSliceCreate`, `ValidateEndpointSliceUpdate` (`pkg/apis/discovery/validation/validation.go`).
 *
 * @module
 */

import type {
  EndpointPort as CoreEndpointPort,
  EndpointAddress,
  Endpoints,
} from "kubernetes-types/core/v1.js";
import type { EndpointSlice } from "kubernetes-types/discovery/v1.js";
import {
  duplicate,
  type FieldError,
  type FieldPath,
  invalid,
  notSupported,
  path,
  required,
  tooMany,
} from "../../validation/field.js";
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isValidLabelValue,
  isValidPortNum,
  nameIsDNSSubdomain,
  validateLabels,
  validateObjectMeta,
} from "../../validation/names.js";
import {
  FIELD_IMMUTABLE_ERROR_MSG,
  validateObjectMetaUpdate,
} from "../../validation/validateObjectMetaUpdate.js";
import {
  isOrdinaryIPv4,
  isValidIP,
  isValidIPv4Address,
  isValidIPv6Address,
  validateNonSpecialIP,
} from "../pod/ipAddress.js";
import { validateDNS1123Label, validateQualifiedName } from "../pod/validation.js";

const PROTOCOLS: readonly string[] = ["SCTP", "TCP", "UDP"];
const metaOpts = { requiresNamespace: true, nameFn: nameIsDNSSubdomain };

function validateEndpointAddress(address: EndpointAddress, fldPath: FieldPath): FieldError[] {
  const errs = isValidIP(fldPath.child("ip"), address.ip);
  if (address.hostname) errs.push(...validateDNS1123Label(address.hostname, fldPath.child("hostname")));
  if (address.nodeName !== undefined && address.nodeName !== null) {
    const nodeName = address.nodeName;
    errs.push(
      ...nameIsDNSSubdomain(nodeName, false).map((msg) => invalid(fldPath.child("nodeName"), nodeName, msg)),
    );
  }
  errs.push(...validateNonSpecialIP(address.ip, fldPath.child("ip")));
  return errs;
}

function validateEndpointPort(
  port: CoreEndpointPort,
  requireName: boolean,
  fldPath: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  const name = port.name ?? "";
  if (requireName && name.length === 0) errs.push(required(fldPath.child("name")));
  else if (name.length !== 0) errs.push(...validateDNS1123Label(name, fldPath.child("name")));
  errs.push(
    ...isValidPortNum(port.port ?? 0).map((msg) => invalid(fldPath.child("port"), port.port ?? 0, msg)),
  );
  const protocol = port.protocol ?? "";
  if (protocol === "") errs.push(required(fldPath.child("protocol")));
  else if (!PROTOCOLS.includes(protocol))
    errs.push(notSupported(fldPath.child("protocol"), protocol, PROTOCOLS));
  if (port.appProtocol !== undefined && port.appProtocol !== null) {
    errs.push(...validateQualifiedName(port.appProtocol, fldPath.child("appProtocol")));
  }
  return errs;
}

/**
 * `ValidateEndpoints`: metadata (name a DNS-1123 subdomain), and per subset (paths start at `subsets`,
 * there is no `spec`): addresses required (`subsets[0]: Required value: must specify \`addresses\` or
 * \`notReadyAddresses\``), each address a valid IP that is not loopback, link-local or unspecified
 * (`subsets[0].addresses[0].ip: Invalid value: "127.0.0.1": may not be in the loopback range
 * (127.0.0.0/8, ::1/128)`), ports named when there are several, valid numbers and protocols.
 */
export function validateEndpoints(endpoints: Endpoints): FieldError[] {
  const errs = validateObjectMeta(endpoints.metadata ?? {}, metaOpts, path("metadata"));
  (endpoints.subsets ?? []).forEach((ss, i) => {
    const idxPath = path("subsets").index(i);
    if ((ss.addresses ?? []).length === 0 && (ss.notReadyAddresses ?? []).length === 0) {
      errs.push(required(idxPath, "must specify `addresses` or `notReadyAddresses`"));
    }
    (ss.addresses ?? []).forEach((a, j) => {
      errs.push(...validateEndpointAddress(a, idxPath.child("addresses").index(j)));
    });
    (ss.notReadyAddresses ?? []).forEach((a, j) => {
      errs.push(...validateEndpointAddress(a, idxPath.child("notReadyAddresses").index(j)));
    });
    const ports = ss.ports ?? [];
    ports.forEach((p, j) => {
      errs.push(...validateEndpointPort(p, ports.length > 1, idxPath.child("ports").index(j)));
    });
  });
  return errs;
}

/** `ValidateEndpointsUpdate`: metadata update rules, then the new object as on create. */
export function validateEndpointsUpdate(endpoints: Endpoints, old: Endpoints): FieldError[] {
  const errs = validateObjectMetaUpdate(endpoints.metadata ?? {}, old.metadata ?? {}, path("metadata"));
  errs.push(...validateEndpoints(endpoints));
  return errs;
}

const ADDRESS_TYPES: readonly string[] = ["FQDN", "IPv4", "IPv6"];
const MAX_ENDPOINTS = 1000;
const MAX_ADDRESSES = 100;
const MAX_PORTS = 20000;
const MAX_TOPOLOGY_LABELS = 16;
const MAX_ZONE_HINTS = 8;

/** `validation.IsFullyQualifiedDomainName`, used for `FQDN` slices. */
function isFullyQualifiedDomainName(fldPath: FieldPath, name: string): FieldError[] {
  if (name.length === 0) return [required(fldPath)];
  const trimmed = name.endsWith(".") ? name.slice(0, -1) : name;
  const subdomainErrs = isDNS1123Subdomain(trimmed);
  if (subdomainErrs.length > 0) return [invalid(fldPath, trimmed, subdomainErrs.join(","))];
  const labels = trimmed.split(".");
  if (labels.length < 2)
    return [invalid(fldPath, trimmed, "should be a domain with at least two segments separated by dots")];
  for (const label of labels) {
    const labelErrs = isDNS1123Label(label);
    if (labelErrs.length > 0) return [invalid(fldPath, label, labelErrs.join(","))];
  }
  return [];
}

/**
 * `ValidateEndpointSliceCreate`: metadata, `addressType` (`Required value`, or `Unsupported value: "IP":
 * supported values: "FQDN", "IPv4", "IPv6"`), at most 1000 endpoints each with 1-100 addresses of the
 * slice's type (`endpoints[0].addresses: Required value: must contain at least 1 address`,
 * `endpoints[0].addresses[0]: Invalid value: "fd00::1": must be a valid IPv4 address`, plus the
 * loopback/link-local rules), `nodeName`, `deprecatedTopology`, `hostname`, zone hints, and ports
 * (names unique and RFC 1123 labels, protocol required and supported, `appProtocol` qualified). Expects
 * a defaulted slice (port `name` and `protocol` filled in).
 */
export function validateEndpointSlice(slice: EndpointSlice): FieldError[] {
  const errs = validateObjectMeta(slice.metadata ?? {}, metaOpts, path("metadata"));
  const addressType = slice.addressType ?? "";
  if (addressType === "") errs.push(required(path("addressType")));
  else if (!ADDRESS_TYPES.includes(addressType))
    errs.push(notSupported(path("addressType"), addressType, ADDRESS_TYPES));

  const endpoints = slice.endpoints ?? [];
  const endpointsPath = path("endpoints");
  if (endpoints.length > MAX_ENDPOINTS) {
    errs.push(tooMany(endpointsPath, endpoints.length, MAX_ENDPOINTS));
  } else {
    // Every endpoint of a slice is validated on every update (a controller rewrites the slice
    // for each change of one of its pods), so field paths are built only where an error needs
    // one, and an ordinary IPv4 address is accepted without the full checks.
    endpoints.forEach((ep, i) => {
      const idxPath = endpointsPath.index(i);
      const addresses = ep.addresses ?? [];
      if (addresses.length === 0)
        errs.push(required(idxPath.child("addresses"), "must contain at least 1 address"));
      else if (addresses.length > MAX_ADDRESSES)
        errs.push(tooMany(idxPath.child("addresses"), addresses.length, MAX_ADDRESSES));
      addresses.forEach((address, j) => {
        if (addressType === "IPv4" && isOrdinaryIPv4(address)) return;
        const p = idxPath.child("addresses").index(j);
        if (addressType === "IPv4")
          errs.push(...isValidIPv4Address(p, address), ...validateNonSpecialIP(address, p));
        else if (addressType === "IPv6")
          errs.push(...isValidIPv6Address(p, address), ...validateNonSpecialIP(address, p));
        else if (addressType === "FQDN") errs.push(...isFullyQualifiedDomainName(p, address));
      });
      if (ep.nodeName !== undefined && ep.nodeName !== null) {
        const nodeName = ep.nodeName;
        const msgs = nameIsDNSSubdomain(nodeName, false);
        if (msgs.length > 0)
          errs.push(...msgs.map((msg) => invalid(idxPath.child("nodeName"), nodeName, msg)));
      }
      if (ep.deprecatedTopology) {
        const topologyPath = idxPath.child("deprecatedTopology");
        const count = Object.keys(ep.deprecatedTopology).length;
        if (count > MAX_TOPOLOGY_LABELS) errs.push(tooMany(topologyPath, count, MAX_TOPOLOGY_LABELS));
        errs.push(...validateLabels(ep.deprecatedTopology, topologyPath));
      }
      if (ep.hostname !== undefined && ep.hostname !== null) {
        errs.push(...validateDNS1123Label(ep.hostname, idxPath.child("hostname")));
      }
      const forZones = ep.hints?.forZones ?? [];
      if (forZones.length === 0) return;
      const fzPath = idxPath.child("hints", "forZones");
      if (forZones.length > MAX_ZONE_HINTS) {
        errs.push(tooMany(fzPath, forZones.length, MAX_ZONE_HINTS));
      } else {
        const zones = new Set<string>();
        forZones.forEach((zone, z) => {
          const zonePath = fzPath.index(z).child("name");
          if (zones.has(zone.name)) errs.push(duplicate(zonePath, zone.name));
          else zones.add(zone.name);
          errs.push(...isValidLabelValue(zone.name).map((msg) => invalid(zonePath, zone.name, msg)));
        });
      }
    });
  }

  const ports = slice.ports ?? [];
  const portsPath = path("ports");
  if (ports.length > MAX_PORTS) {
    errs.push(tooMany(portsPath, ports.length, MAX_PORTS));
    return errs;
  }
  const names = new Set<string>();
  ports.forEach((port, i) => {
    const idxPath = portsPath.index(i);
    const name = port.name ?? "";
    if (name.length > 0) errs.push(...validateDNS1123Label(name, idxPath.child("name")));
    if (names.has(name)) errs.push(duplicate(idxPath.child("name"), name));
    else names.add(name);
    const protocol = port.protocol;
    if (protocol === undefined || protocol === null) errs.push(required(idxPath.child("protocol")));
    else if (!PROTOCOLS.includes(protocol))
      errs.push(notSupported(idxPath.child("protocol"), protocol, PROTOCOLS));
    if (port.appProtocol !== undefined && port.appProtocol !== null) {
      errs.push(...validateQualifiedName(port.appProtocol, idxPath.child("appProtocol")));
    }
  });
  return errs;
}

/**
 * `ValidateEndpointSliceUpdate`: the metadata update rules (which the generic registry's
 * `validateCommonFields` runs for every kind), the new slice as on create, then
 * `addressType: Invalid value: "IPv6": field is immutable`.
 */
export function validateEndpointSliceUpdate(slice: EndpointSlice, old: EndpointSlice): FieldError[] {
  const errs = validateObjectMetaUpdate(slice.metadata ?? {}, old.metadata ?? {}, path("metadata"));
  errs.push(...validateEndpointSlice(slice));
  if ((slice.addressType ?? "") !== (old.addressType ?? "")) {
    errs.push(invalid(path("addressType"), slice.addressType ?? "", FIELD_IMMUTABLE_ERROR_MSG));
  }
  return errs;
}

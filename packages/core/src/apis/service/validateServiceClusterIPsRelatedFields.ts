/**
 * `ValidateServiceClusterIPsRelatedFields` of Kubernetes 1.33 `pkg/apis/core/validation/validation.go`:
 * the rules tying `clusterIP`, `clusterIPs`, `ipFamilies` and `ipFamilyPolicy` together. The API
 * server runs it twice: as part of `ValidateService`, and before allocation (`initIPFamilyFields`).
 *
 * @module
 */

import type { Service } from "kubernetes-types/core/v1.js";
import {
  duplicate,
  type FieldError,
  type FieldPath,
  type GoRepr,
  goRepr,
  invalid,
  notSupported,
  path,
  required,
} from "../../validation/field.js";
import { isIPv4, isIPv6String, parseIPSloppy } from "../../validation/parseIPSloppy.js";
import { CLUSTER_IP_NONE, goSliceText, isHeadlessService, specOf } from "./_internal/serviceUtil.js";

/** The IP families a Service or a cluster can have (`core.IPFamily`). */
export type IPFamily = "IPv4" | "IPv6";

/** The values of `spec.ipFamilyPolicy` (`core.IPFamilyPolicy`). */
export type IPFamilyPolicy = "SingleStack" | "PreferDualStack" | "RequireDualStack";

/** `supportedServiceIPFamily`, sorted as `sets.List` sorts it. */
export const SUPPORTED_IP_FAMILIES: readonly IPFamily[] = ["IPv4", "IPv6"];

/** `supportedServiceIPFamilyPolicy`, sorted. */
export const SUPPORTED_IP_FAMILY_POLICIES: readonly IPFamilyPolicy[] = [
  "PreferDualStack",
  "RequireDualStack",
  "SingleStack",
];

/** The message of apimachinery's `IsValidIP` (1.33; unchanged by the StrictIPCIDRValidation gate's legacy mode). */
export const INVALID_IP_MESSAGE = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";

/** `validation.IsValidIP(fldPath, value)` (1.33, StrictIPCIDRValidation off): accepts what `ParseIPSloppy` accepts. */
export function validateIP(value: string, fldPath: FieldPath): FieldError[] {
  return parseIPSloppy(value) === null ? [invalid(fldPath, value, INVALID_IP_MESSAGE)] : [];
}

/** The Go `%#v` of `spec.clusterIPs` (`[]string{...}` or `[]string(nil)`), the value several rules report. */
export function clusterIPsValue(clusterIPs: readonly string[] | null | undefined): GoRepr {
  return goRepr(goSliceText("string", clusterIPs));
}

/**
 * `ValidateServiceClusterIPsRelatedFields`: for any type but ExternalName, in Kubernetes' order:
 * `clusterIP`/`clusterIPs[0]` agreement, each `ipFamilies[i]` (supported, not duplicated),
 * `ipFamilyPolicy` (supported), each `clusterIPs[i]` (a valid IP, or `None` alone), at most two
 * `clusterIPs`; then, only if every IP was valid, one IP per family and each IP matching its
 * `ipFamilies[i]`. Whether the cluster supports the families is not checked here (see
 * `initServiceIPFamilyFields`).
 */
export function validateServiceClusterIPsRelatedFields(svc: Service): FieldError[] {
  const spec = specOf(svc);
  if (spec.type === "ExternalName") return [];
  const errs: FieldError[] = [];
  let hasInvalidIPs = false;
  const clusterIPsField = path("spec", "clusterIPs");
  const ipFamiliesField = path("spec", "ipFamilies");
  const clusterIP = spec.clusterIP ?? "";
  const clusterIPs = spec.clusterIPs ?? [];
  const ipFamilies = spec.ipFamilies ?? [];

  // clusterIP and clusterIPs are kept in sync by the REST strategy; here they must already agree.
  if (clusterIP.length !== 0) {
    if (clusterIPs.length === 0) errs.push(required(clusterIPsField));
    else if (clusterIPs[0] !== clusterIP) {
      errs.push(
        invalid(clusterIPsField, clusterIPsValue(spec.clusterIPs), "first value must match `clusterIP`"),
      );
    }
  } else if (clusterIPs.length !== 0) {
    errs.push(
      invalid(
        clusterIPsField,
        clusterIPsValue(spec.clusterIPs),
        "must be empty when `clusterIP` is not specified",
      ),
    );
  }

  const seen = new Set<string>();
  ipFamilies.forEach((family, i) => {
    if (!(SUPPORTED_IP_FAMILIES as readonly string[]).includes(family)) {
      errs.push(notSupported(ipFamiliesField.index(i), family, SUPPORTED_IP_FAMILIES));
    }
    // Rejecting duplicates also makes two families a dual-stack pair, in either order.
    if (seen.has(family)) errs.push(duplicate(ipFamiliesField.index(i), family));
    seen.add(family);
  });

  const policy = spec.ipFamilyPolicy;
  if (
    policy !== undefined &&
    policy !== null &&
    !(SUPPORTED_IP_FAMILY_POLICIES as readonly string[]).includes(policy)
  ) {
    errs.push(notSupported(path("spec", "ipFamilyPolicy"), policy, SUPPORTED_IP_FAMILY_POLICIES));
  }

  clusterIPs.forEach((ip, i) => {
    if (i === 0 && ip === CLUSTER_IP_NONE) {
      if (clusterIPs.length > 1) {
        hasInvalidIPs = true;
        errs.push(
          invalid(clusterIPsField, clusterIPsValue(clusterIPs), "'None' must be the first and only value"),
        );
      }
      return;
    }
    const ipErrs = validateIP(ip, clusterIPsField.index(i));
    if (ipErrs.length > 0) hasInvalidIPs = true;
    errs.push(...ipErrs);
  });

  if (clusterIPs.length > 2) {
    errs.push(invalid(clusterIPsField, clusterIPsValue(clusterIPs), "may only hold up to 2 values"));
  }

  // Bad or misplaced values would make the family checks below report nonsense.
  if (hasInvalidIPs) return errs;

  if (clusterIPs.length > 1) {
    let v4 = false;
    let v6 = false;
    for (const ip of clusterIPs) {
      if (isIPv4(parseIPSloppy(ip)!)) v4 = true;
      else v6 = true;
    }
    if (!(v4 && v6)) {
      errs.push(
        invalid(
          clusterIPsField,
          clusterIPsValue(clusterIPs),
          "may specify no more than one IP for each IP family",
        ),
      );
    }
  }

  if (!isHeadlessService(spec) && clusterIPs.length > 0 && ipFamilies.length > 0) {
    for (let i = 0; i < clusterIPs.length && i < ipFamilies.length; i++) {
      const ip = clusterIPs[i]!;
      if (ipFamilies[i] === "IPv4" && isIPv6String(ip)) {
        errs.push(
          invalid(
            clusterIPsField.index(i),
            ip,
            `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``,
          ),
        );
      }
      if (ipFamilies[i] === "IPv6" && !isIPv6String(ip)) {
        errs.push(
          invalid(
            clusterIPsField.index(i),
            ip,
            `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``,
          ),
        );
      }
    }
  }
  return errs;
}

/**
 * The IP-family step of the API server's Service allocation, after Kubernetes 1.33
 * `pkg/registry/core/service/storage/alloc.go` `initIPFamilyFields`. It runs in the REST storage's
 * `BeginCreate`/`BeginUpdate` hook, before `PrepareForCreate` and before validation, and both
 * fills in `ipFamilyPolicy` and `ipFamilies` from the cluster's configuration and rejects what the
 * cluster cannot serve (`this cluster is not configured for dual-stack services`, ...). When it
 * fails the request fails with only its errors: validation never runs.
 *
 * @module
 */

import type { Service } from "kubernetes-types/core/v1.js";
import { type FieldError, invalid, path } from "../../validation/field.js";
import { isIPv4String, isIPv6String } from "../../validation/parseIPSloppy.js";
import { CLUSTER_IP_NONE, specOf } from "./_internal/serviceUtil.js";
import {
  clusterIPsValue,
  type IPFamily,
  validateServiceClusterIPsRelatedFields,
} from "./validateServiceClusterIPsRelatedFields.js";

/** The outcome of {@link initServiceIPFamilyFields}. */
export interface IPFamilyFieldsResult {
  /** The Service with `ipFamilyPolicy` and `ipFamilies` filled in (and trimmed on a downgrade). */
  readonly service: Service;
  /** Errors that make the API server reject the request before validation; empty when fine. */
  readonly errors: FieldError[];
}

function sameList(a: readonly string[] | null | undefined, b: readonly string[] | null | undefined): boolean {
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

function isSet<T>(value: T | null | undefined): value is T {
  return value !== null && value !== undefined;
}

// isMatchingPreferDualStackClusterIPFields: an unchanged PreferDualStack Service is never
// silently upgraded or downgraded when the cluster gains or loses a family.
function isMatchingPreferDualStack(svc: Service, old: Service | undefined): boolean {
  if (old === undefined) return false;
  const spec = specOf(svc);
  const oldSpec = specOf(old);
  if (!isSet(spec.ipFamilyPolicy)) return false;
  if ((oldSpec.type ?? "") !== (spec.type ?? "")) return false;
  if (spec.type !== "ClusterIP" && spec.type !== "NodePort" && spec.type !== "LoadBalancer") return false;
  if (spec.ipFamilyPolicy !== "PreferDualStack") return false;
  if (isSet(oldSpec.ipFamilyPolicy) && oldSpec.ipFamilyPolicy !== "PreferDualStack") return false;
  return sameList(oldSpec.clusterIPs, spec.clusterIPs) && sameList(oldSpec.ipFamilies, spec.ipFamilies);
}

function familyOf(ip: string): string {
  if (isIPv4String(ip)) return "IPv4";
  if (isIPv6String(ip)) return "IPv6";
  return "unknown";
}

function otherFamily(family: string): IPFamily {
  return family === "IPv4" ? "IPv6" : "IPv4";
}

/**
 * `initIPFamilyFields` as a pure function. `clusterIPFamilies` are the families of the cluster's
 * service CIDRs (`--service-cluster-ip-range`), primary first; `old` is the stored Service on an
 * update. In Kubernetes' order:
 * 1. ExternalName Services, and unchanged PreferDualStack Services on update, are left alone;
 * 2. a missing `ipFamilyPolicy` becomes the old one on update, `RequireDualStack` for headless
 *    Services without selector, else `SingleStack`;
 * 3. {@link validateServiceClusterIPsRelatedFields} (its errors are returned alone);
 * 4. on update: `SingleStack` trims unchanged dual-stack `clusterIPs`/`ipFamilies` to their
 *    primary, other policies may not drop the secondary
 *    (`must be 'SingleStack' to release the secondary cluster IP` / `... IP family`);
 * 5. `SingleStack` with two clusterIPs or two families is an error; families are inferred from
 *    `clusterIPs` (`spec.clusterIPs[1]: ... IPv6 is not configured on this cluster`);
 * 6. headless Services without selector get the default family (plus the other one unless
 *    SingleStack, even on a single-stack cluster) and skip the cluster checks;
 * 7. `RequireDualStack` on a single-stack cluster (`this cluster is not configured for dual-stack
 *    services`) and unconfigured families (`spec.ipFamilies[0]: ... not configured on this cluster`);
 * 8. no families → the primary family; a dual-stack policy on a dual-stack cluster adds the other.
 */
export function initServiceIPFamilyFields(
  svc: Service,
  old: Service | undefined,
  clusterIPFamilies: readonly IPFamily[],
): IPFamilyFieldsResult {
  const spec = specOf(svc);
  if (spec.type === "ExternalName" || isMatchingPreferDualStack(svc, old))
    return { service: svc, errors: [] };

  let policy = spec.ipFamilyPolicy;
  if (!isSet(policy)) {
    const oldPolicy = old === undefined ? undefined : specOf(old).ipFamilyPolicy;
    if (isSet(oldPolicy)) policy = oldPolicy;
    else if (spec.clusterIP === CLUSTER_IP_NONE && Object.keys(spec.selector ?? {}).length === 0) {
      policy = "RequireDualStack";
    } else policy = "SingleStack";
  }
  const withPolicy: Service = { ...svc, spec: { ...spec, ipFamilyPolicy: policy } };
  const preErrs = validateServiceClusterIPsRelatedFields(withPolicy);
  if (preErrs.length > 0) return { service: svc, errors: preErrs };

  const errs: FieldError[] = [];
  const policyPath = path("spec", "ipFamilyPolicy");
  let clusterIPs = spec.clusterIPs;
  let families: string[] | undefined = spec.ipFamilies === undefined ? undefined : [...spec.ipFamilies];
  const finish = (): IPFamilyFieldsResult => {
    if (errs.length > 0) return { service: svc, errors: errs };
    const next = { ...spec, ipFamilyPolicy: policy };
    if (clusterIPs !== undefined) next.clusterIPs = clusterIPs;
    if (families !== undefined) next.ipFamilies = families;
    return { service: { ...svc, spec: next }, errors: [] };
  };

  if (old !== undefined) {
    const oldSpec = specOf(old);
    if (policy === "SingleStack") {
      // Setting SingleStack without touching the lists is a clear request to drop the secondary.
      if (sameList(oldSpec.clusterIPs, clusterIPs) && (clusterIPs?.length ?? 0) > 1)
        clusterIPs = clusterIPs!.slice(0, 1);
      if (sameList(oldSpec.ipFamilies, families) && (families?.length ?? 0) > 1)
        families = families!.slice(0, 1);
    } else {
      if ((clusterIPs?.length ?? 0) > 0 && clusterIPs!.length < (oldSpec.clusterIPs?.length ?? 0)) {
        errs.push(invalid(policyPath, policy, "must be 'SingleStack' to release the secondary cluster IP"));
      }
      if ((families?.length ?? 0) > 0 && families!.length < (oldSpec.ipFamilies?.length ?? 0)) {
        errs.push(invalid(policyPath, policy, "must be 'SingleStack' to release the secondary IP family"));
      }
    }
  }

  if (policy === "SingleStack") {
    if (clusterIPs?.length === 2) {
      errs.push(
        invalid(
          policyPath,
          policy,
          "must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified",
        ),
      );
    }
    if (families?.length === 2) {
      errs.push(
        invalid(
          policyPath,
          policy,
          "must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified",
        ),
      );
    }
  }

  for (const [i, ip] of (clusterIPs ?? []).entries()) {
    if (ip === CLUSTER_IP_NONE) break;
    const family = familyOf(ip);
    if (i >= (families?.length ?? 0)) {
      if (!(clusterIPFamilies as readonly string[]).includes(family)) {
        errs.push(
          invalid(
            path("spec", "clusterIPs").index(i),
            clusterIPsValue(clusterIPs),
            `${family} is not configured on this cluster`,
          ),
        );
      } else {
        families = [...(families ?? []), family];
      }
    }
  }
  if (errs.length > 0) return finish();

  if (spec.clusterIP === CLUSTER_IP_NONE && Object.keys(spec.selector ?? {}).length === 0) {
    if ((families?.length ?? 0) === 0) families = [clusterIPFamilies[0] ?? "IPv4"];
    // Headless Services without selector may be dual-stack even on a single-stack cluster.
    if (families!.length < 2 && policy !== "SingleStack")
      families = [...families!, otherFamily(families![0]!)];
    return finish();
  }

  if (policy === "RequireDualStack" && clusterIPFamilies.length < 2) {
    errs.push(invalid(policyPath, policy, "this cluster is not configured for dual-stack services"));
  }
  (families ?? []).forEach((family, i) => {
    if (!(clusterIPFamilies as readonly string[]).includes(family)) {
      errs.push(invalid(path("spec", "ipFamilies").index(i), family, "not configured on this cluster"));
    }
  });
  if (errs.length > 0) return finish();

  if ((families?.length ?? 0) === 0) families = [clusterIPFamilies[0] ?? "IPv4"];
  if (policy !== "SingleStack" && families!.length === 1 && clusterIPFamilies.length === 2) {
    if (families![0] === "IPv4" || families![0] === "IPv6")
      families = [...families!, otherFamily(families![0]!)];
  }
  return finish();
}

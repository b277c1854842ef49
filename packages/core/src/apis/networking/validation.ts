/**
 * Metadata validation of the networking.k8s.io/v1 kinds (`ValidateNetworkPolicy`, `ValidateIngress`,
 * `ValidateIngressClass` in `pkg/apis/networking/validation/validation.go` start with these checks; the
 * spec rules come with the behaviour in later issues). NetworkPolicy and Ingress are namespaced,
 * IngressClass is cluster-scoped; all three names are DNS-1123 subdomains.
 *
 * @module
 */

import type { Ingress, IngressClass, NetworkPolicy } from "kubernetes-types/networking/v1.js";
import { type FieldError, path } from "../../validation/field.js";
import { nameIsDNSSubdomain, validateObjectMeta } from "../../validation/names.js";
import { validateObjectMetaUpdate } from "../../validation/validateObjectMetaUpdate.js";

/** `ValidateNetworkPolicy` (metadata part). */
export function validateNetworkPolicy(np: NetworkPolicy): FieldError[] {
  return validateObjectMeta(
    np.metadata ?? {},
    { requiresNamespace: true, nameFn: nameIsDNSSubdomain },
    path("metadata"),
  );
}

/** `ValidateNetworkPolicyUpdate` (metadata part). */
export function validateNetworkPolicyUpdate(np: NetworkPolicy, old: NetworkPolicy): FieldError[] {
  return [
    ...validateObjectMetaUpdate(np.metadata ?? {}, old.metadata ?? {}, path("metadata")),
    ...validateNetworkPolicy(np),
  ];
}

/** `ValidateIngressCreate` (metadata part). */
export function validateIngress(ing: Ingress): FieldError[] {
  return validateObjectMeta(
    ing.metadata ?? {},
    { requiresNamespace: true, nameFn: nameIsDNSSubdomain },
    path("metadata"),
  );
}

/** `ValidateIngressUpdate` (metadata part). */
export function validateIngressUpdate(ing: Ingress, old: Ingress): FieldError[] {
  return [
    ...validateObjectMetaUpdate(ing.metadata ?? {}, old.metadata ?? {}, path("metadata")),
    ...validateIngress(ing),
  ];
}

/** `ValidateIngressClass` (metadata part; cluster-scoped, so a namespace is `Forbidden: not allowed on this type`). */
export function validateIngressClass(ic: IngressClass): FieldError[] {
  return validateObjectMeta(
    ic.metadata ?? {},
    { requiresNamespace: false, nameFn: nameIsDNSSubdomain },
    path("metadata"),
  );
}

/** `ValidateIngressClassUpdate` (metadata part). */
export function validateIngressClassUpdate(ic: IngressClass, old: IngressClass): FieldError[] {
  return [
    ...validateObjectMetaUpdate(ic.metadata ?? {}, old.metadata ?? {}, path("metadata")),
    ...validateIngressClass(ic),
  ];
}

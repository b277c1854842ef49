/**
 * Namespace validation (`ValidateNamespace`, `ValidateNamespaceUpdate` in
 * `pkg/apis/core/validation/validation.go`, Kubernetes 1.33).
 *
 * @module
 */

import type { Namespace } from "kubernetes-types/core/v1.js";
import { type FieldError, type FieldPath, invalid, path } from "../../validation/field.js";
import { isQualifiedName, nameIsDNSLabel, validateObjectMeta } from "../../validation/names.js";
import { validateObjectMetaUpdate } from "../../validation/validateObjectMetaUpdate.js";

/** `helper.IsStandardFinalizerName`: the finalizer names that need no domain prefix. */
const STANDARD_FINALIZERS: ReadonlySet<string> = new Set(["kubernetes", "orphan", "foregroundDeletion"]);

/**
 * `validateFinalizerName`: a qualified name, and without a `/` one of the standard names
 * (`name is neither a standard finalizer name nor is it fully qualified`).
 */
export function validateFinalizerName(value: string, fldPath: FieldPath): FieldError[] {
  const errs = isQualifiedName(value).map((msg) => invalid(fldPath, value, msg));
  if (!value.includes("/") && !STANDARD_FINALIZERS.has(value)) {
    errs.push(invalid(fldPath, value, "name is neither a standard finalizer name nor is it fully qualified"));
  }
  return errs;
}

/**
 * `ValidateNamespace`: cluster-scoped metadata whose name is a DNS-1123 label (`metadata.name: Invalid
 * value: "My_NS": a lowercase RFC 1123 label must consist of ...`), and `spec.finalizers` (reported at
 * `spec.finalizers` without an index, as Go does).
 */
export function validateNamespace(ns: Namespace): FieldError[] {
  const errs = validateObjectMeta(
    ns.metadata ?? {},
    { requiresNamespace: false, nameFn: nameIsDNSLabel },
    path("metadata"),
  );
  for (const finalizer of ns.spec?.finalizers ?? []) {
    errs.push(...validateFinalizerName(finalizer, path("spec", "finalizers")));
  }
  return errs;
}

/** `ValidateNamespaceUpdate`: the metadata update rules only (spec and status have their own subresources). */
export function validateNamespaceUpdate(ns: Namespace, old: Namespace): FieldError[] {
  return validateObjectMetaUpdate(ns.metadata ?? {}, old.metadata ?? {}, path("metadata"));
}

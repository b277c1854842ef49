/**
 * `ValidateObjectMetaUpdate` (`k8s.io/apimachinery/pkg/api/validation/objectmeta.go`,
 * `ValidateObjectMetaAccessorUpdate`, Kubernetes 1.33), the metadata half of every `Validate<Kind>Update`.
 *
 * @module
 */

import type { ObjectMeta } from "kubernetes-types/meta/v1.js";
import { type FieldError, type FieldPath, invalid } from "./field.js";
import { validateAnnotations, validateLabels } from "./names.js";

/** `apimachineryvalidation.FieldImmutableErrorMsg`. */
export const FIELD_IMMUTABLE_ERROR_MSG = "field is immutable";

/**
 * Checks an update's metadata against the stored object's, in Kubernetes' order: generation not
 * decremented, `name`, `namespace` and `uid` unchanged (`metadata.name: Invalid value: "b": field is
 * immutable`), then the new labels and annotations.
 *
 * Left out on purpose: the `resourceVersion` check (the generic registry fills the stored version in
 * before validation for every kind kubesim serves, all of which allow unconditional updates) and the
 * timestamps (`rest.BeforeUpdate` copies them from the stored object, so they can never differ here).
 *
 * @param fldPath usually `path("metadata")`.
 */
export function validateObjectMetaUpdate(
  newMeta: ObjectMeta,
  oldMeta: ObjectMeta,
  fldPath: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  const newGeneration = newMeta.generation ?? 0;
  if (newGeneration < (oldMeta.generation ?? 0)) {
    errs.push(invalid(fldPath.child("generation"), newGeneration, "must not be decremented"));
  }
  const immutable = (field: "name" | "namespace" | "uid"): void => {
    const now = newMeta[field] ?? "";
    if (now !== (oldMeta[field] ?? ""))
      errs.push(invalid(fldPath.child(field), now, FIELD_IMMUTABLE_ERROR_MSG));
  };
  immutable("name");
  immutable("namespace");
  // BeforeUpdate keeps the stored uid when the request has none, so only a different one is an error.
  if ((newMeta.uid ?? "") !== "") immutable("uid");
  errs.push(...validateLabels(newMeta.labels, fldPath.child("labels")));
  errs.push(...validateAnnotations(newMeta.annotations, fldPath.child("annotations")));
  return errs;
}

/**
 * Validation of a `metav1.LabelSelector` in an object's spec, after `ValidateLabelSelector` and
 * `ValidateLabelSelectorRequirement` in Kubernetes' `apimachinery/pkg/apis/meta/v1/validation/validation.go`
 * (Kubernetes 1.33).
 *
 * @module
 */

import { type FieldError, type FieldPath, forbidden, invalid, required } from "../validation/field.js";
import { isValidLabelValue, validateLabelName, validateLabels } from "../validation/names.js";
import type { LabelSelector, LabelSelectorRequirement } from "./selector.js";

/** Go's `LabelSelectorValidationOptions`. Both default to false, which is what create requests use. */
export interface LabelSelectorValidationOptions {
  /** Skip the label-value check of `matchExpressions` values (kept for objects stored before it existed). */
  readonly allowInvalidLabelValueInSelector?: boolean;
  /** Accept operators this version does not know (used by SubjectAccessReview). */
  readonly allowUnknownOperatorInRequirement?: boolean;
}

/**
 * `ValidateLabelSelectorRequirement`: operator-specific rules
 * (`values: Required value: must be specified when \`operator\` is 'In' or 'NotIn'`,
 * `values: Forbidden: may not be specified when \`operator\` is 'Exists' or 'DoesNotExist'`,
 * `operator: Invalid value: "Foo": not a valid selector operator`), then the key, then each value.
 */
export function validateLabelSelectorRequirement(
  sr: LabelSelectorRequirement,
  fldPath: FieldPath,
  opts: LabelSelectorValidationOptions = {},
): FieldError[] {
  const errs: FieldError[] = [];
  const values = sr.values ?? [];
  switch (sr.operator) {
    case "In":
    case "NotIn":
      if (values.length === 0) {
        errs.push(required(fldPath.child("values"), "must be specified when `operator` is 'In' or 'NotIn'"));
      }
      break;
    case "Exists":
    case "DoesNotExist":
      if (values.length > 0) {
        errs.push(
          forbidden(
            fldPath.child("values"),
            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
          ),
        );
      }
      break;
    default:
      if (!opts.allowUnknownOperatorInRequirement) {
        errs.push(invalid(fldPath.child("operator"), sr.operator, "not a valid selector operator"));
      }
  }
  errs.push(...validateLabelName(sr.key, fldPath.child("key")));
  if (!opts.allowInvalidLabelValueInSelector) {
    values.forEach((value, i) => {
      const valuePath = fldPath.child("values").index(i);
      errs.push(...isValidLabelValue(value).map((msg) => invalid(valuePath, value, msg)));
    });
  }
  return errs;
}

/**
 * `ValidateLabelSelector`: `matchLabels` as labels (errors at `<fldPath>.matchLabels`), then each
 * `matchExpressions[i]`. A null selector is valid (whether it is required is the caller's rule).
 *
 * @example validateLabelSelector(spec.selector, path("spec", "selector"))
 */
export function validateLabelSelector(
  ls: LabelSelector | null | undefined,
  fldPath: FieldPath,
  opts: LabelSelectorValidationOptions = {},
): FieldError[] {
  if (ls === null || ls === undefined) return [];
  const errs = validateLabels(ls.matchLabels, fldPath.child("matchLabels"));
  (ls.matchExpressions ?? []).forEach((expr, i) => {
    errs.push(...validateLabelSelectorRequirement(expr, fldPath.child("matchExpressions").index(i), opts));
  });
  return errs;
}

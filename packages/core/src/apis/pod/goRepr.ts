/**
 * How the Kubernetes 1.33 API server prints composite bad values in field errors
 * (`k8s.io/apimachinery/pkg/util/validation/field/errors.go`, `ErrorBody`): a value whose pointer type
 * has a `String()` method is printed with it (IntOrString, Quantity, the protobuf-generated metav1
 * types such as LabelSelector), anything else with Go's `%#v`. Kubernetes 1.34 switched to JSON; these
 * helpers reproduce the 1.33 text.
 *
 * @module
 */

import type { LabelSelector } from "../../labels/selector.js";
import { type GoRepr, goRepr } from "../../validation/field.js";
import { compareGoStrings, goQuote } from "../../validation/goStrings.js";

/**
 * Go's `%#v` of a `map[string]string`: `map[string]string{"app":"web", "tier":"db"}` with keys in byte
 * order, `map[string]string{}` when empty and `map[string]string(nil)` when absent. This is how
 * `spec.template.metadata.labels: Invalid value: map[string]string{...}` prints.
 */
export function goStringMap(m: Readonly<Record<string, string>> | null | undefined): GoRepr {
  if (m === null || m === undefined) return goRepr("map[string]string(nil)");
  const entries = Object.keys(m)
    .sort(compareGoStrings)
    .map((k) => goQuote(k) + ":" + goQuote(m[k]!));
  return goRepr("map[string]string{" + entries.join(", ") + "}");
}

/**
 * The gogo-protobuf `(*metav1.LabelSelector).String()` the API server uses for a selector bad value:
 * `&LabelSelector{MatchLabels:map[string]string{app: web,},MatchExpressions:[]LabelSelectorRequirement{},}`.
 * A missing selector prints `null`, as for any nil pointer.
 */
export function goLabelSelector(ls: LabelSelector | null | undefined): GoRepr {
  if (ls === null || ls === undefined) return goRepr("null");
  const labels = ls.matchLabels ?? {};
  const matchLabels =
    "map[string]string{" +
    Object.keys(labels)
      .sort(compareGoStrings)
      .map((k) => k + ": " + labels[k] + ",")
      .join("") +
    "}";
  const exprs =
    "[]LabelSelectorRequirement{" +
    (ls.matchExpressions ?? [])
      .map(
        (e) =>
          "LabelSelectorRequirement{Key:" +
          e.key +
          ",Operator:" +
          e.operator +
          ",Values:[" +
          (e.values ?? []).join(" ") +
          "],},",
      )
      .join("") +
    "}";
  return goRepr("&LabelSelector{MatchLabels:" + matchLabels + ",MatchExpressions:" + exprs + ",}");
}

/**
 * `(*intstr.IntOrString).String()`: an integer prints bare, a string prints unquoted (`25%`). An absent
 * value is the zero IntOrString, which prints `0`.
 */
export function goIntOrString(v: number | string | null | undefined): GoRepr {
  if (v === null || v === undefined) return goRepr("0");
  return goRepr(String(v));
}

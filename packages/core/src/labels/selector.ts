/**
 * Label selectors, after Kubernetes' `k8s.io/apimachinery/pkg/labels` (`selector.go`, `labels.go`) and
 * the metav1 helpers `LabelSelectorAsSelector` / `FormatLabelSelector`
 * (`apimachinery/pkg/apis/meta/v1/helpers.go`), Kubernetes 1.33.
 *
 * A {@link Selector} is plain data: either "nothing" (Go `labels.Nothing()`, what a nil
 * `*metav1.LabelSelector` converts to) or a list of {@link Requirement}s sorted by key that must all
 * match (an empty list matches everything). The string form is parsed by `parseSelector` in
 * `parseSelector.ts`.
 *
 * @module
 */

import {
  aggregateErrors,
  type BadValue,
  type FieldError,
  type FieldPath,
  goRepr,
  invalid,
  path,
} from "../validation/field.js";
import { compareGoStrings, goQuote } from "../validation/goStrings.js";
import { isQualifiedName, isValidLabelValue } from "../validation/names.js";

/** A set of labels, as in `metadata.labels`. */
export type Labels = Readonly<Record<string, string>>;

/** The operators of a `metav1.LabelSelectorRequirement`. */
export type LabelSelectorOperator = "In" | "NotIn" | "Exists" | "DoesNotExist";

/**
 * One `matchExpressions` entry of a `metav1.LabelSelector`. `operator` is a plain string because it
 * comes from user input; anything but a {@link LabelSelectorOperator} is rejected by conversion and
 * validation.
 */
export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: LabelSelectorOperator | (string & {});
  readonly values?: readonly string[] | null;
}

/** The API shape `metav1.LabelSelector` (`spec.selector` of a Deployment, `spec.podSelector`, ...). */
export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>> | null;
  readonly matchExpressions?: readonly LabelSelectorRequirement[] | null;
}

/**
 * The operators of a parsed requirement, spelled as Go's `selection.Operator` values:
 * `!` is DoesNotExist, `=`/`==` Equals/DoubleEquals, `!=` NotEquals, `gt`/`lt` GreaterThan/LessThan
 * (written `>`/`<` in the string form).
 */
export type SelectionOperator = "in" | "notin" | "exists" | "!" | "=" | "==" | "!=" | "gt" | "lt";

/**
 * One requirement of a selector. `values` are sorted (Go byte order); a requirement built from a
 * `LabelSelector` keeps repeated values, one parsed from a string has none.
 */
export interface Requirement {
  readonly key: string;
  readonly operator: SelectionOperator;
  readonly values: readonly string[];
}

/**
 * A parsed label selector: `nothing` matches no object; `requirements` (sorted by key, stable) all have
 * to match, so an empty list matches every object.
 */
export type Selector =
  | { readonly kind: "nothing" }
  | { readonly kind: "requirements"; readonly requirements: readonly Requirement[] };

/** The selector that matches every set of labels (Go `labels.Everything()`). */
export const EVERYTHING_SELECTOR: Selector = Object.freeze({
  kind: "requirements",
  requirements: Object.freeze([]),
});

/** The selector that matches nothing (Go `labels.Nothing()`); its string form is empty. */
export const NOTHING_SELECTOR: Selector = Object.freeze({ kind: "nothing" });

/** The outcome of building a selector from user input: the selector, or Kubernetes' error message. */
export type SelectorResult =
  | { readonly ok: true; readonly selector: Selector }
  | { readonly ok: false; readonly error: string };

/** The outcome of {@link newRequirement}. */
export type RequirementResult =
  | { readonly ok: true; readonly requirement: Requirement }
  | { readonly ok: false; readonly error: string; readonly errors: readonly FieldError[] };

function childOf(p: FieldPath | null, name: string): FieldPath {
  return p === null ? path(name) : p.child(name);
}

/** Go `strconv.ParseInt(s, 10, 64)`: optional sign and decimal digits within int64, else `null`. */
function parseInt64(s: string): bigint | null {
  if (!/^[+-]?[0-9]+$/.test(s)) return null;
  const n = BigInt(s);
  return n >= -(2n ** 63n) && n < 2n ** 63n ? n : null;
}

/**
 * Go `labels.NewRequirement`: validates the key (qualified name), the number of values the operator
 * takes, integer values for `gt`/`lt`, and every value (label value). On failure the error is the
 * aggregate message Kubernetes prints, e.g. `values[0][env]: Invalid value: "-x": a valid label must ...`;
 * paths are relative to `fldPath` (`key`, `values`, `values[i][<key>]` when `fldPath` is null).
 */
export function newRequirement(
  key: string,
  operator: SelectionOperator,
  values: readonly string[],
  fldPath: FieldPath | null = null,
): RequirementResult {
  const errs: FieldError[] = [];
  const keyMessages = isQualifiedName(key);
  if (keyMessages.length > 0) errs.push(invalid(childOf(fldPath, "key"), key, keyMessages.join("; ")));
  const valuePath = childOf(fldPath, "values");
  // Go prints the values slice with %#v; callers pass a nil slice when there are none.
  const valuesRepr: BadValue = values.length === 0 ? goRepr("[]string(nil)") : values;
  switch (operator) {
    case "in":
    case "notin":
      if (values.length === 0)
        errs.push(invalid(valuePath, valuesRepr, "for 'in', 'notin' operators, values set can't be empty"));
      break;
    case "=":
    case "==":
    case "!=":
      if (values.length !== 1)
        errs.push(invalid(valuePath, valuesRepr, "exact-match compatibility requires one single value"));
      break;
    case "exists":
    case "!":
      if (values.length !== 0)
        errs.push(invalid(valuePath, valuesRepr, "values set must be empty for exists and does not exist"));
      break;
    case "gt":
    case "lt":
      if (values.length !== 1)
        errs.push(invalid(valuePath, valuesRepr, "for 'Gt', 'Lt' operators, exactly one value is required"));
      values.forEach((v, i) => {
        if (parseInt64(v) === null) {
          errs.push(invalid(valuePath.index(i), v, "for 'Gt', 'Lt' operators, the value must be an integer"));
        }
      });
      break;
  }
  values.forEach((v, i) => {
    const msgs = isValidLabelValue(v);
    if (msgs.length > 0) errs.push(invalid(valuePath.index(i).key(key), v, msgs.join("; ")));
  });
  if (errs.length > 0) return { ok: false, error: aggregateErrors(errs), errors: errs };
  return { ok: true, requirement: { key, operator, values: [...values].sort(compareGoStrings) } };
}

/** Sorts requirements by key, keeping the order of equal keys (Go `sort.Sort(ByKey)` on short lists). */
export function sortRequirements(requirements: readonly Requirement[]): Requirement[] {
  return [...requirements].sort((a, b) => compareGoStrings(a.key, b.key));
}

function hasOwn(labels: Labels, key: string): boolean {
  return Object.hasOwn(labels, key);
}

/** Go `Requirement.Matches`: whether one requirement holds for `labels`. */
export function requirementMatches(r: Requirement, labels: Labels): boolean {
  switch (r.operator) {
    case "in":
    case "=":
    case "==":
      return hasOwn(labels, r.key) && r.values.includes(labels[r.key]!);
    case "notin":
    case "!=":
      return !hasOwn(labels, r.key) || !r.values.includes(labels[r.key]!);
    case "exists":
      return hasOwn(labels, r.key);
    case "!":
      return !hasOwn(labels, r.key);
    case "gt":
    case "lt": {
      if (!hasOwn(labels, r.key) || r.values.length !== 1) return false;
      const have = parseInt64(labels[r.key]!);
      const want = parseInt64(r.values[0]!);
      if (have === null || want === null) return false;
      return r.operator === "gt" ? have > want : have < want;
    }
  }
}

/** Go `Selector.Matches`: whether `labels` satisfies every requirement (never, for the nothing selector). */
export function selectorMatches(selector: Selector, labels: Labels): boolean {
  if (selector.kind === "nothing") return false;
  return selector.requirements.every((r) => requirementMatches(r, labels));
}

const OPERATOR_TEXT: Readonly<Record<SelectionOperator, string>> = {
  "=": "=",
  "==": "==",
  "!=": "!=",
  in: " in ",
  notin: " notin ",
  gt: ">",
  lt: "<",
  exists: "",
  "!": "",
};

/** Go `Requirement.String()`: `k=v`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a)`, `k>1`, `k<1`, `k`, `!k`. */
export function requirementToString(r: Requirement): string {
  if (r.operator === "exists") return r.key;
  if (r.operator === "!") return "!" + r.key;
  const values = r.values.join(",");
  const set = r.operator === "in" || r.operator === "notin";
  return r.key + OPERATOR_TEXT[r.operator] + (set ? "(" + values + ")" : values);
}

/**
 * Go `Selector.String()`: the requirements' strings joined by `,`, in key order, e.g.
 * `app=web,env in (prod,staging),!legacy`. The nothing selector and the everything selector both print `""`.
 */
export function selectorToString(selector: Selector): string {
  if (selector.kind === "nothing") return "";
  return selector.requirements.map(requirementToString).join(",");
}

/**
 * Go `labels.SelectorFromValidatedSet` (`labels.Set(m).AsSelectorPreValidated()`): one `=` requirement per
 * label, without validation; a null or empty map matches everything. This is how a Service's
 * `spec.selector` map selects Pods.
 */
export function selectorFromSet(labels: Labels | null | undefined): Selector {
  if (!labels) return EVERYTHING_SELECTOR;
  const keys = Object.keys(labels).sort(compareGoStrings);
  if (keys.length === 0) return EVERYTHING_SELECTOR;
  return {
    kind: "requirements",
    requirements: keys.map((key) => ({ key, operator: "=", values: [labels[key]!] })),
  };
}

const LABEL_SELECTOR_OPERATORS: Readonly<Record<LabelSelectorOperator, SelectionOperator>> = {
  In: "in",
  NotIn: "notin",
  Exists: "exists",
  DoesNotExist: "!",
};

/**
 * `metav1.LabelSelectorAsSelector`: a null/undefined selector matches nothing, one with neither
 * `matchLabels` nor `matchExpressions` matches everything. Errors are Kubernetes' own, e.g.
 * `"Foo" is not a valid pod selector operator` or
 * `values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty`.
 * `matchLabels` are checked in key order (Go's map order is random), then `matchExpressions` in order.
 */
export function labelSelectorAsSelector(ls: LabelSelector | null | undefined): SelectorResult {
  if (ls === null || ls === undefined) return { ok: true, selector: NOTHING_SELECTOR };
  const matchLabels = ls.matchLabels ?? {};
  const matchExpressions = ls.matchExpressions ?? [];
  const labelKeys = Object.keys(matchLabels).sort(compareGoStrings);
  if (labelKeys.length + matchExpressions.length === 0) return { ok: true, selector: EVERYTHING_SELECTOR };
  const requirements: Requirement[] = [];
  for (const key of labelKeys) {
    const result = newRequirement(key, "=", [matchLabels[key]!]);
    if (!result.ok) return { ok: false, error: result.error };
    requirements.push(result.requirement);
  }
  for (const expr of matchExpressions) {
    const op = Object.hasOwn(LABEL_SELECTOR_OPERATORS, expr.operator)
      ? LABEL_SELECTOR_OPERATORS[expr.operator as LabelSelectorOperator]
      : undefined;
    if (op === undefined)
      return { ok: false, error: `${goQuote(expr.operator)} is not a valid pod selector operator` };
    const result = newRequirement(expr.key, op, expr.values ?? []);
    if (!result.ok) return { ok: false, error: result.error };
    requirements.push(result.requirement);
  }
  return { ok: true, selector: { kind: "requirements", requirements: sortRequirements(requirements) } };
}

/**
 * Go `labels.FormatLabels`: `k=v` pairs sorted as strings (Go sorts the joined `k=v` text, not the keys)
 * and joined by `,`; `<none>` for no labels. kubectl's `SELECTOR` and `LABELS` columns print this.
 */
export function formatLabels(labels: Labels | null | undefined): string {
  const pairs = labels ? Object.keys(labels).map((k) => k + "=" + labels[k]) : [];
  const text = pairs.sort(compareGoStrings).join(",");
  return text === "" ? "<none>" : text;
}

/**
 * `metav1.FormatLabelSelector`: the selector's string form, `<none>` when that is empty (a null or empty
 * selector) and `<error>` when the selector does not convert. kubectl's `POD-SELECTOR` column prints this.
 */
export function formatLabelSelector(ls: LabelSelector | null | undefined): string {
  const result = labelSelectorAsSelector(ls);
  if (!result.ok) return "<error>";
  const text = selectorToString(result.selector);
  return text === "" ? "<none>" : text;
}

/** One index lookup of a {@link SelectorIndexPlan}: objects whose label `key` has one of `values`. */
export interface IndexLookup {
  readonly key: string;
  /** Sorted, without repeats. */
  readonly values: readonly string[];
}

/**
 * How a store with a label index (`key` → `value` → objects) can answer a selector without a full scan.
 *
 * Contract: an object matches the selector if and only if
 * 1. for every lookup, the object's label `lookup.key` is one of `lookup.values`
 *    (take the union of the posting lists of those values, then intersect across lookups), and
 * 2. every requirement in `residual` matches the object's labels (check with {@link requirementMatches},
 *    or simply apply {@link selectorMatches} to the candidates, which checks both parts).
 *
 * Lookups come from the `=`, `==` and `in` requirements (all of which need the key to be present), in
 * key order; everything else (`!=`, `notin`, `exists`, `!`, `gt`, `lt`) is residual. With no lookups the
 * store has to scan every object and filter. A `nothing` plan matches no object: skip the lookup entirely.
 */
export type SelectorIndexPlan =
  | { readonly kind: "nothing" }
  | {
      readonly kind: "plan";
      readonly lookups: readonly IndexLookup[];
      readonly residual: readonly Requirement[];
    };

/** Splits `selector` into index lookups and residual filters; see {@link SelectorIndexPlan}. */
export function selectorIndexPlan(selector: Selector): SelectorIndexPlan {
  if (selector.kind === "nothing") return { kind: "nothing" };
  const lookups: IndexLookup[] = [];
  const residual: Requirement[] = [];
  for (const r of selector.requirements) {
    if (r.operator === "=" || r.operator === "==" || r.operator === "in") {
      lookups.push({ key: r.key, values: [...new Set(r.values)].sort(compareGoStrings) });
    } else {
      residual.push(r);
    }
  }
  return { kind: "plan", lookups, residual };
}

import { describe, expect, it } from "vitest";
import { parseSelector } from "./parseSelector.js";
import {
  EVERYTHING_SELECTOR,
  formatLabelSelector,
  formatLabels,
  type LabelSelector,
  labelSelectorAsSelector,
  NOTHING_SELECTOR,
  newRequirement,
  type Selector,
  selectorFromSet,
  selectorIndexPlan,
  selectorMatches,
  selectorToString,
} from "./selector.js";

// Expected strings produced by Kubernetes' metav1.LabelSelectorAsSelector / FormatLabelSelector and
// labels.FormatLabels (apimachinery/pkg/apis/meta/v1/helpers.go, pkg/labels) on the same inputs.
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const NAME_PART_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

function convert(ls: LabelSelector | null | undefined): Selector {
  const result = labelSelectorAsSelector(ls);
  if (!result.ok) throw new Error(result.error);
  return result.selector;
}

describe("labelSelectorAsSelector (metav1.LabelSelectorAsSelector)", () => {
  it("converts matchLabels and matchExpressions into key-sorted requirements", () => {
    const selector = convert({
      matchLabels: { tier: "fe", app: "web" },
      matchExpressions: [
        { key: "env", operator: "In", values: ["prod", "dev"] },
        { key: "app", operator: "Exists" },
      ],
    });
    expect(selectorToString(selector)).toBe("app=web,app,env in (dev,prod),tier=fe");
  });

  it("matches nothing for a null selector and everything for an empty one", () => {
    expect(convert(null)).toBe(NOTHING_SELECTOR);
    expect(convert(undefined)).toBe(NOTHING_SELECTOR);
    expect(selectorMatches(convert(null), {})).toBe(false);
    expect(convert({})).toBe(EVERYTHING_SELECTOR);
    expect(convert({ matchLabels: {}, matchExpressions: [] })).toBe(EVERYTHING_SELECTOR);
    expect(selectorMatches(convert({}), { any: "thing" })).toBe(true);
  });

  it("keeps repeated expression values, as Go prints them", () => {
    expect(
      selectorToString(
        convert({ matchExpressions: [{ key: "env", operator: "In", values: ["b", "a", "b"] }] }),
      ),
    ).toBe("env in (a,b,b)");
  });

  it("rejects an unknown operator with Kubernetes' message", () => {
    expect(labelSelectorAsSelector({ matchExpressions: [{ key: "env", operator: "Foo" }] })).toEqual({
      ok: false,
      error: '"Foo" is not a valid pod selector operator',
    });
  });

  it("rejects operator/value mismatches, printing the values slice as Go's %#v", () => {
    expect(labelSelectorAsSelector({ matchExpressions: [{ key: "a", operator: "In" }] })).toEqual({
      ok: false,
      error: "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty",
    });
    expect(
      labelSelectorAsSelector({ matchExpressions: [{ key: "env", operator: "Exists", values: ["a"] }] }),
    ).toEqual({
      ok: false,
      error: 'values: Invalid value: []string{"a"}: values set must be empty for exists and does not exist',
    });
  });

  it("aggregates several errors of one requirement in brackets", () => {
    const result = labelSelectorAsSelector({
      matchExpressions: [{ key: "bad key", operator: "DoesNotExist", values: ["a", "-b"] }],
    });
    expect(result).toEqual({
      ok: false,
      error:
        `[key: Invalid value: "bad key": ${NAME_PART_MSG}, ` +
        `values: Invalid value: []string{"a", "-b"}: values set must be empty for exists and does not exist, ` +
        `values[1][bad key]: Invalid value: "-b": ${LABEL_VALUE_MSG}]`,
    });
  });

  it("validates matchLabels values and keys", () => {
    expect(labelSelectorAsSelector({ matchLabels: { app: "-web" } })).toEqual({
      ok: false,
      error: `values[0][app]: Invalid value: "-web": ${LABEL_VALUE_MSG}`,
    });
  });
});

describe("formatLabelSelector (metav1.FormatLabelSelector)", () => {
  it("prints the selector, <none> when empty or null, <error> when it does not convert", () => {
    expect(formatLabelSelector({ matchLabels: { app: "web" } })).toBe("app=web");
    expect(
      formatLabelSelector({ matchExpressions: [{ key: "env", operator: "NotIn", values: ["dev"] }] }),
    ).toBe("env notin (dev)");
    expect(formatLabelSelector({})).toBe("<none>");
    expect(formatLabelSelector(null)).toBe("<none>");
    expect(formatLabelSelector({ matchExpressions: [{ key: "env", operator: "Foo" }] })).toBe("<error>");
  });
});

describe("formatLabels (labels.FormatLabels)", () => {
  it("sorts the k=v strings in Go byte order, not the keys", () => {
    // "a.b=2" sorts before "a=1" because '.' < '='; upper case before lower case; é (0xC3 0xA9) last.
    expect(formatLabels({ a: "1", "a.b": "2", B: "3", é: "4" })).toBe("B=3,a.b=2,a=1,é=4");
  });

  it("prints <none> for no labels", () => {
    expect(formatLabels({})).toBe("<none>");
    expect(formatLabels(undefined)).toBe("<none>");
  });
});

describe("selectorFromSet (labels.SelectorFromValidatedSet)", () => {
  it("selects objects carrying all the labels; an empty or null set selects everything", () => {
    const s = selectorFromSet({ tier: "fe", app: "web" });
    expect(selectorToString(s)).toBe("app=web,tier=fe");
    expect(selectorMatches(s, { app: "web", tier: "fe", extra: "x" })).toBe(true);
    expect(selectorMatches(s, { app: "web" })).toBe(false);
    expect(selectorFromSet({})).toBe(EVERYTHING_SELECTOR);
    expect(selectorFromSet(null)).toBe(EVERYTHING_SELECTOR);
  });
});

describe("newRequirement (labels.NewRequirement)", () => {
  it("places errors under the given path", () => {
    const result = newRequirement("app", "=", ["-x"], null);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => e.field)).toEqual(["values[0][app]"]);
  });

  it("requires exactly one value for exact matches and for gt/lt", () => {
    expect(newRequirement("a", "=", ["x", "y"])).toMatchObject({
      ok: false,
      error: 'values: Invalid value: []string{"x", "y"}: exact-match compatibility requires one single value',
    });
    expect(newRequirement("a", "gt", [])).toMatchObject({
      ok: false,
      error: "values: Invalid value: []string(nil): for 'Gt', 'Lt' operators, exactly one value is required",
    });
  });
});

describe("selectorIndexPlan", () => {
  function plan(text: string) {
    const result = parseSelector(text);
    if (!result.ok) throw new Error(result.error);
    return selectorIndexPlan(result.selector);
  }

  it("turns =, == and in into lookups and leaves the rest for filtering", () => {
    expect(plan("app=web,tier in (fe,be,fe),env!=dev,x==1,!legacy,y,z notin (q),n>1")).toEqual({
      kind: "plan",
      lookups: [
        { key: "app", values: ["web"] },
        { key: "tier", values: ["be", "fe"] },
        { key: "x", values: ["1"] },
      ],
      residual: [
        { key: "env", operator: "!=", values: ["dev"] },
        { key: "legacy", operator: "!", values: [] },
        { key: "n", operator: "gt", values: ["1"] },
        { key: "y", operator: "exists", values: [] },
        { key: "z", operator: "notin", values: ["q"] },
      ],
    });
  });

  it("has no lookups for the everything selector and marks the nothing selector", () => {
    expect(plan("")).toEqual({ kind: "plan", lookups: [], residual: [] });
    expect(selectorIndexPlan(NOTHING_SELECTOR)).toEqual({ kind: "nothing" });
  });

  it("de-duplicates values of a requirement built from a LabelSelector", () => {
    const p = selectorIndexPlan(
      convert({ matchExpressions: [{ key: "env", operator: "In", values: ["b", "a", "b"] }] }),
    );
    expect(p).toEqual({ kind: "plan", lookups: [{ key: "env", values: ["a", "b"] }], residual: [] });
  });
});

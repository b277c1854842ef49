import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseSelector } from "./parseSelector.js";
import {
  formatLabels,
  type LabelSelector,
  type LabelSelectorRequirement,
  type Labels,
  labelSelectorAsSelector,
  type Requirement,
  requirementMatches,
  type SelectionOperator,
  type Selector,
  selectorIndexPlan,
  selectorMatches,
  selectorToString,
  sortRequirements,
} from "./selector.js";

// Property tests: the string form, the LabelSelector form and matching agree with each other.
// fast-check prints the seed and the shrunk counterexample of any failure.

const KEY_POOL = ["app", "tier", "env", "in", "notin", "x.y/z", "k8s.io/name", "A_b.c"];
const VALUE_POOL = ["", "web", "db", "in", "notin", "1", "42"];

const generatedKey = fc
  .tuple(
    fc.option(fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,6}[a-z0-9])?(\.[a-z0-9]{1,4}){0,2}$/), {
      nil: undefined,
    }),
    fc.stringMatching(/^[A-Za-z0-9]([-A-Za-z0-9_.]{0,10}[A-Za-z0-9])?$/),
  )
  .map(([prefix, name]) => (prefix === undefined ? name : `${prefix}/${name}`));
const labelKey = fc.oneof(fc.constantFrom(...KEY_POOL), generatedKey);
const labelValue = fc.oneof(
  fc.constantFrom(...VALUE_POOL),
  fc.stringMatching(/^([A-Za-z0-9]([-A-Za-z0-9_.]{0,10}[A-Za-z0-9])?)?$/),
);
const intValue = fc.bigInt(0n, 10n ** 15n).map(String);
const labelMap: fc.Arbitrary<Labels> = fc.dictionary(labelKey, fc.oneof(labelValue, intValue), {
  maxKeys: 6,
});

const requirement: fc.Arbitrary<Requirement> = fc
  .tuple(
    labelKey,
    fc.constantFrom<SelectionOperator>("in", "notin", "exists", "!", "=", "==", "!=", "gt", "lt"),
  )
  .chain(([key, operator]) => {
    const values: fc.Arbitrary<string[]> =
      operator === "in" || operator === "notin"
        ? fc.array(labelValue, { minLength: 1, maxLength: 4 })
        : operator === "exists" || operator === "!"
          ? fc.constant([])
          : operator === "gt" || operator === "lt"
            ? intValue.map((v) => [v])
            : fc.oneof(labelValue, intValue).map((v) => [v]);
    return values.map((vs) => ({ key, operator, values: [...vs].sort() }));
  });
const selector: fc.Arbitrary<Selector> = fc
  .array(requirement, { maxLength: 6 })
  .map((rs) => ({ kind: "requirements", requirements: sortRequirements(rs) }));

const expression: fc.Arbitrary<LabelSelectorRequirement> = fc
  .tuple(labelKey, fc.constantFrom("In", "NotIn", "Exists", "DoesNotExist"))
  .chain(([key, operator]) =>
    (operator === "In" || operator === "NotIn"
      ? fc.array(labelValue, { minLength: 1, maxLength: 4 })
      : fc.constant(undefined)
    ).map((values) => (values === undefined ? { key, operator } : { key, operator, values })),
  );
const labelSelector: fc.Arbitrary<LabelSelector> = fc.record(
  {
    matchLabels: fc.dictionary(labelKey, labelValue, { maxKeys: 3 }),
    matchExpressions: fc.array(expression, { maxLength: 4 }),
  },
  { requiredKeys: [] },
);

function parsed(text: string): Selector {
  const result = parseSelector(text);
  if (!result.ok) throw new Error(`${JSON.stringify(text)}: ${result.error}`);
  return result.selector;
}

function normalise(s: Selector) {
  return s.kind === "nothing"
    ? "nothing"
    : s.requirements.map((r) => ({ key: r.key, operator: r.operator, values: [...new Set(r.values)] }));
}

// A direct reading of the metav1.LabelSelector semantics, independent of the Requirement machinery.
function modelMatches(ls: LabelSelector, labels: Labels): boolean {
  const has = (k: string) => Object.hasOwn(labels, k);
  for (const [k, v] of Object.entries(ls.matchLabels ?? {})) if (!has(k) || labels[k] !== v) return false;
  for (const e of ls.matchExpressions ?? []) {
    const values = e.values ?? [];
    const ok =
      e.operator === "In"
        ? has(e.key) && values.includes(labels[e.key]!)
        : e.operator === "NotIn"
          ? !has(e.key) || !values.includes(labels[e.key]!)
          : e.operator === "Exists"
            ? has(e.key)
            : !has(e.key);
    if (!ok) return false;
  }
  return true;
}

describe("selector string form", () => {
  it("round-trips: parseSelector(selectorToString(s)) is equivalent to s", () => {
    fc.assert(
      fc.property(selector, fc.array(labelMap, { maxLength: 5 }), (s, samples) => {
        const back = parsed(selectorToString(s));
        expect(normalise(back)).toEqual(normalise(s));
        for (const labels of samples) expect(selectorMatches(back, labels)).toBe(selectorMatches(s, labels));
      }),
      { numRuns: 500 },
    );
  });

  it("prints a fixed point: printing the parsed selector gives the same text", () => {
    fc.assert(
      fc.property(selector, (s) => {
        const text = selectorToString(s);
        const once = selectorToString(parsed(text));
        expect(selectorToString(parsed(once))).toBe(once);
      }),
    );
  });
});

describe("LabelSelector and its string form", () => {
  it("match the same label sets, and match as the API documents", () => {
    fc.assert(
      fc.property(labelSelector, fc.array(labelMap, { minLength: 1, maxLength: 8 }), (ls, samples) => {
        const converted = labelSelectorAsSelector(ls);
        if (!converted.ok) throw new Error(converted.error);
        const viaString = parsed(selectorToString(converted.selector));
        for (const labels of samples) {
          const expected = modelMatches(ls, labels);
          expect(selectorMatches(converted.selector, labels)).toBe(expected);
          expect(selectorMatches(viaString, labels)).toBe(expected);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe("formatLabels output as a selector", () => {
  it("selects exactly the label sets that contain those labels", () => {
    fc.assert(
      fc.property(
        fc.dictionary(labelKey, labelValue, { minKeys: 1, maxKeys: 6 }),
        labelMap,
        fc.nat(),
        (labels, extra, pick) => {
          const s = parsed(formatLabels(labels));
          expect(selectorMatches(s, labels)).toBe(true);
          expect(selectorMatches(s, { ...extra, ...labels })).toBe(true);
          const keys = Object.keys(labels);
          const dropped = keys[pick % keys.length]!;
          const { [dropped]: value, ...without } = labels;
          expect(selectorMatches(s, without)).toBe(false);
          expect(selectorMatches(s, { ...labels, [dropped]: `${value}x` })).toBe(false);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("selectorIndexPlan", () => {
  it("matches iff every lookup hits and every residual requirement holds", () => {
    fc.assert(
      fc.property(selector, labelMap, (s, labels) => {
        const plan = selectorIndexPlan(s);
        if (plan.kind === "nothing") throw new Error("a parsed selector is never nothing");
        const viaPlan =
          plan.lookups.every((l) => Object.hasOwn(labels, l.key) && l.values.includes(labels[l.key]!)) &&
          plan.residual.every((r) => requirementMatches(r, labels));
        expect(viaPlan).toBe(selectorMatches(s, labels));
      }),
      { numRuns: 500 },
    );
  });
});

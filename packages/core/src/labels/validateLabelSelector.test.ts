import { describe, expect, it } from "vitest";
import { errorString, path } from "../validation/field.js";
import { validateLabelSelector } from "./validateLabelSelector.js";

// Behaviour of ValidateLabelSelector / ValidateLabelSelectorRequirement in
// staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/validation/validation.go.
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const NAME_PART_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

describe("validateLabelSelector", () => {
  const fld = path("spec", "selector");

  it("accepts valid selectors, an empty selector and a missing one", () => {
    expect(
      validateLabelSelector(
        {
          matchLabels: { app: "web" },
          matchExpressions: [
            { key: "env", operator: "In", values: ["prod"] },
            { key: "legacy", operator: "DoesNotExist" },
          ],
        },
        fld,
      ),
    ).toEqual([]);
    expect(validateLabelSelector({}, fld)).toEqual([]);
    expect(validateLabelSelector(null, fld)).toEqual([]);
  });

  it("reports every problem in Kubernetes' order with its field path", () => {
    const errs = validateLabelSelector(
      {
        matchLabels: { "-app": "we b" },
        matchExpressions: [
          { key: "env", operator: "In" },
          { key: "x", operator: "Exists", values: ["a"] },
          { key: "", operator: "Foo", values: ["-a"] },
        ],
      },
      fld,
    );
    // Same list, text for text, as the Go function returns for this input.
    expect(errs.map(errorString)).toEqual([
      `spec.selector.matchLabels: Invalid value: "-app": ${NAME_PART_MSG}`,
      `spec.selector.matchLabels: Invalid value: "we b": ${LABEL_VALUE_MSG}`,
      "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
      "spec.selector.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
      'spec.selector.matchExpressions[2].operator: Invalid value: "Foo": not a valid selector operator',
      'spec.selector.matchExpressions[2].key: Invalid value: "": name part must be non-empty',
      `spec.selector.matchExpressions[2].key: Invalid value: "": ${NAME_PART_MSG}`,
      `spec.selector.matchExpressions[2].values[0]: Invalid value: "-a": ${LABEL_VALUE_MSG}`,
    ]);
    expect(errs.map((e) => e.type)).toEqual([
      "FieldValueInvalid",
      "FieldValueInvalid",
      "FieldValueRequired",
      "FieldValueForbidden",
      "FieldValueInvalid",
      "FieldValueInvalid",
      "FieldValueInvalid",
      "FieldValueInvalid",
    ]);
  });

  it("honours the options for stored invalid values and unknown operators", () => {
    const ls = { matchExpressions: [{ key: "k", operator: "Newer", values: ["-a"] }] };
    expect(validateLabelSelector(ls, fld).map((e) => e.field)).toEqual([
      "spec.selector.matchExpressions[0].operator",
      "spec.selector.matchExpressions[0].values[0]",
    ]);
    expect(
      validateLabelSelector(ls, fld, {
        allowInvalidLabelValueInSelector: true,
        allowUnknownOperatorInRequirement: true,
      }),
    ).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { parseSelector } from "./parseSelector.js";
import { type Selector, selectorMatches, selectorToString } from "./selector.js";

// The expected strings below were produced by running the parser of Kubernetes'
// staging/src/k8s.io/apimachinery/pkg/labels/selector.go (transcribed into a Go program, with the 1.33
// validation messages) on the same inputs, and diffed against this port on thousands of random inputs.
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const NAME_PART_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const QUALIFIED_NAME_SLASHES_MSG =
  "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')";

/** [input, Selector.String() of the parsed selector] */
const PARSED: readonly (readonly [string, string])[] = [
  ["app=web,tier!=db,env in (a,b),!legacy,x notin (y)", "app=web,env in (a,b),!legacy,tier!=db,x notin (y)"],
  ["x==a", "x==a"],
  ["x>1,y<10", "x>1,y<10"],
  ["  a = b ,  c in ( d , e )", "a=b,c in (d,e)"],
  ["\ta\r\n=b", "a=b"],
  ["x in ()", "x in ()"],
  ["x in (,a)", "x in (,a)"],
  ["x in (a,,b)", "x in (,a,b)"],
  ["x in (a,)", "x in (,a)"],
  ["x in (b,a,b)", "x in (a,b)"],
  ["x=", "x="],
  ["x=,y", "x=,y"],
  ["in in (in,notin)", "in in (in,notin)"],
  ["x in (a),y notin (b),!z,w", "w,x in (a),y notin (b),!z"],
  ["a=b,a=c", "a=b,a=c"],
  ["x.y/z==1", "x.y/z==1"],
  ["", ""],
  ["   ", ""],
  ["a=b \u0000garbage", "a=b"],
];

/** [input, error message] */
const REJECTED: readonly (readonly [string, string])[] = [
  ["!x=a", "found '=', expected: ',' or 'end of string'"],
  ["a=b\u0000garbage", "found 'garbage', expected: ',' or 'end of string'"],
  ["x in", "unable to parse requirement: found '' expected: '('"],
  ["x in (a", "unable to parse requirement: found '', expected: ',' or ')'"],
  ["x in a", "unable to parse requirement: found 'a' expected: '('"],
  ["x notin (a b)", "unable to parse requirement: found 'b', expected: ',' or ')'"],
  ["x=(", "unable to parse requirement: found '(', expected: identifier"],
  [",", "found ',', expected: !, identifier, or 'end of string'"],
  ["a,", "found '', expected: identifier after ','"],
  ["a,,b", "found ',', expected: identifier after ','"],
  ["!", "unable to parse requirement: found '', expected: identifier"],
  ["!!a", "unable to parse requirement: found '!', expected: identifier"],
  ["x gt 1", "unable to parse requirement: found 'gt', expected: in, notin, =, ==, !=, gt, lt"],
  ["env IN (a)", "unable to parse requirement: found 'IN', expected: in, notin, =, ==, !=, gt, lt"],
  [
    "x>a",
    `unable to parse requirement: values[0]: Invalid value: "a": for 'Gt', 'Lt' operators, the value must be an integer`,
  ],
  [
    "x>",
    `unable to parse requirement: values[0]: Invalid value: "": for 'Gt', 'Lt' operators, the value must be an integer`,
  ],
  ["x>-1", `unable to parse requirement: values[0][x]: Invalid value: "-1": ${LABEL_VALUE_MSG}`],
  [
    "x>99999999999999999999",
    `unable to parse requirement: values[0]: Invalid value: "99999999999999999999": for 'Gt', 'Lt' operators, the value must be an integer`,
  ],
  ["-x=a", `unable to parse requirement: <nil>: Invalid value: "-x": ${NAME_PART_MSG}`],
  ["a:=b", `unable to parse requirement: <nil>: Invalid value: "a:": ${NAME_PART_MSG}`],
  ["a/b/c=d", `unable to parse requirement: <nil>: Invalid value: "a/b/c": ${QUALIFIED_NAME_SLASHES_MSG}`],
  ["x=a/b", `unable to parse requirement: values[0][x]: Invalid value: "a/b": ${LABEL_VALUE_MSG}`],
  ["env=-bad", `unable to parse requirement: values[0][env]: Invalid value: "-bad": ${LABEL_VALUE_MSG}`],
  [
    "x in (a,-b,c_)",
    `unable to parse requirement: [values[0][x]: Invalid value: "-b": ${LABEL_VALUE_MSG}, values[2][x]: Invalid value: "c_": ${LABEL_VALUE_MSG}]`,
  ],
  ["x=a b", "found 'b', expected: ',' or 'end of string'"],
  ["a b", "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"],
  ["x<=1", "unable to parse requirement: found '=', expected: identifier"],
  ["x=!a", "unable to parse requirement: found '!', expected: identifier"],
  ["(x)", "found '(', expected: !, identifier, or 'end of string'"],
];

function mustParse(text: string): Selector {
  const result = parseSelector(text);
  if (!result.ok) throw new Error(result.error);
  return result.selector;
}

describe("parseSelector (labels.Parse)", () => {
  it.each(PARSED)("parses %j and prints it back as %j", (text, printed) => {
    expect(selectorToString(mustParse(text))).toBe(printed);
  });

  it.each(REJECTED)("rejects %j with Kubernetes' message", (text, error) => {
    expect(parseSelector(text)).toEqual({ ok: false, error });
  });

  it("builds requirements with Go's operator names and sorted, de-duplicated values", () => {
    expect(mustParse("b notin (z,y,z),a,!c,d>5,e==1,f!=2")).toEqual({
      kind: "requirements",
      requirements: [
        { key: "a", operator: "exists", values: [] },
        { key: "b", operator: "notin", values: ["y", "z"] },
        { key: "c", operator: "!", values: [] },
        { key: "d", operator: "gt", values: ["5"] },
        { key: "e", operator: "==", values: ["1"] },
        { key: "f", operator: "!=", values: ["2"] },
      ],
    });
  });

  it("selects everything for the empty string", () => {
    const everything = mustParse("");
    expect(selectorMatches(everything, {})).toBe(true);
    expect(selectorMatches(everything, { app: "web" })).toBe(true);
  });

  it("treats 'x in ()' as the empty value and 'x=' as equality with the empty string", () => {
    expect(selectorMatches(mustParse("x in ()"), { x: "" })).toBe(true);
    expect(selectorMatches(mustParse("x in ()"), {})).toBe(false);
    expect(selectorMatches(mustParse("x="), { x: "" })).toBe(true);
    expect(selectorMatches(mustParse("x="), { x: "a" })).toBe(false);
  });
});

describe("selectorMatches on parsed selectors (Requirement.Matches)", () => {
  const labels = { app: "web", tier: "fe", replicas: "3" };

  it("requires the key for =, in and exists, and not for !=, notin and !", () => {
    expect(selectorMatches(mustParse("app=web"), labels)).toBe(true);
    expect(selectorMatches(mustParse("app=db"), labels)).toBe(false);
    expect(selectorMatches(mustParse("env=prod"), labels)).toBe(false);
    expect(selectorMatches(mustParse("env!=prod"), labels)).toBe(true);
    expect(selectorMatches(mustParse("app!=web"), labels)).toBe(false);
    expect(selectorMatches(mustParse("env notin (prod)"), labels)).toBe(true);
    expect(selectorMatches(mustParse("tier notin (fe,be)"), labels)).toBe(false);
    expect(selectorMatches(mustParse("tier in (fe,be)"), labels)).toBe(true);
    expect(selectorMatches(mustParse("tier"), labels)).toBe(true);
    expect(selectorMatches(mustParse("!tier"), labels)).toBe(false);
    expect(selectorMatches(mustParse("!env"), labels)).toBe(true);
  });

  it("compares gt/lt as 64-bit integers and fails when the label is missing or not an integer", () => {
    expect(selectorMatches(mustParse("replicas>2"), labels)).toBe(true);
    expect(selectorMatches(mustParse("replicas>3"), labels)).toBe(false);
    expect(selectorMatches(mustParse("replicas<4"), labels)).toBe(true);
    expect(selectorMatches(mustParse("app>1"), labels)).toBe(false);
    expect(selectorMatches(mustParse("missing<1"), labels)).toBe(false);
    expect(selectorMatches(mustParse("n>9223372036854775806"), { n: "9223372036854775807" })).toBe(true);
    expect(selectorMatches(mustParse("n>1"), { n: "9223372036854775808" })).toBe(false);
  });

  it("needs every requirement to hold", () => {
    expect(selectorMatches(mustParse("app=web,tier=fe"), labels)).toBe(true);
    expect(selectorMatches(mustParse("app=web,tier=be"), labels)).toBe(false);
  });

  it("does not mistake inherited object properties for labels", () => {
    expect(selectorMatches(mustParse("constructor"), {})).toBe(false);
    expect(selectorMatches(mustParse("!toString"), {})).toBe(true);
  });
});

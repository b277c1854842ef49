/**
 * Ported from k8s.io/client-go/util/jsonpath/parser_test.go (TestParser, TestFailParser), plus
 * parse errors checked against kubectl v1.32 (`kubectl label --local -f obj.yaml x=y -o jsonpath=...`).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { JsonPathListNode, JsonPathNode, JsonPathSliceParam } from "./jsonPathNode.js";
import { parseJsonPath } from "./parseJsonPath.js";

const list = (...nodes: JsonPathNode[]): JsonPathListNode => ({ type: "list", nodes });
const text = (t: string): JsonPathNode => ({ type: "text", text: t });
const field = (name: string): JsonPathNode => ({ type: "field", name });
const param = (value: number, known: boolean, derived = false): JsonPathSliceParam => ({
  value,
  known,
  derived,
});
const array = (a: JsonPathSliceParam, b: JsonPathSliceParam, c: JsonPathSliceParam): JsonPathNode => ({
  type: "array",
  params: [a, b, c],
});
const all = array(param(0, false), param(0, false), param(0, false));
const filter = (left: JsonPathListNode, operator: string, right: JsonPathListNode): JsonPathNode => ({
  type: "filter",
  left,
  right,
  operator,
});
const osImageFilter = (value: string) =>
  list(list(filter(list(field("status"), field("nodeInfo"), field("osImage")), "==", list(text(value)))));

function tree(template: string): JsonPathListNode {
  const result = parseJsonPath(template);
  if (!result.ok) throw new Error(`unexpected parse error: ${result.error}`);
  expect(result.template.source).toBe(template);
  return result.template.root;
}

describe("TestParser", () => {
  it.each<[string, string, JsonPathListNode]>([
    ["plain", "hello jsonpath", list(text("hello jsonpath"))],
    ["variable", "hello {.jsonpath}", list(text("hello "), list(field("jsonpath")))],
    ["arrayfiled", "hello {['jsonpath']}", list(text("hello "), list(field("jsonpath")))],
    ["quote", '{"{"}', list(list(text("{")))],
    ["array", "{[1:3]}", list(list(array(param(1, true), param(3, true), param(0, false))))],
    ["allarray", "{.book[*].author}", list(list(field("book"), all, field("author")))],
    ["wildcard", "{.bicycle.*}", list(list(field("bicycle"), { type: "wildcard" }))],
    [
      "filter",
      "{[?(@.price<3)]}",
      list(list(filter(list(field("price")), "<", list({ type: "int", value: 3 })))),
    ],
    ["recursive", "{..}", list(list({ type: "recursive" }))],
    ["recurField", "{..price}", list(list({ type: "recursive" }, field("price")))],
    ["arraydict", "{['book.price']}", list(list(field("book"), field("price")))],
    [
      "union",
      "{['bicycle.price', 3, 'book.price']}",
      list(
        list({
          type: "union",
          nodes: [
            list(field("bicycle"), field("price")),
            list(array(param(3, true), param(4, true, true), param(0, false))),
            list(field("book"), field("price")),
          ],
        }),
      ),
    ],
    [
      "range",
      "{range .items}{.name},{end}",
      list(
        list({ type: "identifier", name: "range" }, field("items")),
        list(field("name")),
        text(","),
        list({ type: "identifier", name: "end" }),
      ),
    ],
    ["paired parentheses in quotes", '{[?(@.status.nodeInfo.osImage == "()")]}', osImageFilter("()")],
    [
      "paired parentheses in double quotes and with double quotes escape",
      '{[?(@.status.nodeInfo.osImage == "(\\"\\")")]}',
      osImageFilter('("")'),
    ],
    [
      "unregular parentheses in double quotes",
      '{[?(@.test == "())(")]}',
      list(list(filter(list(field("test")), "==", list(text("())("))))),
    ],
    ["plain text in single quotes", "{[?(@.status.nodeInfo.osImage == 'Linux')]}", osImageFilter("Linux")],
    ["test filter suffix", '{[?(@.status.nodeInfo.osImage == "{[()]}")]}', osImageFilter("{[()]}")],
    ["double inside single", `{[?(@.status.nodeInfo.osImage == "''")]}`, osImageFilter("''")],
    ["single inside double", `{[?(@.status.nodeInfo.osImage == '""')]}`, osImageFilter('""')],
    [
      "single containing escaped single",
      "{[?(@.status.nodeInfo.osImage == '\\\\\\'')]}",
      osImageFilter("\\'"),
    ],
    [
      "negative index slice, equals a[len-5] to a[len-1]",
      "{[-5:]}",
      list(list(array(param(-5, true), param(0, false), param(0, false)))),
    ],
    [
      "negative index slice, equals a[len-1]",
      "{[-1]}",
      list(list(array(param(-1, true), param(0, true, true), param(0, false)))),
    ],
    [
      "negative index slice, equals a[1] to a[len-1]",
      "{[1:-1]}",
      list(list(array(param(1, true), param(-1, true), param(0, false)))),
    ],
  ])("%s", (_name, template, expected) => {
    expect(tree(template)).toEqual(expected);
  });

  it("malformat input fails", () => {
    expect(parseJsonPath("{\\\\\\}").ok).toBe(false);
  });

  it("parses literals: int, float (1.0 stays a float), bool, exists filter", () => {
    expect(tree("{1}{1.0}{-2.5}{true}{[?(@.z)]}")).toEqual(
      list(
        list({ type: "int", value: 1 }),
        list({ type: "float", value: 1 }),
        list({ type: "float", value: -2.5 }),
        list({ type: "bool", value: true }),
        list(filter(list(field("z")), "exists", list())),
      ),
    );
  });

  it("unquotes Go escapes in both quote styles, byte escapes included", () => {
    // A quote right after a backslash never closes, so an escaped backslash cannot end a string.
    expect(tree(`{"\\t\\n\\\\."}{'\\''}{"é\\u00e9\\x41\\101\\xc3\\xa9"}`)).toEqual(
      list(list(text("\t\n\\.")), list(text("'")), list(text("ééAAé"))),
    );
  });

  it("removes backslashes from field names, so escaped dots stay in the name", () => {
    expect(tree("{.metadata.labels.kubernetes\\.io/hostname}")).toEqual(
      list(list(field("metadata"), field("labels"), field("kubernetes.io/hostname"))),
    );
  });
});

describe("TestFailParser and kubectl's parse errors", () => {
  it.each([
    ["{.hello", "unclosed action"],
    ["{*}", "unrecognized character in action: U+002A '*'"],
    ["{+12.3.0}", "cannot parse number +12.3.0"],
    ["{[1}", "unterminated array"],
    ["{[?(.price]}", "unterminated filter"],
    ["{........}", "invalid multiple recursive descent"],
    // The following were checked against kubectl v1.32.
    ['{"\\q"}', 'unquote string "\\q" error invalid syntax'],
    [`{'\\"'}`, `unquote string '\\"' error invalid syntax`],
    ['{[?(@.a=="x")}', "unclosed array expect ]"],
    ["{[abc]}", "invalid array index abc"],
    ["{[-]}", "array index - is not a number"],
    ["{.a[?(@.x==)]}", "unrecognized character in action: U+003D '='"],
    ["{\\\\\\}", "unrecognized character in action: U+005C '\\'"],
    ['{"\\\\"}', "unterminated quoted string"],
    ['{.nums[?(@.s=="a"]}', "unterminated filter"],
    ["{[ 1 ]}", "invalid array index  1 "],
    ['{.nums[0]["s"]}', 'invalid array index "s"'],
    ['{"a"\t}', "unrecognized character in action: U+0009"],
    ['{.a}{"\n"}', "unterminated quoted string"],
    ["{.a\n}", "unclosed action"],
  ])("%j fails with %j", (template, error) => {
    expect(parseJsonPath(template)).toEqual({ ok: false, error });
  });

  it("never throws, whatever the template", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(..."{}[]()?@$.*,:'\"\\=<>!-+ 0123abc\n\tré".split("")) }),
        (t) => {
          const result = parseJsonPath(t);
          expect(typeof result.ok).toBe("boolean");
        },
      ),
    );
  });

  it("text without braces is literal", () => {
    expect(tree(".metadata.name")).toEqual(list(text(".metadata.name")));
  });
});

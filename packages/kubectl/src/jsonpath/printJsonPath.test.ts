/**
 * kubectl's `-o jsonpath` behaviour, each expectation observed with the real kubectl v1.32 via
 * `kubectl label --local -f obj.yaml x=y -o jsonpath=<template>`, which prints a local object
 * without a cluster (the fixtures below are those objects as kubectl decoded them, label included).
 * Where Go's output order is random (`*` and `..` over a map), the test says so and pins our
 * sorted order.
 */
import { describe, expect, it } from "vitest";
import { printJsonPath } from "./printJsonPath.js";

/** A List of nodes as `kubectl get nodes -o jsonpath` sees it. */
const nodeList = {
  apiVersion: "v1",
  kind: "List",
  metadata: { resourceVersion: "" },
  items: [
    {
      apiVersion: "v1",
      kind: "Node",
      metadata: {
        name: "kind-control-plane",
        labels: {
          "kubernetes.io/hostname": "kind-control-plane",
          "node-role.kubernetes.io/control-plane": "",
        },
      },
      status: {
        capacity: { cpu: "4", memory: "8Gi", pods: "110" },
        addresses: [
          { type: "InternalIP", address: "172.18.0.2" },
          { type: "Hostname", address: "kind-control-plane" },
        ],
        conditions: [{ type: "Ready", status: "True" }],
      },
    },
    {
      apiVersion: "v1",
      kind: "Node",
      metadata: { name: "kind-worker", labels: { "kubernetes.io/hostname": "kind-worker" } },
      status: {
        capacity: { cpu: "8", memory: "16Gi", pods: "110" },
        addresses: [
          { type: "InternalIP", address: "172.18.0.3" },
          { type: "InternalIP", address: "fc00::3" },
          { type: "Hostname", address: "kind-worker" },
        ],
        conditions: [{ type: "Ready", status: "False" }],
      },
    },
  ],
  nums: [
    { num: 1, s: "a", b: true, f: 1.5, o: { x: 1 } },
    { num: 2, s: "b", b: false, f: 2.5 },
    { num: 3, s: "c", f: 3.5 },
  ],
};

const foo = {
  apiVersion: "example.com/v1",
  kind: "Foo",
  metadata: { labels: { x: "y" }, name: "foo" },
  data: {
    arr: [1, null, "s", { k: "<v>" }],
    big: 123456789012,
    ctl: "x\by\fz\u0001",
    empty: [],
    emptyobj: {},
    f1: 1234567.5,
    f2: 100000.5,
    f3: 0.00001,
    f4: 0.0001,
    f5: 1e21,
    html: "<a&b>",
    nul: null,
    str: "abc",
  },
};

const tree = {
  apiVersion: "example.com/v1",
  kind: "Foo",
  metadata: { labels: { x: "y" }, name: "r" },
  d: { a: "xy", b: [1, { c: "z" }, [], null], e: "", arr: [null, 1] },
};

function ok(template: string, data: unknown, allowMissingKeys = true): string {
  const result = printJsonPath(template, data, { allowMissingKeys });
  if (!result.ok) throw new Error(result.error);
  return result.output;
}

/** The first line of kubectl's error, which is all that depends on the template and error. */
function firstLine(template: string, data: unknown, allowMissingKeys = true): string {
  const result = printJsonPath(template, data, { allowMissingKeys });
  if (result.ok) throw new Error(`expected an error, got ${JSON.stringify(result.output)}`);
  return result.error.split("\n")[0]!;
}

describe("realistic kubectl templates", () => {
  it("prints each node's InternalIPs, tab-separated, one node per line", () => {
    const template =
      '{range .items[*]}{.metadata.name}{"\\t"}{.status.addresses[?(@.type=="InternalIP")].address}{"\\n"}{end}';
    expect(ok(template, nodeList)).toBe("kind-control-plane\t172.18.0.2\nkind-worker\t172.18.0.3 fc00::3\n");
  });

  it("prints maps as compact JSON and unions member by member", () => {
    expect(ok("{.items[*]['metadata.name', 'status.capacity']}", nodeList)).toBe(
      'kind-control-plane kind-worker {"cpu":"4","memory":"8Gi","pods":"110"} {"cpu":"8","memory":"16Gi","pods":"110"}',
    );
    expect(ok("{.items[0].metadata.labels}", nodeList)).toBe(
      '{"kubernetes.io/hostname":"kind-control-plane","node-role.kubernetes.io/control-plane":""}',
    );
  });

  it("reads label keys with escaped dots and filters with single-quoted strings", () => {
    expect(ok("{.items[*].metadata.labels.kubernetes\\.io/hostname}", nodeList)).toBe(
      "kind-control-plane kind-worker",
    );
    expect(ok("{.items[?(@.status.conditions[0].status=='True')].metadata.name}", nodeList)).toBe(
      "kind-control-plane",
    );
    expect(
      ok(
        '{range .items[*]}{.metadata.name}{": "}{.status.conditions[?(@.type=="Ready")].status}{"\\n"}{end}',
        nodeList,
      ),
    ).toBe("kind-control-plane: True\nkind-worker: False\n");
  });

  it("prints the whole object for {@}, keys sorted", () => {
    expect(ok("{@}", { b: 1, a: { d: [true], c: null } })).toBe('{"a":{"c":null,"d":[true]},"b":1}');
  });
});

describe("how values print", () => {
  it("numbers in Go's %v format: int64 exactly, float64 with exponents from 1e+06 and below 1e-04", () => {
    expect(ok("{.data.f1} {.data.f2} {.data.f3} {.data.f4} {.data.f5} {.data.big}", foo)).toBe(
      "1.2345675e+06 100000.5 1e-05 0.0001 1e+21 123456789012",
    );
    const floats = { d: [1e20, -0.5, 0.000001234, 123456.7, 2 ** 63, 1.5e-7, 2.5e300, -1234567000] };
    expect(ok("{.d[*]}", floats)).toBe(
      "1e+20 -0.5 1.234e-06 123456.7 9.223372036854776e+18 1.5e-07 2.5e+300 -1234567000",
    );
    expect(ok("{.d}", floats)).toBe(
      "[100000000000000000000,-0.5,0.000001234,123456.7,9223372036854776000,1.5e-7,2.5e+300,-1234567000]",
    );
  });

  it("null as null, a null range item as <no value>", () => {
    expect(ok("{.data.nul}", foo)).toBe("null");
    expect(ok("{.data.arr[*]}", foo)).toBe('1 null s {"k":"\\u003cv\\u003e"}');
    expect(ok("{range .data.arr[*]}[{@}]{end}", foo)).toBe('[1][<no value>][s][{"k":"\\u003cv\\u003e"}]');
    expect(ok("{range .d.arr[*]}[{@}|{.x}]{end}", tree)).toBe("[<no value>|][1|]");
  });

  it("strings raw, but HTML-escaped inside JSON, with Go's short escapes", () => {
    expect(ok("{.data.html} {.data.ctl}", foo)).toBe("<a&b> x\by\fz\u0001");
    expect(ok("{.data}", foo)).toBe(
      '{"arr":[1,null,"s",{"k":"\\u003cv\\u003e"}],"big":123456789012,"ctl":"x\\by\\fz\\u0001","empty":[],' +
        '"emptyobj":{},"f1":1234567.5,"f2":100000.5,"f3":0.00001,"f4":0.0001,"f5":1e+21,' +
        '"html":"\\u003ca\\u0026b\\u003e","nul":null,"str":"abc"}',
    );
  });

  it("empty containers, missing keys and the empty field", () => {
    expect(ok("{.data.empty} {.data.emptyobj} {.data.empty[*]}", foo)).toBe("[] {} ");
    expect(ok("{.}", foo)).toBe("");
    expect(ok("{.nums[0:0]}{.nums[3:3]}x", nodeList)).toBe("x");
  });

  it("* over a string yields its bytes", () => {
    expect(ok("{.data.str.*}", foo)).toBe("97 98 99");
  });

  it("* and .. over maps: Go's order is random, ours is sorted by key", () => {
    // kubectl printed "2 3 1", "1 2 3" and "3 1 2" for {z:1, a:2, c:3} across runs.
    expect(ok("{.m.*}", { m: { z: 1, a: 2, c: 3 } })).toBe("2 3 1");
    expect(ok("{.items[0].status.capacity.*}", nodeList)).toBe("4 8Gi 110");
    // kubectl printed these words in some key order; leaves ("", 1, null) are never results of `..`.
    expect(ok("{.d..}", tree)).toBe(
      '{"a":"xy","arr":[null,1],"b":[1,{"c":"z"},[],null],"e":""} xy [null,1] [1,{"c":"z"},[],null] {"c":"z"} z',
    );
    expect(ok("{.d.*}", tree)).toBe('xy [null,1] [1,{"c":"z"},[],null] ');
    expect(ok("{..s}", nodeList)).toBe("a b c");
  });

  it("literals print as themselves", () => {
    expect(ok('{1}{1.5}{-3}{true}{"é\\u00e9\\x41\\101"}', {})).toBe("11.5-3trueééAA");
  });
});

describe("filters", () => {
  it("compare ints, floats, strings and bools, and test existence", () => {
    expect(
      ok(
        "{.nums[?(@.num>=2)].s} {.nums[?(@.num<=2)].s} {.nums[?(@.num!=2)].s} {.nums[?(@.num>1)].s} {.nums[?(@.num<3)].s}",
        nodeList,
      ),
    ).toBe("b c a b a c b c a b");
    expect(ok('{.nums[?(@.s>"a")].s} {.nums[?(@.s>="b")].s}', nodeList)).toBe("b c b c");
    expect(ok("{.nums[?(@.b==true)].s} {.nums[?(@.b)].s} {.nums[?(@.b!=false)].s}", nodeList)).toBe(
      "a a b a",
    );
    expect(ok("{.nums[?(@.num==@.num)].s} {.nums[?(@.num == 2)].s} {.nums[?(@.num==+2)].s}", nodeList)).toBe(
      "a b c b b",
    );
    expect(ok("{.nums[?(@.o.x)].num} {.nums[?(@.nope)].num}|", nodeList)).toBe("1 |");
  });

  it("an existence test counts what Go returns alongside an error", () => {
    // `@.s[0]` fails on a string, but Go's evalArray returns its input with the error.
    expect(ok("{.nums[?(@.s[0])].num}", nodeList, false)).toBe("1 2 3");
    expect(ok("{.nums[?(@.s foo)].num}", nodeList)).toBe("1 2 3");
  });

  it.each([
    ["{.nums[?(@.num==1.0)].s}", "incompatible types for comparison"],
    ["{.nums[?(@.f>2)].s}", "incompatible types for comparison"],
    ["{.nums[?(@.num<2.5)].s}", "incompatible types for comparison"],
    ["{.nums[?(@.s<1)].s}", "incompatible types for comparison"],
    ["{.nums[?(@.b<true)].s}", "invalid type for comparison"],
    ["{.nums[?(@.o==1)].s}", "invalid type for comparison"],
    ["{.nums[?(@.s==a)].s}", "unrecognized identifier a"],
    [
      '{.items[?(@.status.addresses[*].type=="InternalIP")].metadata.name}',
      "can only compare one element at a time",
    ],
    ["{.nums[*].num[?(@>1)]}", "1 is not array or slice and cannot be filtered"],
  ])("%s fails with %s", (template, error) => {
    expect(firstLine(template, nodeList)).toBe(
      `error executing jsonpath ${JSON.stringify(template)}: Error executing template: ${error}. ` +
        "Printing more information for debugging the template:",
    );
  });

  it("with missing keys not allowed, a missing operand is an error unless it is an existence test", () => {
    expect(ok('{.nums[?(@.s=="a")].s}', nodeList, false)).toBe("a");
    expect(ok("{.nums[?(@.b)].s}", nodeList, false)).toBe("a b");
    expect(firstLine("{.nums[?(@.b==true)].s}", nodeList, false)).toContain(
      "Error executing template: b is not found.",
    );
    expect(firstLine("{.nums[?(@.o.x==1)].s}", nodeList, false)).toContain(
      "Error executing template: o is not found.",
    );
  });

  it("filtering something that is not a list prints it with Go's %v", () => {
    expect(firstLine("{.data.str[?(@.k)]}", foo)).toContain(
      "abc is not array or slice and cannot be filtered",
    );
    expect(firstLine("{.data.emptyobj[?(@.k)]}", foo)).toContain(
      "map[] is not array or slice and cannot be filtered",
    );
    expect(firstLine("{.data.nul[?(@.k)]}", foo)).toContain(
      "<nil> is not array or slice and cannot be filtered",
    );
    expect(firstLine("{.data.arr[?(@==1)]}", foo)).toContain("invalid type for comparison");
    expect(ok("{.d.arr[?(@)]}", tree)).toBe("null 1");
  });
});

describe("ranges", () => {
  it("a range without {end} runs the rest once per item, then once more on the outer object", () => {
    expect(ok("{range .nums[*]}{.s}", nodeList)).toBe("abc");
    expect(firstLine("{range .nums[*]}{.s}", nodeList, false)).toContain(
      "Error executing template: s is not found.",
    );
  });

  it("an extra {end} and an {end} outside a range are errors", () => {
    expect(firstLine("{range .nums[*]}{.s}{end}{end}", nodeList)).toContain("not in range, nothing to end");
    expect(firstLine("{end}", nodeList)).toContain("not in range, nothing to end");
  });

  it("an empty range still evaluates its body once, so missing keys fail when not allowed", () => {
    const obj = { data: { empty: [], xs: [1, 2] } };
    expect(ok("{range .data.empty[*]}{.x}{end}", obj)).toBe("");
    expect(firstLine("{range .data.empty[*]}{.x}{end}", obj, false)).toBe(
      'error executing jsonpath "{range .data.empty[*]}{.x}{end}": Error executing template: x is not found. ' +
        "Printing more information for debugging the template:",
    );
  });

  it("indexing a null range item is kubectl's panic, reported as an error", () => {
    expect(firstLine("{range .d.arr[*]}[{@[0]}]{end}", tree)).toContain(
      "reflect: call of reflect.Value.Type on zero Value",
    );
  });
});

describe("array errors", () => {
  it.each([
    ["{.nums[5].s}", "array index out of bounds: index 5, length 3"],
    ["{.nums[-4].s}", "array index out of bounds: index -1, length 3"],
    ["{.nums[2:1].s}", "starting index 2 is greater than ending index 1"],
    ["{.nums[0:3:0].s}", "step must be > 0"],
    ["{.nums[0].s[0]}", "string is not array or slice"],
  ])("%s fails with %s", (template, error) => {
    expect(firstLine(template, nodeList)).toContain(`Error executing template: ${error}.`);
  });

  it("[] is [0]", () => {
    expect(ok("{.nums[]}", nodeList)).toBe('{"b":true,"f":1.5,"num":1,"o":{"x":1},"s":"a"}');
  });
});

describe("kubectl's messages", () => {
  it("prints the execution error with the template and a Go %#v dump of the object", () => {
    expect(printJsonPath("{.data.str[0]}", foo)).toEqual({
      ok: false,
      error:
        'error executing jsonpath "{.data.str[0]}": Error executing template: string is not array or slice. Printing more information for debugging the template:\n\ttemplate was:\n\t\t{.data.str[0]}\n\tobject given to jsonpath engine was:\n\t\tmap[string]interface {}{"apiVersion":"example.com/v1", "data":map[string]interface {}{"arr":[]interface {}{1, interface {}(nil), "s", map[string]interface {}{"k":"<v>"}}, "big":123456789012, "ctl":"x\\by\\fz\\x01", "empty":[]interface {}{}, "emptyobj":map[string]interface {}{}, "f1":1.2345675e+06, "f2":100000.5, "f3":1e-05, "f4":0.0001, "f5":1e+21, "html":"<a&b>", "nul":interface {}(nil), "str":"abc"}, "kind":"Foo", "metadata":map[string]interface {}{"labels":map[string]interface {}{"x":"y"}, "name":"foo"}}\n\n\n',
    });
  });

  it("quotes the template with Go's %q", () => {
    expect(firstLine('{.nums[?(@.s=="a")].x}', nodeList, false)).toBe(
      'error executing jsonpath "{.nums[?(@.s==\\"a\\")].x}": Error executing template: x is not found. ' +
        "Printing more information for debugging the template:",
    );
  });

  it("reports parse errors and an empty template", () => {
    expect(printJsonPath("{.a", {})).toEqual({
      ok: false,
      error: "error parsing jsonpath {.a, unclosed action\n",
    });
    expect(printJsonPath("{*}", {})).toEqual({
      ok: false,
      error: "error parsing jsonpath {*}, unrecognized character in action: U+002A '*'\n",
    });
    expect(printJsonPath("", {})).toEqual({
      ok: false,
      error: "template format specified but no template given",
    });
  });

  it("does not add braces: text without them prints literally", () => {
    expect(ok(".metadata.name", foo)).toBe(".metadata.name");
    expect(ok("metadata.name", foo)).toBe("metadata.name");
  });

  it("allows missing keys by default", () => {
    expect(printJsonPath("{.nope}", foo)).toEqual({ ok: true, output: "" });
    expect(printJsonPath("{.nope}", foo, { allowMissingKeys: false })).toMatchObject({ ok: false });
  });
});

describe("-o jsonpath-as-json", () => {
  const asJson = (template: string, data: unknown) => printJsonPath(template, data, { jsonOutput: true });

  it("prints each action's results as an indented JSON array", () => {
    expect(asJson('{.nums[*].s}{.nums[0].o}{"x"}{.nope}', nodeList)).toEqual({
      ok: true,
      output: '[\n    "a",\n    "b",\n    "c"\n]\n[\n    {\n        "x": 1\n    }\n]\n[\n    "x"\n]\n[]\n',
    });
    expect(asJson("{range .nums[*]}{.s}{end}", nodeList)).toEqual({
      ok: true,
      output: '[\n    "a"\n]\n[\n    "b"\n]\n[\n    "c"\n]\n',
    });
    expect(asJson("{.data.html}{.data.emptyobj}{.data.arr}", foo)).toEqual({
      ok: true,
      output:
        '[\n    "\\u003ca\\u0026b\\u003e"\n]\n[\n    {}\n]\n' +
        '[\n    [\n        1,\n        null,\n        "s",\n        {\n            "k": "\\u003cv\\u003e"\n        }\n    ]\n]\n',
    });
  });
});

/**
 * Table tests ported from k8s.io/client-go/util/jsonpath/jsonpath_test.go. The Go tests feed
 * structs, typed slices and JSON; kubectl only ever feeds `map[string]interface{}` trees, so the
 * struct inputs are written here as the equivalent JSON. Where a Go expectation depends on
 * struct field order (which maps do not have), the expectation is adapted to sorted keys and
 * says so.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { executeJsonPath } from "./executeJsonPath.js";
import { parseJsonPath } from "./parseJsonPath.js";

interface Case {
  readonly name: string;
  readonly template: string;
  readonly input: unknown;
  readonly expect: string;
  readonly expectError?: boolean;
}

function run(template: string, input: unknown, allowMissingKeys: boolean) {
  const parsed = parseJsonPath(template);
  if (!parsed.ok) return { ok: false as const, error: parsed.error, phase: "parse" as const };
  return { ...executeJsonPath(parsed.template, input, { allowMissingKeys }), phase: "execute" as const };
}

/** client-go's testJSONPath: parse errors count as errors; otherwise compare the output. */
function table(cases: readonly Case[], allowMissingKeys: boolean) {
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const result = run(c.template, c.input, allowMissingKeys);
    if (c.expectError) {
      expect(result.ok).toBe(false);
    } else {
      expect(result).toMatchObject({ ok: true, output: c.expect });
    }
  });
}

/** client-go's testFailJSONPath: the execution error text. */
function failTable(cases: readonly Case[]) {
  it.each(cases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    expect(run(c.template, c.input, false)).toMatchObject({ ok: false, phase: "execute", error: c.expect });
  });
}

describe("TestTypesInput", () => {
  const types = {
    bools: [true, false, true, false],
    integers: [1, 2, 3, 4],
    floats: [1.0, 2.2, 3.3, 4.0],
    strings: ["one", "two", "three", "four"],
    interfaces: [true, "one", 1, 1.1],
    maps: [
      { name: "one", value: 1 },
      { name: "two", value: 2.02 },
      { name: "three", value: 3.03 },
      { name: "four", value: 4.04 },
    ],
    structs: [
      { name: "one", value: 1, type: "integer" },
      { name: "two", value: 2.002, type: "float" },
      { name: "three", value: 3, type: "integer" },
      { name: "four", value: 4.004, type: "float" },
    ],
  };
  table(
    [
      { name: "boolSlice", template: "{ .bools }", input: types, expect: "[true,false,true,false]" },
      { name: "boolSliceIndex", template: "{ .bools[0] }", input: types, expect: "true" },
      { name: "boolSliceIndex -1", template: "{ .bools[-1] }", input: types, expect: "false" },
      { name: "boolSubSlice", template: "{ .bools[0:2] }", input: types, expect: "true false" },
      { name: "boolSubSliceFirst2", template: "{ .bools[:2] }", input: types, expect: "true false" },
      { name: "boolSubSliceStep2", template: "{ .bools[:4:2] }", input: types, expect: "true true" },
      { name: "integerSlice", template: "{ .integers }", input: types, expect: "[1,2,3,4]" },
      { name: "integerSliceIndex", template: "{ .integers[0] }", input: types, expect: "1" },
      { name: "integerSliceIndexReverse", template: "{ .integers[-2] }", input: types, expect: "3" },
      { name: "integerSubSliceFirst2", template: "{ .integers[0:2] }", input: types, expect: "1 2" },
      { name: "integerSubSliceFirst2Alt", template: "{ .integers[:2] }", input: types, expect: "1 2" },
      { name: "integerSubSliceStep2", template: "{ .integers[:4:2] }", input: types, expect: "1 3" },
      { name: "floatSlice", template: "{ .floats }", input: types, expect: "[1,2.2,3.3,4]" },
      { name: "floatSliceIndex", template: "{ .floats[0] }", input: types, expect: "1" },
      { name: "floatSliceIndexReverse", template: "{ .floats[-2] }", input: types, expect: "3.3" },
      { name: "floatSubSliceFirst2", template: "{ .floats[0:2] }", input: types, expect: "1 2.2" },
      { name: "floatSubSliceFirst2Alt", template: "{ .floats[:2] }", input: types, expect: "1 2.2" },
      { name: "floatSubSliceStep2", template: "{ .floats[:4:2] }", input: types, expect: "1 3.3" },
      { name: "stringSlice", template: "{ .strings }", input: types, expect: '["one","two","three","four"]' },
      { name: "stringSliceIndex", template: "{ .strings[0] }", input: types, expect: "one" },
      { name: "stringSliceIndexReverse", template: "{ .strings[-2] }", input: types, expect: "three" },
      { name: "stringSubSliceFirst2", template: "{ .strings[0:2] }", input: types, expect: "one two" },
      { name: "stringSubSliceFirst2Alt", template: "{ .strings[:2] }", input: types, expect: "one two" },
      { name: "stringSubSliceStep2", template: "{ .strings[:4:2] }", input: types, expect: "one three" },
      { name: "interfaceSlice", template: "{ .interfaces }", input: types, expect: '[true,"one",1,1.1]' },
      { name: "interfaceSliceIndex", template: "{ .interfaces[0] }", input: types, expect: "true" },
      { name: "interfaceSliceIndexReverse", template: "{ .interfaces[-2] }", input: types, expect: "1" },
      { name: "interfaceSubSliceFirst2", template: "{ .interfaces[0:2] }", input: types, expect: "true one" },
      {
        name: "interfaceSubSliceFirst2Alt",
        template: "{ .interfaces[:2] }",
        input: types,
        expect: "true one",
      },
      { name: "interfaceSubSliceStep2", template: "{ .interfaces[:4:2] }", input: types, expect: "true 1" },
      {
        name: "mapSlice",
        template: "{ .maps }",
        input: types,
        expect:
          '[{"name":"one","value":1},{"name":"two","value":2.02},{"name":"three","value":3.03},{"name":"four","value":4.04}]',
      },
      { name: "mapSliceIndex", template: "{ .maps[0] }", input: types, expect: '{"name":"one","value":1}' },
      {
        name: "mapSliceIndexReverse",
        template: "{ .maps[-2] }",
        input: types,
        expect: '{"name":"three","value":3.03}',
      },
      {
        name: "mapSubSliceFirst2",
        template: "{ .maps[0:2] }",
        input: types,
        expect: '{"name":"one","value":1} {"name":"two","value":2.02}',
      },
      {
        name: "mapSubSliceStepOdd",
        template: "{ .maps[::2] }",
        input: types,
        expect: '{"name":"one","value":1} {"name":"three","value":3.03}',
      },
      {
        name: "mapSubSliceStepEven",
        template: "{ .maps[1::2] }",
        input: types,
        expect: '{"name":"two","value":2.02} {"name":"four","value":4.04}',
      },
      // Go's structs print fields in declaration order (name, value, type); maps sort their keys.
      {
        name: "structSliceIndex (keys sorted)",
        template: "{ .structs[0] }",
        input: types,
        expect: '{"name":"one","type":"integer","value":1}',
      },
      {
        name: "structSubSliceStepEven (keys sorted)",
        template: "{ .structs[1::2] }",
        input: types,
        expect: '{"name":"two","type":"float","value":2.002} {"name":"four","type":"float","value":4.004}',
      },
    ],
    false,
  );
});

describe("TestStructInput", () => {
  const storeData = {
    Name: "jsonpath",
    Book: [
      { Category: "reference", Author: "Nigel Rees", Title: "Sayings of the Centurey", Price: 8.95 },
      { Category: "fiction", Author: "Evelyn Waugh", Title: "Sword of Honour", Price: 12.99 },
      { Category: "fiction", Author: "Herman Melville", Title: "Moby Dick", Price: 8.99 },
    ],
    Bicycle: [
      { Color: "red", Price: 19.95, IsNew: true },
      { Color: "green", Price: 20.01, IsNew: false },
    ],
    Labels: { engieer: 10, "web/html": 15, "k8s-app": 20 },
    Employees: { jason: "manager", dan: "clerk" },
  };
  table(
    [
      { name: "plain", template: "hello jsonpath", input: null, expect: "hello jsonpath" },
      { name: "recursive", template: "{..}", input: [1, 2, 3], expect: "[1,2,3]" },
      { name: "filter", template: "{[?(@<5)]}", input: [2, 6, 3, 7], expect: "2 3" },
      { name: "quote", template: '{"{"}', input: null, expect: "{" },
      { name: "union", template: "{[1,3,4]}", input: [0, 1, 2, 3, 4], expect: "1 3 4" },
      { name: "array", template: "{[0:2]}", input: ["Monday", "Tudesday"], expect: "Monday Tudesday" },
      { name: "variable", template: "hello {.Name}", input: storeData, expect: "hello jsonpath" },
      { name: "dict/", template: "{$.Labels.web/html}", input: storeData, expect: "15" },
      { name: "dict/ jason", template: "{$.Employees.jason}", input: storeData, expect: "manager" },
      { name: "dict/ dan", template: "{$.Employees.dan}", input: storeData, expect: "clerk" },
      { name: "dict-", template: "{.Labels.k8s-app}", input: storeData, expect: "20" },
      { name: "nest", template: "{.Bicycle[*].Color}", input: storeData, expect: "red green" },
      {
        name: "allarray",
        template: "{.Book[*].Author}",
        input: storeData,
        expect: "Nigel Rees Evelyn Waugh Herman Melville",
      },
      // Go: "{red 19.95 true} {green 20.01 false} " (struct field order); map keys sort to Color, IsNew, Price.
      {
        name: "allfields (keys sorted)",
        template: '{range .Bicycle[*]}{ "{" }{ @.* }{ "} " }{end}',
        input: storeData,
        expect: "{red true 19.95} {green false 20.01} ",
      },
      // Go visits Book before Bicycle (struct order); sorted map keys put Bicycle first.
      {
        name: "recurfields (keys sorted)",
        template: "{..Price}",
        input: storeData,
        expect: "19.95 20.01 8.95 12.99 8.99",
      },
      {
        name: "recurdotfields (keys sorted)",
        template: "{...Price}",
        input: storeData,
        expect: "19.95 20.01 8.95 12.99 8.99",
      },
      {
        name: "superrecurfields",
        template: "{............................................................Price}",
        input: storeData,
        expect: "",
        expectError: true,
      },
      {
        name: "allstructsSlice (keys sorted)",
        template: "{.Bicycle}",
        input: storeData,
        expect: '[{"Color":"red","IsNew":true,"Price":19.95},{"Color":"green","IsNew":false,"Price":20.01}]',
      },
      {
        name: "allstructs (keys sorted)",
        template: '{range .Bicycle[*]}{ @ }{ " " }{end}',
        input: storeData,
        expect: '{"Color":"red","IsNew":true,"Price":19.95} {"Color":"green","IsNew":false,"Price":20.01} ',
      },
      {
        name: "lastarray",
        template: "{.Book[-1:]}",
        input: storeData,
        expect: '{"Author":"Herman Melville","Category":"fiction","Price":8.99,"Title":"Moby Dick"}',
      },
      {
        name: "recurarray",
        template: "{..Book[2]}",
        input: storeData,
        expect: '{"Author":"Herman Melville","Category":"fiction","Price":8.99,"Title":"Moby Dick"}',
      },
      {
        name: "bool",
        template: "{.Bicycle[?(@.IsNew==true)]}",
        input: storeData,
        expect: '{"Color":"red","IsNew":true,"Price":19.95}',
      },
    ],
    false,
  );

  describe("missing keys allowed", () => {
    table(
      [
        { name: "nonexistent field", template: "{.hello}", input: storeData, expect: "" },
        {
          name: "nonexistent field 2",
          template: "before-{.hello}after",
          input: storeData,
          expect: "before-after",
        },
      ],
      true,
    );
  });

  describe("execution errors", () => {
    failTable([
      {
        name: "invalid identifier",
        template: "{hello}",
        input: storeData,
        expect: "unrecognized identifier hello",
      },
      { name: "nonexistent field", template: "{.hello}", input: storeData, expect: "hello is not found" },
      // Go's test data is a map[string]int; kubectl's data is always map[string]interface {}.
      {
        name: "invalid array",
        template: "{.Labels[0]}",
        input: storeData,
        expect: "map[string]interface {} is not array or slice",
      },
      {
        name: "invalid filter operator",
        template: "{.Book[?(@.Price<>10)]}",
        input: storeData,
        expect: "unrecognized filter operator <>",
      },
      {
        name: "redundant end",
        template: "{range .Labels.*}{@}{end}{end}",
        input: storeData,
        expect: "not in range, nothing to end",
      },
    ]);
  });
});

describe("TestJSONInput", () => {
  const pointsData = [
    { id: "i1", x: 4, y: -5 },
    { id: "i2", x: -2, y: -5, z: 1 },
    { id: "i3", x: 8, y: 3 },
    { id: "i4", x: -6, y: -1 },
    { id: "i5", x: 0, y: 2, z: 1 },
    { id: "i6", x: 1, y: 4 },
  ];
  table(
    [
      { name: "exists filter", template: "{[?(@.z)].id}", input: pointsData, expect: "i2 i5" },
      { name: "bracket key", template: "{[0]['id']}", input: pointsData, expect: "i1" },
    ],
    false,
  );
});

const nodesData = {
  kind: "List",
  items: [
    {
      kind: "None",
      metadata: { name: "127.0.0.1", labels: { "kubernetes.io/hostname": "127.0.0.1" } },
      status: {
        capacity: { cpu: "4" },
        ready: true,
        addresses: [{ type: "LegacyHostIP", address: "127.0.0.1" }],
      },
    },
    {
      kind: "None",
      metadata: { name: "127.0.0.2", labels: { "kubernetes.io/hostname": "127.0.0.2" } },
      status: {
        capacity: { cpu: "8" },
        ready: false,
        addresses: [
          { type: "LegacyHostIP", address: "127.0.0.2" },
          { type: "another", address: "127.0.0.3" },
        ],
      },
    },
  ],
  users: [
    { name: "myself", user: {} },
    { name: "e2e", user: { username: "admin", password: "secret" } },
  ],
};

describe("TestKubernetes", () => {
  table(
    [
      {
        name: "range item",
        template: "{range .items[*]}{.metadata.name}, {end}{.kind}",
        input: nodesData,
        expect: "127.0.0.1, 127.0.0.2, List",
      },
      {
        name: "range item with quote",
        template: '{range .items[*]}{.metadata.name}{"\\t"}{end}',
        input: nodesData,
        expect: "127.0.0.1\t127.0.0.2\t",
      },
      {
        name: "range addresss",
        template: "{.items[*].status.addresses[*].address}",
        input: nodesData,
        expect: "127.0.0.1 127.0.0.2 127.0.0.3",
      },
      {
        name: "double range",
        template: "{range .items[*]}{range .status.addresses[*]}{.address}, {end}{end}",
        input: nodesData,
        expect: "127.0.0.1, 127.0.0.2, 127.0.0.3, ",
      },
      {
        name: "item name",
        template: "{.items[*].metadata.name}",
        input: nodesData,
        expect: "127.0.0.1 127.0.0.2",
      },
      {
        name: "union nodes capacity",
        template: "{.items[*]['metadata.name', 'status.capacity']}",
        input: nodesData,
        expect: '127.0.0.1 127.0.0.2 {"cpu":"4"} {"cpu":"8"}',
      },
      {
        name: "range nodes capacity",
        template: "{range .items[*]}[{.metadata.name}, {.status.capacity}] {end}",
        input: nodesData,
        expect: '[127.0.0.1, {"cpu":"4"}] [127.0.0.2, {"cpu":"8"}] ',
      },
      {
        name: "user password",
        template: '{.users[?(@.name=="e2e")].user.password}',
        input: nodesData,
        expect: "secret",
      },
      {
        name: "hostname",
        template: "{.items[0].metadata.labels.kubernetes\\.io/hostname}",
        input: nodesData,
        expect: "127.0.0.1",
      },
      {
        name: "hostname filter",
        template: '{.items[?(@.metadata.labels.kubernetes\\.io/hostname=="127.0.0.1")].kind}',
        input: nodesData,
        expect: "None",
      },
      {
        name: "bool item",
        template: "{.items[?(@..ready==true)].metadata.name}",
        input: nodesData,
        expect: "127.0.0.1",
      },
    ],
    false,
  );

  it("recursive name (Go sorts the words because map order is random; ours is sorted by key)", () => {
    const result = run("{..name}", nodesData, false);
    expect(result).toMatchObject({ ok: true });
    const words = result.ok ? result.output.split(" ") : [];
    expect([...words].sort()).toEqual(["127.0.0.1", "127.0.0.2", "e2e", "myself"]);
    // Deterministic: keys in sorted order, items before users.
    expect(result).toMatchObject({ output: "127.0.0.1 127.0.0.2 myself e2e" });
  });
});

describe("TestEmptyRange", () => {
  const emptyList = { items: [] };
  table(
    [
      {
        name: "empty range",
        template: "{range .items[*]}{.metadata.name}{end}",
        input: emptyList,
        expect: "",
      },
      {
        name: "empty nested range",
        template:
          '{range .items[*]}{.metadata.name}{":"}{range @.spec.containers[*]}{.name}{","}{end}{"+"}{end}',
        input: emptyList,
        expect: "",
      },
    ],
    true,
  );
});

describe("TestNestedRanges", () => {
  const data = {
    items: [
      {
        metadata: { name: "pod1" },
        spec: {
          containers: [
            { name: "foo", another: [{ name: "value1" }, { name: "value2" }] },
            { name: "bar", another: [{ name: "value1" }, { name: "value2" }] },
          ],
        },
      },
      {
        metadata: { name: "pod2" },
        spec: { containers: [{ name: "baz", another: [{ name: "value1" }, { name: "value2" }] }] },
      },
    ],
  };
  table(
    [
      {
        name: "nested range with a trailing newline",
        template:
          '{range .items[*]}{.metadata.name}{":"}{range @.spec.containers[*]}{.name}{","}{end}{"+"}{end}',
        input: data,
        expect: "pod1:foo,bar,+pod2:baz,+",
      },
      {
        name: "nested range with a trailing character within another nested range with a trailing newline",
        template:
          '{range .items[*]}{.metadata.name}{"~"}{range @.spec.containers[*]}{.name}{":"}' +
          '{range @.another[*]}{.name}{","}{end}{"+"}{end}{"#"}{end}',
        input: data,
        expect: "pod1~foo:value1,value2,+bar:value1,value2,+#pod2~baz:value1,value2,+#",
      },
      {
        name: "two nested ranges at the same level with a trailing newline",
        template:
          '{range .items[*]}{.metadata.name}{"\\t"}{range @.spec.containers[*]}{.name}{" "}{end}' +
          '{"\\t"}{range @.spec.containers[*]}{.name}{" "}{end}{"\\n"}{end}',
        input: data,
        expect: "pod1\tfoo bar \tfoo bar \npod2\tbaz \tbaz \n",
      },
    ],
    false,
  );
});

describe("TestFilterPartialMatchesSometimesMissingAnnotations", () => {
  const data = {
    kind: "List",
    items: [
      { kind: "Pod", metadata: { name: "pod1", annotations: { color: "blue" } } },
      { kind: "Pod", metadata: { name: "pod2" } },
      { kind: "Pod", metadata: { name: "pod3", annotations: { color: "green" } } },
      { kind: "Pod", metadata: { name: "pod4", annotations: { color: "blue" } } },
    ],
  };
  const template = '{.items[?(@.metadata.annotations.color=="blue")].metadata.name}';
  it("tolerates missing items when missing keys are allowed", () => {
    expect(run(template, data, true)).toMatchObject({ ok: true, output: "pod1 pod4" });
  });
  it("errors on missing items otherwise", () => {
    expect(run(template, data, false)).toMatchObject({ ok: false, error: "annotations is not found" });
  });
});

const containers = (n: number) => ({
  apiVersion: "v1",
  kind: "Pod",
  spec: {
    containers: Array.from({ length: n }, (_, i) => ({ image: "radial/busyboxplus:curl", name: `fake${i}` })),
  },
});

describe("TestNegativeIndex", () => {
  const data = containers(4);
  table(
    [
      { name: "containers[0]", template: "{.spec.containers[0].name}", input: data, expect: "fake0" },
      { name: "containers[0:0] is empty", template: "{.spec.containers[0:0].name}", input: data, expect: "" },
      {
        name: "containers[0:-1]",
        template: "{.spec.containers[0:-1].name}",
        input: data,
        expect: "fake0 fake1 fake2",
      },
      {
        name: "containers[-1:0] errors",
        template: "{.spec.containers[-1:0].name}",
        input: data,
        expect: "",
        expectError: true,
      },
      { name: "containers[-1]", template: "{.spec.containers[-1].name}", input: data, expect: "fake3" },
      { name: "containers[-1:]", template: "{.spec.containers[-1:].name}", input: data, expect: "fake3" },
      { name: "containers[-2]", template: "{.spec.containers[-2].name}", input: data, expect: "fake2" },
      {
        name: "containers[-2:]",
        template: "{.spec.containers[-2:].name}",
        input: data,
        expect: "fake2 fake3",
      },
      { name: "containers[-3]", template: "{.spec.containers[-3].name}", input: data, expect: "fake1" },
      { name: "containers[-4]", template: "{.spec.containers[-4].name}", input: data, expect: "fake0" },
      {
        name: "containers[-4:]",
        template: "{.spec.containers[-4:].name}",
        input: data,
        expect: "fake0 fake1 fake2 fake3",
      },
      {
        name: "containers[-5] errors",
        template: "{.spec.containers[-5].name}",
        input: data,
        expect: "",
        expectError: true,
      },
      { name: "containers[5:5] is empty", template: "{.spec.containers[5:5].name}", input: data, expect: "" },
      {
        name: "containers[-5:-5] is empty",
        template: "{.spec.containers[-5:-5].name}",
        input: data,
        expect: "",
      },
      {
        name: "containers[3:1] errors",
        template: "{.spec.containers[3:1].name}",
        input: data,
        expect: "",
        expectError: true,
      },
      {
        name: "containers[-1:-2] errors",
        template: "{.spec.containers[-1:-2].name}",
        input: data,
        expect: "",
        expectError: true,
      },
    ],
    false,
  );

  failTable([
    {
      name: "out of bounds message",
      template: "{.spec.containers[-5].name}",
      input: data,
      expect: "array index out of bounds: index -1, length 4",
    },
    {
      name: "start after end message",
      template: "{.spec.containers[3:1].name}",
      input: data,
      expect: "starting index 3 is greater than ending index 1",
    },
  ]);
});

describe("TestRunningPodsJSONPathOutput", () => {
  const data = {
    kind: "List",
    items: [
      { kind: "Pod", metadata: { name: "pod1" }, status: { phase: "Running" } },
      { kind: "Pod", metadata: { name: "pod2" }, status: { phase: "Running" } },
      { kind: "Pod", metadata: { name: "pod3" }, status: { phase: "Running" } },
      { resourceVersion: "", selfLink: "" },
    ],
  };
  table(
    [
      {
        name: "range over pods without selecting the last one",
        template: '{range .items[?(.status.phase=="Running")]}{.metadata.name}{" is Running\\n"}{end}',
        input: data,
        expect: "pod1 is Running\npod2 is Running\npod3 is Running\n",
      },
    ],
    true,
  );
});

describe("TestStep", () => {
  const data = containers(6);
  table(
    [
      {
        name: "containers[0:]",
        template: "{.spec.containers[0:].name}",
        input: data,
        expect: "fake0 fake1 fake2 fake3 fake4 fake5",
      },
      {
        name: "containers[0:6:]",
        template: "{.spec.containers[0:6:].name}",
        input: data,
        expect: "fake0 fake1 fake2 fake3 fake4 fake5",
      },
      {
        name: "containers[0:6:1]",
        template: "{.spec.containers[0:6:1].name}",
        input: data,
        expect: "fake0 fake1 fake2 fake3 fake4 fake5",
      },
      {
        name: "containers[0:6:0] errors",
        template: "{.spec.containers[0:6:0].name}",
        input: data,
        expect: "",
        expectError: true,
      },
      {
        name: "containers[0:6:-1] errors",
        template: "{.spec.containers[0:6:-1].name}",
        input: data,
        expect: "",
        expectError: true,
      },
      {
        name: "containers[1:4:2]",
        template: "{.spec.containers[1:4:2].name}",
        input: data,
        expect: "fake1 fake3",
      },
      { name: "containers[1:4:3]", template: "{.spec.containers[1:4:3].name}", input: data, expect: "fake1" },
      { name: "containers[1:4:4]", template: "{.spec.containers[1:4:4].name}", input: data, expect: "fake1" },
      {
        name: "containers[0:6:2]",
        template: "{.spec.containers[0:6:2].name}",
        input: data,
        expect: "fake0 fake2 fake4",
      },
      {
        name: "containers[0:6:3]",
        template: "{.spec.containers[0:6:3].name}",
        input: data,
        expect: "fake0 fake3",
      },
      {
        name: "containers[0:6:5]",
        template: "{.spec.containers[0:6:5].name}",
        input: data,
        expect: "fake0 fake5",
      },
      { name: "containers[0:6:6]", template: "{.spec.containers[0:6:6].name}", input: data, expect: "fake0" },
    ],
    false,
  );
  failTable([
    {
      name: "step message",
      template: "{.spec.containers[0:6:0].name}",
      input: data,
      expect: "step must be > 0",
    },
  ]);
});

describe("robustness", () => {
  const tokens = [
    ".a",
    ".b",
    "[*]",
    "[0]",
    "[-1:]",
    "..",
    ".*",
    "@",
    "[?(@.a)]",
    '[?(@.a=="x")]',
    "[?(@.b>1)]",
    " ",
  ];
  const action = fc.array(fc.constantFrom(...tokens), { maxLength: 5 }).map((t) => `{${t.join("")}}`);
  const template = fc
    .array(fc.oneof(action, fc.constantFrom("{range .a[*]}", "{range @}", "{end}", "x", '{"\\n"}')), {
      maxLength: 6,
    })
    .map((parts) => parts.join(""));
  const data = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: "small" },
      fc.jsonValue({ maxDepth: 1 }),
      fc.record({ a: tie("value"), b: fc.oneof(fc.integer(), fc.string()) }, { requiredKeys: [] }),
      fc.array(tie("value"), { maxLength: 3 }),
    ),
  })).value;

  it("returns a result for any template and data, never throws, and is deterministic", () => {
    fc.assert(
      fc.property(template, data, fc.boolean(), (t, d, allowMissingKeys) => {
        const parsed = parseJsonPath(t);
        if (!parsed.ok) return;
        const first = executeJsonPath(parsed.template, d, { allowMissingKeys });
        expect(executeJsonPath(parsed.template, d, { allowMissingKeys })).toEqual(first);
      }),
    );
  });
});

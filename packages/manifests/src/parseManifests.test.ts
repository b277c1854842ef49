import { describe, expect, it } from "vitest";
import { parseManifests } from "./parseManifests.js";

// [file name, contents, the message kubectl v1.32.4 printed after "error: "], recorded on this
// machine with `kubectl label --local -f FILE foo=bar -o json`. That command reads files through
// the same StreamVisitor as `kubectl apply -f`, without client-side validation, so these are the
// texts of `kubectl apply -f FILE --validate=false`.
const KUBECTL_ERRORS: readonly (readonly [string, string, string])[] = [
  [
    "an1.yaml",
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: *a\n",
    "error parsing an1.yaml: error converting YAML to JSON: yaml: unknown anchor 'a' referenced",
  ],
  [
    "an2.yaml",
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: &\n",
    "error parsing an2.yaml: error converting YAML to JSON: yaml: line 4: did not find expected alphabetic or numeric character",
  ],
  [
    "an3.yaml",
    "apiVersion: v1\nkind: ConfigMap\nmetadata: &m\n  name: a\nx:\n  <<: *m\n  <<: 5\n",
    "error parsing an3.yaml: error converting YAML to JSON: yaml: map merge requires map or sequence of maps as the value",
  ],
  [
    "an4.yaml",
    "apiVersion: v1\nkind: ConfigMap\nx: &a [*a]\n",
    "error parsing an4.yaml: error converting YAML to JSON: yaml: anchor 'a' value contains itself",
  ],
  [
    "bs1.yaml",
    "apiVersion: v1\nkind: ConfigMap\ndata:\n  a: |\n    x\n   y\n",
    "error parsing bs1.yaml: error converting YAML to JSON: yaml: line 5: did not find expected key",
  ],
  [
    "bs2.yaml",
    "apiVersion: v1\nkind: ConfigMap\ndata:\n  a: |0\n    x\n",
    "error parsing bs2.yaml: error converting YAML to JSON: yaml: line 4: found an indentation indicator equal to 0",
  ],
  [
    "bs3.yaml",
    "apiVersion: v1\nkind: ConfigMap\ndata:\n  a: |x\n    x\n",
    "error parsing bs3.yaml: error converting YAML to JSON: yaml: line 4: did not find expected comment or line break",
  ],
  [
    "c1.yaml",
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: @a\n",
    "error parsing c1.yaml: error converting YAML to JSON: yaml: line 4: found character that cannot start any token",
  ],
  [
    "c2.yaml",
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: `a\n",
    "error parsing c2.yaml: error converting YAML to JSON: yaml: line 4: found character that cannot start any token",
  ],
  [
    "c3.yaml",
    "@apiVersion: v1\n",
    "error parsing c3.yaml: error converting YAML to JSON: yaml: found character that cannot start any token",
  ],
  [
    "c4.yaml",
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: %a\n",
    "error parsing c4.yaml: error converting YAML to JSON: yaml: line 4: found character that cannot start any token",
  ],
  [
    "c5.yaml",
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  %x: y\n",
    "error parsing c5.yaml: error converting YAML to JSON: yaml: line 5: found character that cannot start any token",
  ],
  [
    "ctl1.yaml",
    "apiVersion: v1\nkind: Config\u0001Map\n",
    "error parsing ctl1.yaml: error converting YAML to JSON: yaml: control characters are not allowed",
  ],
  [
    "dir1.yaml",
    "%YAML 1.1\n---\napiVersion: v1\nkind: ConfigMap\n",
    "error parsing dir1.yaml: error converting YAML to JSON: yaml: line 1: did not find expected <document start>",
  ],
  [
    "dir2.yaml",
    "%FOO bar\n---\napiVersion: v1\nkind: ConfigMap\n",
    "error parsing dir2.yaml: error converting YAML to JSON: yaml: found unknown directive name",
  ],
  [
    "dir3.yaml",
    "%YAML 2.0\n---\napiVersion: v1\n",
    "error parsing dir3.yaml: error converting YAML to JSON: yaml: found incompatible YAML document",
  ],
  [
    "doc2.yaml",
    "apiVersion: v1\nkind: ConfigMap\n--- \nfoo\n",
    'unable to decode "doc2.yaml": json: cannot unmarshal string into Go value of type unstructured.detector',
  ],
  ["doc3.yaml", "--- |\n  x\n", "error parsing doc3.yaml: invalid Yaml document separator: |"],
  [
    "f1.yaml",
    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a\n",
    "error parsing f1.yaml: error converting YAML to JSON: yaml: line 3: did not find expected ',' or '}'",
  ],
  [
    "f2.yaml",
    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a]\n",
    "error parsing f2.yaml: error converting YAML to JSON: yaml: line 2: did not find expected ',' or '}'",
  ],
  [
    "f3.yaml",
    "apiVersion: v1\nkind: ConfigMap\nargs: [a, b\n",
    "error parsing f3.yaml: error converting YAML to JSON: yaml: line 3: did not find expected ',' or ']'",
  ],
  [
    "f4.yaml",
    "apiVersion: v1\nkind: ConfigMap\nargs: [a, b}\n",
    "error parsing f4.yaml: error converting YAML to JSON: yaml: line 2: did not find expected ',' or ']'",
  ],
  [
    "f5.yaml",
    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, labels: {x: y}\nfoo: bar\n",
    "error parsing f5.yaml: error converting YAML to JSON: yaml: line 3: did not find expected ',' or '}'",
  ],
  [
    "f6.yaml",
    "apiVersion: v1\nkind: ConfigMap\nmetadata: }\n",
    "error parsing f6.yaml: error converting YAML to JSON: yaml: line 2: did not find expected node content",
  ],
  [
    "f7.yaml",
    "apiVersion: v1\nkind: ConfigMap\nmetadata: ]\n",
    "error parsing f7.yaml: error converting YAML to JSON: yaml: line 2: did not find expected node content",
  ],
  [
    "first1.yaml",
    "apiVersion: v1: x\nkind: a\n",
    "error parsing first1.yaml: error converting YAML to JSON: yaml: mapping values are not allowed in this context",
  ],
  [
    "first2.yaml",
    "apiVersion v1\n  kind: a\n",
    "error parsing first2.yaml: error converting YAML to JSON: yaml: line 2: mapping values are not allowed in this context",
  ],
  [
    "ind1.yaml",
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n labels: {}\n",
    "error parsing ind1.yaml: error converting YAML to JSON: yaml: line 4: did not find expected key",
  ],
  [
    "ind2.yaml",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers:\n  - name: a\n    image: b\n     ports: []\n",
    "error parsing ind2.yaml: error converting YAML to JSON: yaml: line 9: mapping values are not allowed in this context",
  ],
  [
    "ind3.yaml",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers:\n  - name: a\n   image: b\n",
    "error parsing ind3.yaml: error converting YAML to JSON: yaml: line 7: did not find expected key",
  ],
  [
    "ind4.yaml",
    "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers:\n    - name: a\n  - name: b\n",
    "error parsing ind4.yaml: error converting YAML to JSON: yaml: line 7: did not find expected key",
  ],
  [
    "ind5.yaml",
    "apiVersion: v1\n  kind: Pod\n",
    "error parsing ind5.yaml: error converting YAML to JSON: yaml: line 2: mapping values are not allowed in this context",
  ],
  [
    "ind6.yaml",
    "apiVersion: v1\nkind: Pod\nmetadata:\n    name: a\n  labels: {}\n",
    "error parsing ind6.yaml: error converting YAML to JSON: yaml: line 4: did not find expected key",
  ],
  [
    "key1.yaml",
    "apiVersion: v1\nkind: ConfigMap\nmetadata\n  name: a\n",
    "error parsing key1.yaml: error converting YAML to JSON: yaml: line 4: could not find expected ':'",
  ],
  [
    "key11.yaml",
    "apiVersion: v1\nkind: ConfigMap\n18446744073709551615: a\n",
    'error parsing key11.yaml: error converting YAML to JSON: unsupported map key of type: uint64, key: 0xffffffffffffffff, value: "a"',
  ],
  [
    "key2.yaml",
    "apiVersion: v1\nkind ConfigMap\n",
    "error parsing key2.yaml: error converting YAML to JSON: yaml: line 3: could not find expected ':'",
  ],
  [
    "key3.yaml",
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  foo\n",
    "error parsing key3.yaml: error converting YAML to JSON: yaml: line 6: could not find expected ':'",
  ],
  [
    "key4.yaml",
    "apiVersion: v1\nkind: ConfigMap\nfoo\nmetadata:\n  name: a\n",
    "error parsing key4.yaml: error converting YAML to JSON: yaml: line 4: could not find expected ':'",
  ],
  [
    "key5.yaml",
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels:\n    foo\n    bar: baz\n",
    "error parsing key5.yaml: error converting YAML to JSON: yaml: line 7: mapping values are not allowed in this context",
  ],
  [
    "key6.yaml",
    "apiVersion: v1\nkind: ConfigMap\n? [a]\n: b\n",
    'error parsing key6.yaml: error converting YAML to JSON: yaml: invalid map key: []interface {}{"a"}',
  ],
  [
    "key7.yaml",
    "apiVersion: v1\nkind: ConfigMap\n~: b\n",
    'error parsing key7.yaml: error converting YAML to JSON: unsupported map key of type: %!s(<nil>), key: <nil>, value: "b"',
  ],
  [
    "key9.yaml",
    "apiVersion: v1\nkind: ConfigMap\n? {a: b}\n: b\n",
    'error parsing key9.yaml: error converting YAML to JSON: yaml: invalid map key: map[interface {}]interface {}{"a":"b"}',
  ],
  [
    "mv1.yaml",
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a: b\n",
    "error parsing mv1.yaml: error converting YAML to JSON: yaml: line 4: mapping values are not allowed in this context",
  ],
  [
    "mv2.yaml",
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels: x\n    app: web\n",
    "error parsing mv2.yaml: error converting YAML to JSON: yaml: line 6: mapping values are not allowed in this context",
  ],
  [
    "mv3.yaml",
    "apiVersion: v1: x\n",
    "error parsing mv3.yaml: error converting YAML to JSON: yaml: mapping values are not allowed in this context",
  ],
  [
    "mv4.yaml",
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "a": b\n',
    "error parsing mv4.yaml: error converting YAML to JSON: yaml: line 4: mapping values are not allowed in this context",
  ],
  [
    "num1.yaml",
    "apiVersion: v1\nkind: ConfigMap\nx: .inf\n",
    "error parsing num1.yaml: error converting YAML to JSON: json: unsupported value: +Inf",
  ],
  [
    "num2.yaml",
    "apiVersion: v1\nkind: ConfigMap\nx: -.inf\n",
    "error parsing num2.yaml: error converting YAML to JSON: json: unsupported value: -Inf",
  ],
  [
    "num3.yaml",
    "apiVersion: v1\nkind: ConfigMap\nx: .nan\n",
    "error parsing num3.yaml: error converting YAML to JSON: json: unsupported value: NaN",
  ],
  [
    "q1.yaml",
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: 'a\n",
    "error parsing q1.yaml: error converting YAML to JSON: yaml: line 5: found unexpected end of stream",
  ],
  [
    "q2.yaml",
    'apiVersion: v1\nkind: ConfigMap\ndata:\n  a: "x\\qy"\n',
    "error parsing q2.yaml: error converting YAML to JSON: yaml: line 4: found unknown escape character",
  ],
  [
    "q3.yaml",
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "a" b\n',
    "error parsing q3.yaml: error converting YAML to JSON: yaml: line 3: did not find expected key",
  ],
  [
    "q5.yaml",
    'apiVersion: v1\nkind: ConfigMap\ndata:\n  a: "abc\n---\n  x"\n',
    "error parsing q5.yaml: error converting YAML to JSON: yaml: line 5: found unexpected end of stream",
  ],
  [
    "seq2.yaml",
    "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  - name: a\n  x\n",
    "error parsing seq2.yaml: error converting YAML to JSON: yaml: line 7: could not find expected ':'",
  ],
  [
    "seq3.yaml",
    "items:\n- a\nb: c\n",
    'unable to decode "seq3.yaml": json: cannot unmarshal string into Go value of type map[string]interface {}',
  ],
  [
    "seq4.yaml",
    "apiVersion: v1\nkind: Pod\nspec:\n  containers: - name: a\n",
    "error parsing seq4.yaml: error converting YAML to JSON: yaml: line 4: block sequence entries are not allowed in this context",
  ],
  [
    "seq5.yaml",
    "apiVersion: v1\n- a\n",
    "error parsing seq5.yaml: error converting YAML to JSON: yaml: line 1: did not find expected key",
  ],
  [
    "tab1.yaml",
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n\tlabels: {}\n",
    "error parsing tab1.yaml: error converting YAML to JSON: yaml: line 5: found a tab character that violates indentation",
  ],
  [
    "tab2.yaml",
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: a\n",
    "error parsing tab2.yaml: error converting YAML to JSON: yaml: line 4: found character that cannot start any token",
  ],
  [
    "tab3.yaml",
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  x: |\n\tfoo\n",
    "error parsing tab3.yaml: error converting YAML to JSON: yaml: line 7: found a tab character where an indentation space is expected",
  ],
  [
    "tab6.yaml",
    "\tapiVersion: v1\n",
    "error parsing tab6.yaml: error converting YAML to JSON: yaml: found character that cannot start any token",
  ],
  [
    "tab7.yaml",
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels:\n    a: b\n\t\n  name: x\n",
    "error parsing tab7.yaml: error converting YAML to JSON: yaml: line 6: found a tab character that violates indentation",
  ],
  [
    "tag1.yaml",
    "apiVersion: v1\nkind: !!int ConfigMap\n",
    "error parsing tag1.yaml: error converting YAML to JSON: yaml: cannot decode !!str `ConfigMap` as a !!int",
  ],
  [
    "tag3.yaml",
    "apiVersion: v1\nkind: !e!foo ConfigMap\n",
    "error parsing tag3.yaml: error converting YAML to JSON: yaml: line 1: found undefined tag handle",
  ],
  [
    "afterquote.yaml",
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "a" b\n',
    "error parsing afterquote.yaml: error converting YAML to JSON: yaml: line 3: did not find expected key",
  ],
  [
    "alias.yaml",
    "a: &x 1\nb: *y\n",
    "error parsing alias.yaml: error converting YAML to JSON: yaml: unknown anchor 'y' referenced",
  ],
  [
    "at.yaml",
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: @a\n",
    "error parsing at.yaml: error converting YAML to JSON: yaml: line 4: found character that cannot start any token",
  ],
  [
    "badindent.yaml",
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels:\n    a: b\n   c: d\n",
    "error parsing badindent.yaml: error converting YAML to JSON: yaml: line 6: did not find expected key",
  ],
  [
    "badsep.yaml",
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n----\n",
    "error parsing badsep.yaml: invalid Yaml document separator: -",
  ],
  [
    "blockind.yaml",
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\nx: |\n  a\n b\n",
    "error parsing blockind.yaml: error converting YAML to JSON: yaml: line 6: did not find expected key",
  ],
  [
    "couldnotfind.yaml",
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels:\n    a: b\n  c\n",
    "error parsing couldnotfind.yaml: error converting YAML to JSON: yaml: line 8: could not find expected ':'",
  ],
  [
    "flow.yaml",
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels: {a: b\n",
    "error parsing flow.yaml: error converting YAML to JSON: yaml: line 5: did not find expected ',' or '}'",
  ],
  [
    "flowseq.yaml",
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels: [a, b\n",
    "error parsing flowseq.yaml: error converting YAML to JSON: yaml: line 5: did not find expected ',' or ']'",
  ],
  [
    "kindint.yaml",
    "apiVersion: v1\nkind: 5\nmetadata:\n  name: a\n",
    'unable to decode "kindint.yaml": Object \'Kind\' is missing in \'{"apiVersion":"v1","kind":5,"metadata":{"name":"a"}}\'',
  ],
  [
    "list.yaml",
    "- a\n- b\n",
    'unable to decode "list.yaml": json: cannot unmarshal array into Go value of type unstructured.detector',
  ],
  [
    "listbad.yaml",
    "apiVersion: v1\nkind: List\nitems: foo\n",
    'unable to decode "listbad.yaml": json: cannot unmarshal string into Go struct field decodeList.items of type []json.RawMessage',
  ],
  [
    "mapval.yaml",
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  x: 1\n  y: a: b\n",
    "error parsing mapval.yaml: error converting YAML to JSON: yaml: line 7: mapping values are not allowed in this context",
  ],
  [
    "multi2.yaml",
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n  x: y: z\n",
    "error parsing multi2.yaml: error converting YAML to JSON: yaml: line 5: mapping values are not allowed in this context",
  ],
  [
    "nested.yaml",
    "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: List\n  items:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: nested\n",
    "*unstructured.Unstructured is not a list: no Items field in this object",
  ],
  [
    "noboth.yaml",
    "metadata:\n  name: a\n",
    'unable to decode "noboth.yaml": Object \'Kind\' is missing in \'{"metadata":{"name":"a"}}\'',
  ],
  [
    "noexpectedkey.yaml",
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  x\n",
    "error parsing noexpectedkey.yaml: error converting YAML to JSON: yaml: line 6: could not find expected ':'",
  ],
  [
    "nokind.yaml",
    'apiVersion: v1\nmetadata:\n  name: a\ndata:\n  x: "1"\n',
    'unable to decode "nokind.yaml": Object \'Kind\' is missing in \'{"apiVersion":"v1","data":{"x":"1"},"metadata":{"name":"a"}}\'',
  ],
  [
    "pct.yaml",
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  n: %x\n",
    "error parsing pct.yaml: error converting YAML to JSON: yaml: line 5: found character that cannot start any token",
  ],
  [
    "scalar.yaml",
    "just a string\n",
    'unable to decode "scalar.yaml": json: cannot unmarshal string into Go value of type unstructured.detector',
  ],
  [
    "seqinmap.yaml",
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n- x\n",
    "error parsing seqinmap.yaml: error converting YAML to JSON: yaml: line 4: did not find expected key",
  ],
  [
    "tab.yaml",
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n\tlabels: {}\n",
    "error parsing tab.yaml: error converting YAML to JSON: yaml: line 5: found a tab character that violates indentation",
  ],
  [
    "unterminated.yaml",
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "a\n',
    "error parsing unterminated.yaml: error converting YAML to JSON: yaml: line 5: found unexpected end of stream",
  ],
  [
    "badjson.json",
    '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "a",}}',
    "error parsing badjson.json: json: offset 68: invalid character '}' looking for beginning of object key string",
  ],
  ["eof.json", '{"a": 1', "error parsing eof.json: unexpected EOF"],
  [
    "esc.json",
    '{"a": "\\q"}',
    "error parsing esc.json: json: offset 9: invalid character 'q' in string escape code",
  ],
  [
    "jsonarr.json",
    '{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"a"}}\n[1]\n',
    'unable to decode "jsonarr.json": json: cannot unmarshal array into Go value of type unstructured.detector',
  ],
  [
    "key.json",
    '  \n{"a" 1}',
    "error parsing key.json: json: offset 9: invalid character '1' after object key",
  ],
  [
    "lit.json",
    '{"a": tru}',
    "error parsing lit.json: json: offset 10: invalid character '}' in literal true (expecting 'e')",
  ],
  [
    "nokind.json",
    '{"apiVersion": "v1", "metadata": {"name": "a"}}',
    'unable to decode "nokind.json": Object \'Kind\' is missing in \'{"apiVersion": "v1", "metadata": {"name": "a"}}\'',
  ],
];

describe("parseManifests error texts against kubectl v1.32", () => {
  it.each(KUBECTL_ERRORS)("%s", (name, text, message) => {
    const { diagnostics } = parseManifests(text, name, { validate: false });
    expect(diagnostics[0]?.message).toBe(message);
  });
});

describe("parseManifests with validation (kubectl's default)", () => {
  // Recorded with `kubectl apply --dry-run=client -f FILE`.
  const stop = "; if you choose to ignore these errors, turn validation off with --validate=false";
  it.each([
    ["kind: ConfigMap\nmetadata:\n  name: a\n", "apiVersion not set"],
    ["apiVersion: v1\nmetadata:\n  name: a\n", "kind not set"],
    ["metadata:\n  name: a\n", "[apiVersion not set, kind not set]"],
    ["apiVersion: v1\nkind: 5\n", "kind isn't string type"],
    ["- a\n- b\n", "invalid object to validate"],
    ["apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  metadata:\n    name: a\n", "kind not set"],
    ["apiVersion: v1\nkind: List\nitems: foo\n", "invalid object to validate"],
  ])("%j", (text, problem) => {
    const { manifests, diagnostics } = parseManifests(text, "x.yaml");
    expect(manifests).toEqual([]);
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: "validation",
        message: `error validating "x.yaml": error validating data: ${problem}${stop}`,
        stopsReading: true,
      }),
    ]);
  });
});

describe("parseManifests", () => {
  const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

  it("reads every document, skipping empty and comment-only ones, with index and line", () => {
    const text = `# leading comment\n---\n${cm("a")}---\n---\n# nothing here\n---\n${cm("b")}...\n`;
    const { manifests, diagnostics } = parseManifests(text, "two.yaml");
    expect(diagnostics).toEqual([]);
    expect(manifests.map((m) => [m.object.metadata?.name, m.documentIndex, m.line, m.column])).toEqual([
      ["a", 1, 3, 1],
      ["b", 3, 11, 1],
    ]);
  });

  it("reads values as YAML 1.1 does in go-yaml v2", () => {
    const text = `${cm("x")}data:\n  a: yes\n  b: off\n  c: 0x1F\n  d: 017\n  e: 1e3\n  f: 1_000\n  g: ~\n  h: 2024-01-01\n  i: "yes"\n  j: 12:30\n  on: k\n`;
    const [m] = parseManifests(text, "x.yaml").manifests;
    expect(m?.object.data).toEqual({
      a: true,
      b: false,
      c: 31,
      d: 15,
      e: 1000,
      f: 1000,
      g: null,
      h: "2024-01-01",
      i: "yes",
      j: "12:30",
      true: "k",
    });
  });

  it("expands a List into its items, giving items without kind the list's item kind", () => {
    const text =
      "apiVersion: v1\nkind: ConfigMapList\nitems:\n- metadata:\n    name: a\n- apiVersion: v1\n  kind: Secret\n  metadata:\n    name: b\n";
    const { manifests } = parseManifests(text, "list.yaml");
    expect(manifests.map((m) => [m.object.kind, m.object.apiVersion, m.itemIndex, m.line, m.column])).toEqual(
      [
        ["ConfigMap", "v1", 0, 4, 3],
        ["Secret", "v1", 1, 6, 3],
      ],
    );
  });

  it("reads a JSON stream and a JSON List", () => {
    const list = JSON.stringify({
      apiVersion: "v1",
      kind: "List",
      items: [{ apiVersion: "v1", kind: "Namespace", metadata: { name: "n" } }],
    });
    const text = `\n  ${JSON.stringify({ apiVersion: "v1", kind: "Namespace", metadata: { name: "m" } })}\n${list}`;
    const { manifests, diagnostics } = parseManifests(text, "STDIN");
    expect(diagnostics).toEqual([]);
    expect(manifests.map((m) => [m.object.metadata?.name, m.documentIndex, m.line, m.column])).toEqual([
      ["m", 0, 2, 3],
      ["n", 1, 3, 1],
    ]);
  });

  it("keeps the objects read before a syntax error and reads nothing after it", () => {
    const text = `${cm("a")}---\n${cm("b")}  x: y: z\n---\n${cm("c")}`;
    const { manifests, diagnostics } = parseManifests(text, "deploy.yaml");
    expect(manifests.map((m) => m.object.metadata?.name)).toEqual(["a"]);
    expect(diagnostics).toEqual([
      {
        code: "yaml-syntax",
        // go-yaml counts lines within the document: the fifth line of the second one.
        message:
          "error parsing deploy.yaml: error converting YAML to JSON: yaml: line 5: mapping values are not allowed in this context",
        source: "deploy.yaml",
        documentIndex: 1,
        line: 10,
        column: 7,
        stopsReading: true,
      },
    ]);
  });

  it("goes on after a document without kind, as apply does", () => {
    const text = `apiVersion: v1\nmetadata:\n  name: a\n---\n${cm("b")}`;
    const { manifests, diagnostics } = parseManifests(text, "STDIN", { validate: false });
    expect(manifests.map((m) => m.object.metadata?.name)).toEqual(["b"]);
    expect(diagnostics).toMatchObject([
      {
        code: "decode",
        message: `unable to decode "STDIN": Object 'Kind' is missing in '{"apiVersion":"v1","metadata":{"name":"a"}}'`,
        stopsReading: false,
        line: 1,
      },
    ]);
  });

  it("reports go-yaml's line convention in the text and the real position in the fields", () => {
    // A parser error: go-yaml prints the 0-based line of the offending token (6 here, for line 7).
    const badIndent = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  labels:\n    a: b\n   c: d\n";
    expect(parseManifests(badIndent, "x.yaml").diagnostics[0]).toMatchObject({
      message: "error parsing x.yaml: error converting YAML to JSON: yaml: line 6: did not find expected key",
      line: 7,
      column: 4,
    });
    // A scanner error on the first line has no line at all in go-yaml's text.
    expect(parseManifests("apiVersion: v1: x\n", "x.yaml").diagnostics[0]).toMatchObject({
      message:
        "error parsing x.yaml: error converting YAML to JSON: yaml: mapping values are not allowed in this context",
      line: 1,
      column: 15,
    });
    const tab = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n\tlabels: {}\n";
    expect(parseManifests(tab, "x.yaml").diagnostics[0]).toMatchObject({
      message:
        "error parsing x.yaml: error converting YAML to JSON: yaml: line 5: found a tab character that violates indentation",
      line: 5,
    });
  });

  it("accepts CRLF line ends and a byte order mark", () => {
    const text = `\uFEFF${cm("a").replaceAll("\n", "\r\n")}---\r\n${cm("b").replaceAll("\n", "\r\n")}`;
    const { manifests, diagnostics } = parseManifests(text, "win.yaml");
    expect(diagnostics).toEqual([]);
    expect(manifests.map((m) => m.object.metadata?.name)).toEqual(["a", "b"]);
  });

  it("reads nothing, and reports nothing, from an empty source", () => {
    expect(parseManifests("", "x.yaml")).toEqual({ manifests: [], diagnostics: [] });
    expect(parseManifests("# only a comment\n", "x.yaml")).toEqual({ manifests: [], diagnostics: [] });
  });

  it("never throws, whatever the input", async () => {
    const fc = (await import("fast-check")).default;
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(..."ab:- \n\t#{}[],'\"|>&*!%@`?.\\0xyz~\r".split("")) }),
        (text) => {
          parseManifests(text, "fuzz.yaml");
        },
      ),
      { numRuns: 2000 },
    );
  });
});

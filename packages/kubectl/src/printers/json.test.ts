import { describe, expect, it } from "vitest";
import { goJsonString, listObject, printJson } from "./json.js";

// Goldens recorded from the real kubectl v1.32.4 on this machine: `-o json` output is parsed and
// printed again; the bytes must not change. Typed objects (kubectl create ...) keep struct field
// order, unstructured ones (read from a file by `kubectl label --local -f FILE foo=bar`) are sorted.

const DEPLOY_JSON =
  '{\n    "kind": "Deployment",\n    "apiVersion": "apps/v1",\n    "metadata": {\n        "name": "web",\n        "creationTimestamp": null,\n        "labels": {\n            "app": "web"\n        }\n    },\n    "spec": {\n        "replicas": 1,\n        "selector": {\n            "matchLabels": {\n                "app": "web"\n            }\n        },\n        "template": {\n            "metadata": {\n                "creationTimestamp": null,\n                "labels": {\n                    "app": "web"\n                }\n            },\n            "spec": {\n                "containers": [\n                    {\n                        "name": "nginx",\n                        "image": "nginx",\n                        "resources": {}\n                    }\n                ]\n            }\n        },\n        "strategy": {}\n    },\n    "status": {}\n}\n';
const CM_JSON =
  '{\n    "kind": "ConfigMap",\n    "apiVersion": "v1",\n    "metadata": {\n        "name": "c",\n        "creationTimestamp": null\n    },\n    "data": {\n        "a": "1",\n        "b": "x y",\n        "multi": "l1\\nl2"\n    }\n}\n';
const SVC_JSON =
  '{\n    "kind": "Service",\n    "apiVersion": "v1",\n    "metadata": {\n        "name": "s",\n        "creationTimestamp": null,\n        "labels": {\n            "app": "s"\n        }\n    },\n    "spec": {\n        "ports": [\n            {\n                "name": "80-8080",\n                "protocol": "TCP",\n                "port": 80,\n                "targetPort": 8080\n            }\n        ],\n        "selector": {\n            "app": "s"\n        },\n        "type": "NodePort"\n    },\n    "status": {\n        "loadBalancer": {}\n    }\n}\n';
const ESC_JSON =
  '{\n    "kind": "ConfigMap",\n    "apiVersion": "v1",\n    "metadata": {\n        "name": "esc",\n        "creationTimestamp": null\n    },\n    "data": {\n        "bs": "a\\bb\\fc",\n        "ctl": "\\u0001\\u001f",\n        "html": "\\u003ca href=\\"x\\"\\u003e\\u0026amp;\\u003c/a\\u003e",\n        "ls": "a\\u2028b"\n    }\n}\n';
const TRICKY_JSON =
  '{\n    "apiVersion": "v1",\n    "data": {\n        "amp": "\\u0026a",\n        "at": "@x",\n        "back": "`x",\n        "bang": "!tag",\n        "brace": "{a}",\n        "bracket": "[a]",\n        "colon": "a: b",\n        "colonend": "a:",\n        "colonnospace": "a:b",\n        "comma": "a,b",\n        "crlf": "a\\r\\nb",\n        "ctrl": "a\\u0001b",\n        "dash": "-",\n        "dashsp": "- x",\n        "dashword": "-x",\n        "date": "2001-12-14",\n        "ddash": "--- x",\n        "docend": "...",\n        "docstart": "---",\n        "dotfloat": ".5",\n        "dq": "say \\"hi\\"",\n        "dqstart": "\\"x",\n        "e": "1e3",\n        "emoji": "\ud83d\ude00",\n        "empty": "",\n        "eq": "=",\n        "float": "1.5",\n        "gt": "\\u003e",\n        "hash": "a #b",\n        "hashnospace": "a#b",\n        "hashstart": "#x",\n        "hex": "0x1F",\n        "inf": ".inf",\n        "int": "123",\n        "kNull": "Null",\n        "kTrue": "True",\n        "kYES": "YES",\n        "kfalse": "false",\n        "kn": "n",\n        "kno": "no",\n        "knull": "null",\n        "koff": "off",\n        "kon": "on",\n        "ktrue": "true",\n        "ky": "y",\n        "kyes": "yes",\n        "lead": "  leading",\n        "long": "aaaaaaaaaa bbbbbbbbbb cccccccccc dddddddddd eeeeeeeeee ffffffffff gggggggggg hhhhhhhhhh iiiiiiiiii jjjjjjjjjj kkkkkkkkkk",\n        "longnospace": "aaaaaaaaaabbbbbbbbbbccccccccccddddddddddeeeeeeeeeeffffffffffgggggggggghhhhhhhhhhiiiiiiiiiijjjjjjjjjjkkkkkkkkkk",\n        "lt": "\\u003c",\n        "merge": "\\u003c\\u003c",\n        "nan": ".nan",\n        "negint": "-5",\n        "nl": "a\\nb\\n",\n        "nlend": "a\\nb",\n        "nlkeep": "a\\n\\n",\n        "nllead": "\\nab",\n        "nlspace": "  a\\nb",\n        "nltrailsp": "a \\nb",\n        "oct": "0o17",\n        "oct2": "017",\n        "pct": "%x",\n        "pipe": "|",\n        "plus": "+5",\n        "q": "?",\n        "qsp": "? x",\n        "sexa": "1:20",\n        "space": " ",\n        "sq": "it\'s",\n        "sqstart": "\'x",\n        "star": "*",\n        "tab": "a\\tb",\n        "tilde": "~",\n        "time": "12:30",\n        "trail": "trailing  ",\n        "under": "1_000",\n        "unicode": "h\u00e9llo w\u00f6rld \u2713"\n    },\n    "kind": "ConfigMap",\n    "metadata": {\n        "annotations": {\n            "html": "\\u003ca href=\'x\'\\u003e\\u0026amp;\\u003c/a\\u003e"\n        },\n        "labels": {\n            "foo": "bar"\n        },\n        "name": "t"\n    }\n}\n';
const T2_JSON =
  '{\n    "apiVersion": "v1",\n    "data": {\n        "#hash": 1,\n        "bom": "\ufeffx",\n        "bs": "a\\bb\\fc",\n        "colon_end": "abc:",\n        "cr_only": "a\\rb",\n        "dash_sp": "- ",\n        "dqlong": "\\tword00 word01 word02 word03 word04 word05 word06 word07 word08 word09 word10 word11 word12 word13 word14 word15 word16 word17 word18 word19 word20 word21 word22 word23 word24 word25 word26 word27 word28 word29 word30 word31 word32 word33 word34 word35 word36 word37 word38 word39",\n        "dqlong2": "x\\u0001 a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a ",\n        "dqspaces": "\\u0001bbbbbbbbb bbbbbbbbb bbbbbbbbb bbbbbbbbb bbbbbbbbb bbbbbbbbb bbbbbbbbb bbbbbbbbb   double  spaces here and there and more words to pass eighty",\n        "esc": "\\u001b[0m",\n        "html": "\\u003ca\\u003e\\u0026\\u003c/a\\u003e",\n        "key\\twith tab": 1,\n        "key with: colon": 1,\n        "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk": "128",\n        "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk": "129",\n        "leading_nl_sp": "\\n a",\n        "list": [\n            [\n                [\n                    "deep"\n                ]\n            ],\n            [\n                {\n                    "a": [\n                        1,\n                        {\n                            "b": []\n                        }\n                    ]\n                }\n            ],\n            [\n                "x\\ny"\n            ],\n            [\n                ""\n            ],\n            [\n                null,\n                true,\n                1.5\n            ]\n        ],\n        "lit": "line one\\nline two word00 word01 word02 word03 word04 word05 word06 word07 word08 word09 word10 word11 word12 word13 word14 word15 word16 word17 word18 word19 word20 word21 word22 word23 word24 word25 word26 word27 word28 word29 word30 word31 word32 word33 word34 word35 word36 word37 word38 word39",\n        "ls": "a\\u2028b",\n        "nbsp": "a\u00a0b",\n        "nel": "a\u0085b",\n        "nested": {\n            "e": {},\n            "m": {\n                "n": {\n                    "o": "p"\n                }\n            }\n        },\n        "nul": "a\\u0000b",\n        "num": {\n            "a": 0,\n            "b": -1,\n            "c": 0.000001,\n            "d": 0.0000125,\n            "e": 123456789.25,\n            "f": 5e-324,\n            "g": 1.7976931348623157e+308\n        },\n        "only_nl": "\\n",\n        "plainlong2": "dddddddddd  dddddddddd  dddddddddd  dddddddddd  dddddddddd  dddddddddd  dddddddddd  dddddddddd  dddddddddd  dddddddddd  ",\n        "private": "a\ue000b",\n        "ps": "a\\u2029b\\nc",\n        "q_mid": "a?b",\n        "sp_only": "   ",\n        "sqlong": "\'word00 word01 word02 word03 word04 word05 word06 word07 word08 word09 word10 word11 word12 word13 word14 word15 word16 word17 word18 word19 word20 word21 word22 word23 word24 word25 word26 word27 word28 word29 word30 word31 word32 word33 word34 word35 word36 word37 word38 word39",\n        "sqlong2": "#cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  ",\n        "tabs_nl": "a\\tb\\nc",\n        "trail_sp_nl": "a \\n",\n        "two_nl": "\\n\\n",\n        "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9": "128 bytes",\n        "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9": "130 bytes"\n    },\n    "kind": "ConfigMap",\n    "metadata": {\n        "labels": {\n            "foo": "bar"\n        },\n        "name": "t"\n    }\n}\n';

describe("printJson against kubectl v1.32 output", () => {
  it.each([
    ["create deployment (struct field order)", DEPLOY_JSON],
    ["create configmap", CM_JSON],
    ["create service nodeport", SVC_JSON],
    ["escapes: \\b \\f, <>&, U+2028, C0 controls", ESC_JSON],
    ["unstructured object with tricky strings (sorted keys)", TRICKY_JSON],
    ["unstructured object with long strings, floats, nested lists", T2_JSON],
  ])("%s", (_name, json) => {
    expect(printJson(JSON.parse(json))).toBe(json);
  });
});

describe("printJson", () => {
  it("escapes like Go's encoding/json with HTML escaping on", () => {
    expect(goJsonString('<a href="x">&</a>')).toBe('"\\u003ca href=\\"x\\"\\u003e\\u0026\\u003c/a\\u003e"');
    expect(goJsonString("\b\f\n\r\t\u0001\u001f\u007f")).toBe('"\\b\\f\\n\\r\\t\\u0001\\u001f\u007f"');
    expect(goJsonString("\u2028\u2029é😀")).toBe('"\\u2028\\u2029é😀"');
    // Invalid UTF-8 becomes U+FFFD in Go; a lone surrogate is the JS counterpart.
    expect(goJsonString("a\ud800b")).toBe('"a\\ufffdb"');
  });

  it("keeps the caller's member order and writes empty collections compactly", () => {
    expect(printJson({ kind: "Pod", apiVersion: "v1", spec: { containers: [] }, status: {} })).toBe(
      '{\n    "kind": "Pod",\n    "apiVersion": "v1",\n    "spec": {\n        "containers": []\n    },\n    "status": {}\n}\n',
    );
  });

  it("formats numbers as Go formats float64 and int64", () => {
    expect(printJson([0, -1, 0.5, 1e21, 1e-7, 123456789.125, 2 ** 53, 9223372036854775807n])).toBe(
      "[\n    0,\n    -1,\n    0.5,\n    1e+21,\n    1e-7,\n    123456789.125,\n    9007199254740992,\n    9223372036854775807\n]\n",
    );
    expect(() => printJson({ a: Number.POSITIVE_INFINITY })).toThrow(/unsupported value Infinity at \$\.a/);
  });

  it("prints the List wrapper of kubectl get with its members sorted", () => {
    expect(printJson(listObject([]))).toBe(
      '{\n    "apiVersion": "v1",\n    "items": [],\n    "kind": "List",\n    "metadata": {\n        "resourceVersion": ""\n    }\n}\n',
    );
  });
});

import { parseManifests } from "@kubesim/manifests";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { listObject } from "./json.js";
import { goYamlKeyLess, printYaml, printYamlDocuments } from "./yaml.js";

// Goldens recorded from the real kubectl v1.32.4 on this machine. Each pairs the `-o json` output of
// a command (parsed here into the object the printer receives) with the `-o yaml` output of the same
// command. Objects read from files went through `kubectl label --local -f FILE foo=bar`, which
// prints with the same YAMLPrinter as `kubectl apply --dry-run=client -o yaml` but needs no cluster.

// kubectl create deployment web --image=nginx --dry-run=client
const DEPLOY_JSON =
  '{\n    "kind": "Deployment",\n    "apiVersion": "apps/v1",\n    "metadata": {\n        "name": "web",\n        "creationTimestamp": null,\n        "labels": {\n            "app": "web"\n        }\n    },\n    "spec": {\n        "replicas": 1,\n        "selector": {\n            "matchLabels": {\n                "app": "web"\n            }\n        },\n        "template": {\n            "metadata": {\n                "creationTimestamp": null,\n                "labels": {\n                    "app": "web"\n                }\n            },\n            "spec": {\n                "containers": [\n                    {\n                        "name": "nginx",\n                        "image": "nginx",\n                        "resources": {}\n                    }\n                ]\n            }\n        },\n        "strategy": {}\n    },\n    "status": {}\n}\n';
const DEPLOY_YAML = `apiVersion: apps/v1
kind: Deployment
metadata:
  creationTimestamp: null
  labels:
    app: web
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  strategy: {}
  template:
    metadata:
      creationTimestamp: null
      labels:
        app: web
    spec:
      containers:
      - image: nginx
        name: nginx
        resources: {}
status: {}
`;

// kubectl create configmap c --from-literal=a=1 --from-literal=b='x y' --from-literal=multi=$'l1\\nl2' --dry-run=client
const CM_JSON =
  '{\n    "kind": "ConfigMap",\n    "apiVersion": "v1",\n    "metadata": {\n        "name": "c",\n        "creationTimestamp": null\n    },\n    "data": {\n        "a": "1",\n        "b": "x y",\n        "multi": "l1\\nl2"\n    }\n}\n';
const CM_YAML = `apiVersion: v1
data:
  a: "1"
  b: x y
  multi: |-
    l1
    l2
kind: ConfigMap
metadata:
  creationTimestamp: null
  name: c
`;

// kubectl create service nodeport s --tcp=80:8080 --dry-run=client
const SVC_JSON =
  '{\n    "kind": "Service",\n    "apiVersion": "v1",\n    "metadata": {\n        "name": "s",\n        "creationTimestamp": null,\n        "labels": {\n            "app": "s"\n        }\n    },\n    "spec": {\n        "ports": [\n            {\n                "name": "80-8080",\n                "protocol": "TCP",\n                "port": 80,\n                "targetPort": 8080\n            }\n        ],\n        "selector": {\n            "app": "s"\n        },\n        "type": "NodePort"\n    },\n    "status": {\n        "loadBalancer": {}\n    }\n}\n';
const SVC_YAML = `apiVersion: v1
kind: Service
metadata:
  creationTimestamp: null
  labels:
    app: s
  name: s
spec:
  ports:
  - name: 80-8080
    port: 80
    protocol: TCP
    targetPort: 8080
  selector:
    app: s
  type: NodePort
status:
  loadBalancer: {}
`;

// kubectl create configmap esc with \\b \\f, HTML, U+2028 and C0 controls
const ESC_JSON =
  '{\n    "kind": "ConfigMap",\n    "apiVersion": "v1",\n    "metadata": {\n        "name": "esc",\n        "creationTimestamp": null\n    },\n    "data": {\n        "bs": "a\\bb\\fc",\n        "ctl": "\\u0001\\u001f",\n        "html": "\\u003ca href=\\"x\\"\\u003e\\u0026amp;\\u003c/a\\u003e",\n        "ls": "a\\u2028b"\n    }\n}\n';
const ESC_YAML =
  'apiVersion: v1\ndata:\n  bs: "a\\bb\\fc"\n  ctl: "\\x01\\x1F"\n  html: <a href="x">&amp;</a>\n  ls: \'a\u2028    b\'\nkind: ConfigMap\nmetadata:\n  creationTimestamp: null\n  name: esc\n';

// a ConfigMap of strings that need quoting: indicators, YAML 1.1 booleans, numbers, timestamps, block scalars, long lines
const TRICKY_JSON =
  '{\n    "apiVersion": "v1",\n    "data": {\n        "amp": "\\u0026a",\n        "at": "@x",\n        "back": "`x",\n        "bang": "!tag",\n        "brace": "{a}",\n        "bracket": "[a]",\n        "colon": "a: b",\n        "colonend": "a:",\n        "colonnospace": "a:b",\n        "comma": "a,b",\n        "crlf": "a\\r\\nb",\n        "ctrl": "a\\u0001b",\n        "dash": "-",\n        "dashsp": "- x",\n        "dashword": "-x",\n        "date": "2001-12-14",\n        "ddash": "--- x",\n        "docend": "...",\n        "docstart": "---",\n        "dotfloat": ".5",\n        "dq": "say \\"hi\\"",\n        "dqstart": "\\"x",\n        "e": "1e3",\n        "emoji": "\ud83d\ude00",\n        "empty": "",\n        "eq": "=",\n        "float": "1.5",\n        "gt": "\\u003e",\n        "hash": "a #b",\n        "hashnospace": "a#b",\n        "hashstart": "#x",\n        "hex": "0x1F",\n        "inf": ".inf",\n        "int": "123",\n        "kNull": "Null",\n        "kTrue": "True",\n        "kYES": "YES",\n        "kfalse": "false",\n        "kn": "n",\n        "kno": "no",\n        "knull": "null",\n        "koff": "off",\n        "kon": "on",\n        "ktrue": "true",\n        "ky": "y",\n        "kyes": "yes",\n        "lead": "  leading",\n        "long": "aaaaaaaaaa bbbbbbbbbb cccccccccc dddddddddd eeeeeeeeee ffffffffff gggggggggg hhhhhhhhhh iiiiiiiiii jjjjjjjjjj kkkkkkkkkk",\n        "longnospace": "aaaaaaaaaabbbbbbbbbbccccccccccddddddddddeeeeeeeeeeffffffffffgggggggggghhhhhhhhhhiiiiiiiiiijjjjjjjjjjkkkkkkkkkk",\n        "lt": "\\u003c",\n        "merge": "\\u003c\\u003c",\n        "nan": ".nan",\n        "negint": "-5",\n        "nl": "a\\nb\\n",\n        "nlend": "a\\nb",\n        "nlkeep": "a\\n\\n",\n        "nllead": "\\nab",\n        "nlspace": "  a\\nb",\n        "nltrailsp": "a \\nb",\n        "oct": "0o17",\n        "oct2": "017",\n        "pct": "%x",\n        "pipe": "|",\n        "plus": "+5",\n        "q": "?",\n        "qsp": "? x",\n        "sexa": "1:20",\n        "space": " ",\n        "sq": "it\'s",\n        "sqstart": "\'x",\n        "star": "*",\n        "tab": "a\\tb",\n        "tilde": "~",\n        "time": "12:30",\n        "trail": "trailing  ",\n        "under": "1_000",\n        "unicode": "h\u00e9llo w\u00f6rld \u2713"\n    },\n    "kind": "ConfigMap",\n    "metadata": {\n        "annotations": {\n            "html": "\\u003ca href=\'x\'\\u003e\\u0026amp;\\u003c/a\\u003e"\n        },\n        "labels": {\n            "foo": "bar"\n        },\n        "name": "t"\n    }\n}\n';
const TRICKY_YAML =
  'apiVersion: v1\ndata:\n  amp: \'&a\'\n  at: \'@x\'\n  back: \'`x\'\n  bang: \'!tag\'\n  brace: \'{a}\'\n  bracket: \'[a]\'\n  colon: \'a: b\'\n  colonend: \'a:\'\n  colonnospace: a:b\n  comma: a,b\n  crlf: "a\\r\\nb"\n  ctrl: "a\\x01b"\n  dash: \'-\'\n  dashsp: \'- x\'\n  dashword: -x\n  date: "2001-12-14"\n  ddash: \'--- x\'\n  docend: \'...\'\n  docstart: \'---\'\n  dotfloat: ".5"\n  dq: say "hi"\n  dqstart: \'"x\'\n  e: "1e3"\n  emoji: "\\U0001F600"\n  empty: ""\n  eq: =\n  float: "1.5"\n  gt: \'>\'\n  hash: \'a #b\'\n  hashnospace: a#b\n  hashstart: \'#x\'\n  hex: "0x1F"\n  inf: ".inf"\n  int: "123"\n  kNull: "Null"\n  kTrue: "True"\n  kYES: "YES"\n  kfalse: "false"\n  kn: "n"\n  kno: "no"\n  knull: "null"\n  koff: "off"\n  kon: "on"\n  ktrue: "true"\n  ky: "y"\n  kyes: "yes"\n  lead: \'  leading\'\n  long: aaaaaaaaaa bbbbbbbbbb cccccccccc dddddddddd eeeeeeeeee ffffffffff gggggggggg\n    hhhhhhhhhh iiiiiiiiii jjjjjjjjjj kkkkkkkkkk\n  longnospace: aaaaaaaaaabbbbbbbbbbccccccccccddddddddddeeeeeeeeeeffffffffffgggggggggghhhhhhhhhhiiiiiiiiiijjjjjjjjjjkkkkkkkkkk\n  lt: <\n  merge: <<\n  nan: ".nan"\n  negint: "-5"\n  nl: |\n    a\n    b\n  nlend: |-\n    a\n    b\n  nlkeep: |+\n    a\n\n  nllead: |2-\n\n    ab\n  nlspace: |2-\n      a\n    b\n  nltrailsp: "a \\nb"\n  oct: "0o17"\n  oct2: "017"\n  pct: \'%x\'\n  pipe: \'|\'\n  plus: "+5"\n  q: \'?\'\n  qsp: \'? x\'\n  sexa: "1:20"\n  space: \' \'\n  sq: it\'s\n  sqstart: \'\'\'x\'\n  star: \'*\'\n  tab: "a\\tb"\n  tilde: "~"\n  time: "12:30"\n  trail: \'trailing  \'\n  under: "1_000"\n  unicode: h\u00e9llo w\u00f6rld \u2713\nkind: ConfigMap\nmetadata:\n  annotations:\n    html: <a href=\'x\'>&amp;</a>\n  labels:\n    foo: bar\n  name: t\n';

// long double- and single-quoted lines, BOM, NEL, U+2028, 128/129-byte keys, nested sequences, floats
const T2_JSON =
  '{\n    "apiVersion": "v1",\n    "data": {\n        "#hash": 1,\n        "bom": "\ufeffx",\n        "bs": "a\\bb\\fc",\n        "colon_end": "abc:",\n        "cr_only": "a\\rb",\n        "dash_sp": "- ",\n        "dqlong": "\\tword00 word01 word02 word03 word04 word05 word06 word07 word08 word09 word10 word11 word12 word13 word14 word15 word16 word17 word18 word19 word20 word21 word22 word23 word24 word25 word26 word27 word28 word29 word30 word31 word32 word33 word34 word35 word36 word37 word38 word39",\n        "dqlong2": "x\\u0001 a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a ",\n        "dqspaces": "\\u0001bbbbbbbbb bbbbbbbbb bbbbbbbbb bbbbbbbbb bbbbbbbbb bbbbbbbbb bbbbbbbbb bbbbbbbbb   double  spaces here and there and more words to pass eighty",\n        "esc": "\\u001b[0m",\n        "html": "\\u003ca\\u003e\\u0026\\u003c/a\\u003e",\n        "key\\twith tab": 1,\n        "key with: colon": 1,\n        "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk": "128",\n        "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk": "129",\n        "leading_nl_sp": "\\n a",\n        "list": [\n            [\n                [\n                    "deep"\n                ]\n            ],\n            [\n                {\n                    "a": [\n                        1,\n                        {\n                            "b": []\n                        }\n                    ]\n                }\n            ],\n            [\n                "x\\ny"\n            ],\n            [\n                ""\n            ],\n            [\n                null,\n                true,\n                1.5\n            ]\n        ],\n        "lit": "line one\\nline two word00 word01 word02 word03 word04 word05 word06 word07 word08 word09 word10 word11 word12 word13 word14 word15 word16 word17 word18 word19 word20 word21 word22 word23 word24 word25 word26 word27 word28 word29 word30 word31 word32 word33 word34 word35 word36 word37 word38 word39",\n        "ls": "a\\u2028b",\n        "nbsp": "a\u00a0b",\n        "nel": "a\u0085b",\n        "nested": {\n            "e": {},\n            "m": {\n                "n": {\n                    "o": "p"\n                }\n            }\n        },\n        "nul": "a\\u0000b",\n        "num": {\n            "a": 0,\n            "b": -1,\n            "c": 0.000001,\n            "d": 0.0000125,\n            "e": 123456789.25,\n            "f": 5e-324,\n            "g": 1.7976931348623157e+308\n        },\n        "only_nl": "\\n",\n        "plainlong2": "dddddddddd  dddddddddd  dddddddddd  dddddddddd  dddddddddd  dddddddddd  dddddddddd  dddddddddd  dddddddddd  dddddddddd  ",\n        "private": "a\ue000b",\n        "ps": "a\\u2029b\\nc",\n        "q_mid": "a?b",\n        "sp_only": "   ",\n        "sqlong": "\'word00 word01 word02 word03 word04 word05 word06 word07 word08 word09 word10 word11 word12 word13 word14 word15 word16 word17 word18 word19 word20 word21 word22 word23 word24 word25 word26 word27 word28 word29 word30 word31 word32 word33 word34 word35 word36 word37 word38 word39",\n        "sqlong2": "#cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  ",\n        "tabs_nl": "a\\tb\\nc",\n        "trail_sp_nl": "a \\n",\n        "two_nl": "\\n\\n",\n        "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9": "128 bytes",\n        "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9": "130 bytes"\n    },\n    "kind": "ConfigMap",\n    "metadata": {\n        "labels": {\n            "foo": "bar"\n        },\n        "name": "t"\n    }\n}\n';
const T2_YAML =
  'apiVersion: v1\ndata:\n  \'#hash\': 1\n  bom: "\\uFEFF\\x78"\n  bs: "a\\bb\\fc"\n  colon_end: \'abc:\'\n  cr_only: "a\\rb"\n  dash_sp: \'- \'\n  dqlong: "\\tword00 word01 word02 word03 word04 word05 word06 word07 word08 word09\n    word10 word11 word12 word13 word14 word15 word16 word17 word18 word19 word20 word21\n    word22 word23 word24 word25 word26 word27 word28 word29 word30 word31 word32 word33\n    word34 word35 word36 word37 word38 word39"\n  dqlong2: "x\\x01 a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a a\n    a a a a a a a a a a a a a a a a a a a a a a a a a a a a "\n  dqspaces: "\\x01bbbbbbbbb bbbbbbbbb bbbbbbbbb bbbbbbbbb bbbbbbbbb bbbbbbbbb bbbbbbbbb\n    bbbbbbbbb   double  spaces here and there and more words to pass eighty"\n  esc: "\\e[0m"\n  html: <a>&</a>\n  "key\\twith tab": 1\n  \'key with: colon\': 1\n  kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk: "128"\n  ? kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk\n  : "129"\n  leading_nl_sp: |2-\n\n     a\n  list:\n  - - - deep\n  - - a:\n      - 1\n      - b: []\n  - - |-\n      x\n      y\n  - - ""\n  - - null\n    - true\n    - 1.5\n  lit: |-\n    line one\n    line two word00 word01 word02 word03 word04 word05 word06 word07 word08 word09 word10 word11 word12 word13 word14 word15 word16 word17 word18 word19 word20 word21 word22 word23 word24 word25 word26 word27 word28 word29 word30 word31 word32 word33 word34 word35 word36 word37 word38 word39\n  ls: \'a\u2028    b\'\n  nbsp: a\u00a0b\n  nel: a b\n  nested:\n    e: {}\n    m:\n      "n":\n        o: p\n  nul: "a\\0b"\n  num:\n    a: 0\n    b: -1\n    c: 1e-06\n    d: 1.25e-05\n    e: 1.2345678925e+08\n    f: 5e-324\n    g: 1.7976931348623157e+308\n  only_nl: |2+\n\n  plainlong2: \'dddddddddd  dddddddddd  dddddddddd  dddddddddd  dddddddddd  dddddddddd  dddddddddd  dddddddddd  dddddddddd  dddddddddd  \'\n  private: a\ue000b\n  ps: |-\n    a\u2029    b\n    c\n  q_mid: a?b\n  sp_only: \'   \'\n  sqlong: \'\'\'word00 word01 word02 word03 word04 word05 word06 word07 word08 word09\n    word10 word11 word12 word13 word14 word15 word16 word17 word18 word19 word20 word21\n    word22 word23 word24 word25 word26 word27 word28 word29 word30 word31 word32 word33\n    word34 word35 word36 word37 word38 word39\'\n  sqlong2: \'#cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  cc  \'\n  tabs_nl: "a\\tb\\nc"\n  trail_sp_nl: "a \\n"\n  two_nl: |2+\n\n\n  \u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9: 128 bytes\n  ? \u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9\n  : 130 bytes\nkind: ConfigMap\nmetadata:\n  labels:\n    foo: bar\n  name: t\n';

// numbers as go-yaml re-reads them, and go-yaml's key order (digits by value, letters last)
const NUMS_JSON =
  '{\n    "apiVersion": "v1",\n    "keys": {\n        "": 1,\n        " ": 1,\n        "-": 1,\n        "09": 1,\n        "1": 1,\n        "10": 1,\n        "9": 1,\n        "A_": 1,\n        "Z": 1,\n        "_a": 1,\n        "a": 1,\n        "a b": 1,\n        "a-b": 1,\n        "a.b": 1,\n        "a001": 1,\n        "a01": 1,\n        "a1": 1,\n        "a10": 1,\n        "a9": 1,\n        "a: b": 1,\n        "a_b": 1,\n        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa": "long128",\n        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa": "long129",\n        "ab": 1,\n        "app.kubernetes.io/name": 1,\n        "e": 1,\n        "f": 1,\n        "kubernetes.io/ingress.class": 1,\n        "multi\\nline": 1,\n        "port10": 1,\n        "port9": 1,\n        "x10": 1,\n        "x2y10": 1,\n        "x2y9": 1,\n        "yes": 1,\n        "~": 1,\n        "\u00e9": 1\n    },\n    "kind": "ConfigMap",\n    "metadata": {\n        "labels": {\n            "foo": "bar"\n        },\n        "name": "t"\n    },\n    "nested": [\n        [\n            "a",\n            "b"\n        ],\n        [],\n        {},\n        null,\n        [\n            {\n                "true": [\n                    1,\n                    2\n                ],\n                "x": 1\n            }\n        ],\n        {\n            "true": "  lead",\n            "x": "keep\\n"\n        }\n    ],\n    "spec": {\n        "f1": 1234567.5,\n        "f10": 9223372036854775807,\n        "f11": -9223372036854775808,\n        "f12": 0.1,\n        "f13": 100000.25,\n        "f14": 1000000,\n        "f15": 1.5e+300,\n        "f16": -2.5,\n        "f2": 123456.5,\n        "f3": 0.0001,\n        "f4": 0.00001,\n        "f5": 1e-7,\n        "f6": 1e+21,\n        "f7": 100000000000000000000,\n        "f8": 18446744073709552000,\n        "f9": 18446744073709552000,\n        "i": 1e+23\n    }\n}\n';
const NUMS_YAML =
  'apiVersion: v1\nkeys:\n  "": 1\n  \' \': 1\n  \'-\': 1\n  _a: 1\n  "~": 1\n  "1": 1\n  "9": 1\n  "09": 1\n  "10": 1\n  A_: 1\n  Z: 1\n  a: 1\n  a b: 1\n  a-b: 1\n  a.b: 1\n  \'a: b\': 1\n  a_b: 1\n  a1: 1\n  a01: 1\n  a001: 1\n  a9: 1\n  a10: 1\n  ? aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n  : long128\n  ? aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n  : long129\n  ab: 1\n  app.kubernetes.io/name: 1\n  e: 1\n  f: 1\n  kubernetes.io/ingress.class: 1\n  ? |-\n    multi\n    line\n  : 1\n  port9: 1\n  port10: 1\n  x2y9: 1\n  x2y10: 1\n  x10: 1\n  "yes": 1\n  \u00e9: 1\nkind: ConfigMap\nmetadata:\n  labels:\n    foo: bar\n  name: t\nnested:\n- - a\n  - b\n- []\n- {}\n- null\n- - "true":\n    - 1\n    - 2\n    x: 1\n- "true": \'  lead\'\n  x: |\n    keep\nspec:\n  f1: 1.2345675e+06\n  f2: 123456.5\n  f3: 0.0001\n  f4: 1e-05\n  f5: 1e-07\n  f6: 1e+21\n  f7: 1e+20\n  f8: 1.8446744073709552e+19\n  f9: 1.8446744073709552e+19\n  f10: 9223372036854775807\n  f11: -9223372036854775808\n  f12: 0.1\n  f13: 100000.25\n  f14: 1000000\n  f15: 1.5e+300\n  f16: -2.5\n  i: 1e+23\n';

// kubectl set env --local -f deps.yaml A=1 (two Deployments through one printer)
const MULTI_JSON =
  '{\n    "kind": "Deployment",\n    "apiVersion": "apps/v1",\n    "metadata": {\n        "name": "a",\n        "creationTimestamp": null\n    },\n    "spec": {\n        "selector": null,\n        "template": {\n            "metadata": {\n                "creationTimestamp": null\n            },\n            "spec": {\n                "containers": [\n                    {\n                        "name": "c",\n                        "image": "x",\n                        "env": [\n                            {\n                                "name": "A",\n                                "value": "1"\n                            }\n                        ],\n                        "resources": {}\n                    }\n                ]\n            }\n        },\n        "strategy": {}\n    },\n    "status": {}\n}\n{\n    "kind": "Deployment",\n    "apiVersion": "apps/v1",\n    "metadata": {\n        "name": "b",\n        "creationTimestamp": null\n    },\n    "spec": {\n        "selector": null,\n        "template": {\n            "metadata": {\n                "creationTimestamp": null\n            },\n            "spec": {\n                "containers": [\n                    {\n                        "name": "c",\n                        "image": "x",\n                        "env": [\n                            {\n                                "name": "A",\n                                "value": "1"\n                            }\n                        ],\n                        "resources": {}\n                    }\n                ]\n            }\n        },\n        "strategy": {}\n    },\n    "status": {}\n}\n';
const MULTI_YAML =
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  creationTimestamp: null\n  name: a\nspec:\n  selector: null\n  strategy: {}\n  template:\n    metadata:\n      creationTimestamp: null\n    spec:\n      containers:\n      - env:\n        - name: A\n          value: "1"\n        image: x\n        name: c\n        resources: {}\nstatus: {}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  creationTimestamp: null\n  name: b\nspec:\n  selector: null\n  strategy: {}\n  template:\n    metadata:\n      creationTimestamp: null\n    spec:\n      containers:\n      - env:\n        - name: A\n          value: "1"\n        image: x\n        name: c\n        resources: {}\nstatus: {}\n';

describe("printYaml against kubectl v1.32 output", () => {
  it.each([
    ["create deployment", DEPLOY_JSON, DEPLOY_YAML],
    ["create configmap with a multi-line literal", CM_JSON, CM_YAML],
    ["create service nodeport", SVC_JSON, SVC_YAML],
    ["escapes in double-quoted strings", ESC_JSON, ESC_YAML],
    ["strings that need quoting", TRICKY_JSON, TRICKY_YAML],
    ["long lines, complex keys, nested sequences", T2_JSON, T2_YAML],
  ])("%s", (_name, json, yaml) => {
    expect(printYaml(JSON.parse(json))).toBe(yaml);
  });

  it("re-types numbers as go-yaml does and keeps int64 exact when given a bigint", () => {
    const obj = JSON.parse(NUMS_JSON);
    // JSON.parse cannot hold these two int64 values; kubectl's unstructured objects do.
    obj.spec.f10 = 9223372036854775807n;
    obj.spec.f11 = -9223372036854775808n;
    expect(printYaml(obj)).toBe(NUMS_YAML);
  });

  it("separates objects printed one after another with ---", () => {
    const objs = MULTI_JSON.replace(/}\n{/g, "}\u0000{")
      .split("\u0000")
      .map((j) => JSON.parse(j));
    expect(objs).toHaveLength(2);
    expect(printYamlDocuments(objs)).toBe(MULTI_YAML);
  });
});

describe("printYaml", () => {
  it("wraps several objects in the List kubectl get prints", () => {
    const list = listObject([
      { apiVersion: "v1", kind: "Namespace", metadata: { name: "a" } },
      { apiVersion: "v1", kind: "Namespace", metadata: { name: "b" } },
    ]);
    expect(printYaml(list)).toBe(
      [
        "apiVersion: v1",
        "items:",
        "- apiVersion: v1",
        "  kind: Namespace",
        "  metadata:",
        "    name: a",
        "- apiVersion: v1",
        "  kind: Namespace",
        "  metadata:",
        "    name: b",
        "kind: List",
        "metadata:",
        '  resourceVersion: ""',
        "",
      ].join("\n"),
    );
    expect(printYaml(listObject([]))).toBe(
      'apiVersion: v1\nitems: []\nkind: List\nmetadata:\n  resourceVersion: ""\n',
    );
  });

  it("quotes exactly the strings go-yaml v2 would read back as something else", () => {
    const data = {
      port: "8080",
      t: "true",
      y: "y",
      off: "off",
      e: "", // resolves to null
      star: "*",
      colon: "a: b",
      base60: "1:30",
      date: "2024-02-29",
      notADate: "2023-02-29",
      octal: "0o17",
      hexLike: "0x1G",
      underscored: "1_000",
      merge: "<<",
    };
    expect(printYaml({ data })).toBe(
      [
        "data:",
        '  base60: "1:30"',
        "  colon: 'a: b'",
        '  date: "2024-02-29"',
        '  e: ""',
        "  hexLike: 0x1G",
        "  merge: <<",
        "  notADate: 2023-02-29",
        '  octal: "0o17"',
        '  "off": "off"',
        '  port: "8080"',
        "  star: '*'",
        '  t: "true"',
        '  underscored: "1_000"',
        '  "y": "y"',
        "",
      ].join("\n"),
    );
  });

  it("prints null, booleans, empty collections and scalars at the root", () => {
    expect(printYaml({ a: null, b: false, c: {}, d: [], e: [[]] })).toBe(
      "a: null\nb: false\nc: {}\nd: []\ne:\n- []\n",
    );
    expect(printYaml({})).toBe("{}\n");
    expect(printYaml("x")).toBe("x\n");
  });

  it("leaves out undefined members like json.Marshal leaves out omitempty fields", () => {
    expect(printYaml({ a: undefined, b: 1, c: [undefined] })).toBe("b: 1\nc:\n- null\n");
  });

  it("fails like kubectl on characters go-yaml's reader rejects", () => {
    expect(() => printYaml({ data: { x: "a\u007fb" } })).toThrow("yaml: control characters are not allowed");
    expect(() => printYaml({ data: { x: "\uffff" } })).toThrow("yaml: control characters are not allowed");
    // NEL passes the reader but, raw in the JSON, is folded like a line break in a quoted scalar.
    // Checked against kubectl with a JSON manifest holding these strings.
    expect(printYaml({ x: "a\u0085b", z: "a \u0085 \u0085b", w: "a\u0085 c \u0085" })).toBe(
      "w: 'a c '\nx: a b\nz: |-\n  a\n  b\n",
    );
  });

  it("refuses NaN and Infinity, which json.Marshal cannot encode", () => {
    expect(() => printYaml({ x: Number.NaN })).toThrow(/unsupported value NaN at \$\.x/);
  });

  it("folds plain scalars after column 80 but never inside keys", () => {
    const words = Array.from({ length: 30 }, (_, i) => `w${i}`).join(" ");
    const out = printYaml({ [words]: words });
    // A key over 80 columns stays on one line (simple keys are written without breaks); the value
    // then breaks at its first space, since the column is already past 80.
    const [first, second] = out.split("\n");
    expect(first).toBe(`${words}: w0`);
    expect(second).toBe(
      "  w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12 w13 w14 w15 w16 w17 w18 w19 w20 w21 w22 w23",
    );
  });
});

describe("goYamlKeyLess", () => {
  it("orders digits by value and non-letters before letters (go-yaml sorter.go)", () => {
    const keys = ["port10", "port9", "a", "B", "_x", "9", "10", "09", "a01", "a1"];
    const sorted = [...keys].sort((a, b) => (goYamlKeyLess(a, b) ? -1 : goYamlKeyLess(b, a) ? 1 : 0));
    expect(sorted).toEqual(["_x", "9", "09", "10", "B", "a", "a1", "a01", "port9", "port10"]);
  });

  it("is a strict order on distinct keys", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        expect(goYamlKeyLess(a, a)).toBe(false);
        if (a !== b) expect(goYamlKeyLess(a, b) && goYamlKeyLess(b, a)).toBe(false);
      }),
    );
  });
});

describe("printYaml and parseManifests", () => {
  // Characters that make YAML hard: indicators, quotes, breaks, spaces, digits, non-ASCII, an
  // astral character. DEL, C1 controls, U+FFFE/U+FFFF and NEL are left out: kubectl itself
  // cannot print the first ones and folds NEL (see above).
  const tricky = fc.string({
    unit: fc.constantFrom(
      ..."a Z0 1.-_:#'\"\\{}[],&*!|>%@`?~\n\t\r\u2028\u00e9\u00a0\ufeff\u{1F600}\u0001yYnNoO".split(/(?:)/u),
    ),
    maxLength: 12,
  });
  const scalar = fc.oneof(
    tricky,
    fc.constantFrom(
      "yes",
      "no",
      "on",
      "off",
      "~",
      "null",
      "1e3",
      "0x1F",
      "017",
      "1:30",
      "2024-01-01",
      "",
      "<<",
      "-",
      "---",
    ),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)),
    fc.boolean(),
    fc.constant(null),
  );
  const value = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: "small" }, scalar, tie("list"), tie("map")),
    list: fc.array(tie("node"), { maxLength: 4 }),
    map: fc.dictionary(tricky, tie("node"), { maxKeys: 4 }),
  })).node;

  it("reads back what it prints, as kubectl apply would", () => {
    fc.assert(
      fc.property(fc.dictionary(tricky, value, { maxKeys: 5 }), (data) => {
        const obj = { apiVersion: "v1", kind: "ConfigMap", data };
        const text = printYaml(obj);
        const { manifests, diagnostics } = parseManifests(text, "roundtrip.yaml");
        expect(diagnostics).toEqual([]);
        expect(manifests.map((m) => m.object)).toEqual([obj]);
      }),
      { numRuns: 500 },
    );
  });
});

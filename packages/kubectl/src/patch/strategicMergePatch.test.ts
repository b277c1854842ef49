/**
 * Strategic merge patch as the API server applies it. Every case's expected result (or error
 * text) was recorded from `kubectl patch --local -f live.json -p PATCH -o json` with kubectl
 * v1.32.4, which applies patches with k8s.io/apimachinery's strategicpatch, the library the API
 * server uses; several thousand random cases were also compared with it while porting.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { JsonObject } from "./_internal/jsonValue.js";
import { jsonMergePatch } from "./jsonMergePatch.js";
import { PatchError } from "./PatchError.js";
import { NO_PATCH_META, patchMetaFor } from "./patchMetaFor.js";
import { strategicMergePatch } from "./strategicMergePatch.js";

interface Case {
  readonly name: string;
  readonly live: JsonObject;
  readonly patch: JsonObject;
  readonly want?: JsonObject;
  readonly error?: string;
}

const CASES: readonly Case[] = [
  {
    name: "containers merge by name; a new container comes first",
    live: {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "web" },
      spec: {
        containers: [
          { name: "app", image: "nginx" },
          { name: "log", image: "busybox" },
        ],
      },
    },
    patch: {
      spec: {
        containers: [
          { name: "sidecar", image: "envoy" },
          { name: "log", image: "alpine" },
        ],
      },
    },
    want: {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "web" },
      spec: {
        containers: [
          { image: "envoy", name: "sidecar" },
          { image: "nginx", name: "app" },
          { image: "alpine", name: "log" },
        ],
      },
    },
  },
  {
    name: "ports merge by containerPort (protocol is not part of the key)",
    live: {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "web" },
      spec: {
        containers: [
          { name: "app", ports: [{ containerPort: 80, protocol: "TCP" }, { containerPort: 443 }] },
        ],
      },
    },
    patch: {
      spec: {
        containers: [
          { name: "app", ports: [{ containerPort: 80, protocol: "UDP" }, { containerPort: 8080 }] },
        ],
      },
    },
    want: {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "web" },
      spec: {
        containers: [
          {
            name: "app",
            ports: [{ containerPort: 80, protocol: "UDP" }, { containerPort: 8080 }, { containerPort: 443 }],
          },
        ],
      },
    },
  },
  {
    name: "env merges by name, volumeMounts by mountPath",
    live: {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "web" },
      spec: {
        containers: [
          {
            name: "app",
            env: [
              { name: "A", value: "1" },
              { name: "B", value: "2" },
            ],
            volumeMounts: [{ name: "data", mountPath: "/data" }],
          },
        ],
      },
    },
    patch: {
      spec: {
        containers: [
          {
            name: "app",
            env: [{ name: "B", value: "9" }],
            volumeMounts: [{ name: "cache", mountPath: "/data" }],
          },
        ],
      },
    },
    want: {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "web" },
      spec: {
        containers: [
          {
            env: [
              { name: "A", value: "1" },
              { name: "B", value: "9" },
            ],
            name: "app",
            volumeMounts: [{ mountPath: "/data", name: "cache" }],
          },
        ],
      },
    },
  },
  {
    name: "args and tolerations are replaced whole",
    live: {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "web" },
      spec: {
        containers: [{ name: "app", args: ["a", "b"] }],
        tolerations: [{ key: "k1", operator: "Exists" }],
      },
    },
    patch: {
      spec: { containers: [{ name: "app", args: ["c"] }], tolerations: [{ key: "k2", operator: "Exists" }] },
    },
    want: {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "web" },
      spec: { containers: [{ args: ["c"], name: "app" }], tolerations: [{ key: "k2", operator: "Exists" }] },
    },
  },
  {
    name: "null deletes a field; nulls inside new values are dropped",
    live: {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "web" },
      spec: { containers: [{ name: "app", image: "nginx" }], nodeSelector: { disk: "ssd", zone: "a" } },
    },
    patch: {
      spec: { nodeSelector: { zone: null }, dnsConfig: { nameservers: ["1.1.1.1"], searches: null } },
    },
    want: {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "web" },
      spec: {
        containers: [{ image: "nginx", name: "app" }],
        dnsConfig: { nameservers: ["1.1.1.1"] },
        nodeSelector: { disk: "ssd" },
      },
    },
  },
  {
    name: "$patch: delete removes a list item by its merge key",
    live: {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "web" },
      spec: { containers: [{ name: "app" }, { name: "log" }] },
    },
    patch: { spec: { containers: [{ name: "log", $patch: "delete" }] } },
    want: {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "web" },
      spec: { containers: [{ name: "app" }] },
    },
  },
  {
    name: "$patch: replace replaces the whole list",
    live: {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "web" },
      spec: { containers: [{ name: "app", image: "nginx" }, { name: "log" }] },
    },
    patch: { spec: { containers: [{ name: "only", image: "x" }, { $patch: "replace" }] } },
    want: {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "web" },
      spec: { containers: [{ image: "x", name: "only" }] },
    },
  },
  {
    name: "$patch: replace on a map replaces the map",
    live: {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "web" },
      spec: { containers: [{ name: "app" }], nodeSelector: { a: "1", b: "2" } },
    },
    patch: { spec: { nodeSelector: { c: "3", $patch: "replace" } } },
    want: {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "web" },
      spec: { containers: [{ name: "app" }], nodeSelector: { c: "3" } },
    },
  },
  {
    name: "$patch: delete on a map empties it",
    live: {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "web" },
      spec: { containers: [{ name: "app" }], nodeSelector: { a: "1" } },
    },
    patch: { spec: { nodeSelector: { $patch: "delete" } } },
    want: {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "web" },
      spec: { containers: [{ name: "app" }], nodeSelector: {} },
    },
  },
  {
    name: "finalizers merge as a set, patch items first",
    live: {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "web", finalizers: ["a", "b"] },
      spec: { containers: [{ name: "app" }] },
    },
    patch: { metadata: { finalizers: ["c", "a"] } },
    want: {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { finalizers: ["c", "a", "b"], name: "web" },
      spec: { containers: [{ name: "app" }] },
    },
  },
  {
    name: "$deleteFromPrimitiveList removes scalars",
    live: {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "web", finalizers: ["a", "b", "c"] },
      spec: { containers: [{ name: "app" }] },
    },
    patch: { metadata: { "$deleteFromPrimitiveList/finalizers": ["b"] } },
    want: {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { finalizers: ["a", "c"], name: "web" },
      spec: { containers: [{ name: "app" }] },
    },
  },
  {
    name: "$setElementOrder orders a merged list",
    live: {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "web" },
      spec: { containers: [{ name: "a" }, { name: "b" }, { name: "c" }] },
    },
    patch: {
      spec: {
        "$setElementOrder/containers": [{ name: "c" }, { name: "a" }, { name: "b" }],
        containers: [{ name: "a", image: "x" }],
      },
    },
    want: {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "web" },
      spec: { containers: [{ name: "c" }, { image: "x", name: "a" }, { name: "b" }] },
    },
  },
  {
    name: "$retainKeys clears keys it does not list",
    live: {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "web" },
      spec: {
        containers: [{ name: "app" }],
        volumes: [{ name: "v", emptyDir: {}, hostPath: { path: "/x" } }],
      },
    },
    patch: {
      spec: { volumes: [{ name: "v", $retainKeys: ["name", "hostPath"], hostPath: { path: "/y" } }] },
    },
    want: {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "web" },
      spec: { containers: [{ name: "app" }], volumes: [{ hostPath: { path: "/y" }, name: "v" }] },
    },
  },
  {
    name: "a list item without its merge key",
    live: {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "web" },
      spec: { containers: [{ name: "app" }] },
    },
    patch: { spec: { containers: [{ image: "x" }] } },
    error: "map: map[image:x] does not contain declared merge key: name",
  },
  {
    name: "an unknown $patch directive",
    live: {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "web" },
      spec: { containers: [{ name: "app" }] },
    },
    patch: { spec: { containers: [{ name: "app", $patch: "frobnicate" }] } },
    error: "unknown patch type: frobnicate in map: map[$patch:frobnicate name:app]",
  },
  {
    name: "$patch: merge in a list",
    live: {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "web" },
      spec: { containers: [{ name: "app" }] },
    },
    patch: { spec: { containers: [{ name: "app", $patch: "merge" }] } },
    error: "merging lists cannot yet be specified in the patch",
  },
  {
    name: "$retainKeys that omits a patched field",
    live: {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "web" },
      spec: { containers: [{ name: "app" }] },
    },
    patch: { spec: { $retainKeys: ["containers"], hostname: "h" } },
    error: "invalid patch format of retainKeys",
  },
  {
    name: "$setElementOrder that contradicts the patch",
    live: {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "web" },
      spec: { containers: [{ name: "a" }, { name: "b" }] },
    },
    patch: {
      spec: {
        "$setElementOrder/containers": [{ name: "a" }, { name: "b" }],
        containers: [
          { name: "b", image: "y" },
          { name: "a", image: "x" },
        ],
      },
    },
    error:
      "The order in patch list:\n[map[image:y name:b] map[image:x name:a]]\n doesn't match $setElementOrder list:\n[map[name:a] map[name:b]]",
  },
  {
    name: "a list of scalars where a merge list of maps is expected",
    live: {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "web" },
      spec: { containers: [{ name: "app" }] },
    },
    patch: { spec: { containers: ["app"] } },
    error: "list element types are not identical: [[map[name:app]] [app]]",
  },
  {
    name: "Service ports merge by port",
    live: {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "web" },
      spec: {
        ports: [
          { name: "http", port: 80, protocol: "TCP", targetPort: 8080 },
          { name: "https", port: 443 },
        ],
      },
    },
    patch: {
      spec: {
        ports: [
          { port: 80, targetPort: 9090 },
          { port: 53, protocol: "UDP", name: "dns" },
        ],
      },
    },
    want: {
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "web" },
      spec: {
        ports: [
          { name: "http", port: 80, protocol: "TCP", targetPort: 9090 },
          { name: "dns", port: 53, protocol: "UDP" },
          { name: "https", port: 443 },
        ],
      },
    },
  },
  {
    name: "Deployment template containers merge by name",
    live: {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web" },
      spec: {
        strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1 } },
        template: { spec: { containers: [{ name: "app", image: "nginx:1" }] } },
      },
    },
    patch: { spec: { template: { spec: { containers: [{ name: "app", image: "nginx:2" }] } } } },
    want: {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web" },
      spec: {
        strategy: { rollingUpdate: { maxSurge: 1 }, type: "RollingUpdate" },
        template: { spec: { containers: [{ image: "nginx:2", name: "app" }] } },
      },
    },
  },
  {
    name: "Deployment strategy with $retainKeys",
    live: {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web" },
      spec: {
        strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 1 } },
        template: { spec: { containers: [{ name: "app", image: "nginx:1" }] } },
      },
    },
    patch: { spec: { strategy: { $retainKeys: ["type"], type: "Recreate" } } },
    want: {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web" },
      spec: {
        strategy: { type: "Recreate" },
        template: { spec: { containers: [{ image: "nginx:1", name: "app" }] } },
      },
    },
  },
  {
    name: "Node taints are replaced, addresses merge by type",
    live: {
      apiVersion: "v1",
      kind: "Node",
      metadata: { name: "n1" },
      spec: { taints: [{ key: "a", effect: "NoSchedule" }] },
      status: {
        addresses: [
          { type: "InternalIP", address: "10.0.0.1" },
          { type: "Hostname", address: "n1" },
        ],
      },
    },
    patch: {
      spec: { taints: [{ key: "b", effect: "NoExecute" }] },
      status: { addresses: [{ type: "InternalIP", address: "10.0.0.2" }] },
    },
    want: {
      apiVersion: "v1",
      kind: "Node",
      metadata: { name: "n1" },
      spec: { taints: [{ effect: "NoExecute", key: "b" }] },
      status: {
        addresses: [
          { address: "10.0.0.2", type: "InternalIP" },
          { address: "n1", type: "Hostname" },
        ],
      },
    },
  },
];

function metaOf(obj: JsonObject) {
  const meta = patchMetaFor(String(obj.apiVersion), String(obj.kind));
  if (!meta) throw new Error(`no patch metadata for ${String(obj.kind)}`);
  return meta;
}

describe("strategicMergePatch (recorded from kubectl patch --local v1.32.4)", () => {
  it.each(CASES)("$name", (c) => {
    if (c.error !== undefined) {
      expect(() => strategicMergePatch(c.live, c.patch, metaOf(c.live))).toThrow(PatchError);
      try {
        strategicMergePatch(c.live, c.patch, metaOf(c.live));
      } catch (err) {
        expect((err as Error).message.trimEnd()).toBe(c.error);
      }
      return;
    }
    expect(strategicMergePatch(c.live, c.patch, metaOf(c.live))).toEqual(c.want);
  });

  it("leaves its arguments untouched (the live object may be frozen)", () => {
    const live = Object.freeze(structuredClone(CASES[0]!.live));
    const patch = structuredClone(CASES[0]!.patch);
    const before = JSON.stringify(patch);
    strategicMergePatch(live, patch, metaOf(live));
    expect(JSON.stringify(patch)).toBe(before);
  });
});

/** JSON without arrays and without `$` keys: where strategic merge has nothing strategic to do. */
const plainJson: fc.Arbitrary<JsonObject> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.constantFrom<string | number | boolean | null>("x", "y", 1, true, null),
    tie("object"),
  ),
  object: fc.dictionary(fc.constantFrom("a", "b", "c"), tie("value"), { maxKeys: 3 }),
})).object as fc.Arbitrary<JsonObject>;

describe("strategicMergePatch without lists", () => {
  it("is RFC 7386 JSON merge patch: objects merge, null deletes, nulls in added values vanish", () => {
    fc.assert(
      fc.property(plainJson, plainJson, (doc, patch) => {
        const cleanDoc = JSON.parse(
          JSON.stringify(doc, (_k, v) => (v === null ? undefined : v)),
        ) as JsonObject;
        expect(strategicMergePatch(cleanDoc, patch, NO_PATCH_META)).toEqual(jsonMergePatch(cleanDoc, patch));
      }),
    );
  });
});

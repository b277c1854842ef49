import type { KubeObject } from "@kubesim/core";
import type { DataEntry } from "./dataSources.js";
import { configMapKeyErrors } from "./dataSources.js";
import { fail, type GenerateResult, sortedMap } from "./goMaps.js";

/**
 * The ConfigMap `kubectl create configmap NAME` sends
 * (k8s.io/kubectl/pkg/cmd/create/create_configmap.go `createConfigMap`): file entries first, then
 * literals, then env-file entries, each key checked (`validateNewConfigMap`); an empty `data`
 * is left out, as Go's `omitempty` does. `namespace` is set only when `-n` was given.
 */
export function generateConfigMap(
  name: string,
  namespace: string | undefined,
  sources: {
    readonly files: readonly DataEntry[];
    readonly literals: readonly DataEntry[];
    readonly envFiles: readonly DataEntry[];
  },
): GenerateResult<KubeObject> {
  const data: Record<string, string> = {};
  for (const { key, value } of [...sources.files, ...sources.literals, ...sources.envFiles]) {
    const errs = configMapKeyErrors(key);
    if (errs.length > 0)
      return fail(`${JSON.stringify(key)} is not a valid key name for a ConfigMap: ${errs.join(",")}`);
    if (Object.hasOwn(data, key)) {
      return fail(
        `cannot add key ${JSON.stringify(key)}, another key by that name already exists in Data for ConfigMap ${JSON.stringify(name)}`,
      );
    }
    data[key] = value;
  }
  return {
    ok: true,
    object: {
      kind: "ConfigMap",
      apiVersion: "v1",
      metadata: { name, ...(namespace ? { namespace } : {}), creationTimestamp: null as unknown as string },
      ...(Object.keys(data).length > 0 ? { data: sortedMap(data) } : {}),
    },
  };
}

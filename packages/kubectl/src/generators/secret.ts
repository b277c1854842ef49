import type { KubeObject } from "@kubesim/core";
import type { DataEntry } from "./dataSources.js";
import { configMapKeyErrors } from "./dataSources.js";
import { fail, type GenerateResult, sortedMap } from "./goMaps.js";

/**
 * The Secret `kubectl create secret generic NAME` sends
 * (k8s.io/kubectl/pkg/cmd/create/create_secret.go `createSecret`): literals first, then files,
 * then env files, each key checked (`addKeyFromLiteralToSecret`), values base64-encoded as Go
 * encodes `[]byte`, `type` only when `--type` was given; an empty `data` is left out.
 */
export function generateGenericSecret(
  name: string,
  namespace: string | undefined,
  type: string,
  sources: {
    readonly files: readonly DataEntry[];
    readonly literals: readonly DataEntry[];
    readonly envFiles: readonly DataEntry[];
  },
): GenerateResult<KubeObject> {
  const data: Record<string, string> = {};
  for (const { key, value } of [...sources.literals, ...sources.files, ...sources.envFiles]) {
    const errs = configMapKeyErrors(key);
    if (errs.length > 0)
      return fail(`${JSON.stringify(key)} is not valid key name for a Secret ${errs.join(";")}`);
    if (Object.hasOwn(data, key))
      return fail(`cannot add key ${key}, another key by that name already exists`);
    data[key] = base64Utf8(value);
  }
  return {
    ok: true,
    object: {
      kind: "Secret",
      apiVersion: "v1",
      metadata: { name, ...(namespace ? { namespace } : {}), creationTimestamp: null as unknown as string },
      ...(Object.keys(data).length > 0 ? { data: sortedMap(data) } : {}),
      ...(type ? { type } : {}),
    },
  };
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Standard base64 (with padding) of the UTF-8 bytes of `text`, as Go's JSON encodes a `[]byte`. */
export function base64Utf8(text: string): string {
  const bytes: number[] = [];
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) bytes.push(cp);
    else if (cp < 0x800) bytes.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) bytes.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else bytes.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  }
  let out = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const [a, b, c] = [bytes[i]!, bytes[i + 1], bytes[i + 2]];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    out += B64[n >> 18]! + B64[(n >> 12) & 63]!;
    out += b === undefined ? "=" : B64[(n >> 6) & 63]!;
    out += c === undefined ? "=" : B64[n & 63]!;
  }
  return out;
}

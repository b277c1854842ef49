/**
 * ConfigMap and Secret validation, after `ValidateConfigMap`, `ValidateConfigMapUpdate`,
 * `ValidateSecret` and `ValidateSecretUpdate` in Kubernetes' `pkg/apis/core/validation/validation.go`
 * and `IsConfigMapKey` in `k8s.io/apimachinery/pkg/util/validation/validation.go` (Kubernetes 1.33).
 *
 * Go walks `data` in random map order; kubesim walks keys in byte order so errors come out the same way
 * every time.
 *
 * @module
 */

import type { ConfigMap, Secret } from "kubernetes-types/core/v1.js";
import { type FieldError, forbidden, invalid, path, required, tooLong } from "../../validation/field.js";
import { compareGoStrings, utf8Length } from "../../validation/goStrings.js";
import { maxLenError, nameIsDNSSubdomain, regexError, validateObjectMeta } from "../../validation/names.js";
import {
  FIELD_IMMUTABLE_ERROR_MSG,
  validateObjectMetaUpdate,
} from "../../validation/validateObjectMetaUpdate.js";
import { base64DecodedLength } from "./base64.js";

/** `core.MaxSecretSize`: 1 MiB, the limit on the summed size of a ConfigMap's or Secret's values. */
export const MAX_SECRET_SIZE_BYTES = 1024 * 1024;

const CONFIG_MAP_KEY_FMT = "[-._a-zA-Z0-9]+";
const CONFIG_MAP_KEY_RE = new RegExp("^" + CONFIG_MAP_KEY_FMT + "$");

/**
 * `validation.IsConfigMapKey`: at most 253 bytes of alphanumerics, `-`, `_` and `.`, and not `.`, `..`
 * or anything starting with `..` (keys become file names in volumes). Returns the failure messages.
 */
export function isConfigMapKey(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > 253) errs.push(maxLenError(253));
  if (!CONFIG_MAP_KEY_RE.test(value)) {
    errs.push(
      regexError(
        "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
        CONFIG_MAP_KEY_FMT,
        "key.name",
        "KEY_NAME",
        "key-name",
      ),
    );
  }
  if (value === ".") errs.push("must not be '.'");
  else if (value === "..") errs.push("must not be '..'");
  else if (value.startsWith("..")) errs.push("must not start with '..'");
  return errs;
}

function sortedKeys(m: Readonly<Record<string, string>> | undefined): string[] {
  return m ? Object.keys(m).sort(compareGoStrings) : [];
}

/** The decoded size of a `[]byte` field sent as base64; undecodable text counts as its own length. */
function byteFieldLength(b64: string): number {
  return base64DecodedLength(b64) ?? utf8Length(b64);
}

/**
 * `ValidateConfigMap`: metadata (name a DNS-1123 subdomain), every `data` key a config key and not also
 * in `binaryData` (`duplicate of key present in binaryData`), every `binaryData` key, then the total
 * size: `[]: Too long: may not be more than 1048576 bytes` (Go reports it at the empty path).
 */
export function validateConfigMap(cm: ConfigMap): FieldError[] {
  const errs = validateObjectMeta(
    cm.metadata ?? {},
    { requiresNamespace: true, nameFn: nameIsDNSSubdomain },
    path("metadata"),
  );
  let totalSize = 0;
  for (const key of sortedKeys(cm.data)) {
    const keyPath = path("data").key(key);
    for (const msg of isConfigMapKey(key)) errs.push(invalid(keyPath, key, msg));
    if (cm.binaryData && Object.hasOwn(cm.binaryData, key)) {
      errs.push(invalid(keyPath, key, "duplicate of key present in binaryData"));
    }
    totalSize += utf8Length(cm.data![key]!);
  }
  for (const key of sortedKeys(cm.binaryData)) {
    for (const msg of isConfigMapKey(key)) errs.push(invalid(path("binaryData").key(key), key, msg));
    totalSize += byteFieldLength(cm.binaryData![key]!);
  }
  if (totalSize > MAX_SECRET_SIZE_BYTES) errs.push(tooLong(path(""), MAX_SECRET_SIZE_BYTES));
  return errs;
}

function sameStringMap(
  a: Readonly<Record<string, string>> | undefined,
  b: Readonly<Record<string, string>> | undefined,
): boolean {
  // Go's reflect.DeepEqual tells a nil map from an empty one.
  if (a === undefined || b === undefined) return a === b;
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}

/**
 * `ValidateConfigMapUpdate`: metadata update rules; once `immutable: true` is stored, `immutable`,
 * `data` and `binaryData` may not change (`data: Forbidden: field is immutable when \`immutable\` is set`);
 * then the new object as on create.
 */
export function validateConfigMapUpdate(cm: ConfigMap, old: ConfigMap): FieldError[] {
  const errs = validateObjectMetaUpdate(cm.metadata ?? {}, old.metadata ?? {}, path("metadata"));
  if (old.immutable === true) {
    const msg = "field is immutable when `immutable` is set";
    if (cm.immutable !== true) errs.push(forbidden(path("immutable"), msg));
    if (!sameStringMap(cm.data, old.data)) errs.push(forbidden(path("data"), msg));
    if (!sameStringMap(cm.binaryData, old.binaryData)) errs.push(forbidden(path("binaryData"), msg));
  }
  errs.push(...validateConfigMap(cm));
  return errs;
}

/**
 * `ValidateSecret`: metadata, `data` keys, the 1 MiB total (`data: Too long: may not be more than
 * 1048576 bytes`), and the keys each built-in `type` requires, e.g. `data[tls.crt]: Required value` for
 * `kubernetes.io/tls` or `metadata.annotations[kubernetes.io/service-account.name]: Required value`.
 * The JSON check of docker config secrets is left out.
 */
export function validateSecret(secret: Secret): FieldError[] {
  const errs = validateObjectMeta(
    secret.metadata ?? {},
    { requiresNamespace: true, nameFn: nameIsDNSSubdomain },
    path("metadata"),
  );
  const dataPath = path("data");
  const data = secret.data ?? {};
  let totalSize = 0;
  for (const key of sortedKeys(secret.data)) {
    for (const msg of isConfigMapKey(key)) errs.push(invalid(dataPath.key(key), key, msg));
    totalSize += byteFieldLength(data[key]!);
  }
  if (totalSize > MAX_SECRET_SIZE_BYTES) errs.push(tooLong(dataPath, MAX_SECRET_SIZE_BYTES));
  const has = (key: string): boolean => Object.hasOwn(data, key);
  switch (secret.type ?? "") {
    case "kubernetes.io/service-account-token":
      if (!secret.metadata?.annotations?.["kubernetes.io/service-account.name"]) {
        errs.push(required(path("metadata", "annotations").key("kubernetes.io/service-account.name")));
      }
      break;
    case "kubernetes.io/dockercfg":
      if (!has(".dockercfg")) errs.push(required(dataPath.key(".dockercfg")));
      break;
    case "kubernetes.io/dockerconfigjson":
      if (!has(".dockerconfigjson")) errs.push(required(dataPath.key(".dockerconfigjson")));
      break;
    case "kubernetes.io/basic-auth":
      if (!has("username") && !has("password")) {
        errs.push(required(dataPath.key("username")), required(dataPath.key("password")));
      }
      break;
    case "kubernetes.io/ssh-auth":
      if ((byteFieldLength(data["ssh-privatekey"] ?? "") || 0) === 0) {
        errs.push(required(dataPath.key("ssh-privatekey")));
      }
      break;
    case "kubernetes.io/tls":
      if (!has("tls.crt")) errs.push(required(dataPath.key("tls.crt")));
      if (!has("tls.key")) errs.push(required(dataPath.key("tls.key")));
      break;
  }
  return errs;
}

/**
 * `ValidateSecretUpdate`: metadata update rules, `type: Invalid value: "x": field is immutable`, the
 * `immutable` rules as for ConfigMaps, then the new Secret as on create.
 */
export function validateSecretUpdate(secret: Secret, old: Secret): FieldError[] {
  const errs = validateObjectMetaUpdate(secret.metadata ?? {}, old.metadata ?? {}, path("metadata"));
  const type = secret.type ?? "";
  if (type !== (old.type ?? "")) errs.push(invalid(path("type"), type, FIELD_IMMUTABLE_ERROR_MSG));
  if (old.immutable === true) {
    const msg = "field is immutable when `immutable` is set";
    if (secret.immutable !== true) errs.push(forbidden(path("immutable"), msg));
    if (!sameStringMap(secret.data, old.data)) errs.push(forbidden(path("data"), msg));
  }
  errs.push(...validateSecret(secret));
  return errs;
}

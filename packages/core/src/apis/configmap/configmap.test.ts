import type { ConfigMap, Secret } from "kubernetes-types/core/v1.js";
import { describe, expect, it } from "vitest";
import { errorString } from "../../validation/field.js";
import { base64DecodedLength, base64EncodeUtf8 } from "./base64.js";
import { defaultConfigMap, defaultSecret } from "./defaults.js";
import {
  isConfigMapKey,
  validateConfigMap,
  validateConfigMapUpdate,
  validateSecret,
  validateSecretUpdate,
} from "./validation.js";

const KEY_MSG =
  "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

function cm(data?: Record<string, string>, extra: Partial<ConfigMap> = {}): ConfigMap {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name: "app", namespace: "default" },
    data,
    ...extra,
  };
}

// apimachinery util/validation/validation_test.go TestIsConfigMapKey
describe("IsConfigMapKey", () => {
  it.each(["a", "app.properties", "KEY_NAME", "key-name", ".dotfile", "a..b"])("accepts %s", (key) => {
    expect(isConfigMapKey(key)).toEqual([]);
  });
  it.each([
    ["a b", [KEY_MSG]],
    ["a/b", [KEY_MSG]],
    [".", ["must not be '.'"]],
    ["..", ["must not be '..'"]],
    ["..data", ["must not start with '..'"]],
    ["", [KEY_MSG]],
    ["a".repeat(254), ["must be no more than 253 characters"]],
  ])("rejects %j", (key, msgs) => {
    expect(isConfigMapKey(key)).toEqual(msgs);
  });
});

// pkg/apis/core/validation/validation.go ValidateConfigMap / ValidateConfigMapUpdate (TestValidateConfigMap...)
describe("ValidateConfigMap", () => {
  it("reports bad keys in key order and keys in both data and binaryData", () => {
    expect(
      validateConfigMap(cm({ "z z": "1", "a/b": "2", shared: "x" }, { binaryData: { shared: "eA==" } })).map(
        errorString,
      ),
    ).toEqual([
      `data[a/b]: Invalid value: "a/b": ${KEY_MSG}`,
      'data[shared]: Invalid value: "shared": duplicate of key present in binaryData',
      `data[z z]: Invalid value: "z z": ${KEY_MSG}`,
    ]);
  });

  it("limits the total size to 1 MiB, reported at the empty path", () => {
    expect(validateConfigMap(cm({ big: "x".repeat(1024 * 1024 + 1) })).map(errorString)).toEqual([
      "[]: Too long: may not be more than 1048576 bytes",
    ]);
    expect(validateConfigMap(cm({ big: "x".repeat(1024 * 1024) }))).toEqual([]);
  });

  it("freezes data once immutable is stored", () => {
    const old = cm({ a: "1" }, { immutable: true });
    expect(validateConfigMapUpdate(cm({ a: "2" }, { immutable: true }), old).map(errorString)).toEqual([
      "data: Forbidden: field is immutable when `immutable` is set",
    ]);
    expect(validateConfigMapUpdate(cm({ a: "1" }), old).map(errorString)).toEqual([
      "immutable: Forbidden: field is immutable when `immutable` is set",
    ]);
    expect(validateConfigMapUpdate(cm({ a: "2" }), cm({ a: "1" }))).toEqual([]);
  });

  it("stores ConfigMaps as given", () => {
    const input = cm({ a: "1" });
    expect(defaultConfigMap(input)).toBe(input);
  });
});

function secret(extra: Partial<Secret>): Secret {
  return { apiVersion: "v1", kind: "Secret", metadata: { name: "creds", namespace: "default" }, ...extra };
}

// pkg/apis/core/v1/defaults.go SetDefaults_Secret and the v1 conversion of stringData
describe("Secret defaulting", () => {
  it("defaults the type to Opaque and folds stringData into base64 data", () => {
    expect(defaultSecret(secret({ data: { a: "eA==" }, stringData: { a: "over", b: "héllo" } }))).toEqual(
      secret({ type: "Opaque", data: { a: "b3Zlcg==", b: "aMOpbGxv" } }),
    );
  });

  it("encodes and measures base64 as Go does", () => {
    expect(base64EncodeUtf8("")).toBe("");
    expect(base64EncodeUtf8("ab")).toBe("YWI=");
    expect(base64DecodedLength("YWI=")).toBe(2);
    expect(base64DecodedLength("YWI")).toBeNull();
  });
});

// validation.go ValidateSecret / ValidateSecretUpdate (TestValidateSecret...)
describe("ValidateSecret", () => {
  it.each([
    [
      "kubernetes.io/tls needs tls.crt and tls.key",
      secret({ type: "kubernetes.io/tls", data: {} }),
      ["data[tls.crt]: Required value", "data[tls.key]: Required value"],
    ],
    [
      "basic-auth needs a username or a password",
      secret({ type: "kubernetes.io/basic-auth" }),
      ["data[username]: Required value", "data[password]: Required value"],
    ],
    [
      "service-account-token needs the account annotation",
      secret({ type: "kubernetes.io/service-account-token" }),
      ["metadata.annotations[kubernetes.io/service-account.name]: Required value"],
    ],
    [
      "keys are config keys",
      secret({ type: "Opaque", data: { "..x": "" } }),
      ["data[..x]: Invalid value: \"..x\": must not start with '..'"],
    ],
  ])("%s", (_name, s, expected) => {
    expect(validateSecret(s).map(errorString)).toEqual(expected);
  });

  it("counts decoded bytes against the 1 MiB limit", () => {
    // "eHh4" decodes to "xxx": 349526 of them are 1048578 bytes, two over the limit.
    const justOver = "eHh4".repeat(349526);
    expect(validateSecret(secret({ type: "Opaque", data: { big: justOver } })).map(errorString)).toEqual([
      "data: Too long: may not be more than 1048576 bytes",
    ]);
  });

  it("keeps the type immutable", () => {
    expect(
      validateSecretUpdate(
        secret({ type: "kubernetes.io/tls", data: { "tls.crt": "", "tls.key": "" } }),
        secret({ type: "Opaque" }),
      ).map(errorString),
    ).toEqual(['type: Invalid value: "kubernetes.io/tls": field is immutable']);
  });
});

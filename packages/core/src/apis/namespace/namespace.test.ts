import { describe, expect, it } from "vitest";
import { errorString } from "../../validation/field.js";
import { defaultNamespace } from "./defaults.js";
import { validateNamespace, validateNamespaceUpdate } from "./validation.js";

const LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

// pkg/apis/core/v1/defaults.go SetDefaults_Namespace, SetDefaults_NamespaceStatus
describe("SetDefaults_Namespace", () => {
  it("labels the namespace with its own name and marks it Active", () => {
    expect(defaultNamespace({ metadata: { name: "shop", labels: { team: "a" } } })).toEqual({
      metadata: { name: "shop", labels: { team: "a", "kubernetes.io/metadata.name": "shop" } },
      status: { phase: "Active" },
    });
  });

  it("overwrites a spoofed metadata.name label", () => {
    const ns = defaultNamespace({
      metadata: { name: "shop", labels: { "kubernetes.io/metadata.name": "prod" } },
    });
    expect(ns.metadata!.labels).toEqual({ "kubernetes.io/metadata.name": "shop" });
  });
});

// pkg/apis/core/validation/validation.go ValidateNamespace (validation_test.go TestValidateNamespace)
describe("ValidateNamespace", () => {
  it.each([
    [
      "names are DNS-1123 labels",
      { metadata: { name: "My_NS" } },
      [`metadata.name: Invalid value: "My_NS": ${LABEL_MSG}`],
    ],
    [
      "dots are not allowed",
      { metadata: { name: "shop.prod" } },
      ['metadata.name: Invalid value: "shop.prod": must not contain dots'],
    ],
    [
      // Defaulting copied the name into the kubernetes.io/metadata.name label, whose value is too long too.
      "names are at most 63 characters",
      { metadata: { name: "a".repeat(64) } },
      [
        `metadata.name: Invalid value: "${"a".repeat(64)}": must be no more than 63 characters`,
        `metadata.labels: Invalid value: "${"a".repeat(64)}": must be no more than 63 characters`,
      ],
    ],
    [
      "cluster-scoped",
      { metadata: { name: "shop", namespace: "default" } },
      ["metadata.namespace: Forbidden: not allowed on this type"],
    ],
    [
      "a name is required",
      { metadata: {} },
      ["metadata.name: Required value: name or generateName is required"],
    ],
    [
      "finalizers are standard or fully qualified (reported without an index)",
      { metadata: { name: "shop" }, spec: { finalizers: ["kubernetes", "custom"] } },
      [
        'spec.finalizers: Invalid value: "custom": name is neither a standard finalizer name nor is it fully qualified',
      ],
    ],
  ])("%s", (_name, ns, expected) => {
    expect(validateNamespace(defaultNamespace(ns)).map(errorString)).toEqual(expected);
  });

  it("accepts kube-system and friends", () => {
    for (const name of ["default", "kube-system", "kube-public", "kube-node-lease"]) {
      expect(validateNamespace(defaultNamespace({ metadata: { name } }))).toEqual([]);
    }
  });

  it("refuses a rename on update", () => {
    expect(
      validateNamespaceUpdate({ metadata: { name: "b" } }, { metadata: { name: "a" } }).map(errorString),
    ).toEqual(['metadata.name: Invalid value: "b": field is immutable']);
  });
});

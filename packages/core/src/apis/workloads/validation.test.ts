import type { Deployment, DeploymentSpec, ReplicaSet } from "kubernetes-types/apps/v1.js";
import type { ReplicationController } from "kubernetes-types/core/v1.js";
import { describe, expect, it } from "vitest";
import { errorString } from "../../validation/field.js";
import { defaultDeployment, defaultReplicaSet, defaultReplicationController } from "./defaults.js";
import {
  validateDeployment,
  validateDeploymentUpdate,
  validateReplicaSet,
  validateReplicaSetUpdate,
  validateReplicationController,
  validateReplicationControllerUpdate,
} from "./validation.js";

const template = {
  metadata: { labels: { app: "web" } },
  spec: { containers: [{ name: "nginx", image: "nginx:1.27" }] },
};

function deployment(spec: Partial<DeploymentSpec>): Deployment {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "default" },
    spec: { selector: { matchLabels: { app: "web" } }, template, ...spec },
  };
}

function errors(d: Deployment): string[] {
  return validateDeployment(defaultDeployment(d)).map(errorString);
}

// pkg/apis/apps/validation/validation.go ValidateDeployment / ValidateDeploymentSpec
// (validation_test.go TestValidateDeployment, TestValidateDeploymentStrategy)
describe("ValidateDeployment: invalid Deployments and their exact errors, in order", () => {
  const cases: [string, Deployment, string[]][] = [
    [
      "the selector must match the template labels",
      deployment({ selector: { matchLabels: { app: "api" } } }),
      [
        'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
      ],
    ],
    [
      "a missing selector is required and matches nothing",
      deployment({ selector: undefined }),
      [
        "spec.selector: Required value",
        'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
      ],
    ],
    [
      "an empty selector is invalid",
      deployment({ selector: {} }),
      [
        "spec.selector: Invalid value: &LabelSelector{MatchLabels:map[string]string{},MatchExpressions:[]LabelSelectorRequirement{},}: empty selector is invalid for deployment",
      ],
    ],
    [
      "the selector is validated as a label selector",
      deployment({
        selector: { matchLabels: { app: "web" }, matchExpressions: [{ key: "tier", operator: "In" }] },
      }),
      [
        "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
        "spec.selector: Invalid value: &LabelSelector{MatchLabels:map[string]string{app: web,},MatchExpressions:[]LabelSelectorRequirement{LabelSelectorRequirement{Key:tier,Operator:In,Values:[],},},}: invalid label selector",
      ],
    ],
    [
      "replicas are non-negative",
      deployment({ replicas: -1 }),
      ["spec.replicas: Invalid value: -1: must be greater than or equal to 0"],
    ],
    [
      "maxSurge and maxUnavailable may not both be 0",
      deployment({ strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 0 } } }),
      ["spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0"],
    ],
    [
      "percentages are checked as such, maxUnavailable at most 100%",
      deployment({ strategy: { rollingUpdate: { maxSurge: "abc", maxUnavailable: "110%" } } }),
      [
        "spec.strategy.rollingUpdate.maxSurge: Invalid value: abc: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')",
        "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 110%: must not be greater than 100%",
      ],
    ],
    [
      "negative integers are refused",
      deployment({ strategy: { rollingUpdate: { maxSurge: -1 } } }),
      ["spec.strategy.rollingUpdate.maxSurge: Invalid value: -1: must be greater than or equal to 0"],
    ],
    [
      "Recreate takes no rollingUpdate",
      deployment({ strategy: { type: "Recreate", rollingUpdate: { maxSurge: 1 } } }),
      ["spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'"],
    ],
    [
      "only Recreate and RollingUpdate",
      deployment({ strategy: { type: "BlueGreen" } }),
      [
        'spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:"BlueGreen", RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values: "Recreate", "RollingUpdate"',
      ],
    ],
    [
      "the template restartPolicy must be Always",
      deployment({ template: { ...template, spec: { ...template.spec, restartPolicy: "OnFailure" } } }),
      ['spec.template.spec.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"'],
    ],
    [
      "no activeDeadlineSeconds in the template",
      deployment({ template: { ...template, spec: { ...template.spec, activeDeadlineSeconds: 30 } } }),
      [
        "spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported",
      ],
    ],
    [
      "the template pod spec is validated with template paths",
      deployment({ template: { ...template, spec: { containers: [{ name: "nginx", image: "" }] } } }),
      ["spec.template.spec.containers[0].image: Required value"],
    ],
    [
      "progressDeadlineSeconds must exceed minReadySeconds",
      deployment({ minReadySeconds: 600 }),
      ["spec.progressDeadlineSeconds: Invalid value: 600: must be greater than minReadySeconds"],
    ],
    [
      "revisionHistoryLimit and minReadySeconds are non-negative",
      deployment({ revisionHistoryLimit: -1, minReadySeconds: -5 }),
      [
        "spec.minReadySeconds: Invalid value: -5: must be greater than or equal to 0",
        "spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0",
      ],
    ],
    [
      "deployment names are DNS-1123 subdomains",
      { ...deployment({}), metadata: { name: "web_1", namespace: "default" } },
      [
        "metadata.name: Invalid value: \"web_1\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      ],
    ],
  ];

  it.each(cases)("%s", (_name, input, expected) => {
    expect(errors(input)).toEqual(expected);
  });

  it("accepts the defaulted Deployment `kubectl create deployment` makes", () => {
    expect(errors(deployment({}))).toEqual([]);
    expect(
      errors(deployment({ replicas: 0, strategy: { rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } } })),
    ).toEqual([]);
  });
});

// pkg/registry/apps/deployment/strategy.go ValidateUpdate (apps/v1 selector immutability)
describe("ValidateDeploymentUpdate", () => {
  const old = defaultDeployment(deployment({}));

  it("allows scaling and template changes", () => {
    const updated = defaultDeployment({ ...old, spec: { ...old.spec!, replicas: 5 } });
    expect(validateDeploymentUpdate(updated, old)).toEqual([]);
  });

  it("keeps the selector immutable", () => {
    const spec = { ...old.spec!, selector: { matchLabels: { app: "web", tier: "front" } } };
    const updated = defaultDeployment({
      ...old,
      spec: { ...spec, template: { ...template, metadata: { labels: { app: "web", tier: "front" } } } },
    });
    expect(validateDeploymentUpdate(updated, old).map(errorString)).toEqual([
      "spec.selector: Invalid value: &LabelSelector{MatchLabels:map[string]string{app: web,tier: front,},MatchExpressions:[]LabelSelectorRequirement{},}: field is immutable",
    ]);
  });
});

// ValidateReplicaSet / ValidateReplicaSetUpdate
describe("ValidateReplicaSet", () => {
  const rs: ReplicaSet = {
    metadata: { name: "web-7d9f", namespace: "default" },
    spec: { selector: { matchLabels: { app: "web" } }, template },
  };

  it("accepts a matching ReplicaSet and reports the same selector rules as Deployments", () => {
    expect(validateReplicaSet(defaultReplicaSet(rs))).toEqual([]);
    const bad = defaultReplicaSet({ ...rs, spec: { ...rs.spec!, replicas: -2, selector: {} } });
    expect(validateReplicaSet(bad).map(errorString)).toEqual([
      "spec.replicas: Invalid value: -2: must be greater than or equal to 0",
      "spec.selector: Invalid value: &LabelSelector{MatchLabels:map[string]string{},MatchExpressions:[]LabelSelectorRequirement{},}: empty selector is invalid for deployment",
    ]);
  });

  it("keeps the selector immutable on update", () => {
    const old = defaultReplicaSet(rs);
    const updated = defaultReplicaSet({
      ...rs,
      spec: {
        ...rs.spec!,
        selector: { matchLabels: { app: "web", v: "2" } },
        template: { ...template, metadata: { labels: { app: "web", v: "2" } } },
      },
    });
    expect(validateReplicaSetUpdate(updated, old).map(errorString)).toEqual([
      "spec.selector: Invalid value: &LabelSelector{MatchLabels:map[string]string{app: web,v: 2,},MatchExpressions:[]LabelSelectorRequirement{},}: field is immutable",
    ]);
  });
});

// pkg/apis/core/validation/validation.go ValidateReplicationController (validation_test.go TestValidateReplicationController)
describe("ValidateReplicationController", () => {
  const rc: ReplicationController = {
    metadata: { name: "web", namespace: "default" },
    spec: { selector: { app: "web" }, template },
  };

  it("accepts a matching controller", () => {
    expect(validateReplicationController(defaultReplicationController(rc))).toEqual([]);
  });

  it("reports a mismatched selector, negative replicas and a wrong restart policy", () => {
    const bad = defaultReplicationController({
      ...rc,
      spec: {
        selector: { app: "api" },
        replicas: -1,
        template: { ...template, spec: { ...template.spec, restartPolicy: "Never" } },
      },
    });
    expect(validateReplicationController(bad).map(errorString)).toEqual([
      "spec.replicas: Invalid value: -1: must be greater than or equal to 0",
      'spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: `selector` does not match template `labels`',
      'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"',
    ]);
  });

  it("requires a selector and a template (defaulting fills the selector only from template labels)", () => {
    const bad = defaultReplicationController({ metadata: { name: "web", namespace: "default" }, spec: {} });
    expect(validateReplicationController(bad).map(errorString)).toEqual([
      "spec.selector: Required value",
      "spec.template: Required value",
    ]);
  });

  it("allows the selector to change on update (core/v1 has no selector immutability)", () => {
    const old = defaultReplicationController(rc);
    const updated = defaultReplicationController({ ...rc, spec: { ...rc.spec, selector: {} } });
    expect(validateReplicationControllerUpdate(updated, old)).toEqual([]);
  });
});

/**
 * Deployment, ReplicaSet and ReplicationController validation with Kubernetes 1.33's field paths and
 * messages: `ValidateDeployment`, `ValidateDeploymentUpdate`, `ValidateReplicaSet`,
 * `ValidateReplicaSetUpdate` (`pkg/apis/apps/validation/validation.go`), `ValidateReplicationController`
 * and `ValidateReplicationControllerUpdate` (`pkg/apis/core/validation/validation.go`), plus the apps/v1
 * selector immutability the registry strategies add on update (`pkg/registry/apps/deployment/strategy.go`,
 * `pkg/registry/apps/replicaset/strategy.go`).
 *
 * @module
 */

import type {
  Deployment,
  DeploymentSpec,
  DeploymentStrategy,
  ReplicaSet,
  ReplicaSetSpec,
} from "kubernetes-types/apps/v1.js";
import type { PodTemplateSpec, ReplicationController } from "kubernetes-types/core/v1.js";
import {
  labelSelectorAsSelector,
  type Selector,
  selectorFromSet,
  selectorMatches,
} from "../../labels/selector.js";
import { validateLabelSelector } from "../../labels/validateLabelSelector.js";
import {
  type FieldError,
  type FieldPath,
  forbidden,
  goRepr,
  invalid,
  notSupported,
  path,
  required,
} from "../../validation/field.js";
import { goQuote } from "../../validation/goStrings.js";
import { nameIsDNSSubdomain, regexError, validateObjectMeta } from "../../validation/names.js";
import {
  FIELD_IMMUTABLE_ERROR_MSG,
  validateObjectMetaUpdate,
} from "../../validation/validateObjectMetaUpdate.js";
import { deepEqual } from "../pod/deepEqual.js";
import { goIntOrString, goLabelSelector, goStringMap } from "../pod/goRepr.js";
import {
  IS_NEGATIVE_ERROR_MSG,
  validateNonnegativeField,
  validatePodTemplateSpec,
} from "../pod/validation.js";

const SELECTOR_MISMATCH_MSG = "`selector` does not match template `labels`";

function isEmptySelector(selector: Selector): boolean {
  return selector.kind === "requirements" && selector.requirements.length === 0;
}

/**
 * The template checks shared by the three kinds (`ValidatePodTemplateSpecForReplicaSet` /
 * `ValidatePodTemplateSpecForRC`): a non-empty selector must match the template labels
 * (`spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: \`selector\` does not
 * match template \`labels\``), then the pod template, `restartPolicy` must be `Always`, and no
 * `activeDeadlineSeconds`. A missing selector matches nothing, so it fails the label check too, as in
 * Kubernetes.
 */
function validateTemplateForController(
  template: PodTemplateSpec | undefined,
  selector: Selector,
  kind: string,
  fldPath: FieldPath,
): FieldError[] {
  if (template === undefined) return [required(fldPath)];
  const errs: FieldError[] = [];
  const labels = template.metadata?.labels;
  if (!isEmptySelector(selector) && !selectorMatches(selector, labels ?? {})) {
    errs.push(invalid(fldPath.child("metadata", "labels"), goStringMap(labels), SELECTOR_MISMATCH_MSG));
  }
  errs.push(...validatePodTemplateSpec(template, fldPath));
  const restartPolicy = template.spec?.restartPolicy ?? "";
  if (restartPolicy !== "Always") {
    errs.push(notSupported(fldPath.child("spec", "restartPolicy"), restartPolicy, ["Always"]));
  }
  if (template.spec?.activeDeadlineSeconds !== undefined && template.spec.activeDeadlineSeconds !== null) {
    errs.push(
      forbidden(
        fldPath.child("spec", "activeDeadlineSeconds"),
        `activeDeadlineSeconds in ${kind} is not Supported`,
      ),
    );
  }
  return errs;
}

/**
 * The selector checks of `ValidateDeploymentSpec` / `ValidateReplicaSetSpec`: required, a valid label
 * selector, not empty (`empty selector is invalid for deployment`, for ReplicaSets too), convertible
 * (`invalid label selector`); then the template against it.
 */
function validateSelectorAndTemplate(
  spec: DeploymentSpec | ReplicaSetSpec,
  kind: string,
  fldPath: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  const selectorPath = fldPath.child("selector");
  const ls = spec.selector;
  if (ls === undefined || ls === null) {
    errs.push(required(selectorPath));
  } else {
    errs.push(...validateLabelSelector(ls, selectorPath));
    if (Object.keys(ls.matchLabels ?? {}).length + (ls.matchExpressions ?? []).length === 0) {
      errs.push(invalid(selectorPath, goLabelSelector(ls), "empty selector is invalid for deployment"));
    }
  }
  const converted = labelSelectorAsSelector(ls);
  if (!converted.ok) errs.push(invalid(selectorPath, goLabelSelector(ls), "invalid label selector"));
  else
    errs.push(
      ...validateTemplateForController(spec.template, converted.selector, kind, fldPath.child("template")),
    );
  return errs;
}

const PERCENT_FMT = "[0-9]+%";

function percentValue(v: number | string | undefined): number | null {
  return typeof v === "string" && /^[0-9]+%$/.test(v) ? Number.parseInt(v.slice(0, -1), 10) : null;
}

/** `getIntOrPercentValue`: the percentage's number, else the integer (a non-numeric string counts as 0). */
function intOrPercentValue(v: number | string | undefined): number {
  const pct = percentValue(v);
  if (pct !== null) return pct;
  if (typeof v === "number") return v;
  return v !== undefined && /^[+-]?[0-9]+$/.test(v) ? Number.parseInt(v, 10) : 0;
}

/** `ValidatePositiveIntOrPercent`: a percentage string like `25%`, or a non-negative integer. */
function validatePositiveIntOrPercent(v: number | string | undefined, fldPath: FieldPath): FieldError[] {
  if (typeof v === "string") {
    if (/^[0-9]+%$/.test(v)) return [];
    return [
      invalid(
        fldPath,
        goIntOrString(v),
        regexError(
          "a valid percent string must be a numeric string followed by an ending '%'",
          PERCENT_FMT,
          "1%",
          "93%",
        ),
      ),
    ];
  }
  return v !== undefined && v < 0 ? [invalid(fldPath, v, IS_NEGATIVE_ERROR_MSG)] : [];
}

function goDeploymentStrategy(strategy: DeploymentStrategy): string {
  // %#v of the internal struct; a set rollingUpdate pointer prints as an address in Go.
  const ru = strategy.rollingUpdate
    ? "(*apps.RollingUpdateDeployment)(0xc000000000)"
    : "(*apps.RollingUpdateDeployment)(nil)";
  return `apps.DeploymentStrategy{Type:${goQuote(strategy.type ?? "")}, RollingUpdate:${ru}}`;
}

/**
 * `ValidateDeploymentStrategy` and `ValidateRollingUpdateDeployment`: `Recreate` without `rollingUpdate`;
 * `RollingUpdate` with valid `maxUnavailable`/`maxSurge`, not both 0
 * (`maxUnavailable: Invalid value: 0: may not be 0 when \`maxSurge\` is 0`), `maxUnavailable` at most 100%.
 */
function validateDeploymentStrategy(
  strategy: DeploymentStrategy | undefined,
  fldPath: FieldPath,
): FieldError[] {
  const s = strategy ?? {};
  switch (s.type) {
    case "Recreate":
      return s.rollingUpdate
        ? [
            forbidden(
              fldPath.child("rollingUpdate"),
              "may not be specified when strategy `type` is 'Recreate'",
            ),
          ]
        : [];
    case "RollingUpdate": {
      const ru = s.rollingUpdate;
      if (!ru) return [required(fldPath.child("rollingUpdate"), "this should be defaulted and never be nil")];
      const p = fldPath.child("rollingUpdate");
      const errs = validatePositiveIntOrPercent(ru.maxUnavailable, p.child("maxUnavailable"));
      errs.push(...validatePositiveIntOrPercent(ru.maxSurge, p.child("maxSurge")));
      if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0) {
        errs.push(
          invalid(
            p.child("maxUnavailable"),
            goIntOrString(ru.maxUnavailable),
            "may not be 0 when `maxSurge` is 0",
          ),
        );
      }
      const pct = percentValue(ru.maxUnavailable);
      if (pct !== null && pct > 100) {
        errs.push(
          invalid(
            p.child("maxUnavailable"),
            goIntOrString(ru.maxUnavailable),
            "must not be greater than 100%",
          ),
        );
      }
      return errs;
    }
    default:
      return [notSupported(fldPath, goRepr(goDeploymentStrategy(s)), ["Recreate", "RollingUpdate"])];
  }
}

function validateDeploymentSpec(spec: DeploymentSpec, fldPath: FieldPath): FieldError[] {
  const errs = validateNonnegativeField(spec.replicas ?? 0, fldPath.child("replicas"));
  errs.push(...validateSelectorAndTemplate(spec, "ReplicaSet", fldPath));
  errs.push(...validateDeploymentStrategy(spec.strategy, fldPath.child("strategy")));
  const minReadySeconds = spec.minReadySeconds ?? 0;
  errs.push(...validateNonnegativeField(minReadySeconds, fldPath.child("minReadySeconds")));
  if (spec.revisionHistoryLimit !== undefined && spec.revisionHistoryLimit !== null) {
    errs.push(...validateNonnegativeField(spec.revisionHistoryLimit, fldPath.child("revisionHistoryLimit")));
  }
  const pds = spec.progressDeadlineSeconds;
  if (pds !== undefined && pds !== null) {
    errs.push(...validateNonnegativeField(pds, fldPath.child("progressDeadlineSeconds")));
    if (pds <= minReadySeconds) {
      errs.push(
        invalid(fldPath.child("progressDeadlineSeconds"), pds, "must be greater than minReadySeconds"),
      );
    }
  }
  return errs;
}

const metaOpts = { requiresNamespace: true, nameFn: nameIsDNSSubdomain };

/**
 * `ValidateDeployment`: metadata (name a DNS-1123 subdomain), `replicas` not negative, the selector
 * (`spec.selector: Required value`, `empty selector is invalid for deployment`), the template (labels
 * matching the selector, the pod spec, `restartPolicy: Always`), the strategy, `minReadySeconds`,
 * `revisionHistoryLimit` and `progressDeadlineSeconds` (`must be greater than minReadySeconds`). Expects
 * a defaulted Deployment.
 */
export function validateDeployment(deployment: Deployment): FieldError[] {
  const errs = validateObjectMeta(deployment.metadata ?? {}, metaOpts, path("metadata"));
  errs.push(...validateDeploymentSpec(deployment.spec ?? ({} as DeploymentSpec), path("spec")));
  return errs;
}

function selectorImmutable(
  selector: DeploymentSpec["selector"] | undefined,
  oldSelector: DeploymentSpec["selector"] | undefined,
): FieldError[] {
  if (deepEqual(selector, oldSelector)) return [];
  return [invalid(path("spec", "selector"), goLabelSelector(selector), FIELD_IMMUTABLE_ERROR_MSG)];
}

/**
 * `ValidateDeploymentUpdate` plus the apps/v1 strategy's selector rule: metadata update rules, the new
 * spec as on create, then `spec.selector: Invalid value: &LabelSelector{...}: field is immutable`.
 */
export function validateDeploymentUpdate(deployment: Deployment, old: Deployment): FieldError[] {
  const errs = validateObjectMetaUpdate(deployment.metadata ?? {}, old.metadata ?? {}, path("metadata"));
  errs.push(...validateDeploymentSpec(deployment.spec ?? ({} as DeploymentSpec), path("spec")));
  errs.push(...selectorImmutable(deployment.spec?.selector, old.spec?.selector));
  return errs;
}

function validateReplicaSetSpec(spec: ReplicaSetSpec, fldPath: FieldPath): FieldError[] {
  const errs = validateNonnegativeField(spec.replicas ?? 0, fldPath.child("replicas"));
  errs.push(...validateNonnegativeField(spec.minReadySeconds ?? 0, fldPath.child("minReadySeconds")));
  errs.push(...validateSelectorAndTemplate(spec, "ReplicaSet", fldPath));
  return errs;
}

/** `ValidateReplicaSet`: metadata, `replicas`, `minReadySeconds`, selector and template as for Deployments. */
export function validateReplicaSet(rs: ReplicaSet): FieldError[] {
  const errs = validateObjectMeta(rs.metadata ?? {}, metaOpts, path("metadata"));
  errs.push(...validateReplicaSetSpec(rs.spec ?? ({} as ReplicaSetSpec), path("spec")));
  return errs;
}

/** `ValidateReplicaSetUpdate` plus the apps/v1 selector immutability. */
export function validateReplicaSetUpdate(rs: ReplicaSet, old: ReplicaSet): FieldError[] {
  const errs = validateObjectMetaUpdate(rs.metadata ?? {}, old.metadata ?? {}, path("metadata"));
  errs.push(...validateReplicaSetSpec(rs.spec ?? ({} as ReplicaSetSpec), path("spec")));
  errs.push(...selectorImmutable(rs.spec?.selector, old.spec?.selector));
  return errs;
}

function validateReplicationControllerSpec(rc: ReplicationController, fldPath: FieldPath): FieldError[] {
  const spec = rc.spec ?? {};
  const errs = validateNonnegativeField(spec.minReadySeconds ?? 0, fldPath.child("minReadySeconds"));
  if (Object.keys(spec.selector ?? {}).length === 0) errs.push(required(fldPath.child("selector")));
  errs.push(...validateNonnegativeField(spec.replicas ?? 0, fldPath.child("replicas")));
  errs.push(
    ...validateTemplateForController(
      spec.template,
      selectorFromSet(spec.selector),
      "ReplicationController",
      fldPath.child("template"),
    ),
  );
  return errs;
}

/**
 * `ValidateReplicationController`: metadata, `minReadySeconds`, a non-empty `spec.selector` map
 * (defaulting copies the template labels into it), `replicas`, and the template (`spec.template:
 * Required value` when missing).
 */
export function validateReplicationController(rc: ReplicationController): FieldError[] {
  const errs = validateObjectMeta(rc.metadata ?? {}, metaOpts, path("metadata"));
  errs.push(...validateReplicationControllerSpec(rc, path("spec")));
  return errs;
}

/** `ValidateReplicationControllerUpdate`: metadata update rules and the spec as on create (the selector may change). */
export function validateReplicationControllerUpdate(
  rc: ReplicationController,
  old: ReplicationController,
): FieldError[] {
  const errs = validateObjectMetaUpdate(rc.metadata ?? {}, old.metadata ?? {}, path("metadata"));
  errs.push(...validateReplicationControllerSpec(rc, path("spec")));
  return errs;
}

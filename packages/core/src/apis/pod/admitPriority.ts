/**
 * The Priority admission plugin (`plugin/pkg/admission/priority/admission.go`), enabled by default in
 * kube-apiserver: on Pod CREATE it resolves `spec.priorityClassName` to `spec.priority` and
 * `spec.preemptionPolicy`. Without a class and without a global-default PriorityClass a Pod gets
 * `priority: 0` and `preemptionPolicy: PreemptLowerPriority`, which is what `kubectl get pod -o yaml` shows.
 *
 * @module
 */

import { produce } from "immer";
import type { Pod } from "kubernetes-types/core/v1.js";
import type { AdmissionResult } from "./admitServiceAccount.js";

/** A PriorityClass as the plugin uses it. */
export interface PriorityClassInfo {
  readonly value: number;
  /** Absent means `PreemptLowerPriority`. */
  readonly preemptionPolicy?: string;
}

/** `scheduling.SystemPriorityClasses()`: the two built-in classes every cluster has. */
export const SYSTEM_PRIORITY_CLASSES: Readonly<Record<string, PriorityClassInfo>> = {
  "system-cluster-critical": { value: 2000000000, preemptionPolicy: "PreemptLowerPriority" },
  "system-node-critical": { value: 2000001000, preemptionPolicy: "PreemptLowerPriority" },
};

/** What the plugin needs to know beyond the Pod. */
export interface PriorityAdmissionOptions {
  /** User-defined PriorityClasses by name (kubesim has none by default). */
  readonly priorityClasses?: Readonly<Record<string, PriorityClassInfo>>;
  /** The global-default PriorityClass, if one exists. */
  readonly globalDefault?: PriorityClassInfo;
}

/**
 * Applies the plugin to a Pod being created. Refusals carry the plugin's text: `no PriorityClass with
 * name <name> was found`, and for a `priority` or `preemptionPolicy` in the request that differs from
 * the resolved one, `the integer value of priority (<n>) must not be provided in pod spec; priority
 * admission controller computed <m> from the given PriorityClass name`.
 */
export function admitPriority(pod: Pod, opts: PriorityAdmissionOptions = {}): AdmissionResult<Pod> {
  const className = pod.spec?.priorityClassName ?? "";
  let resolved: PriorityClassInfo;
  if (className === "") {
    resolved = opts.globalDefault ?? { value: 0 };
  } else {
    const found = SYSTEM_PRIORITY_CLASSES[className] ?? opts.priorityClasses?.[className];
    if (found === undefined)
      return { ok: false, message: `no PriorityClass with name ${className} was found` };
    resolved = found;
  }
  const priority = resolved.value;
  const preemptionPolicy = resolved.preemptionPolicy ?? "PreemptLowerPriority";
  const given = pod.spec?.priority;
  if (given !== undefined && given !== null && given !== priority) {
    return {
      ok: false,
      message: `the integer value of priority (${given}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`,
    };
  }
  const givenPolicy = pod.spec?.preemptionPolicy;
  if (givenPolicy !== undefined && givenPolicy !== null && givenPolicy !== preemptionPolicy) {
    return {
      ok: false,
      message: `the string value of PreemptionPolicy (${givenPolicy}) must not be provided in pod spec; priority admission controller computed ${preemptionPolicy} from the given PriorityClass name`,
    };
  }
  const object = produce(pod, (d) => {
    d.spec ??= { containers: [] };
    d.spec.priority = priority;
    d.spec.preemptionPolicy = preemptionPolicy;
  });
  return { ok: true, object };
}

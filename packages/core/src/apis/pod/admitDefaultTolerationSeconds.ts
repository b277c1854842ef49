/**
 * The DefaultTolerationSeconds admission plugin (`plugin/pkg/admission/defaulttolerationseconds/admission.go`),
 * enabled by default in kube-apiserver: every Pod that does not already tolerate the
 * `node.kubernetes.io/not-ready` and `node.kubernetes.io/unreachable` NoExecute taints gets a toleration
 * for each with `tolerationSeconds: 300`, so its pods are evicted five minutes after a node fails.
 *
 * @module
 */

import { produce } from "immer";
import type { Pod, Toleration } from "kubernetes-types/core/v1.js";

/** `v1.TaintNodeNotReady`. */
export const TAINT_NODE_NOT_READY = "node.kubernetes.io/not-ready";
/** `v1.TaintNodeUnreachable`. */
export const TAINT_NODE_UNREACHABLE = "node.kubernetes.io/unreachable";
/** The kube-apiserver default of `--default-not-ready-toleration-seconds` and `--default-unreachable-toleration-seconds`. */
export const DEFAULT_TOLERATION_SECONDS = 300;

/** The two tolerations the plugin adds with the default seconds, shared by every pod (frozen). */
const DEFAULT_TOLERATIONS: Readonly<Record<string, Toleration>> = Object.freeze({
  [TAINT_NODE_NOT_READY]: Object.freeze(defaultToleration(TAINT_NODE_NOT_READY, DEFAULT_TOLERATION_SECONDS)),
  [TAINT_NODE_UNREACHABLE]: Object.freeze(
    defaultToleration(TAINT_NODE_UNREACHABLE, DEFAULT_TOLERATION_SECONDS),
  ),
});

function defaultToleration(key: string, tolerationSeconds: number): Toleration {
  return { effect: "NoExecute", key, operator: "Exists", tolerationSeconds };
}

function tolerates(tolerations: readonly Toleration[], key: string): boolean {
  // An empty key (with operator Exists) tolerates every taint; an empty effect tolerates every effect.
  return tolerations.some((t) => (!t.key || t.key === key) && (!t.effect || t.effect === "NoExecute"));
}

/**
 * Applies the plugin to a Pod on CREATE or UPDATE (the plugin handles both): appends
 * `{key: node.kubernetes.io/not-ready, operator: Exists, effect: NoExecute, tolerationSeconds: 300}`
 * and the same for `unreachable`, each only when no existing toleration already covers it. Returns the
 * input itself when nothing is added.
 */
export function admitDefaultTolerationSeconds(pod: Pod, tolerationSeconds = DEFAULT_TOLERATION_SECONDS): Pod {
  const existing = pod.spec?.tolerations ?? [];
  const add: Toleration[] = [];
  for (const key of [TAINT_NODE_NOT_READY, TAINT_NODE_UNREACHABLE]) {
    if (!tolerates(existing, key))
      add.push(
        tolerationSeconds === DEFAULT_TOLERATION_SECONDS
          ? DEFAULT_TOLERATIONS[key]!
          : defaultToleration(key, tolerationSeconds),
      );
  }
  if (add.length === 0) return pod;
  return produce(pod, (d) => {
    d.spec ??= { containers: [] };
    d.spec.tolerations = [...(d.spec.tolerations ?? []), ...add];
  });
}

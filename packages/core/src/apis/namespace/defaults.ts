/**
 * Namespace defaulting (`pkg/apis/core/v1/defaults.go` `SetDefaults_Namespace`,
 * `SetDefaults_NamespaceStatus`, Kubernetes 1.33).
 *
 * @module
 */

import { produce } from "immer";
import type { Namespace } from "kubernetes-types/core/v1.js";

/** `v1.LabelMetadataName`: the label every named Namespace carries with its own name. */
export const LABEL_METADATA_NAME = "kubernetes.io/metadata.name";

/**
 * A Namespace as defaulted: the `kubernetes.io/metadata.name: <name>` label (overwriting any other
 * value, so it cannot be spoofed; nameless `generateName` requests get it later) and `status.phase:
 * Active`. The `spec.finalizers: [kubernetes]` come from the Namespace strategy's PrepareForCreate.
 */
export function defaultNamespace(ns: Namespace): Namespace {
  return produce(ns, (d) => {
    const name = d.metadata?.name ?? "";
    if (name.length > 0) {
      d.metadata ??= {};
      d.metadata.labels = { ...d.metadata.labels, [LABEL_METADATA_NAME]: name };
    }
    d.status ??= {};
    if (!d.status.phase) d.status.phase = "Active";
  });
}

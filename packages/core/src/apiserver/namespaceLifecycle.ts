import type { KubeObject } from "../api/KubeObject.js";
import { newForbidden, newNotFound } from "../api/StatusError.js";
import type { AdmissionHook } from "../store/ObjectStore.js";

/**
 * The API server's NamespaceLifecycle admission plugin and the Namespace strategy's defaults
 * (K8s plugin/pkg/admission/namespace/lifecycle/admission.go, pkg/registry/core/namespace/strategy.go):
 * a namespaced object can only be created in a namespace that exists and is not terminating;
 * a new namespace gets `spec.finalizers: [kubernetes]`, `status.phase: Active` and the
 * `kubernetes.io/metadata.name` label.
 */
export const namespaceLifecycle: AdmissionHook = (operation, object, _old, tx) => {
  if (object.kind === "Namespace") {
    if (operation !== "CREATE") return undefined;
    const name = object.metadata.name!;
    return {
      ...object,
      metadata: {
        ...object.metadata,
        labels: { ...object.metadata.labels, "kubernetes.io/metadata.name": name },
      },
      spec: { finalizers: ["kubernetes"], ...(object.spec as object | undefined) },
      status: { phase: "Active" },
    } satisfies KubeObject;
  }
  if (operation !== "CREATE") return undefined;
  const type = tx.registryType(object.kind);
  if (!type.namespaced) return undefined;
  const nsName = object.metadata.namespace!;
  const ns = tx.get("Namespace", "", nsName);
  const nsType = tx.registryType("Namespace");
  if (!ns) throw newNotFound(nsType, nsName);
  if (ns.metadata.deletionTimestamp) {
    throw newForbidden(
      type,
      object.metadata.name ?? "",
      `unable to create new content in namespace ${nsName} because it is being terminated`,
    );
  }
  return undefined;
};

import type { Controller } from "../controller/Controller.js";

/**
 * The namespace controller (K8s pkg/controller/namespace): when a namespace is being deleted
 * it deletes everything in it, and once the namespace is empty it removes the `kubernetes`
 * finalizer so that the API server can remove the namespace itself.
 */
export function namespaceController(): Controller {
  return {
    name: "namespace-controller",
    watches: [{ filter: { kind: "Namespace" } }],
    reconcile(name, { tx }) {
      const ns = tx.get("Namespace", "", name);
      if (!ns?.metadata.deletionTimestamp) return undefined;
      let remaining = 0;
      for (const type of tx.registryTypes()) {
        if (!type.namespaced) continue;
        for (const obj of tx.list(type.kind, { namespace: name })) {
          const after = obj.metadata.deletionTimestamp
            ? obj
            : tx.delete({ kind: obj.kind, namespace: name, name: obj.metadata.name! });
          if (tx.get(after.kind, name, after.metadata.name!)) remaining++;
        }
      }
      // Objects that terminate gracefully (pods on nodes) are waited for, polling as the real controller does.
      if (remaining > 0) return { requeueAfterMs: 1000 };
      tx.mutate({ kind: "Namespace", namespace: "", name }, (d) => {
        (d as { spec?: { finalizers?: string[] } }).spec = { finalizers: [] };
      });
      return undefined;
    },
  };
}

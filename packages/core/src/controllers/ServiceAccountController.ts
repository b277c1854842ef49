import type { Controller } from "../controller/Controller.js";

/**
 * The service account controller of kube-controller-manager (K8s pkg/controller/serviceaccount):
 * every active namespace gets a `default` ServiceAccount, recreated if deleted, so that pods,
 * which the ServiceAccount admission plugin gives `serviceAccountName: default`, are admitted.
 */
export function serviceAccountController(): Controller {
  return {
    name: "serviceaccount-controller",
    watches: [
      { filter: { kind: "Namespace" } },
      {
        filter: { kind: "ServiceAccount" },
        keys: (e) => (e.object.metadata.name === "default" ? [e.object.metadata.namespace!] : []),
      },
    ],
    reconcile(namespace, { tx }) {
      const ns = tx.get("Namespace", "", namespace);
      if (!ns || ns.metadata.deletionTimestamp) return undefined;
      if (!tx.get("ServiceAccount", namespace, "default")) {
        tx.create({ apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "default", namespace } });
      }
      return undefined;
    },
  };
}

/** The annotation the root CA publisher puts on `kube-root-ca.crt` (K8s pkg/controller/certificates/rootcacertpublisher). */
export const ROOT_CA_DESCRIPTION =
  "Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.";

/**
 * The root CA certificate publisher of kube-controller-manager: every active namespace gets the
 * `kube-root-ca.crt` ConfigMap, which pods' projected token volumes mount. kubesim's CA is a
 * fixed placeholder: no TLS is simulated.
 */
export function rootCACertPublisher(caCertPEM: string): Controller {
  return {
    name: "root-ca-cert-publisher",
    watches: [
      { filter: { kind: "Namespace" } },
      {
        filter: { kind: "ConfigMap" },
        keys: (e) => (e.object.metadata.name === "kube-root-ca.crt" ? [e.object.metadata.namespace!] : []),
      },
    ],
    reconcile(namespace, { tx }) {
      const ns = tx.get("Namespace", "", namespace);
      if (!ns || ns.metadata.deletionTimestamp) return undefined;
      if (!tx.get("ConfigMap", namespace, "kube-root-ca.crt")) {
        tx.create({
          apiVersion: "v1",
          kind: "ConfigMap",
          metadata: {
            name: "kube-root-ca.crt",
            namespace,
            annotations: { "kubernetes.io/description": ROOT_CA_DESCRIPTION },
          },
          data: { "ca.crt": caCertPEM },
        });
      }
      return undefined;
    },
  };
}

import type { KubeObject } from "@kubesim/core";

/**
 * The Namespace `kubectl create namespace NAME` sends
 * (k8s.io/kubectl/pkg/cmd/create/create_namespace.go `createNamespace`), in Go field order:
 * empty `spec` and `status` and a null `creationTimestamp`, as kubectl prints them.
 */
export function generateNamespace(name: string): KubeObject {
  return {
    kind: "Namespace",
    apiVersion: "v1",
    metadata: { name, creationTimestamp: null as unknown as string },
    spec: {},
    status: {},
  };
}

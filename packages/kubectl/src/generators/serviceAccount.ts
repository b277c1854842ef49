import type { KubeObject } from "@kubesim/core";

/**
 * The ServiceAccount `kubectl create serviceaccount NAME` sends
 * (k8s.io/kubectl/pkg/cmd/create/create_serviceaccount.go), in Go field order.
 * `namespace` is set only when `-n` was given, as kubectl does.
 */
export function generateServiceAccount(name: string, namespace?: string): KubeObject {
  return {
    kind: "ServiceAccount",
    apiVersion: "v1",
    metadata: { name, ...(namespace ? { namespace } : {}), creationTimestamp: null as unknown as string },
  };
}

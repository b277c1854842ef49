/**
 * networking.k8s.io/v1 defaulting (`pkg/apis/networking/v1/defaults.go`, Kubernetes 1.33).
 *
 * @module
 */

import { produce } from "immer";
import type { IngressClass, NetworkPolicy, NetworkPolicyPort } from "kubernetes-types/networking/v1.js";

function defaultPorts(ports: NetworkPolicyPort[] | undefined): void {
  for (const port of ports ?? []) port.protocol ??= "TCP";
}

/**
 * A NetworkPolicy as stored: every port without a protocol gets `protocol: TCP`
 * (`SetDefaults_NetworkPolicyPort`), and without `policyTypes` the policy gets `[Ingress]`, plus
 * `Egress` when it has egress rules (`SetDefaults_NetworkPolicy`).
 */
export function defaultNetworkPolicy(np: NetworkPolicy): NetworkPolicy {
  return produce(np, (d) => {
    d.spec ??= { podSelector: {} };
    const spec = d.spec;
    for (const rule of spec.ingress ?? []) defaultPorts(rule.ports);
    for (const rule of spec.egress ?? []) defaultPorts(rule.ports);
    if ((spec.policyTypes ?? []).length === 0) {
      spec.policyTypes = ["Ingress"];
      if ((spec.egress ?? []).length !== 0) spec.policyTypes.push("Egress");
    }
  });
}

/** An IngressClass as stored: `spec.parameters.scope` defaults to `Cluster` (`SetDefaults_IngressClass`). */
export function defaultIngressClass(ic: IngressClass): IngressClass {
  if (!ic.spec?.parameters || ic.spec.parameters.scope !== undefined) return ic;
  return produce(ic, (d) => {
    d.spec!.parameters!.scope = "Cluster";
  });
}

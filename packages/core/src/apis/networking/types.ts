/**
 * The networking.k8s.io/v1 kinds kubesim stores: NetworkPolicy, Ingress and IngressClass. Their shapes
 * come from `kubernetes-types`; behaviour (policy enforcement, ingress routing) arrives in later issues.
 *
 * @module
 */

export type {
  HTTPIngressPath,
  HTTPIngressRuleValue,
  Ingress,
  IngressBackend,
  IngressClass,
  IngressClassSpec,
  IngressRule,
  IngressSpec,
  IngressTLS,
  IPBlock,
  NetworkPolicy,
  NetworkPolicyEgressRule,
  NetworkPolicyIngressRule,
  NetworkPolicyPeer,
  NetworkPolicyPort,
  NetworkPolicySpec,
} from "kubernetes-types/networking/v1.js";

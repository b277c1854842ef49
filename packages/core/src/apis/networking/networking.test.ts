import type { NetworkPolicy } from "kubernetes-types/networking/v1.js";
import { describe, expect, it } from "vitest";
import { errorString } from "../../validation/field.js";
import { defaultIngressClass, defaultNetworkPolicy } from "./defaults.js";
import { validateIngress, validateIngressClass, validateNetworkPolicy } from "./validation.js";

// pkg/apis/networking/v1/defaults.go SetDefaults_NetworkPolicy, SetDefaults_NetworkPolicyPort (defaults_test.go)
describe("NetworkPolicy defaulting", () => {
  const np = (spec: NetworkPolicy["spec"]): NetworkPolicy => ({
    metadata: { name: "deny", namespace: "default" },
    spec,
  });

  it("a policy without policyTypes is an Ingress policy", () => {
    expect(defaultNetworkPolicy(np({ podSelector: {} })).spec).toEqual({
      podSelector: {},
      policyTypes: ["Ingress"],
    });
  });

  it("egress rules add Egress; ports default to TCP", () => {
    const out = defaultNetworkPolicy(
      np({
        podSelector: { matchLabels: { app: "web" } },
        egress: [{ ports: [{ port: 53 }, { port: 53, protocol: "UDP" }] }],
      }),
    );
    expect(out.spec!.policyTypes).toEqual(["Ingress", "Egress"]);
    expect(out.spec!.egress![0]!.ports).toEqual([
      { port: 53, protocol: "TCP" },
      { port: 53, protocol: "UDP" },
    ]);
  });

  it("keeps explicit policyTypes", () => {
    expect(defaultNetworkPolicy(np({ podSelector: {}, policyTypes: ["Egress"] })).spec!.policyTypes).toEqual([
      "Egress",
    ]);
  });
});

describe("IngressClass defaulting (SetDefaults_IngressClass)", () => {
  it("scopes parameters to the cluster by default", () => {
    const ic = defaultIngressClass({
      metadata: { name: "nginx" },
      spec: { controller: "k8s.io/ingress-nginx", parameters: { kind: "IngressParameters", name: "p" } },
    });
    expect(ic.spec!.parameters!.scope).toBe("Cluster");
  });
});

// pkg/apis/networking/validation/validation.go (metadata part of ValidateNetworkPolicy, ValidateIngress, ValidateIngressClass)
describe("networking metadata validation", () => {
  it("namespaced kinds need a namespace, IngressClass must not have one", () => {
    expect(
      validateNetworkPolicy({ metadata: { name: "deny" }, spec: { podSelector: {} } }).map(errorString),
    ).toEqual(["metadata.namespace: Required value"]);
    expect(validateIngress({ metadata: { name: "web", namespace: "default" } })).toEqual([]);
    expect(
      validateIngressClass({ metadata: { name: "nginx", namespace: "default" } }).map(errorString),
    ).toEqual(["metadata.namespace: Forbidden: not allowed on this type"]);
  });

  it("names are DNS-1123 subdomains", () => {
    expect(validateIngress({ metadata: { name: "Web", namespace: "default" } }).map(errorString)[0]).toMatch(
      /^metadata\.name: Invalid value: "Web": a lowercase RFC 1123 subdomain/,
    );
  });
});

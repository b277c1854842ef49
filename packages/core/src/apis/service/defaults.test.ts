import { freeze } from "immer";
import type { Service } from "kubernetes-types/core/v1.js";
import { describe, expect, it } from "vitest";
import { defaultService } from "./defaults.js";

// pkg/apis/core/v1/defaults.go SetDefaults_Service (Kubernetes 1.33); cases follow
// pkg/apis/core/v1/defaults_test.go (TestSetDefaultService*, TestSetDefaultServiceSessionAffinity...).
function service(spec: Service["spec"], extra: Partial<Service> = {}): Service {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name: "web", namespace: "default" },
    spec,
    ...extra,
  };
}

describe("defaultService (SetDefaults_Service)", () => {
  it("defaults a minimal ClusterIP Service as `kubectl create -f` shows it", () => {
    const out = defaultService(service({ selector: { app: "web" }, ports: [{ port: 80 }] }));
    expect(out.spec).toEqual({
      selector: { app: "web" },
      ports: [{ port: 80, protocol: "TCP", targetPort: 80 }],
      sessionAffinity: "None",
      type: "ClusterIP",
      internalTrafficPolicy: "Cluster",
    });
  });

  it("does not touch ipFamilies, ipFamilyPolicy or clusterIPs (the allocation layer owns them)", () => {
    const out = defaultService(service({ clusterIP: "10.96.0.10", ports: [{ port: 53 }] }));
    expect(out.spec?.clusterIPs).toBeUndefined();
    expect(out.spec?.ipFamilies).toBeUndefined();
    expect(out.spec?.ipFamilyPolicy).toBeUndefined();
  });

  it("does not mutate a frozen input", () => {
    const input = freeze(service({ type: "LoadBalancer", ports: [{ port: 80 }] }), true);
    const out = defaultService(input);
    expect(input.spec?.allocateLoadBalancerNodePorts).toBeUndefined();
    expect(out.spec?.allocateLoadBalancerNodePorts).toBe(true);
  });

  it("fills a Service without spec (Go's zero ServiceSpec)", () => {
    const out = defaultService({ metadata: { name: "x" } });
    expect(out.spec).toEqual({
      sessionAffinity: "None",
      type: "ClusterIP",
      internalTrafficPolicy: "Cluster",
    });
  });

  describe("sessionAffinity", () => {
    it("None drops sessionAffinityConfig", () => {
      const out = defaultService(
        service({ sessionAffinity: "None", sessionAffinityConfig: { clientIP: { timeoutSeconds: 90 } } }),
      );
      expect(out.spec).not.toHaveProperty("sessionAffinityConfig");
    });

    it("ClientIP without a timeout gets timeoutSeconds 10800 (DefaultClientIPServiceAffinitySeconds)", () => {
      for (const config of [undefined, {}, { clientIP: {} }]) {
        const out = defaultService(service({ sessionAffinity: "ClientIP", sessionAffinityConfig: config }));
        expect(out.spec?.sessionAffinityConfig).toEqual({ clientIP: { timeoutSeconds: 10800 } });
      }
    });

    it("ClientIP keeps an explicit timeout, even an invalid one (validation rejects it)", () => {
      const out = defaultService(
        service({ sessionAffinity: "ClientIP", sessionAffinityConfig: { clientIP: { timeoutSeconds: -1 } } }),
      );
      expect(out.spec?.sessionAffinityConfig?.clientIP?.timeoutSeconds).toBe(-1);
    });

    it("an unknown value is kept for validation to reject", () => {
      expect(defaultService(service({ sessionAffinity: "Sticky" })).spec?.sessionAffinity).toBe("Sticky");
    });
  });

  describe("ports", () => {
    it("protocol defaults to TCP, an explicit UDP stays", () => {
      const out = defaultService(service({ ports: [{ port: 53, protocol: "UDP" }, { port: 53 }] }));
      expect(out.spec?.ports?.map((p) => p.protocol)).toEqual(["UDP", "TCP"]);
    });

    it('targetPort missing, 0 or "" becomes the port; named and numeric targets stay', () => {
      const out = defaultService(
        service({
          ports: [
            { name: "a", port: 80 },
            { name: "b", port: 81, targetPort: 0 },
            { name: "c", port: 82, targetPort: "" },
            { name: "d", port: 83, targetPort: "http" },
            { name: "e", port: 84, targetPort: 8080 },
          ],
        }),
      );
      expect(out.spec?.ports?.map((p) => p.targetPort)).toEqual([80, 81, 82, "http", 8080]);
    });

    it("a missing port gives targetPort 0 (Go's zero int32), which validation then reports", () => {
      const out = defaultService(service({ ports: [{} as { port: number }] }));
      expect(out.spec?.ports?.[0]?.targetPort).toBe(0);
    });
  });

  describe("externalTrafficPolicy (externally-accessible Services only)", () => {
    it.each([
      ["NodePort", undefined, "Cluster"],
      ["LoadBalancer", undefined, "Cluster"],
      ["ClusterIP", ["192.0.2.10"], "Cluster"],
      ["ClusterIP", undefined, undefined],
      ["ExternalName", ["192.0.2.10"], undefined],
    ])("type %s with externalIPs %j → %s", (type, externalIPs, expected) => {
      const out = defaultService(service({ type, externalIPs, ports: [{ port: 80 }] }));
      expect(out.spec?.externalTrafficPolicy).toBe(expected);
    });

    it("keeps Local", () => {
      const out = defaultService(service({ type: "NodePort", externalTrafficPolicy: "Local" }));
      expect(out.spec?.externalTrafficPolicy).toBe("Local");
    });

    it("a defaulted type counts: no type + externalIPs is an externally-accessible ClusterIP", () => {
      const out = defaultService(service({ externalIPs: ["192.0.2.10"] }));
      expect(out.spec?.externalTrafficPolicy).toBe("Cluster");
    });
  });

  describe("internalTrafficPolicy", () => {
    it("is not defaulted for ExternalName", () => {
      const out = defaultService(service({ type: "ExternalName", externalName: "example.com" }));
      expect(out.spec?.internalTrafficPolicy).toBeUndefined();
    });

    it('keeps Local, and keeps "" (a non-nil pointer in Go)', () => {
      expect(defaultService(service({ internalTrafficPolicy: "Local" })).spec?.internalTrafficPolicy).toBe(
        "Local",
      );
      expect(defaultService(service({ internalTrafficPolicy: "" })).spec?.internalTrafficPolicy).toBe("");
    });
  });

  describe("LoadBalancer", () => {
    it("allocateLoadBalancerNodePorts defaults to true, false stays false, other types get nothing", () => {
      expect(defaultService(service({ type: "LoadBalancer" })).spec?.allocateLoadBalancerNodePorts).toBe(
        true,
      );
      expect(
        defaultService(service({ type: "LoadBalancer", allocateLoadBalancerNodePorts: false })).spec
          ?.allocateLoadBalancerNodePorts,
      ).toBe(false);
      expect(
        defaultService(service({ type: "NodePort" })).spec?.allocateLoadBalancerNodePorts,
      ).toBeUndefined();
    });

    it("status.loadBalancer.ingress[].ipMode defaults to VIP where an ip is set (LoadBalancerIPMode)", () => {
      const out = defaultService(
        service(
          { type: "LoadBalancer" },
          {
            status: {
              loadBalancer: {
                ingress: [
                  { ip: "192.0.2.1" },
                  { hostname: "lb.example.com" },
                  { ip: "192.0.2.2", ipMode: "Proxy" },
                ],
              },
            },
          },
        ),
      );
      expect(out.status?.loadBalancer?.ingress).toEqual([
        { ip: "192.0.2.1", ipMode: "VIP" },
        { hostname: "lb.example.com" },
        { ip: "192.0.2.2", ipMode: "Proxy" },
      ]);
    });

    it("ipMode is not defaulted on other types", () => {
      const out = defaultService(
        service({ type: "ClusterIP" }, { status: { loadBalancer: { ingress: [{ ip: "192.0.2.1" }] } } }),
      );
      expect(out.status?.loadBalancer?.ingress?.[0]?.ipMode).toBeUndefined();
    });
  });

  it("is idempotent", () => {
    const once = defaultService(
      service({
        type: "LoadBalancer",
        sessionAffinity: "ClientIP",
        ports: [{ port: 443, targetPort: "https" }],
      }),
    );
    expect(defaultService(once)).toEqual(once);
  });
});

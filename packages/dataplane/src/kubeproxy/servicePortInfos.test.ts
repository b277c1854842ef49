import type { KubeObject } from "@kubesim/core";
import { describe, expect, it } from "vitest";
import type { EndpointInfo } from "./ServicePortInfo.js";
import { servicePortInfos } from "./servicePortInfos.js";

/**
 * Port of `generateEndpointSliceWithOffset` (kubernetes pkg/proxy/endpointslicecache_test.go):
 * slice `<svc>-<sliceNum>`, endpoints `10.0.<offset>.<i>` for i = 1..n; `i % unreadyMod == 0`
 * is not serving, `i % terminatingMod == 0` is terminating (and so not ready); node
 * `hosts[i % hosts.length]`; ports named `port-<k>`, TCP.
 */
function generateEndpointSliceWithOffset(
  serviceName: string,
  namespace: string,
  sliceNum: number,
  offset: number,
  numEndpoints: number,
  unreadyMod: number,
  terminatingMod: number,
  hosts: string[],
  portNums: (number | undefined)[],
): KubeObject {
  const endpoints = [];
  for (let i = 1; i <= numEndpoints; i++) {
    const readyCondition = i % unreadyMod !== 0;
    const terminating = i % terminatingMod === 0;
    endpoints.push({
      addresses: [`10.0.${offset}.${i}`],
      conditions: { ready: readyCondition && !terminating, serving: readyCondition, terminating },
      ...(hosts.length > 0 ? { nodeName: hosts[i % hosts.length] } : {}),
    });
  }
  return {
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: {
      name: `${serviceName}-${sliceNum}`,
      namespace,
      labels: { "kubernetes.io/service-name": serviceName },
    },
    addressType: "IPv4",
    endpoints,
    ports: portNums.map((port, i) => ({
      name: `port-${i}`,
      protocol: "TCP",
      ...(port !== undefined ? { port } : {}),
    })),
  };
}

function generateEndpointSlice(
  serviceName: string,
  namespace: string,
  offset: number,
  numEndpoints: number,
  unreadyMod: number,
  terminatingMod: number,
  hosts: string[],
  portNums: (number | undefined)[],
): KubeObject {
  return generateEndpointSliceWithOffset(
    serviceName,
    namespace,
    offset,
    offset,
    numEndpoints,
    unreadyMod,
    terminatingMod,
    hosts,
    portNums,
  );
}

function service(
  name: string,
  namespace: string,
  spec: Record<string, unknown>,
  status: Record<string, unknown> = {},
): KubeObject {
  return { apiVersion: "v1", kind: "Service", metadata: { name, namespace }, spec, status };
}

/** A Service svc1/ns1 with ports port-0 (and port-1), as the endpoint cache tests assume. */
const svc1 = service("svc1", "ns1", {
  clusterIP: "172.30.0.1",
  clusterIPs: ["172.30.0.1"],
  ports: [
    { name: "port-0", port: 80, protocol: "TCP" },
    { name: "port-1", port: 443, protocol: "TCP" },
  ],
});

/** `ip:port ready/serving/terminating node` of each endpoint of a port. */
function summary(endpoints: readonly EndpointInfo[]): string[] {
  return endpoints.map(
    (e) =>
      `${e.endpoint} ${e.ready ? "R" : "-"}${e.serving ? "S" : "-"}${e.terminating ? "T" : "-"}${e.nodeName ? ` ${e.nodeName}` : ""}`,
  );
}

function endpointsOf(slices: KubeObject[], portName = "port-0", nodeName?: string): string[] {
  const ports = servicePortInfos(svc1, slices, nodeName !== undefined ? { nodeName } : {});
  return summary(ports.find((p) => p.portName === portName)?.endpoints ?? []);
}

describe("servicePortInfos: endpoints (kubernetes pkg/proxy/endpointslicecache_test.go TestEndpointsMapFromESC)", () => {
  it("1 slice, 2 hosts, ports 80,443", () => {
    const slices = [generateEndpointSlice("svc1", "ns1", 1, 3, 999, 999, ["host1", "host2"], [80, 443])];
    expect(endpointsOf(slices)).toEqual([
      "10.0.1.1:80 RS- host2",
      "10.0.1.2:80 RS- host1",
      "10.0.1.3:80 RS- host2",
    ]);
    expect(endpointsOf(slices, "port-1")).toEqual([
      "10.0.1.1:443 RS- host2",
      "10.0.1.2:443 RS- host1",
      "10.0.1.3:443 RS- host2",
    ]);
  });

  it("2 slices, same port: the union", () => {
    const slices = [
      generateEndpointSlice("svc1", "ns1", 1, 3, 999, 999, [], [80]),
      generateEndpointSlice("svc1", "ns1", 2, 3, 999, 999, [], [80]),
    ];
    expect(endpointsOf(slices)).toEqual([
      "10.0.1.1:80 RS-",
      "10.0.1.2:80 RS-",
      "10.0.1.3:80 RS-",
      "10.0.2.1:80 RS-",
      "10.0.2.2:80 RS-",
      "10.0.2.3:80 RS-",
    ]);
  });

  it("2 overlapping slices, same port: each ip:port once", () => {
    const slices = [
      generateEndpointSliceWithOffset("svc1", "ns1", 1, 1, 3, 999, 999, [], [80]),
      generateEndpointSliceWithOffset("svc1", "ns1", 2, 1, 4, 999, 999, [], [80]),
    ];
    expect(endpointsOf(slices)).toEqual([
      "10.0.1.1:80 RS-",
      "10.0.1.2:80 RS-",
      "10.0.1.3:80 RS-",
      "10.0.1.4:80 RS-",
    ]);
  });

  it("sorts by the ip:port string, so 10.0.1.10 comes before 10.0.1.2; unready and terminating kept", () => {
    const slices = [generateEndpointSlice("svc1", "ns1", 1, 10, 6, 5, [], [80])];
    expect(endpointsOf(slices)).toEqual([
      "10.0.1.10:80 -ST",
      "10.0.1.1:80 RS-",
      "10.0.1.2:80 RS-",
      "10.0.1.3:80 RS-",
      "10.0.1.4:80 RS-",
      "10.0.1.5:80 -ST",
      "10.0.1.6:80 ---",
      "10.0.1.7:80 RS-",
      "10.0.1.8:80 RS-",
      "10.0.1.9:80 RS-",
    ]);
  });

  it("3 slices with different services and namespaces: only this Service's slices count", () => {
    const slices = [
      generateEndpointSlice("svc1", "ns1", 1, 3, 999, 999, [], [80]),
      generateEndpointSlice("svc2", "ns1", 2, 3, 999, 999, [], [80]),
      generateEndpointSlice("svc1", "ns2", 3, 3, 999, 999, [], [80]),
    ];
    expect(endpointsOf(slices)).toEqual(["10.0.1.1:80 RS-", "10.0.1.2:80 RS-", "10.0.1.3:80 RS-"]);
  });

  it("Nil port should not break anything: a slice port without a number is ignored", () => {
    const slices = [generateEndpointSlice("svc1", "ns1", 1, 3, 999, 999, ["host1", "host2"], [undefined])];
    expect(endpointsOf(slices)).toEqual([]);
    expect(servicePortInfos(svc1, slices)).toHaveLength(2);
  });

  it("Different endpoints with duplicate IPs should not be filtered (different ports)", () => {
    const slices = [
      generateEndpointSliceWithOffset("svc1", "ns1", 1, 1, 2, 999, 999, ["host1", "host2"], [80]),
      generateEndpointSliceWithOffset("svc1", "ns1", 2, 1, 2, 999, 999, ["host1", "host2"], [8080]),
    ];
    expect(endpointsOf(slices)).toEqual([
      "10.0.1.1:80 RS- host2",
      "10.0.1.1:8080 RS- host2",
      "10.0.1.2:80 RS- host1",
      "10.0.1.2:8080 RS- host1",
    ]);
  });

  it("a duplicate ip:port: the local copy wins for a node, else the first slice by name", () => {
    const a = generateEndpointSliceWithOffset("svc1", "ns1", 1, 1, 1, 999, 999, ["host-a"], [80]);
    const b = generateEndpointSliceWithOffset("svc1", "ns1", 2, 1, 1, 1, 999, ["host-b"], [80]);
    expect(endpointsOf([b, a])).toEqual(["10.0.1.1:80 RS- host-a"]);
    expect(endpointsOf([a, b], "port-0", "host-b")).toEqual(["10.0.1.1:80 --- host-b"]);
  });

  it("nil conditions: ready and serving true, terminating false (newEndpointSliceInfo)", () => {
    const slice = generateEndpointSlice("svc1", "ns1", 1, 1, 999, 999, [], [80]);
    (slice.endpoints as { conditions?: unknown }[])[0]!.conditions = {};
    expect(endpointsOf([slice])).toEqual(["10.0.1.1:80 RS-"]);
  });

  it("only addresses[0] is used; IPv6 endpoints, IPv6 and FQDN slices are ignored by the IPv4 proxier", () => {
    const slice = generateEndpointSlice("svc1", "ns1", 1, 1, 999, 999, [], [80]);
    (slice.endpoints as { addresses: string[] }[]).push(
      { addresses: ["10.0.1.7", "10.0.1.8"] },
      { addresses: ["fd00::1"] },
    );
    const v6: KubeObject = {
      ...generateEndpointSlice("svc1", "ns1", 2, 1, 999, 999, [], [80]),
      addressType: "IPv6",
    };
    (v6.endpoints as { addresses: string[] }[])[0]!.addresses = ["fd00::2"];
    const fqdn: KubeObject = {
      ...generateEndpointSlice("svc1", "ns1", 3, 1, 999, 999, [], [80]),
      addressType: "FQDN",
    };
    expect(endpointsOf([slice, v6, fqdn])).toEqual(["10.0.1.1:80 RS-", "10.0.1.7:80 RS-"]);
  });

  it("slice ports match service ports by name and protocol", () => {
    const slice = generateEndpointSlice("svc1", "ns1", 1, 1, 999, 999, [], [8080]);
    (slice.ports as { protocol: string }[])[0]!.protocol = "UDP";
    expect(endpointsOf([slice])).toEqual([]);
  });

  it("zone, hints and a pod targetRef are carried", () => {
    const slice = generateEndpointSlice("svc1", "ns1", 1, 1, 999, 999, ["n1"], [80]);
    Object.assign((slice.endpoints as object[])[0]!, {
      zone: "zone-a",
      hints: { forZones: [{ name: "zone-b" }, { name: "zone-a" }] },
      targetRef: { kind: "Pod", namespace: "ns1", name: "web-0", uid: "u" },
    });
    const [ep] = servicePortInfos(svc1, [slice])[0]!.endpoints;
    expect(ep).toEqual({
      ip: "10.0.1.1",
      port: 80,
      endpoint: "10.0.1.1:80",
      ready: true,
      serving: true,
      terminating: false,
      nodeName: "n1",
      zone: "zone-a",
      zoneHints: ["zone-a", "zone-b"],
      targetRef: { namespace: "ns1", name: "web-0" },
    });
  });
});

describe("servicePortInfos: services (kubernetes pkg/proxy/service_test.go TestServiceToServiceMap)", () => {
  it("headless service: no ports", () => {
    const svc = service("headless", "ns2", { clusterIP: "None", ports: [{ name: "rpc", port: 1234 }] });
    expect(servicePortInfos(svc, [])).toEqual([]);
  });

  it("external name service: no ports", () => {
    const svc = service("external-name", "ns2", {
      type: "ExternalName",
      clusterIP: "172.16.55.4",
      externalName: "foo2.bar.com",
      ports: [{ name: "port1", port: 1234 }],
    });
    expect(servicePortInfos(svc, [])).toEqual([]);
  });

  it("a Service with no ClusterIP yet gets no ports", () => {
    expect(servicePortInfos(service("s", "ns", { ports: [{ port: 80 }] }), [])).toEqual([]);
  });

  it("load balancer service: every field kube-proxy reads, with defaults", () => {
    const svc = service(
      "load-balancer",
      "ns1",
      {
        type: "LoadBalancer",
        clusterIP: "172.16.55.11",
        clusterIPs: ["172.16.55.11", "fd00::11"],
        externalIPs: ["192.168.99.11", "fd00::99"],
        loadBalancerSourceRanges: [" 10.0.0.0/8 ", "fd00::/64"],
        ports: [
          { name: "port3", port: 8675, nodePort: 30061, protocol: "UDP" },
          { name: "port4", port: 8676, nodePort: 30062 },
        ],
      },
      {
        loadBalancer: {
          ingress: [{ ip: "10.1.2.4" }, { ip: "10.1.2.5", ipMode: "Proxy" }, { hostname: "lb" }],
        },
      },
    );
    const [p3, p4] = servicePortInfos(svc, []);
    expect(p3).toEqual({
      name: "ns1/load-balancer:port3",
      namespace: "ns1",
      serviceName: "load-balancer",
      portName: "port3",
      protocol: "UDP",
      clusterIPs: ["172.16.55.11"],
      port: 8675,
      nodePort: 30061,
      externalIPs: ["192.168.99.11"],
      loadBalancerIPs: ["10.1.2.4"],
      loadBalancerSourceRanges: ["10.0.0.0/8"],
      sessionAffinity: "None",
      stickyMaxAgeSeconds: 0,
      internalTrafficPolicy: "Cluster",
      externalTrafficPolicy: "Cluster",
      healthCheckNodePort: 0,
      endpoints: [],
    });
    expect(p4?.protocol).toBe("TCP");
  });

  it("unnamed port: the ServicePortName has no `:port` suffix; ClientIP affinity defaults to 10800 s", () => {
    const svc = service("web", "default", {
      clusterIP: "10.96.0.20",
      sessionAffinity: "ClientIP",
      ports: [{ port: 80 }],
    });
    const [p] = servicePortInfos(svc, []);
    expect(p?.name).toBe("default/web");
    expect(p?.stickyMaxAgeSeconds).toBe(10800);
    const timed = service("web", "default", {
      clusterIP: "10.96.0.20",
      sessionAffinity: "ClientIP",
      sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } },
      ports: [{ port: 80 }],
    });
    expect(servicePortInfos(timed, [])[0]?.stickyMaxAgeSeconds).toBe(60);
  });

  it("externalTrafficPolicy Local only for externally accessible Services; health check only for LoadBalancers", () => {
    const spec = {
      clusterIP: "10.96.0.5",
      externalTrafficPolicy: "Local",
      healthCheckNodePort: 32000,
      ports: [{ port: 80 }],
    };
    const of = (extra: Record<string, unknown>) =>
      servicePortInfos(service("s", "ns", { ...spec, ...extra }), [])[0]!;
    expect(of({ type: "ClusterIP" }).externalTrafficPolicy).toBe("Cluster");
    expect(of({ type: "ClusterIP", externalIPs: ["1.2.3.4"] }).externalTrafficPolicy).toBe("Local");
    expect(of({ type: "NodePort" }).externalTrafficPolicy).toBe("Local");
    expect(of({ type: "NodePort" }).healthCheckNodePort).toBe(0);
    expect(of({ type: "LoadBalancer" }).healthCheckNodePort).toBe(32000);
    expect(of({ internalTrafficPolicy: "Local" }).internalTrafficPolicy).toBe("Local");
  });
});

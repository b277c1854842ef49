/**
 * Builders for {@link ServicePortInfo} and {@link ProxyNode} values used by kube-proxy's
 * tests, shaped like the helpers of Kubernetes' proxier_test.go (`makeTestService`,
 * `makeTestEndpointSlice`, `NewFakeProxier`).
 *
 * @module
 */
import type { AffinityTable, ProxyNode } from "../ProxyMode.js";
import { ProxyStateSnapshot } from "../ProxyStateSnapshot.js";
import { RoundRobinTable } from "../RoundRobinTable.js";
import type { EndpointInfo, ServicePortInfo } from "../ServicePortInfo.js";

/** An endpoint `ip:port`, ready unless told otherwise. */
export function endpoint(ip: string, port: number, extra: Partial<EndpointInfo> = {}): EndpointInfo {
  return {
    ip,
    port,
    endpoint: `${ip}:${port}`,
    ready: true,
    serving: true,
    terminating: false,
    nodeName: undefined,
    zone: undefined,
    zoneHints: [],
    ...extra,
  };
}

/** A service port `namespace/name:portName` with Kubernetes' defaults, endpoints sorted by `ip:port`. */
export function servicePort(
  namespace: string,
  serviceName: string,
  portName: string,
  fields: Partial<Omit<ServicePortInfo, "name" | "namespace" | "serviceName" | "portName">>,
): ServicePortInfo {
  const endpoints = [...(fields.endpoints ?? [])].sort((a, b) =>
    a.endpoint < b.endpoint ? -1 : a.endpoint > b.endpoint ? 1 : 0,
  );
  return {
    name: portName === "" ? `${namespace}/${serviceName}` : `${namespace}/${serviceName}:${portName}`,
    namespace,
    serviceName,
    portName,
    protocol: "TCP",
    clusterIPs: [],
    port: 80,
    nodePort: 0,
    externalIPs: [],
    loadBalancerIPs: [],
    loadBalancerSourceRanges: [],
    sessionAffinity: "None",
    stickyMaxAgeSeconds: 10800,
    internalTrafficPolicy: "Cluster",
    externalTrafficPolicy: "Cluster",
    healthCheckNodePort: 0,
    ...fields,
    endpoints,
  };
}

/** An in-memory {@link AffinityTable}. */
export function memoryAffinity(): AffinityTable {
  const entries = new Map<string, { endpoint: string; atMs: number }>();
  return {
    get(sp, clientIP, nowMs, maxAgeSeconds) {
      const e = entries.get(`${sp}|${clientIP}`);
      return e && nowMs - e.atMs <= maxAgeSeconds * 1000 ? e.endpoint : undefined;
    },
    set(sp, clientIP, endpoint, nowMs) {
      entries.set(`${sp}|${clientIP}`, { endpoint, atMs: nowMs });
    },
  };
}

/** Kubernetes' fake proxier node: "test-node", 192.168.0.2, pod CIDR 10.0.0.0/8. */
export function testNode(ports: readonly ServicePortInfo[], fields: Partial<ProxyNode> = {}): ProxyNode {
  return {
    nodeName: "test-node",
    nodeIPs: ["192.168.0.2"],
    zone: undefined,
    clusterCIDRs: ["10.0.0.0/8"],
    state: ProxyStateSnapshot.of(1, 0, ports),
    affinity: memoryAffinity(),
    roundRobin: new RoundRobinTable(),
    ...fields,
  };
}

/**
 * The services and endpoints of Kubernetes' `TestOverallIPTablesRules`
 * (pkg/proxy/iptables/proxier_test.go).
 */
export function overallIPTablesRulesPorts(): ServicePortInfo[] {
  return [
    servicePort("ns1", "svc1", "p80", {
      clusterIPs: ["172.30.0.41"],
      endpoints: [endpoint("10.180.0.1", 80)],
    }),
    servicePort("ns2", "svc2", "p80", {
      clusterIPs: ["172.30.0.42"],
      nodePort: 3001,
      externalTrafficPolicy: "Local",
      loadBalancerIPs: ["1.2.3.4"],
      externalIPs: ["192.168.99.22"],
      healthCheckNodePort: 30000,
      // No nodeName: the endpoint is not local to test-node.
      endpoints: [endpoint("10.180.0.2", 80)],
    }),
    servicePort("ns3", "svc3", "p80", {
      clusterIPs: ["172.30.0.43"],
      nodePort: 3003,
      endpoints: [endpoint("10.180.0.3", 80)],
    }),
    servicePort("ns4", "svc4", "p80", {
      clusterIPs: ["172.30.0.44"],
      externalIPs: ["192.168.99.33"],
      endpoints: [endpoint("10.180.0.4", 80), endpoint("10.180.0.5", 80, { nodeName: "test-node" })],
    }),
    servicePort("ns5", "svc5", "p80", {
      clusterIPs: ["172.30.0.45"],
      nodePort: 3002,
      loadBalancerIPs: ["5.6.7.8"],
      // The test sets HealthCheckNodePort 30000, but kube-proxy keeps it only for
      // externalTrafficPolicy Local (`NeedsHealthCheck`), so the port carries none.
      healthCheckNodePort: 0,
      loadBalancerSourceRanges: [" 203.0.113.0/25"],
      sessionAffinity: "ClientIP",
      stickyMaxAgeSeconds: 10800,
      endpoints: [endpoint("10.180.0.3", 80)],
    }),
    servicePort("ns6", "svc6", "p80", { clusterIPs: ["172.30.0.46"] }),
  ];
}

/**
 * What kube-proxy knows about one service port and its endpoints after a sync: the model
 * every proxy mode (iptables, ipvs, nftables) compiles its rules from and evaluates packets
 * against. Mirrors kube-proxy's `ServicePort` / `Endpoint` interfaces (pkg/proxy/types.go,
 * serviceport.go, endpoint.go) and ../shared/REFERENCE.md section 5.1.
 *
 * @module
 */
import type { Protocol } from "../packet/Packet.js";

/** `<namespace>/<name>:<portName>` (`:<portName>` omitted for an unnamed port), kube-proxy's `ServicePortName.String()`. */
export type ServicePortName = string;

/** One endpoint of a service port as kube-proxy's endpoint cache holds it. */
export interface EndpointInfo {
  /** `addresses[0]` of the EndpointSlice endpoint. */
  readonly ip: string;
  readonly port: number;
  /** `ip:port` (`[ip]:port` for IPv6): the string kube-proxy sorts and hashes. */
  readonly endpoint: string;
  /** `conditions.ready` (nil counts as true). */
  readonly ready: boolean;
  /** `conditions.serving` (nil counts as true). */
  readonly serving: boolean;
  /** `conditions.terminating` (nil counts as false). */
  readonly terminating: boolean;
  readonly nodeName: string | undefined;
  readonly zone: string | undefined;
  /** `hints.forZones[].name`. */
  readonly zoneHints: readonly string[];
  /** The pod behind the endpoint (`targetRef`), when it is a pod. */
  readonly targetRef?: { readonly namespace: string; readonly name: string };
}

/** One port of one Service, with everything the proxier needs. */
export interface ServicePortInfo {
  readonly name: ServicePortName;
  readonly namespace: string;
  readonly serviceName: string;
  /** The port's `name` ("" when unnamed). */
  readonly portName: string;
  readonly protocol: Exclude<Protocol, "ICMP">;
  /** `spec.clusterIPs` of this family (empty for headless Services, which get no rules). */
  readonly clusterIPs: readonly string[];
  readonly port: number;
  /** 0 when the Service has none. */
  readonly nodePort: number;
  readonly externalIPs: readonly string[];
  /** `status.loadBalancer.ingress[].ip`. */
  readonly loadBalancerIPs: readonly string[];
  readonly loadBalancerSourceRanges: readonly string[];
  readonly sessionAffinity: "None" | "ClientIP";
  /** `sessionAffinityConfig.clientIP.timeoutSeconds` (10800 by default). */
  readonly stickyMaxAgeSeconds: number;
  readonly internalTrafficPolicy: "Cluster" | "Local";
  readonly externalTrafficPolicy: "Cluster" | "Local";
  /** 0 when the Service has none. */
  readonly healthCheckNodePort: number;
  /** All endpoints of the port, sorted by their `endpoint` string as kube-proxy sorts them. */
  readonly endpoints: readonly EndpointInfo[];
}

/**
 * The rules a kube-proxy has programmed: the service ports as of its last sync, with the
 * lookups a packet needs. Every lookup is O(1) in the number of Services.
 */
export interface ProxyState {
  /** Counts syncs; a new state after each sync that changed something. */
  readonly version: number;
  /** Virtual time of the sync that produced this state. */
  readonly syncedAtMs: number;
  /** Every service port, sorted by name then protocol (the order dumps print). */
  servicePorts(): readonly ServicePortInfo[];
  /** The service port whose ClusterIP, protocol and port match. */
  byClusterIP(ip: string, protocol: Protocol, port: number): ServicePortInfo | undefined;
  /** Every service port on this ClusterIP (any port); empty when the IP is no ClusterIP. */
  portsOfClusterIP(ip: string): readonly ServicePortInfo[];
  /** The service port listening on this node port. */
  byNodePort(protocol: Protocol, nodePort: number): ServicePortInfo | undefined;
  /** The service port whose external IP or load-balancer IP, protocol and port match. */
  byExternalIP(ip: string, protocol: Protocol, port: number): ServicePortInfo | undefined;
  /** Every service port whose `healthCheckNodePort` is `port`, in `servicePorts()` order. */
  portsOfHealthCheckNodePort(port: number): readonly ServicePortInfo[];
  /** The endpoints of every service port, counted per port (iptables mode's large-cluster test). */
  endpointCount(): number;
}

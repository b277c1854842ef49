/**
 * kube-proxy's view of one Service and its EndpointSlices: the {@link ServicePortInfo} of each
 * service port, with its endpoints. A pure port of what kube-proxy's `ServiceChangeTracker`
 * (pkg/proxy/service.go, serviceport.go `newBaseServiceInfo`) and `EndpointSliceCache`
 * (pkg/proxy/endpointslicecache.go) compute; ../shared/REFERENCE.md section 5.1.
 *
 * Only the IPv4 family is computed for now: kube-proxy runs one proxier per IP family, and
 * this is the IPv4 one (IPv6 cluster IPs, external IPs, load-balancer IPs, source ranges and
 * endpoint addresses are ignored, as the IPv4 proxier ignores them).
 *
 * @module
 */
import type { KubeObject } from "@kubesim/core";
import type { EndpointInfo, ServicePortInfo } from "./ServicePortInfo.js";

/** The label that ties an EndpointSlice to its Service (`discovery.LabelServiceName`). */
export const LABEL_SERVICE_NAME = "kubernetes.io/service-name";

/** `DefaultClientIPServiceAffinitySeconds` (3 hours), used when a ClientIP Service has no timeout. */
const DEFAULT_STICKY_MAX_AGE_SECONDS = 10800;

/** Options of {@link servicePortInfos}. */
export interface ServicePortInfosOptions {
  /**
   * The node whose kube-proxy is asking. When the same `ip:port` appears in several slices,
   * kube-proxy keeps the copy whose `nodeName` is this node (endpointslicecache.go
   * `addEndpoints`: "we favor a true value here if it exists"). Without it, the first copy in
   * slice-name order wins (kube-proxy's own choice among non-local copies is Go map order).
   */
  readonly nodeName?: string;
}

// Local views of the API fields read here (the dataplane package does not depend on
// kubernetes-types); every field is optional because stored objects are user data.
interface ServicePortSpec {
  name?: string;
  protocol?: string;
  port?: number;
  nodePort?: number;
}
interface ServiceSpec {
  type?: string;
  clusterIP?: string;
  clusterIPs?: string[];
  externalIPs?: string[];
  loadBalancerSourceRanges?: string[];
  sessionAffinity?: string;
  sessionAffinityConfig?: { clientIP?: { timeoutSeconds?: number } };
  externalTrafficPolicy?: string;
  internalTrafficPolicy?: string;
  healthCheckNodePort?: number;
  ports?: ServicePortSpec[];
}
interface ServiceStatus {
  loadBalancer?: { ingress?: { ip?: string; ipMode?: string }[] };
}
interface SliceEndpoint {
  addresses?: string[];
  conditions?: { ready?: boolean | null; serving?: boolean | null; terminating?: boolean | null };
  nodeName?: string;
  zone?: string;
  hints?: { forZones?: { name?: string }[] };
  targetRef?: { kind?: string; namespace?: string; name?: string };
}
interface SlicePort {
  name?: string | null;
  protocol?: string;
  port?: number | null;
}

/**
 * The service ports kube-proxy programs for `service`, in `spec.ports` order, each with the
 * endpoints `slices` give it:
 * - headless (`clusterIP: None`), ExternalName, and not-yet-allocated Services get none
 *   (`ShouldSkipService`, and the proxier skips a Service without a ClusterIP of its family);
 * - `slices` are filtered to those labelled `kubernetes.io/service-name=<name>` in the
 *   Service's namespace, so passing every slice of the namespace is fine;
 * - slice ports are matched to service ports by name and protocol; a slice port with no name
 *   or no (or zero) port number is ignored; only `addresses[0]` of an endpoint counts, and an
 *   endpoint (or a slice) of another family is ignored;
 * - conditions: nil `ready`/`serving` count as true, nil `terminating` as false;
 * - the same `ip:port` in several slices counts once (see {@link ServicePortInfosOptions});
 * - endpoints are sorted by their `ip:port` string (`10.0.0.10:80` < `10.0.0.2:80`);
 * - `stickyMaxAgeSeconds` is `sessionAffinityConfig.clientIP.timeoutSeconds` (10800 when
 *   missing) for `ClientIP` affinity and 0 otherwise, as kube-proxy has it;
 * - `externalTrafficPolicy` is `Local` only for externally accessible Services (NodePort,
 *   LoadBalancer, or ClusterIP with externalIPs; `apiservice.ExternalPolicyLocal`);
 * - `loadBalancerIPs` are `status.loadBalancer.ingress[].ip` in VIP mode (an `ipMode: Proxy`
 *   ingress gets no rules: `proxyutil.IsVIPMode`);
 * - `healthCheckNodePort` only for a LoadBalancer with `externalTrafficPolicy: Local`
 *   (`NeedsHealthCheck`).
 */
export function servicePortInfos(
  service: KubeObject,
  slices: readonly KubeObject[],
  options: ServicePortInfosOptions = {},
): ServicePortInfo[] {
  const spec = (service.spec ?? {}) as ServiceSpec;
  const namespace = service.metadata.namespace ?? "default";
  const serviceName = service.metadata.name ?? "";
  if (spec.type === "ExternalName") return [];
  const clusterIPs = clusterIPsOf(spec);
  if (clusterIPs.length === 0) return [];

  const status = (service.status ?? {}) as ServiceStatus;
  const externalIPs = (spec.externalIPs ?? []).filter(isIPv4);
  const loadBalancerIPs: string[] = [];
  for (const ing of status.loadBalancer?.ingress ?? []) {
    if (!ing.ip || (ing.ipMode !== undefined && ing.ipMode !== "VIP")) continue;
    if (isIPv4(ing.ip)) loadBalancerIPs.push(ing.ip);
  }
  // serviceport.go trims the source ranges: validation "mistakenly allows whitespace padding".
  const loadBalancerSourceRanges = (spec.loadBalancerSourceRanges ?? [])
    .map((r) => r.trim())
    .filter((r) => isIPv4(r.split("/")[0] ?? ""));
  const clientIP = spec.sessionAffinity === "ClientIP";
  const type = spec.type ?? "ClusterIP";
  const externallyAccessible =
    type === "NodePort" || type === "LoadBalancer" || (type === "ClusterIP" && externalIPs.length > 0);
  const externalLocal = externallyAccessible && spec.externalTrafficPolicy === "Local";
  const healthCheckNodePort =
    type === "LoadBalancer" && spec.externalTrafficPolicy === "Local" ? (spec.healthCheckNodePort ?? 0) : 0;

  const endpointsByPort = endpointsByServicePort(namespace, serviceName, slices, options.nodeName);
  const base = `${namespace}/${serviceName}`;
  const out: ServicePortInfo[] = [];
  for (const p of spec.ports ?? []) {
    const portName = p.name ?? "";
    const protocol = protocolOf(p.protocol);
    if (protocol === undefined || p.port === undefined) continue;
    out.push({
      name: portName === "" ? base : `${base}:${portName}`,
      namespace,
      serviceName,
      portName,
      protocol,
      clusterIPs,
      port: p.port,
      nodePort: p.nodePort ?? 0,
      externalIPs,
      loadBalancerIPs,
      loadBalancerSourceRanges,
      sessionAffinity: clientIP ? "ClientIP" : "None",
      stickyMaxAgeSeconds: clientIP
        ? (spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? DEFAULT_STICKY_MAX_AGE_SECONDS)
        : 0,
      internalTrafficPolicy: spec.internalTrafficPolicy === "Local" ? "Local" : "Cluster",
      externalTrafficPolicy: externalLocal ? "Local" : "Cluster",
      healthCheckNodePort,
      endpoints: endpointsByPort.get(`${portName}|${protocol}`) ?? [],
    });
  }
  return out;
}

/** `GetClusterIPByFamily` for IPv4: `spec.clusterIPs` (or the legacy `spec.clusterIP`) of the family. */
function clusterIPsOf(spec: ServiceSpec): string[] {
  const all = spec.clusterIPs && spec.clusterIPs.length > 0 ? spec.clusterIPs : [spec.clusterIP ?? ""];
  // "None" and "" are not IPv4 addresses, so headless and unallocated Services fall out here.
  return all.filter(isIPv4).slice(0, 1);
}

function protocolOf(p: string | undefined): "TCP" | "UDP" | "SCTP" | undefined {
  // The API server defaults a missing protocol to TCP.
  if (p === undefined || p === "TCP") return "TCP";
  if (p === "UDP" || p === "SCTP") return p;
  return undefined;
}

/** The endpoints of each `portName|protocol`, de-duplicated and sorted (endpointslicecache.go). */
function endpointsByServicePort(
  namespace: string,
  serviceName: string,
  slices: readonly KubeObject[],
  nodeName: string | undefined,
): Map<string, EndpointInfo[]> {
  const mine = slices
    .filter(
      (s) =>
        (s.metadata.namespace ?? "default") === namespace &&
        s.metadata.labels?.[LABEL_SERVICE_NAME] === serviceName &&
        // kube-proxy handles IPv4 and IPv6 slices only (FQDN ones are skipped); this is the IPv4 proxier.
        s.addressType === "IPv4",
    )
    .sort((a, b) => compareStrings(a.metadata.name ?? "", b.metadata.name ?? ""));
  const sets = new Map<string, Map<string, EndpointInfo>>();
  for (const slice of mine) {
    // newEndpointSliceInfo sorts a slice's ports by number and its endpoints by addresses.
    const ports = ((slice.ports ?? []) as SlicePort[])
      .filter((p): p is SlicePort & { name: string; port: number } => {
        // "Ignoring port with nil name" / "Ignoring invalid endpoint port".
        return typeof p.name === "string" && typeof p.port === "number" && p.port !== 0;
      })
      .sort((a, b) => a.port - b.port);
    const endpoints = ((slice.endpoints ?? []) as SliceEndpoint[])
      .filter((e) => (e.addresses?.length ?? 0) > 0 && isIPv4(e.addresses![0]!))
      .map((e) => ({ e, key: e.addresses!.join(",") }))
      .sort((a, b) => compareStrings(a.key, b.key))
      .map(({ e }) => e);
    for (const port of ports) {
      const protocol = protocolOf(port.protocol);
      if (protocol === undefined) continue;
      const key = `${port.name}|${protocol}`;
      let set = sets.get(key);
      if (!set) {
        set = new Map();
        sets.set(key, set);
      }
      for (const e of endpoints) {
        const info = endpointInfo(e, port.port, slice.metadata.namespace ?? namespace);
        const isLocal = nodeName !== undefined && nodeName !== "" && info.nodeName === nodeName;
        if (!set.has(info.endpoint) || isLocal) set.set(info.endpoint, info);
      }
    }
  }
  const out = new Map<string, EndpointInfo[]>();
  for (const [key, set] of sets) {
    // "Ensure endpoints are always returned in the same order to simplify diffing."
    out.set(
      key,
      [...set.values()].sort((a, b) => compareStrings(a.endpoint, b.endpoint)),
    );
  }
  return out;
}

function endpointInfo(e: SliceEndpoint, port: number, sliceNamespace: string): EndpointInfo {
  const ip = e.addresses![0]!;
  const c = e.conditions ?? {};
  const zoneHints = [
    ...new Set((e.hints?.forZones ?? []).map((z) => z.name).filter((n): n is string => !!n)),
  ].sort(compareStrings);
  const ref = e.targetRef;
  return {
    ip,
    port,
    endpoint: `${ip}:${port}`,
    ready: c.ready === undefined || c.ready === null || c.ready,
    serving: c.serving === undefined || c.serving === null || c.serving,
    terminating: c.terminating === true,
    nodeName: e.nodeName || undefined,
    zone: e.zone || undefined,
    zoneHints,
    ...(ref?.kind === "Pod" && ref.name
      ? { targetRef: { namespace: ref.namespace ?? sliceNamespace, name: ref.name } }
      : {}),
  };
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** Whether `s` is an IPv4 address in canonical dotted-quad form. */
function isIPv4(s: string): boolean {
  return IPV4.test(s);
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

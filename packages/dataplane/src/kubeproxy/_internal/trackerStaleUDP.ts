/**
 * Which UDP service ports need their conntrack entries cleaned after a sync.
 *
 * @module
 */
import type { UDPConntrackCleanup } from "../../conntrack/ConntrackTable.js";
import { servicePortKey } from "../ProxyStateSnapshot.js";
import type { ServicePortInfo, ServicePortName } from "../ServicePortInfo.js";

/**
 * A UDP service port whose conntrack entries may point at endpoints that no longer serve: the
 * filter kube-proxy's `CleanStaleEntries` applies to it, plus what changed.
 */
export interface StaleUDPServicePort extends UDPConntrackCleanup {
  readonly servicePort: ServicePortName;
  /** `ip:port` of the endpoints that were serving at the previous sync and are not now. */
  readonly removedEndpoints: readonly string[];
}

/**
 * The UDP ports of one Service whose cleanup can delete something, going from `before` to
 * `after` (the Service's ports at two syncs). kube-proxy reconciles the whole table at every
 * sync (pkg/proxy/conntrack/cleanup.go); an entry can only be stale if its port lost a serving
 * endpoint, had none before (entries made while nothing answered, or before the port
 * existed), or changed its frontends, so only those are listed. Ports with no serving
 * endpoint are never listed: "a Service without endpoints does not require to clean".
 */
export function staleUDPServicePorts(
  before: readonly ServicePortInfo[],
  after: readonly ServicePortInfo[],
): StaleUDPServicePort[] {
  const out: StaleUDPServicePort[] = [];
  for (const port of after) {
    if (port.protocol !== "UDP") continue;
    const serving = servingEndpoints(port);
    if (serving.length === 0) continue;
    const key = servicePortKey(port);
    const old = before.find((p) => servicePortKey(p) === key);
    const oldServing = old ? servingEndpoints(old) : [];
    const now = new Set(serving);
    const removedEndpoints = oldServing.filter((e) => !now.has(e));
    if (old && oldServing.length > 0 && removedEndpoints.length === 0 && sameFrontends(old, port)) continue;
    out.push({
      servicePort: port.name,
      serviceIPs: [...port.clusterIPs, ...port.loadBalancerIPs, ...port.externalIPs],
      port: port.port,
      nodePort: port.nodePort,
      servingEndpoints: serving,
      removedEndpoints,
    });
  }
  return out;
}

function servingEndpoints(port: ServicePortInfo): string[] {
  // `endpoint.IsServing()`: traffic policies, topology and terminating do not matter here.
  return port.endpoints.filter((e) => e.serving).map((e) => e.endpoint);
}

function sameFrontends(a: ServicePortInfo, b: ServicePortInfo): boolean {
  return (
    a.port === b.port &&
    a.nodePort === b.nodePort &&
    sameList(a.clusterIPs, b.clusterIPs) &&
    sameList(a.loadBalancerIPs, b.loadBalancerIPs) &&
    sameList(a.externalIPs, b.externalIPs)
  );
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

import type { Service, ServicePort } from "kubernetes-types/core/v1.js";
import { translateTimestampSince } from "../age.js";
import type { ResourcePrinter } from "../table.js";
import { formatLabels, loadBalancerStatusString } from "./_internal/format.js";

/** `getServiceExternalIP`: what the EXTERNAL-IP column shows for each Service type. */
function serviceExternalIP(svc: Service, wide: boolean): string {
  const externalIPs = svc.spec?.externalIPs ?? [];
  switch (svc.spec?.type) {
    case "ClusterIP":
    case "NodePort":
      return externalIPs.length > 0 ? externalIPs.join(",") : "<none>";
    case "LoadBalancer": {
      const lbIps = loadBalancerStatusString(svc.status?.loadBalancer?.ingress, wide);
      if (externalIPs.length > 0) {
        return [...(lbIps.length > 0 ? lbIps.split(",") : []), ...externalIPs].join(",");
      }
      return lbIps.length > 0 ? lbIps : "<pending>";
    }
    case "ExternalName":
      return svc.spec.externalName ?? "";
    default:
      return "<unknown>";
  }
}

/** `makePortString`: `port/PROTO`, or `port:nodePort/PROTO` when a node port is set, joined by `,`. */
function makePortString(ports: readonly ServicePort[]): string {
  return ports
    .map((p) => {
      const protocol = p.protocol ?? "";
      return p.nodePort && p.nodePort > 0 ? `${p.port}:${p.nodePort}/${protocol}` : `${p.port}/${protocol}`;
    })
    .join(",");
}

/**
 * `kubectl get services`: NAME, TYPE, CLUSTER-IP, EXTERNAL-IP, PORT(S), AGE; wide adds SELECTOR.
 * Port of `printService` (K8s `pkg/printers/internalversion/printers.go`). CLUSTER-IP is the
 * first cluster IP (`None` for headless Services, `<none>` for ExternalName ones); a
 * LoadBalancer's EXTERNAL-IP lists its ingress IPs (or hostnames) and then `spec.externalIPs`,
 * `<pending>` while there are none. Fields print as stored: the API server's defaulting
 * (type ClusterIP, protocol TCP) is not repeated here.
 */
export const servicePrinter: ResourcePrinter<Service> = {
  columns: [
    { name: "Name", priority: 0 },
    { name: "Type", priority: 0 },
    { name: "Cluster-IP", priority: 0 },
    { name: "External-IP", priority: 0 },
    { name: "Port(s)", priority: 0 },
    { name: "Age", priority: 0 },
    { name: "Selector", priority: 1 },
  ],
  row(svc, ctx) {
    // v1 -> internal conversion: clusterIP wins over clusterIPs[0] when both are set.
    const internalIP = svc.spec?.clusterIP || svc.spec?.clusterIPs?.[0] || "<none>";
    const ports = makePortString(svc.spec?.ports ?? []) || "<none>";
    const cells = [
      svc.metadata?.name ?? "",
      svc.spec?.type ?? "",
      internalIP,
      serviceExternalIP(svc, ctx.wide),
      ports,
      translateTimestampSince(svc.metadata?.creationTimestamp, ctx.nowMs),
    ];
    if (ctx.wide) cells.push(formatLabels(svc.spec?.selector));
    return cells;
  },
};

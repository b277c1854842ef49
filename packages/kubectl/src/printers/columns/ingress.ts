import type { Ingress, IngressRule } from "kubernetes-types/networking/v1.js";
import { translateTimestampSince } from "../age.js";
import type { ResourcePrinter } from "../table.js";
import { loadBalancerStatusString } from "./_internal/format.js";

/**
 * `formatHosts`: the hosts of the first three rules (rules without a host are skipped), then
 * ` + N more...` counting rules; `*` when no rule names a host.
 */
function formatHosts(rules: readonly IngressRule[]): string {
  const max = 3;
  const list: string[] = [];
  let more = false;
  for (const rule of rules) {
    if (list.length === max) more = true;
    if (!more && rule.host) list.push(rule.host);
  }
  if (list.length === 0) return "*";
  const ret = list.join(",");
  return more ? `${ret} + ${rules.length - max} more...` : ret;
}

/**
 * `kubectl get ingress`: NAME, CLASS, HOSTS, ADDRESS, PORTS (`80`, or `80, 443` with TLS), AGE.
 * Port of `printIngress` (K8s `pkg/printers/internalversion/printers.go`).
 */
export const ingressPrinter: ResourcePrinter<Ingress> = {
  columns: [
    { name: "Name", priority: 0 },
    { name: "Class", priority: 0 },
    { name: "Hosts", priority: 0 },
    { name: "Address", priority: 0 },
    { name: "Ports", priority: 0 },
    { name: "Age", priority: 0 },
  ],
  row(ing, ctx) {
    return [
      ing.metadata?.name ?? "",
      ing.spec?.ingressClassName ?? "<none>",
      formatHosts(ing.spec?.rules ?? []),
      loadBalancerStatusString(ing.status?.loadBalancer?.ingress, ctx.wide),
      (ing.spec?.tls ?? []).length > 0 ? "80, 443" : "80",
      translateTimestampSince(ing.metadata?.creationTimestamp, ctx.nowMs),
    ];
  },
};

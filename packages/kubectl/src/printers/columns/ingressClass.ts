import type { IngressClass } from "kubernetes-types/networking/v1.js";
import { translateTimestampSince } from "../age.js";
import type { ResourcePrinter } from "../table.js";

/**
 * `kubectl get ingressclasses`: NAME, CONTROLLER, PARAMETERS (`Kind[.apiGroup]/name` or
 * `<none>`), AGE (`printIngressClass`).
 */
export const ingressClassPrinter: ResourcePrinter<IngressClass> = {
  columns: [
    { name: "Name", priority: 0 },
    { name: "Controller", priority: 0 },
    { name: "Parameters", priority: 0 },
    { name: "Age", priority: 0 },
  ],
  row(ic, ctx) {
    const p = ic.spec?.parameters;
    const parameters = p
      ? `${p.kind}${p.apiGroup !== undefined ? `.${p.apiGroup}` : ""}/${p.name}`
      : "<none>";
    return [
      ic.metadata?.name ?? "",
      ic.spec?.controller ?? "",
      parameters,
      translateTimestampSince(ic.metadata?.creationTimestamp, ctx.nowMs),
    ];
  },
};

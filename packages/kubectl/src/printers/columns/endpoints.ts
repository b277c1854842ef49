import type { Endpoints } from "kubernetes-types/core/v1.js";
import { translateTimestampSince } from "../age.js";
import type { ResourcePrinter } from "../table.js";
import { joinHostPort } from "./_internal/format.js";

/** The most addresses the ENDPOINTS column lists before ` + N more...`. */
const MAX_SHOWN = 3;

/**
 * `formatEndpoints(endpoints, nil)`: for every subset, each ready address joined with each
 * port (`ip:port`, `[ipv6]:port`), or the bare IPs of a subset without ports; at most three,
 * then ` + N more...` counting every address-port pair; `<none>` without subsets.
 * Not-ready addresses are never shown.
 */
function formatEndpoints(ep: Endpoints): string {
  const subsets = ep.subsets ?? [];
  if (subsets.length === 0) return "<none>";
  const list: string[] = [];
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addresses = ss.addresses ?? [];
    const ports = ss.ports ?? [];
    if (ports.length === 0) {
      // It's possible to have headless services with no ports.
      count += addresses.length;
      for (const addr of addresses) {
        if (list.length === MAX_SHOWN) {
          more = true;
          break;
        }
        list.push(addr.ip);
      }
      continue;
    }
    for (const port of ports) {
      count += addresses.length;
      for (const addr of addresses) {
        if (list.length === MAX_SHOWN) {
          more = true;
          break;
        }
        list.push(joinHostPort(addr.ip, port.port));
      }
    }
  }
  const ret = list.join(",");
  return more ? `${ret} + ${count - MAX_SHOWN} more...` : ret;
}

/**
 * `kubectl get endpoints`: NAME, ENDPOINTS, AGE. Port of `printEndpoints` (K8s
 * `pkg/printers/internalversion/printers.go`).
 */
export const endpointsPrinter: ResourcePrinter<Endpoints> = {
  columns: [
    { name: "Name", priority: 0 },
    { name: "Endpoints", priority: 0 },
    { name: "Age", priority: 0 },
  ],
  row(ep, ctx) {
    return [
      ep.metadata?.name ?? "",
      formatEndpoints(ep),
      translateTimestampSince(ep.metadata?.creationTimestamp, ctx.nowMs),
    ];
  },
};

import type { EndpointSlice } from "kubernetes-types/discovery/v1.js";
import { translateTimestampSince } from "../age.js";
import type { ResourcePrinter } from "../table.js";
import { listWithMore } from "./_internal/format.js";

/**
 * `kubectl get endpointslices`: NAME, ADDRESSTYPE, PORTS, ENDPOINTS, AGE. Port of
 * `printEndpointSlice` (K8s `pkg/printers/internalversion/printers.go`): PORTS lists port numbers
 * (the port's name when it has no number, `*` when it has neither), ENDPOINTS the addresses of
 * every endpoint whatever its conditions; each shows three at most, then ` + N more...`, and
 * `<unset>` when empty.
 */
export const endpointSlicePrinter: ResourcePrinter<EndpointSlice> = {
  columns: [
    { name: "Name", priority: 0 },
    { name: "AddressType", priority: 0 },
    { name: "Ports", priority: 0 },
    { name: "Endpoints", priority: 0 },
    { name: "Age", priority: 0 },
  ],
  row(slice, ctx) {
    const ports = (slice.ports ?? []).map((p) => (p.port !== undefined ? `${p.port}` : (p.name ?? "*")));
    const addresses = (slice.endpoints ?? []).flatMap((e) => e.addresses);
    return [
      slice.metadata?.name ?? "",
      slice.addressType ?? "",
      listWithMore(ports),
      listWithMore(addresses),
      translateTimestampSince(slice.metadata?.creationTimestamp, ctx.nowMs),
    ];
  },
};

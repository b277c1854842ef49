import type { EndpointSlice } from "kubernetes-types/discovery/v1.js";
import type { DescribeData } from "./DescribeData.js";
import { describeEvents } from "./describeEvents.js";
import { printAnnotationsMultiline, printLabelsMultiline } from "./format.js";
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3, tabbedString } from "./PrefixWriter.js";

/** `describeEndpointSliceV1`: address type, ports, and each endpoint's addresses, readiness, target and node. */
export function describeEndpointSlice(eps: EndpointSlice, data: DescribeData): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${eps.metadata?.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${eps.metadata?.namespace ?? ""}\n`);
    printLabelsMultiline(w, "Labels", eps.metadata?.labels);
    printAnnotationsMultiline(w, "Annotations", eps.metadata?.annotations);
    w.write(LEVEL_0, `AddressType:\t${eps.addressType}\n`);
    if ((eps.ports ?? []).length === 0) w.write(LEVEL_0, "Ports: <unset>\n");
    else {
      w.write(LEVEL_0, "Ports:\n");
      w.write(LEVEL_1, "Name\tPort\tProtocol\n");
      w.write(LEVEL_1, "----\t----\t--------\n");
      for (const p of eps.ports!) {
        const port = p.port === undefined || p.port === null ? "<unset>" : String(p.port);
        w.write(LEVEL_1, `${p.name || "<unset>"}\t${port}\t${p.protocol ?? ""}\n`);
      }
    }
    if ((eps.endpoints ?? []).length === 0) w.write(LEVEL_0, "Endpoints: <none>\n");
    else {
      w.write(LEVEL_0, "Endpoints:\n");
      for (const ep of eps.endpoints) {
        w.write(LEVEL_1, `- Addresses:\t${ep.addresses.join(", ") || "<none>"}\n`);
        w.write(LEVEL_2, "Conditions:\n");
        const ready = ep.conditions?.ready;
        w.write(LEVEL_3, `Ready:\t${ready === undefined || ready === null ? "<unset>" : String(ready)}\n`);
        w.write(LEVEL_2, `Hostname:\t${ep.hostname ?? "<unset>"}\n`);
        if (ep.targetRef)
          w.write(LEVEL_2, `TargetRef:\t${ep.targetRef.kind ?? ""}/${ep.targetRef.name ?? ""}\n`);
        w.write(LEVEL_2, `NodeName:\t${ep.nodeName ?? "<unset>"}\n`);
        w.write(LEVEL_2, `Zone:\t${ep.zone ?? "<unset>"}\n`);
      }
    }
    if (data.events) describeEvents(data.events, w, data.nowMs);
  });
}

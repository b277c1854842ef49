import type { Endpoints } from "kubernetes-types/core/v1.js";
import type { DescribeData } from "./DescribeData.js";
import { describeEvents } from "./describeEvents.js";
import { printAnnotationsMultiline, printLabelsMultiline } from "./format.js";
import { LEVEL_0, LEVEL_1, LEVEL_2, tabbedString } from "./PrefixWriter.js";

/** `describeEndpoints`: each subset's ready and not-ready addresses and its ports. */
export function describeEndpoints(ep: Endpoints, data: DescribeData): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${ep.metadata?.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${ep.metadata?.namespace ?? ""}\n`);
    printLabelsMultiline(w, "Labels", ep.metadata?.labels);
    printAnnotationsMultiline(w, "Annotations", ep.metadata?.annotations);
    w.write(LEVEL_0, "Subsets:\n");
    for (const subset of ep.subsets ?? []) {
      w.write(LEVEL_1, `Addresses:\t${(subset.addresses ?? []).map((a) => a.ip).join(",") || "<none>"}\n`);
      w.write(
        LEVEL_1,
        `NotReadyAddresses:\t${(subset.notReadyAddresses ?? []).map((a) => a.ip).join(",") || "<none>"}\n`,
      );
      if ((subset.ports ?? []).length > 0) {
        w.write(LEVEL_1, "Ports:\n");
        w.write(LEVEL_2, "Name\tPort\tProtocol\n");
        w.write(LEVEL_2, "----\t----\t--------\n");
        for (const p of subset.ports!)
          w.write(LEVEL_2, `${p.name || "<unset>"}\t${p.port}\t${p.protocol ?? ""}\n`);
      }
      w.write(LEVEL_0, "\n");
    }
    if (data.events) describeEvents(data.events, w, data.nowMs);
  });
}

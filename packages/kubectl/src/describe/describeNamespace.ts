import type { Namespace } from "kubernetes-types/core/v1.js";
import { printAnnotationsMultiline, printLabelsMultiline, rfc1123z } from "./format.js";
import { LEVEL_0, LEVEL_1, tabbedString } from "./PrefixWriter.js";

/**
 * `describeNamespace`: status and conditions, then the namespace's resource quotas and limit
 * ranges; kubesim has neither kind, so those sections read as they do for a namespace without
 * any (`No resource quota.`, `No LimitRange resource.`). Namespaces have no Events section.
 */
export function describeNamespace(ns: Namespace): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${ns.metadata?.name ?? ""}\n`);
    printLabelsMultiline(w, "Labels", ns.metadata?.labels);
    printAnnotationsMultiline(w, "Annotations", ns.metadata?.annotations);
    w.write(LEVEL_0, `Status:\t${ns.status?.phase ?? ""}\n`);
    if ((ns.status?.conditions ?? []).length > 0) {
      w.write(LEVEL_0, "Conditions:\n");
      w.write(LEVEL_1, "Type\tStatus\tLastTransitionTime\tReason\tMessage\n");
      w.write(LEVEL_1, "----\t------\t------------------\t------\t-------\n");
      for (const c of ns.status!.conditions!) {
        w.write(
          LEVEL_1,
          `${c.type}\t${c.status}\t${rfc1123z(c.lastTransitionTime)}\t${c.reason ?? ""}\t${c.message ?? ""}\n`,
        );
      }
    }
    w.write(LEVEL_0, "\n");
    w.write(LEVEL_0, "No resource quota.\n");
    w.write(LEVEL_0, "\n");
    w.write(LEVEL_0, "No LimitRange resource.\n");
  });
}

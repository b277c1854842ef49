import type { Event } from "kubernetes-types/core/v1.js";
import { parseTimestampMs, translateTimestampSince } from "../age.js";
import type { ResourcePrinter } from "../table.js";

/**
 * `formatEventSource`: the source component (or reporting controller), then `, <host>` (or
 * reporting instance) when there is one.
 */
function formatEventSource(e: Event): string {
  const component = e.source?.component || e.reportingComponent || "";
  const instance = e.source?.host || e.reportingInstance || "";
  return instance ? `${component}, ${instance}` : component;
}

/**
 * `kubectl get events`: LAST SEEN, TYPE, REASON, OBJECT, MESSAGE; wide inserts SUBOBJECT and
 * SOURCE before MESSAGE and appends FIRST SEEN, COUNT, NAME. Port of `printEvent` (K8s
 * `pkg/printers/internalversion/printers.go`): FIRST SEEN falls back to `eventTime`, LAST SEEN
 * to FIRST SEEN, and an event series reports its own last observation and count; OBJECT is
 * `<kind lower-cased>/<name>`.
 */
export const eventPrinter: ResourcePrinter<Event> = {
  columns: [
    { name: "Last Seen", priority: 0 },
    { name: "Type", priority: 0 },
    { name: "Reason", priority: 0 },
    { name: "Object", priority: 0 },
    { name: "Subobject", priority: 1 },
    { name: "Source", priority: 1 },
    { name: "Message", priority: 0 },
    { name: "First Seen", priority: 1 },
    { name: "Count", priority: 1 },
    { name: "Name", priority: 1 },
  ],
  row(e, ctx) {
    const firstTimestamp =
      parseTimestampMs(e.firstTimestamp) === undefined
        ? translateTimestampSince(e.eventTime, ctx.nowMs)
        : translateTimestampSince(e.firstTimestamp, ctx.nowMs);
    let lastTimestamp =
      parseTimestampMs(e.lastTimestamp) === undefined
        ? firstTimestamp
        : translateTimestampSince(e.lastTimestamp, ctx.nowMs);
    let count = e.count ?? 0;
    if (e.series) {
      lastTimestamp = translateTimestampSince(e.series.lastObservedTime, ctx.nowMs);
      count = e.series.count ?? 0;
    } else if (count === 0) {
      // Singleton events don't have a count set in the new API.
      count = 1;
    }
    const kind = (e.involvedObject?.kind ?? "").toLowerCase();
    const target = e.involvedObject?.name ? `${kind}/${e.involvedObject?.name}` : kind;
    const message = (e.message ?? "").trim();
    if (ctx.wide) {
      return [
        lastTimestamp,
        e.type ?? "",
        e.reason ?? "",
        target,
        e.involvedObject?.fieldPath ?? "",
        formatEventSource(e),
        message,
        firstTimestamp,
        `${count}`,
        e.metadata?.name ?? "",
      ];
    }
    return [lastTimestamp, e.type ?? "", e.reason ?? "", target, message];
  },
};

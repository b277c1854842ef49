import type { KubeObject } from "@kubesim/core";
import type { Event } from "kubernetes-types/core/v1.js";
import { parseTimestampMs } from "../printers/age.js";
import { timestampSince } from "./format.js";
import { LEVEL_0, LEVEL_1, type PrefixWriter } from "./PrefixWriter.js";

/** What `searchEvents` filters on (`involvedObject.*` field selectors); an empty kind or uid matches any. */
export interface EventReference {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
}

/**
 * `searchEvents`: the events whose `involvedObject` is `ref` (name and namespace always, kind
 * and uid when set). Events are read from the namespace of the reference, or from every
 * namespace when it has none (cluster-scoped objects such as Nodes).
 */
export function searchEvents(events: readonly KubeObject[], ref: EventReference): Event[] {
  return (events as unknown as Event[]).filter((e) => {
    const io = e.involvedObject;
    if (ref.namespace !== "" && (e.metadata?.namespace ?? "") !== ref.namespace) return false;
    return (
      (io.name ?? "") === ref.name &&
      (io.namespace ?? "") === ref.namespace &&
      (ref.kind === "" || (io.kind ?? "") === ref.kind) &&
      (ref.uid === "" || (io.uid ?? "") === ref.uid)
    );
  });
}

/**
 * `DescribeEvents`: `Events:  <none>`, or (after a flush, so the table is aligned on its own)
 * the events sorted by last timestamp with Type, Reason, Age (`<age> (xN over <first>)` for
 * repeated events), From (source component, else reporting component) and Message.
 */
export function describeEvents(events: readonly Event[], w: PrefixWriter, nowMs: number): void {
  if (events.length === 0) {
    w.write(LEVEL_0, "Events:\t<none>\n");
    return;
  }
  w.flush();
  const last = (e: Event) => parseTimestampMs(e.lastTimestamp ?? undefined) ?? Number.NEGATIVE_INFINITY;
  const sorted = [...events].sort((a, b) => last(a) - last(b));
  w.write(LEVEL_0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n");
  w.write(LEVEL_1, "----\t------\t----\t----\t-------\n");
  for (const e of sorted) {
    const first = e.eventTime ? timestampSince(e.eventTime, nowMs) : timestampSince(e.firstTimestamp, nowMs);
    let interval = first;
    if (e.series)
      interval = `${timestampSince(e.series.lastObservedTime, nowMs)} (x${e.series.count ?? 0} over ${first})`;
    else if ((e.count ?? 0) > 1)
      interval = `${timestampSince(e.lastTimestamp, nowMs)} (x${e.count} over ${first})`;
    const source = e.source?.component || e.reportingComponent || "";
    // kubectl 1.32 does not prefix the message with involvedObject.fieldPath (later versions do).
    const message = (e.message ?? "").trim();
    w.write(LEVEL_1, `${e.type ?? ""}\t${e.reason ?? ""}\t${interval}\t${source}\t${message}\n`);
  }
}

import type { Event } from "kubernetes-types/core/v1.js";
import { describe, expect, it } from "vitest";
import { eventPrinter } from "./event.js";

const NOW = Date.UTC(2024, 5, 1, 12, 0, 0);
const daysAgo = (d: number) => new Date(NOW - d * 86400_000).toISOString();
const wide = { nowMs: NOW, wide: true };

const base = (e: Partial<Event>): Event => ({
  metadata: { name: "event" },
  involvedObject: { kind: "Deployment", name: "Deployment Name", fieldPath: "spec.containers{foo}" },
  source: { component: "kubelet", host: "Node1" },
  reason: "Event Reason",
  message: "Message Data",
  type: "Warning",
  ...e,
});

describe("eventPrinter", () => {
  it("has the columns of printers.go eventColumnDefinitions", () => {
    expect(eventPrinter.columns.map((c) => `${c.name}:${c.priority}`)).toEqual([
      "Last Seen:0",
      "Type:0",
      "Reason:0",
      "Object:0",
      "Subobject:1",
      "Source:1",
      "Message:0",
      "First Seen:1",
      "Count:1",
      "Name:1",
    ]);
  });

  // Ported from K8s pkg/printers/internalversion/printers_test.go TestPrintEvent.
  it("printers_test.go TestPrintEvent: basic event", () => {
    const e = base({
      source: { component: "kubelet" },
      involvedObject: { kind: "Pod", name: "Pod Name", fieldPath: "spec.containers{foo}" },
      firstTimestamp: daysAgo(3),
      lastTimestamp: daysAgo(2),
      count: 6,
      type: "Normal",
      metadata: { name: "event1" },
    });
    expect(eventPrinter.row(e, { nowMs: NOW, wide: false })).toEqual([
      "2d",
      "Normal",
      "Event Reason",
      "pod/Pod Name",
      "Message Data",
    ]);
  });

  it.each<[string, Partial<Event>, string[]]>([
    [
      "wide",
      { firstTimestamp: daysAgo(3), lastTimestamp: daysAgo(2), count: 6, metadata: { name: "event2" } },
      ["2d", "3d", "6", "event2"],
    ],
    [
      "without FirstTimestamp: eventTime stands in",
      { eventTime: daysAgo(3), lastTimestamp: daysAgo(3), count: 1, metadata: { name: "event3" } },
      ["3d", "3d", "1", "event3"],
    ],
    [
      "without LastTimestamp: FIRST SEEN stands in",
      { eventTime: daysAgo(3), firstTimestamp: daysAgo(3), count: 1, metadata: { name: "event4" } },
      ["3d", "3d", "1", "event4"],
    ],
    [
      "without either timestamp",
      { eventTime: daysAgo(3), count: 1, metadata: { name: "event5" } },
      ["3d", "3d", "1", "event5"],
    ],
    [
      "a series reports its last observation and count",
      {
        series: { count: 2, lastObservedTime: daysAgo(2) },
        eventTime: daysAgo(3),
        metadata: { name: "event6" },
      },
      ["2d", "3d", "2", "event6"],
    ],
    [
      "a singleton without count counts 1",
      { eventTime: daysAgo(3), metadata: { name: "event7" } },
      ["3d", "3d", "1", "event7"],
    ],
  ])("printers_test.go TestPrintEvent: %s", (_name, e, [last, first, count, name]) => {
    expect(eventPrinter.row(base(e), wide)).toEqual([
      last,
      "Warning",
      "Event Reason",
      "deployment/Deployment Name",
      "spec.containers{foo}",
      "kubelet, Node1",
      "Message Data",
      first,
      count,
      name,
    ]);
  });

  it("printers_test.go TestPrintEvent: reportingComponent and reportingInstance stand in for an empty source", () => {
    const e = base({
      source: {},
      reportingComponent: "kubelet",
      reportingInstance: "test",
      firstTimestamp: daysAgo(3),
      lastTimestamp: daysAgo(2),
      count: 6,
    });
    expect(eventPrinter.row(e, wide)[5]).toBe("kubelet, test");
  });

  it("OBJECT is the bare kind without a name; SOURCE omits an empty host; MESSAGE is trimmed", () => {
    const e = base({
      involvedObject: { kind: "Node" },
      source: { component: "kube-proxy" },
      message: "  starting\n",
    });
    const cells = eventPrinter.row(e, wide);
    expect([cells[3], cells[5], cells[6]]).toEqual(["node", "kube-proxy", "starting"]);
    expect(cells[0]).toBe("<unknown>");
  });
});

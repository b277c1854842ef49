import type { Pod, Service } from "kubernetes-types/core/v1.js";
import { describe, expect, it } from "vitest";
import { parseTimestamp } from "../../engine/VirtualClock.js";
import { TriggerTimeTracker } from "./TriggerTimeTracker.js";

const service: Service = {
  metadata: { namespace: "default", name: "web", creationTimestamp: "2024-01-01T00:00:00Z" },
};

/** A pod whose Ready condition last changed at `readySince`. */
function pod(name: string, readySince: string): Pod {
  return {
    metadata: { namespace: "default", name },
    status: { conditions: [{ type: "Ready", status: "True", lastTransitionTime: readySince }] },
  };
}

const t = (text: string) => parseTimestamp(text);

// K8s staging/src/k8s.io/endpointslice/util/trigger_time_tracker.go: the earliest trigger time
// that moved since the last sync; a Service seen for the first time gives its creationTimestamp.
describe("TriggerTimeTracker", () => {
  it("gives a new Service's creationTimestamp, then the earliest Ready time that moved", () => {
    const tracker = new TriggerTimeTracker();
    const a = pod("a", "2024-01-01T00:00:05Z");
    const b = pod("b", "2024-01-01T00:00:06Z");
    expect(tracker.compute(service, [a, b])).toBe(t("2024-01-01T00:00:00Z"));
    // Nothing moved: no trigger time.
    expect(tracker.compute(service, [a, b])).toBeUndefined();
    // b moved: its time; then a and b moved: the earlier of the two.
    const b2 = pod("b", "2024-01-01T00:00:09Z");
    expect(tracker.compute(service, [a, b2])).toBe(t("2024-01-01T00:00:09Z"));
    const a3 = pod("a", "2024-01-01T00:00:12Z");
    const b3 = pod("b", "2024-01-01T00:00:11Z");
    expect(tracker.compute(service, [a3, b3])).toBe(t("2024-01-01T00:00:11Z"));
  });

  it("counts a pod that left and came back as new, even with an older time", () => {
    const tracker = new TriggerTimeTracker();
    const a = pod("a", "2024-01-01T00:00:05Z");
    const b = pod("b", "2024-01-01T00:00:06Z");
    tracker.compute(service, [a, b]);
    expect(tracker.compute(service, [a])).toBeUndefined();
    // b is back with the time it had: the sync without it made the tracker forget it.
    expect(tracker.compute(service, [a, b])).toBe(t("2024-01-01T00:00:06Z"));
    expect(tracker.compute(service, [a, b])).toBeUndefined();
  });

  it("starts over for a Service it was told to forget", () => {
    const tracker = new TriggerTimeTracker();
    const a = pod("a", "2024-01-01T00:00:05Z");
    tracker.compute(service, [a]);
    tracker.delete("default", "web");
    expect(tracker.compute(service, [a])).toBe(t("2024-01-01T00:00:00Z"));
  });
});

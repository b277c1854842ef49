import { describe, expect, it } from "vitest";
import { namespaceLifecycle } from "../apiserver/namespaceLifecycle.js";
import { Simulation } from "../Simulation.js";
import { recordEvent } from "./recordEvent.js";

function setup() {
  const sim = new Simulation({ seed: 1 });
  sim.store.addAdmissionHook(namespaceLifecycle);
  sim.store.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "default" } });
  const pod = sim.store.create({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "web", namespace: "default" },
    spec: {},
  });
  return { sim, pod };
}

describe("recordEvent (client-go event recorder)", () => {
  it("names the event <object>.<hex nanoseconds> and fills involvedObject, source and timestamps", () => {
    const { sim, pod } = setup();
    const e = sim.store.transaction((tx) =>
      recordEvent(
        tx,
        sim.nowMs,
        pod,
        { component: "default-scheduler" },
        { type: "Normal", reason: "Scheduled", message: "Successfully assigned default/web to n1" },
      ),
    );
    expect(e.metadata.name).toBe(`web.${(BigInt(sim.nowMs) * 1_000_000n).toString(16)}`);
    expect(e).toMatchObject({
      involvedObject: { kind: "Pod", name: "web", namespace: "default", uid: pod.metadata.uid },
      reason: "Scheduled",
      source: { component: "default-scheduler" },
      count: 1,
      type: "Normal",
      firstTimestamp: "2025-01-01T00:00:00Z",
    });
    // What `kubectl get events -o yaml` shows: no kubesim-internal annotation.
    expect(e.metadata.annotations).toBeUndefined();
  });

  it("counts a repeated event instead of creating another, bumping lastTimestamp", () => {
    const { sim, pod } = setup();
    const warn = {
      type: "Warning",
      reason: "BackOff",
      message: "Back-off restarting failed container",
    } as const;
    sim.store.transaction((tx) =>
      recordEvent(tx, sim.nowMs, pod, { component: "kubelet", host: "n1" }, warn),
    );
    sim.advance(10_000);
    sim.store.transaction((tx) =>
      recordEvent(tx, sim.nowMs, pod, { component: "kubelet", host: "n1" }, warn),
    );
    const events = sim.store.list("Event");
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      count: 2,
      firstTimestamp: "2025-01-01T00:00:00Z",
      lastTimestamp: "2025-01-01T00:00:10Z",
    });
    sim.store.transaction((tx) =>
      recordEvent(tx, sim.nowMs, pod, { component: "kubelet", host: "n1" }, { ...warn, message: "other" }),
    );
    expect(sim.store.list("Event")).toHaveLength(2);
    // The same event reported from another node is another event (the source is in the key).
    sim.store.transaction((tx) =>
      recordEvent(tx, sim.nowMs, pod, { component: "kubelet", host: "n2" }, warn),
    );
    expect(sim.store.list("Event")).toHaveLength(3);
  });
});

import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../api/KubeObject.js";
import { getPodsToDelete, isPodAvailable } from "./podUtil.js";

function pod(
  name: string,
  opts: { node?: string; created: string; readySince?: string; uid?: string },
): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, uid: opts.uid ?? name, creationTimestamp: opts.created },
    spec: { ...(opts.node ? { nodeName: opts.node } : {}), containers: [] },
    status: {
      phase: opts.node ? "Running" : "Pending",
      conditions: opts.readySince
        ? [{ type: "Ready", status: "True", lastTransitionTime: opts.readySince }]
        : [],
    },
  };
}

const NOW = Date.UTC(2025, 0, 1, 1, 0, 0);

describe("getPodsToDelete (pkg/controller/replicaset, controller_utils.go ActivePodsWithRanks)", () => {
  it("prefers pods doubled up on a node with more related pods", () => {
    const a = pod("a", { node: "n1", created: "2025-01-01T00:00:00Z", readySince: "2025-01-01T00:00:00Z" });
    const b = pod("b", { node: "n1", created: "2025-01-01T00:00:00Z", readySince: "2025-01-01T00:00:00Z" });
    const c = pod("c", { node: "n2", created: "2025-01-01T00:00:00Z", readySince: "2025-01-01T00:00:00Z" });
    expect(getPodsToDelete([c, a, b], [a, b, c], 1, NOW).map((p) => p.metadata.name)).toEqual(["a"]);
  });

  it("compares ready times on a log2 scale: similar ages tie and fall back to the uid", () => {
    // 40 and 50 minutes ago fall into the same power-of-two bucket of nanoseconds.
    const older = pod("older", {
      node: "n1",
      created: "2025-01-01T00:00:00Z",
      readySince: "2025-01-01T00:10:00Z",
      uid: "b",
    });
    const newer = pod("newer", {
      node: "n2",
      created: "2025-01-01T00:00:00Z",
      readySince: "2025-01-01T00:20:00Z",
      uid: "a",
    });
    expect(getPodsToDelete([older, newer], [older, newer], 1, NOW).map((p) => p.metadata.name)).toEqual([
      "newer",
    ]);
    const recent = pod("recent", {
      node: "n2",
      created: "2025-01-01T00:00:00Z",
      readySince: "2025-01-01T00:59:00Z",
      uid: "z",
    });
    expect(getPodsToDelete([older, recent], [older, recent], 1, NOW).map((p) => p.metadata.name)).toEqual([
      "recent",
    ]);
  });

  it("counts a pod available once it has been ready for minReadySeconds", () => {
    const p = pod("p", { node: "n1", created: "2025-01-01T00:59:00Z", readySince: "2025-01-01T00:59:50Z" });
    expect(isPodAvailable(p, 0, NOW)).toBe(true);
    expect(isPodAvailable(p, 10, NOW)).toBe(true);
    expect(isPodAvailable(p, 11, NOW)).toBe(false);
  });
});

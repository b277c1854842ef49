import { describe, expect, it } from "vitest";
import { backoffMs, numFeasibleNodesToFind } from "./schedulerController.js";

// K8s pkg/scheduler/schedule_one.go numFeasibleNodesToFind
describe("numFeasibleNodesToFind", () => {
  it("considers every node under 100, then 50% - nodes/125 (at least 5%), never fewer than 100", () => {
    expect(numFeasibleNodesToFind(0, 99)).toBe(99);
    expect(numFeasibleNodesToFind(0, 100)).toBe(100);
    expect(numFeasibleNodesToFind(0, 1000)).toBe(420);
    expect(numFeasibleNodesToFind(0, 5000)).toBe(500);
    expect(numFeasibleNodesToFind(0, 6000)).toBe(300);
    expect(numFeasibleNodesToFind(0, 1500)).toBe(570);
    expect(numFeasibleNodesToFind(10, 500)).toBe(100);
    expect(numFeasibleNodesToFind(100, 500)).toBe(500);
  });
});

// K8s pkg/scheduler/backend/queue calculateBackoffDuration
describe("backoffMs", () => {
  it("doubles from the initial back-off per failed attempt, capped at the maximum", () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffMs(n, 1000, 10_000))).toEqual([
      1000, 2000, 4000, 8000, 10_000, 10_000,
    ]);
  });
});

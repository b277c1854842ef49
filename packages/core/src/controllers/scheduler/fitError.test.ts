import { describe, expect, it } from "vitest";
import { formatFitError, truncateEventMessage } from "./fitError.js";

// K8s pkg/scheduler/framework/types.go FitError.Error() (1.33).
describe("formatFitError", () => {
  it("counts reasons over nodes and sorts the histogram as Go's sort.Strings does", () => {
    const statuses = [
      ...Array.from({ length: 10 }, () => ({
        code: "Unschedulable" as const,
        reasons: ["Insufficient memory"],
      })),
      { code: "Unschedulable" as const, reasons: ["Insufficient cpu", "Insufficient memory"] },
      { code: "Unschedulable" as const, reasons: ["Insufficient cpu"] },
      { code: "UnschedulableAndUnresolvable" as const, reasons: ["node(s) were unschedulable"] },
    ];
    // "11 ..." sorts before "2 ..." byte-wise.
    expect(formatFitError(13, statuses)).toBe(
      "0/13 nodes are available: 1 node(s) were unschedulable, 11 Insufficient memory, 2 Insufficient cpu.",
    );
  });

  it("appends the PostFilter message after a space, without a second period", () => {
    expect(
      formatFitError(1, [{ code: "Unschedulable", reasons: ["Insufficient cpu"] }], "preemption: x."),
    ).toBe("0/1 nodes are available: 1 Insufficient cpu. preemption: x.");
    expect(formatFitError(0, [])).toBe("0/0 nodes are available:");
  });
});

describe("truncateEventMessage", () => {
  it("keeps 1024 characters, the last four being ' ...'", () => {
    expect(truncateEventMessage("a".repeat(1024))).toBe("a".repeat(1024));
    const cut = truncateEventMessage("a".repeat(2000));
    expect(cut).toHaveLength(1024);
    expect(cut.endsWith("a ...")).toBe(true);
  });
});

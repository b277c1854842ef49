import type { Pod } from "kubernetes-types/core/v1.js";
import { describe, expect, it } from "vitest";
import { admitPriority } from "./admitPriority.js";

function pod(spec: Partial<NonNullable<Pod["spec"]>> = {}): Pod {
  return {
    metadata: { name: "web", namespace: "default" },
    spec: { containers: [{ name: "web", image: "nginx" }], ...spec },
  };
}

// plugin/pkg/admission/priority/admission_test.go TestPodAdmission
describe("Priority admission", () => {
  it("gives a pod without a class priority 0 and preemptionPolicy PreemptLowerPriority", () => {
    const result = admitPriority(pod());
    expect(result.ok && result.object.spec).toMatchObject({
      priority: 0,
      preemptionPolicy: "PreemptLowerPriority",
    });
  });

  it("resolves the system classes", () => {
    const result = admitPriority(pod({ priorityClassName: "system-node-critical" }));
    expect(result.ok && result.object.spec!.priority).toBe(2000001000);
  });

  it("uses the global default class and user classes", () => {
    const byDefault = admitPriority(pod(), { globalDefault: { value: 100, preemptionPolicy: "Never" } });
    expect(byDefault.ok && byDefault.object.spec).toMatchObject({ priority: 100, preemptionPolicy: "Never" });
    const byName = admitPriority(pod({ priorityClassName: "high" }), {
      priorityClasses: { high: { value: 1000 } },
    });
    expect(byName.ok && byName.object.spec!.priority).toBe(1000);
  });

  it("refuses an unknown class", () => {
    expect(admitPriority(pod({ priorityClassName: "gold" }))).toEqual({
      ok: false,
      message: "no PriorityClass with name gold was found",
    });
  });

  it("refuses a priority or preemptionPolicy that differs from the class", () => {
    expect(admitPriority(pod({ priority: 2 }))).toEqual({
      ok: false,
      message:
        "the integer value of priority (2) must not be provided in pod spec; priority admission controller computed 0 from the given PriorityClass name",
    });
    expect(admitPriority(pod({ preemptionPolicy: "Never" }))).toEqual({
      ok: false,
      message:
        "the string value of PreemptionPolicy (Never) must not be provided in pod spec; priority admission controller computed PreemptLowerPriority from the given PriorityClass name",
    });
  });

  it("accepts a priority equal to the computed one", () => {
    expect(admitPriority(pod({ priority: 0 })).ok).toBe(true);
  });
});

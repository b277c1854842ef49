import type { Deployment } from "kubernetes-types/apps/v1.js";
import { describe, expect, it } from "vitest";
import {
  maxSurge,
  maxUnavailable,
  newRSNewReplicas,
  resolveFenceposts,
  scaledValue,
  setCondition,
  setNewReplicaSetAnnotations,
} from "./deploymentUtil.js";

function deployment(replicas: number, surge: number | string, unavailable: number | string): Deployment {
  return {
    metadata: { name: "web" },
    spec: {
      replicas,
      selector: {},
      template: {},
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: surge, maxUnavailable: unavailable } },
    },
  };
}

describe("deployment_util.go helpers", () => {
  it("rounds a percent maxSurge up and maxUnavailable down (ResolveFenceposts)", () => {
    expect(scaledValue("25%", 3, true)).toBe(1);
    expect(scaledValue("25%", 3, false)).toBe(0);
    expect(resolveFenceposts("25%", "25%", 10)).toEqual({ surge: 3, unavailable: 2 });
    // Both 0 would deadlock a rollout: maxUnavailable becomes 1.
    expect(resolveFenceposts("10%", "10%", 5)).toEqual({ surge: 1, unavailable: 0 });
    expect(resolveFenceposts(0, "10%", 5)).toEqual({ surge: 0, unavailable: 1 });
  });

  it("caps maxUnavailable at the replicas and is 0 for Recreate", () => {
    expect(maxUnavailable(deployment(2, 0, 5))).toBe(2);
    expect(maxUnavailable(deployment(0, 0, 5))).toBe(0);
    const recreate: Deployment = {
      ...deployment(3, 1, 1),
      spec: { ...deployment(3, 1, 1).spec!, strategy: { type: "Recreate" } },
    };
    expect(maxSurge(recreate)).toBe(0);
    expect(maxUnavailable(recreate)).toBe(0);
  });

  it("grows the new ReplicaSet only into the surge room (NewRSNewReplicas)", () => {
    const d = deployment(4, 1, 0);
    const old = { metadata: { name: "old" }, spec: { replicas: 4, selector: {}, template: {} } };
    const fresh = { metadata: { name: "new" }, spec: { replicas: 0, selector: {}, template: {} } };
    expect(newRSNewReplicas(d, [old, fresh], fresh)).toBe(1);
    expect(newRSNewReplicas(d, [{ ...old, spec: { ...old.spec, replicas: 2 } }, fresh], fresh)).toBe(3);
  });

  it("keeps lastTransitionTime when only the reason changes and appends the new condition", () => {
    const status = {
      conditions: [
        {
          type: "Progressing",
          status: "True",
          reason: "ReplicaSetUpdated",
          lastTransitionTime: "t0",
          lastUpdateTime: "t0",
        },
        { type: "Available", status: "True", reason: "MinimumReplicasAvailable", lastTransitionTime: "t0" },
      ],
    };
    setCondition(status, {
      type: "Progressing",
      status: "True",
      reason: "NewReplicaSetAvailable",
      lastTransitionTime: "t1",
      lastUpdateTime: "t1",
    });
    expect(status.conditions.map((c) => [c.type, c.reason, c.lastTransitionTime])).toEqual([
      ["Available", "MinimumReplicasAvailable", "t0"],
      ["Progressing", "NewReplicaSetAvailable", "t0"],
    ]);
  });

  it("copies the Deployment's annotations but not kubectl's last-applied or the controller's own", () => {
    const d = deployment(3, 1, 0);
    d.metadata!.annotations = {
      team: "a",
      "kubectl.kubernetes.io/last-applied-configuration": "{}",
      "deployment.kubernetes.io/revision": "7",
    };
    const annotations: Record<string, string> = {};
    expect(setNewReplicaSetAnnotations(d, annotations, 2, false)).toBe(true);
    expect(annotations).toEqual({
      team: "a",
      "deployment.kubernetes.io/revision": "2",
      "deployment.kubernetes.io/desired-replicas": "3",
      "deployment.kubernetes.io/max-replicas": "4",
    });
    // An old ReplicaSet that becomes new again remembers its old revision.
    expect(setNewReplicaSetAnnotations(d, annotations, 5, true)).toBe(true);
    expect(annotations["deployment.kubernetes.io/revision-history"]).toBe("2");
  });
});

/**
 * Property: whatever the replicas, maxSurge and maxUnavailable (ints or percents, K8s
 * `ResolveFenceposts`: surge rounds up, unavailable rounds down, never both 0), a rolling update never
 * has more than replicas + maxSurge live pods nor fewer than replicas - maxUnavailable ready ones, and
 * ends with every pod from the new template.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { deploymentController } from "../../core/src/controllers/deployment/index.js";
import { replicaSetController } from "../../core/src/controllers/replicaset/index.js";
import { createCluster } from "../src/index.js";
import { fakeKubelet } from "./workloadTestUtil.js";

const intOrPercent = fc.oneof(
  fc.integer({ min: 0, max: 3 }),
  fc.constantFrom("0%", "10%", "25%", "33%", "50%", "100%"),
);

function scaled(v: number | string, total: number, roundUp: boolean): number {
  if (typeof v === "number") return v;
  const x = (Number.parseInt(v, 10) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

describe("rolling update bounds (property)", () => {
  it("holds maxSurge and maxUnavailable at every commit", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 7 }),
        intOrPercent,
        intOrPercent,
        fc.integer({ min: 1, max: 4_000 }),
        (replicas, maxSurge, maxUnavailable, readyAfterMs) => {
          const surge = scaled(maxSurge, replicas, true);
          let unavailable = scaled(maxUnavailable, replicas, false);
          if (surge === 0 && unavailable === 0) unavailable = 1;
          unavailable = Math.min(unavailable, replicas);
          const c = createCluster({ seed: replicas, controlPlane: false });
          c.sim.addController(deploymentController({ sim: c.sim }));
          c.sim.addController(replicaSetController());
          c.sim.addController(fakeKubelet(readyAfterMs, 500));
          c.sim.store.create({
            apiVersion: "apps/v1",
            kind: "Deployment",
            metadata: { name: "web", namespace: "default" },
            spec: {
              replicas,
              selector: { matchLabels: { app: "web" } },
              strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge, maxUnavailable } },
              template: {
                metadata: { labels: { app: "web" } },
                spec: { containers: [{ name: "c", image: "v1" }] },
              },
            },
          });
          c.sim.settle();
          const live = () =>
            c.sim.store.list("Pod", { namespace: "default" }).filter((p) => !p.metadata.deletionTimestamp);
          const ready = () =>
            live().filter((p) =>
              ((p.status as { conditions?: { type: string; status: string }[] }).conditions ?? []).some(
                (x) => x.type === "Ready" && x.status === "True",
              ),
            ).length;
          let worst = { most: 0, fewest: replicas };
          const check = (e: { type: string }) => {
            if (e.type !== "commit") return;
            worst = { most: Math.max(worst.most, live().length), fewest: Math.min(worst.fewest, ready()) };
          };
          c.sim.inspector.on("event", check);
          c.sim.store.mutate({ kind: "Deployment", namespace: "default", name: "web" }, (d) => {
            (d.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec
              .containers[0]!.image = "v2";
          });
          expect(c.sim.settle()).toBe(true);
          c.sim.inspector.off("event", check);
          expect(worst.most).toBeLessThanOrEqual(replicas + surge);
          expect(worst.fewest).toBeGreaterThanOrEqual(replicas - unavailable);
          const pods = live();
          expect(pods).toHaveLength(replicas);
          expect(
            pods.every((p) => (p.spec as { containers: { image: string }[] }).containers[0]!.image === "v2"),
          ).toBe(true);
        },
      ),
      { numRuns: 40, seed: 42 },
    );
  });
});

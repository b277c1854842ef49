/**
 * Property: after any sequence of pod and Service changes and a settle, every selector
 * Service's EndpointSlices list exactly the matching pods that have an IP and are not terminal,
 * with the conditions K8s derives (REFERENCE 4.2), packed at most maxEndpointsPerSlice per slice;
 * and its Endpoints object lists the same pods (terminating ones left out) as ready/not ready.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { selectorFromSet } from "../../core/src/labels/selector.js";
import type { Cluster } from "../src/index.js";
import {
  clusterWithEndpointControllers,
  createPod,
  createService,
  type EndpointSlice,
  type Endpoints,
  type Pod,
  type Service,
  setPhase,
  setReady,
  startPod,
} from "./endpointslice-fixtures.js";

const APPS = ["a", "b", "c"];
const SERVICES = ["s0", "s1", "s2", "s3"];
const PODS = Array.from({ length: 8 }, (_, i) => `p${i}`);
const MAX = 3;

type Op =
  | {
      op: "service";
      name: string;
      app: string | null;
      headless: boolean;
      publish: boolean;
      external: boolean;
    }
  | { op: "deleteService"; name: string }
  | { op: "pod"; name: string; app: string; node: string }
  | { op: "start"; name: string; ready: boolean }
  | { op: "ready"; name: string; ready: boolean }
  | { op: "relabel"; name: string; app: string }
  | { op: "terminate"; name: string }
  | { op: "remove"; name: string }
  | { op: "phase"; name: string; phase: "Succeeded" | "Failed" }
  | { op: "settle" };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    op: fc.constant("service" as const),
    name: fc.constantFrom(...SERVICES),
    app: fc.option(fc.constantFrom(...APPS)),
    headless: fc.boolean(),
    publish: fc.boolean(),
    external: fc.constantFrom(false, false, false, true),
  }),
  fc.record({ op: fc.constant("deleteService" as const), name: fc.constantFrom(...SERVICES) }),
  fc.record({
    op: fc.constant("pod" as const),
    name: fc.constantFrom(...PODS),
    app: fc.constantFrom(...APPS),
    node: fc.constantFrom("kubesim-worker", "kubesim-worker2", "ghost"),
  }),
  fc.record({ op: fc.constant("start" as const), name: fc.constantFrom(...PODS), ready: fc.boolean() }),
  fc.record({ op: fc.constant("ready" as const), name: fc.constantFrom(...PODS), ready: fc.boolean() }),
  fc.record({
    op: fc.constant("relabel" as const),
    name: fc.constantFrom(...PODS),
    app: fc.constantFrom(...APPS),
  }),
  fc.record({ op: fc.constant("terminate" as const), name: fc.constantFrom(...PODS) }),
  fc.record({ op: fc.constant("remove" as const), name: fc.constantFrom(...PODS) }),
  fc.record({
    op: fc.constant("phase" as const),
    name: fc.constantFrom(...PODS),
    phase: fc.constantFrom("Succeeded" as const, "Failed" as const),
  }),
  fc.constant({ op: "settle" as const }),
);

/** Every Service with a selector and every pod created and started, in random order of readiness. */
const setupArb: fc.Arbitrary<Op[]> = fc
  .tuple(
    fc.array(fc.constantFrom(...APPS), { minLength: SERVICES.length, maxLength: SERVICES.length }),
    fc.array(fc.constantFrom(...APPS), { minLength: PODS.length, maxLength: PODS.length }),
    fc.array(fc.boolean(), { minLength: PODS.length, maxLength: PODS.length }),
    fc.array(fc.boolean(), { minLength: SERVICES.length, maxLength: SERVICES.length }),
  )
  .map(([svcApps, podApps, ready, publish]) => [
    ...SERVICES.map(
      (name, i): Op => ({
        op: "service",
        name,
        app: svcApps[i]!,
        headless: i === 3,
        publish: publish[i]!,
        external: false,
      }),
    ),
    ...PODS.flatMap((name, i): Op[] => [
      { op: "pod", name, app: podApps[i]!, node: i === 7 ? "ghost" : "kubesim-worker" },
      { op: "start", name, ready: ready[i]! },
    ]),
  ]);

function apply(c: Cluster, op: Op, nextIP: () => string): void {
  const store = c.sim.store;
  const pod = "name" in op ? (store.get("Pod", "default", op.name) as unknown as Pod | undefined) : undefined;
  switch (op.op) {
    case "service": {
      if (store.get("Service", "default", op.name))
        store.delete({ kind: "Service", namespace: "default", name: op.name });
      if (op.external) {
        createService(c, op.name, { type: "ExternalName", externalName: "example.com" });
        return;
      }
      createService(c, op.name, {
        ...(op.app ? { selector: { app: op.app } } : {}),
        ...(op.headless ? { clusterIP: "None" } : {}),
        publishNotReadyAddresses: op.publish,
        ports: [{ name: "http", port: 80, targetPort: op.app === "c" ? "http" : 8080 }],
      });
      return;
    }
    case "deleteService":
      if (store.get("Service", "default", op.name))
        store.delete({ kind: "Service", namespace: "default", name: op.name });
      return;
    case "pod":
      if (!pod)
        createPod(
          c,
          op.name,
          { app: op.app },
          { node: op.node, ports: [{ name: "http", containerPort: 9000 + op.name.length }] },
        );
      return;
    case "start":
      if (pod && !pod.status?.podIP) startPod(c, op.name, nextIP(), op.ready);
      return;
    case "ready":
      if (pod?.status?.podIP && pod.status.phase === "Running") setReady(c, op.name, op.ready);
      return;
    case "relabel":
      if (pod)
        store.mutate({ kind: "Pod", namespace: "default", name: op.name }, (d) => {
          d.metadata.labels = { app: op.app };
        });
      return;
    case "terminate":
      if (pod) store.delete({ kind: "Pod", namespace: "default", name: op.name });
      return;
    case "remove":
      if (pod) store.delete({ kind: "Pod", namespace: "default", name: op.name }, { gracePeriodSeconds: 0 });
      return;
    case "phase":
      if (pod?.status?.podIP && !pod.metadata?.deletionTimestamp) setPhase(c, op.name, op.phase);
      return;
    case "settle":
      c.sim.settle();
      return;
  }
}

function expectedFor(c: Cluster, svc: Service) {
  const pods = c.sim.store.list("Pod", {
    namespace: "default",
    labelSelector: selectorFromSet(svc.spec!.selector!),
  }) as unknown as Pod[];
  const publish = !!svc.spec?.publishNotReadyAddresses;
  const slices: string[] = [];
  const ready: string[] = [];
  const notReady: string[] = [];
  for (const p of pods) {
    const phase = p.status?.phase;
    if (!p.status?.podIP || phase === "Succeeded" || phase === "Failed") continue;
    const nodeKnown = !!c.sim.store.get("Node", "", p.spec?.nodeName ?? "");
    const serving = p.status.conditions?.some((x) => x.type === "Ready" && x.status === "True") ?? false;
    const terminating = !!p.metadata?.deletionTimestamp;
    if (nodeKnown || publish) {
      slices.push(
        `${p.metadata!.name} ${p.status.podIP} ${publish || (serving && !terminating)}/${serving}/${terminating}`,
      );
    }
    if (terminating && !publish) continue;
    (publish || serving ? ready : notReady).push(p.status.podIP);
  }
  return { slices: slices.sort(), ready: ready.sort(), notReady: notReady.sort() };
}

describe("EndpointSlice and Endpoints controllers: property", () => {
  it("after random pod/Service changes and a settle, slices and Endpoints list exactly the matching pods", () => {
    fc.assert(
      fc.property(setupArb, fc.array(opArb, { minLength: 5, maxLength: 60 }), (setup, ops) => {
        const c = clusterWithEndpointControllers({ maxEndpointsPerSlice: MAX });
        let ip = 2;
        const nextIP = () => `10.244.1.${ip++}`;
        // A populated start (Services with selectors, running pods), then random changes.
        for (const op of [...setup, ...ops]) apply(c, op, nextIP);
        expect(c.sim.settle()).toBe(true);
        for (const name of SERVICES) {
          const svc = c.sim.store.get("Service", "default", name) as unknown as Service | undefined;
          const managed = c.sim.store.list("EndpointSlice", {
            namespace: "default",
            labelSelector: selectorFromSet({
              "kubernetes.io/service-name": name,
              "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io",
            }),
          }) as unknown as EndpointSlice[];
          const ep = c.sim.store.get("Endpoints", "default", name) as unknown as Endpoints | undefined;
          if (!svc) {
            expect(managed).toEqual([]);
            expect(ep).toBeUndefined();
            continue;
          }
          if (!svc.spec?.selector || svc.spec.type === "ExternalName") {
            // A fresh Service (every "service" op deletes the old one first) never gets slices.
            expect(managed).toEqual([]);
            expect(ep).toBeUndefined();
            continue;
          }
          const want = expectedFor(c, svc);
          const got = managed
            .flatMap((s) => s.endpoints)
            .map(
              (e) =>
                `${e.targetRef?.name} ${e.addresses.join(",")} ${e.conditions?.ready}/${e.conditions?.serving}/${e.conditions?.terminating}`,
            )
            .sort();
          expect(got).toEqual(want.slices);
          expect(managed.length).toBeGreaterThan(0);
          for (const s of managed) {
            expect(s.endpoints.length).toBeLessThanOrEqual(MAX);
            expect(s.metadata?.ownerReferences?.[0]?.uid).toBe(svc.metadata?.uid);
            expect(s.metadata?.labels?.["service.kubernetes.io/headless"] === "").toBe(
              svc.spec.clusterIP === "None",
            );
          }
          // A placeholder only when there is nothing to list.
          if (want.slices.length === 0) expect(managed.map((s) => s.endpoints.length)).toEqual([0]);
          else expect(managed.every((s) => s.endpoints.length > 0)).toBe(true);
          const subsets = ep?.subsets ?? [];
          expect(
            subsets
              .flatMap((s) => s.addresses ?? [])
              .map((a) => a.ip)
              .sort(),
          ).toEqual(want.ready);
          expect(
            subsets
              .flatMap((s) => s.notReadyAddresses ?? [])
              .map((a) => a.ip)
              .sort(),
          ).toEqual(want.notReady);
        }
      }),
      { numRuns: 60, seed: 4242 },
    );
  });
});

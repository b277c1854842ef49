/**
 * Property tests of the dataplane on whole simulated clusters (fast-check; a failure prints
 * fast-check's seed and path, and every assertion names the cluster seed and proxy mode):
 * (a) every request delivered to a Service ends at a pod that Service selects, on the port that
 *     pod listens on; once kube-proxy has synced, that pod is a ready endpoint (or, when the
 *     Service has no ready endpoint, a serving terminating one), and a Service whose ready
 *     endpoints all listen on its targetPort always delivers. Random Services, Deployments,
 *     selectors (by app or a shared tier label), ports and faults (crash, fail-readiness, delete
 *     pod, scale) with random waits;
 * (b) conntrack keeps an established connection (`dataplane.connect`) on its backend while the
 *     endpoints change (scale, rollout restart, the backend failing readiness): it never moves to
 *     another pod, and reaches its pod for as long as that pod runs; after `close()` new flows are
 *     balanced again;
 * (c) the all-outcomes mode's probabilities sum to 1 and match the frequencies of seeded choices
 *     (chi-square at p = 1e-6; ipvs rr: the one outcome is exactly the next choice);
 * (d) the same seed and the same inputs give byte-identical traces, tool output and event log.
 */
import type { Trace } from "@kubesim/dataplane";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Cluster } from "../../src/index.js";
import {
  apply,
  chiSquare,
  chiSquareCritical,
  clientPod,
  fromPod,
  httpGet,
  netCluster,
  netexecDeployment,
  PROXY_MODES,
  type ProxyModeName,
  podsWith,
  service,
  tally,
  waitForProxySync,
  waitForReady,
  waitUntil,
} from "./fixtures.js";

const mode = fc.constantFrom<ProxyModeName>(...PROXY_MODES);
const PORTS = [8080, 9000] as const;

// ---------------------------------------------------------------------------------------------
// (a) delivered => selected, listening, ready

interface DeploymentSpec {
  readonly replicas: number;
  readonly tier: number;
  readonly port: (typeof PORTS)[number];
}
interface ServiceSpec {
  /** Select one Deployment by `app`, or a tier (possibly several Deployments). */
  readonly by: "app" | "tier";
  readonly target: number;
  readonly targetPort: (typeof PORTS)[number];
}
type Fault =
  | { readonly op: "crash" | "fail-readiness" | "delete"; readonly deployment: number; readonly pick: number }
  | { readonly op: "scale"; readonly deployment: number; readonly replicas: number };
interface Step {
  readonly fault: Fault;
  readonly waitMs: number;
}

const deploymentSpec: fc.Arbitrary<DeploymentSpec> = fc.record({
  replicas: fc.integer({ min: 0, max: 3 }),
  tier: fc.integer({ min: 0, max: 1 }),
  port: fc.constantFrom(...PORTS),
});
const serviceSpec: fc.Arbitrary<ServiceSpec> = fc.record({
  by: fc.constantFrom<"app" | "tier">("app", "tier"),
  target: fc.nat({ max: 5 }),
  targetPort: fc.constantFrom(...PORTS),
});
const faultSpec: fc.Arbitrary<Fault> = fc.oneof(
  fc.record({
    op: fc.constantFrom<"crash" | "fail-readiness" | "delete">("crash", "fail-readiness", "delete"),
    deployment: fc.nat({ max: 5 }),
    pick: fc.nat({ max: 5 }),
  }),
  fc.record({
    op: fc.constant<"scale">("scale"),
    deployment: fc.nat({ max: 5 }),
    replicas: fc.integer({ min: 0, max: 4 }),
  }),
);
const stepSpec: fc.Arbitrary<Step> = fc.record({
  fault: faultSpec,
  waitMs: fc.integer({ min: 0, max: 8000 }),
});

interface SliceEndpoint {
  readonly addresses: readonly string[];
  readonly conditions: {
    readonly ready?: boolean;
    readonly serving?: boolean;
    readonly terminating?: boolean;
  };
  readonly targetRef?: { readonly name: string };
}

function serviceEndpoints(c: Cluster, svc: string): SliceEndpoint[] {
  return c.sim.store
    .list("EndpointSlice", { namespace: "default" })
    .filter((s) => s.metadata.labels?.["kubernetes.io/service-name"] === svc)
    .flatMap((s) => (s.endpoints as SliceEndpoint[] | undefined) ?? []);
}

function applyFault(c: Cluster, fault: Fault): void {
  const name = `d${fault.deployment % 3}`;
  if (!c.sim.store.get("Deployment", "default", name)) return;
  if (fault.op === "scale") {
    c.kubectl(["scale", `deployment/${name}`, `--replicas=${fault.replicas}`]);
    return;
  }
  const pods = podsWith(c, { app: name }).filter((p) => !p.terminating && p.running);
  const pod = pods[fault.pick % Math.max(pods.length, 1)];
  if (!pod) return;
  if (fault.op === "crash") c.kubesim(["crash", pod.name]);
  else if (fault.op === "fail-readiness") c.kubesim(["fail-readiness", pod.name, "--for", "15s"]);
  else c.kubectl(["delete", "pod", pod.name, "--wait=false"]);
}

describe("property (a): delivered requests end at ready, selected, listening pods", () => {
  it("holds through random Services, Deployments and faults", () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 1000 }),
        mode,
        fc.array(deploymentSpec, { minLength: 1, maxLength: 3 }),
        fc.array(serviceSpec, { minLength: 1, maxLength: 3 }),
        fc.array(stepSpec, { minLength: 1, maxLength: 5 }),
        (seed, proxyMode, deployments, services, steps) => {
          const c = netCluster({ seed, mode: proxyMode });
          const where = `seed ${seed}, ${proxyMode}`;
          const port = new Map<string, number>();
          const objects: object[] = [clientPod("client")];
          deployments.forEach((d, i) => {
            port.set(`d${i}`, d.port);
            objects.push(
              netexecDeployment({
                name: `d${i}`,
                replicas: d.replicas,
                labels: { app: `d${i}`, tier: `t${d.tier}` },
                httpPort: d.port,
              }),
            );
          });
          const selectors = services.map(
            (s): Record<string, string> =>
              s.by === "app" ? { app: `d${s.target % deployments.length}` } : { tier: `t${s.target % 2}` },
          );
          services.forEach((s, i) => {
            objects.push(
              service({
                name: `s${i}`,
                selector: selectors[i]!,
                ports: [{ port: 80, targetPort: s.targetPort }],
              }),
            );
          });
          apply(c, ...objects);
          c.sim.advance(20_000);

          const check = () => {
            const synced = !c.dataplane.proxy.pendingChanges();
            services.forEach((s, i) => {
              const selector = selectors[i]!;
              const endpoints = serviceEndpoints(c, `s${i}`);
              const anyReady = endpoints.some((e) => e.conditions.ready);
              const readyListen =
                anyReady &&
                endpoints
                  .filter((e) => e.conditions.ready)
                  .every((e) => port.get(e.targetRef?.name.replace(/-.*/, "") ?? "") === s.targetPort);
              for (let k = 0; k < 4; k++) {
                const t = c.dataplane.send({ from: fromPod("client"), to: `s${i}`, port: 80, trace: false });
                if (synced && readyListen) expect(t.verdict, `${where}: s${i} ${t.reason}`).toBe("delivered");
                if (t.verdict !== "delivered") continue;
                const pod = podsWith(c, {}).find((p) => p.name === t.backend?.name);
                expect(pod, `${where}: s${i} delivered to ${t.backend?.name}`).toBeDefined();
                for (const [key, value] of Object.entries(selector))
                  expect(pod!.labels[key], `${where}: s${i} -> ${pod!.name}`).toBe(value);
                expect(t.backend?.port, `${where}: port`).toBe(port.get(pod!.labels.app ?? ""));
                expect(t.backend?.port).toBe(s.targetPort);
                if (!synced) continue;
                const ep = endpoints.find((e) => e.addresses[0] === pod!.ip);
                expect(ep, `${where}: ${pod!.name} is no endpoint of s${i}`).toBeDefined();
                if (anyReady) {
                  expect(ep!.conditions.ready, `${where}: ${pod!.name} not ready`).toBe(true);
                  expect(pod!.ready).toBe(true);
                } else {
                  expect(ep!.conditions.serving && ep!.conditions.terminating, `${where}`).toBe(true);
                }
              }
            });
          };
          check();
          for (const step of steps) {
            applyFault(c, step.fault);
            check();
            c.sim.advance(step.waitMs);
            check();
          }
        },
      ),
      { numRuns: 10 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// (b) conntrack keeps established connections

type ChangeOp =
  | { readonly op: "scale"; readonly replicas: number }
  | { readonly op: "rollout" }
  | { readonly op: "unready" }
  | { readonly op: "wait"; readonly ms: number };

const changeOp: fc.Arbitrary<ChangeOp> = fc.oneof(
  fc.record({ op: fc.constant<"scale">("scale"), replicas: fc.integer({ min: 1, max: 5 }) }),
  fc.record({ op: fc.constant<"rollout">("rollout") }),
  fc.record({ op: fc.constant<"unready">("unready") }),
  fc.record({ op: fc.constant<"wait">("wait"), ms: fc.integer({ min: 100, max: 20_000 }) }),
);

describe("property (b): conntrack keeps an established connection on its backend", () => {
  it("never moves a connection while endpoints change, until it is closed", () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 1000 }),
        mode,
        fc.integer({ min: 2, max: 4 }),
        fc.array(changeOp, { minLength: 1, maxLength: 6 }),
        (seed, proxyMode, replicas, ops) => {
          const c = netCluster({ seed, mode: proxyMode });
          const where = `seed ${seed}, ${proxyMode}`;
          apply(
            c,
            netexecDeployment({ name: "web", replicas }),
            service({ name: "web", selector: { app: "web" }, ports: [{ port: 80, targetPort: 8080 }] }),
            clientPod("client"),
          );
          waitForReady(c, { app: "web" }, replicas);
          waitUntil(c, "the client", () => podsWith(c, { role: "client" })[0]?.running === true);

          const conn = c.dataplane.connect({ from: fromPod("client"), to: "web", port: 80 });
          const first = conn.send(httpGet("/hostname"), { trace: false });
          expect(first.verdict, where).toBe("delivered");
          const backend = first.backend!;
          const onConnection = (t: Trace) => {
            const pod = podsWith(c, { app: "web" }).find((p) => p.name === backend.name);
            if (pod?.running) {
              expect([t.verdict, t.backend?.name], `${where}: ${t.reason}`).toEqual([
                "delivered",
                backend.name,
              ]);
            } else if (t.verdict === "delivered") {
              // The pod is gone: only a pod that took over its IP can see the packets.
              expect(t.backend?.ip, where).toBe(backend.ip);
            }
          };
          for (const op of ops) {
            if (op.op === "scale") c.kubectl(["scale", "deployment/web", `--replicas=${op.replicas}`]);
            else if (op.op === "rollout") c.kubectl(["rollout", "restart", "deployment/web"]);
            else if (op.op === "unready") c.kubesim(["fail-readiness", backend.name, "--for", "10m"]);
            else c.sim.advance(op.ms);
            onConnection(conn.send(httpGet("/hostname"), { trace: false }));
            c.sim.advance(1500);
            onConnection(conn.send(httpGet("/hostname"), { trace: false }));
          }
          conn.close();
          // After the close, new flows follow the current rules: never to a pod that is not a ready endpoint.
          waitForProxySync(c);
          const ready = new Set(
            serviceEndpoints(c, "web")
              .filter((e) => e.conditions.ready)
              .map((e) => e.targetRef?.name),
          );
          for (let i = 0; i < 10; i++) {
            const t = c.dataplane.send({ from: fromPod("client"), to: "web", port: 80, trace: false });
            if (ready.size > 0) expect(ready.has(t.backend?.name), `${where}: ${t.reason}`).toBe(true);
          }
        },
      ),
      { numRuns: 8 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// (c) outcomes: probabilities sum to 1 and match seeded frequencies

describe("property (c): all-outcomes probabilities match the seeded choices", () => {
  it("sums to 1 and agrees with the frequencies of many new flows", () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 1000 }),
        mode,
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 2 }),
        (seed, proxyMode, listening, deaf) => {
          const c = netCluster({ seed, mode: proxyMode });
          const where = `seed ${seed}, ${proxyMode}`;
          // Two Deployments behind one Service: one listens on the targetPort, one does not (refusals).
          apply(
            c,
            netexecDeployment({ name: "good", replicas: listening, labels: { app: "good", tier: "x" } }),
            netexecDeployment({
              name: "deaf",
              replicas: deaf,
              labels: { app: "deaf", tier: "x" },
              httpPort: 9000,
            }),
            service({ name: "mixed", selector: { tier: "x" }, ports: [{ port: 80, targetPort: 8080 }] }),
            clientPod("client"),
          );
          waitForReady(c, { app: "good" }, listening);
          waitForReady(c, { app: "deaf" }, deaf);
          waitUntil(c, "the client", () => podsWith(c, { role: "client" })[0]?.running === true);
          // Deaf pods listen on 9000 and pass their probe there: ready endpoints that refuse 8080.
          const key = (t: Trace) =>
            `${t.verdict} ${t.backend?.name ?? t.hops[t.hops.length - 1]?.netns ?? ""}`;
          const request = { from: fromPod("client"), to: "mixed", port: 80 } as const;
          const outcomes = c.dataplane.outcomes(request);
          const total = outcomes.reduce((sum, o) => sum + o.probability, 0);
          expect(total, where).toBeCloseTo(1, 9);
          for (const o of outcomes) expect(o.probability, where).toBeGreaterThan(0);
          if (proxyMode === "ipvs") {
            // rr: a single certain outcome, which is exactly what the next request gets.
            for (let i = 0; i < 12; i++) {
              const next = c.dataplane.outcomes(request);
              expect(next.length, where).toBe(1);
              expect(key(c.dataplane.send({ ...request, trace: true })), where).toBe(key(next[0]!.trace));
            }
            return;
          }
          expect(outcomes.length, where).toBe(listening + deaf);
          const expected = new Map<string, number>();
          for (const o of outcomes)
            expected.set(key(o.trace), (expected.get(key(o.trace)) ?? 0) + o.probability);
          const n = 600;
          const observed = tally(
            Array.from({ length: n }, () => key(c.dataplane.send({ ...request, trace: true }))),
          );
          const chi = chiSquare(observed, expected);
          expect(
            chi,
            `${where}: ${JSON.stringify([...observed])} vs ${JSON.stringify([...expected])}`,
          ).toBeLessThan(chiSquareCritical(Math.max(expected.size - 1, 1), 1e-6));
        },
      ),
      { numRuns: 8 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// (d) determinism

type Action =
  | { readonly op: "send"; readonly to: "web" | "empty" | "pod"; readonly all: boolean }
  | { readonly op: "wget" }
  | { readonly op: "delete"; readonly pick: number }
  | { readonly op: "wait"; readonly ms: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.record({
    op: fc.constant<"send">("send"),
    to: fc.constantFrom<"web" | "empty" | "pod">("web", "empty", "pod"),
    all: fc.boolean(),
  }),
  fc.record({ op: fc.constant<"wget">("wget") }),
  fc.record({ op: fc.constant<"delete">("delete"), pick: fc.nat({ max: 5 }) }),
  fc.record({ op: fc.constant<"wait">("wait"), ms: fc.integer({ min: 0, max: 5000 }) }),
);

function runScript(
  seed: number,
  proxyMode: ProxyModeName,
  cni: "vxlan" | "host-gw",
  actions: readonly Action[],
) {
  const c = netCluster({ seed, mode: proxyMode, cni });
  apply(
    c,
    netexecDeployment({ name: "web", replicas: 3 }),
    service({ name: "web", selector: { app: "web" }, ports: [{ port: 80, targetPort: 8080 }] }),
    service({ name: "empty", selector: { app: "none" }, ports: [{ port: 80, targetPort: 8080 }] }),
    clientPod("client"),
  );
  c.sim.advance(15_000);
  const out: unknown[] = [];
  for (const a of actions) {
    if (a.op === "send") {
      const pods = podsWith(c, { app: "web" }).filter((p) => p.ip);
      const to = a.to === "pod" ? (pods[0]?.ip ?? "10.244.9.9") : a.to;
      const options = {
        from: fromPod("client"),
        to,
        port: a.to === "pod" ? 8080 : 80,
        request: httpGet("/hostname"),
      };
      out.push(a.all ? c.dataplane.outcomes(options) : c.dataplane.send(options));
    } else if (a.op === "wget") {
      out.push(c.kubectl("exec client -- wget -qO- -T 2 http://web/hostname"));
    } else if (a.op === "delete") {
      const pods = podsWith(c, { app: "web" }).filter((p) => !p.terminating);
      const pod = pods[a.pick % Math.max(pods.length, 1)];
      if (pod) out.push(c.kubectl(["delete", "pod", pod.name, "--wait=false"]));
    } else {
      c.sim.advance(a.ms);
    }
  }
  // A final request, so every script compares at least one trace (a script of waits alone has none).
  out.push(c.dataplane.send({ from: fromPod("client"), to: "web", port: 80, request: httpGet("/hostname") }));
  return { out: JSON.stringify(out), log: JSON.stringify(c.sim.store.eventLog()) };
}

describe("property (d): same seed, same inputs, same bytes", () => {
  it("replays traces, tool output and the event log byte for byte", () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 1000 }),
        mode,
        fc.constantFrom<"vxlan" | "host-gw">("vxlan", "host-gw"),
        fc.array(action, { minLength: 1, maxLength: 12 }),
        (seed, proxyMode, cni, actions) => {
          const a = runScript(seed, proxyMode, cni, actions);
          const b = runScript(seed, proxyMode, cni, actions);
          expect(a.out === b.out, `seed ${seed}, ${proxyMode}, ${cni}: traces differ`).toBe(true);
          expect(a.log === b.log, `seed ${seed}, ${proxyMode}, ${cni}: event logs differ`).toBe(true);
        },
      ),
      { numRuns: 4 },
    );
  });
});

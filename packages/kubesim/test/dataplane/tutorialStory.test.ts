/**
 * The tutorial's story over the network (../../../../shared/SCENARIO.md): a client pod reaches the
 * `app=backend` pods through `backend-service:8080`; a backend pod is deleted with `kubectl
 * delete pod`; during kube-proxy's sync window the rules still DNAT to the deleted pod (seen in
 * `iptables-save` and in the all-outcomes view), and a request that picks it fails as in a real
 * cluster (EHOSTUNREACH once the pod's veth is gone: busybox wget's "No route to host"); after the
 * sync the Service spreads over the survivors and, once the replacement runs, over it too, while
 * the old pod IP stays dead. Step 2 (a NodePort frontend, hashicorp/http-echo) is reached from
 * outside through every node. Run for several seeds; every assertion names the seed.
 */
import { describe, expect, it } from "vitest";
import {
  apply,
  bodyOf,
  clientPod,
  clusterIPOf,
  fromPod,
  httpEchoDeployment,
  httpGet,
  netCluster,
  netexecDeployment,
  nodeIPOf,
  podsWith,
  service,
  waitForProxySync,
  waitForReady,
  waitUntil,
} from "./fixtures.js";

const BACKEND = { app: "backend" };

describe.each([0, 3, 11])("the tutorial over the network (seed %i)", (seed) => {
  it("reaches the backends through the ClusterIP; a deleted pod's IP dies, the Service keeps working", () => {
    const c = netCluster({ seed });
    apply(
      c,
      netexecDeployment({ name: "backend", replicas: 3, labels: BACKEND }),
      service({ name: "backend-service", selector: BACKEND, ports: [{ port: 8080, targetPort: 8080 }] }),
      clientPod("test-pod"),
    );
    const before = waitForReady(c, BACKEND, 3);
    waitUntil(c, "the client pod", () => podsWith(c, { role: "client" })[0]?.running === true);
    const clusterIP = clusterIPOf(c, "backend-service");
    const names = before.map((p) => p.name);

    // The tutorial's check, from a throw-away pod: the answer is one of the backends.
    const first = c.kubectl("exec test-pod -- wget -qO- http://backend-service:8080/hostname");
    expect(first.exitCode, `seed ${seed}: ${first.stderr}`).toBe(0);
    expect(names).toContain(first.stdout);

    // Every backend is a possible answer, with probability 1/3.
    const spread = c.dataplane.outcomes({ from: fromPod("test-pod"), to: "backend-service", port: 8080 });
    expect(spread.map((o) => o.trace.backend?.name).sort()).toEqual(names);
    for (const o of spread) expect(o.probability).toBeCloseTo(1 / 3, 9);

    // Delete one backend. The EndpointSlice drops it at once; kube-proxy applies that one sync
    // period later, so until then the rules still send a third of new flows to it.
    const victim = before[0]!;
    const victimIP = victim.ip!;
    const deletedAt = c.sim.nowMs;
    expect(c.kubectl(["delete", "pod", victim.name, "--wait=false"]).exitCode).toBe(0);
    const syncAt = c.dataplane.proxy.nextSyncAtMs();
    expect(syncAt, `seed ${seed}`).toBeDefined();
    expect(syncAt! - deletedAt).toBe(c.dataplane.proxy.minSyncPeriodMs);
    expect(c.dataplane.dumpRules("kubesim-worker")).toContain(`--to-destination ${victimIP}:8080`);

    // Walk the window in 100 ms steps: the victim's outcome is the terminating pod still
    // answering (graceful shutdown), then "host unreachable" once its network namespace is gone.
    const seen = new Set<string>();
    let staleHit: string | undefined;
    while (c.sim.nowMs < syncAt!) {
      const outcomes = c.dataplane.outcomes({ from: fromPod("test-pod"), to: clusterIP, port: 8080 });
      expect(outcomes).toHaveLength(3);
      const toVictim = outcomes.filter(
        (o) => o.trace.backend?.name === victim.name || o.trace.verdict !== "delivered",
      );
      expect(toVictim, `seed ${seed}`).toHaveLength(1);
      const v = toVictim[0]!.trace;
      seen.add(v.verdict);
      if (v.verdict === "unreachable" && staleHit === undefined) {
        expect(v.reason).toContain(`no pod has ${victimIP}`);
        // A real client in this window: wget until a new flow picks the stale rule.
        for (let i = 0; i < 40 && staleHit === undefined; i++) {
          const r = c.kubectl("exec test-pod -- wget -qO- -T 5 http://backend-service:8080/hostname");
          if (r.exitCode !== 0) staleHit = r.stderr;
          else expect(names.slice(1), `seed ${seed}`).toContain(r.stdout);
        }
        break;
      }
      c.sim.advance(100);
    }
    expect([...seen].sort(), `seed ${seed}: the window shows the stale endpoint`).toContain("unreachable");
    expect(staleHit).toBe(
      `wget: can't connect to remote host (${clusterIP}): No route to host\ncommand terminated with exit code 1\n`,
    );

    // After the sync the deleted pod is out of the rules.
    waitForProxySync(c);
    expect(c.dataplane.dumpRules("kubesim-worker")).not.toContain(victimIP);

    // The ReplicaSet's replacement runs; the Service spreads over it; the ClusterIP never moved.
    const after = waitForReady(c, BACKEND, 3);
    const replacement = after.find((p) => !names.includes(p.name))!;
    expect(replacement, `seed ${seed}`).toBeDefined();
    expect(replacement.ip).not.toBe(victimIP);
    expect(clusterIPOf(c, "backend-service")).toBe(clusterIP);
    const now = c.dataplane.outcomes({ from: fromPod("test-pod"), to: "backend-service", port: 8080 });
    expect(now.map((o) => o.trace.backend?.name).sort()).toEqual(after.map((p) => p.name));
    expect(now.every((o) => o.trace.verdict === "delivered")).toBe(true);
    const ok = c.kubectl("exec test-pod -- wget -qO- http://backend-service:8080/hostname");
    expect(after.map((p) => p.name)).toContain(ok.stdout);

    // The frontend that talked to the old pod by IP is broken: nobody has that address now.
    const direct = c.dataplane.send({ from: fromPod("test-pod"), to: victimIP, port: 8080 });
    expect(direct.verdict).toBe("unreachable");
    const wget = c.kubectl(`exec test-pod -- wget -qO- -T 5 http://${victimIP}:8080/hostname`);
    expect([wget.exitCode, wget.stderr]).toEqual([
      1,
      `wget: can't connect to remote host (${victimIP}): No route to host\ncommand terminated with exit code 1\n`,
    ]);
    expect(c.sim.nowMs - deletedAt).toBeLessThan(60_000);
  });
});

describe("tutorial step 2: a NodePort frontend", () => {
  it("answers on nodePort 30080 of every node, from outside the cluster", () => {
    const c = netCluster({ seed: 2 });
    apply(
      c,
      httpEchoDeployment({ name: "frontend", replicas: 2, text: "hello from frontend", port: 80 }),
      service({
        name: "frontend-service",
        type: "NodePort",
        selector: { app: "frontend" },
        ports: [{ port: 80, targetPort: 80, nodePort: 30080 }],
      }),
    );
    waitForReady(c, { app: "frontend" }, 2);
    const external = { kind: "external", ip: "172.18.0.1" } as const;
    for (const node of ["kubesim-control-plane", "kubesim-worker", "kubesim-worker2"]) {
      const trace = c.dataplane.send({
        from: external,
        to: nodeIPOf(c, node),
        port: 30080,
        request: httpGet("/", `${nodeIPOf(c, node)}:30080`),
      });
      expect([node, trace.verdict, bodyOf(trace)]).toEqual([node, "delivered", "hello from frontend\n"]);
      expect(trace.backend?.name).toMatch(/^frontend-/);
    }
  });
});

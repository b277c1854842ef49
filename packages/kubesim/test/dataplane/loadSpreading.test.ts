/**
 * Load spreads over all ready backends, in each kube-proxy mode. Four agnhost replicas run behind
 * a ClusterIP Service; one of them fails its readiness probe (`kubesim fail-readiness`), so the
 * EndpointSlice marks it not ready and kube-proxy leaves it out. Then many new flows (each a new
 * source port, so no conntrack reuse) go from one client pod to the ClusterIP:
 * - the not-ready pod gets none;
 * - iptables and nftables choose at random (`-m statistic --mode random --probability 1/(n-i)`,
 *   `numgen random mod n`): each ready pod's share passes a chi-square test against 1/3
 *   (p = 0.001 threshold; the seed is fixed, so the result is deterministic);
 * - ipvs' `rr` scheduler is exact: the counts are equal and the choices cycle in a fixed order.
 * The all-outcomes view agrees: three outcomes of probability 1/3 (ipvs: the one real server `rr`
 * picks next, with probability 1, which is the one the next request gets).
 */
import { describe, expect, it } from "vitest";
import {
  apply,
  chiSquare,
  chiSquareCritical,
  clientPod,
  fromPod,
  netCluster,
  netexecDeployment,
  PROXY_MODES,
  podsWith,
  service,
  tally,
  waitForProxySync,
  waitForReady,
  waitUntil,
} from "./fixtures.js";

const FLOWS = 1500;

describe.each(PROXY_MODES)("load spreading in %s mode", (mode) => {
  it("sends new flows to every ready backend about equally, and none to a not-ready one", () => {
    const seed = 17;
    const c = netCluster({ seed, mode });
    apply(
      c,
      netexecDeployment({ name: "web", replicas: 4 }),
      service({ name: "web", selector: { app: "web" }, ports: [{ port: 80, targetPort: 8080 }] }),
      clientPod("client"),
    );
    const pods = waitForReady(c, { app: "web" }, 4);
    waitUntil(c, "the client", () => podsWith(c, { role: "client" })[0]?.running === true);

    const sick = pods[1]!;
    const r = c.kubesim(["fail-readiness", sick.name, "--for", "10m"]);
    expect(r.exitCode, r.stderr).toBe(0);
    waitUntil(c, "the readiness failure", () => !podsWith(c, { app: "web" })[1]!.ready);
    waitForProxySync(c);
    const ready = podsWith(c, { app: "web" })
      .filter((p) => p.ready)
      .map((p) => p.name);
    expect(ready).toHaveLength(3);
    expect(ready).not.toContain(sick.name);

    const outcomes = c.dataplane.outcomes({ from: fromPod("client"), to: "web", port: 80 });
    if (mode === "ipvs") {
      // rr holds no randomness: the only outcome is the scheduler's next real server.
      expect(outcomes).toHaveLength(1);
      expect(outcomes[0]!.probability).toBe(1);
      expect(ready).toContain(outcomes[0]!.trace.backend?.name);
    } else {
      expect(outcomes.map((o) => o.trace.backend?.name).sort()).toEqual(ready);
      for (const o of outcomes) expect(o.probability).toBeCloseTo(1 / 3, 9);
    }

    const chosen: string[] = [];
    for (let i = 0; i < FLOWS; i++) {
      const t = c.dataplane.send({ from: fromPod("client"), to: "web", port: 80, trace: false });
      expect(t.verdict).toBe("delivered");
      chosen.push(t.backend?.name ?? "");
    }
    const counts = tally(chosen);
    expect(counts.has(sick.name), `seed ${seed}: the not-ready pod got traffic`).toBe(false);
    expect([...counts.keys()]).toEqual(ready);
    if (mode === "ipvs") {
      // Round-robin: equal shares, and the order repeats with period 3.
      expect([...counts.values()]).toEqual([FLOWS / 3, FLOWS / 3, FLOWS / 3]);
      expect(chosen[0]).toBe(outcomes[0]!.trace.backend?.name);
      for (let i = 3; i < chosen.length; i++) expect(chosen[i]).toBe(chosen[i - 3]);
    } else {
      const expected = new Map(ready.map((name) => [name, 1 / 3]));
      const chi = chiSquare(counts, expected);
      expect(chi, `seed ${seed}: counts ${JSON.stringify([...counts])}`).toBeLessThan(chiSquareCritical(2));
      // And the draw is random, not a fixed cycle.
      expect(chosen.slice(0, 30).some((name, i) => i >= 3 && name !== chosen[i - 3])).toBe(true);
    }
  });
});

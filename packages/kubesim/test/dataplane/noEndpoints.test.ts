/**
 * What a client sees when a Service cannot deliver, in each kube-proxy mode, through busybox wget
 * run by `kubectl exec`:
 * - a Service with no endpoints: kube-proxy REJECTs (iptables filter `KUBE-SERVICES ... has no
 *   endpoints -j REJECT`; ipvs: a virtual server without real servers answers ICMP port
 *   unreachable; nftables: the `no-endpoint-services` map's reject): "Connection refused";
 * - a targetPort where nothing listens: the pod's kernel answers RST: "Connection refused";
 * - a ClusterIP on a port the Service does not define: iptables has no rule for it, so the packet
 *   leaves by the default route and nobody answers ("download timed out"); ipvs' KUBE-IPVS-FILTER
 *   and nftables' `cluster-ips-check` reject it (refused). (pkg/proxy/iptables/proxier.go,
 *   pkg/proxy/ipvs/proxier.go `KUBE-IPVS-FILTER`, pkg/proxy/nftables/proxier.go `cluster-ips-check`.)
 * The same outcomes appear in the traces' verdicts and reasons.
 */
import { describe, expect, it } from "vitest";
import {
  apply,
  clientPod,
  clusterIPOf,
  fromPod,
  netCluster,
  netexecDeployment,
  PROXY_MODES,
  podsWith,
  service,
  waitForReady,
  waitUntil,
} from "./fixtures.js";

const TERMINATED = "command terminated with exit code 1\n";

describe.each(PROXY_MODES)("requests that cannot be delivered, %s mode", (mode) => {
  it("refuses a Service without endpoints and a targetPort nobody listens on", () => {
    const c = netCluster({ seed: 4, mode });
    apply(
      c,
      netexecDeployment({ name: "web", replicas: 2 }),
      service({ name: "web", selector: { app: "web" }, ports: [{ port: 80, targetPort: 8080 }] }),
      service({ name: "wrong-port", selector: { app: "web" }, ports: [{ port: 80, targetPort: 9999 }] }),
      service({
        name: "empty",
        selector: { app: "nothing-matches" },
        ports: [{ port: 80, targetPort: 8080 }],
      }),
      clientPod("client"),
    );
    waitForReady(c, { app: "web" }, 2);
    waitUntil(c, "the client", () => podsWith(c, { role: "client" })[0]?.running === true);

    const empty = clusterIPOf(c, "empty");
    expect(c.kubectl("exec client -- wget -qO- http://empty")).toEqual({
      stdout: "",
      stderr: `wget: can't connect to remote host (${empty}): Connection refused\n${TERMINATED}`,
      exitCode: 1,
    });
    const trace = c.dataplane.send({ from: fromPod("client"), to: "empty", port: 80 });
    expect(trace.verdict).toBe("refused");
    expect(trace.backend).toBeUndefined();
    expect(`${trace.reason} ${trace.hops.map((h) => h.note).join(" ")}`).toMatch(
      /no (real servers|endpoints)/,
    );

    const wrong = clusterIPOf(c, "wrong-port");
    expect(c.kubectl("exec client -- wget -qO- http://wrong-port")).toEqual({
      stdout: "",
      stderr: `wget: can't connect to remote host (${wrong}): Connection refused\n${TERMINATED}`,
      exitCode: 1,
    });
    // Every endpoint of it refuses: each outcome is a refusal by a web pod.
    const outcomes = c.dataplane.outcomes({ from: fromPod("client"), to: "wrong-port", port: 80 });
    expect(outcomes.length).toBeGreaterThan(0);
    for (const o of outcomes) expect(o.trace.verdict).toBe("refused");
  });

  it("handles a ClusterIP port the Service does not define as kube-proxy does", () => {
    const c = netCluster({ seed: 4, mode });
    apply(
      c,
      netexecDeployment({ name: "web", replicas: 1 }),
      service({ name: "web", selector: { app: "web" }, ports: [{ port: 80, targetPort: 8080 }] }),
      clientPod("client"),
    );
    waitForReady(c, { app: "web" }, 1);
    waitUntil(c, "the client", () => podsWith(c, { role: "client" })[0]?.running === true);
    const ip = clusterIPOf(c, "web");
    const start = c.sim.nowMs;
    const r = c.kubectl("exec client -- wget -qO- -T 2 http://web:8080");
    if (mode === "iptables") {
      expect(r).toEqual({ stdout: "", stderr: `wget: download timed out\n${TERMINATED}`, exitCode: 1 });
      expect(c.sim.nowMs - start).toBeGreaterThanOrEqual(2000);
      expect(c.dataplane.send({ from: fromPod("client"), to: ip, port: 8080 }).verdict).toBe("timed-out");
    } else {
      expect(r).toEqual({
        stdout: "",
        stderr: `wget: can't connect to remote host (${ip}): Connection refused\n${TERMINATED}`,
        exitCode: 1,
      });
      const t = c.dataplane.send({ from: fromPod("client"), to: ip, port: 8080 });
      expect(t.verdict).toBe("refused");
      expect(
        t.hops.some((h) => h.chain === (mode === "ipvs" ? "KUBE-IPVS-FILTER" : "cluster-ips-check")),
      ).toBe(true);
    }
  });
});

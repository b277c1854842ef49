/**
 * Hairpin traffic, in each kube-proxy mode: a backend pod calls its own Service and is load
 * balanced back to itself. Without SNAT its reply would go straight to itself from its own IP
 * and the connection would break, so kube-proxy masquerades it (iptables: the `KUBE-SEP-...
 * -s <podIP> -j KUBE-MARK-MASQ` rule; ipvs: `KUBE-LOOP-BACK`; nftables: the endpoint chain's
 * `ip saddr <podIP> jump mark-for-masquerade`): agnhost's `/clientip` shows the node-side address
 * of the pod's bridge, not its own IP. The same pod reaching the other replica keeps its own
 * source address. Checked with `kubectl exec ... -- curl` and with the all-outcomes traces.
 */
import { describe, expect, it } from "vitest";
import {
  apply,
  bodyOf,
  fromPod,
  httpGet,
  netCluster,
  netexecDeployment,
  PROXY_MODES,
  service,
  waitForReady,
} from "./fixtures.js";

describe.each(PROXY_MODES)("hairpin in %s mode", (mode) => {
  it("lets a pod reach itself through its Service, masqueraded", () => {
    const c = netCluster({ seed: 8, mode });
    apply(
      c,
      netexecDeployment({ name: "solo", replicas: 1 }),
      service({ name: "solo", selector: { app: "solo" }, ports: [{ port: 80, targetPort: 8080 }] }),
    );
    const [pod] = waitForReady(c, { app: "solo" }, 1);
    const bridgeIP = c.dataplane.network.node(pod!.node!)!.bridgeIP;

    const hostname = c.kubectl(`exec ${pod!.name} -- curl -s http://solo/hostname`);
    expect(hostname).toEqual({ stdout: pod!.name, stderr: "", exitCode: 0 });
    const clientip = c.kubectl(`exec ${pod!.name} -- curl -s http://solo/clientip`);
    expect(clientip.exitCode).toBe(0);
    expect(clientip.stdout.split(":")[0]).toBe(bridgeIP);
    expect(clientip.stdout.split(":")[0]).not.toBe(pod!.ip);

    const t = c.dataplane.send({
      from: fromPod(pod!.name),
      to: "solo",
      port: 80,
      request: httpGet("/clientip"),
    });
    expect(t.verdict).toBe("delivered");
    expect(t.backend?.name).toBe(pod!.name);
    expect(t.peerSeenByServer?.ip).toBe(bridgeIP);
  });

  it("masquerades only the flows that land on the sender itself", () => {
    const c = netCluster({ seed: 8, mode });
    apply(
      c,
      netexecDeployment({ name: "pair", replicas: 2 }),
      service({ name: "pair", selector: { app: "pair" }, ports: [{ port: 80, targetPort: 8080 }] }),
    );
    const pods = waitForReady(c, { app: "pair" }, 2);
    const me = pods[0]!;
    const other = pods[1]!;
    const bridgeIP = c.dataplane.network.node(me.node!)!.bridgeIP;
    // Drive enough new flows to see both backends (ipvs rr alternates; the others are random).
    const seen = new Map<string, string>();
    for (let i = 0; i < 40 && seen.size < 2; i++) {
      const t = c.dataplane.send({
        from: fromPod(me.name),
        to: "pair",
        port: 80,
        request: httpGet("/clientip"),
      });
      expect(t.verdict).toBe("delivered");
      seen.set(t.backend!.name, bodyOf(t).split(":")[0]!);
    }
    expect(seen.get(me.name)).toBe(bridgeIP);
    expect(seen.get(other.name)).toBe(me.ip);
  });
});

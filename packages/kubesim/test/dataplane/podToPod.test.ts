/**
 * Direct pod-to-pod traffic by IP across nodes, with both CNI backends: flannel's VXLAN overlay
 * (the packet leaves through `flannel.1`, encapsulated in UDP 8472 between node IPs) and host-gw
 * (a plain route `podCIDR via nodeIP`, no encapsulation). The server sees the client's own pod IP
 * (no NAT between pods). Then `kubesim partition-node` cuts the server's node off: its pods are
 * unreachable (packets lost: the client times out), and `heal-node` brings them back.
 */
import { describe, expect, it } from "vitest";
import {
  apply,
  bodyOf,
  clientPod,
  fromPod,
  httpGet,
  netCluster,
  netexecDeployment,
  podsWith,
  WORKER1,
  WORKER2,
  waitForReady,
  waitUntil,
} from "./fixtures.js";

describe.each(["vxlan", "host-gw"] as const)("pod to pod across nodes with %s", (cni) => {
  it("delivers by pod IP without NAT, and loses packets to a partitioned node", () => {
    const c = netCluster({ seed: 6, cni });
    apply(
      c,
      netexecDeployment({ name: "server", replicas: 1, nodeName: WORKER2 }),
      clientPod("client", WORKER1),
    );
    const [server] = waitForReady(c, { app: "server" }, 1);
    waitUntil(c, "the client", () => podsWith(c, { role: "client" })[0]?.running === true);
    const clientIP = podsWith(c, { role: "client" })[0]!.ip!;

    const t = c.dataplane.send({
      from: fromPod("client"),
      to: server!.ip!,
      port: 8080,
      request: httpGet("/clientip"),
    });
    expect(t.verdict).toBe("delivered");
    expect(t.backend?.name).toBe(server!.name);
    expect(bodyOf(t)).toBe(`${clientIP}:${t.sent.src.port}`);
    const vxlanHops = t.hops.filter((h) => h.stage === "vxlan");
    if (cni === "vxlan") {
      expect(vxlanHops).toHaveLength(1);
      expect(vxlanHops[0]!.iface).toBe("flannel.1");
    } else {
      expect(vxlanHops).toEqual([]);
      expect(
        t.hops.some(
          (h) => h.stage === "routing" && h.note.includes(c.dataplane.network.node(WORKER2)!.ips[0]!),
        ),
      ).toBe(true);
    }
    // The same through busybox wget in the client pod.
    const wget = c.kubectl(`exec client -- wget -qO- http://${server!.ip}:8080/hostname`);
    expect(wget).toEqual({ stdout: server!.name, stderr: "", exitCode: 0 });

    expect(c.kubesim(["partition-node", WORKER2]).exitCode).toBe(0);
    const cut = c.dataplane.send({ from: fromPod("client"), to: server!.ip!, port: 8080 });
    expect(cut.verdict).toBe("dropped");
    expect(cut.backend).toBeUndefined();
    const start = c.sim.nowMs;
    const lost = c.kubectl(`exec client -- wget -qO- -T 3 http://${server!.ip}:8080/hostname`);
    expect(lost).toEqual({
      stdout: "",
      stderr: "wget: download timed out\ncommand terminated with exit code 1\n",
      exitCode: 1,
    });
    expect(c.sim.nowMs - start).toBeGreaterThanOrEqual(3000);
    const ping = c.kubectl(`exec client -- ping -c 2 -W 1 ${server!.ip}`);
    expect(ping.exitCode).toBe(1);
    expect(ping.stdout).toContain("2 packets transmitted, 0 packets received, 100% packet loss");

    expect(c.kubesim(["heal-node", WORKER2]).exitCode).toBe(0);
    expect(c.dataplane.send({ from: fromPod("client"), to: server!.ip!, port: 8080 }).verdict).toBe(
      "delivered",
    );
  });
});

describe("a connection to a port nothing listens on", () => {
  // The server's kernel answers the SYN with a RST; in conntrack (nf_conntrack_proto_tcp.c) a
  // RST in the reply direction moves SYN_SENT to CLOSE, which lasts 10 s: the entry shows the
  // reply was seen (no [UNREPLIED]) and never [ASSURED].
  it("is refused, and conntrack keeps it CLOSE for 10 s", () => {
    const c = netCluster({ seed: 6 });
    apply(
      c,
      netexecDeployment({ name: "server", replicas: 1, nodeName: WORKER2 }),
      clientPod("client", WORKER1),
    );
    const [server] = waitForReady(c, { app: "server" }, 1);
    waitUntil(c, "the client", () => podsWith(c, { role: "client" })[0]?.running === true);
    const t = c.dataplane.send({ from: fromPod("client"), to: server!.ip!, port: 9999 });
    expect(t.verdict).toBe("refused");
    expect(t.reason).toContain("TCP RST");
    const entryFor = () =>
      c
        .kubesim(["node-exec", WORKER1, "--", "conntrack", "-L"])
        .stdout.split("\n")
        .find((l) => l.includes(`dport=9999`));
    const entry = entryFor();
    expect(entry).toMatch(/^tcp {6}6 10 CLOSE /);
    expect(entry).not.toContain("[UNREPLIED]");
    expect(entry).not.toContain("[ASSURED]");
    c.sim.advance(10_000);
    expect(entryFor()).toBeUndefined();
  });
});

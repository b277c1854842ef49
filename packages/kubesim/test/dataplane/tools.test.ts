/**
 * The tools inside pods end to end, through `kubectl exec` on a full cluster: busybox wget, nc and
 * ping and curl 8.11.1 (curlimages/curl) print what the real ones print and exit with their codes
 * for a delivered request, a refused one (a Service without endpoints) and one nobody answers (a
 * ClusterIP port the Service lacks, iptables mode). ping reaches a pod IP, but never a ClusterIP:
 * iptables has no rule for ICMP to it, and in ipvs mode the address is bound to kube-ipvs0 but
 * kube-proxy's KUBE-IPVS-FILTER rejects what no virtual server answers (pkg/proxy/ipvs/proxier.go,
 * kubernetes#108460), and busybox ping ignores the ICMP error. UDP: agnhost netexec's
 * `--udp-port` server answers `hostname` datagrams from `nc -u`, through the Service and directly.
 * Also: commands take whole virtual milliseconds, so Events recorded afterwards stay valid.
 */
import { describe, expect, it } from "vitest";
import type { Cluster } from "../../src/index.js";
import {
  apply,
  clientPod,
  clusterIPOf,
  netCluster,
  netexecDeployment,
  PROXY_MODES,
  type ProxyModeName,
  podsWith,
  service,
  waitForReady,
  waitUntil,
} from "./fixtures.js";

const EXIT1 = "command terminated with exit code 1\n";

function toolsCluster(mode: ProxyModeName): { c: Cluster; server: string; serverIP: string } {
  const c = netCluster({ seed: 12, mode });
  apply(
    c,
    netexecDeployment({ name: "web", replicas: 1, udpPort: 8081 }),
    service({
      name: "web",
      selector: { app: "web" },
      ports: [
        { name: "http", port: 80, targetPort: 8080 },
        { name: "udp", port: 8081, targetPort: 8081, protocol: "UDP" },
      ],
    }),
    service({ name: "empty", selector: { app: "none" }, ports: [{ port: 80, targetPort: 8080 }] }),
    clientPod("bb"),
    clientPod("curl", undefined, "curlimages/curl:8.11.1"),
  );
  const [web] = waitForReady(c, { app: "web" }, 1);
  waitUntil(c, "the clients", () => podsWith(c, { role: "client" }).every((p) => p.running));
  return { c, server: web!.name, serverIP: web!.ip! };
}

describe("busybox wget, nc and curl through kubectl exec (iptables)", () => {
  it("prints the body, or the real error line with the real exit code", () => {
    const { c, server } = toolsCluster("iptables");
    const web = clusterIPOf(c, "web");
    const empty = clusterIPOf(c, "empty");
    expect(c.kubectl("exec bb -- wget -qO- http://web/hostname")).toEqual({
      stdout: server,
      stderr: "",
      exitCode: 0,
    });
    const verbose = c.kubectl("exec bb -- wget -O- http://web/hostname");
    expect(verbose.stdout).toBe(server);
    expect(verbose.stderr.startsWith(`Connecting to web (${web}:80)\n`)).toBe(true);
    expect(c.kubectl("exec bb -- wget -qO- http://empty")).toEqual({
      stdout: "",
      stderr: `wget: can't connect to remote host (${empty}): Connection refused\n${EXIT1}`,
      exitCode: 1,
    });
    expect(c.kubectl("exec bb -- wget -qO- -T 2 http://web:8080")).toEqual({
      stdout: "",
      stderr: `wget: download timed out\n${EXIT1}`,
      exitCode: 1,
    });

    // nc_bloaty: "open" with -v; a refusal is printed only with -vv; a timeout with -v.
    expect(c.kubectl("exec bb -- nc -z -v -w 2 web 80")).toEqual({
      stdout: "",
      stderr: `web (${web}:80) open\n`,
      exitCode: 0,
    });
    expect(c.kubectl("exec bb -- nc -z -v -w 2 empty 80")).toEqual({
      stdout: "",
      stderr: EXIT1,
      exitCode: 1,
    });
    expect(c.kubectl("exec bb -- nc -z -vv -w 2 empty 80").stderr).toContain(
      `nc: empty (${empty}:80): Connection refused\n`,
    );
    expect(c.kubectl("exec bb -- nc -z -v -w 2 web 8080")).toEqual({
      stdout: "",
      stderr: `nc: web (${web}:8080): Connection timed out\n${EXIT1}`,
      exitCode: 1,
    });

    expect(c.kubectl("exec curl -- curl -s http://web/hostname")).toEqual({
      stdout: server,
      stderr: "",
      exitCode: 0,
    });
    expect(
      c.kubectl(["exec", "curl", "--", "curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "http://web/"]),
    ).toEqual({
      stdout: "200",
      stderr: "",
      exitCode: 0,
    });
    expect(c.kubectl("exec curl -- curl -sS http://empty")).toEqual({
      stdout: "",
      stderr:
        "curl: (7) Failed to connect to empty port 80 after 0 ms: Couldn't connect to server\ncommand terminated with exit code 7\n",
      exitCode: 7,
    });
    expect(c.kubectl("exec curl -- curl -sS -m 2 http://web:8080")).toEqual({
      stdout: "",
      stderr:
        "curl: (28) Connection timed out after 2000 milliseconds\ncommand terminated with exit code 28\n",
      exitCode: 28,
    });
  });

  it("advances the clock in whole milliseconds, so later Events are recorded normally", () => {
    const { c, server } = toolsCluster("iptables");
    for (let i = 0; i < 3; i++)
      expect(c.kubectl("exec bb -- wget -qO- http://web/hostname").exitCode).toBe(0);
    expect(Number.isInteger(c.sim.nowMs)).toBe(true);
    // Deleting a pod makes the kubelet record Killing events at the current instant.
    expect(c.kubectl(["delete", "pod", server, "--wait=false"]).exitCode).toBe(0);
    c.sim.advance(5000);
    expect(c.kubectl("get events").stdout).toContain("Killing");
  });
});

describe.each(PROXY_MODES)("ping and UDP in %s mode", (mode) => {
  it("pings pods but not ClusterIPs, and talks UDP to agnhost through nc -u", () => {
    const { c, server, serverIP } = toolsCluster(mode);
    const web = clusterIPOf(c, "web");
    const pod = c.kubectl(`exec bb -- ping -c 1 -W 1 ${serverIP}`);
    expect(pod.exitCode).toBe(0);
    expect(pod.stdout).toMatch(
      new RegExp(
        `^PING ${serverIP} \\(${serverIP}\\): 56 data bytes\\n64 bytes from ${serverIP}: seq=0 ttl=64 time=\\d+\\.\\d{3} ms\\n`,
      ),
    );
    expect(pod.stdout).toContain("1 packets transmitted, 1 packets received, 0% packet loss");

    expect(c.kubectl("exec bb -- ping -c 2 -W 1 web")).toEqual({
      stdout: `PING web (${web}): 56 data bytes\n\n--- web ping statistics ---\n2 packets transmitted, 0 packets received, 100% packet loss\n`,
      stderr: EXIT1,
      exitCode: 1,
    });

    expect(c.kubectl("exec bb -- sh -c 'echo hostname | nc -u -w 1 web 8081'")).toEqual({
      stdout: server,
      stderr: "",
      exitCode: 0,
    });
    expect(c.kubectl(`exec bb -- sh -c 'echo hostname | nc -u -w 1 ${serverIP} 8081'`)).toEqual({
      stdout: server,
      stderr: "",
      exitCode: 0,
    });
  });
});

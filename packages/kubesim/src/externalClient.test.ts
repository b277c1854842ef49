// The machine outside the cluster (172.18.0.1, the host running kind) runs curl, wget, nc, ping,
// nslookup and dig against a real simulated cluster: it reaches node ports, and nothing in the pod
// or Service networks; names resolve through the host's resolver, where cluster names do not exist.
import type { AppRequest, ToolEnvironment } from "@kubesim/dataplane";
import { beforeAll, describe, expect, it } from "vitest";
import { type Cluster, createCluster } from "./Cluster.js";
import {
  type ExternalClientOptions,
  externalClientNeedsStdin,
  HOST_RESOLV_CONF,
  runExternalClient,
} from "./externalClient.js";

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: nginx, image: "nginx:1.27"}]}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  type: NodePort
  selector: {app: web}
  ports: [{port: 80, nodePort: 30080}]
`;

const NODES = ["kubesim-control-plane", "kubesim-worker", "kubesim-worker2"] as const;

let cluster: Cluster;
beforeAll(() => {
  cluster = createCluster({ seed: 3 });
  const applied = cluster.kubectl(["apply", "-f", "-"], { stdin: WEB });
  expect(applied.stderr).toBe("");
  cluster.kubesim(["settle"]);
  // kube-proxy applies the new Service and its endpoints at its next sync.
  for (let i = 0; i < 60 && cluster.dataplane.proxy.pendingChanges(); i++) cluster.sleep(["1"]);
  expect(cluster.dataplane.proxy.pendingChanges()).toBe(false);
});

function client(argv: readonly string[], options: Partial<ExternalClientOptions> = {}) {
  return runExternalClient(cluster.dataplane, argv, { ip: "172.18.0.1", ...options });
}

function nodeIP(node: string): string {
  const ip = cluster.dataplane.network.node(node)?.ips[0];
  if (!ip) throw new Error(`no node ${node}`);
  return ip;
}

function webPodIP(): string {
  const pod = cluster.sim.store.list("Pod").find((p) => p.metadata.labels?.app === "web");
  const ip = (pod?.status as { podIP?: string } | undefined)?.podIP;
  if (!ip) throw new Error("no web pod IP");
  return ip;
}

function clusterIP(): string {
  const spec = cluster.sim.store.get("Service", "default", "web")?.spec as { clusterIP?: string } | undefined;
  if (!spec?.clusterIP) throw new Error("no ClusterIP");
  return spec.clusterIP;
}

/** Records the requests the tools send, through the `extend` hook. */
function recording(): { requests: AppRequest[]; extend: (env: ToolEnvironment) => ToolEnvironment } {
  const requests: AppRequest[] = [];
  return {
    requests,
    extend: (env) => ({
      ...env,
      connect: (o) => {
        requests.push(o.request);
        return env.connect(o);
      },
    }),
  };
}

describe("runExternalClient: the machine outside the cluster", () => {
  it.each(NODES)("reaches the NodePort Service on %s's address", (node) => {
    const r = client(["curl", "-sS", `http://${nodeIP(node)}:30080/`]);
    expect(r.stderr).toBe("");
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("<title>Welcome to nginx!</title>");
  });

  it("does not reach a ClusterIP: curl times out as curl prints it, and virtual time passes", () => {
    const before = cluster.sim.nowMs;
    const r = client(["curl", "-sS", "--max-time", "1", `http://${clusterIP()}/`]);
    expect(r).toMatchObject({
      stdout: "",
      stderr: "curl: (28) Connection timed out after 1000 milliseconds\n",
      exitCode: 28,
    });
    expect(cluster.sim.nowMs - before).toBe(1000);
  });

  it("does not reach a pod IP: ping gets no reply (busybox ping -W)", () => {
    const ip = webPodIP();
    const r = client(["ping", "-c", "1", "-W", "1", ip]);
    expect(r.stdout).toBe(
      `PING ${ip} (${ip}): 56 data bytes\n\n--- ${ip} ping statistics ---\n1 packets transmitted, 0 packets received, 100% packet loss\n`,
    );
    expect(r.exitCode).toBe(1);
  });

  it("cannot resolve an unknown name: wget prints busybox's bad address", () => {
    const r = client(["wget", "-q", "-O-", "http://x/"]);
    expect(r).toMatchObject({ stdout: "", stderr: "wget: bad address 'x'\n", exitCode: 1 });
  });

  it("cannot resolve cluster names, as a laptop cannot", () => {
    const curl = client(["curl", "-sS", "http://web.default.svc.cluster.local/"]);
    expect(curl).toMatchObject({
      stderr: "curl: (6) Could not resolve host: web.default.svc.cluster.local\n",
      exitCode: 6,
    });
    const nslookup = client(["nslookup", "web.default.svc.cluster.local"]);
    expect(nslookup.stdout).toContain("** server can't find web.default.svc.cluster.local: NXDOMAIN");
    expect(nslookup.exitCode).toBe(1);
  });

  it("resolves outside names through systemd-resolved's stub at 127.0.0.53", () => {
    const dig = client(["dig", "example.com"]);
    expect(dig.exitCode).toBe(0);
    expect(dig.stdout).toContain("example.com.\t\t30\tIN\tA\t93.184.215.14\n");
    expect(dig.stdout).toContain(";; SERVER: 127.0.0.53#53(127.0.0.53) (UDP)\n");
    expect(client(["getent", "hosts", "localhost"]).stdout).toBe(
      "::1             localhost ip6-localhost ip6-loopback\n",
    );
  });

  it("takes outside names from hostResolver (the cluster passes its DNS's upstream zone)", () => {
    const hostResolver: ExternalClientOptions["hostResolver"] = (q) =>
      q.name === "shop.example." && q.type === "A"
        ? {
            rcode: "NOERROR",
            answers: [{ name: q.name, type: "A", ttl: 30, data: nodeIP("kubesim-worker") }],
          }
        : { rcode: q.name === "shop.example." ? "NOERROR" : "NXDOMAIN", answers: [] };
    const r = client(["curl", "-sS", "http://shop.example:30080/"], { hostResolver });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain("Welcome to nginx!");
  });

  it("keeps loopback on the machine: nothing listens, ping answers", () => {
    expect(client(["curl", "-sS", "http://localhost/"])).toMatchObject({
      stderr: "curl: (7) Failed to connect to localhost port 80 after 0 ms: Couldn't connect to server\n",
      exitCode: 7,
    });
    expect(client(["ping", "-c", "1", "127.0.0.1"]).exitCode).toBe(0);
  });

  it("prints what curl prints for an option it does not know", () => {
    expect(client(["curl", "--xyz", "http://example.com/"])).toMatchObject({
      stdout: "",
      stderr:
        "curl: option --xyz: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n",
      exitCode: 2,
    });
  });

  it("sends standard input: nc's data, curl -d @- without newlines, --data-binary @- as is", () => {
    const rec = recording();
    const target = nodeIP("kubesim-worker");
    const nc = client(["nc", target, "30080"], { stdin: "GET / HTTP/1.0\r\n\r\n", extend: rec.extend });
    expect(nc.stdout).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    client(["curl", "-s", "-d", "@-", `http://${target}:30080/`], {
      stdin: "a=1\nb=2\n",
      extend: rec.extend,
    });
    client(["curl", "-s", "--data-binary", "@-", `http://${target}:30080/`], {
      stdin: "a=1\n",
      extend: rec.extend,
    });
    expect(rec.requests[0]).toEqual({ kind: "data", data: "GET / HTTP/1.0\r\n\r\n" });
    expect(rec.requests[1]).toMatchObject({ kind: "http", method: "POST", body: "a=1b=2" });
    expect(rec.requests[2]).toMatchObject({ kind: "http", method: "POST", body: "a=1\n" });
  });

  it("shows the machine's own resolv.conf", () => {
    expect(client(["getent", "hosts", "example.com"]).exitCode).toBe(0);
    expect(HOST_RESOLV_CONF).toMatch(/\nnameserver 127\.0\.0\.53\noptions edns0 trust-ad\nsearch \.\n$/);
  });
});

describe("externalClientNeedsStdin", () => {
  it("is true only for tools that read standard input", () => {
    expect(externalClientNeedsStdin(["nc", "10.0.0.1", "80"])).toBe(true);
    expect(externalClientNeedsStdin(["nc", "-vz", "10.0.0.1", "80"])).toBe(false);
    expect(externalClientNeedsStdin(["curl", "-d", "@-", "http://x/"])).toBe(true);
    expect(externalClientNeedsStdin(["curl", "-d@-", "http://x/"])).toBe(true);
    expect(externalClientNeedsStdin(["curl", "--data-raw", "@-", "http://x/"])).toBe(false);
    expect(externalClientNeedsStdin(["curl", "-s", "http://x/"])).toBe(false);
    expect(externalClientNeedsStdin(["ping", "-c", "1", "10.0.0.1"])).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import type { AppRequest, AppResponse, Trace, Verdict } from "../packet/Packet.js";
import { isKnownCommand, runCommand } from "./runCommand.js";
import type { Resolution, ToolEnvironment, ToolOutcome } from "./ToolEnvironment.js";

const NGINX_BODY = `${"x".repeat(614)}\n`;

interface Reply {
  readonly verdict: Verdict;
  readonly elapsedMs: number;
  readonly response?: AppResponse;
}

/** A scripted environment: replies by `ip:port`, names by table; records what was sent. */
function fakeEnv(replies: Record<string, Reply>, names: Record<string, Resolution> = {}) {
  const sent: { ip: string; port: number; protocol: string; request: AppRequest; timeoutMs: number }[] = [];
  const trace = (verdict: Verdict): Trace => ({
    origin: { kind: "pod", namespace: "default", name: "client" },
    sent: { protocol: "TCP", src: { ip: "10.244.1.5", port: 40000 }, dst: { ip: "0.0.0.0", port: 0 } },
    hops: [],
    verdict,
    reason: "test",
    elapsedMs: 0,
  });
  const outcome = (key: string): ToolOutcome => {
    const r = replies[key] ?? { verdict: "timed-out", elapsedMs: 0 };
    return {
      verdict: r.verdict,
      elapsedMs: r.elapsedMs,
      local: { ip: "10.244.1.5", port: 43210 },
      trace: trace(r.verdict),
      ...(r.response !== undefined ? { response: r.response } : {}),
    };
  };
  const env: ToolEnvironment = {
    hostname: "client",
    connect(o) {
      sent.push({ ip: o.ip, port: o.port, protocol: o.protocol, request: o.request, timeoutMs: o.timeoutMs });
      return outcome(`${o.ip}:${o.port}`);
    },
    ping(ip) {
      return outcome(`${ip}:icmp`);
    },
    resolve(name) {
      return names[name] ?? { ok: false, error: "not-found" };
    },
    interfaces: [
      {
        index: 1,
        name: "lo",
        kind: "loopback",
        flags: ["LOOPBACK", "UP", "LOWER_UP"],
        mtu: 65536,
        state: "UNKNOWN",
        mac: "00:00:00:00:00:00",
        addresses: [
          { family: "inet", cidr: "127.0.0.1/8", scope: "host" },
          { family: "inet6", cidr: "::1/128", scope: "host" },
        ],
      },
      {
        index: 3,
        name: "eth0",
        peerIndex: 8,
        kind: "veth",
        flags: ["BROADCAST", "MULTICAST", "UP", "LOWER_UP"],
        mtu: 1450,
        state: "UP",
        mac: "0a:58:0a:f4:01:05",
        addresses: [{ family: "inet", cidr: "10.244.1.5/24", broadcast: "10.244.1.255", scope: "global" }],
      },
    ],
    routes: [
      { destination: "default", gateway: "10.244.1.1", dev: "eth0" },
      { destination: "10.244.0.0/16", gateway: "10.244.1.1", dev: "eth0" },
      { destination: "10.244.1.0/24", dev: "eth0", proto: "kernel", scope: "link", src: "10.244.1.5" },
    ],
    readFile(path) {
      return path === "/etc/hosts" ? "127.0.0.1\tlocalhost\n10.244.1.5\tclient\n" : undefined;
    },
  };
  return { env, sent };
}

const ok200: Reply = {
  verdict: "delivered",
  elapsedMs: 3,
  response: {
    kind: "http",
    status: 200,
    reason: "OK",
    headers: [
      ["Server", "nginx/1.27.3"],
      ["Content-Type", "text/html"],
      ["Content-Length", "615"],
    ],
    body: NGINX_BODY,
  },
};
const notFound: Reply = {
  verdict: "delivered",
  elapsedMs: 2,
  response: { kind: "http", status: 404, reason: "Not Found", headers: [["Content-Length", "0"]], body: "" },
};
const svc: Record<string, Resolution> = { backend: { ok: true, ips: ["10.96.0.20"] } };
const BB = { image: "busybox:1.36" };
const CURL = { image: "curlimages/curl:8.11.1" };

describe("busybox wget (networking/wget.c)", () => {
  it("-qO- prints only the body and sends busybox's request headers", () => {
    const { env, sent } = fakeEnv({ "10.96.0.20:80": ok200 }, svc);
    const r = runCommand(["wget", "-qO-", "http://backend"], env, BB);
    expect(r).toEqual({ stdout: NGINX_BODY, stderr: "", exitCode: 0, elapsedMs: 3, hung: false });
    expect(sent[0]?.request).toEqual({
      kind: "http",
      method: "GET",
      path: "/",
      headers: [
        ["Host", "backend"],
        ["User-Agent", "Wget"],
        ["Connection", "close"],
      ],
      body: "",
    });
  });

  it("-O- prints Connecting to with host:port as written, then the stdout messages", () => {
    const { env } = fakeEnv({ "10.96.0.20:8080": ok200 }, svc);
    const r = runCommand(["wget", "-O-", "backend:8080/x"], env, BB);
    expect(r.stderr).toBe(
      "Connecting to backend:8080 (10.96.0.20:8080)\n" +
        "writing to stdout\n" +
        "-                    100% |********************************|   615  0:00:00 ETA\n" +
        "written to stdout\n",
    );
    expect(r.stdout).toBe(NGINX_BODY);
  });

  it("saves to index.html by default (file not simulated)", () => {
    const { env } = fakeEnv({ "10.96.0.20:80": ok200 }, svc);
    const r = runCommand(["wget", "http://backend/"], env, BB);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(
      "Connecting to backend (10.96.0.20:80)\n" +
        "saving to 'index.html'\n" +
        "index.html           100% |********************************|   615  0:00:00 ETA\n" +
        "'index.html' saved\n",
    );
  });

  it("-S shows the status line and headers indented by two spaces", () => {
    const { env } = fakeEnv({ "10.96.0.20:80": ok200 }, svc);
    const r = runCommand(["wget", "-S", "-qO-", "backend"], env, BB);
    expect(r.stderr).toBe(
      "  HTTP/1.1 200 OK\n  Server: nginx/1.27.3\n  Content-Type: text/html\n  Content-Length: 615\n  \n",
    );
  });

  it("refused: can't connect to remote host, exit 1", () => {
    const { env } = fakeEnv({ "10.96.0.20:80": { verdict: "refused", elapsedMs: 1 } }, svc);
    const r = runCommand(["wget", "-qO-", "backend"], env, BB);
    expect(r).toEqual({
      stdout: "",
      stderr: "wget: can't connect to remote host (10.96.0.20): Connection refused\n",
      exitCode: 1,
      elapsedMs: 1,
      hung: false,
    });
  });

  it("unreachable: No route to host", () => {
    const { env } = fakeEnv({ "10.244.2.9:80": { verdict: "unreachable", elapsedMs: 3000 } });
    const r = runCommand(["wget", "-qO-", "http://10.244.2.9"], env, BB);
    expect(r.stderr).toBe("wget: can't connect to remote host (10.244.2.9): No route to host\n");
    expect(r.elapsedMs).toBe(3000);
  });

  it("-T 5 and a dropped SYN: download timed out after 5 s", () => {
    const { env } = fakeEnv({}, svc);
    const r = runCommand(["wget", "-T", "5", "-qO-", "backend"], env, BB);
    expect(r.stderr).toBe("wget: download timed out\n");
    expect([r.exitCode, r.elapsedMs]).toEqual([1, 5000]);
  });

  it("no -T: the kernel's 127 s SYN limit ends the connect with ETIMEDOUT", () => {
    const { env } = fakeEnv({}, svc);
    const r = runCommand(["wget", "-qO-", "backend"], env, BB);
    expect(r.stderr).toBe("wget: can't connect to remote host (10.96.0.20): Connection timed out\n");
    expect(r.elapsedMs).toBe(127_000);
  });

  it("404: server returned error", () => {
    const { env } = fakeEnv({ "10.96.0.20:80": notFound }, svc);
    const r = runCommand(["wget", "-qO-", "backend/nope"], env, BB);
    expect(r.stderr).toBe("wget: server returned error: HTTP/1.1 404 Not Found\n");
    expect(r.exitCode).toBe(1);
  });

  it("unknown name: bad address", () => {
    const { env } = fakeEnv({});
    const r = runCommand(["wget", "-qO-", "http://nosuch:8080/"], env, BB);
    expect(r.stderr).toBe("wget: bad address 'nosuch'\n");
    expect(r.exitCode).toBe(1);
  });

  it("--spider reports that the file exists", () => {
    const { env } = fakeEnv({ "10.96.0.20:80": ok200 }, svc);
    const r = runCommand(["wget", "--spider", "backend"], env, BB);
    expect(r.stderr).toBe("Connecting to backend (10.96.0.20:80)\nremote file exists\n");
    expect(r.exitCode).toBe(0);
  });

  it("-U and --header change the request", () => {
    const { env, sent } = fakeEnv({ "10.96.0.20:80": ok200 }, svc);
    runCommand(
      ["wget", "-q", "-O", "/dev/null", "-U", "probe", "--header", "Host: example.com", "backend"],
      env,
      BB,
    );
    expect(sent[0]?.request).toMatchObject({
      headers: [
        ["User-Agent", "probe"],
        ["Connection", "close"],
        ["Host", "example.com"],
      ],
    });
  });

  it("no URL: busybox usage on stderr, exit 1", () => {
    const { env } = fakeEnv({});
    const r = runCommand(["wget"], env, BB);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^BusyBox v1\.36\.1 .* multi-call binary\.\n\nUsage: wget \[-cqS\]/);
  });
});

describe("curl 8.11.1", () => {
  it("-s prints the body; request has curl's headers", () => {
    const { env, sent } = fakeEnv({ "10.96.0.20:8080": ok200 }, svc);
    const r = runCommand(["curl", "-s", "backend:8080/hostname"], env, CURL);
    expect(r).toEqual({ stdout: NGINX_BODY, stderr: "", exitCode: 0, elapsedMs: 3, hung: false });
    expect(sent[0]?.request).toEqual({
      kind: "http",
      method: "GET",
      path: "/hostname",
      headers: [
        ["Host", "backend:8080"],
        ["User-Agent", "curl/8.11.1"],
        ["Accept", "*/*"],
      ],
      body: "",
    });
  });

  it("-v prints curl's trace with the progress meter interleaved (stdout not a tty)", () => {
    const { env } = fakeEnv({ "10.96.0.20:80": ok200 }, svc);
    const r = runCommand(["curl", "-v", "http://backend/"], env, CURL);
    expect(r.stderr).toBe(
      "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n" +
        "                                 Dload  Upload   Total   Spent    Left  Speed\n" +
        "\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0" +
        "* Host backend:80 was resolved.\n" +
        "* IPv6: (none)\n" +
        "* IPv4: 10.96.0.20\n" +
        "*   Trying 10.96.0.20:80...\n" +
        "* Connected to backend (10.96.0.20) port 80\n" +
        "* using HTTP/1.x\n" +
        "> GET / HTTP/1.1\n> Host: backend\n> User-Agent: curl/8.11.1\n> Accept: */*\n> \n" +
        "* Request completely sent off\n" +
        "< HTTP/1.1 200 OK\n< Server: nginx/1.27.3\n< Content-Type: text/html\n< Content-Length: 615\n< \n" +
        "{ [615 bytes data]\n" +
        "\r100   615  100   615    0     0   200k      0 --:--:-- --:--:-- --:--:--  200k\n" +
        "* Connection #0 to host backend left intact\n",
    );
  });

  it("-s -o /dev/null -w '%{http_code}\\n' prints only the code", () => {
    const { env } = fakeEnv({ "10.96.0.20:80": notFound }, svc);
    const r = runCommand(
      ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code} %{remote_ip}\\n", "backend"],
      env,
      CURL,
    );
    expect(r.stdout).toBe("404 10.96.0.20\n");
    expect(r.exitCode).toBe(0);
  });

  it("refused: exit 7 with 8.x wording, meter line then the error", () => {
    const { env } = fakeEnv({ "10.96.0.20:80": { verdict: "refused", elapsedMs: 3 } }, svc);
    const r = runCommand(["curl", "http://10.96.0.20"], env, CURL);
    expect(r.stderr).toBe(
      "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n" +
        "                                 Dload  Upload   Total   Spent    Left  Speed\n" +
        "\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0" +
        "\r  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0\n" +
        "curl: (7) Failed to connect to 10.96.0.20 port 80 after 3 ms: Couldn't connect to server\n",
    );
    expect(r.exitCode).toBe(7);
    const w = runCommand(["curl", "-s", "-w", "%{http_code}", "10.96.0.20"], env, CURL);
    expect([w.stdout, w.stderr, w.exitCode]).toEqual(["000", "", 7]);
  });

  it("--connect-timeout: (28) Connection timed out after N milliseconds", () => {
    const { env } = fakeEnv({}, svc);
    const r = runCommand(["curl", "-sS", "--connect-timeout", "2", "backend"], env, CURL);
    expect(r.stderr).toBe("curl: (28) Connection timed out after 2000 milliseconds\n");
    expect([r.exitCode, r.elapsedMs]).toEqual([28, 2000]);
  });

  it("-m bounds a silent server: Operation timed out", () => {
    const { env } = fakeEnv(
      { "10.96.0.20:80": { verdict: "delivered", elapsedMs: 1, response: { kind: "none" } } },
      svc,
    );
    const r = runCommand(["curl", "-sS", "-m", "5", "backend"], env, CURL);
    expect(r.stderr).toBe("curl: (28) Operation timed out after 5000 milliseconds with 0 bytes received\n");
    expect([r.exitCode, r.elapsedMs]).toEqual([28, 5000]);
  });

  it("without -m a silent server keeps curl waiting: hung at maxWaitMs", () => {
    const { env } = fakeEnv(
      { "10.96.0.20:80": { verdict: "delivered", elapsedMs: 1, response: { kind: "none" } } },
      svc,
    );
    const r = runCommand(["curl", "-s", "backend"], env, { ...CURL, maxWaitMs: 30_000 });
    expect([r.hung, r.exitCode, r.elapsedMs]).toEqual([true, 130, 30_000]);
  });

  it("dropped SYN without timeouts: the kernel gives up at 127 s, code 28", () => {
    const { env } = fakeEnv({}, svc);
    const r = runCommand(["curl", "-sS", "backend"], env, CURL);
    expect(r.stderr).toBe(
      "curl: (28) Failed to connect to backend port 80 after 127000 ms: Couldn't connect to server\n",
    );
  });

  it("unknown host: (6)", () => {
    const { env } = fakeEnv({});
    const r = runCommand(["curl", "-sS", "http://nosuch/"], env, CURL);
    expect([r.stderr, r.exitCode]).toEqual(["curl: (6) Could not resolve host: nosuch\n", 6]);
  });

  it("empty reply: (52)", () => {
    const { env } = fakeEnv(
      { "10.96.0.20:80": { verdict: "delivered", elapsedMs: 1, response: { kind: "data", data: "" } } },
      svc,
    );
    const r = runCommand(["curl", "-sS", "backend"], env, CURL);
    expect([r.stderr, r.exitCode]).toEqual(["curl: (52) Empty reply from server\n", 52]);
  });

  it("-f on 404: (22) and no body", () => {
    const { env } = fakeEnv({ "10.96.0.20:80": notFound }, svc);
    const r = runCommand(["curl", "-sSf", "backend"], env, CURL);
    expect([r.stdout, r.stderr, r.exitCode]).toEqual([
      "",
      "curl: (22) The requested URL returned error: 404\n",
      22,
    ]);
  });

  it("-I sends HEAD and prints the headers with CRLF", () => {
    const { env, sent } = fakeEnv({ "10.96.0.20:80": ok200 }, svc);
    const r = runCommand(["curl", "-sI", "backend"], env, CURL);
    expect(sent[0]?.request).toMatchObject({ method: "HEAD" });
    expect(r.stdout).toBe(
      "HTTP/1.1 200 OK\r\nServer: nginx/1.27.3\r\nContent-Type: text/html\r\nContent-Length: 615\r\n\r\n",
    );
  });

  it("-X and -H reach the request", () => {
    const { env, sent } = fakeEnv({ "10.96.0.20:80": ok200 }, svc);
    runCommand(
      ["curl", "-s", "-X", "DELETE", "-H", "Host: web.example", "-H", "X-A: 1", "backend"],
      env,
      CURL,
    );
    expect(sent[0]?.request).toMatchObject({
      method: "DELETE",
      headers: [
        ["Host", "web.example"],
        ["User-Agent", "curl/8.11.1"],
        ["Accept", "*/*"],
        ["X-A", "1"],
      ],
    });
  });

  it("argument errors as curl words them (exit 2)", () => {
    const { env } = fakeEnv({});
    expect(runCommand(["curl"], env, CURL).stderr).toBe(
      "curl: no URL specified\ncurl: try 'curl --help' or 'curl --manual' for more information\n",
    );
    expect(runCommand(["curl", "--bogus", "x"], env, CURL)).toMatchObject({
      stderr:
        "curl: option --bogus: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n",
      exitCode: 2,
    });
  });

  it("busybox and alpine have no curl", () => {
    expect(isKnownCommand("curl", "busybox:1.36")).toBe(false);
    expect(isKnownCommand("/usr/bin/curl", "docker.io/library/alpine:3.20")).toBe(false);
    expect(isKnownCommand("curl", "curlimages/curl:8.11.1")).toBe(true);
    expect(isKnownCommand("wget", "alpine")).toBe(true);
    const { env } = fakeEnv({});
    expect(runCommand(["sh", "-c", "curl -s x"], env, BB)).toMatchObject({
      stderr: "sh: curl: not found\n",
      exitCode: 127,
    });
  });
});

describe("busybox nc (nc_bloaty.c)", () => {
  it("-zv on an open port prints HOST (IP:PORT) open", () => {
    const { env } = fakeEnv({ "10.96.0.20:80": { verdict: "delivered", elapsedMs: 1 } }, svc);
    const r = runCommand(["nc", "-zv", "-w", "2", "backend", "80"], env, BB);
    expect([r.stderr, r.exitCode]).toEqual(["backend (10.96.0.20:80) open\n", 0]);
  });

  it("refusals are silent at one -v, shown at -vv", () => {
    const { env } = fakeEnv({ "10.96.0.20:81": { verdict: "refused", elapsedMs: 1 } }, svc);
    expect(runCommand(["nc", "-zv", "backend", "81"], env, BB)).toMatchObject({ stderr: "", exitCode: 1 });
    expect(runCommand(["nc", "-zvv", "backend", "81"], env, BB).stderr).toBe(
      "nc: backend (10.96.0.20:81): Connection refused\n",
    );
  });

  it("-w bounds a dropped connect", () => {
    const { env } = fakeEnv({}, svc);
    const r = runCommand(["nc", "-zv", "-w", "3", "backend", "80"], env, BB);
    expect(r).toMatchObject({
      stderr: "nc: backend (10.96.0.20:80): Connection timed out\n",
      exitCode: 1,
      elapsedMs: 3000,
    });
  });

  it("UDP: echo hostname | nc -u -w1 prints the reply", () => {
    const { env, sent } = fakeEnv(
      {
        "10.244.2.7:8081": {
          verdict: "delivered",
          elapsedMs: 1,
          response: { kind: "data", data: "backend-7f9c" },
        },
      },
      { pod: { ok: true, ips: ["10.244.2.7"] } },
    );
    const r = runCommand(["sh", "-c", "echo hostname | nc -u -w1 pod 8081"], env, BB);
    expect(r).toMatchObject({ stdout: "backend-7f9c", exitCode: 0, elapsedMs: 1001 });
    expect(sent[0]).toMatchObject({ protocol: "UDP", request: { kind: "data", data: "hostname\n" } });
  });
});

describe("busybox ping", () => {
  it("-c 2 with replies", () => {
    const { env } = fakeEnv({
      "10.244.2.7:icmp": { verdict: "delivered", elapsedMs: 0.085, response: { kind: "echo-reply" } },
    });
    const r = runCommand(["ping", "-c", "2", "10.244.2.7"], env, BB);
    expect(r.stdout).toBe(
      "PING 10.244.2.7 (10.244.2.7): 56 data bytes\n" +
        "64 bytes from 10.244.2.7: seq=0 ttl=64 time=0.085 ms\n" +
        "64 bytes from 10.244.2.7: seq=1 ttl=64 time=0.085 ms\n\n" +
        "--- 10.244.2.7 ping statistics ---\n" +
        "2 packets transmitted, 2 packets received, 0% packet loss\n" +
        "round-trip min/avg/max = 0.085/0.085/0.085 ms\n",
    );
    // The command lasts until the next whole virtual millisecond (the clock's unit).
    expect([r.exitCode, r.elapsedMs]).toEqual([0, 1001]);
  });

  it("a ClusterIP in iptables mode: 100% packet loss, exit 1 after -W", () => {
    const { env } = fakeEnv({}, svc);
    const r = runCommand(["ping", "-c", "3", "-W", "2", "backend"], env, BB);
    expect(r.stdout).toBe(
      "PING backend (10.96.0.20): 56 data bytes\n\n" +
        "--- backend ping statistics ---\n" +
        "3 packets transmitted, 0 packets received, 100% packet loss\n",
    );
    expect([r.exitCode, r.elapsedMs]).toEqual([1, 4000]);
  });
});

describe("ip, hostname, cat", () => {
  it("ip addr in busybox's format", () => {
    const { env } = fakeEnv({});
    expect(runCommand(["ip", "a"], env, BB).stdout).toBe(
      "1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN qlen 1000\n" +
        "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n" +
        "    inet 127.0.0.1/8 scope host lo\n" +
        "       valid_lft forever preferred_lft forever\n" +
        "    inet6 ::1/128 scope host \n" +
        "       valid_lft forever preferred_lft forever\n" +
        "3: eth0@if8: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1450 qdisc noqueue state UP qlen 1000\n" +
        "    link/ether 0a:58:0a:f4:01:05 brd ff:ff:ff:ff:ff:ff\n" +
        "    inet 10.244.1.5/24 brd 10.244.1.255 scope global eth0\n" +
        "       valid_lft forever preferred_lft forever\n",
    );
  });

  it("ip route with busybox spacing", () => {
    const { env } = fakeEnv({});
    expect(runCommand(["ip", "route"], env, BB).stdout).toBe(
      "default via 10.244.1.1 dev eth0 \n" +
        "10.244.0.0/16 via 10.244.1.1 dev eth0 \n" +
        "10.244.1.0/24 dev eth0 scope link  src 10.244.1.5 \n",
    );
  });

  it("hostname and cat", () => {
    const { env } = fakeEnv({});
    expect(runCommand(["hostname"], env, BB).stdout).toBe("client\n");
    expect(runCommand(["cat", "/etc/hosts"], env, BB).stdout).toContain("10.244.1.5\tclient");
    expect(runCommand(["cat", "/nope"], env, BB)).toMatchObject({
      stderr: "cat: can't open '/nope': No such file or directory\n",
      exitCode: 1,
    });
  });
});

describe("sh -c", () => {
  it("lists, $?, quoting and redirections", () => {
    const { env } = fakeEnv({ "10.96.0.20:80": { verdict: "refused", elapsedMs: 1 } }, svc);
    const r = runCommand(
      [
        "sh",
        "-c",
        "wget -qO- backend 2>&1 || echo \"failed: $?\"; false && echo no; echo 'a  b' > /dev/null; sleep 2; echo done",
      ],
      env,
      BB,
    );
    expect(r.stdout).toBe(
      "wget: can't connect to remote host (10.96.0.20): Connection refused\nfailed: 1\ndone\n",
    );
    expect([r.exitCode, r.elapsedMs]).toEqual([0, 2001]);
  });

  it("pipes into head and grep", () => {
    const { env } = fakeEnv({});
    const r = runCommand(["sh", "-c", "cat /etc/hosts | grep client | head -n 1"], env, BB);
    expect(r.stdout).toBe("10.244.1.5\tclient\n");
  });

  it("unknown commands and syntax errors", () => {
    const { env } = fakeEnv({});
    expect(runCommand(["sh", "-c", "foo bar"], env, BB)).toMatchObject({
      stderr: "sh: foo: not found\n",
      exitCode: 127,
    });
    expect(runCommand(["sh", "-c", "echo 'x"], env, BB)).toMatchObject({ exitCode: 2 });
    expect(runCommand(["sh", "-c", "exit 3"], env, BB).exitCode).toBe(3);
  });

  it("a missing binary outside a shell is the runtime's error", () => {
    const { env } = fakeEnv({});
    expect(runCommand(["curl", "x"], env, BB)).toMatchObject({ exitCode: 127 });
  });
});

import type { KubeObject } from "@kubesim/core";
import { describe, expect, it } from "vitest";
import type { AppRequest } from "../packet/Packet.js";
import { matchAgnhost } from "./agnhostWorkload.js";
import type { WorkloadContext, WorkloadRequest } from "./Workload.js";

const NOW = 1704067200000;
const AGNHOST = "registry.k8s.io/e2e-test-images/agnhost:2.53";

function ctx(container: Partial<WorkloadContext["container"]>): WorkloadContext {
  const pod: KubeObject = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "backend-7c9d-abcde", namespace: "default" },
  };
  return {
    pod,
    container: { name: "agnhost", image: AGNHOST, ...container },
    hostname: "backend-7c9d-abcde",
    nowMs: NOW,
  };
}

function http(path: string, port = 8080, headers: [string, string][] = []): WorkloadRequest {
  return {
    protocol: "TCP",
    local: { ip: "10.244.1.5", port },
    peer: { ip: "10.244.2.7", port: 51234 },
    request: { kind: "http", method: "GET", path, headers, body: "" },
  };
}

function udp(data: string, port = 8081): WorkloadRequest {
  const request: AppRequest = { kind: "data", data };
  return {
    protocol: "UDP",
    local: { ip: "10.244.1.5", port },
    peer: { ip: "10.0.0.9", port: 40000 },
    request,
  };
}

function body(res: ReturnType<NonNullable<ReturnType<typeof matchAgnhost>>["handle"]>): string | undefined {
  return res.kind === "http" ? res.body : res.kind === "data" ? res.data : undefined;
}

describe("agnhost netexec (test/images/agnhost/netexec/netexec.go)", () => {
  const c = ctx({ args: ["netexec", "--http-port=8080"] });
  const w = matchAgnhost(c)!;

  it("listens on --http-port and on the default UDP port 8081", () => {
    expect(w.listens(c)).toEqual([
      { port: 8080, protocol: "TCP" },
      { port: 8081, protocol: "UDP" },
    ]);
    const off = ctx({ command: ["/agnhost", "netexec", "--http-port", "9000", "--udp-port=-1"] });
    expect(matchAgnhost(off)!.listens(off)).toEqual([{ port: 9000, protocol: "TCP" }]);
  });

  it("answers /hostname with the pod's hostname, no newline, as Go text", () => {
    const res = w.handle(c, http("/hostname"));
    expect(res).toEqual({
      kind: "http",
      status: 200,
      reason: "OK",
      headers: [
        ["Date", "Mon, 01 Jan 2024 00:00:00 GMT"],
        ["Content-Length", "18"],
        ["Content-Type", "text/plain; charset=utf-8"],
      ],
      body: "backend-7c9d-abcde",
    });
  });

  it("answers /clientip with the peer address the server saw", () => {
    expect(body(w.handle(c, http("/clientip")))).toBe("10.244.2.7:51234");
    const snat = { ...http("/clientip"), peer: { ip: "10.244.1.1", port: 33000 } };
    expect(body(w.handle(c, snat))).toBe("10.244.1.1:33000");
    const v6 = { ...http("/clientip"), peer: { ip: "fd00::7", port: 33000 } };
    expect(body(w.handle(c, v6))).toBe("[fd00::7]:33000");
  });

  it("echoes msg with an optional status code", () => {
    expect(body(w.handle(c, http("/echo?msg=hello+there")))).toBe("hello there");
    expect(w.handle(c, http("/echo?msg=gone&code=503"))).toMatchObject({
      status: 503,
      reason: "Service Unavailable",
      body: "gone",
    });
    expect(body(w.handle(c, http("/echo?msg=x&code=abc")))).toBe(
      "argument 'code' must be an integer or empty, got \"abc\"\n",
    );
  });

  it("answers /header with one header or all of them as JSON", () => {
    const headers: [string, string][] = [
      ["Host", "backend"],
      ["User-Agent", "curl/8.5.0"],
      ["x-forwarded-for", "1.2.3.4"],
    ];
    expect(body(w.handle(c, http("/header?key=X-Forwarded-For", 8080, headers)))).toBe("1.2.3.4");
    expect(body(w.handle(c, http("/header", 8080, headers)))).toBe(
      '{"User-Agent":["curl/8.5.0"],"X-Forwarded-For":["1.2.3.4"]}',
    );
  });

  it("reports /healthz 200 only while the UDP server runs", () => {
    expect(w.handle(c, http("/healthz"))).toMatchObject({ status: 200, body: "" });
    const off = ctx({ args: ["netexec", "--udp-port=-1"] });
    expect(matchAgnhost(off)!.handle(off, http("/healthz"))).toMatchObject({ status: 412 });
  });

  it("answers any other path with the time", () => {
    expect(body(w.handle(c, http("/anything")))).toBe("NOW: 2024-01-01 00:00:00 +0000 UTC");
  });

  it("answers UDP hostname, echo and clientip commands", () => {
    expect(w.handle(c, udp("hostname\n"))).toEqual({ kind: "data", data: "backend-7c9d-abcde" });
    expect(w.handle(c, udp("echo Hello"))).toEqual({ kind: "data", data: "hello" });
    expect(w.handle(c, udp("clientip"))).toEqual({ kind: "data", data: "10.0.0.9:40000" });
    expect(w.handle(c, udp("what"))).toEqual({ kind: "none" });
  });
});

describe("agnhost serve-hostname (test/images/agnhost/serve-hostname/serve_hostname.go)", () => {
  it("serves the hostname over HTTP on 9376 by default", () => {
    const c = ctx({ args: ["serve-hostname"] });
    const w = matchAgnhost(c)!;
    expect(w.listens(c)).toEqual([{ port: 9376, protocol: "TCP" }]);
    expect(body(w.handle(c, http("/", 9376)))).toBe("backend-7c9d-abcde");
  });

  it("serves raw UDP with --udp --http=false", () => {
    const c = ctx({ args: ["serve-hostname", "--udp", "--http=false", "--port=9000"] });
    const w = matchAgnhost(c)!;
    expect(w.listens(c)).toEqual([{ port: 9000, protocol: "UDP" }]);
    expect(w.handle(c, udp("x", 9000))).toEqual({ kind: "data", data: "backend-7c9d-abcde" });
  });

  it("exits (listens on nothing) when asked for TCP/UDP and HTTP at once", () => {
    const c = ctx({ args: ["serve-hostname", "--udp"] });
    expect(matchAgnhost(c)!.listens(c)).toEqual([]);
  });
});

describe("agnhost porter (test/images/agnhost/porter/porter.go)", () => {
  const c = ctx({
    args: ["porter"],
    env: [
      { name: "SERVE_PORT_8080", value: "foo" },
      { name: "SERVE_UDP_PORT_8081", value: "bar" },
      { name: "SERVE_TLS_PORT_8443", value: "tls" },
      { name: "OTHER", value: "x" },
    ],
  });
  const w = matchAgnhost(c)!;

  it("listens on the ports its env names (TLS ports are not modelled)", () => {
    expect(w.listens(c)).toEqual([
      { port: 8080, protocol: "TCP" },
      { port: 8081, protocol: "UDP" },
    ]);
  });

  it("answers the env value over HTTP and UDP", () => {
    expect(body(w.handle(c, http("/whatever", 8080)))).toBe("foo");
    expect(w.handle(c, udp("x", 8081))).toEqual({ kind: "data", data: "bar" });
  });
});

describe("agnhost other subcommands", () => {
  it("are left to the next matcher", () => {
    expect(matchAgnhost(ctx({ args: ["pause"] }))).toBeUndefined();
  });
});

import type { KubeObject } from "@kubesim/core";
import { describe, expect, it } from "vitest";
import { matchHttpEcho } from "./httpEchoWorkload.js";
import type { WorkloadContext, WorkloadRequest } from "./Workload.js";

function ctx(container: Partial<WorkloadContext["container"]>): WorkloadContext {
  const pod: KubeObject = { apiVersion: "v1", kind: "Pod", metadata: { name: "echo", namespace: "default" } };
  return {
    pod,
    container: { name: "echo", image: "hashicorp/http-echo:1.0", ...container },
    hostname: "echo",
    nowMs: 0,
  };
}

function get(path: string, port = 5678): WorkloadRequest {
  return {
    protocol: "TCP",
    local: { ip: "10.244.1.5", port },
    peer: { ip: "10.244.2.7", port: 40000 },
    request: { kind: "http", method: "GET", path, headers: [], body: "" },
  };
}

describe("hashicorp/http-echo (main.go, handlers.go)", () => {
  it("answers every path with its text and a newline, with its app headers", () => {
    const c = ctx({ args: ["-text=hello from apple"] });
    const w = matchHttpEcho(c)!;
    expect(w.listens(c)).toEqual([{ port: 5678, protocol: "TCP" }]);
    expect(w.handle(c, get("/any/path"))).toEqual({
      kind: "http",
      status: 200,
      reason: "OK",
      headers: [
        ["X-App-Name", "http-echo"],
        ["X-App-Version", "1.0.0"],
        ["Date", "Thu, 01 Jan 1970 00:00:00 GMT"],
        ["Content-Length", "17"],
        ["Content-Type", "text/plain; charset=utf-8"],
      ],
      body: "hello from apple\n",
    });
  });

  it("answers /health with its JSON", () => {
    const c = ctx({ args: ["-text", "x"] });
    expect(matchHttpEcho(c)!.handle(c, get("/health"))).toMatchObject({
      status: 200,
      body: '{"status":"ok"}\n',
    });
  });

  it("listens on -listen and answers with -status-code", () => {
    const c = ctx({ args: ["-listen=:8080", "-text=down", "-status-code=503"] });
    const w = matchHttpEcho(c)!;
    expect(w.listens(c)).toEqual([{ port: 8080, protocol: "TCP" }]);
    expect(w.handle(c, get("/", 8080))).toMatchObject({ status: 503, body: "down\n" });
  });

  it("takes its text from ECHO_TEXT, and without any text exits (listens on nothing)", () => {
    const e = ctx({ env: [{ name: "ECHO_TEXT", value: "from env" }] });
    expect(matchHttpEcho(e)!.handle(e, get("/"))).toMatchObject({ body: "from env\n" });
    const none = ctx({});
    expect(matchHttpEcho(none)!.listens(none)).toEqual([]);
  });
});

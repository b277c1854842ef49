import type { KubeObject } from "@kubesim/core";
import { describe, expect, it } from "vitest";
import type { AppRequest } from "../packet/Packet.js";
import { matchClientImage } from "./clientImageWorkload.js";
import type { WorkloadContext, WorkloadRequest } from "./Workload.js";

function ctx(container: Partial<WorkloadContext["container"]>): WorkloadContext {
  const pod: KubeObject = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "client", namespace: "default" },
  };
  return { pod, container: { name: "c", image: "busybox:1.36", ...container }, hostname: "client", nowMs: 0 };
}

function req(request: AppRequest, port: number, protocol: "TCP" | "UDP" = "TCP"): WorkloadRequest {
  return { protocol, local: { ip: "10.244.1.5", port }, peer: { ip: "10.244.2.7", port: 40000 }, request };
}

const GET: AppRequest = { kind: "http", method: "GET", path: "/", headers: [], body: "" };

describe("client images", () => {
  it("listen on nothing, even with declared containerPorts", () => {
    const c = ctx({ command: ["sleep", "3600"], ports: [{ containerPort: 80 }] });
    expect(matchClientImage(c)!.listens(c)).toEqual([]);
    const curl = ctx({ image: "curlimages/curl:8.5.0", command: ["sleep", "infinity"] });
    expect(matchClientImage(curl)!.listens(curl)).toEqual([]);
  });

  it("are not claimed for other images", () => {
    expect(matchClientImage(ctx({ image: "myorg/api:1" }))).toBeUndefined();
  });
});

describe("busybox httpd (httpd.c)", () => {
  it("serves the index.html the script wrote", () => {
    const c = ctx({
      command: ["sh", "-c", "mkdir -p /www; echo hello world > /www/index.html; httpd -f -p 8080 -h /www"],
    });
    const w = matchClientImage(c)!;
    expect(w.listens(c)).toEqual([{ port: 8080, protocol: "TCP" }]);
    expect(w.handle(c, req(GET, 8080))).toMatchObject({ status: 200, body: "hello world\n" });
  });

  it("answers 404 with busybox's page when there is no index", () => {
    const c = ctx({ args: ["httpd", "-f", "-p", "8080"] });
    expect(matchClientImage(c)!.handle(c, req(GET, 8080))).toMatchObject({
      status: 404,
      reason: "Not Found",
      body: "<HTML><HEAD><TITLE>404 Not Found</TITLE></HEAD>\n<BODY><H1>404 Not Found</H1>\nThe requested URL was not found\n</BODY></HTML>\n",
    });
  });
});

describe("busybox nc -l", () => {
  it("answers with what is piped into it", () => {
    const c = ctx({ command: ["sh", "-c", "while true; do echo pong | nc -l -p 9000; done"] });
    const w = matchClientImage(c)!;
    expect(w.listens(c)).toEqual([{ port: 9000, protocol: "TCP" }]);
    expect(w.handle(c, req({ kind: "data", data: "ping\n" }, 9000))).toEqual({
      kind: "data",
      data: "pong\n",
    });
  });

  it("listens on UDP with -u and combined flags", () => {
    const c = ctx({ command: ["nc", "-lku", "-p", "5000"] });
    expect(matchClientImage(c)!.listens(c)).toEqual([{ port: 5000, protocol: "UDP" }]);
    const d = ctx({ command: ["nc", "-lkp", "7000", "-e", "/bin/cat"] });
    const w = matchClientImage(d)!;
    expect(w.listens(d)).toEqual([{ port: 7000, protocol: "TCP" }]);
    expect(w.handle(d, req({ kind: "data", data: "abc" }, 7000))).toEqual({ kind: "data", data: "abc" });
  });
});

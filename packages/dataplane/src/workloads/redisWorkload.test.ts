import type { KubeObject } from "@kubesim/core";
import { describe, expect, it } from "vitest";
import type { AppRequest } from "../packet/Packet.js";
import { matchPostgres } from "./postgresWorkload.js";
import { matchRedis } from "./redisWorkload.js";
import type { WorkloadContext, WorkloadRequest } from "./Workload.js";

function ctx(image: string): WorkloadContext {
  const pod: KubeObject = { apiVersion: "v1", kind: "Pod", metadata: { name: "db", namespace: "default" } };
  return { pod, container: { name: "db", image }, hostname: "db", nowMs: 0 };
}

function req(request: AppRequest, port = 6379): WorkloadRequest {
  return {
    protocol: "TCP",
    local: { ip: "10.244.1.5", port },
    peer: { ip: "10.244.2.7", port: 40000 },
    request,
  };
}

describe("redis", () => {
  const c = ctx("redis:7");
  const w = matchRedis(c)!;
  it("listens on 6379 and answers PING with PONG", () => {
    expect(w.listens(c)).toEqual([{ port: 6379, protocol: "TCP" }]);
    expect(w.handle(c, req({ kind: "data", data: "PING\r\n" }))).toEqual({ kind: "data", data: "+PONG\r\n" });
  });
  it("answers RESP arrays and several inline commands", () => {
    expect(w.handle(c, req({ kind: "data", data: "*2\r\n$4\r\nECHO\r\n$2\r\nhi\r\n" }))).toEqual({
      kind: "data",
      data: "$2\r\nhi\r\n",
    });
    expect(w.handle(c, req({ kind: "data", data: "ping\nfoo bar\n" }))).toEqual({
      kind: "data",
      data: "+PONG\r\n-ERR unknown command 'foo', with args beginning with: 'bar' \r\n",
    });
  });
  it("answers curl's request line as an inline GET, then drops the connection", () => {
    const get: AppRequest = { kind: "http", method: "GET", path: "/", headers: [["Host", "db"]], body: "" };
    expect(w.handle(c, req(get))).toEqual({
      kind: "data",
      data: "-ERR wrong number of arguments for 'get' command\r\n",
    });
  });
});

describe("postgres", () => {
  it("listens on 5432 and says nothing", () => {
    const c = ctx("postgres:16");
    const w = matchPostgres(c)!;
    expect(w.listens(c)).toEqual([{ port: 5432, protocol: "TCP" }]);
    expect(w.handle(c, req({ kind: "data", data: "hello" }, 5432))).toEqual({ kind: "none" });
  });
});

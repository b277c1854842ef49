import type { KubeObject } from "@kubesim/core";
import { describe, expect, it } from "vitest";
import type { AppRequest } from "../packet/Packet.js";
import { matchNginx, NGINX_WELCOME_PAGE, nginxErrorPage, nginxVersionOf } from "./nginxWorkload.js";
import type { WorkloadContext } from "./Workload.js";

const NOW = 1704067200000; // Mon, 01 Jan 2024 00:00:00 GMT

function ctx(image: string, extra: Partial<WorkloadContext["container"]> = {}): WorkloadContext {
  const pod: KubeObject = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "web-1", namespace: "default" },
  };
  return { pod, container: { name: "nginx", image, ...extra }, hostname: "web-1", nowMs: NOW };
}

function get(path: string, method = "GET", headers: [string, string][] = [["Host", "web"]]): AppRequest {
  return { kind: "http", method, path, headers, body: "" };
}

const local = { ip: "10.244.1.5", port: 80 };
const peer = { ip: "10.244.2.7", port: 40000 };

describe("nginx", () => {
  const c = ctx("nginx:latest");
  const nginx = matchNginx(c)!;

  it("listens on 80 (nginx-unprivileged on 8080), per core's process model", () => {
    expect(nginx.listens(c)).toEqual([{ port: 80, protocol: "TCP" }]);
    const u = ctx("nginxinc/nginx-unprivileged:1.27");
    expect(matchNginx(u)!.listens(u)).toEqual([{ port: 8080, protocol: "TCP" }]);
  });

  it("listens on nothing when its command is not nginx", () => {
    const s = ctx("nginx", { command: ["sleep", "3600"] });
    expect(matchNginx(s)!.listens(s)).toEqual([]);
  });

  it("serves the welcome page on GET / with nginx's headers (nginx html/index.html, 615 bytes)", () => {
    expect(NGINX_WELCOME_PAGE.length).toBe(615);
    const res = nginx.handle(c, { protocol: "TCP", local, peer, request: get("/") });
    expect(res).toEqual({
      kind: "http",
      status: 200,
      reason: "OK",
      headers: [
        ["Server", "nginx/1.28.0"],
        ["Date", "Mon, 01 Jan 2024 00:00:00 GMT"],
        ["Content-Type", "text/html"],
        ["Content-Length", "615"],
        ["Connection", "keep-alive"],
        ["Accept-Ranges", "bytes"],
      ],
      body: NGINX_WELCOME_PAGE,
    });
  });

  it("answers other paths with its 404 page (ngx_http_special_response.c, server_tokens on)", () => {
    const res = nginx.handle(c, { protocol: "TCP", local, peer, request: get("/missing") });
    const page =
      "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n" +
      "<hr><center>nginx/1.28.0</center>\r\n</body>\r\n</html>\r\n";
    expect(nginxErrorPage(404, "1.28.0")).toBe(page);
    expect(res).toMatchObject({ kind: "http", status: 404, reason: "Not Found", body: page });
    expect(res.kind === "http" && res.headers).toContainEqual(["Content-Length", "153"]);
  });

  it("answers HEAD with the headers only and keeps Content-Length", () => {
    const res = nginx.handle(c, { protocol: "TCP", local, peer, request: get("/", "HEAD") });
    expect(res).toMatchObject({ status: 200, body: "" });
    expect(res.kind === "http" && res.headers).toContainEqual(["Content-Length", "615"]);
  });

  it("refuses POST to the page and unknown methods with 405 Not Allowed", () => {
    expect(nginx.handle(c, { protocol: "TCP", local, peer, request: get("/", "POST") })).toMatchObject({
      status: 405,
      reason: "Not Allowed",
    });
    expect(nginx.handle(c, { protocol: "TCP", local, peer, request: get("/x", "DELETE") })).toMatchObject({
      status: 405,
    });
    expect(nginx.handle(c, { protocol: "TCP", local, peer, request: get("/x", "POST") })).toMatchObject({
      status: 404,
    });
  });

  it("closes the connection when the client asks to (busybox wget sends Connection: close)", () => {
    const res = nginx.handle(c, {
      protocol: "TCP",
      local,
      peer,
      request: get("/", "GET", [["Connection", "close"]]),
    });
    expect(res.kind === "http" && res.headers).toContainEqual(["Connection", "close"]);
  });

  it("answers bytes that are not HTTP with its 400 page, on the wire as nc prints it", () => {
    const res = nginx.handle(c, { protocol: "TCP", local, peer, request: { kind: "data", data: "hello\n" } });
    expect(res).toEqual({
      kind: "data",
      data:
        "HTTP/1.1 400 Bad Request\r\nServer: nginx/1.28.0\r\nDate: Mon, 01 Jan 2024 00:00:00 GMT\r\n" +
        "Content-Type: text/html\r\nContent-Length: 157\r\nConnection: close\r\n\r\n" +
        nginxErrorPage(400, "1.28.0"),
    });
  });

  it("answers an HTTP request typed into nc with the raw response", () => {
    const res = nginx.handle(c, {
      protocol: "TCP",
      local,
      peer,
      request: { kind: "data", data: "GET / HTTP/1.0\r\n\r\n" },
    });
    expect(res.kind === "data" && res.data.startsWith("HTTP/1.1 200 OK\r\nServer: nginx/1.28.0\r\n")).toBe(
      true,
    );
    expect(res.kind === "data" && res.data.endsWith(NGINX_WELCOME_PAGE)).toBe(true);
  });

  it("accepts a bare connection (nc -z) and says nothing", () => {
    expect(nginx.handle(c, { protocol: "TCP", local, peer, request: { kind: "none" } })).toEqual({
      kind: "none",
    });
  });

  it("reports the version an image tag names", () => {
    expect(nginxVersionOf("nginx:1.25.3-alpine")).toBe("1.25.3");
    expect(nginxVersionOf("docker.io/library/nginx:1.25")).toBe("1.28.0");
    expect(nginxVersionOf("nginx")).toBe("1.28.0");
  });
});

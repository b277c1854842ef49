/**
 * `agnhost netexec`, the e2e tests' network Swiss-army server (kubernetes/kubernetes
 * `test/images/agnhost/netexec/netexec.go`): an HTTP server on `--http-port` (default 8080) and a
 * UDP server on `--udp-port` (default 8081; `-1` turns it off), plus SCTP on `--sctp-port` when
 * given. Responses are Go net/http's.
 *
 * HTTP endpoints modelled: `/` (`NOW: <time>`), `/hostname` and `/hostName`, `/clientip` (the
 * peer `ip:port` as the pod sees it, after any SNAT), `/echo?msg=&code=`, `/header?key=` (or the
 * whole header as JSON), `/healthz` and `/readyz` (200 only when the UDP or SCTP server runs, as
 * in the source), `/redirect?location=&code=`, and a minimal `/shell?cmd=` that knows `hostname`
 * and `echo`. Left out: `/dial` (it would need the simulator to send packets from inside a
 * handler), `/exit`, `/shutdown`, `/upload`, TLS, `--http-override`, `--udp-listen-addresses`.
 *
 * UDP and SCTP datagrams: `hostname`, `echo <msg>`, `clientip` (text lower-cased and trimmed, as
 * the source does); anything else gets no reply.
 *
 * @module
 */
import type { AppResponse } from "../packet/Packet.js";
import { flagValue } from "./_internal/argv.js";
import {
  canonicalHeaderKey,
  GO_BAD_REQUEST_BYTES,
  goResponse,
  goTimeString,
  type HttpRequest,
  type HttpResponse,
  type HttpServer,
  headerValue,
  queryValue,
  reasonPhrase,
  serveHttp,
  splitTarget,
} from "./_internal/http.js";
import type { ListeningPort, Workload, WorkloadContext, WorkloadRequest } from "./Workload.js";

/** The ports `netexec` binds from its flags. */
export interface NetexecOptions {
  readonly httpPort: number;
  /** `-1`: no UDP server. */
  readonly udpPort: number;
  /** `-1`: no SCTP server. */
  readonly sctpPort: number;
}

/** Reads `netexec`'s flags (pflag: `--http-port=N` or `--http-port N`). */
export function netexecOptions(args: readonly string[]): NetexecOptions {
  const num = (name: string, fallback: number) => {
    const v = flagValue(args, name);
    return v !== undefined && /^-?\d+$/.test(v) ? Number(v) : fallback;
  };
  return { httpPort: num("http-port", 8080), udpPort: num("udp-port", 8081), sctpPort: num("sctp-port", -1) };
}

/** `agnhost netexec` with the given flags. */
export function netexecWorkload(options: NetexecOptions): Workload {
  return new NetexecWorkload(options);
}

/**
 * A class rather than an object of closures: a packet to one of thousands of backends then
 * reads one object (its fields) and shared methods, not a closure, its scope and the options,
 * each a likely cache miss.
 */
class NetexecWorkload implements Workload {
  readonly #httpPort: number;
  readonly #listening: readonly ListeningPort[];
  /** serverReady is set by the UDP (or SCTP) server goroutine once it listens. */
  readonly #ready: boolean;

  constructor(options: NetexecOptions) {
    const listening: ListeningPort[] = [{ port: options.httpPort, protocol: "TCP" }];
    if (options.udpPort !== -1) listening.push({ port: options.udpPort, protocol: "UDP" });
    if (options.sctpPort !== -1) listening.push({ port: options.sctpPort, protocol: "SCTP" });
    this.#httpPort = options.httpPort;
    this.#listening = listening;
    this.#ready = options.udpPort !== -1 || options.sctpPort !== -1;
  }

  listens(): readonly ListeningPort[] {
    return this.#listening;
  }

  handle(ctx: WorkloadContext, request: WorkloadRequest): AppResponse {
    if (request.protocol === "TCP" && request.local.port === this.#httpPort) {
      // A bare connect (`nc -z`) says nothing: answer without building the HTTP server's
      // closures, the common case of a benchmark's new flows.
      if (request.request.kind === "none") return NO_ANSWER;
      return serveHttp(new NetexecHttp(ctx, request, this.#ready), request);
    }
    return datagram(ctx, request);
  }
}

/**
 * The HTTP server of one request: an object with methods rather than two closures, since a
 * closure per request costs an allocation each (and a `__name` call each under `tsx`).
 */
class NetexecHttp implements HttpServer {
  constructor(
    readonly ctx: WorkloadContext,
    readonly request: WorkloadRequest,
    readonly ready: boolean,
  ) {}

  respond(req: HttpRequest): HttpResponse {
    return http(this.ctx, this.request, req, this.ready);
  }

  badRequestBytes(): string {
    return GO_BAD_REQUEST_BYTES;
  }
}

/** What a server says to a client that only connected: nothing (shared; responses are never mutated). */
const NO_ANSWER: AppResponse = Object.freeze({ kind: "none" });

/** `ip:port`, with brackets for IPv6, as Go's `RemoteAddr` and `UDPAddr.String()` print it. */
function hostPort(ip: string, port: number): string {
  return ip.includes(":") ? `[${ip}]:${port}` : `${ip}:${port}`;
}

function http(
  ctx: WorkloadContext,
  request: WorkloadRequest,
  req: HttpRequest,
  ready: boolean,
): HttpResponse {
  const now = ctx.nowMs;
  const { pathname, query } = splitTarget(req.path);
  switch (pathname) {
    case "/hostname":
    case "/hostName":
      return goResponse(200, ctx.hostname, now);
    case "/clientip":
      return goResponse(200, hostPort(request.peer.ip, request.peer.port), now);
    case "/echo": {
      const msg = queryValue(query, "msg");
      const code = queryValue(query, "code");
      if (code === "") return goResponse(200, msg, now);
      if (!/^[+-]?\d+$/.test(code))
        return goResponse(200, `argument 'code' must be an integer or empty, got ${goQuote(code)}\n`, now);
      return goResponse(Number(code), msg, now);
    }
    case "/header": {
      const key = queryValue(query, "key");
      if (key !== "") return goResponse(200, headerValue(req.headers, key) ?? "", now);
      return goResponse(200, headerJson(req.headers), now);
    }
    case "/healthz":
      return goResponse(ready ? 200 : 412, "", now);
    case "/readyz":
      return ready ? goResponse(200, "ok", now) : goResponse(412, "", now);
    case "/redirect": {
      const location = queryValue(query, "location");
      const code = queryValue(query, "code");
      if (code !== "" && !/^[+-]?\d+$/.test(code))
        return goResponse(200, `argument 'code' must be an integer or empty, got ${goQuote(code)}\n`, now);
      const status = code === "" ? 302 : Number(code);
      // http.Redirect: a short HTML body for GET and HEAD.
      const body =
        req.method === "GET" || req.method === "HEAD"
          ? `<a href="${htmlEscape(location)}">${reasonPhrase(status)}</a>.\n\n`
          : "";
      const headers: [string, string][] = [["Location", location]];
      if (body !== "") headers.push(["Content-Type", "text/html; charset=utf-8"]);
      return goResponse(status, body, now, headers);
    }
    case "/shell":
      return goResponse(200, shell(ctx, queryValue(query, "shellCommand") || queryValue(query, "cmd")), now);
    default:
      // The "/" pattern of a ServeMux catches every other path.
      return goResponse(200, `NOW: ${goTimeString(now)}`, now);
  }
}

/** Go's `html.EscapeString`. */
function htmlEscape(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("'", "&#39;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&#34;");
}

/** `json.Marshal` of a string: Go also escapes `<`, `>` and `&` for HTML safety. */
function goJsonString(text: string): string {
  return JSON.stringify(text)
    .replaceAll("<", "\\u003c")
    .replaceAll(">", "\\u003e")
    .replaceAll("&", "\\u0026")
    .replaceAll("\u2028", "\\u2028")
    .replaceAll("\u2029", "\\u2029");
}

/** Go's `%q` for plain text. */
function goQuote(text: string): string {
  return JSON.stringify(text);
}

/** `json.Marshal(r.Header)`: canonical keys, sorted, each with its list of values; Host is not a header in Go. */
function headerJson(headers: readonly (readonly [string, string])[]): string {
  const map = new Map<string, string[]>();
  for (const [k, v] of headers) {
    const key = canonicalHeaderKey(k);
    if (key === "Host") continue;
    const list = map.get(key) ?? [];
    list.push(v);
    map.set(key, list);
  }
  const keys = [...map.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${keys.map((k) => `${goJsonString(k)}:[${map.get(k)!.map(goJsonString).join(",")}]`).join(",")}}`;
}

/** The minimal `/shell`: `hostname` and `echo ...`; anything else fails as sh does for an unknown command. */
function shell(ctx: WorkloadContext, cmd: string): string {
  const words = cmd.trim().split(/\s+/);
  // json.Marshal of map[string]string: keys sorted ("error" before "output").
  if (words[0] === "hostname" && words.length === 1) return `{"output":${goJsonString(`${ctx.hostname}\n`)}}`;
  if (words[0] === "echo") return `{"output":${goJsonString(`${words.slice(1).join(" ")}\n`)}}`;
  if (cmd.trim() === "") return "{}";
  return `{"error":"exit status 127","output":${goJsonString(`/bin/sh: ${words[0]}: not found\n`)}}`;
}

function datagram(ctx: WorkloadContext, request: WorkloadRequest): AppResponse {
  const app = request.request;
  if (app.kind !== "data") return { kind: "none" };
  const text = app.data.trim().toLowerCase();
  if (text === "hostname") return { kind: "data", data: ctx.hostname };
  if (text.startsWith("echo ")) return { kind: "data", data: text.slice(5) };
  if (text === "clientip") return { kind: "data", data: hostPort(request.peer.ip, request.peer.port) };
  return { kind: "none" };
}

/**
 * HTTP plumbing shared by the workloads: dates, reason phrases, query strings, header lookup,
 * Go net/http's response shape, and the raw wire form for clients that speak bytes (`nc`).
 *
 * @module
 */
import { formatTimestamp } from "@kubesim/core";
import type { AppRequest, AppResponse } from "../../packet/Packet.js";
import type { WorkloadRequest } from "../Workload.js";

/** An HTTP request as the workloads see it. */
export type HttpRequest = Extract<AppRequest, { kind: "http" }>;
/** An HTTP response as the workloads produce it. */
export type HttpResponse = Extract<AppResponse, { kind: "http" }>;

const WEEKDAYS = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"] as const;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"] as const;

/**
 * An RFC 9110 IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) from virtual milliseconds since the
 * epoch, built from core's RFC 3339 formatter so that no `Date` is constructed.
 */
export function httpDate(nowMs: number): string {
  const ts = formatTimestamp(nowMs); // 2024-01-01T00:00:00Z
  const days = Math.floor(Math.floor(nowMs / 1000) / 86400);
  // 1970-01-01 was a Thursday.
  const weekday = WEEKDAYS[((days % 7) + 7) % 7]!;
  const month = MONTHS[Number(ts.slice(5, 7)) - 1]!;
  return `${weekday}, ${ts.slice(8, 10)} ${month} ${ts.slice(0, 4)} ${ts.slice(11, 19)} GMT`;
}

/** Go's `time.Time.String()` for a UTC instant without its monotonic part: `2024-01-01 00:00:00.5 +0000 UTC`. */
export function goTimeString(nowMs: number): string {
  const ts = formatTimestamp(nowMs);
  const ms = ((nowMs % 1000) + 1000) % 1000;
  // Go prints the fraction with trailing zeros removed (format .999999999).
  const frac = ms === 0 ? "" : `.${String(ms).padStart(3, "0").replace(/0+$/, "")}`;
  return `${ts.slice(0, 10)} ${ts.slice(11, 19)}${frac} +0000 UTC`;
}

/** Reason phrases as Go's `http.StatusText` spells them (nginx uses its own for a few codes). */
const REASONS: Readonly<Record<number, string>> = {
  100: "Continue",
  200: "OK",
  201: "Created",
  202: "Accepted",
  204: "No Content",
  206: "Partial Content",
  301: "Moved Permanently",
  302: "Found",
  303: "See Other",
  304: "Not Modified",
  307: "Temporary Redirect",
  308: "Permanent Redirect",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  408: "Request Timeout",
  409: "Conflict",
  410: "Gone",
  412: "Precondition Failed",
  413: "Request Entity Too Large",
  417: "Expectation Failed",
  418: "I'm a teapot",
  429: "Too Many Requests",
  500: "Internal Server Error",
  501: "Not Implemented",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
};

/** The reason phrase Go writes for `status` (an unknown code gets `status code N`, as Go does). */
export function reasonPhrase(status: number): string {
  return REASONS[status] ?? `status code ${status}`;
}

/** Splits a request target into its path and its raw query (without `?`). */
export function splitTarget(target: string): { readonly pathname: string; readonly query: string } {
  const q = target.indexOf("?");
  return q < 0
    ? { pathname: target, query: "" }
    : { pathname: target.slice(0, q), query: target.slice(q + 1) };
}

function decodeComponent(text: string): string {
  const plus = text.replaceAll("+", " ");
  try {
    return decodeURIComponent(plus);
  } catch {
    // Go's url.ParseQuery rejects a bad escape; FormValue then sees nothing for it. Keeping the
    // raw text is kinder and only differs for malformed input.
    return plus;
  }
}

/** Go's `r.FormValue(key)` for a GET: the first value of `key` in the query, decoded; `""` when absent. */
export function queryValue(query: string, key: string): string {
  for (const pair of query.split(/[&]/)) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const k = decodeComponent(eq < 0 ? pair : pair.slice(0, eq));
    if (k === key) return eq < 0 ? "" : decodeComponent(pair.slice(eq + 1));
  }
  return "";
}

/** The first value of header `name` (case-insensitive), as Go's `Header.Get` and nginx see it. */
export function headerValue(
  headers: readonly (readonly [string, string])[],
  name: string,
): string | undefined {
  const lower = name.toLowerCase();
  for (const [k, v] of headers) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/** Go's `textproto.CanonicalMIMEHeaderKey`: `x-forwarded-for` → `X-Forwarded-For`. */
export function canonicalHeaderKey(key: string): string {
  if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(key)) return key;
  return key
    .split("-")
    .map((part) => (part === "" ? part : part[0]!.toUpperCase() + part.slice(1).toLowerCase()))
    .join("-");
}

/**
 * Go's `http.DetectContentType` for the bodies these servers write: HTML when it starts with an
 * HTML tag, otherwise UTF-8 text.
 */
export function goContentType(body: string): string {
  const head = body
    .replace(/^[\t\n\f\r ]+/, "")
    .slice(0, 16)
    .toUpperCase();
  const html = ["<!DOCTYPE HTML", "<HTML", "<HEAD", "<BODY", "<TITLE", "<H1", "<P", "<DIV", "<BR", "<TABLE"];
  for (const tag of html) {
    const next = head.charAt(tag.length);
    if (head.startsWith(tag) && (next === " " || next === ">")) return "text/html; charset=utf-8";
  }
  return "text/plain; charset=utf-8";
}

/**
 * A response as Go's net/http server writes it for a handler that set `headers` and wrote `body`:
 * the handler's headers sorted by name, then `Date`, `Content-Length` and the sniffed
 * `Content-Type` (server.go `extraHeader.Write` order). No `Content-Type` for an empty body.
 */
export function goResponse(
  status: number,
  body: string,
  nowMs: number,
  headers: readonly (readonly [string, string])[] = [],
): HttpResponse {
  const own = [...headers].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: [string, string][] = own.map(([k, v]) => [k, v]);
  out.push(["Date", httpDate(nowMs)]);
  out.push(["Content-Length", String(utf8Length(body))]);
  if (body.length > 0 && headerValue(headers, "Content-Type") === undefined)
    out.push(["Content-Type", goContentType(body)]);
  return { kind: "http", status, reason: reasonPhrase(status), headers: out, body };
}

/** What Go's server writes on a connection whose first bytes are not an HTTP request (server.go). */
export const GO_BAD_REQUEST_BYTES =
  "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n400 Bad Request";

/** The length in bytes of `text` encoded as UTF-8 (Content-Length counts bytes). */
export function utf8Length(text: string): number {
  let n = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

/** The bytes of a response on the wire, for clients that print them raw (`nc`). */
export function serializeHttpResponse(res: HttpResponse, version = "HTTP/1.1"): string {
  const head = res.headers.map(([k, v]) => `${k}: ${v}\r\n`).join("");
  return `${version} ${res.status} ${res.reason}\r\n${head}\r\n${res.body}`;
}

/**
 * Parses bytes written on a TCP connection as an HTTP/1.x request (request line, headers, a
 * body after the blank line). `undefined` when the first line is not `METHOD target HTTP/x.y`.
 * A request whose header block never ends is taken as complete: the simulator has no "client
 * keeps the connection open" state, and real servers would wait until their header timeout.
 */
export function parseRawHttpRequest(data: string): HttpRequest | undefined {
  const lines = data.split("\n").map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
  const m = /^([A-Za-z!#$%&'*+.^_`|~0-9-]+) (\S+) HTTP\/(\d)\.(\d)$/.exec(lines[0] ?? "");
  if (!m) return undefined;
  const headers: [string, string][] = [];
  let i = 1;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (line === "") break;
    const colon = line.indexOf(":");
    if (colon <= 0) return undefined;
    headers.push([line.slice(0, colon), line.slice(colon + 1).trim()]);
  }
  const body = i < lines.length ? lines.slice(i + 1).join("\n") : "";
  return { kind: "http", method: m[1]!, path: m[2]!, headers, body };
}

/** How one HTTP server program turns its requests into responses. */
export interface HttpServer {
  /** The answer to a well-formed request (HEAD bodies are stripped by {@link serveHttp}). */
  readonly respond: (req: HttpRequest) => HttpResponse;
  /** The bytes it writes when what arrives is not an HTTP request. */
  readonly badRequestBytes: () => string;
  /** Status-line version for raw replies (`HTTP/1.0` for busybox httpd). */
  readonly wireVersion?: string;
}

/**
 * Runs an HTTP server against any request kind: an HTTP request gets the response (HEAD: headers
 * only, Content-Length kept, as nginx and Go both do); raw bytes are parsed as HTTP and the
 * reply is given back as the raw bytes the server writes (what `nc` prints), or the server's
 * bad-request bytes; a bare connection (`nc -z`) is accepted and hears nothing.
 */
export function serveHttp(server: HttpServer, request: WorkloadRequest): AppResponse {
  const app = request.request;
  if (app.kind === "none") return { kind: "none" };
  if (app.kind === "http") return stripHead(app, server.respond(app));
  // A DNS query's bytes are no HTTP request line.
  if (app.kind === "dns") return { kind: "data", data: server.badRequestBytes() };
  const parsed = parseRawHttpRequest(app.data);
  if (!parsed) return { kind: "data", data: server.badRequestBytes() };
  return {
    kind: "data",
    data: serializeHttpResponse(stripHead(parsed, server.respond(parsed)), server.wireVersion),
  };
}

function stripHead(req: HttpRequest, res: HttpResponse): HttpResponse {
  return req.method === "HEAD" && res.body !== "" ? { ...res, body: "" } : res;
}

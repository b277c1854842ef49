/**
 * curl 8.11.1 (the `curlimages/curl:8.11.1` image), HTTP only.
 *
 * Wording from curl's sources: `lib/connect.c` (`Failed to connect to %s port %u after %ld ms:
 * %s` with `curl_easy_strerror()`, so the tail is `Couldn't connect to server`; an ETIMEDOUT
 * from the kernel turns the code into 28), `lib/multi.c` (`Connection timed out after %ld
 * milliseconds` when the connect timeout or `-m` expires while connecting, `Operation timed out
 * after %ld milliseconds with %ld bytes received` afterwards), `lib/hostip.c`/`cf-socket.c` for
 * the `-v` lines, `lib/progress.c` for the progress meter. The default connect timeout is
 * `DEFAULT_CONNECT_TIMEOUT` = 300 s (lib/connect.h), longer than the kernel's 127 s SYN limit.
 *
 * Simplifications: https:// is not modelled (a TLS handshake with a plain-HTTP server fails
 * with code 35); `-L` is accepted and ignored; files named by `-o` are not written.
 *
 * @module
 */
import type { AppRequest, AppResponse } from "../../packet/Packet.js";
import type { ToolOutcome } from "../ToolEnvironment.js";
import {
  allValues,
  type CommandOutput,
  CURL_VERSION,
  connectErrorText,
  finish,
  has,
  isSilent,
  KERNEL_TCP_CONNECT_TIMEOUT_MS,
  lastValue,
  lookupHost,
  newOutput,
  type OptionSpec,
  type Output,
  parseOptions,
  type ToolContext,
  utf8Length,
} from "./common.js";

/** curl's `DEFAULT_CONNECT_TIMEOUT` (lib/connect.h): 300 000 ms. */
const DEFAULT_CONNECT_TIMEOUT_MS = 300_000;

const SPECS: readonly OptionSpec[] = [
  { key: "s", short: "s", long: ["silent"], hasArg: false },
  { key: "S", short: "S", long: ["show-error"], hasArg: false },
  { key: "v", short: "v", long: ["verbose"], hasArg: false },
  { key: "I", short: "I", long: ["head"], hasArg: false },
  { key: "i", short: "i", long: ["include"], hasArg: false },
  { key: "f", short: "f", long: ["fail"], hasArg: false },
  { key: "L", short: "L", long: ["location"], hasArg: false },
  { key: "k", short: "k", long: ["insecure"], hasArg: false },
  { key: "4", short: "4", long: ["ipv4"], hasArg: false },
  { key: "no-progress-meter", long: ["no-progress-meter"], hasArg: false },
  { key: "http1.1", long: ["http1.1", "http1.0"], hasArg: false },
  { key: "o", short: "o", long: ["output"], hasArg: true },
  { key: "w", short: "w", long: ["write-out"], hasArg: true },
  { key: "H", short: "H", long: ["header"], hasArg: true },
  { key: "X", short: "X", long: ["request"], hasArg: true },
  { key: "m", short: "m", long: ["max-time"], hasArg: true },
  { key: "connect-timeout", long: ["connect-timeout"], hasArg: true },
  { key: "A", short: "A", long: ["user-agent"], hasArg: true },
  { key: "d", short: "d", long: ["data", "data-raw", "data-binary", "data-ascii"], hasArg: true },
  { key: "retry", long: ["retry"], hasArg: true },
];

const TRY_HELP = "curl: try 'curl --help' or 'curl --manual' for more information\n";

interface CurlUrl {
  readonly scheme: "http" | "https";
  readonly host: string;
  readonly port: number;
  /** Path with query, starting with `/`. */
  readonly path: string;
  /** `host` or `host:port` when the port is not the scheme's default (the `Host:` header). */
  readonly hostHeader: string;
  readonly text: string;
}

function parseCurlUrl(url: string): CurlUrl | { readonly code: number; readonly message: string } {
  let scheme = "http";
  let rest = url;
  const sep = url.indexOf("://");
  if (sep >= 0) {
    scheme = url.slice(0, sep).toLowerCase();
    rest = url.slice(sep + 3);
    if (scheme !== "http" && scheme !== "https") {
      return { code: 1, message: `Protocol "${scheme}" not supported` };
    }
  }
  let cut = rest.length;
  for (const ch of ["/", "?", "#"]) {
    const i = rest.indexOf(ch);
    if (i >= 0 && i < cut) cut = i;
  }
  let authority = rest.slice(0, cut);
  let path = rest.slice(cut);
  const hash = path.indexOf("#");
  if (hash >= 0) path = path.slice(0, hash);
  if (!path.startsWith("/")) path = `/${path}`;
  const at = authority.lastIndexOf("@");
  if (at >= 0) authority = authority.slice(at + 1);
  const defaultPort = scheme === "https" ? 443 : 80;
  let host = authority;
  let port = defaultPort;
  const colon = authority.lastIndexOf(":");
  if (colon >= 0) {
    host = authority.slice(0, colon);
    const p = authority.slice(colon + 1);
    if (p !== "") {
      if (!/^\d+$/.test(p) || Number(p) > 65535) {
        return { code: 3, message: "URL rejected: Port number was not a decimal number between 0 and 65535" };
      }
      port = Number(p);
    }
  }
  if (host === "") return { code: 3, message: "URL rejected: No host part in the URL" };
  const hostHeader = port === defaultPort ? host : `${host}:${port}`;
  return { scheme: scheme as "http" | "https", host, port, path, hostHeader, text: url };
}

/** lib/progress.c `max5data`: at most five columns, with k/M/G suffixes. */
function max5(bytes: number): string {
  const K = 1024;
  const M = K * 1024;
  const G = M * 1024;
  if (bytes < 100000) return String(bytes).padStart(5, " ");
  if (bytes < 10000 * K) return `${String(Math.floor(bytes / K)).padStart(4, " ")}k`;
  if (bytes < 100 * M)
    return `${String(Math.floor(bytes / M)).padStart(2, " ")}.${Math.floor((bytes % M) / (M / 10))}M`;
  if (bytes < 10000 * M) return `${String(Math.floor(bytes / M)).padStart(4, " ")}M`;
  return `${String(Math.floor(bytes / G)).padStart(4, " ")}G`;
}

/** lib/progress.c `time2str`: `--:--:--` for zero, else `%2d:%02d:%02d`. */
function time2str(seconds: number): string {
  if (seconds <= 0) return "--:--:--";
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${String(h).padStart(2, " ")}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")}`;
}

const METER_HEADER =
  "  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n" +
  "                                 Dload  Upload   Total   Spent    Left  Speed\n";

/** One `\r`-led progress meter line at `ms` after the start with `dl` bytes of `size` (undefined: unknown). */
function meterLine(ms: number, dl: number, size: number | undefined): string {
  const spent = Math.floor(ms / 1000);
  const speed = dl === 0 ? 0 : Math.floor((dl * 1000) / Math.max(1, ms));
  const pct = (done: number, total: number): number =>
    total > 10000
      ? Math.floor(done / Math.floor(total / 100))
      : total > 0
        ? Math.floor((done * 100) / total)
        : 0;
  const dlPct = size !== undefined && speed > 0 ? pct(dl, size) : 0;
  const expected = size ?? dl;
  const totalPct = pct(dl, expected);
  const estimate = size !== undefined && speed > 0 ? Math.floor(size / speed) : 0;
  const p3 = (n: number): string => String(n).padStart(3, " ");
  return (
    `\r${p3(totalPct)} ${max5(expected)}  ${p3(dlPct)} ${max5(dl)}  ${p3(0)} ${max5(0)}  ` +
    `${max5(speed)}  ${max5(0)} ${time2str(estimate)} ${time2str(spent)} ` +
    `${time2str(estimate > 0 ? estimate - spent : 0)} ${max5(speed)}`
  );
}

interface CurlOptions {
  readonly silent: boolean;
  readonly showError: boolean;
  readonly verbose: boolean;
  readonly head: boolean;
  readonly include: boolean;
  readonly fail: boolean;
  readonly noProgress: boolean;
  readonly output: string | undefined;
  readonly writeOut: string | undefined;
  readonly headers: readonly string[];
  readonly method: string | undefined;
  readonly maxTimeMs: number | undefined;
  readonly connectTimeoutMs: number | undefined;
  readonly userAgent: string;
  readonly data: string | undefined;
}

/** What one transfer left for `--write-out`. */
interface TransferInfo {
  code: number;
  message: string;
  httpCode: number;
  remoteIp: string;
  remotePort: number;
  localIp: string;
  localPort: number;
  sizeDownload: number;
  elapsedMs: number;
  contentType: string;
  method: string;
  url: string;
}

function seconds(s: string): number | undefined {
  return /^\d+(\.\d+)?$/.test(s) ? Math.round(Number(s) * 1000) : undefined;
}

/** Runs `curl ARGS`. */
export function runCurl(args: readonly string[], ctx: ToolContext): CommandOutput {
  const o = newOutput();
  const parsed = parseOptions("curl", args, SPECS);
  if ("error" in parsed) {
    const what = parsed.kind === "missing-argument" ? "requires parameter" : "is unknown";
    o.err += `curl: option ${parsed.option}: ${what}\n${TRY_HELP}`;
    return finish(o, 2);
  }
  const numeric = (key: string): number | undefined | "bad" => {
    const v = lastValue(parsed, key);
    if (v === undefined) return undefined;
    return seconds(v) ?? "bad";
  };
  const maxTime = numeric("m");
  const connectTimeout = numeric("connect-timeout");
  if (maxTime === "bad" || connectTimeout === "bad") {
    const opt = maxTime === "bad" ? "-m" : "--connect-timeout";
    o.err += `curl: option ${opt}: expected a proper numerical parameter\n${TRY_HELP}`;
    return finish(o, 2);
  }
  if (parsed.operands.length === 0) {
    o.err += `curl: no URL specified\n${TRY_HELP}`;
    return finish(o, 2);
  }
  const opts: CurlOptions = {
    silent: has(parsed, "s"),
    showError: has(parsed, "S"),
    verbose: has(parsed, "v"),
    head: has(parsed, "I"),
    include: has(parsed, "i"),
    fail: has(parsed, "f"),
    noProgress: has(parsed, "no-progress-meter"),
    output: lastValue(parsed, "o"),
    writeOut: lastValue(parsed, "w"),
    headers: allValues(parsed, "H"),
    method: lastValue(parsed, "X"),
    // 0 means "no limit" for both, as CURLOPT_TIMEOUT and CURLOPT_CONNECTTIMEOUT treat it.
    maxTimeMs: maxTime === 0 ? undefined : maxTime,
    connectTimeoutMs: connectTimeout === 0 ? undefined : connectTimeout,
    userAgent: lastValue(parsed, "A") ?? `curl/${CURL_VERSION}`,
    data: lastValue(parsed, "d"),
  };
  let exitCode = 0;
  let index = 0;
  for (const url of parsed.operands) {
    const r = transfer(url, index, opts, ctx, o);
    if (r === "hung") {
      o.elapsedMs = Math.max(o.elapsedMs, ctx.maxWaitMs);
      return finish(o, 130, true);
    }
    exitCode = r.code;
    if (opts.writeOut !== undefined) o.out += writeOut(opts.writeOut, r, o);
    index++;
  }
  return finish(o, exitCode);
}

function transfer(
  urlText: string,
  conn: number,
  opts: CurlOptions,
  ctx: ToolContext,
  o: Output,
): TransferInfo | "hung" {
  const start = o.elapsedMs;
  const toStdout = opts.output === undefined || opts.output === "-";
  // tool_operate.c hides the meter when the body goes to a terminal; -s and --no-progress-meter hide it always.
  const meter = !opts.silent && !opts.noProgress && !(ctx.tty && toStdout);
  const verbose = (line: string): void => {
    if (opts.verbose) o.err += `${line}\n`;
  };
  const info: TransferInfo = {
    code: 0,
    message: "",
    httpCode: 0,
    remoteIp: "",
    remotePort: 0,
    localIp: "",
    localPort: 0,
    sizeDownload: 0,
    elapsedMs: 0,
    contentType: "",
    method: "GET",
    url: urlText,
  };
  let meterShownUntilS = 0;
  let size: number | undefined;
  if (meter) {
    if (conn === 0) o.err += METER_HEADER;
    o.err += meterLine(0, 0, undefined);
  }
  /** Meter lines for each whole second up to `untilMs` (relative to the transfer start). */
  const tick = (untilMs: number, dl: number): void => {
    if (!meter) return;
    for (let s = meterShownUntilS + 1; s * 1000 <= untilMs; s++) {
      o.err += meterLine(s * 1000, dl, size);
      meterShownUntilS = s;
    }
  };
  const fail = (code: number, message: string, atMs: number, closing = true): TransferInfo => {
    tick(atMs, info.sizeDownload);
    o.elapsedMs = start + atMs;
    if (meter) o.err += `${meterLine(atMs, info.sizeDownload, size)}\n`;
    verbose(`* ${message}`);
    if (closing) verbose(`* closing connection #${conn}`);
    if (!opts.silent || opts.showError) o.err += `curl: (${code}) ${message}\n`;
    info.code = code;
    info.message = message;
    info.elapsedMs = atMs;
    return info;
  };
  const url = parseCurlUrl(urlText);
  if ("code" in url) {
    return fail(url.code, url.message, 0, false);
  }
  const lookup = lookupHost(ctx.env, url.host);
  if (!lookup.ok) return fail(6, `Could not resolve host: ${url.host}`, lookup.elapsedMs);
  const ip = lookup.ip;
  info.remoteIp = ip;
  info.remotePort = url.port;
  if (lookup.ip !== url.host) {
    verbose(`* Host ${url.host}:${url.port} was resolved.`);
    verbose("* IPv6: (none)");
    verbose(`* IPv4: ${ip}`);
  }
  verbose(`*   Trying ${ip}:${url.port}...`);
  const request = buildRequest(url, opts);
  info.method = request.kind === "http" ? request.method : "GET";
  const connectLimitMs = Math.min(
    opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
    opts.maxTimeMs ?? Number.POSITIVE_INFINITY,
  );
  const outcome: ToolOutcome = ctx.env.connect({
    protocol: "TCP",
    ip,
    port: url.port,
    request,
    timeoutMs: Math.min(connectLimitMs, KERNEL_TCP_CONNECT_TIMEOUT_MS),
  });
  info.localIp = outcome.local.ip;
  info.localPort = outcome.local.port;
  const connectFailed = (atMs: number, code: number): TransferInfo => {
    verbose(
      `* connect to ${ip} port ${url.port} from ${outcome.local.ip} port ${outcome.local.port} failed: ${connectErrorText(outcome)}`,
    );
    return fail(
      code,
      `Failed to connect to ${url.host} port ${url.port} after ${atMs} ms: Couldn't connect to server`,
      atMs,
    );
  };
  if (isSilent(outcome)) {
    if (connectLimitMs <= KERNEL_TCP_CONNECT_TIMEOUT_MS) {
      return fail(28, `Connection timed out after ${connectLimitMs} milliseconds`, connectLimitMs);
    }
    // The kernel gives up first with ETIMEDOUT, which curl maps to CURLE_OPERATION_TIMEDOUT.
    return connectFailed(KERNEL_TCP_CONNECT_TIMEOUT_MS, 28);
  }
  if (outcome.verdict !== "delivered") {
    const at = Math.round(outcome.elapsedMs);
    if (opts.maxTimeMs !== undefined && at > opts.maxTimeMs) {
      return fail(28, `Connection timed out after ${opts.maxTimeMs} milliseconds`, opts.maxTimeMs);
    }
    return connectFailed(at, 7);
  }
  verbose(`* Connected to ${url.host} (${ip}) port ${url.port}`);
  if (url.scheme === "https") {
    return fail(
      35,
      "OpenSSL/3.3.2: error:0A00010B:SSL routines::wrong version number",
      Math.round(outcome.elapsedMs),
    );
  }
  verbose("* using HTTP/1.x");
  if (opts.verbose && request.kind === "http") {
    o.err += `> ${request.method} ${request.path} HTTP/1.1\n`;
    for (const [n, v] of request.headers) o.err += `> ${n}: ${v}\n`;
    o.err += "> \n";
    if (request.body !== "") {
      o.err += `} [${utf8Length(request.body)} bytes data]\n`;
      o.err += `* upload completely sent off: ${utf8Length(request.body)} bytes\n`;
    } else {
      o.err += "* Request completely sent off\n";
    }
  }
  const doneAt = Math.round(outcome.elapsedMs);
  const response: AppResponse | undefined = outcome.response;
  const operationTimeout = (): TransferInfo | "hung" => {
    if (opts.maxTimeMs === undefined) {
      tick(ctx.maxWaitMs - start, 0);
      return "hung";
    }
    return fail(
      28,
      `Operation timed out after ${opts.maxTimeMs} milliseconds with 0 bytes received`,
      opts.maxTimeMs,
    );
  };
  if (opts.maxTimeMs !== undefined && doneAt > opts.maxTimeMs) return operationTimeout();
  if (response === undefined || response.kind === "none" || response.kind === "echo-reply") {
    return operationTimeout();
  }
  if (response.kind === "data" || response.kind === "dns") {
    if (response.kind === "data" && response.data === "") return fail(52, "Empty reply from server", doneAt);
    return fail(1, "Received HTTP/0.9 when not allowed", doneAt);
  }
  info.httpCode = response.status;
  const statusLine = `HTTP/1.1 ${response.status} ${response.reason}`;
  let closeConnection = false;
  for (const [n, v] of response.headers) {
    const lower = n.toLowerCase();
    if (lower === "content-length" && /^\d+$/.test(v.trim())) size = Number(v.trim());
    if (lower === "content-type") info.contentType = v;
    if (lower === "connection" && v.trim().toLowerCase() === "close") closeConnection = true;
  }
  if (opts.verbose) {
    o.err += `< ${statusLine}\n`;
    for (const [n, v] of response.headers) o.err += `< ${n}: ${v}\n`;
    o.err += "< \n";
  }
  if (opts.fail && response.status >= 400) {
    return fail(22, `The requested URL returned error: ${response.status}`, doneAt);
  }
  const headerBlock = `${statusLine}\r\n${response.headers.map(([n, v]) => `${n}: ${v}\r\n`).join("")}\r\n`;
  const isHead = request.kind === "http" && request.method === "HEAD";
  const body = isHead ? "" : response.body;
  const bytes = utf8Length(body);
  info.sizeDownload = bytes;
  const emit = (text: string): void => {
    if (toStdout) o.out += text;
    // Any other -o target: the file is not simulated; /dev/null discards anyway.
  };
  if (opts.head || opts.include) emit(headerBlock);
  if (bytes > 0) {
    // tool_cb_dbg.c shows the data notice unless the data itself goes to a terminal.
    if (opts.verbose && !(ctx.tty && toStdout)) o.err += `{ [${bytes} bytes data]\n`;
    emit(body);
  }
  tick(doneAt, bytes);
  if (meter) o.err += `${meterLine(doneAt, bytes, size)}\n`;
  verbose(
    closeConnection
      ? `* shutting down connection #${conn}`
      : `* Connection #${conn} to host ${url.host} left intact`,
  );
  o.elapsedMs = start + doneAt;
  info.elapsedMs = doneAt;
  return info;
}

/** The request curl sends: `Host`, `User-Agent`, `Accept: *\/*`, then `-H` headers (which replace or, with `Name:`, remove built-ins). */
function buildRequest(url: CurlUrl, opts: CurlOptions): AppRequest {
  const user: [string, string][] = [];
  const removed = new Set<string>();
  for (const h of opts.headers) {
    const c = h.indexOf(":");
    if (c < 0) continue;
    const name = h.slice(0, c).trim();
    const value = h.slice(c + 1).trim();
    if (value === "") removed.add(name.toLowerCase());
    else user.push([name, value]);
  }
  const overridden = new Set(user.map(([n]) => n.toLowerCase()));
  const headers: [string, string][] = [];
  const builtin = (name: string, value: string): void => {
    const k = name.toLowerCase();
    if (removed.has(k)) return;
    const u = user.find(([n]) => n.toLowerCase() === k);
    headers.push(u ?? [name, value]);
  };
  builtin("Host", url.hostHeader);
  builtin("User-Agent", opts.userAgent);
  builtin("Accept", "*/*");
  for (const [n, v] of user) {
    if (!["host", "user-agent", "accept"].includes(n.toLowerCase())) headers.push([n, v]);
  }
  if (opts.data !== undefined) {
    headers.push(["Content-Length", String(utf8Length(opts.data))]);
    if (!overridden.has("content-type")) headers.push(["Content-Type", "application/x-www-form-urlencoded"]);
  }
  const method = opts.method ?? (opts.head ? "HEAD" : opts.data !== undefined ? "POST" : "GET");
  return { kind: "http", method, path: url.path, headers, body: opts.data ?? "" };
}

/** Expands a `--write-out` format (src/tool_writeout.c): `%{var}`, `%%`, and `\n`, `\r`, `\t`, `\\`. */
function writeOut(format: string, info: TransferInfo, o: Output): string {
  let r = "";
  for (let i = 0; i < format.length; i++) {
    const c = format[i] as string;
    if (c === "%" && format[i + 1] === "%") {
      r += "%";
      i++;
    } else if (c === "%" && format[i + 1] === "{") {
      const end = format.indexOf("}", i);
      if (end < 0) {
        r += c;
        continue;
      }
      const name = format.slice(i + 2, end);
      const v = writeOutVariable(name, info);
      if (v === undefined) o.err += `curl: unknown --write-out variable: '${name}'\n`;
      else r += v;
      i = end;
    } else if (c === "\\" && i + 1 < format.length) {
      const n = format[i + 1];
      const map: Record<string, string> = { n: "\n", r: "\r", t: "\t", "\\": "\\" };
      const m = n === undefined ? undefined : map[n];
      if (m !== undefined) {
        r += m;
        i++;
      } else r += c;
    } else r += c;
  }
  return r;
}

function writeOutVariable(name: string, info: TransferInfo): string | undefined {
  const secs = (ms: number): string => (ms / 1000).toFixed(6);
  switch (name) {
    case "http_code":
    case "response_code":
      return String(info.httpCode).padStart(3, "0");
    case "remote_ip":
      return info.remoteIp;
    case "remote_port":
      return info.remotePort === 0 ? "" : String(info.remotePort);
    case "local_ip":
      return info.localIp;
    case "local_port":
      return info.localPort === 0 ? "" : String(info.localPort);
    case "size_download":
      return String(info.sizeDownload);
    case "time_total":
      return secs(info.elapsedMs);
    case "url_effective":
    case "url":
      return info.url;
    case "content_type":
      return info.contentType;
    case "exitcode":
      return String(info.code);
    case "errormsg":
      return info.message;
    case "method":
      return info.method;
    default:
      return undefined;
  }
}

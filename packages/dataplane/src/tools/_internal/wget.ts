/**
 * busybox 1.36 `wget` (networking/wget.c, with FEATURE_WGET_LONG_OPTIONS, _STATUSBAR and
 * _TIMEOUT, as the `busybox` and `alpine` images build it).
 *
 * Simplifications: writing the output file is not simulated (the file system is not modelled;
 * the messages are printed as if it were written); https:// URLs are rejected the way a
 * busybox built without TLS rejects them; ftp:// is not supported.
 *
 * @module
 */
import type { AppRequest } from "../../packet/Packet.js";
import { busyboxUsage } from "./busyboxUsage.js";
import {
  allValues,
  type CommandOutput,
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
  parseUnsigned,
  type ToolContext,
  utf8Length,
} from "./common.js";

const SPECS: readonly OptionSpec[] = [
  { key: "c", short: "c", long: ["continue"], hasArg: false },
  { key: "q", short: "q", long: ["quiet"], hasArg: false },
  { key: "S", short: "S", long: ["server-response"], hasArg: false },
  { key: "O", short: "O", long: ["output-document"], hasArg: true },
  { key: "o", short: "o", long: ["output-file"], hasArg: true },
  { key: "P", short: "P", long: ["directory-prefix"], hasArg: true },
  { key: "Y", short: "Y", long: ["proxy"], hasArg: true },
  { key: "U", short: "U", long: ["user-agent"], hasArg: true },
  { key: "T", short: "T", long: ["timeout"], hasArg: true },
  { key: "t", short: "t", long: ["tries"], hasArg: true },
  { key: "header", long: ["header"], hasArg: true },
  { key: "post-data", long: ["post-data"], hasArg: true },
  { key: "spider", long: ["spider"], hasArg: false },
  { key: "no-check-certificate", long: ["no-check-certificate"], hasArg: false },
  {
    key: "ignored",
    long: ["passive-ftp", "no-cache", "no-verbose", "no-clobber", "no-host-directories", "no-parent"],
    hasArg: false,
  },
];

/** busybox's default `-T`: `G.timeout_seconds = 900` in `wget_main`. */
const DEFAULT_TIMEOUT_SECONDS = 900;

/** The redirect limit: `redir_limit = 16` in `download_one_url`. */
const REDIRECT_LIMIT = 16;

interface Target {
  /** `host[:port]` exactly as in the URL (busybox keeps the port in the host string). */
  readonly hostPort: string;
  readonly host: string;
  readonly port: number;
  /** The path without its leading `/`. */
  readonly path: string;
}

/** busybox `parse_url`: `http://` or no scheme, `host[:port]`, then `/path`, `?query` or `#frag`. */
function parseUrl(url: string): Target | { readonly error: string } {
  let rest = url;
  const sep = url.indexOf("://");
  if (sep >= 0) {
    const scheme = url.slice(0, sep);
    if (scheme !== "http") return { error: `not an http or ftp url: ${url}` };
    rest = url.slice(sep + 3);
  }
  let cut = rest.length;
  for (const ch of ["/", "?", "#"]) {
    const i = rest.indexOf(ch);
    if (i >= 0 && i < cut) cut = i;
  }
  let hostPort = rest.slice(0, cut);
  let path = "";
  if (cut < rest.length) path = rest[cut] === "/" ? rest.slice(cut + 1) : rest.slice(cut + 1);
  const hashAt = path.indexOf("#");
  if (hashAt >= 0) path = path.slice(0, hashAt);
  const at = hostPort.lastIndexOf("@");
  if (at >= 0) hostPort = hostPort.slice(at + 1);
  const colon = hostPort.lastIndexOf(":");
  let host = hostPort;
  let port = 80;
  if (colon >= 0) {
    host = hostPort.slice(0, colon);
    const p = hostPort.slice(colon + 1);
    const n = parseUnsigned(p);
    if (n === undefined || n > 65535) return { error: `bad port spec '${hostPort}'` };
    port = n;
  }
  return { hostPort, host, port, path };
}

/** The progress line `bb_progress_update()` prints when stderr is not a terminal (80 columns, 32-star bar). */
function progressLine(file: string, bytes: number): string {
  const name = file.length > 20 ? file.slice(0, 20) : file.padEnd(20, " ");
  let size = bytes;
  let unit = 0;
  while (size >= 100000) {
    size = Math.floor(size / 1024);
    unit++;
  }
  const sizeText = `${String(size).padStart(6, " ")}${" kMGTPEZY"[unit] ?? " "}`;
  if (bytes === 0) return `${name}${sizeText} --:--:-- ETA\n`;
  return `${name} 100% |${"*".repeat(32)}|${sizeText} 0:00:00 ETA\n`;
}

/** The basename busybox shows as the file being transferred. */
function lastComponent(path: string): string {
  const i = path.lastIndexOf("/");
  return i >= 0 && i < path.length - 1 ? path.slice(i + 1) : path;
}

/** Runs busybox `wget ARGS`. */
export function runWget(args: readonly string[], ctx: ToolContext): CommandOutput {
  const o = newOutput();
  const parsed = parseOptions("wget", args, SPECS);
  if ("error" in parsed) {
    o.err += `${parsed.error}\n${busyboxUsage("wget")}`;
    return finish(o, 1);
  }
  if (parsed.operands.length === 0) {
    o.err += busyboxUsage("wget");
    return finish(o, 1);
  }
  const tValue = lastValue(parsed, "T");
  let timeoutSeconds = DEFAULT_TIMEOUT_SECONDS;
  if (tValue !== undefined) {
    const n = parseUnsigned(tValue);
    if (n === undefined) {
      o.err += `wget: invalid number '${tValue}'\n`;
      return finish(o, 1);
    }
    timeoutSeconds = n;
  }
  const opts: WgetOptions = {
    quiet: has(parsed, "q"),
    serverResponse: has(parsed, "S"),
    spider: has(parsed, "spider"),
    outName: lastValue(parsed, "O"),
    dirPrefix: lastValue(parsed, "P"),
    userAgent: lastValue(parsed, "U") ?? "Wget",
    headers: allValues(parsed, "header"),
    postData: lastValue(parsed, "post-data"),
    timeoutSeconds,
  };
  for (const url of parsed.operands) {
    const r = downloadOne(url, opts, ctx, o);
    if (r === "failed") return finish(o, 1);
    if (r === "hung") {
      // `-T 0` and a silent server: busybox sets no alarm and blocks until interrupted (SIGINT).
      o.elapsedMs = Math.max(o.elapsedMs, ctx.maxWaitMs);
      return finish(o, 130, true);
    }
  }
  return finish(o, 0);
}

interface WgetOptions {
  readonly quiet: boolean;
  readonly serverResponse: boolean;
  readonly spider: boolean;
  readonly outName: string | undefined;
  readonly dirPrefix: string | undefined;
  readonly userAgent: string;
  readonly headers: readonly string[];
  readonly postData: string | undefined;
  readonly timeoutSeconds: number;
}

/** How one URL went: fetched, wget died (its message is in `o.err`), or it blocks forever. */
type Fetch = "ok" | "failed" | "hung";

/** `download_one_url`. */
function downloadOne(url: string, opts: WgetOptions, ctx: ToolContext, o: Output): Fetch {
  const parsedUrl = parseUrl(url);
  if ("error" in parsedUrl) {
    o.err += `wget: ${parsedUrl.error}\n`;
    return "failed";
  }
  let target: Target = parsedUrl;
  let fname = opts.outName;
  if (fname === undefined) {
    const last = lastComponent(target.path);
    fname = last === "" || last.startsWith("/") ? "index.html" : last;
    if (opts.dirPrefix !== undefined) fname = `${opts.dirPrefix.replace(/\/$/, "")}/${fname}`;
  }
  const toStdout = fname === "-";
  const curfile = lastComponent(fname);
  const timeoutMs = opts.timeoutSeconds * 1000;
  let redirects = REDIRECT_LIMIT;
  let resolve = true;
  let ip = "";
  for (;;) {
    if (resolve) {
      const lookup = lookupHost(ctx.env, target.host);
      o.elapsedMs += lookup.ok ? 0 : lookup.elapsedMs;
      if (!lookup.ok) {
        // xhost2sockaddr -> bb_herror_msg_and_die("bad address '%s'", host)
        o.err += `wget: bad address '${target.host}'\n`;
        return "failed";
      }
      ip = lookup.ip;
      if (!opts.quiet) o.err += `Connecting to ${target.hostPort} (${ip}:${target.port})\n`;
    }
    const request = buildRequest(target, opts);
    // The alarm covers connect and each response read (open_socket, fgets_trim_sanitize).
    const waitLimitMs = timeoutMs > 0 ? timeoutMs : Number.POSITIVE_INFINITY;
    const outcome = ctx.env.connect({
      protocol: "TCP",
      ip,
      port: target.port,
      request,
      timeoutMs: Math.min(waitLimitMs, KERNEL_TCP_CONNECT_TIMEOUT_MS),
    });
    if (isSilent(outcome)) {
      if (waitLimitMs < KERNEL_TCP_CONNECT_TIMEOUT_MS) {
        o.elapsedMs += waitLimitMs;
        o.err += "wget: download timed out\n";
      } else {
        o.elapsedMs += KERNEL_TCP_CONNECT_TIMEOUT_MS;
        o.err += `wget: can't connect to remote host (${ip}): Connection timed out\n`;
      }
      return "failed";
    }
    if (outcome.verdict !== "delivered") {
      o.elapsedMs += outcome.elapsedMs;
      // xconnect(): bb_perror_msg_and_die("%s (%s)", "can't connect to remote host", inet_ntoa(...))
      o.err += `wget: can't connect to remote host (${ip}): ${connectErrorText(outcome)}\n`;
      return "failed";
    }
    const response = outcome.response;
    if (response === undefined || response.kind === "none" || response.kind === "echo-reply") {
      // Connected, but the server never says anything: the read alarm fires.
      o.elapsedMs += outcome.elapsedMs + (Number.isFinite(waitLimitMs) ? waitLimitMs : 0);
      if (!Number.isFinite(waitLimitMs)) return "hung";
      o.err += "wget: download timed out\n";
      return "failed";
    }
    o.elapsedMs += outcome.elapsedMs;
    if (response.kind === "data") {
      if (response.data === "") {
        // EOF before a status line: bb_simple_perror_msg_and_die("error getting response") with errno 0.
        o.err += "wget: error getting response\n";
        return "failed";
      }
      const line = sanitize(response.data.split("\n")[0] ?? "");
      if (opts.serverResponse) o.err += `  ${line}\n`;
      o.err += `wget: server returned error: ${line}\n`;
      return "failed";
    }
    if (response.kind === "dns") {
      // A DNS server's binary answer is no status line either.
      o.err += "wget: server returned error: \n";
      return "failed";
    }
    const statusLine = `HTTP/1.1 ${response.status} ${response.reason}`;
    if (opts.serverResponse) o.err += `  ${statusLine}\n`;
    const s = response.status;
    const ok = (s >= 200 && s <= 204) || [300, 301, 302, 303, 307, 308].includes(s);
    if (!ok) {
      o.err += `wget: server returned error: ${statusLine}\n`;
      return "failed";
    }
    let location: string | undefined;
    for (const [name, value] of response.headers) {
      if (opts.serverResponse) o.err += `  ${name}: ${value}\n`;
      if (name.toLowerCase() === "location") location = value.trim();
    }
    if (opts.serverResponse) o.err += "  \n";
    if (location !== undefined && s >= 300) {
      if (--redirects === 0) {
        o.err += "wget: too many redirections\n";
        return "failed";
      }
      if (location.startsWith("/")) {
        target = { ...target, path: location.slice(1) };
        resolve = false;
      } else {
        const next = parseUrl(location);
        if ("error" in next) {
          o.err += `wget: ${next.error}\n`;
          return "failed";
        }
        target = next;
        resolve = true;
      }
      continue;
    }
    const body = request.kind === "http" && request.method === "HEAD" ? "" : response.body;
    if (opts.spider) {
      if (!opts.quiet) o.err += "remote file exists\n";
      return "ok";
    }
    if (!opts.quiet) o.err += toStdout ? "writing to stdout\n" : `saving to '${fname}'\n`;
    if (toStdout) o.out += body;
    if (!opts.quiet) {
      o.err += progressLine(curfile, utf8Length(body));
      o.err += toStdout ? "written to stdout\n" : `'${fname}' saved\n`;
    }
    return "ok";
  }
}

/** busybox `sanitize_string`: cut at the first control character other than tab, tabs become spaces. */
function sanitize(s: string): string {
  let r = "";
  for (const ch of s) {
    if (ch === "\t") r += " ";
    else if (ch < " ") break;
    else r += ch;
  }
  return r;
}

/** The request busybox sends: `GET /path HTTP/1.1`, `Host`, `User-Agent`, `Connection: close`, then `--header`s. */
function buildRequest(target: Target, opts: WgetOptions): AppRequest {
  const user = opts.headers.map((h): [string, string] => {
    const c = h.indexOf(":");
    return c >= 0 ? [h.slice(0, c), h.slice(c + 1).trim()] : [h, ""];
  });
  const userHas = (name: string): boolean => user.some(([n]) => n.toLowerCase() === name.toLowerCase());
  const headers: [string, string][] = [];
  if (!userHas("Host")) headers.push(["Host", target.hostPort]);
  if (!userHas("User-Agent")) headers.push(["User-Agent", opts.userAgent]);
  headers.push(["Connection", "close"]);
  headers.push(...user);
  if (opts.postData !== undefined) {
    if (!userHas("Content-Type")) headers.push(["Content-Type", "application/x-www-form-urlencoded"]);
    headers.push(["Content-Length", String(utf8Length(opts.postData))]);
  }
  return {
    kind: "http",
    method: opts.postData !== undefined ? "POST" : "GET",
    path: `/${target.path}`,
    headers,
    body: opts.postData ?? "",
  };
}

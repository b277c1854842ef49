/**
 * Client images (`busybox`, `alpine`, `curlimages/curl`, and `pause`): they listen on nothing,
 * whatever `containerPort`s the manifest declares, unless their command runs a server kubesim
 * models:
 * - busybox `httpd` (`-p [IP:]PORT`, default 80; `-h HOME`, default `.`): `GET /` serves
 *   `HOME/index.html` when the same script wrote it with `echo TEXT > HOME/index.html`, otherwise
 *   busybox's 404 page; answers are HTTP/1.0 with `Connection: close` (busybox `httpd.c`);
 * - busybox `nc -l` (`-p PORT` or a trailing port, `-u` for UDP, `-k`): a connection hears what
 *   the script pipes into nc (`echo hi | nc -l -p 8080` answers `hi\n`), or its own bytes back with
 *   `-e cat`, or nothing. A plain `nc -l` serves one connection and exits; the simulator keeps
 *   no per-connection state, so it behaves as `nc -lk`.
 * Shell expansions (`$(hostname)`, `$VAR`) are not performed on the texts.
 *
 * @module
 */
import { imageBaseName } from "@kubesim/core";
import type { AppResponse } from "../packet/Packet.js";
import { basename, containerCommands, parsePort, type ScriptCommand } from "./_internal/argv.js";
import {
  type HttpRequest,
  type HttpResponse,
  httpDate,
  serializeHttpResponse,
  serveHttp,
  splitTarget,
  utf8Length,
} from "./_internal/http.js";
import type {
  ListeningPort,
  Workload,
  WorkloadContext,
  WorkloadMatcher,
  WorkloadRequest,
} from "./Workload.js";

/** Image base names that are clients (or do nothing) by default. */
const CLIENT_IMAGES: ReadonlySet<string> = new Set(["busybox", "alpine", "curl", "pause"]);

interface Server {
  readonly listening: ListeningPort;
  readonly handle: (ctx: WorkloadContext, request: WorkloadRequest) => AppResponse;
}

/** The servers a client image's command starts (busybox `httpd`, `nc -l`), in script order. */
export function clientImageWorkload(ctx: WorkloadContext): Workload {
  const commands = containerCommands(ctx);
  const files = new Map<string, string>();
  const servers: Server[] = [];
  for (const command of commands) {
    const [program = "", ...rest] = command.words;
    const name = basename(program);
    const target = redirectTarget(rest);
    if ((name === "echo" || name === "printf") && target) {
      files.set(normalizePath(target.path), echoText(name, rest.slice(0, target.at)));
    } else if (name === "httpd") {
      const server = httpd(rest, files);
      if (server) servers.push(server);
    } else if (name === "nc" || name === "netcat") {
      const server = ncListen(rest, command);
      if (server) servers.push(server);
    }
  }
  // Two servers on one port: the second fails to bind.
  const bound: Server[] = [];
  for (const s of servers)
    if (
      !bound.some(
        (b) => b.listening.port === s.listening.port && b.listening.protocol === s.listening.protocol,
      )
    )
      bound.push(s);
  const listening = bound.map((s) => s.listening);
  return {
    listens: () => listening,
    handle: (c, request) => {
      const s = bound.find(
        (b) => b.listening.port === request.local.port && b.listening.protocol === request.protocol,
      );
      return s ? s.handle(c, request) : { kind: "none" };
    },
  };
}

/** `> FILE` or `>FILE` among a command's words: where the words end and the file. */
function redirectTarget(
  words: readonly string[],
): { readonly at: number; readonly path: string } | undefined {
  const at = words.findIndex((w) => w.startsWith(">") && !w.startsWith(">>"));
  if (at < 0) return undefined;
  const path = words[at] === ">" ? words[at + 1] : words[at]!.slice(1);
  return path ? { at, path } : undefined;
}

function echoText(program: string, args: readonly string[]): string {
  if (program === "printf") return (args[0] ?? "").replaceAll("\\n", "\n");
  const noNewline = args[0] === "-n";
  const words = noNewline ? args.slice(1) : args;
  return words.join(" ") + (noNewline ? "" : "\n");
}

function normalizePath(path: string): string {
  const parts: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") parts.pop();
    else parts.push(part);
  }
  return (path.startsWith("/") ? "/" : "") + parts.join("/");
}

function httpd(args: readonly string[], files: ReadonlyMap<string, string>): Server | undefined {
  let port = 80;
  let home = ".";
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "-p" && i + 1 < args.length) {
      const v = args[++i]!;
      port = parsePort(v.slice(v.lastIndexOf(":") + 1)) ?? port;
    } else if (a === "-h" && i + 1 < args.length) home = args[++i]!;
  }
  const index = files.get(normalizePath(`${home}/index.html`));
  return {
    listening: { port, protocol: "TCP" },
    handle: (ctx, request) =>
      serveHttp(
        {
          respond: (req) => busyboxHttpd(req, index, ctx.nowMs),
          badRequestBytes: () => serializeHttpResponse(busyboxError(400, ctx.nowMs), "HTTP/1.0"),
          wireVersion: "HTTP/1.0",
        },
        request,
      ),
  };
}

const BUSYBOX_STATUS: Readonly<Record<number, readonly [string, string]>> = {
  400: ["Bad Request", "Unsupported method"],
  404: ["Not Found", "The requested URL was not found"],
  501: ["Not Implemented", "The requested method is not recognized"],
};

function busyboxHttpd(req: HttpRequest, index: string | undefined, nowMs: number): HttpResponse {
  if (!["GET", "HEAD", "POST"].includes(req.method)) return busyboxError(501, nowMs);
  const { pathname } = splitTarget(req.path);
  if (index === undefined || (pathname !== "/" && pathname !== "/index.html"))
    return busyboxError(404, nowMs);
  return {
    kind: "http",
    status: 200,
    reason: "OK",
    headers: [
      ["Date", httpDate(nowMs)],
      ["Connection", "close"],
      ["Content-type", "text/html"],
      ["Accept-Ranges", "bytes"],
      ["Last-Modified", httpDate(nowMs)],
      ["Content-Length", String(utf8Length(index))],
    ],
    body: index,
  };
}

/** busybox httpd's error response (`send_headers`): HTML page built from its status table. */
function busyboxError(status: number, nowMs: number): HttpResponse {
  const [reason, info] = BUSYBOX_STATUS[status] ?? ["Error", ""];
  return {
    kind: "http",
    status,
    reason,
    headers: [
      ["Date", httpDate(nowMs)],
      ["Connection", "close"],
      ["Content-type", "text/html"],
    ],
    body: `<HTML><HEAD><TITLE>${status} ${reason}</TITLE></HEAD>\n<BODY><H1>${status} ${reason}</H1>\n${info}\n</BODY></HTML>\n`,
  };
}

function ncListen(args: readonly string[], command: ScriptCommand): Server | undefined {
  let listen = false;
  let udp = false;
  let port: number | undefined;
  let exec: string | undefined;
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith("-") || a === "-") {
      positional.push(a);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const flag = a[j]!;
      if (flag === "l") listen = true;
      else if (flag === "u") udp = true;
      else if ("pewqs".includes(flag)) {
        // An option with a value: the rest of this word, or the next word.
        const value = j + 1 < a.length ? a.slice(j + 1) : args[++i];
        if (flag === "p") port = parsePort(value);
        if (flag === "e") exec = value;
        break;
      }
    }
  }
  if (!listen) return undefined;
  port ??= parsePort(positional.at(-1));
  if (port === undefined) return undefined;
  const piped = command.pipedFrom;
  const pipedName = piped ? basename(piped[0] ?? "") : "";
  const greeting =
    piped && (pipedName === "echo" || pipedName === "printf")
      ? echoText(pipedName, piped.slice(1))
      : undefined;
  const echoBack = exec !== undefined && basename(exec) === "cat";
  return {
    listening: { port, protocol: udp ? "UDP" : "TCP" },
    handle: (_ctx, request) => {
      if (greeting !== undefined) return { kind: "data", data: greeting };
      const app = request.request;
      if (echoBack && app.kind === "data") return { kind: "data", data: app.data };
      return { kind: "none" };
    },
  };
}

/** Matches client images. */
export const matchClientImage: WorkloadMatcher = (ctx) =>
  CLIENT_IMAGES.has(imageBaseName(ctx.container.image)) ? clientImageWorkload(ctx) : undefined;

/**
 * The `redis` image's server on 6379, minimal and stateless: inline commands and RESP arrays for
 * `PING [message]`, `ECHO message` and `QUIT`; other commands get redis 7's
 * `-ERR unknown command '<cmd>', with args beginning with: ...`. Keys are not stored (a workload
 * has no state between requests): `GET key` answers nil and `SET` is an unknown command.
 *
 * An HTTP request (curl to the redis port) reads as the inline command `GET / HTTP/1.1`
 * (wrong number of arguments), after which redis sees the `Host:` line, logs a cross-protocol
 * attack and closes the connection (`server.c` `securityWarningCommand`); `POST` is refused at
 * once without a reply.
 *
 * @module
 */
import { containerBehaviour, imageBaseName } from "@kubesim/core";
import type { AppResponse } from "../packet/Packet.js";
import type { Workload, WorkloadMatcher } from "./Workload.js";

/** redis listening on `ports`. */
export function redisWorkload(ports: readonly number[]): Workload {
  const listening = ports.map((port) => ({ port, protocol: "TCP" as const }));
  return {
    listens: () => listening,
    handle: (_ctx, request) => {
      const app = request.request;
      if (app.kind === "none") return { kind: "none" };
      if (app.kind === "http") {
        if (app.method.toUpperCase() === "POST") return { kind: "none" };
        return { kind: "data", data: reply([app.method, app.path, "HTTP/1.1"]) };
      }
      // A DNS query is binary garbage to redis's protocol parser: it answers nothing useful.
      if (app.kind === "dns") return { kind: "none" };
      return respondAll(app.data);
    },
  };
}

function respondAll(data: string): AppResponse {
  let out = "";
  for (const argv of parseCommands(data)) {
    const cmd = (argv[0] ?? "").toLowerCase();
    if (cmd === "host:" || cmd === "post") break;
    out += reply(argv);
    if (cmd === "quit") break;
  }
  return out === "" ? { kind: "none" } : { kind: "data", data: out };
}

function bulk(text: string): string {
  return `$${text.length}\r\n${text}\r\n`;
}

function reply(argv: readonly string[]): string {
  const [name = "", ...args] = argv;
  switch (name.toLowerCase()) {
    case "ping":
      if (args.length === 0) return "+PONG\r\n";
      if (args.length === 1) return bulk(args[0]!);
      return "-ERR wrong number of arguments for 'ping' command\r\n";
    case "echo":
      return args.length === 1 ? bulk(args[0]!) : "-ERR wrong number of arguments for 'echo' command\r\n";
    case "quit":
      return "+OK\r\n";
    case "get":
      return args.length === 1 ? "$-1\r\n" : "-ERR wrong number of arguments for 'get' command\r\n";
    default:
      return `-ERR unknown command '${name}', with args beginning with: ${args.map((a) => `'${a}' `).join("")}\r\n`;
  }
}

/** Splits what a client sent into commands: RESP arrays (`*2\r\n$4\r\nECHO\r\n...`) or inline lines. */
function parseCommands(data: string): string[][] {
  const lines = data.split("\n").map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
  const out: string[][] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const star = /^\*(\d+)$/.exec(line);
    if (star) {
      const argv: string[] = [];
      for (let n = Number(star[1]); n > 0 && i + 2 < lines.length; n--) {
        argv.push(lines[i + 2]!);
        i += 2;
      }
      out.push(argv);
      continue;
    }
    const words = line
      .trim()
      .split(/\s+/)
      .filter((w) => w !== "");
    if (words.length > 0) out.push(words);
  }
  return out;
}

/** Matches `redis` images (ports from core's model: 6379, or none for a non-server command). */
export const matchRedis: WorkloadMatcher = (ctx) => {
  const { image, command, args } = ctx.container;
  return imageBaseName(image) === "redis"
    ? redisWorkload(containerBehaviour(image, command, args).listens)
    : undefined;
};

import { createServer, type Socket } from "node:net";
import { nodeFileSystem } from "./nodeFileSystem.js";
import type { CommandResult, ScriptCluster } from "./ScriptCluster.js";
import { isClientCommand } from "./shimClientSource.js";

/** A listening shim server; see {@link startShimServer}. */
export interface ShimServer {
  /** Stops accepting commands and drops connections still open (jobs outliving the script). */
  close(): Promise<void>;
}

/** The first message of a connection: one command a shim was run as. */
interface ShimRequest {
  command: string;
  argv: string[];
  cwd: string;
  files: Map<string, string>;
}

/**
 * Serves the shim clients of one `kubesim run` on the Unix socket `socketPath`, answering each with
 * what `cluster` makes of its command (protocol in `shimClientSource.ts`).
 *
 * The cluster is synchronous, so each command runs to completion within one event-loop turn: commands
 * are served one at a time in the order they arrive, and background jobs never interleave inside one.
 * A command that reads standard input arrives once its input is complete, as real kubectl reads all of
 * `-f -` before it talks to the API server (and as `nc` sends all of a pipe's data); meanwhile other
 * commands are served, so that `kubectl get -o yaml | kubectl apply -f -` cannot deadlock.
 */
export function startShimServer(cluster: ScriptCluster, socketPath: string): Promise<ShimServer> {
  const connections = new Set<Socket>();
  const server = createServer((socket) => {
    connections.add(socket);
    socket.on("close", () => connections.delete(socket));
    serveConnection(cluster, socket);
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(socketPath, () => {
      server.off("error", reject);
      resolve({
        close: () =>
          new Promise<void>((done) => {
            for (const socket of connections) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

function serveConnection(cluster: ScriptCluster, socket: Socket): void {
  let buffered = "";
  let request: ShimRequest | undefined;
  let state: "request" | "stdin" | "answered" = "request";
  const reply = (result: CommandResult): void => {
    state = "answered";
    const { stdout, stderr, exitCode } = result;
    socket.end(`${JSON.stringify({ type: "result", stdout, stderr, exitCode })}\n`);
  };
  socket.setEncoding("utf8");
  // A client that dies mid-request (Ctrl-C) only ends its own connection.
  socket.on("error", () => socket.destroy());
  socket.on("data", (chunk: string) => {
    buffered += chunk;
    for (let end = buffered.indexOf("\n"); end !== -1 && state !== "answered"; end = buffered.indexOf("\n")) {
      const message = parseMessage(buffered.slice(0, end));
      buffered = buffered.slice(end + 1);
      if (state === "request") {
        request = message === undefined ? undefined : toRequest(message);
        if (request === undefined) {
          reply(protocolError("malformed request"));
        } else if (askNeedsStdin(cluster, request.command, request.argv)) {
          state = "stdin";
          socket.write(`${JSON.stringify({ type: "stdin" })}\n`);
        } else {
          reply(execute(cluster, request, undefined));
        }
      } else {
        const data = message?.type === "stdin" ? message.data : undefined;
        if (request === undefined || typeof data !== "string")
          reply(protocolError("malformed standard input"));
        else reply(execute(cluster, request, data));
      }
    }
  });
}

function parseMessage(line: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(line);
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function toRequest(message: Record<string, unknown>): ShimRequest | undefined {
  const { type, command, argv, cwd, files } = message;
  if (type !== "request" || typeof command !== "string" || typeof cwd !== "string") return undefined;
  if (!Array.isArray(argv) || !argv.every((arg) => typeof arg === "string")) return undefined;
  const preread = new Map<string, string>();
  if (files !== undefined) {
    if (typeof files !== "object" || files === null) return undefined;
    for (const [path, text] of Object.entries(files)) {
      if (typeof text !== "string") return undefined;
      preread.set(path, text);
    }
  }
  return { command, argv, cwd, files: preread };
}

function askNeedsStdin(cluster: ScriptCluster, command: string, argv: readonly string[]): boolean {
  try {
    if (command === "kubectl") return cluster.needsStdin(argv);
    // Only tools that really read stdin get it: a `while read` loop around `curl` keeps its input.
    return isClientCommand(command) && cluster.clientNeedsStdin([command, ...argv]);
  } catch {
    // The command itself will fail the same way and report it.
    return false;
  }
}

function execute(cluster: ScriptCluster, request: ShimRequest, stdin: string | undefined): CommandResult {
  const { command, argv } = request;
  try {
    switch (command) {
      case "kubectl": {
        const fs = nodeFileSystem(request.cwd, request.files);
        return cluster.kubectl(argv, stdin === undefined ? { fs } : { stdin, fs });
      }
      case "sleep":
        return cluster.sleep(argv);
      case "kubesim":
        return cluster.kubesim(argv);
      default:
        if (isClientCommand(command))
          return cluster.client([command, ...argv], stdin === undefined ? {} : { stdin });
        return protocolError(`unknown command "${command}"`);
    }
  } catch (error) {
    // A throw is a simulator bug, not a user error: show everything, and let the script go on as it
    // would after any failed command.
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    return { stdout: "", stderr: `kubesim: internal error in ${command}: ${detail}\n`, exitCode: 1 };
  }
}

function protocolError(message: string): CommandResult {
  return { stdout: "", stderr: `kubesim: shim protocol: ${message}\n`, exitCode: 1 };
}

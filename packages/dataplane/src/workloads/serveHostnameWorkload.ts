/**
 * `agnhost serve-hostname` (kubernetes/kubernetes `test/images/agnhost/serve-hostname/
 * serve_hostname.go`): serves the pod's hostname on `--port` (default 9376). By default over
 * HTTP (`--http`, default true; the body is the hostname without a newline). `--tcp` and `--udp`
 * serve it raw (a TCP connection gets the hostname and is closed; any UDP datagram is answered
 * with it), and need `--http=false`: asking for both modes makes the program exit
 * (`Can't server TCP/UDP mode and HTTP mode at the same time`), so it listens on nothing.
 *
 * @module
 */

import { boolFlag, flagValue, parsePort } from "./_internal/argv.js";
import { GO_BAD_REQUEST_BYTES, goResponse, serveHttp } from "./_internal/http.js";
import type { ListeningPort, Workload } from "./Workload.js";

/** What `serve-hostname` serves. */
export interface ServeHostnameOptions {
  readonly port: number;
  readonly http: boolean;
  readonly tcp: boolean;
  readonly udp: boolean;
}

/** Reads `serve-hostname`'s flags. */
export function serveHostnameOptions(args: readonly string[]): ServeHostnameOptions {
  return {
    port: parsePort(flagValue(args, "port")) ?? 9376,
    http: boolFlag(args, "http", true),
    tcp: boolFlag(args, "tcp", false),
    udp: boolFlag(args, "udp", false),
  };
}

/** `agnhost serve-hostname` with the given flags. */
export function serveHostnameWorkload(options: ServeHostnameOptions): Workload {
  const listening: ListeningPort[] = [];
  if (options.http && (options.tcp || options.udp)) {
    // log.Fatalf before any listener: the process exits.
  } else {
    if (options.http || options.tcp) listening.push({ port: options.port, protocol: "TCP" });
    if (options.udp) listening.push({ port: options.port, protocol: "UDP" });
  }
  return {
    listens: () => listening,
    handle: (ctx, request) => {
      if (request.protocol === "UDP") return { kind: "data", data: ctx.hostname };
      if (!options.http) {
        // Raw TCP: the hostname is written as soon as the connection is accepted, whatever the client says.
        return { kind: "data", data: ctx.hostname };
      }
      return serveHttp(
        {
          respond: () => goResponse(200, ctx.hostname, ctx.nowMs),
          badRequestBytes: () => GO_BAD_REQUEST_BYTES,
        },
        request,
      );
    },
  };
}

/**
 * `agnhost porter` (kubernetes/kubernetes `test/images/agnhost/porter/porter.go`): for every env
 * var `SERVE_PORT_<n>` or `SERVE_TCP_PORT_<n>` it serves the var's value over HTTP on TCP port n
 * (any path, any method); `SERVE_UDP_PORT_<n>` answers every datagram with the value;
 * `SERVE_SCTP_PORT_<n>` writes the value to each association. `--json-response` wraps the value as
 * `{"Method":"GET","Body":"<value>"}`.
 *
 * Not modelled: `SERVE_TLS_PORT_<n>` (TLS is not simulated; such ports listen on nothing), and
 * env values from `valueFrom` (only literal `value`s are seen).
 *
 * @module
 */

import { boolFlag, parsePort } from "./_internal/argv.js";
import { GO_BAD_REQUEST_BYTES, goResponse, serveHttp } from "./_internal/http.js";
import type { ListeningPort, Workload } from "./Workload.js";

/** One port porter serves and the text it answers with. */
export interface PorterPort extends ListeningPort {
  readonly value: string;
}

/** The ports porter serves from its env, in env order; a second var for a taken port fails to bind and is dropped. */
export function porterPorts(env: readonly (readonly [string, string])[]): PorterPort[] {
  const out: PorterPort[] = [];
  const prefixes: readonly (readonly [string, ListeningPort["protocol"]])[] = [
    ["SERVE_PORT_", "TCP"],
    ["SERVE_TCP_PORT_", "TCP"],
    ["SERVE_UDP_PORT_", "UDP"],
    ["SERVE_SCTP_PORT_", "SCTP"],
  ];
  for (const [key, value] of env)
    for (const [prefix, protocol] of prefixes) {
      if (!key.startsWith(prefix)) continue;
      const port = parsePort(key.slice(prefix.length));
      if (port === undefined) continue;
      if (out.some((p) => p.port === port && p.protocol === protocol)) continue;
      out.push({ port, protocol, value });
    }
  return out;
}

/** `agnhost porter` serving `ports`. */
export function porterWorkload(
  ports: readonly PorterPort[],
  options: { readonly jsonResponse?: boolean } = {},
): Workload {
  const listening: ListeningPort[] = ports.map(({ port, protocol }) => ({ port, protocol }));
  return {
    listens: () => listening,
    handle: (ctx, request) => {
      const served = ports.find((p) => p.port === request.local.port && p.protocol === request.protocol);
      if (!served) return { kind: "none" };
      if (request.protocol !== "TCP") return { kind: "data", data: served.value };
      return serveHttp(
        {
          respond: (req) =>
            options.jsonResponse
              ? goResponse(200, JSON.stringify({ Method: req.method, Body: served.value }), ctx.nowMs, [
                  ["Content-Type", "application/json"],
                ])
              : goResponse(200, served.value, ctx.nowMs),
          badRequestBytes: () => GO_BAD_REQUEST_BYTES,
        },
        request,
      );
    },
  };
}

/** Reads porter's `--json-response` flag. */
export function porterJsonResponse(args: readonly string[]): boolean {
  return boolFlag(args, "json-response", false);
}

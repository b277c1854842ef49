import type { AppResponse, Protocol } from "../packet/Packet.js";
import type { Listener } from "../packet/WalkWorld.js";
import { httpDate, utf8Length } from "../workloads/_internal/http.js";
import type { OutsideHost } from "./OutsideNetwork.js";

/** A web server outside the cluster. */
export interface OutsideHostSpec {
  /** Its name (what the trace calls it, and what outside DNS should resolve to `ip`). */
  readonly name: string;
  readonly ip: string;
  /** TCP ports that answer HTTP GETs with `body` (default `[80]`). */
  readonly httpPorts?: readonly number[];
  /** The page every path returns (default: a page titled with the name). */
  readonly body?: string;
}

/**
 * `example.com` as tutorials use it: the address IANA served in 2024 (the same as cluster
 * DNS's default outside zone) and a shortened copy of its page.
 */
export const DEFAULT_OUTSIDE_HOSTS: readonly OutsideHostSpec[] = Object.freeze([
  {
    name: "example.com",
    ip: "93.184.215.14",
    body: '<!doctype html>\n<html>\n<head>\n    <title>Example Domain</title>\n</head>\n\n<body>\n<div>\n    <h1>Example Domain</h1>\n    <p>This domain is for use in illustrative examples in documents. You may use this\n    domain in literature without prior coordination or asking for permission.</p>\n    <p><a href="https://www.iana.org/domains/example">More information...</a></p>\n</div>\n</body>\n</html>\n',
  },
]);

/**
 * The hosts of the world outside the cluster, by address: each answers HTTP on its ports and
 * ping; nothing else listens. `now` stamps the `Date` header.
 */
export function outsideHosts(
  specs: readonly OutsideHostSpec[],
  now: () => number,
): (ip: string) => OutsideHost | undefined {
  const byIP = new Map<string, OutsideHost>();
  for (const spec of specs) {
    const ports = new Set(spec.httpPorts ?? [80]);
    const body =
      spec.body ?? `<html><head><title>${spec.name}</title></head><body>${spec.name}</body></html>\n`;
    const listener: Listener = {
      backend: { kind: "external", name: spec.name },
      respond(request): AppResponse {
        if (request.request.kind !== "http") return { kind: "none" };
        return {
          kind: "http",
          status: 200,
          reason: "OK",
          headers: [
            ["Content-Type", "text/html"],
            ["Date", httpDate(now())],
            ["Content-Length", String(utf8Length(body))],
          ],
          body: request.request.method === "HEAD" ? "" : body,
        };
      },
    };
    byIP.set(spec.ip, {
      name: spec.name,
      listener: (protocol: Protocol, port: number) =>
        protocol === "TCP" && ports.has(port) ? listener : undefined,
    });
  }
  return (ip) => byIP.get(ip);
}

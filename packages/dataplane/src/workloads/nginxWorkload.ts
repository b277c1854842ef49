/**
 * The official `nginx` image (and `nginxinc/nginx-unprivileged`, which listens on 8080) with its
 * default configuration: `/usr/share/nginx/html` holds the welcome page, everything else is 404.
 *
 * Texts are nginx's own: the welcome page is `html/index.html` of the nginx 1.2x releases (615
 * bytes; nginx/nginx `docs/html/index.html`), the error pages are `ngx_http_special_response.c`
 * (the `<body>` form without `bgcolor`, current since nginx 1.19) with the `server_tokens on` tail
 * naming the version.
 *
 * What is left out: `ETag` and `Last-Modified` (they come from the file's mtime in the image,
 * which the simulator does not know), `/50x.html`, and byte ranges.
 *
 * @module
 */
import { containerBehaviour, imageBaseName } from "@kubesim/core";
import {
  type HttpRequest,
  type HttpResponse,
  headerValue,
  httpDate,
  serializeHttpResponse,
  serveHttp,
  splitTarget,
  utf8Length,
} from "./_internal/http.js";
import type { Workload, WorkloadContext, WorkloadMatcher } from "./Workload.js";

/** The nginx version the simulated image reports when its tag does not name one (the 1.28 stable line). */
export const NGINX_DEFAULT_VERSION = "1.28.0";

/** `/usr/share/nginx/html/index.html` of the official image, byte for byte. */
export const NGINX_WELCOME_PAGE =
  "<!DOCTYPE html>\n" +
  "<html>\n" +
  "<head>\n" +
  "<title>Welcome to nginx!</title>\n" +
  "<style>\n" +
  "html { color-scheme: light dark; }\n" +
  "body { width: 35em; margin: 0 auto;\n" +
  "font-family: Tahoma, Verdana, Arial, sans-serif; }\n" +
  "</style>\n" +
  "</head>\n" +
  "<body>\n" +
  "<h1>Welcome to nginx!</h1>\n" +
  "<p>If you see this page, the nginx web server is successfully installed and\n" +
  "working. Further configuration is required.</p>\n" +
  "\n" +
  "<p>For online documentation and support please refer to\n" +
  '<a href="http://nginx.org/">nginx.org</a>.<br/>\n' +
  "Commercial support is available at\n" +
  '<a href="http://nginx.com/">nginx.com</a>.</p>\n' +
  "\n" +
  "<p><em>Thank you for using nginx.</em></p>\n" +
  "</body>\n" +
  "</html>\n";

/** nginx's reason phrases where they differ from Go's (`ngx_http_status_lines`). */
const NGINX_REASONS: Readonly<Record<number, string>> = {
  200: "OK",
  400: "Bad Request",
  403: "Forbidden",
  404: "Not Found",
  405: "Not Allowed",
  500: "Internal Server Error",
};

/**
 * nginx's built-in error page for `status` (`ngx_http_special_response.c`):
 * `<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.28.0</center>\r\n</body>\r\n</html>\r\n`.
 */
export function nginxErrorPage(status: number, version: string): string {
  const title = `${status} ${NGINX_REASONS[status] ?? ""}`;
  return (
    `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n` +
    `<hr><center>nginx/${version}</center>\r\n</body>\r\n</html>\r\n`
  );
}

/** The version an image reference names: `nginx:1.25.3-alpine` → `1.25.3`; otherwise the default. */
export function nginxVersionOf(image: string): string {
  const noDigest = image.split("@")[0] ?? image;
  const last = noDigest.slice(noDigest.lastIndexOf("/") + 1);
  const colon = last.indexOf(":");
  const m = colon < 0 ? null : /^(\d+\.\d+\.\d+)(?:-|$)/.exec(last.slice(colon + 1));
  return m ? m[1]! : NGINX_DEFAULT_VERSION;
}

/** Options of {@link nginxWorkload}. */
export interface NginxOptions {
  /** TCP ports nginx listens on (80 for `nginx`, 8080 for `nginx-unprivileged`). */
  readonly ports: readonly number[];
  /** The version in `Server:` and on error pages. */
  readonly version?: string;
}

/** nginx with the image's default server block: `GET /` is the welcome page, other paths 404. */
export function nginxWorkload(options: NginxOptions): Workload {
  const version = options.version ?? NGINX_DEFAULT_VERSION;
  const listening = options.ports.map((port) => ({ port, protocol: "TCP" as const }));
  return {
    listens: () => listening,
    handle: (ctx, request) =>
      serveHttp(
        {
          respond: (req) => respond(req, version, ctx.nowMs),
          // A request line nginx cannot parse: 400 and the connection is closed.
          badRequestBytes: () => serializeHttpResponse(errorResponse(400, version, ctx.nowMs, "close")),
        },
        request,
      ),
  };
}

function respond(req: HttpRequest, version: string, nowMs: number): HttpResponse {
  const keepAlive =
    (headerValue(req.headers, "Connection") ?? "").toLowerCase() === "close" ? "close" : "keep-alive";
  const { pathname } = splitTarget(req.path);
  const found = pathname === "/" || pathname === "/index.html";
  // ngx_http_static_module: methods other than GET/HEAD/POST are refused before the file is
  // looked up; POST is refused once the file is found (a missing file stays 404).
  if (!["GET", "HEAD", "POST"].includes(req.method)) return errorResponse(405, version, nowMs, keepAlive);
  if (!found) return errorResponse(404, version, nowMs, keepAlive);
  if (req.method === "POST") return errorResponse(405, version, nowMs, keepAlive);
  return {
    kind: "http",
    status: 200,
    reason: "OK",
    headers: [
      ["Server", `nginx/${version}`],
      ["Date", httpDate(nowMs)],
      ["Content-Type", "text/html"],
      ["Content-Length", String(utf8Length(NGINX_WELCOME_PAGE))],
      ["Connection", keepAlive],
      ["Accept-Ranges", "bytes"],
    ],
    body: NGINX_WELCOME_PAGE,
  };
}

function errorResponse(status: number, version: string, nowMs: number, connection: string): HttpResponse {
  const body = nginxErrorPage(status, version);
  return {
    kind: "http",
    status,
    reason: NGINX_REASONS[status] ?? "",
    headers: [
      ["Server", `nginx/${version}`],
      ["Date", httpDate(nowMs)],
      ["Content-Type", "text/html"],
      ["Content-Length", String(utf8Length(body))],
      ["Connection", connection],
    ],
    body,
  };
}

/**
 * Matches `nginx` and `nginx-unprivileged` images; the ports are core's model of the process
 * (`containerBehaviour`), so a command that is not nginx listens on nothing.
 */
export const matchNginx: WorkloadMatcher = (ctx: WorkloadContext) => {
  const { image, command, args } = ctx.container;
  const base = imageBaseName(image);
  if (base !== "nginx" && base !== "nginx-unprivileged") return undefined;
  const ports = containerBehaviour(image, command, args).listens;
  return nginxWorkload({ ports, version: nginxVersionOf(image) });
};

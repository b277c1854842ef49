/**
 * The bytes kube-proxy's health HTTP servers answer (kubernetes pkg/proxy/healthcheck, 1.33):
 * the proxy's own `/healthz` and `/livez` on `--healthz-bind-address` (proxy_health.go) and a
 * Service's `healthCheckNodePort` (service_health.go). Pure functions of what kube-proxy knows,
 * so they are tested without a cluster.
 *
 * @module
 */
import { formatTimestamp } from "@kubesim/core";
import {
  goResponse,
  type HttpRequest,
  type HttpResponse,
  splitTarget,
} from "../../workloads/_internal/http.js";

/** `v1.IPFamily`, the keys of the per-proxier `status` map. */
export type IPFamily = "IPv4" | "IPv6";

/** One proxier's health (proxy_health.go `ProxierHealth`). */
export interface ProxierHealth {
  /** Virtual time of its last successful sync; `undefined` before the first (Go's zero time). */
  readonly lastUpdatedMs: number | undefined;
  readonly healthy: boolean;
}

/** kube-proxy's health as `Health()` computes it (proxy_health.go `ProxyHealth`). */
export interface ProxyHealth {
  /** The most recent `lastUpdated` of the proxiers (zero time when none has synced). */
  readonly lastUpdatedMs: number | undefined;
  readonly currentTimeMs: number;
  /** All proxiers healthy (a proxier is unhealthy once a queued update waits `healthTimeout`). */
  readonly healthy: boolean;
  /** Per IP family; empty before the first sync (then `status` is omitted from the JSON). */
  readonly status: ReadonlyMap<IPFamily, ProxierHealth>;
}

/**
 * Go's `time.Time.MarshalJSON` of a UTC instant: RFC 3339 with nanoseconds, trailing zeros of
 * the fraction removed (`2025-01-01T00:00:01.5Z`); `undefined` is Go's zero time
 * `0001-01-01T00:00:00Z`. kube-proxy's image runs in UTC, so the offset is always `Z`.
 */
export function goJSONTime(ms: number | undefined): string {
  if (ms === undefined) return "0001-01-01T00:00:00Z";
  const ts = formatTimestamp(ms);
  const frac = ((ms % 1000) + 1000) % 1000;
  if (frac === 0) return ts;
  return `${ts.slice(0, -1)}.${String(frac).padStart(3, "0").replace(/0+$/, "")}Z`;
}

/**
 * The JSON body `/healthz` (with `nodeEligible`) or `/livez` (without) writes: `json.Marshal`
 * of `ProxyHealth`, fields in struct order, `status` keys sorted, no spaces, no newline.
 */
export function proxyHealthJSON(health: ProxyHealth, nodeEligible: boolean | undefined): string {
  let out = `{"lastUpdated":"${goJSONTime(health.lastUpdatedMs)}","currentTime":"${goJSONTime(health.currentTimeMs)}"`;
  // `NodeEligible *bool` with omitempty: only /healthz sets it.
  if (nodeEligible !== undefined) out += `,"nodeEligible":${nodeEligible}`;
  out += `,"healthy":${health.healthy}`;
  if (health.status.size > 0) {
    const families = [...health.status.keys()].sort();
    const entries = families.map((f) => {
      const p = health.status.get(f)!;
      return `"${f}":{"lastUpdated":"${goJSONTime(p.lastUpdatedMs)}","healthy":${p.healthy}}`;
    });
    out += `,"status":{${entries.join(",")}}`;
  }
  return `${out}}`;
}

const JSON_HEADERS: readonly (readonly [string, string])[] = [
  ["Content-Type", "application/json"],
  ["X-Content-Type-Options", "nosniff"],
];

/**
 * What kube-proxy's health mux answers (`http.NewServeMux` with exactly `/healthz` and
 * `/livez`; any method). `/healthz` is 200 only when the proxy is healthy and the node is
 * eligible (not being deleted, no `ToBeDeletedByClusterAutoscaler` taint); `/livez` ignores the
 * node. A 200 reports `lastUpdated` as the current time, as the source does for compatibility.
 * Other paths get Go's `404 page not found`.
 */
export function proxyHealthResponse(
  req: HttpRequest,
  health: ProxyHealth,
  nodeEligible: boolean,
  nowMs: number,
): HttpResponse {
  const { pathname } = splitTarget(req.path);
  if (pathname !== "/healthz" && pathname !== "/livez") return goNotFound(nowMs);
  const healthz = pathname === "/healthz";
  const ok = health.healthy && (!healthz || nodeEligible);
  const reported: ProxyHealth = ok ? { ...health, lastUpdatedMs: health.currentTimeMs } : health;
  return goResponse(
    ok ? 200 : 503,
    proxyHealthJSON(reported, healthz ? nodeEligible : undefined),
    nowMs,
    JSON_HEADERS,
  );
}

/**
 * What a Service's health check node port answers, whatever the path (the handler is not
 * behind a mux): 200 when the node has a ready local endpoint and the proxy is healthy, else
 * 503; `X-Load-Balancing-Endpoint-Weight` is the local endpoint count. The body is the
 * source's dedented template: tab-indented JSON without a trailing newline.
 */
export function serviceHealthResponse(
  service: { readonly namespace: string; readonly name: string },
  localEndpoints: number,
  serviceProxyHealthy: boolean,
  nowMs: number,
): HttpResponse {
  const body =
    `{\n\t"service": {\n\t\t"namespace": ${goQuote(service.namespace)},\n\t\t"name": ${goQuote(service.name)}\n\t},\n` +
    `\t"localEndpoints": ${localEndpoints},\n\t"serviceProxyHealthy": ${serviceProxyHealthy}\n}`;
  return goResponse(localEndpoints !== 0 && serviceProxyHealthy ? 200 : 503, body, nowMs, [
    ...JSON_HEADERS,
    ["X-Load-Balancing-Endpoint-Weight", String(localEndpoints)],
  ]);
}

/** Go's `http.NotFound`: `http.Error(w, "404 page not found", 404)` (text, nosniff, newline). */
function goNotFound(nowMs: number): HttpResponse {
  return goResponse(404, "404 page not found\n", nowMs, [
    ["Content-Type", "text/plain; charset=utf-8"],
    ["X-Content-Type-Options", "nosniff"],
  ]);
}

/** Go's `%q` for the printable ASCII of Kubernetes names (quotes and backslashes escaped). */
function goQuote(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/**
 * kube-proxy's HTTP health servers as host processes of every node (kubernetes
 * pkg/proxy/healthcheck, 1.33):
 * - the proxy health server on `--healthz-bind-address` (default `0.0.0.0:10256`) with
 *   `/healthz` (proxy healthy and node eligible) and `/livez` (proxy healthy), answering
 *   kube-proxy's JSON (proxy_health.go);
 * - one server per Service with a `healthCheckNodePort` (LoadBalancer with
 *   `externalTrafficPolicy: Local`) on `0.0.0.0:<healthCheckNodePort>`, answering 200 when the
 *   node has a ready local endpoint and 503 otherwise, which is how cloud load balancers pick
 *   nodes (service_health.go).
 *
 * Everything is read from what the node's kube-proxy last synced (its {@link ProxyState}), so a
 * node whose kube-proxy is behind answers from its stale view, as a real one does.
 *
 * @module
 */
import type { KubeObject } from "@kubesim/core";
import type { Protocol } from "../packet/Packet.js";
import type { Listener } from "../packet/WalkWorld.js";
import { GO_BAD_REQUEST_BYTES, type HttpServer, serveHttp } from "../workloads/_internal/http.js";
import type { WorkloadRequest } from "../workloads/Workload.js";
import {
  type IPFamily,
  type ProxierHealth,
  type ProxyHealth,
  proxyHealthResponse,
  serviceHealthResponse,
} from "./_internal/healthResponses.js";
import type { ProxyStateTracker } from "./ProxyStateTracker.js";
import type { ProxyState, ServicePortInfo } from "./ServicePortInfo.js";

export type { IPFamily, ProxierHealth, ProxyHealth } from "./_internal/healthResponses.js";

/** The port of kube-proxy's `--healthz-bind-address` default, `0.0.0.0:10256`. */
export const PROXY_HEALTHZ_PORT = 10256;

/** kube-proxy's `--iptables-sync-period` (and ipvs/nftables) default: the proxier re-syncs at least this often. */
export const DEFAULT_SYNC_PERIOD_MS = 30_000;

/**
 * How long a received change may wait for a sync before the proxy counts as unhealthy:
 * `2 * SyncPeriod` (cmd/kube-proxy/app/server.go `NewProxyHealthServer(..., 2*config.SyncPeriod.Duration, ...)`).
 */
export const DEFAULT_HEALTH_TIMEOUT_MS = 2 * DEFAULT_SYNC_PERIOD_MS;

/** The Cluster Autoscaler's taint on a node it is about to delete (proxy_health.go `ToBeDeletedTaint`). */
export const TO_BE_DELETED_TAINT = "ToBeDeletedByClusterAutoscaler";

/** What a node's kube-proxy knows when a health check arrives. */
export interface KubeProxyHealthInput {
  /** The rules as of this node's last sync (`ProxyStateTracker.stateFor(node)`). */
  readonly state: ProxyState;
  readonly nowMs: number;
  /**
   * When the oldest change this kube-proxy received but has not programmed yet arrived
   * (`QueuedUpdate`); `undefined` when nothing is pending.
   */
  readonly oldestPendingQueuedMs?: number | undefined;
  /**
   * Virtual time of its last sync run, changed or not (default `state.syncedAtMs`). The proxier
   * also re-syncs every {@link DEFAULT_SYNC_PERIOD_MS} after it, each one an `Updated()`.
   */
  readonly lastSyncAtMs?: number | undefined;
  /** Default {@link DEFAULT_SYNC_PERIOD_MS}. */
  readonly syncPeriodMs?: number;
  /** Default {@link DEFAULT_HEALTH_TIMEOUT_MS}. */
  readonly healthTimeoutMs?: number;
  /** The proxiers this kube-proxy runs, one per IP family of the node (default `["IPv4"]`). */
  readonly ipFamilies?: readonly IPFamily[];
}

/**
 * kube-proxy's `Health()`: each proxier last updated at its last sync (or the periodic re-sync
 * since, before any change still pending), unhealthy once a queued change has waited `healthTimeout`. Before the first sync
 * (`state.version` 0) no proxier has reported, so `status` is empty and the proxy is healthy,
 * as kube-proxy is while it starts.
 */
export function proxyHealth(input: KubeProxyHealthInput): ProxyHealth {
  const now = input.nowMs;
  const timeout = input.healthTimeoutMs ?? DEFAULT_HEALTH_TIMEOUT_MS;
  const healthy = input.oldestPendingQueuedMs === undefined || now - input.oldestPendingQueuedMs < timeout;
  if (input.state.version === 0)
    return { lastUpdatedMs: undefined, currentTimeMs: now, healthy, status: new Map() };
  const period = input.syncPeriodMs ?? DEFAULT_SYNC_PERIOD_MS;
  const synced = Math.max(input.state.syncedAtMs, input.lastSyncAtMs ?? input.state.syncedAtMs);
  // The bounded-frequency runner fires at most `syncPeriod` after its last run, and a run
  // applies every pending change: while one is pending, no run has happened since it came.
  const until = Math.min(now, input.oldestPendingQueuedMs ?? now);
  const lastUpdated =
    until > synced && period > 0 ? synced + Math.floor((until - synced) / period) * period : synced;
  const proxier: ProxierHealth = { lastUpdatedMs: lastUpdated, healthy };
  const status = new Map<IPFamily, ProxierHealth>();
  for (const family of input.ipFamilies ?? ["IPv4"]) status.set(family, proxier);
  return { lastUpdatedMs: lastUpdated, currentTimeMs: now, healthy, status };
}

/**
 * Whether kube-proxy counts its node as eligible for traffic: it exists, is not being deleted
 * and has no {@link TO_BE_DELETED_TAINT} (proxy_health.go `NodeEligible`).
 */
export function nodeEligible(node: KubeObject | undefined): boolean {
  if (!node) return false;
  if (node.metadata.deletionTimestamp) return false;
  const taints = (node.spec as { taints?: readonly { key?: string }[] } | undefined)?.taints ?? [];
  return !taints.some((t) => t.key === TO_BE_DELETED_TAINT);
}

/**
 * The number a Service's health check reports for a node: its distinct ready endpoint IPs on
 * that node, over all the Service's ports; terminating-but-serving endpoints do not count
 * (pkg/proxy/endpointsmap.go `LocalReadyEndpoints`).
 */
export function localReadyEndpoints(ports: readonly ServicePortInfo[], nodeName: string): number {
  const ips = new Set<string>();
  for (const port of ports)
    for (const ep of port.endpoints) if (ep.ready && ep.nodeName === nodeName) ips.add(ep.ip);
  return ips.size;
}

/** Where {@link healthServers} reads a node's kube-proxy from. */
export interface HealthServerSources {
  /** The dataplane's kube-proxy state tracker (or anything shaped like it). */
  readonly proxy: Pick<
    ProxyStateTracker,
    "stateFor" | "isPaused" | "pendingChanges" | "nextSyncAtMs" | "minSyncPeriodMs" | "lastSync"
  >;
  /** The Node object as kube-proxy's node informer sees it. */
  readonly node: (nodeName: string) => KubeObject | undefined;
  /** The virtual clock. */
  readonly now: () => number;
  /** Default {@link DEFAULT_SYNC_PERIOD_MS}. */
  readonly syncPeriodMs?: number;
  /** Default {@link DEFAULT_HEALTH_TIMEOUT_MS}. */
  readonly healthTimeoutMs?: number;
  /** The IP families of the node's proxiers (default `["IPv4"]`). */
  readonly ipFamilies?: (nodeName: string) => readonly IPFamily[];
}

/** The health servers of every node's kube-proxy. */
export interface HealthServers {
  /**
   * The kube-proxy socket listening on `protocol`/`port` of node `nodeName`, if any: port
   * {@link PROXY_HEALTHZ_PORT}, or a `healthCheckNodePort` in the node's synced state. TCP only.
   */
  listener(nodeName: string, protocol: Protocol | string, port: number): Listener | undefined;
  /** What the node's kube-proxy knows about its health now. */
  input(nodeName: string): KubeProxyHealthInput;
}

/** A Service's health check as a node's kube-proxy serves it. */
interface ServiceCheck {
  readonly namespace: string;
  readonly name: string;
  /** Every port with this `healthCheckNodePort`, in `servicePorts()` order. */
  readonly ports: readonly ServicePortInfo[];
}

/** The check served on `ports` (in `servicePorts()` order), named after the first. */
function checkOf(ports: readonly ServicePortInfo[]): ServiceCheck | undefined {
  const first = ports[0];
  return first && { namespace: first.namespace, name: first.serviceName, ports };
}

/**
 * kube-proxy's health servers on every node, reading each node's kube-proxy from `sources` at
 * the instant of each request. Lookups are O(1) and a sync adds no work here: the
 * {@link ProxyState} keeps its ports by health check node port as it changes.
 */
export function healthServers(sources: HealthServerSources): HealthServers {
  const healthzListeners = new Map<string, Listener>();

  const checkAt = (state: ProxyState, port: number): ServiceCheck | undefined =>
    checkOf(state.portsOfHealthCheckNodePort(port));

  const input = (nodeName: string): KubeProxyHealthInput => {
    const proxy = sources.proxy;
    const paused = proxy.isPaused(nodeName);
    // A kube-proxy cut off from the API server receives no changes, so none is pending for it.
    const nextSync = !paused && proxy.pendingChanges() ? proxy.nextSyncAtMs() : undefined;
    const lastSync = paused ? undefined : proxy.lastSync()?.atMs;
    return {
      state: proxy.stateFor(nodeName),
      nowMs: sources.now(),
      ...(nextSync !== undefined ? { oldestPendingQueuedMs: nextSync - proxy.minSyncPeriodMs } : {}),
      ...(lastSync !== undefined ? { lastSyncAtMs: lastSync } : {}),
      ...(sources.syncPeriodMs !== undefined ? { syncPeriodMs: sources.syncPeriodMs } : {}),
      ...(sources.healthTimeoutMs !== undefined ? { healthTimeoutMs: sources.healthTimeoutMs } : {}),
      ...(sources.ipFamilies ? { ipFamilies: sources.ipFamilies(nodeName) } : {}),
    };
  };

  const httpListener = (nodeName: string, respond: HttpServer["respond"]): Listener => ({
    backend: { kind: "node", name: nodeName, node: nodeName },
    respond: (request: WorkloadRequest) =>
      serveHttp({ respond, badRequestBytes: () => GO_BAD_REQUEST_BYTES }, request),
  });

  return {
    input,
    listener(nodeName, protocol, port) {
      if (protocol !== "TCP") return undefined;
      if (port === PROXY_HEALTHZ_PORT) {
        let l = healthzListeners.get(nodeName);
        if (!l) {
          l = httpListener(nodeName, (req) => {
            const now = input(nodeName);
            return proxyHealthResponse(
              req,
              proxyHealth(now),
              nodeEligible(sources.node(nodeName)),
              now.nowMs,
            );
          });
          healthzListeners.set(nodeName, l);
        }
        return l;
      }
      const check = checkAt(sources.proxy.stateFor(nodeName), port);
      if (!check) return undefined;
      return httpListener(nodeName, () => {
        const now = input(nodeName);
        return serviceHealthResponse(
          check,
          localReadyEndpoints(check.ports, nodeName),
          proxyHealth(now).healthy,
          now.nowMs,
        );
      });
    },
  };
}

/**
 * The same servers for one node and one state, without a tracker: for tests and for callers
 * that already hold the node's {@link KubeProxyHealthInput}.
 */
export function kubeProxyHealthListener(
  nodeName: string,
  node: KubeObject | undefined,
  health: KubeProxyHealthInput,
  protocol: Protocol | string,
  port: number,
): Listener | undefined {
  const families = health.ipFamilies;
  return healthServers({
    proxy: {
      stateFor: () => health.state,
      isPaused: () => false,
      pendingChanges: () => health.oldestPendingQueuedMs !== undefined,
      nextSyncAtMs: () => health.oldestPendingQueuedMs,
      minSyncPeriodMs: 0,
      lastSync: () =>
        health.lastSyncAtMs !== undefined
          ? { atMs: health.lastSyncAtMs, servicesRecomputed: 0, portsChanged: 0, portsRemoved: 0 }
          : undefined,
    },
    node: () => node,
    now: () => health.nowMs,
    ...(health.syncPeriodMs !== undefined ? { syncPeriodMs: health.syncPeriodMs } : {}),
    ...(health.healthTimeoutMs !== undefined ? { healthTimeoutMs: health.healthTimeoutMs } : {}),
    ...(families ? { ipFamilies: () => families } : {}),
  }).listener(nodeName, protocol, port);
}

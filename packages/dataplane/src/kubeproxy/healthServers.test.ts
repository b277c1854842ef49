/**
 * kube-proxy's health servers answered as kubernetes pkg/proxy/healthcheck (1.33) answers:
 * proxy_health.go (`/healthz`, `/livez` on 10256, json.Marshal of `ProxyHealth`) and
 * service_health.go (per-Service `healthCheckNodePort`), checked against the expectations of
 * healthcheck_test.go (`TestServer`, `TestHealthzServer`, `TestLivezServer`).
 */
import type { KubeObject } from "@kubesim/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { AppRequest, AppResponse } from "../packet/Packet.js";
import type { Listener } from "../packet/WalkWorld.js";
import { endpoint, servicePort } from "./_internal/fixtures.js";
import { goJSONTime } from "./_internal/healthResponses.js";
import {
  healthServers,
  type KubeProxyHealthInput,
  kubeProxyHealthListener,
  localReadyEndpoints,
  nodeEligible,
  PROXY_HEALTHZ_PORT,
  proxyHealth,
  TO_BE_DELETED_TAINT,
} from "./healthServers.js";
import { ProxyStateSnapshot, servicePortKey } from "./ProxyStateSnapshot.js";
import type { ProxyState, ServicePortInfo } from "./ServicePortInfo.js";

const NODE = "test-node";
/** 2025-01-01T00:00:00Z, the simulation's default start. */
const T0 = 1_735_689_600_000;
const HCNP = 30000;

function node(extra: { deleting?: boolean; taints?: string[] } = {}): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name: NODE,
      ...(extra.deleting ? { deletionTimestamp: "2025-01-01T00:00:00Z" } : {}),
    },
    spec: { taints: (extra.taints ?? []).map((key) => ({ key, effect: "NoSchedule" })) },
  } as KubeObject;
}

/** A LoadBalancer Service with externalTrafficPolicy Local, two ports, endpoints as given. */
function localLB(endpoints: ServicePortInfo["endpoints"]): ServicePortInfo[] {
  const common = {
    clusterIPs: ["172.30.0.42"],
    externalTrafficPolicy: "Local" as const,
    loadBalancerIPs: ["1.2.3.4"],
    healthCheckNodePort: HCNP,
  };
  return [
    servicePort("ns2", "svc2", "http", { ...common, port: 80, nodePort: 30080, endpoints }),
    servicePort("ns2", "svc2", "https", {
      ...common,
      port: 443,
      nodePort: 30443,
      endpoints: endpoints.map((e) => ({ ...e, port: 8443, endpoint: `${e.ip}:8443` })),
    }),
  ];
}

function input(
  ports: readonly ServicePortInfo[],
  extra: Partial<KubeProxyHealthInput> = {},
): KubeProxyHealthInput {
  return { state: ProxyStateSnapshot.of(3, T0 + 1000, ports), nowMs: T0 + 5000, ...extra };
}

const GET = (path: string): AppRequest => ({ kind: "http", method: "GET", path, headers: [], body: "" });

function http(res: AppResponse) {
  if (res.kind !== "http") throw new Error(`expected an HTTP response, got ${res.kind}`);
  return res;
}

function ask(listener: Listener | undefined, path: string, port = HCNP) {
  if (!listener) throw new Error("nothing listens");
  return http(
    listener.respond({
      protocol: "TCP",
      local: { ip: "192.168.0.2", port },
      peer: { ip: "172.18.0.1", port: 40000 },
      request: GET(path),
    }),
  );
}

describe("kube-proxy's healthz server on port 10256", () => {
  const healthz = (n: KubeObject | undefined, h: KubeProxyHealthInput, path = "/healthz") =>
    ask(kubeProxyHealthListener(NODE, n, h, "TCP", PROXY_HEALTHZ_PORT), path, PROXY_HEALTHZ_PORT);

  it("answers 200 with json.Marshal(ProxyHealth): lastUpdated is now, the IPv4 proxier's own last update in status", () => {
    const res = healthz(node(), input([]));
    expect(res.status).toBe(200);
    expect(res.reason).toBe("OK");
    expect(res.headers).toEqual([
      ["Content-Type", "application/json"],
      ["X-Content-Type-Options", "nosniff"],
      ["Date", "Wed, 01 Jan 2025 00:00:05 GMT"],
      ["Content-Length", String(res.body.length)],
    ]);
    expect(res.body).toBe(
      '{"lastUpdated":"2025-01-01T00:00:05Z","currentTime":"2025-01-01T00:00:05Z","nodeEligible":true,' +
        '"healthy":true,"status":{"IPv4":{"lastUpdated":"2025-01-01T00:00:01Z","healthy":true}}}',
    );
  });

  it("/livez leaves nodeEligible out and ignores the node", () => {
    const res = healthz(node({ taints: [TO_BE_DELETED_TAINT] }), input([]), "/livez");
    expect(res.status).toBe(200);
    expect(res.body).toBe(
      '{"lastUpdated":"2025-01-01T00:00:05Z","currentTime":"2025-01-01T00:00:05Z",' +
        '"healthy":true,"status":{"IPv4":{"lastUpdated":"2025-01-01T00:00:01Z","healthy":true}}}',
    );
  });

  it.each([
    ["tainted ToBeDeletedByClusterAutoscaler", node({ taints: [TO_BE_DELETED_TAINT] })],
    ["being deleted", node({ deleting: true })],
    ["gone", undefined],
  ])("/healthz is 503 with nodeEligible false for a node %s, the proxy itself still healthy", (_, n) => {
    const res = healthz(n, input([]));
    expect(res.status).toBe(503);
    expect(res.reason).toBe("Service Unavailable");
    // A 503 keeps the real lastUpdated instead of the current time.
    expect(res.body).toBe(
      '{"lastUpdated":"2025-01-01T00:00:01Z","currentTime":"2025-01-01T00:00:05Z","nodeEligible":false,' +
        '"healthy":true,"status":{"IPv4":{"lastUpdated":"2025-01-01T00:00:01Z","healthy":true}}}',
    );
  });

  it("a taint with another key keeps the node eligible (TestHealthzServer)", () => {
    expect(nodeEligible(node({ taints: ["other"] }))).toBe(true);
    expect(healthz(node({ taints: ["other"] }), input([])).status).toBe(200);
  });

  it("turns unhealthy once a queued change has waited healthTimeout (2 × syncPeriod = 60 s), on both paths", () => {
    const queued = T0 + 2000;
    const late = input([], { oldestPendingQueuedMs: queued, nowMs: queued + 60_000 });
    const early = input([], { oldestPendingQueuedMs: queued, nowMs: queued + 59_999 });
    expect(healthz(node(), early).status).toBe(200);
    expect(healthz(node(), early, "/livez").status).toBe(200);
    for (const path of ["/healthz", "/livez"]) {
      const res = healthz(node(), late, path);
      expect(res.status).toBe(503);
      expect(res.body).toContain(
        '"healthy":false,"status":{"IPv4":{"lastUpdated":"2025-01-01T00:00:01Z","healthy":false}}',
      );
    }
  });

  it("reports the periodic re-sync every syncPeriod (30 s) after the last sync as the proxier's lastUpdated", () => {
    const h = proxyHealth(input([], { nowMs: T0 + 1000 + 95_500 }));
    expect(h.status.get("IPv4")?.lastUpdatedMs).toBe(T0 + 1000 + 90_000);
    expect(proxyHealth(input([], { lastSyncAtMs: T0 + 4000 })).status.get("IPv4")?.lastUpdatedMs).toBe(
      T0 + 4000,
    );
  });

  it("before the first sync no proxier has reported: status is omitted and lastUpdated is Go's zero time on a 503", () => {
    const empty: KubeProxyHealthInput = { state: ProxyStateSnapshot.empty(), nowMs: T0 };
    expect(healthz(node(), empty, "/livez").body).toBe(
      '{"lastUpdated":"2025-01-01T00:00:00Z","currentTime":"2025-01-01T00:00:00Z","healthy":true}',
    );
    expect(healthz(undefined, empty).body).toBe(
      '{"lastUpdated":"0001-01-01T00:00:00Z","currentTime":"2025-01-01T00:00:00Z","nodeEligible":false,"healthy":true}',
    );
  });

  it("other paths get Go's ServeMux 404; a query string is ignored; HEAD keeps the headers only", () => {
    const res = healthz(node(), input([]), "/healthz/");
    expect([res.status, res.body]).toEqual([404, "404 page not found\n"]);
    expect(res.headers[0]).toEqual(["Content-Type", "text/plain; charset=utf-8"]);
    expect(healthz(node(), input([]), "/metrics").status).toBe(404);
    expect(healthz(node(), input([]), "/healthz?verbose=1").status).toBe(200);
    const l = kubeProxyHealthListener(NODE, node(), input([]), "TCP", PROXY_HEALTHZ_PORT)!;
    const head = http(
      l.respond({
        protocol: "TCP",
        local: { ip: "192.168.0.2", port: PROXY_HEALTHZ_PORT },
        peer: { ip: "172.18.0.1", port: 40000 },
        request: { kind: "http", method: "HEAD", path: "/healthz", headers: [], body: "" },
      }),
    );
    expect(head.body).toBe("");
    expect(head.headers.find(([k]) => k === "Content-Length")?.[1]).not.toBe("0");
  });

  it("answers raw bytes (nc) with the HTTP/1.1 response on the wire", () => {
    const l = kubeProxyHealthListener(NODE, node(), input([]), "TCP", PROXY_HEALTHZ_PORT)!;
    const res = l.respond({
      protocol: "TCP",
      local: { ip: "192.168.0.2", port: PROXY_HEALTHZ_PORT },
      peer: { ip: "172.18.0.1", port: 40000 },
      request: { kind: "data", data: "GET /livez HTTP/1.1\r\nHost: x\r\n\r\n" },
    });
    expect(res.kind).toBe("data");
    expect(res.kind === "data" && res.data).toMatch(
      /^HTTP\/1\.1 200 OK\r\nContent-Type: application\/json\r\nX-Content-Type-Options: nosniff\r\nDate: .*\r\nContent-Length: \d+\r\n\r\n\{"lastUpdated"/,
    );
  });

  it("listens on TCP only", () => {
    expect(kubeProxyHealthListener(NODE, node(), input([]), "UDP", PROXY_HEALTHZ_PORT)).toBeUndefined();
  });
});

describe("a Service's healthCheckNodePort server", () => {
  const hc = (ports: ServicePortInfo[], extra: Partial<KubeProxyHealthInput> = {}, path = "/healthz") =>
    ask(kubeProxyHealthListener(NODE, node(), input(ports, extra), "TCP", HCNP), path);

  it("answers 200 with the local endpoint count and weight when the node has ready local endpoints", () => {
    const res = hc(
      localLB([
        endpoint("10.180.0.1", 80, { nodeName: NODE }),
        endpoint("10.180.0.2", 80, { nodeName: NODE }),
        endpoint("10.180.1.1", 80, { nodeName: "other-node" }),
      ]),
    );
    expect(res.status).toBe(200);
    expect(res.headers).toEqual([
      ["Content-Type", "application/json"],
      ["X-Content-Type-Options", "nosniff"],
      ["X-Load-Balancing-Endpoint-Weight", "2"],
      ["Date", "Wed, 01 Jan 2025 00:00:05 GMT"],
      ["Content-Length", String(res.body.length)],
    ]);
    // Two ports of one pod count once: endpoints are squashed by IP (LocalReadyEndpoints).
    expect(res.body).toBe(
      '{\n\t"service": {\n\t\t"namespace": "ns2",\n\t\t"name": "svc2"\n\t},\n\t"localEndpoints": 2,\n\t"serviceProxyHealthy": true\n}',
    );
    expect(JSON.parse(res.body)).toEqual({
      service: { namespace: "ns2", name: "svc2" },
      localEndpoints: 2,
      serviceProxyHealthy: true,
    });
  });

  it("answers 503 with localEndpoints 0 on a node without a local endpoint", () => {
    const res = hc(localLB([endpoint("10.180.1.1", 80, { nodeName: "other-node" })]));
    expect(res.status).toBe(503);
    expect(res.headers).toContainEqual(["X-Load-Balancing-Endpoint-Weight", "0"]);
    expect(JSON.parse(res.body)).toEqual({
      service: { namespace: "ns2", name: "svc2" },
      localEndpoints: 0,
      serviceProxyHealthy: true,
    });
  });

  it("does not count local endpoints that are not ready, even terminating ones still serving", () => {
    const res = hc(
      localLB([
        endpoint("10.180.0.1", 80, { nodeName: NODE, ready: false, serving: true, terminating: true }),
        endpoint("10.180.0.2", 80, { nodeName: NODE, ready: false, serving: false }),
      ]),
    );
    expect([res.status, JSON.parse(res.body).localEndpoints]).toEqual([503, 0]);
  });

  it("is 503 with serviceProxyHealthy false while the proxy is unhealthy, endpoints or not", () => {
    const res = hc(localLB([endpoint("10.180.0.1", 80, { nodeName: NODE })]), {
      oldestPendingQueuedMs: T0,
      nowMs: T0 + 61_000,
    });
    expect(res.status).toBe(503);
    expect(JSON.parse(res.body)).toMatchObject({ localEndpoints: 1, serviceProxyHealthy: false });
  });

  it("answers on any path (the handler is not behind a mux)", () => {
    const ports = localLB([endpoint("10.180.0.1", 80, { nodeName: NODE })]);
    expect(hc(ports, {}, "/").status).toBe(200);
    expect(hc(ports, {}, "/anything?x=1").status).toBe(200);
  });

  it("nothing listens on a port no synced Service uses as its healthCheckNodePort", () => {
    const ports = localLB([endpoint("10.180.0.1", 80, { nodeName: NODE })]);
    expect(kubeProxyHealthListener(NODE, node(), input(ports), "TCP", 30080)).toBeUndefined();
    expect(kubeProxyHealthListener(NODE, node(), input(ports), "UDP", HCNP)).toBeUndefined();
    expect(kubeProxyHealthListener(NODE, node(), input([]), "TCP", HCNP)).toBeUndefined();
  });
});

describe("healthServers over a tracker", () => {
  function fakeTracker(initial: ProxyStateSnapshot) {
    let state = initial;
    let pending: number | undefined;
    const paused = new Set<string>();
    return {
      set: (s: ProxyStateSnapshot) => {
        state = s;
      },
      queue: (atMs: number | undefined) => {
        pending = atMs;
      },
      paused,
      tracker: {
        minSyncPeriodMs: 1000,
        stateFor: (n: string) => (paused.has(n) ? initial : state),
        isPaused: (n: string) => paused.has(n),
        pendingChanges: () => pending !== undefined,
        nextSyncAtMs: () => (pending === undefined ? undefined : pending + 1000),
        lastSync: () => undefined,
      },
    };
  }

  it("follows the node's synced state: a new healthCheckNodePort listens after the sync that brings it", () => {
    const f = fakeTracker(ProxyStateSnapshot.of(1, T0, []));
    let now = T0;
    const servers = healthServers({ proxy: f.tracker, node: () => node(), now: () => now });
    expect(servers.listener(NODE, "TCP", HCNP)).toBeUndefined();
    f.set(ProxyStateSnapshot.of(2, T0 + 1000, localLB([endpoint("10.180.0.1", 80, { nodeName: NODE })])));
    now = T0 + 2000;
    expect(ask(servers.listener(NODE, "TCP", HCNP), "/healthz").status).toBe(200);
    // A paused kube-proxy still serves its old view.
    f.paused.add(NODE);
    expect(servers.listener(NODE, "TCP", HCNP)).toBeUndefined();
  });

  it("a change queued longer than healthTimeout makes /healthz 503; a paused node hears of no change", () => {
    const f = fakeTracker(ProxyStateSnapshot.of(1, T0, []));
    let now = T0;
    const servers = healthServers({
      proxy: f.tracker,
      node: () => node(),
      now: () => now,
      healthTimeoutMs: 5000,
    });
    f.queue(T0);
    now = T0 + 4999;
    expect(ask(servers.listener(NODE, "TCP", PROXY_HEALTHZ_PORT), "/healthz").status).toBe(200);
    now = T0 + 5000;
    expect(ask(servers.listener(NODE, "TCP", PROXY_HEALTHZ_PORT), "/healthz").status).toBe(503);
    f.paused.add(NODE);
    expect(ask(servers.listener(NODE, "TCP", PROXY_HEALTHZ_PORT), "/healthz").status).toBe(200);
  });
});

describe("health check servers of states built sync by sync", () => {
  const serve = (state: ProxyState, port: number) => {
    const servers = healthServers({
      proxy: {
        minSyncPeriodMs: 1000,
        stateFor: () => state,
        isPaused: () => false,
        pendingChanges: () => false,
        nextSyncAtMs: () => undefined,
        lastSync: () => undefined,
      },
      node: () => node(),
      now: () => T0 + 5000,
    });
    const l = servers.listener(NODE, "TCP", port);
    return l && ask(l, "/", port);
  };
  it("answer as they do for a state built from scratch: named after the first port by name, counting all the ports", () => {
    const portArb = fc.record({
      service: fc.constantFrom("a", "b"),
      portName: fc.constantFrom("http", "https", "dns"),
      hcnp: fc.constantFrom(0, HCNP, HCNP + 1),
      ip: fc.constantFrom("10.180.0.1", "10.180.0.2"),
      ready: fc.boolean(),
      nodeName: fc.constantFrom(NODE, "other"),
    });
    const toPort = (p: typeof portArb extends fc.Arbitrary<infer T> ? T : never) =>
      servicePort("ns", p.service, p.portName, {
        healthCheckNodePort: p.hcnp,
        endpoints: [endpoint(p.ip, 80, { ready: p.ready, nodeName: p.nodeName })],
      });
    fc.assert(
      fc.property(fc.array(fc.array(portArb, { maxLength: 3 }), { maxLength: 12 }), (syncs) => {
        let state = ProxyStateSnapshot.empty();
        syncs.forEach((ports, i) => {
          state = state.withChanges(i + 1, T0 + i, ports.map(toPort), i % 3 === 2 ? ["ns/a:http|TCP"] : []);
          const scratch = ProxyStateSnapshot.of(i + 1, T0 + i, [...state.servicePorts()]);
          for (const port of [HCNP, HCNP + 1, HCNP + 2]) {
            const expected = serve(scratch, port);
            expect(serve(state, port)).toEqual(expected);
            // kube-proxy's check of the Service first in name order, over every port sharing it.
            const sharing = scratch.servicePorts().filter((sp) => sp.healthCheckNodePort === port);
            const local = localReadyEndpoints(sharing, NODE);
            expect(expected === undefined).toBe(sharing.length === 0);
            if (expected) {
              expect(expected.status).toBe(local > 0 ? 200 : 503);
              expect(expected.body).toContain(`"name": "${sharing[0]?.serviceName}"`);
              expect(expected.body).toContain(`"localEndpoints": ${local}`);
            }
          }
        });
      }),
    );
  });

  it("a node still on an older state serves the checks of that state", () => {
    const ports = localLB([endpoint("10.180.0.1", 80, { nodeName: NODE })]);
    const before = ProxyStateSnapshot.of(1, T0, ports);
    const after = before.withChanges(2, T0 + 1000, [], ports.map(servicePortKey));
    expect(serve(after, HCNP)).toBeUndefined();
    const res = serve(before, HCNP);
    expect(res?.status).toBe(200);
    expect(res?.body).toContain('"name": "svc2"');
    expect(res?.body).toContain('"localEndpoints": 1');
  });
});

describe("Go time and endpoint counting", () => {
  it("formats times as Go's time.Time MarshalJSON (RFC 3339 nano, trailing zeros trimmed)", () => {
    expect(goJSONTime(T0)).toBe("2025-01-01T00:00:00Z");
    expect(goJSONTime(T0 + 500)).toBe("2025-01-01T00:00:00.5Z");
    expect(goJSONTime(T0 + 1020)).toBe("2025-01-01T00:00:01.02Z");
    expect(goJSONTime(T0 + 1001)).toBe("2025-01-01T00:00:01.001Z");
    expect(goJSONTime(undefined)).toBe("0001-01-01T00:00:00Z");
  });

  it("localReadyEndpoints counts distinct ready IPs on the node, whatever the ports", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            ip: fc.constantFrom("10.0.0.1", "10.0.0.2", "10.0.0.3"),
            port: fc.constantFrom(80, 443),
            ready: fc.boolean(),
            nodeName: fc.constantFrom(NODE, "other"),
          }),
        ),
        (eps) => {
          const ports = [
            servicePort("ns", "svc", "a", { endpoints: eps.map((e) => endpoint(e.ip, e.port, e)) }),
          ];
          const expected = new Set(eps.filter((e) => e.ready && e.nodeName === NODE).map((e) => e.ip)).size;
          expect(localReadyEndpoints(ports, NODE)).toBe(expected);
        },
      ),
    );
  });
});

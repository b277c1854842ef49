/**
 * Property: tracing changes what a packet reports, never what happens to it. Two identical
 * clusters (same seed, same objects) get the same random sequence of packets, one with
 * `trace: true` and one with `trace: false`; every trace must agree on everything but the hops
 * (verdict, reason, backend, response, the peer the server saw, the sent tuple, elapsed time),
 * and the conntrack tables must end up the same. The untraced walk takes its own shortcuts
 * (cached verdicts, no rule text, no netns names), so this pins it to the traced one.
 */
import { type KubeObject, Simulation } from "@kubesim/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createDataplane, type Dataplane } from "./Dataplane.js";
import type { ProxyModeName } from "./kubeproxy/ProxyMode.js";
import { kindNodes } from "./network/_internal/testCluster.js";
import type { AppRequest, Origin, Protocol, Trace } from "./packet/Packet.js";

const NODES = ["kubesim-control-plane", "kubesim-worker", "kubesim-worker2"] as const;
const NODE_IPS = ["172.18.0.2", "172.18.0.3", "172.18.0.4"] as const;
/** Two agnhost `netexec` backends per node (HTTP 8080, UDP 8081), and one busybox client per node. */
const BACKENDS = NODES.flatMap((node, n) =>
  [0, 1].map((h) => ({ name: `be-${n}-${h}`, node, ip: `10.244.${n}.${10 + h}` })),
);
const CLIENTS = NODES.map((node, n) => ({ name: `client-${n}`, node, ip: `10.244.${n}.50` }));

function runningPod(name: string, node: string, ip: string, image: string, args: string[]): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default" },
    spec: { nodeName: node, containers: [{ name: "main", image, args }] },
    status: {
      phase: "Running",
      podIP: ip,
      podIPs: [{ ip }],
      conditions: [{ type: "Ready", status: "True" }],
      containerStatuses: [{ name: "main", ready: true, started: true, image, state: { running: {} } }],
    },
  };
}

interface EndpointSpec {
  readonly backend: number;
  /** ready / serving-but-terminating / not ready */
  readonly condition: "ready" | "terminating" | "unready";
}

interface ServiceSpec {
  readonly nodePort: boolean;
  readonly affinity: boolean;
  readonly etpLocal: boolean;
  readonly itpLocal: boolean;
  readonly udp: boolean;
  /** Port 8080 (netexec's) or 9090 (nothing listens: refused). */
  readonly targetPort: 8080 | 9090;
  readonly endpoints: readonly EndpointSpec[];
}

const serviceSpec: fc.Arbitrary<ServiceSpec> = fc.record({
  nodePort: fc.boolean(),
  affinity: fc.boolean(),
  etpLocal: fc.boolean(),
  itpLocal: fc.boolean(),
  udp: fc.boolean(),
  targetPort: fc.constantFrom<8080 | 9090>(8080, 8080, 9090),
  endpoints: fc.array(
    fc.record({
      backend: fc.nat({ max: BACKENDS.length - 1 }),
      condition: fc.constantFrom<EndpointSpec["condition"]>("ready", "ready", "terminating", "unready"),
    }),
    { maxLength: 4 },
  ),
});

const clusterIP = (s: number) => `10.96.0.${100 + s}`;
const nodePortOf = (s: number) => 30100 + s;

function build(mode: ProxyModeName, services: readonly ServiceSpec[]): { sim: Simulation; dp: Dataplane } {
  const sim = new Simulation({ seed: 7 });
  kindNodes(sim);
  const dp = createDataplane({ sim, proxyMode: mode });
  for (const b of BACKENDS)
    sim.store.create(
      runningPod(b.name, b.node, b.ip, "registry.k8s.io/e2e-test-images/agnhost:2.53", ["netexec"]),
    );
  for (const c of CLIENTS)
    sim.store.create(runningPod(c.name, c.node, c.ip, "busybox:1.36", ["sleep", "infinity"]));
  services.forEach((spec, s) => {
    const ports = [
      {
        name: "http",
        port: 80,
        targetPort: spec.targetPort,
        protocol: "TCP",
        ...(spec.nodePort ? { nodePort: nodePortOf(s) } : {}),
      },
      ...(spec.udp ? [{ name: "udp", port: 53, targetPort: 8081, protocol: "UDP" }] : []),
    ];
    sim.store.create({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: `svc-${s}`, namespace: "default" },
      spec: {
        type: spec.nodePort ? "NodePort" : "ClusterIP",
        clusterIP: clusterIP(s),
        clusterIPs: [clusterIP(s)],
        ports,
        ...(spec.affinity
          ? { sessionAffinity: "ClientIP", sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } } }
          : {}),
        ...(spec.nodePort && spec.etpLocal ? { externalTrafficPolicy: "Local" } : {}),
        ...(spec.itpLocal ? { internalTrafficPolicy: "Local" } : {}),
      },
    });
    const seen = new Set<number>();
    const endpoints = spec.endpoints
      .filter((e) => !seen.has(e.backend) && seen.add(e.backend))
      .map((e) => {
        const b = BACKENDS[e.backend]!;
        return {
          addresses: [b.ip],
          conditions: {
            ready: e.condition === "ready",
            serving: e.condition !== "unready",
            terminating: e.condition === "terminating",
          },
          nodeName: b.node,
          targetRef: { kind: "Pod", namespace: "default", name: b.name },
        };
      });
    sim.store.create({
      apiVersion: "discovery.k8s.io/v1",
      kind: "EndpointSlice",
      metadata: {
        name: `svc-${s}-abcde`,
        namespace: "default",
        labels: { "kubernetes.io/service-name": `svc-${s}` },
      },
      addressType: "IPv4",
      endpoints,
      ports: [
        { name: "http", port: spec.targetPort, protocol: "TCP" },
        ...(spec.udp ? [{ name: "udp", port: 8081, protocol: "UDP" }] : []),
      ],
    });
  });
  sim.advance(2000); // kube-proxy's first sync
  return { sim, dp };
}

type From =
  | { readonly kind: "pod"; readonly i: number }
  /** A backend pod as the client: through its own Service it may reach itself (hairpin). */
  | { readonly kind: "backend"; readonly b: number }
  | { readonly kind: "node"; readonly i: number }
  | { readonly kind: "external" };
type To =
  | { readonly kind: "service"; readonly s: number; readonly port: 80 | 53 | 81 }
  | { readonly kind: "nodePort"; readonly node: number; readonly s: number }
  | { readonly kind: "pod"; readonly b: number; readonly port: 8080 | 8081 | 9090 }
  | { readonly kind: "unknown"; readonly ip: string };

interface PacketSpec {
  readonly from: From;
  readonly to: To;
  readonly protocol: Protocol;
  readonly http: boolean;
  /** Reuse a connection opened before (conntrack's established path) instead of a new flow. */
  readonly again: boolean;
  readonly waitMs: number;
}

const packetSpec = (services: number): fc.Arbitrary<PacketSpec> =>
  fc.record({
    from: fc.oneof(
      fc.record({ kind: fc.constant("pod" as const), i: fc.nat({ max: CLIENTS.length - 1 }) }),
      fc.record({ kind: fc.constant("backend" as const), b: fc.nat({ max: BACKENDS.length - 1 }) }),
      fc.record({ kind: fc.constant("node" as const), i: fc.nat({ max: NODES.length - 1 }) }),
      fc.constant({ kind: "external" as const }),
    ),
    to: fc.oneof(
      {
        weight: 4,
        arbitrary: fc.record({
          kind: fc.constant("service" as const),
          s: fc.nat({ max: services - 1 }),
          port: fc.constantFrom<80 | 53 | 81>(80, 80, 53, 81),
        }),
      },
      {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant("nodePort" as const),
          node: fc.nat({ max: NODES.length - 1 }),
          s: fc.nat({ max: services - 1 }),
        }),
      },
      {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant("pod" as const),
          b: fc.nat({ max: BACKENDS.length - 1 }),
          port: fc.constantFrom<8080 | 8081 | 9090>(8080, 8081, 9090),
        }),
      },
      {
        weight: 1,
        arbitrary: fc.record({
          kind: fc.constant("unknown" as const),
          ip: fc.constantFrom("10.96.0.250", "10.244.2.99", "198.51.100.7"),
        }),
      },
    ),
    protocol: fc.constantFrom<Protocol>("TCP", "TCP", "UDP", "ICMP"),
    http: fc.boolean(),
    again: fc.boolean(),
    waitMs: fc.constantFrom(0, 0, 0, 1500, 70_000),
  });

const HTTP_GET: AppRequest = {
  kind: "http",
  method: "GET",
  path: "/clientip",
  headers: [["Host", "svc"]],
  body: "",
};

function origin(from: From): Origin {
  if (from.kind === "pod") return { kind: "pod", namespace: "default", name: CLIENTS[from.i]!.name };
  if (from.kind === "backend") return { kind: "pod", namespace: "default", name: BACKENDS[from.b]!.name };
  if (from.kind === "node") return { kind: "node", name: NODES[from.i]! };
  return { kind: "external", ip: "203.0.113.9" };
}

function target(to: To): { ip: string; port: number } {
  switch (to.kind) {
    case "service":
      return { ip: clusterIP(to.s), port: to.port };
    case "nodePort":
      return { ip: NODE_IPS[to.node]!, port: nodePortOf(to.s) };
    case "pod":
      return { ip: BACKENDS[to.b]!.ip, port: to.port };
    case "unknown":
      return { ip: to.ip, port: 80 };
  }
}

/** Everything a trace says but its hops. */
function outcome(t: Trace): Omit<Trace, "hops"> {
  const { hops: _hops, ...rest } = t;
  return rest;
}

describe("Dataplane: traced and untraced packets agree", () => {
  for (const mode of ["iptables", "ipvs", "nftables"] as const) {
    it(`${mode}: same verdict, backend, NAT, response and conntrack with or without a trace`, () => {
      fc.assert(
        fc.property(
          fc
            .array(serviceSpec, { minLength: 1, maxLength: 4 })
            .chain((services) =>
              fc.tuple(
                fc.constant(services),
                fc.array(packetSpec(services.length), { minLength: 1, maxLength: 25 }),
              ),
            ),
          ([services, packets]) => {
            const traced = build(mode, services);
            const untraced = build(mode, services);
            const connections: [ReturnType<Dataplane["connect"]>, ReturnType<Dataplane["connect"]>][] = [];
            packets.forEach((p, k) => {
              const where = `${mode}, packet ${k}: ${JSON.stringify(p)}`;
              if (p.waitMs > 0) {
                traced.sim.advance(p.waitMs);
                untraced.sim.advance(p.waitMs);
              }
              const request = p.http && p.protocol === "TCP" ? HTTP_GET : { kind: "none" as const };
              const previous = connections[k % Math.max(1, connections.length)];
              let a: Trace;
              let b: Trace;
              if (p.again && previous) {
                a = previous[0].send(request, { trace: true });
                b = previous[1].send(request, { trace: false });
              } else {
                const { ip, port } = target(p.to);
                const options = { from: origin(p.from), to: ip, port, protocol: p.protocol, request };
                a = traced.dp.send({ ...options, trace: true });
                b = untraced.dp.send({ ...options, trace: false });
                if (p.protocol !== "ICMP")
                  connections.push([traced.dp.connect(options), untraced.dp.connect(options)]);
              }
              expect(b.hops, where).toEqual([]);
              expect(outcome(b), where).toEqual(outcome(a));
            });
            for (const node of NODES)
              expect(untraced.dp.conntrack(node).dump(untraced.sim.nowMs), `${mode} ${node}`).toEqual(
                traced.dp.conntrack(node).dump(traced.sim.nowMs),
              );
          },
        ),
        { numRuns: 40 },
      );
    });
  }
});

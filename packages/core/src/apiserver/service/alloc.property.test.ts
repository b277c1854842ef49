/**
 * Property: across random sequences of Service creates, re-applies, type-changing patches and
 * deletes (in the shapes validation accepts), no two Services ever hold the same ClusterIP or
 * NodePort, every allocated address and port lies in its range, the store's allocation state is
 * exactly what the Services hold (no leaks, no phantoms), and deleting everything leaves it empty.
 * Refused requests (taken or out-of-range values, full ranges) must change nothing.
 */
import {
  type IPFamily,
  mustParseCIDR,
  mustParsePortRange,
  parseIP,
  portRangeContains,
  serviceIPOffsetOf,
  serviceIPRange,
} from "@kubesim/ipam";
import fc from "fast-check";
import type { Service, ServicePort, ServiceSpec } from "kubernetes-types/core/v1.js";
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../api/KubeObject.js";
import { StatusError } from "../../api/StatusError.js";
import { Simulation } from "../../Simulation.js";
import {
  allocateServiceOnCreate,
  allocateServiceOnUpdate,
  releaseServiceAllocations,
  type ServiceAllocationConfig,
} from "./alloc.js";
import { allocatedNodePorts } from "./NodePortOperation.js";

type Type = "ClusterIP" | "NodePort" | "LoadBalancer" | "ExternalName";

/** What a user writes: a manifest (re-applied whole) or a patch of just the type. */
type Op =
  | { op: "apply"; name: number; manifest: Manifest }
  | { op: "patchType"; name: number; type: Type }
  | { op: "delete"; name: number };

interface Manifest {
  type: Type;
  headless: boolean;
  clusterIP?: string;
  policy?: string;
  etpLocal: boolean;
  allocateLB: boolean;
  ports: { port: number; protocol: "TCP" | "UDP"; nodePort?: number }[];
}

function arbManifest(dualStack: boolean): fc.Arbitrary<Manifest> {
  const port = fc.record({
    port: fc.constantFrom(53, 80, 443),
    protocol: fc.constantFrom("TCP" as const, "UDP" as const),
    // Mostly dynamic; sometimes a request (possibly taken, possibly out of range).
    nodePort: fc.oneof(
      { weight: 3, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.integer({ min: 29998, max: 30041 }) },
    ),
  });
  return fc.record({
    type: fc.constantFrom<Type>("ClusterIP", "NodePort", "LoadBalancer", "ExternalName"),
    headless: fc.boolean(),
    clusterIP: fc.oneof(
      { weight: 4, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 31 }).map((i) => `10.96.0.${i}`) },
    ),
    policy: dualStack
      ? fc.constantFrom(undefined, "SingleStack", "PreferDualStack", "RequireDualStack")
      : fc.constant(undefined),
    etpLocal: fc.boolean(),
    allocateLB: fc.boolean(),
    ports: fc.uniqueArray(port, { maxLength: 3, selector: (p) => `${p.port}/${p.protocol}` }),
  });
}

function arbOps(dualStack: boolean, names: number, minLength = 0): fc.Arbitrary<Op[]> {
  const name = fc.integer({ min: 0, max: names - 1 });
  const op: fc.Arbitrary<Op> = fc.oneof(
    {
      weight: 5,
      arbitrary: fc.record({ op: fc.constant("apply" as const), name, manifest: arbManifest(dualStack) }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        op: fc.constant("patchType" as const),
        name,
        type: fc.constantFrom<Type>("ClusterIP", "NodePort", "LoadBalancer", "ExternalName"),
      }),
    },
    { weight: 2, arbitrary: fc.record({ op: fc.constant("delete" as const), name }) },
  );
  return fc.array(op, { minLength, maxLength: 40 });
}

/** The Service a manifest describes, after defaulting, in a shape validation accepts. */
function toService(name: number, m: Manifest, forUpdate: boolean): Service {
  const spec: ServiceSpec = { type: m.type };
  const external = m.type === "NodePort" || m.type === "LoadBalancer";
  const headless = m.headless && m.type === "ClusterIP";
  if (m.type !== "ExternalName") {
    spec.selector = { app: `a${name}` };
    if (headless) spec.clusterIP = "None";
    // clusterIP is immutable: only a create may ask for one.
    else if (m.clusterIP && !forUpdate) spec.clusterIP = m.clusterIP;
    if (m.policy) spec.ipFamilyPolicy = m.policy;
  } else {
    spec.externalName = "example.com";
  }
  if (external) spec.externalTrafficPolicy = m.etpLocal ? "Local" : "Cluster";
  if (m.type === "LoadBalancer") spec.allocateLoadBalancerNodePorts = m.allocateLB;
  spec.ports = m.ports.map(
    (p): ServicePort => ({
      name: `${p.protocol.toLowerCase()}-${p.port}`,
      port: p.port,
      protocol: p.protocol,
      ...(external && p.nodePort !== undefined ? { nodePort: p.nodePort } : {}),
    }),
  );
  return { apiVersion: "v1", kind: "Service", metadata: { name: `svc-${name}`, namespace: "default" }, spec };
}

/** Validation rules of ValidateServiceUpdate that decide whether a sequence step is legal at all. */
function legalUpdate(old: Service, next: Service): boolean {
  const oldHeadless = old.spec?.clusterIP === "None";
  const nextType = next.spec?.type;
  if (oldHeadless && (nextType === "NodePort" || nextType === "LoadBalancer")) return false;
  if (oldHeadless && nextType === "ClusterIP" && next.spec?.clusterIP !== "None") return false;
  if (!oldHeadless && old.spec?.type !== "ExternalName" && next.spec?.clusterIP === "None") return false;
  return true;
}

function run(config: ServiceAllocationConfig, ops: readonly Op[], seed: number): void {
  const sim = new Simulation({ seed, eventLog: false });
  const rng = { clusterIPs: sim.random("clusterip-allocator"), nodePorts: sim.random("nodeport-allocator") };
  const store = sim.store;
  const ranges = new Map(
    config.serviceCIDRs.map((c) => [mustParseCIDR(c).family, serviceIPRange(mustParseCIDR(c))]),
  );
  const portRange = mustParsePortRange(config.nodePortRange);

  const attempt = (fn: () => void) => {
    const before = store.snapshot();
    try {
      fn();
    } catch (err) {
      // A refused request must leave the store exactly as it was.
      if (!(err instanceof StatusError) && !(err instanceof Refused)) throw err;
      expect(store.snapshot()).toBe(before);
    }
  };

  for (const step of ops) {
    const ref = { kind: "Service", namespace: "default", name: `svc-${step.name}` };
    const stored = store.get("Service", "default", ref.name) as Service | undefined;
    if (step.op === "delete") {
      if (!stored) continue;
      store.transaction((tx) => {
        tx.delete(ref);
        releaseServiceAllocations(tx, stored);
      });
    } else if (!stored) {
      if (step.op !== "apply") continue;
      attempt(() =>
        store.transaction((tx) => {
          const r = allocateServiceOnCreate(tx, toService(step.name, step.manifest, false), config, rng);
          if ("errors" in r) throw new Refused();
          tx.create(r.service as KubeObject);
        }),
      );
    } else {
      const next =
        step.op === "apply" ? toService(step.name, step.manifest, true) : patchType(stored, step.type);
      if (!legalUpdate(stored, next)) continue;
      attempt(() =>
        store.transaction((tx) => {
          const r = allocateServiceOnUpdate(tx, next, stored, config, rng);
          if ("errors" in r) throw new Refused();
          tx.update(r.service as KubeObject);
        }),
      );
    }
    checkInvariants(store.list("Service") as Service[], store.list("IPAddress"), allocatedNodePorts(store));
  }

  for (const s of store.list("Service") as Service[]) {
    store.transaction((tx) => {
      tx.delete({ kind: "Service", namespace: "default", name: s.metadata!.name! });
      releaseServiceAllocations(tx, s);
    });
  }
  expect(store.list("IPAddress")).toEqual([]);
  expect(allocatedNodePorts(store)).toEqual([]);

  function checkInvariants(services: Service[], ipObjects: KubeObject[], nodePorts: number[]): void {
    const ipOwner = new Map<string, string>();
    const portOwner = new Map<number, string>();
    for (const s of services) {
      const spec = s.spec!;
      const name = s.metadata!.name!;
      if (spec.type === "ExternalName") {
        expect(spec.clusterIPs ?? []).toEqual([]);
      } else if (spec.clusterIP !== "None") {
        expect(spec.clusterIPs?.[0]).toBe(spec.clusterIP);
        for (const ip of spec.clusterIPs ?? []) {
          const parsed = parseIP(ip)!;
          const range = ranges.get(parsed.family as IPFamily)!;
          expect(serviceIPOffsetOf(range, parsed), `${ip} of ${name} is a usable address`).toBeDefined();
          expect(ipOwner.has(ip), `${ip} held twice`).toBe(false);
          ipOwner.set(ip, name);
        }
      }
      const held = new Set((spec.ports ?? []).map((p) => p.nodePort).filter((p): p is number => !!p));
      if (spec.type === "LoadBalancer" && spec.externalTrafficPolicy === "Local") {
        expect(spec.healthCheckNodePort, `${name} has a healthCheckNodePort`).toBeDefined();
        expect(held.has(spec.healthCheckNodePort!)).toBe(false);
        held.add(spec.healthCheckNodePort!);
      } else {
        expect(spec.healthCheckNodePort).toBeUndefined();
      }
      if (spec.type === "ClusterIP" || spec.type === "ExternalName") expect(held.size).toBe(0);
      for (const np of held) {
        expect(portRangeContains(portRange, np), `${np} in range`).toBe(true);
        expect(portOwner.has(np), `nodePort ${np} held by ${portOwner.get(np)} and ${name}`).toBe(false);
        portOwner.set(np, name);
      }
    }
    // The store's allocation state is exactly what the Services hold.
    expect(ipObjects.map((o) => o.metadata.name).sort()).toEqual([...ipOwner.keys()].sort());
    for (const o of ipObjects) {
      expect((o.spec as { parentRef: { name: string } }).parentRef.name).toBe(ipOwner.get(o.metadata.name!));
    }
    expect(nodePorts).toEqual([...portOwner.keys()].sort((a, b) => a - b));
  }
}

class Refused extends Error {}

function patchType(stored: Service, type: Type): Service {
  const spec: ServiceSpec = { ...stored.spec, type };
  // Defaulting and validation of the new type: externalTrafficPolicy only where external,
  // externalName only for ExternalName, allocateLoadBalancerNodePorts defaulted for LoadBalancer.
  if (type === "NodePort" || type === "LoadBalancer") spec.externalTrafficPolicy ??= "Cluster";
  else delete spec.externalTrafficPolicy;
  if (type === "LoadBalancer") spec.allocateLoadBalancerNodePorts ??= true;
  if (type === "ExternalName") spec.externalName = "example.com";
  else delete spec.externalName;
  return { ...stored, spec };
}

describe("Service allocation invariants under random create/update/type-change/delete sequences", () => {
  it("single-stack: small ranges with static bands (10.96.0.0/27, 30000-30039) so requests collide", () => {
    const config = { serviceCIDRs: ["10.96.0.0/27"], nodePortRange: "30000-30039" };
    fc.assert(
      fc.property(arbOps(false, 6), fc.nat(1000), (ops, seed) => run(config, ops, seed)),
      { numRuns: 150 },
    );
  });

  it("single-stack: tiny ranges (10.96.0.0/29, 30000-30009) so both run full", () => {
    const config = { serviceCIDRs: ["10.96.0.0/29"], nodePortRange: "30000-30009" };
    fc.assert(
      fc.property(arbOps(false, 12, 30), fc.nat(1000), (ops, seed) => run(config, ops, seed)),
      { numRuns: 60 },
    );
  });

  it("dual-stack: 10.96.0.0/27 and fd00:10:96::/123, with family policies", () => {
    const config = { serviceCIDRs: ["10.96.0.0/27", "fd00:10:96::/123"], nodePortRange: "30000-30039" };
    fc.assert(
      fc.property(arbOps(true, 6), fc.nat(1000), (ops, seed) => run(config, ops, seed)),
      { numRuns: 100 },
    );
  });
});

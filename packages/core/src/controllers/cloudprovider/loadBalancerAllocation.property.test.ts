/**
 * Property (issue 7): after any sequence of Service creates (all four types), type changes and
 * deletes, with virtual time passing in between, the LoadBalancer addresses held (in Service status
 * and in the controllers' own books) and the node ports match exactly the live Services that should
 * hold them, and no address is held twice (except MetalLB's sharing, not exercised here).
 */
import fc from "fast-check";
import type { Service, ServiceSpec } from "kubernetes-types/core/v1.js";
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../api/KubeObject.js";
import { StatusError } from "../../api/StatusError.js";
import { installApiServer } from "../../apiserver/installApiServer.js";
import { allocatedNodePorts } from "../../apiserver/service/NodePortOperation.js";
import { Simulation } from "../../Simulation.js";
import { metalLB } from "../metallb/metalLB.js";
import { cloudLoadBalancerController } from "./cloudLoadBalancerController.js";

type Type = "ClusterIP" | "NodePort" | "LoadBalancer" | "ExternalName";
type Op =
  | { op: "create"; name: number; type: Type }
  | { op: "retype"; name: number; type: Type }
  | { op: "delete"; name: number }
  | { op: "wait"; seconds: number };

const TYPES: Type[] = ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"];
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    op: fc.constant("create" as const),
    name: fc.integer({ min: 0, max: 5 }),
    type: fc.constantFrom(...TYPES),
  }),
  fc.record({
    op: fc.constant("retype" as const),
    name: fc.integer({ min: 0, max: 5 }),
    type: fc.constantFrom(...TYPES),
  }),
  fc.record({ op: fc.constant("delete" as const), name: fc.integer({ min: 0, max: 5 }) }),
  fc.record({ op: fc.constant("wait" as const), seconds: fc.integer({ min: 0, max: 150 }) }),
);

function specFor(type: Type): ServiceSpec {
  if (type === "ExternalName") return { type, externalName: "example.com" };
  return { type, selector: { app: "x" }, ports: [{ port: 80 }] };
}

function run(provider: "cloud" | "metallb", ops: readonly Op[], seed: number): void {
  const sim = new Simulation({ seed, eventLog: false });
  installApiServer(sim);
  for (const ns of ["default", "metallb-system"])
    sim.store.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
  sim.store.create({
    apiVersion: "v1",
    kind: "Node",
    metadata: { name: "n1" },
    spec: { providerID: "kind://n1" },
  });
  // A pool smaller than the number of names, so exhaustion and release are exercised.
  const cloud = cloudLoadBalancerController({ addresses: ["203.0.113.0/30", "203.0.113.9-203.0.113.10"] });
  const mlb = metalLB();
  if (provider === "cloud") sim.addController(cloud);
  else {
    sim.store.create({
      apiVersion: "metallb.io/v1beta1",
      kind: "IPAddressPool",
      metadata: { name: "lan", namespace: "metallb-system" },
      spec: { addresses: ["10.0.0.0/30"] },
    } as KubeObject);
    for (const c of mlb.controllers) sim.addController(c);
  }
  const ownerOf = (ip: string) =>
    provider === "cloud"
      ? cloud.ownerOf(ip)
      : mlb.servicesOf(ip).length === 1
        ? mlb.servicesOf(ip)[0]
        : undefined;

  for (const step of ops) {
    const name = step.op === "wait" ? "" : `svc-${step.name}`;
    const stored = name ? (sim.store.get("Service", "default", name) as Service | undefined) : undefined;
    try {
      if (step.op === "wait") sim.advance(step.seconds * 1000);
      else if (step.op === "create" && !stored) {
        sim.store.create({
          apiVersion: "v1",
          kind: "Service",
          metadata: { name },
          spec: specFor(step.type),
        } as KubeObject);
      } else if (step.op === "retype" && stored && stored.metadata?.deletionTimestamp === undefined) {
        // What `kubectl apply` of the manifest with the new type sends (fields of the old type dropped).
        const fresh = specFor(step.type);
        const kept =
          step.type === "ExternalName" || stored.spec?.type === "ExternalName"
            ? {}
            : { clusterIP: stored.spec?.clusterIP, clusterIPs: stored.spec?.clusterIPs };
        sim.store.update({ ...stored, spec: { ...fresh, ...kept } } as KubeObject);
      } else if (step.op === "delete" && stored)
        sim.store.delete({ kind: "Service", name, namespace: "default" });
    } catch (err) {
      if (!(err instanceof StatusError)) throw err;
    }
    sim.advance(0);
    check(false);
  }
  sim.settle();
  check(true);

  function check(settled: boolean): void {
    const services = sim.store.list("Service", { namespace: "default" }) as Service[];
    const heldIPs = new Map<string, string>();
    const ports = new Set<number>();
    let wanting = 0;
    for (const s of services) {
      const name = s.metadata!.name!;
      const ingress = s.status?.loadBalancer?.ingress ?? [];
      const wants = s.spec?.type === "LoadBalancer" && s.metadata?.deletionTimestamp === undefined;
      if (wants) wanting++;
      if (!wants) expect(ingress, `${name} (${s.spec?.type}) holds no LB address`).toEqual([]);
      for (const i of ingress) {
        expect(heldIPs.has(i.ip!), `${i.ip} held by ${heldIPs.get(i.ip!)} and ${name}`).toBe(false);
        heldIPs.set(i.ip!, name);
        expect(ownerOf(i.ip!), `the controller's books agree about ${i.ip}`).toEqual({
          namespace: "default",
          name,
        });
      }
      if (
        provider === "cloud" &&
        s.spec?.type !== "LoadBalancer" &&
        s.metadata?.deletionTimestamp === undefined
      )
        expect(s.metadata?.finalizers).toBeUndefined();
      for (const p of s.spec?.ports ?? []) if (p.nodePort) ports.add(p.nodePort);
      if (s.spec?.healthCheckNodePort) ports.add(s.spec.healthCheckNodePort);
    }
    expect(allocatedNodePorts(sim.store)).toEqual([...ports].sort((a, b) => a - b));
    // Once settled, every LoadBalancer holds an address as long as the pool has room.
    const capacity = provider === "cloud" ? 4 : 4;
    if (settled) expect(heldIPs.size).toBe(Math.min(wanting, capacity));
  }
}

describe("LoadBalancer addresses follow the live Services", () => {
  for (const provider of ["cloud", "metallb"] as const) {
    it(`${provider}: after any creates, type changes and deletes`, () => {
      fc.assert(
        fc.property(fc.array(opArb, { maxLength: 30 }), fc.integer({ min: 0, max: 1000 }), (ops, seed) =>
          run(provider, ops, seed),
        ),
        { numRuns: 60 },
      );
    });
  }
});

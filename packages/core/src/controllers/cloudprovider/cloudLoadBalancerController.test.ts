import type { Service } from "kubernetes-types/core/v1.js";
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../api/KubeObject.js";
import { installApiServer } from "../../apiserver/installApiServer.js";
import { Simulation } from "../../Simulation.js";
import { AddressRanges } from "./AddressRanges.js";
import {
  type CloudLoadBalancerOptions,
  cloudLoadBalancerController,
  LOAD_BALANCER_CLEANUP_FINALIZER,
} from "./cloudLoadBalancerController.js";

function setup(options: CloudLoadBalancerOptions = {}, nodes = ["n1", "n2"]) {
  const sim = new Simulation({ seed: 3 });
  installApiServer(sim);
  sim.store.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "default" } });
  for (const n of nodes) addNode(sim, n);
  const cloud = cloudLoadBalancerController(options);
  sim.addController(cloud);
  sim.advance(0);
  return { sim, cloud };
}

function addNode(sim: Simulation, name: string) {
  sim.store.create({
    apiVersion: "v1",
    kind: "Node",
    metadata: { name },
    spec: { providerID: `kind://docker/kubesim/${name}` },
  });
}

function lbService(name: string, spec: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, namespace: "default" },
    spec: { type: "LoadBalancer", selector: { app: name }, ports: [{ port: 80 }], ...spec },
  } as KubeObject;
}

/** What `kubectl apply` of the same manifest with `type: ClusterIP` sends. */
function toClusterIP(svc: Service): KubeObject {
  const { externalTrafficPolicy: _e, allocateLoadBalancerNodePorts: _a, ...spec } = svc.spec ?? {};
  return { ...svc, spec: { ...spec, type: "ClusterIP" } } as KubeObject;
}

const get = (sim: Simulation, name: string) => sim.store.get("Service", "default", name) as Service;
const ingress = (sim: Simulation, name: string) => get(sim, name).status?.loadBalancer?.ingress;
const events = (sim: Simulation, name: string) =>
  sim.store
    .list("Event", { namespace: "default" })
    .filter((e) => (e as unknown as { involvedObject: { name: string } }).involvedObject.name === name)
    .map((e) => {
      const ev = e as unknown as { type: string; reason: string; message: string };
      return `${ev.type} ${ev.reason} ${ev.message}`;
    });

describe("AddressRanges", () => {
  it("hands out host addresses lowest first and reuses released ones", () => {
    const r = new AddressRanges(["192.0.2.0/30", "198.51.100.7-198.51.100.8"], { hostsOnly: true });
    const taken: string[] = [];
    for (let i = 0; i < 4; i++) {
      const ip = r.lowestFree("IPv4")!;
      r.take(ip);
      taken.push(ip);
    }
    expect(taken).toEqual(["192.0.2.1", "192.0.2.2", "198.51.100.7", "198.51.100.8"]);
    expect(r.lowestFree("IPv4")).toBeUndefined();
    r.release("192.0.2.2");
    expect(r.lowestFree("IPv4")).toBe("192.0.2.2");
    expect(r.contains("192.0.2.0")).toBe(false);
  });

  it("skips .0 and .255 with avoidBuggyIPs", () => {
    const r = new AddressRanges(["10.0.0.255-10.0.1.1"], { avoidBuggyIPs: true });
    expect(r.lowestFree("IPv4")).toBe("10.0.1.1");
  });
});

// k8s.io/cloud-provider controllers/service/controller.go syncLoadBalancerIfNeeded
describe("cloud service controller", () => {
  it("shows <pending> for 60-120 s, then the lowest free public address with ipMode VIP", () => {
    const { sim, cloud } = setup();
    const start = sim.nowMs;
    sim.store.create(lbService("web"));
    sim.advance(0);
    expect(get(sim, "web").metadata?.finalizers).toEqual([LOAD_BALANCER_CLEANUP_FINALIZER]);
    expect(ingress(sim, "web")).toBeUndefined();
    expect(events(sim, "web")).toEqual(["Normal EnsuringLoadBalancer Ensuring load balancer"]);
    expect(sim.runUntil(() => ingress(sim, "web") !== undefined)).toBe(true);
    const waited = sim.nowMs - start;
    expect(waited).toBeGreaterThanOrEqual(60_000);
    expect(waited).toBeLessThanOrEqual(120_000);
    expect(ingress(sim, "web")).toEqual([{ ip: "203.0.113.1", ipMode: "VIP" }]);
    expect(events(sim, "web")).toEqual([
      "Normal EnsuringLoadBalancer Ensuring load balancer",
      "Normal EnsuredLoadBalancer Ensured load balancer",
    ]);
    expect(cloud.ownerOf("203.0.113.1")).toEqual({ namespace: "default", name: "web" });
    expect(cloud.addressOf("default", "web")).toBe("203.0.113.1");
    expect(cloud.backendNodes()).toEqual(["n1", "n2"]);
  });

  it("draws the delay from the seed: same seed, same instant", () => {
    const times = [1, 2].map(() => {
      const { sim } = setup();
      sim.store.create(lbService("web"));
      sim.runUntil(() => ingress(sim, "web") !== undefined);
      return sim.nowMs;
    });
    expect(times[0]).toBe(times[1]);
  });

  it("ignores Services with a loadBalancerClass and other types", () => {
    const { sim } = setup();
    sim.store.create(lbService("classy", { loadBalancerClass: "example.com/lb" }));
    sim.store.create(lbService("plain", { type: "ClusterIP" }));
    sim.settle();
    expect(get(sim, "classy").metadata?.finalizers).toBeUndefined();
    expect(ingress(sim, "classy")).toBeUndefined();
    expect(ingress(sim, "plain")).toBeUndefined();
    expect(events(sim, "classy")).toEqual([]);
  });

  it("honours a free spec.loadBalancerIP and refuses a taken one with back-off", () => {
    const { sim } = setup();
    sim.store.create(lbService("a", { loadBalancerIP: "203.0.113.77" }));
    sim.settle();
    expect(ingress(sim, "a")).toEqual([{ ip: "203.0.113.77", ipMode: "VIP" }]);
    sim.store.create(lbService("b", { loadBalancerIP: "203.0.113.77" }));
    sim.advance(121_000);
    expect(ingress(sim, "b")).toBeUndefined();
    expect(events(sim, "b")).toContain(
      'Warning SyncLoadBalancerFailed Error syncing load balancer: failed to ensure load balancer: requested IP "203.0.113.77" is in use by another load balancer',
    );
    sim.store.delete({ kind: "Service", namespace: "default", name: "a" });
    sim.settle();
    expect(sim.store.get("Service", "default", "a")).toBeUndefined();
    expect(ingress(sim, "b")).toEqual([{ ip: "203.0.113.77", ipMode: "VIP" }]);
  });

  it("releases the address and the finalizer on deletion and on a type change", () => {
    const { sim, cloud } = setup();
    sim.store.create(lbService("a"));
    sim.store.create(lbService("b"));
    sim.settle();
    const ipA = ingress(sim, "a")![0]!.ip!;
    sim.store.delete({ kind: "Service", namespace: "default", name: "a" });
    sim.advance(0);
    expect(sim.store.get("Service", "default", "a")).toBeUndefined();
    expect(cloud.ownerOf(ipA)).toBeUndefined();
    sim.store.update(toClusterIP(get(sim, "b")));
    sim.advance(0);
    expect(get(sim, "b").metadata?.finalizers).toBeUndefined();
    expect(get(sim, "b").status?.loadBalancer).toEqual({});
    expect(events(sim, "b").slice(-3)).toEqual([
      "Normal Type LoadBalancer -> ClusterIP",
      "Normal DeletingLoadBalancer Deleting load balancer",
      "Normal DeletedLoadBalancer Deleted load balancer",
    ]);
    // The lowest address is free again for the next one.
    sim.store.create(lbService("c"));
    sim.settle();
    expect(ingress(sim, "c")?.[0]?.ip).toBe("203.0.113.1");
  });

  it("records UpdatedLoadBalancer when the node set changes", () => {
    const { sim, cloud } = setup();
    sim.store.create(lbService("a"));
    sim.settle();
    addNode(sim, "n3");
    sim.advance(0);
    expect(cloud.backendNodes()).toEqual(["n1", "n2", "n3"]);
    expect(events(sim, "a")).toContain("Normal UpdatedLoadBalancer Updated load balancer with new hosts");
  });
});

import type { Service } from "kubernetes-types/core/v1.js";
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../api/KubeObject.js";
import { installApiServer } from "../../apiserver/installApiServer.js";
import { Simulation } from "../../Simulation.js";
import { compareDigests, sha256 } from "./_internal/sha256.js";
import { type MetalLB, metalLB } from "./metalLB.js";

function setup(nodes = ["n1", "n2", "n3"]) {
  const sim = new Simulation({ seed: 1 });
  installApiServer(sim);
  for (const ns of ["default", "metallb-system"])
    sim.store.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
  for (const n of nodes) setNode(sim, n, true);
  const lb = metalLB();
  for (const c of lb.controllers) sim.addController(c);
  return { sim, lb };
}

function setNode(sim: Simulation, name: string, ready: boolean) {
  const status = { conditions: [{ type: "Ready", status: ready ? "True" : "Unknown" }] };
  if (sim.store.get("Node", "", name))
    sim.store.mutate({ kind: "Node", namespace: "", name }, (d) => void Object.assign(d, { status }));
  else sim.store.create({ apiVersion: "v1", kind: "Node", metadata: { name }, status } as KubeObject);
}

function pool(sim: Simulation, name: string, addresses: string[], extra: Record<string, unknown> = {}) {
  sim.store.create({
    apiVersion: "metallb.io/v1beta1",
    kind: "IPAddressPool",
    metadata: { name, namespace: "metallb-system" },
    spec: { addresses, ...extra },
  } as KubeObject);
}

function l2(sim: Simulation) {
  sim.store.create({
    apiVersion: "metallb.io/v1beta1",
    kind: "L2Advertisement",
    metadata: { name: "l2", namespace: "metallb-system" },
  } as KubeObject);
}

function service(
  sim: Simulation,
  name: string,
  annotations?: Record<string, string>,
  spec: Record<string, unknown> = {},
) {
  sim.store.create({
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, namespace: "default", ...(annotations ? { annotations } : {}) },
    spec: { type: "LoadBalancer", selector: { app: name }, ports: [{ port: 80 }], ...spec },
  } as KubeObject);
}

/** An EndpointSlice as the EndpointSlice controller would write it, with one ready endpoint per node. */
function endpoints(sim: Simulation, svc: string, nodes: string[]) {
  sim.store.create({
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: { name: `${svc}-abc`, namespace: "default", labels: { "kubernetes.io/service-name": svc } },
    addressType: "IPv4",
    endpoints: nodes.map((n, i) => ({
      addresses: [`10.244.${i}.5`],
      conditions: { ready: true },
      nodeName: n,
    })),
  } as KubeObject);
}

const ip = (sim: Simulation, name: string) =>
  (sim.store.get("Service", "default", name) as Service).status?.loadBalancer?.ingress?.[0]?.ip;
const events = (sim: Simulation, name: string) =>
  sim.store
    .list("Event", { namespace: "default" })
    .filter((e) => (e as unknown as { involvedObject: { name: string } }).involvedObject.name === name)
    .map((e) => {
      const ev = e as unknown as { reason: string; message: string; source: { component: string } };
      return `${ev.source.component} ${ev.reason} ${ev.message}`;
    });

function leader(nodes: string[], address: string): string {
  return [...nodes].sort((a, b) => compareDigests(sha256(`${a}#${address}`), sha256(`${b}#${address}`)))[0]!;
}

// metallb controller/service.go convergeBalancer, internal/allocator
describe("MetalLB controller", () => {
  it("assigns the lowest free address of the pool at once, with MetalLB's event and annotation", () => {
    const { sim } = setup();
    pool(sim, "lan", ["192.168.1.240-192.168.1.250"]);
    service(sim, "a");
    service(sim, "b");
    sim.advance(0);
    expect(ip(sim, "a")).toBe("192.168.1.240");
    expect(ip(sim, "b")).toBe("192.168.1.241");
    const svc = sim.store.get("Service", "default", "a") as Service;
    expect(svc.metadata?.annotations?.["metallb.io/ip-allocated-from-pool"]).toBe("lan");
    expect(svc.status?.loadBalancer?.ingress).toEqual([{ ip: "192.168.1.240", ipMode: "VIP" }]);
    expect(events(sim, "a")).toContain('metallb-controller IPAllocated Assigned IP ["192.168.1.240"]');
  });

  it("stays <pending> with AllocationFailed without pools, and assigns once a pool appears", () => {
    const { sim } = setup();
    pool(sim, "tiny", ["192.168.1.240/32"]);
    service(sim, "a");
    service(sim, "b");
    sim.advance(0);
    expect(ip(sim, "b")).toBeUndefined();
    expect(events(sim, "b")).toContain(
      'metallb-controller AllocationFailed Failed to allocate IP for "default/b": no available IPs',
    );
    sim.store.delete({ kind: "Service", namespace: "default", name: "a" });
    sim.advance(0);
    expect(ip(sim, "b")).toBe("192.168.1.240");
  });

  it("honours metallb.io/loadBalancerIPs and metallb.io/address-pool", () => {
    const { sim } = setup();
    pool(sim, "a-pool", ["10.0.0.0/30"]);
    pool(sim, "b-pool", ["10.0.1.0/30"], { autoAssign: false });
    service(sim, "pinned", { "metallb.io/loadBalancerIPs": "10.0.0.2" });
    service(sim, "frompool", { "metallb.io/address-pool": "b-pool" });
    service(sim, "auto");
    sim.advance(0);
    expect(ip(sim, "pinned")).toBe("10.0.0.2");
    expect(ip(sim, "frompool")).toBe("10.0.1.0");
    expect(ip(sim, "auto")).toBe("10.0.0.0");
  });

  it("shares an address between Services with the same allow-shared-ip key and distinct ports", () => {
    const { sim, lb } = setup();
    pool(sim, "lan", ["10.0.0.0/29"]);
    const shared = { "metallb.io/allow-shared-ip": "dns" };
    service(sim, "tcp", shared, { ports: [{ port: 53, protocol: "TCP" }] });
    sim.advance(0);
    service(sim, "udp", shared, { ports: [{ port: 53, protocol: "UDP" }] });
    sim.advance(0);
    service(sim, "clash", shared, { ports: [{ port: 53, protocol: "UDP" }] });
    sim.advance(0);
    service(sim, "other");
    sim.advance(0);
    expect(ip(sim, "tcp")).toBe("10.0.0.0");
    expect(ip(sim, "udp")).toBe("10.0.0.0");
    expect(ip(sim, "clash")).toBe("10.0.0.1");
    expect(ip(sim, "other")).toBe("10.0.0.2");
    expect(lb.servicesOf("10.0.0.0")).toEqual([
      { namespace: "default", name: "tcp" },
      { namespace: "default", name: "udp" },
    ]);
  });

  it("releases the address when the type changes away from LoadBalancer", () => {
    const { sim } = setup();
    pool(sim, "lan", ["10.0.0.0/29"]);
    service(sim, "a");
    sim.advance(0);
    const svc = sim.store.get("Service", "default", "a") as Service;
    const { externalTrafficPolicy: _e, allocateLoadBalancerNodePorts: _x, ...spec } = svc.spec!;
    sim.store.update({ ...svc, spec: { ...spec, type: "NodePort" } } as KubeObject);
    sim.advance(0);
    expect(ip(sim, "a")).toBeUndefined();
    const after = sim.store.get("Service", "default", "a") as Service;
    expect(after.metadata?.annotations?.["metallb.io/ip-allocated-from-pool"]).toBeUndefined();
    service(sim, "b");
    sim.advance(0);
    expect(ip(sim, "b")).toBe("10.0.0.0");
  });
});

// metallb speaker/layer2_controller.go ShouldAnnounce, speaker/main.go handleService
describe("MetalLB layer-2 speakers", () => {
  function announcedSetup(): { sim: Simulation; lb: MetalLB; address: string } {
    const { sim, lb } = setup();
    pool(sim, "lan", ["192.168.1.240-192.168.1.250"]);
    l2(sim);
    service(sim, "web");
    endpoints(sim, "web", ["n1"]);
    sim.advance(0);
    return { sim, lb, address: ip(sim, "web")! };
  }

  it("elects the node that sorts first by sha256(node#ip) and records nodeAssigned", () => {
    const { sim, lb, address } = announcedSetup();
    const expected = leader(["n1", "n2", "n3"], address);
    expect(lb.announcer(address)).toBe(expected);
    expect(events(sim, "web")).toContain(
      `metallb-speaker nodeAssigned announcing from node "${expected}" with protocol "layer2"`,
    );
  });

  it("fails over when the leader becomes NotReady, and back when it returns", () => {
    const { sim, lb, address } = announcedSetup();
    const first = leader(["n1", "n2", "n3"], address);
    setNode(sim, first, false);
    sim.advance(0);
    const second = leader(
      ["n1", "n2", "n3"].filter((n) => n !== first),
      address,
    );
    expect(lb.announcer(address)).toBe(second);
    expect(events(sim, "web")).toContain(
      `metallb-speaker nodeAssigned announcing from node "${second}" with protocol "layer2"`,
    );
    setNode(sim, first, true);
    sim.advance(0);
    expect(lb.announcer(address)).toBe(first);
  });

  it("announces only from nodes with a local endpoint for externalTrafficPolicy Local", () => {
    const { sim, lb } = setup();
    pool(sim, "lan", ["192.168.1.240-192.168.1.250"]);
    l2(sim);
    service(sim, "web", undefined, { externalTrafficPolicy: "Local" });
    endpoints(sim, "web", ["n3"]);
    sim.advance(0);
    expect(lb.announcer(ip(sim, "web")!)).toBe("n3");
  });

  it("does not announce without an L2Advertisement or without serving endpoints", () => {
    const { sim, lb } = setup();
    pool(sim, "lan", ["192.168.1.240-192.168.1.250"]);
    service(sim, "web");
    sim.advance(0);
    const address = ip(sim, "web")!;
    l2(sim);
    sim.advance(0);
    expect(lb.announcer(address)).toBeUndefined();
    endpoints(sim, "web", ["n2"]);
    sim.advance(0);
    expect(lb.announcer(address)).toBe(leader(["n1", "n2", "n3"], address));
  });
});

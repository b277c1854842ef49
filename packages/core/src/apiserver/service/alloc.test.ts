import { formatIP, IP_ALLOCATOR_ERRORS, mustParseCIDR, parseIP, serviceIPRange } from "@kubesim/ipam";
import type { Service, ServicePort, ServiceSpec } from "kubernetes-types/core/v1.js";
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../api/KubeObject.js";
import { StatusError } from "../../api/StatusError.js";
import { Simulation } from "../../Simulation.js";
import { errorString, type FieldError } from "../../validation/field.js";
import {
  allocateServiceOnCreate,
  allocateServiceOnUpdate,
  DEFAULT_SERVICE_ALLOCATION_CONFIG,
  releaseServiceAllocations,
  type ServiceAllocationConfig,
  serviceCIDRObject,
} from "./alloc.js";
import { allocatedNodePorts } from "./NodePortOperation.js";

/** A request refused with field errors (what the API server turns into a 422). */
class Rejected extends Error {
  constructor(readonly errors: readonly FieldError[]) {
    super(errors.map(errorString).join("; "));
  }
}

/**
 * A tiny API server around the allocator: each request is one store transaction, and a refused
 * request throws inside it, so nothing it did is committed (as the lead's pipeline does).
 */
function cluster(config: ServiceAllocationConfig = DEFAULT_SERVICE_ALLOCATION_CONFIG, seed = 0) {
  const sim = new Simulation({ seed, eventLog: false });
  const rng = { clusterIPs: sim.random("clusterip-allocator"), nodePorts: sim.random("nodeport-allocator") };
  const store = sim.store;
  return {
    sim,
    create(service: Service): Service {
      return store.transaction((tx) => {
        const r = allocateServiceOnCreate(tx, service, config, rng);
        if ("errors" in r) throw new Rejected(r.errors);
        return tx.create(r.service as KubeObject) as Service;
      });
    },
    update(namespace: string, name: string, change: (stored: Service) => Service): Service {
      return store.transaction((tx) => {
        const old = tx.get("Service", namespace, name) as Service;
        const r = allocateServiceOnUpdate(tx, change(old), old, config, rng);
        if ("errors" in r) throw new Rejected(r.errors);
        return tx.update(r.service as KubeObject) as Service;
      });
    },
    delete(namespace: string, name: string): void {
      store.transaction((tx) => {
        const old = tx.get("Service", namespace, name) as Service;
        tx.delete({ kind: "Service", namespace, name });
        releaseServiceAllocations(tx, old);
      });
    },
    get(namespace: string, name: string): Service {
      return store.get("Service", namespace, name) as Service;
    },
    ipAddresses(): KubeObject[] {
      return store.list("IPAddress");
    },
    nodePorts(): number[] {
      return allocatedNodePorts(store);
    },
  };
}

function service(name: string, spec: ServiceSpec, namespace = "default"): Service {
  return { apiVersion: "v1", kind: "Service", metadata: { name, namespace }, spec };
}

const tcp = (port: number, extra: Partial<ServicePort> = {}): ServicePort => ({
  name: `p${port}`,
  port,
  protocol: "TCP",
  targetPort: port,
  ...extra,
});

function rejection(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof Rejected) return err.errors.map(errorString);
    throw err;
  }
  throw new Error("expected the request to be refused");
}

function statusError(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (err) {
    if (err instanceof StatusError) return err;
    throw err;
  }
  throw new Error("expected a StatusError");
}

const ipValue = (text: string) => parseIP(text)!.value;

describe("ClusterIP allocation (storage/alloc.go, IPAddress allocator of Kubernetes 1.33)", () => {
  it("the kubernetes Service gets 10.96.0.1 and kube-dns 10.96.0.10 when they ask for them", () => {
    const c = cluster();
    const k = c.create(service("kubernetes", { clusterIP: "10.96.0.1", ports: [tcp(443)] }));
    const dns = c.create(service("kube-dns", { clusterIP: "10.96.0.10", ports: [tcp(53)] }, "kube-system"));
    expect(k.spec).toMatchObject({
      clusterIP: "10.96.0.1",
      clusterIPs: ["10.96.0.1"],
      ipFamilies: ["IPv4"],
      ipFamilyPolicy: "SingleStack",
    });
    expect(dns.spec?.clusterIPs).toEqual(["10.96.0.10"]);
    const ip = c.sim.store.get("IPAddress", "", "10.96.0.10")!;
    expect(ip).toMatchObject({
      apiVersion: "networking.k8s.io/v1",
      kind: "IPAddress",
      metadata: {
        name: "10.96.0.10",
        labels: {
          "ipaddress.kubernetes.io/ip-family": "IPv4",
          "ipaddress.kubernetes.io/managed-by": "ipallocator.k8s.io",
        },
      },
      spec: { parentRef: { resource: "services", namespace: "kube-system", name: "kube-dns" } },
    });
  });

  it("dynamic ClusterIPs of a /12 come from the upper band, at or above 10.96.1.1 (KEP-3070)", () => {
    const c = cluster();
    const range = serviceIPRange(mustParseCIDR("10.96.0.0/12"));
    for (let i = 0; i < 100; i++) {
      const s = c.create(service(`s${i}`, { ports: [tcp(80)] }));
      const v = ipValue(s.spec!.clusterIP!);
      expect(v >= ipValue("10.96.1.1") && v <= range.last.value).toBe(true);
      expect(s.spec!.clusterIPs).toEqual([s.spec!.clusterIP]);
    }
    expect(c.ipAddresses()).toHaveLength(100);
  });

  it("the same seed allocates the same addresses; another seed others", () => {
    const run = (seed: number) => {
      const c = cluster(DEFAULT_SERVICE_ALLOCATION_CONFIG, seed);
      return Array.from({ length: 10 }, (_, i) =>
        c.create(service(`s${i}`, { type: "NodePort", ports: [tcp(80)] })),
      ).map((s) => `${s.spec!.clusterIP}:${s.spec!.ports![0]!.nodePort}`);
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
  });

  it("a /29 holds six Services; the seventh fails with the API server's InternalError", () => {
    const c = cluster({ serviceCIDRs: ["10.96.0.0/29"], nodePortRange: "30000-32767" });
    const ips = Array.from(
      { length: 6 },
      (_, i) => c.create(service(`s${i}`, { ports: [tcp(80)] })).spec!.clusterIP,
    );
    expect([...ips].sort()).toEqual([
      "10.96.0.1",
      "10.96.0.2",
      "10.96.0.3",
      "10.96.0.4",
      "10.96.0.5",
      "10.96.0.6",
    ]);
    const err = statusError(() => c.create(service("s6", { ports: [tcp(80)] })));
    expect(err.status).toMatchObject({
      code: 500,
      reason: "InternalError",
      message: "Internal error occurred: failed to allocate a serviceIP: range is full",
      details: { causes: [{ message: "failed to allocate a serviceIP: range is full" }] },
    });
    expect(c.ipAddresses()).toHaveLength(6);
  });

  it("a small range uses its static band only once the dynamic band is full", () => {
    const c = cluster({ serviceCIDRs: ["10.96.0.0/27"], nodePortRange: "30000-32767" }); // 30 usable, band 16
    const got = Array.from({ length: 30 }, (_, i) =>
      ipValue(c.create(service(`s${i}`, {})).spec!.clusterIP!),
    );
    const firstDynamic = ipValue("10.96.0.17");
    expect(got.slice(0, 14).every((v) => v >= firstDynamic)).toBe(true);
    expect(got.slice(14).every((v) => v < firstDynamic)).toBe(true);
  });

  it.each([
    [
      "a taken address",
      "10.96.0.10",
      'spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: failed to allocate IP 10.96.0.10: provided IP is already allocated',
    ],
    [
      "the network address",
      "10.96.0.0",
      'spec.clusterIPs: Invalid value: []string{"10.96.0.0"}: failed to allocate IP 10.96.0.0: the provided IP (10.96.0.0) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
    ],
    [
      "the broadcast address",
      "10.111.255.255",
      'spec.clusterIPs: Invalid value: []string{"10.111.255.255"}: failed to allocate IP 10.111.255.255: the provided IP (10.111.255.255) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
    ],
    [
      "an address outside every ServiceCIDR",
      "192.168.0.1",
      'spec.clusterIPs: Invalid value: []string{"192.168.0.1"}: failed to allocate IP 192.168.0.1: the provided network does not match the current range',
    ],
  ])("a requested ClusterIP that is %s is refused with the allocator's text", (_what, ip, message) => {
    const c = cluster();
    c.create(service("kube-dns", { clusterIP: "10.96.0.10", ports: [tcp(53)] }, "kube-system"));
    expect(rejection(() => c.create(service("web", { clusterIP: ip, ports: [tcp(80)] })))).toEqual([message]);
    expect(c.ipAddresses().map((o) => o.metadata.name)).toEqual(["10.96.0.10"]);
  });

  it("headless and ExternalName Services get no ClusterIP", () => {
    const c = cluster();
    const h = c.create(service("h", { clusterIP: "None", selector: { app: "x" }, ports: [tcp(80)] }));
    expect(h.spec).toMatchObject({
      clusterIP: "None",
      clusterIPs: ["None"],
      ipFamilies: ["IPv4"],
      ipFamilyPolicy: "SingleStack",
    });
    const hs = c.create(service("hs", { clusterIP: "None" }));
    expect(hs.spec).toMatchObject({ ipFamilies: ["IPv4", "IPv6"], ipFamilyPolicy: "RequireDualStack" });
    const e = c.create(service("e", { type: "ExternalName", externalName: "example.com" }));
    expect(e.spec).toEqual({ type: "ExternalName", externalName: "example.com" });
    expect(c.ipAddresses()).toHaveLength(0);
  });

  it("dual-stack: PreferDualStack gets one address per family, primary first", () => {
    const c = cluster({ serviceCIDRs: ["10.96.0.0/12", "fd00:10:96::/108"], nodePortRange: "30000-32767" });
    const s = c.create(service("web", { ipFamilyPolicy: "PreferDualStack", ports: [tcp(80)] }));
    expect(s.spec!.ipFamilies).toEqual(["IPv4", "IPv6"]);
    expect(parseIP(s.spec!.clusterIPs![0]!)?.family).toBe("IPv4");
    expect(parseIP(s.spec!.clusterIPs![1]!)?.family).toBe("IPv6");
    expect(s.spec!.clusterIP).toBe(s.spec!.clusterIPs![0]);
    const v6 = c.sim.store.get("IPAddress", "", s.spec!.clusterIPs![1]!)!;
    expect(v6.metadata.labels?.["ipaddress.kubernetes.io/ip-family"]).toBe("IPv6");
    const six = c.create(service("six", { ipFamilies: ["IPv6"], ports: [tcp(80)] }));
    expect(six.spec).toMatchObject({ ipFamilies: ["IPv6"], ipFamilyPolicy: "SingleStack" });
    expect(formatIP(parseIP(six.spec!.clusterIP!)!)).toBe(six.spec!.clusterIP);
  });

  it("IP family errors of initIPFamilyFields", () => {
    const c = cluster();
    expect(
      rejection(() => c.create(service("a", { ipFamilyPolicy: "RequireDualStack", ports: [tcp(80)] }))),
    ).toEqual([
      'spec.ipFamilyPolicy: Invalid value: "RequireDualStack": this cluster is not configured for dual-stack services',
    ]);
    expect(rejection(() => c.create(service("b", { ipFamilies: ["IPv6"], ports: [tcp(80)] })))).toEqual([
      'spec.ipFamilies[0]: Invalid value: "IPv6": not configured on this cluster',
    ]);
    expect(rejection(() => c.create(service("c", { clusterIP: "fd00::10", ports: [tcp(80)] })))).toEqual([
      'spec.clusterIPs[0]: Invalid value: []string{"fd00::10"}: IPv6 is not configured on this cluster',
    ]);
    expect(
      rejection(() =>
        c.create(
          service("d", {
            ipFamilyPolicy: "SingleStack",
            ipFamilies: ["IPv4", "IPv6"],
            clusterIP: "10.96.0.5",
            clusterIPs: ["10.96.0.5", "fd00::5"],
          }),
        ),
      ),
    ).toEqual([
      `spec.ipFamilyPolicy: Invalid value: "SingleStack": must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified`,
      `spec.ipFamilyPolicy: Invalid value: "SingleStack": must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified`,
    ]);
    // PreferDualStack on a single-stack cluster quietly stays single-stack.
    expect(c.create(service("e", { ipFamilyPolicy: "PreferDualStack" })).spec!.ipFamilies).toEqual(["IPv4"]);
  });

  it("malformed ClusterIP fields are left for validation (or for the validator passed in)", () => {
    const c = cluster();
    const s = c.create(service("bad", { clusterIP: "not-an-ip", ports: [tcp(80)] }));
    expect(s.spec!.clusterIPs).toEqual(["not-an-ip"]);
    expect(c.ipAddresses()).toHaveLength(0);
    const r = c.sim.store.transaction((tx) =>
      allocateServiceOnCreate(
        tx,
        service("bad2", { clusterIP: "x" }),
        DEFAULT_SERVICE_ALLOCATION_CONFIG,
        c.sim.random("x"),
        {
          validateClusterIPsRelatedFields: () => [
            {
              type: "FieldValueInvalid",
              field: "spec.clusterIPs[0]",
              badValue: "x",
              detail: "must be a valid IP address",
            },
          ],
        },
      ),
    );
    expect("errors" in r && r.errors.map(errorString)).toEqual([
      'spec.clusterIPs[0]: Invalid value: "x": must be a valid IP address',
    ]);
  });

  it("a refused request undoes its own allocations even when the caller commits the transaction", () => {
    const c = cluster({ serviceCIDRs: ["10.96.0.0/12", "fd00:10:96::/108"], nodePortRange: "30000-32767" });
    c.create(service("taken", { type: "NodePort", ports: [tcp(80, { nodePort: 30080 })] }));
    const before = { ips: c.ipAddresses().length, ports: c.nodePorts() };
    const r = c.sim.store.transaction((tx) =>
      allocateServiceOnCreate(
        tx,
        service("x", {
          type: "NodePort",
          ipFamilyPolicy: "RequireDualStack",
          ports: [tcp(80, { nodePort: 30080 })],
        }),
        { serviceCIDRs: ["10.96.0.0/12", "fd00:10:96::/108"], nodePortRange: "30000-32767" },
        c.sim.random("x"),
      ),
    );
    expect("errors" in r && r.errors.map(errorString)).toEqual([
      "spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated",
    ]);
    expect({ ips: c.ipAddresses().length, ports: c.nodePorts() }).toEqual(before);
  });

  it("does not modify its input (store objects are frozen)", () => {
    const c = cluster();
    const input = Object.freeze(
      service("web", Object.freeze({ type: "NodePort", ports: [Object.freeze(tcp(80))] })),
    );
    const s = c.create(input);
    expect(input.spec!.clusterIP).toBeUndefined();
    expect(s.spec!.ports![0]!.nodePort).toBeDefined();
  });
});

describe("NodePort allocation", () => {
  it("dynamic NodePorts come from 30086-32767 (static band 30000-30085, KEP-3668)", () => {
    const c = cluster();
    for (let i = 0; i < 50; i++) {
      const np = c.create(service(`s${i}`, { type: "NodePort", ports: [tcp(80)] })).spec!.ports![0]!
        .nodePort!;
      expect(np >= 30086 && np <= 32767).toBe(true);
    }
    expect(c.nodePorts()).toHaveLength(50);
  });

  it("requested NodePorts are honoured or refused with the allocator's text", () => {
    const c = cluster();
    const a = c.create(service("a", { type: "NodePort", ports: [tcp(80, { nodePort: 30080 })] }));
    expect(a.spec!.ports![0]!.nodePort).toBe(30080);
    expect(
      rejection(() => c.create(service("b", { type: "NodePort", ports: [tcp(80, { nodePort: 30080 })] }))),
    ).toEqual(["spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated"]);
    expect(
      rejection(() =>
        c.create(service("c", { type: "NodePort", ports: [tcp(80), tcp(81, { nodePort: 12306 })] })),
      ),
    ).toEqual([
      "spec.ports[1].nodePort: Invalid value: 12306: provided port is not in the valid range. The range of valid ports is 30000-32767",
    ]);
    expect(c.nodePorts()).toEqual([30080]);
    expect(c.ipAddresses()).toHaveLength(1);
  });

  it("ports sharing a port number across protocols share one nodePort", () => {
    const c = cluster();
    const dns = c.create(
      service("dns", {
        type: "NodePort",
        ports: [
          { name: "dns-tcp", port: 53, protocol: "TCP" },
          { name: "dns", port: 53, protocol: "UDP" },
          { name: "metrics", port: 9153, protocol: "TCP" },
        ],
      }),
    );
    const [t, u, m] = dns.spec!.ports!.map((p) => p.nodePort);
    expect(t).toBe(u);
    expect(m).not.toBe(t);
    const req = c.create(
      service("req", {
        type: "NodePort",
        ports: [
          { name: "a", port: 53, protocol: "TCP" },
          { name: "b", port: 53, protocol: "UDP", nodePort: 30053 },
        ],
      }),
    );
    expect(req.spec!.ports!.map((p) => p.nodePort)).toEqual([30053, 30053]);
  });

  it("LoadBalancer: NodePorts by default; none with allocateLoadBalancerNodePorts false, except requested ones", () => {
    const c = cluster();
    const lb = c.create(
      service("lb", { type: "LoadBalancer", allocateLoadBalancerNodePorts: true, ports: [tcp(80)] }),
    );
    expect(lb.spec!.ports![0]!.nodePort).toBeGreaterThanOrEqual(30086);
    const none = c.create(
      service("none", {
        type: "LoadBalancer",
        allocateLoadBalancerNodePorts: false,
        ports: [tcp(80), tcp(81, { nodePort: 30081 })],
      }),
    );
    expect(none.spec!.ports!.map((p) => p.nodePort)).toEqual([undefined, 30081]);
    const cip = c.create(service("cip", { type: "ClusterIP", ports: [tcp(80)] }));
    expect(cip.spec!.ports![0]!.nodePort).toBeUndefined();
  });

  it("healthCheckNodePort for LoadBalancer with externalTrafficPolicy Local, requested or picked", () => {
    const c = cluster();
    const a = c.create(
      service("a", { type: "LoadBalancer", externalTrafficPolicy: "Local", ports: [tcp(80)] }),
    );
    expect(a.spec!.healthCheckNodePort).toBeGreaterThanOrEqual(30086);
    const b = c.create(
      service("b", {
        type: "LoadBalancer",
        externalTrafficPolicy: "Local",
        healthCheckNodePort: 30010,
        ports: [tcp(80)],
      }),
    );
    expect(b.spec!.healthCheckNodePort).toBe(30010);
    const err = statusError(() =>
      c.create(
        service("x", { type: "LoadBalancer", externalTrafficPolicy: "Local", healthCheckNodePort: 30010 }),
      ),
    );
    expect(err.message).toBe(
      "Internal error occurred: failed to allocate requested HealthCheck NodePort 30010: provided port is already allocated",
    );
    const cl = c.create(
      service("cl", { type: "LoadBalancer", externalTrafficPolicy: "Cluster", ports: [tcp(80)] }),
    );
    expect(cl.spec!.healthCheckNodePort).toBeUndefined();
  });

  it("a full NodePort range fails with the API server's InternalError", () => {
    const c = cluster({ serviceCIDRs: ["10.96.0.0/12"], nodePortRange: "30000-30003" });
    c.create(service("a", { type: "NodePort", ports: [tcp(1), tcp(2), tcp(3), tcp(4)] }));
    const err = statusError(() => c.create(service("b", { type: "NodePort", ports: [tcp(80)] })));
    expect(err.message).toBe("Internal error occurred: failed to allocate a nodePort: range is full");
    expect(c.ipAddresses()).toHaveLength(1); // b's ClusterIP was given back
  });
});

describe("updates (beginUpdate: patchAllocatedValues, allocateUpdate, dropTypeDependentFields)", () => {
  const manifest = (spec: ServiceSpec) => service("web", spec);

  it("re-applying a manifest without clusterIP and nodePorts keeps the allocated ones", () => {
    const c = cluster();
    const m = manifest({ type: "NodePort", ports: [tcp(80), tcp(443)] });
    const first = c.create(m);
    const again = c.update("default", "web", () => m);
    expect(again.spec!.clusterIP).toBe(first.spec!.clusterIP);
    expect(again.spec!.clusterIPs).toEqual(first.spec!.clusterIPs);
    expect(again.spec!.ports!.map((p) => p.nodePort)).toEqual(first.spec!.ports!.map((p) => p.nodePort));
    expect(c.nodePorts()).toHaveLength(2);
  });

  it("a changed nodePort is allocated and the old one released; a removed port's nodePort is released", () => {
    const c = cluster();
    c.create(
      manifest({ type: "NodePort", ports: [tcp(80, { nodePort: 30080 }), tcp(443, { nodePort: 30443 })] }),
    );
    c.update("default", "web", (s) => ({ ...s, spec: { ...s.spec, ports: [tcp(80, { nodePort: 30081 })] } }));
    expect(c.nodePorts()).toEqual([30081]);
  });

  it("NodePort → ClusterIP releases the nodePorts; a patch of only `type` also drops them from the object", () => {
    const c = cluster();
    c.create(manifest({ type: "NodePort", ports: [tcp(80)] }));
    const s = c.update("default", "web", (old) => ({ ...old, spec: { ...old.spec, type: "ClusterIP" } }));
    expect(s.spec!.ports![0]!.nodePort).toBeUndefined();
    expect(c.nodePorts()).toEqual([]);
    expect(c.ipAddresses()).toHaveLength(1);
  });

  it("→ ExternalName releases the ClusterIP and drops clusterIP(s), ipFamilies, ipFamilyPolicy and nodePorts", () => {
    const c = cluster();
    c.create(manifest({ type: "LoadBalancer", externalTrafficPolicy: "Local", ports: [tcp(80)] }));
    expect(c.nodePorts()).toHaveLength(2);
    const s = c.update("default", "web", (old) => ({
      ...old,
      spec: { ...old.spec, type: "ExternalName", externalName: "example.com" },
    }));
    expect(s.spec!.clusterIP).toBeUndefined();
    expect(s.spec!.clusterIPs).toBeUndefined();
    expect(s.spec!.ipFamilies).toBeUndefined();
    expect(s.spec!.ipFamilyPolicy).toBeUndefined();
    expect(s.spec!.healthCheckNodePort).toBeUndefined();
    expect(s.spec!.ports![0]!.nodePort).toBeUndefined();
    expect(c.ipAddresses()).toHaveLength(0);
    expect(c.nodePorts()).toEqual([]);
    // And back: ExternalName → ClusterIP allocates a new address.
    const back = c.update("default", "web", () => manifest({ type: "ClusterIP", ports: [tcp(80)] }));
    expect(back.spec!.clusterIP).toMatch(/^10\./);
    expect(c.ipAddresses().map((o) => o.metadata.name)).toEqual([back.spec!.clusterIP]);
  });

  it("ClusterIP → LoadBalancer with externalTrafficPolicy Local allocates nodePorts and a healthCheckNodePort", () => {
    const c = cluster();
    c.create(manifest({ ports: [tcp(80)] }));
    const s = c.update("default", "web", () =>
      manifest({ type: "LoadBalancer", externalTrafficPolicy: "Local", ports: [tcp(80)] }),
    );
    expect(s.spec!.ports![0]!.nodePort).toBeDefined();
    expect(s.spec!.healthCheckNodePort).toBeDefined();
    expect(c.nodePorts()).toHaveLength(2);
    c.update("default", "web", (old) => ({
      ...old,
      spec: { ...old.spec, externalTrafficPolicy: "Cluster" },
    }));
    expect(c.nodePorts()).toEqual([c.get("default", "web").spec!.ports![0]!.nodePort]);
  });

  it("a refused update releases nothing", () => {
    const c = cluster();
    c.create(service("other", { type: "NodePort", ports: [tcp(80, { nodePort: 30099 })] }));
    c.create(manifest({ type: "NodePort", ports: [tcp(80, { nodePort: 30080 })] }));
    expect(
      rejection(() =>
        c.update("default", "web", () =>
          manifest({ type: "NodePort", ports: [tcp(80, { nodePort: 30099 })] }),
        ),
      ),
    ).toEqual(["spec.ports[0].nodePort: Invalid value: 30099: provided port is already allocated"]);
    expect(c.nodePorts()).toEqual([30080, 30099]);
  });

  it("dual-stack upgrade allocates the secondary address, downgrade to SingleStack releases it", () => {
    const c = cluster({ serviceCIDRs: ["10.96.0.0/12", "fd00:10:96::/108"], nodePortRange: "30000-32767" });
    c.create(manifest({ ports: [tcp(80)] }));
    const up = c.update("default", "web", () =>
      manifest({ ipFamilyPolicy: "PreferDualStack", ports: [tcp(80)] }),
    );
    expect(up.spec!.ipFamilies).toEqual(["IPv4", "IPv6"]);
    expect(up.spec!.clusterIPs).toHaveLength(2);
    expect(c.ipAddresses()).toHaveLength(2);
    const down = c.update("default", "web", () =>
      manifest({ ipFamilyPolicy: "SingleStack", ports: [tcp(80)] }),
    );
    expect(down.spec!.clusterIPs).toEqual([up.spec!.clusterIPs![0]]);
    expect(down.spec!.ipFamilies).toEqual(["IPv4"]);
    expect(c.ipAddresses().map((o) => o.metadata.name)).toEqual([up.spec!.clusterIPs![0]]);
  });
});

describe("delete and bootstrap objects", () => {
  it("deleting a Service releases its ClusterIPs, nodePorts and healthCheckNodePort", () => {
    const c = cluster();
    const s = c.create(
      service("lb", { type: "LoadBalancer", externalTrafficPolicy: "Local", ports: [tcp(80), tcp(443)] }),
    );
    expect(c.nodePorts()).toHaveLength(3);
    c.delete("default", "lb");
    expect(c.ipAddresses()).toHaveLength(0);
    expect(c.nodePorts()).toEqual([]);
    // The released address can be requested again.
    expect(c.create(service("again", { clusterIP: s.spec!.clusterIP })).spec!.clusterIP).toBe(
      s.spec!.clusterIP,
    );
  });

  it("serviceCIDRObject is the `kubernetes` ServiceCIDR with the Ready condition", () => {
    const config = { serviceCIDRs: ["10.96.0.0/12", "FD00:10:96::/108"], nodePortRange: "30000-32767" };
    expect(serviceCIDRObject(config, "2025-01-01T00:00:00Z")).toEqual({
      apiVersion: "networking.k8s.io/v1",
      kind: "ServiceCIDR",
      metadata: { name: "kubernetes" },
      spec: { cidrs: ["10.96.0.0/12", "fd00:10:96::/108"] },
      status: {
        conditions: [
          {
            lastTransitionTime: "2025-01-01T00:00:00Z",
            message: "Kubernetes default Service CIDR is ready",
            reason: "",
            status: "True",
            type: "Ready",
          },
        ],
      },
    });
    const c = cluster();
    c.sim.store.create(serviceCIDRObject(DEFAULT_SERVICE_ALLOCATION_CONFIG));
    expect(c.sim.store.get("ServiceCIDR", "", "kubernetes")?.spec).toEqual({ cidrs: ["10.96.0.0/12"] });
  });

  it("the allocator error table matches Kubernetes 1.33", () => {
    expect(IP_ALLOCATOR_ERRORS.notInRange("10.96.0.0", "10.96.0.0/12")).toBe(
      "the provided IP (10.96.0.0) is not in the valid range. The range of valid IPs is 10.96.0.0/12",
    );
  });
});

import { endpointSliceController, installApiServer, type KubeObject, Simulation } from "@kubesim/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ProxyStateSnapshot, servicePortKey } from "./ProxyStateSnapshot.js";
import { ProxyStateTracker, type ProxySyncListener, type StaleUDPServicePort } from "./ProxyStateTracker.js";
import type { ProxyState } from "./ServicePortInfo.js";
import { servicePortInfos } from "./servicePortInfos.js";

interface Port {
  name?: string;
  port: number;
  protocol?: string;
  nodePort?: number;
}

function serviceObject(
  name: string,
  clusterIP: string,
  ports: Port[],
  extra: Record<string, unknown> = {},
): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: { name, namespace: "default" },
    spec: { clusterIP, clusterIPs: [clusterIP], ports, ...extra },
  };
}

interface Ep {
  ip: string;
  ready?: boolean;
  node?: string;
}

function sliceObject(name: string, service: string, endpoints: Ep[], ports: Port[]): KubeObject {
  return {
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: { name, namespace: "default", labels: { "kubernetes.io/service-name": service } },
    addressType: "IPv4",
    endpoints: endpoints.map((e) => ({
      addresses: [e.ip],
      conditions: { ready: e.ready ?? true, serving: e.ready ?? true, terminating: false },
      nodeName: e.node ?? "node-a",
    })),
    ports: ports.map((p) => ({ name: p.name ?? "", port: p.port, protocol: p.protocol ?? "TCP" })),
  };
}

function setEndpoints(sim: Simulation, slice: string, endpoints: Ep[]): void {
  const obj = sim.store.get("EndpointSlice", "default", slice)!;
  const next = sliceObject(slice, obj.metadata.labels!["kubernetes.io/service-name"]!, endpoints, []);
  sim.store.mutate({ kind: "EndpointSlice", namespace: "default", name: slice }, (d) => {
    d.endpoints = next.endpoints;
  });
}

function endpointsOf(state: ProxyState, name: string): string[] {
  return state
    .servicePorts()
    .filter((p) => p.name === name)
    .flatMap((p) => p.endpoints.map((e) => e.endpoint));
}

const http = [{ name: "http", port: 80 }];
const target = [{ name: "http", port: 8080 }];

function recorder(): {
  calls: { version: number; atMs: number; stale: readonly StaleUDPServicePort[]; node?: string }[];
  onSync: ProxySyncListener;
} {
  const calls: { version: number; atMs: number; stale: readonly StaleUDPServicePort[]; node?: string }[] = [];
  return {
    calls,
    onSync: (state, stale, node) =>
      calls.push({
        version: state.version,
        atMs: state.syncedAtMs,
        stale,
        ...(node !== undefined ? { node } : {}),
      }),
  };
}

describe("ProxyStateTracker: the sync loop on virtual time", () => {
  it("a change is applied minSyncPeriod later, so the stale window is always observable", () => {
    const sim = new Simulation();
    const tracker = new ProxyStateTracker({ sim });
    const t0 = sim.nowMs;
    sim.store.create(serviceObject("web", "10.96.0.20", http));
    sim.store.create(sliceObject("web-abc", "web", [{ ip: "10.244.1.5" }], target));
    expect(tracker.pendingChanges()).toBe(true);
    expect(tracker.nextSyncAtMs()).toBe(t0 + 1000);
    sim.advance(999);
    expect(tracker.state().byClusterIP("10.96.0.20", "TCP", 80)).toBeUndefined();
    sim.advance(1);
    expect(tracker.pendingChanges()).toBe(false);
    expect(tracker.nextSyncAtMs()).toBeUndefined();
    expect(endpointsOf(tracker.state(), "default/web:http")).toEqual(["10.244.1.5:8080"]);
    expect(tracker.state().syncedAtMs).toBe(t0 + 1000);

    // After a quiet period, the first change waits for the min sync period too.
    sim.advance(60_000);
    setEndpoints(sim, "web-abc", [{ ip: "10.244.2.9" }]);
    sim.advance(999);
    expect(endpointsOf(tracker.state(), "default/web:http")).toEqual(["10.244.1.5:8080"]);
    sim.advance(1);
    expect(endpointsOf(tracker.state(), "default/web:http")).toEqual(["10.244.2.9:8080"]);
  });

  it("changes within the window join one sync; minSyncPeriodMs is configurable", () => {
    const sim = new Simulation();
    const { calls, onSync } = recorder();
    const tracker = new ProxyStateTracker({ sim, minSyncPeriodMs: 250, onSync });
    const t0 = sim.nowMs;
    sim.store.create(serviceObject("web", "10.96.0.20", http));
    sim.advance(100);
    sim.store.create(sliceObject("web-abc", "web", [{ ip: "10.244.1.5" }], target));
    sim.advance(150);
    expect(calls).toEqual([{ version: 1, atMs: t0 + 250, stale: [] }]);
    expect(endpointsOf(tracker.state(), "default/web:http")).toEqual(["10.244.1.5:8080"]);
  });

  it("lists what the store already holds and syncs at once (kube-proxy syncs when its informers have synced)", () => {
    const sim = new Simulation();
    sim.store.create(serviceObject("web", "10.96.0.20", http));
    sim.store.create(sliceObject("web-abc", "web", [{ ip: "10.244.1.5" }], target));
    const tracker = new ProxyStateTracker({ sim });
    expect(tracker.state().version).toBe(1);
    expect(endpointsOf(tracker.state(), "default/web:http")).toEqual(["10.244.1.5:8080"]);
  });

  it("recomputes only the changed Services and shares every unchanged ServicePortInfo", () => {
    const sim = new Simulation();
    sim.store.create(
      serviceObject("a", "10.96.0.1", [
        { name: "http", port: 80 },
        { name: "dns", port: 53, protocol: "UDP" },
      ]),
    );
    sim.store.create(sliceObject("a-1", "a", [{ ip: "10.244.1.1" }], [{ name: "http", port: 8080 }]));
    sim.store.create(
      sliceObject("a-2", "a", [{ ip: "10.244.1.9" }], [{ name: "dns", port: 53, protocol: "UDP" }]),
    );
    sim.store.create(serviceObject("b", "10.96.0.2", http));
    sim.store.create(sliceObject("b-1", "b", [{ ip: "10.244.2.1" }], target));
    const tracker = new ProxyStateTracker({ sim });
    const before = tracker.state() as ProxyStateSnapshot;
    const aHttp = before.byClusterIP("10.96.0.1", "TCP", 80)!;
    const aDns = before.byClusterIP("10.96.0.1", "UDP", 53)!;
    const b = before.byClusterIP("10.96.0.2", "TCP", 80)!;

    setEndpoints(sim, "a-1", [{ ip: "10.244.1.1" }, { ip: "10.244.1.2" }]);
    sim.advance(1000);
    const after = tracker.state();
    expect(after.version).toBe(2);
    expect(tracker.lastSync()).toMatchObject({ servicesRecomputed: 1, portsChanged: 1, portsRemoved: 0 });
    expect(after.byClusterIP("10.96.0.2", "TCP", 80)).toBe(b);
    // The other port of the changed Service is equal, so it is kept as it was.
    expect(after.byClusterIP("10.96.0.1", "UDP", 53)).toBe(aDns);
    expect(after.byClusterIP("10.96.0.1", "TCP", 80)).not.toBe(aHttp);
    expect(endpointsOf(after, "default/a:http")).toEqual(["10.244.1.1:8080", "10.244.1.2:8080"]);
    // Within the changed port, the endpoint that did not change keeps its object.
    const [kept, added] = after.byClusterIP("10.96.0.1", "TCP", 80)!.endpoints;
    expect(kept).toBe(aHttp.endpoints[0]);
    expect(added).toMatchObject({ ip: "10.244.1.2", ready: true });
    // An endpoint that changed (not ready now) is a new object, with the new conditions.
    setEndpoints(sim, "a-1", [{ ip: "10.244.1.1", ready: false }, { ip: "10.244.1.2" }]);
    sim.advance(1000);
    const [unready, same] = tracker.state().byClusterIP("10.96.0.1", "TCP", 80)!.endpoints;
    expect(unready).not.toBe(kept);
    expect(unready).toMatchObject({ ip: "10.244.1.1", ready: false, serving: false });
    expect(same).toBe(added);

    // A change kube-proxy does not care about (a label) makes no new state.
    const synced = tracker.state();
    sim.store.mutate({ kind: "Service", namespace: "default", name: "b" }, (d) => {
      d.metadata.labels = { team: "x" };
    });
    sim.advance(1000);
    expect(tracker.state()).toBe(synced);
  });

  it("deleting a Service removes its ports; a slice relabelled to another Service moves", () => {
    const sim = new Simulation();
    sim.store.create(serviceObject("a", "10.96.0.1", http));
    sim.store.create(serviceObject("b", "10.96.0.2", http));
    sim.store.create(sliceObject("s-1", "a", [{ ip: "10.244.1.1" }], target));
    const tracker = new ProxyStateTracker({ sim });
    sim.store.mutate({ kind: "EndpointSlice", namespace: "default", name: "s-1" }, (d) => {
      d.metadata.labels = { "kubernetes.io/service-name": "b" };
    });
    sim.advance(1000);
    expect(endpointsOf(tracker.state(), "default/a:http")).toEqual([]);
    expect(endpointsOf(tracker.state(), "default/b:http")).toEqual(["10.244.1.1:8080"]);
    sim.store.delete({ kind: "Service", namespace: "default", name: "b" });
    sim.advance(1000);
    expect(tracker.state().byClusterIP("10.96.0.2", "TCP", 80)).toBeUndefined();
    expect(
      tracker
        .state()
        .servicePorts()
        .map((p) => p.name),
    ).toEqual(["default/a:http"]);
  });
});

describe("ProxyStateTracker: paused nodes", () => {
  it("a paused node keeps its rules; on resume it syncs minSyncPeriod later and cleans its stale UDP entries", () => {
    const sim = new Simulation();
    const dns = [{ name: "dns", port: 53, protocol: "UDP" }];
    sim.store.create(serviceObject("kube-dns", "10.96.0.10", dns));
    sim.store.create(
      sliceObject("kube-dns-1", "kube-dns", [{ ip: "10.244.0.3" }, { ip: "10.244.0.4" }], dns),
    );
    const { calls, onSync } = recorder();
    const tracker = new ProxyStateTracker({ sim, onSync });
    const initial = tracker.state();
    tracker.pause("node-a");
    expect(tracker.isPaused("node-a")).toBe(true);

    setEndpoints(sim, "kube-dns-1", [{ ip: "10.244.0.3" }]);
    sim.advance(1000);
    expect(endpointsOf(tracker.state(), "default/kube-dns:dns")).toEqual(["10.244.0.3:53"]);
    expect(tracker.stateFor("node-a")).toBe(initial);
    expect(tracker.stateFor("node-b")).toBe(tracker.state());

    sim.advance(30_000);
    tracker.resume("node-a");
    expect(tracker.nextSyncAtMs()).toBe(sim.nowMs + 1000);
    sim.advance(999);
    expect(tracker.stateFor("node-a")).toBe(initial);
    sim.advance(1);
    expect(tracker.stateFor("node-a")).toBe(tracker.state());
    expect(tracker.isPaused("node-a")).toBe(false);
    const last = calls.at(-1)!;
    expect(last.node).toBe("node-a");
    expect(last.stale).toEqual([
      {
        servicePort: "default/kube-dns:dns",
        serviceIPs: ["10.96.0.10"],
        port: 53,
        nodePort: 0,
        servingEndpoints: ["10.244.0.3:53"],
        removedEndpoints: ["10.244.0.4:53"],
      },
    ]);
  });

  it("pausing again before the resume sync keeps the node paused", () => {
    const sim = new Simulation();
    sim.store.create(serviceObject("web", "10.96.0.20", http));
    const tracker = new ProxyStateTracker({ sim });
    const initial = tracker.state();
    tracker.pause("n");
    sim.store.create(sliceObject("web-1", "web", [{ ip: "10.244.1.5" }], target));
    tracker.resume("n");
    sim.advance(500);
    tracker.pause("n");
    sim.advance(5000);
    expect(tracker.stateFor("n")).toBe(initial);
    expect(tracker.stateFor("m")).not.toBe(initial);
  });
});

describe("ProxyStateTracker: stale UDP service ports (pkg/proxy/conntrack/cleanup.go)", () => {
  it("lists a UDP port that lost a serving endpoint, or got its first one; never TCP ports", () => {
    const sim = new Simulation();
    const dns = [{ name: "dns", port: 53, protocol: "UDP", nodePort: 30053 }];
    const { calls, onSync } = recorder();
    new ProxyStateTracker({ sim, onSync });
    sim.store.create(
      serviceObject("dns", "10.96.0.10", dns, { type: "NodePort", externalIPs: ["192.168.1.50"] }),
    );
    sim.store.create(sliceObject("dns-1", "dns", [], dns));
    sim.store.create(serviceObject("web", "10.96.0.20", http));
    sim.store.create(sliceObject("web-1", "web", [{ ip: "10.244.1.5" }], target));
    sim.advance(1000);
    expect(calls.at(-1)!.stale).toEqual([]);

    setEndpoints(sim, "dns-1", [{ ip: "10.244.0.3" }, { ip: "10.244.0.4" }]);
    setEndpoints(sim, "web-1", []);
    sim.advance(1000);
    // 0 -> 2 serving endpoints: entries made while nothing answered may linger.
    expect(calls.at(-1)!.stale).toEqual([
      {
        servicePort: "default/dns:dns",
        serviceIPs: ["10.96.0.10", "192.168.1.50"],
        port: 53,
        nodePort: 30053,
        servingEndpoints: ["10.244.0.3:53", "10.244.0.4:53"],
        removedEndpoints: [],
      },
    ]);

    // One endpoint stops serving.
    setEndpoints(sim, "dns-1", [{ ip: "10.244.0.3" }, { ip: "10.244.0.4", ready: false }]);
    sim.advance(1000);
    expect(calls.at(-1)!.stale.map((s) => [s.servingEndpoints, s.removedEndpoints])).toEqual([
      [["10.244.0.3:53"], ["10.244.0.4:53"]],
    ]);

    // A new endpoint only: nothing can be stale.
    setEndpoints(sim, "dns-1", [{ ip: "10.244.0.3" }, { ip: "10.244.0.5" }]);
    sim.advance(1000);
    expect(calls.at(-1)!.stale.map((s) => s.removedEndpoints)).toEqual([]);

    // The last endpoint goes: "a Service without endpoints does not require to clean".
    setEndpoints(sim, "dns-1", []);
    sim.advance(1000);
    expect(calls.at(-1)!.stale).toEqual([]);
  });
});

describe("ProxyStateTracker with the API server and the EndpointSlice controller", () => {
  it("follows a pod becoming ready behind a Service, one sync after the controller writes the slice", () => {
    const sim = new Simulation();
    installApiServer(sim);
    sim.store.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "default" } });
    sim.store.create({
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: { name: "default", namespace: "default" },
    });
    // The slice controller waits for the pod's Node (its zone goes into the slice).
    sim.store.create({ apiVersion: "v1", kind: "Node", metadata: { name: "node-a" } });
    sim.addController(endpointSliceController());
    const tracker = new ProxyStateTracker({ sim });
    const svc = sim.store.create({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "web", namespace: "default" },
      spec: { selector: { app: "web" }, ports: [{ port: 80, targetPort: 8080 }] },
    });
    const clusterIP = (svc.spec as { clusterIP: string }).clusterIP;
    sim.store.create({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "web-0", namespace: "default", labels: { app: "web" } },
      spec: { nodeName: "node-a", containers: [{ name: "app", image: "nginx" }] },
    });
    sim.store.mutate({ kind: "Pod", namespace: "default", name: "web-0" }, (d) => {
      d.status = {
        phase: "Running",
        podIP: "10.244.1.5",
        podIPs: [{ ip: "10.244.1.5" }],
        conditions: [{ type: "Ready", status: "True" }],
      };
    });
    sim.advance(0);
    expect(tracker.state().byClusterIP(clusterIP, "TCP", 80)).toBeUndefined();
    sim.advance(1000);
    const port = tracker.state().byClusterIP(clusterIP, "TCP", 80)!;
    expect(port.name).toBe("default/web");
    expect(port.endpoints.map((e) => [e.endpoint, e.ready, e.nodeName, e.targetRef?.name])).toEqual([
      ["10.244.1.5:8080", true, "node-a", "web-0"],
    ]);
  });
});

describe("ProxyStateTracker: property", () => {
  type Op =
    | { kind: "svc"; svc: number; clusterIP: number; withDNS: boolean }
    | { kind: "delsvc"; svc: number }
    | {
        kind: "slice";
        slice: number;
        svc: number;
        ips: number[];
        ready: boolean[];
        port: number;
        portName: string;
      }
    | { kind: "delslice"; slice: number }
    | { kind: "wait"; ms: number };

  // Mostly names the Services use, so that endpoints match; "x" matches no service port.
  const portName = fc.constantFrom("http", "dns", "x");
  const op: fc.Arbitrary<Op> = fc.oneof(
    fc.record({
      kind: fc.constant("svc" as const),
      svc: fc.nat(3),
      clusterIP: fc.nat(5),
      withDNS: fc.boolean(),
    }),
    fc.record({ kind: fc.constant("delsvc" as const), svc: fc.nat(3) }),
    fc.record({
      kind: fc.constant("slice" as const),
      slice: fc.nat(5),
      svc: fc.nat(3),
      ips: fc.array(fc.nat(6), { maxLength: 4 }),
      ready: fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
      port: fc.constantFrom(53, 80, 8080),
      portName,
    }),
    fc.record({ kind: fc.constant("delslice" as const), slice: fc.nat(5) }),
    fc.record({ kind: fc.constant("wait" as const), ms: fc.constantFrom(0, 300, 1000, 2500) }),
  );

  function apply(sim: Simulation, o: Op): void {
    const store = sim.store;
    switch (o.kind) {
      case "svc": {
        const name = `svc-${o.svc}`;
        const obj = serviceObject(name, `10.96.0.${o.clusterIP}`, [
          { name: "http", port: 80 },
          ...(o.withDNS ? [{ name: "dns", port: 53, protocol: "UDP" }] : []),
        ]);
        if (store.get("Service", "default", name))
          store.mutate({ kind: "Service", namespace: "default", name }, (d) => {
            d.spec = obj.spec;
          });
        else store.create(obj);
        break;
      }
      case "delsvc":
        if (store.get("Service", "default", `svc-${o.svc}`))
          store.delete({ kind: "Service", namespace: "default", name: `svc-${o.svc}` });
        break;
      case "slice": {
        const name = `slice-${o.slice}`;
        const obj = sliceObject(
          name,
          `svc-${o.svc}`,
          o.ips.map((ip, i) => ({ ip: `10.244.0.${ip}`, ready: o.ready[i]! })),
          [{ name: o.portName, port: o.port, protocol: o.portName === "dns" ? "UDP" : "TCP" }],
        );
        if (store.get("EndpointSlice", "default", name)) {
          store.mutate({ kind: "EndpointSlice", namespace: "default", name }, (d) => {
            d.metadata.labels = obj.metadata.labels;
            d.endpoints = obj.endpoints;
            d.ports = obj.ports;
          });
        } else store.create(obj);
        break;
      }
      case "delslice":
        if (store.get("EndpointSlice", "default", `slice-${o.slice}`))
          store.delete({ kind: "EndpointSlice", namespace: "default", name: `slice-${o.slice}` });
        break;
      case "wait":
        sim.advance(o.ms);
        break;
    }
  }

  it("after any changes and a sync, the state equals servicePortInfos recomputed from scratch over the store", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 8 }), fc.array(op, { maxLength: 30 }), (setup, ops) => {
        const sim = new Simulation();
        for (const o of setup) if (o.kind !== "wait") apply(sim, o);
        const tracker = new ProxyStateTracker({ sim });
        for (const o of ops) apply(sim, o);
        sim.advance(1000);
        const slices = sim.store.list("EndpointSlice");
        const expected = ProxyStateSnapshot.of(
          0,
          0,
          sim.store.list("Service").flatMap((s) => servicePortInfos(s, slices)),
        ).servicePorts();
        expect(tracker.state().servicePorts()).toEqual(expected);
        expect(tracker.pendingChanges()).toBe(false);
        for (const p of expected)
          expect((tracker.state() as ProxyStateSnapshot).get(servicePortKey(p))).toEqual(p);
      }),
      { numRuns: 300 },
    );
  });
});

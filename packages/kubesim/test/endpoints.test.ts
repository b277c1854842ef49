/**
 * The legacy Endpoints controller (REFERENCE section 4.5; K8s
 * pkg/controller/endpoint/endpoints_controller.go) in a whole simulated cluster.
 */
import { describe, expect, it } from "vitest";
import {
  clusterWithEndpointControllers,
  createPod,
  createService,
  type Endpoints,
  setReady,
  startPod,
} from "./endpointslice-fixtures.js";

const web = { selector: { app: "web" }, ports: [{ name: "http", port: 80, targetPort: 8080 }] };

function endpointsOf(
  c: ReturnType<typeof clusterWithEndpointControllers>,
  name: string,
): Endpoints | undefined {
  return c.sim.store.get("Endpoints", "default", name) as unknown as Endpoints | undefined;
}

describe("Endpoints controller", () => {
  it("writes an Endpoints object named as the Service, ready and not-ready addresses sorted by IP", () => {
    const c = clusterWithEndpointControllers();
    createService(c, "web", web, { labels: { tier: "frontend" } });
    const ips = { a: "10.244.1.9", b: "10.244.1.10", c: "10.244.1.2" };
    for (const [name, ip] of Object.entries(ips)) {
      createPod(c, name, { app: "web" });
      startPod(c, name, ip, name !== "c");
    }
    c.sim.settle();
    const ep = endpointsOf(c, "web")!;
    const uid = (n: string) => c.sim.store.get("Pod", "default", n)!.metadata.uid;
    const address = (n: keyof typeof ips) => ({
      ip: ips[n],
      nodeName: "kubesim-worker",
      targetRef: { kind: "Pod", namespace: "default", name: n, uid: uid(n) },
    });
    expect(ep.metadata?.labels).toEqual({ tier: "frontend" });
    expect(ep.metadata?.annotations).toEqual({
      "endpoints.kubernetes.io/last-change-trigger-time": "2025-01-01T00:00:00Z",
    });
    // Byte order of the IP text, as K8s LessEndpointAddress: "10.244.1.10" < "10.244.1.9".
    expect(ep.subsets).toEqual([
      {
        addresses: [address("b"), address("a")],
        notReadyAddresses: [address("c")],
        ports: [{ name: "http", port: 8080, protocol: "TCP" }],
      },
    ]);
  });

  it("keeps one address object per pod across its status changes, and a new one when the address changes", () => {
    const c = clusterWithEndpointControllers();
    createService(c, "web", web);
    createPod(c, "a", { app: "web" });
    startPod(c, "a", "10.244.1.2", false);
    c.sim.settle();
    const before = endpointsOf(c, "web")!.subsets![0]!.notReadyAddresses![0]!;
    setReady(c, "a", true);
    c.sim.settle();
    const after = endpointsOf(c, "web")!.subsets![0]!.addresses![0]!;
    // Only the pod's status changed: the new version lists the very same (frozen) address.
    expect(after).toBe(before);
    expect(Object.isFrozen(after)).toBe(true);
    // Its IP changed: a new address, with the new IP.
    startPod(c, "a", "10.244.1.3");
    c.sim.settle();
    const moved = endpointsOf(c, "web")!.subsets![0]!.addresses![0]!;
    expect(moved).not.toBe(before);
    expect(moved.ip).toBe("10.244.1.3");
  });

  it("leaves terminating pods out unless publishNotReadyAddresses, which also lists unready pods as ready", () => {
    const c = clusterWithEndpointControllers();
    createService(c, "web", web);
    createService(c, "peers", { ...web, publishNotReadyAddresses: true });
    createPod(c, "a", { app: "web" });
    startPod(c, "a", "10.244.1.2");
    createPod(c, "b", { app: "web" });
    startPod(c, "b", "10.244.1.3", false);
    c.sim.settle();
    c.sim.store.delete({ kind: "Pod", namespace: "default", name: "a" });
    c.sim.settle();
    const ipsOf = (name: string) =>
      (endpointsOf(c, name)!.subsets ?? []).map((s) => [
        (s.addresses ?? []).map((a) => a.ip),
        (s.notReadyAddresses ?? []).map((a) => a.ip),
      ]);
    expect(ipsOf("web")).toEqual([[[], ["10.244.1.3"]]]);
    expect(ipsOf("peers")).toEqual([[["10.244.1.2", "10.244.1.3"], []]]);
  });

  it("follows readiness and splits pods whose named port resolves differently into subsets", () => {
    const c = clusterWithEndpointControllers();
    createService(c, "web", { selector: { app: "web" }, ports: [{ port: 80, targetPort: "http" }] });
    createPod(c, "v1", { app: "web" }, { ports: [{ name: "http", containerPort: 8080 }] });
    startPod(c, "v1", "10.244.1.2", false);
    createPod(c, "v2", { app: "web" }, { ports: [{ name: "http", containerPort: 9090 }] });
    startPod(c, "v2", "10.244.1.3");
    c.sim.settle();
    setReady(c, "v1", true);
    c.sim.settle();
    const subsets = endpointsOf(c, "web")!.subsets!.map((s) => [
      s.addresses?.map((a) => a.ip),
      s.ports?.[0]?.port,
    ]);
    expect(subsets).toEqual([
      [["10.244.1.2"], 8080],
      [["10.244.1.3"], 9090],
    ]);
  });

  it("labels a headless Service's Endpoints service.kubernetes.io/headless and lists addresses without ports", () => {
    const c = clusterWithEndpointControllers();
    createService(c, "db", { selector: { app: "db" }, clusterIP: "None" });
    createPod(c, "db-0", { app: "db" }, { hostname: "db-0", subdomain: "db" });
    startPod(c, "db-0", "10.244.1.7");
    c.sim.settle();
    const ep = endpointsOf(c, "db")!;
    expect(ep.metadata?.labels).toEqual({ "service.kubernetes.io/headless": "" });
    expect(ep.subsets).toEqual([
      {
        addresses: [
          expect.objectContaining({ ip: "10.244.1.7", hostname: "db-0", nodeName: "kubesim-worker" }),
        ],
      },
    ]);
  });

  it("has no subsets without endpoints, deletes the Endpoints with the Service and recreates them if deleted", () => {
    const c = clusterWithEndpointControllers();
    createService(c, "web", web);
    c.sim.settle();
    expect(endpointsOf(c, "web")!.subsets).toBeUndefined();
    c.sim.store.delete({ kind: "Endpoints", namespace: "default", name: "web" });
    c.sim.settle();
    expect(endpointsOf(c, "web")).toBeDefined();
    c.sim.store.delete({ kind: "Service", namespace: "default", name: "web" });
    c.sim.settle();
    expect(endpointsOf(c, "web")).toBeUndefined();
  });

  it("leaves the Endpoints of a Service without selector to its user", () => {
    const c = clusterWithEndpointControllers();
    createService(c, "ext", { ports: [{ port: 5432 }] });
    const mine = c.sim.store.create({
      apiVersion: "v1",
      kind: "Endpoints",
      metadata: { name: "ext", namespace: "default" },
      subsets: [{ addresses: [{ ip: "192.168.0.10" }], ports: [{ port: 5432, protocol: "TCP" }] }],
    });
    c.sim.settle();
    expect(c.sim.store.get("Endpoints", "default", "ext")).toEqual(mine);
  });

  it("keeps at most 1000 addresses, annotated over-capacity: truncated, and drops the annotation below", () => {
    const c = clusterWithEndpointControllers();
    createService(c, "big", { selector: { app: "big" }, ports: [{ port: 80 }] });
    for (let i = 0; i < 1005; i++) {
      createPod(c, `p-${i}`, { app: "big" });
      startPod(c, `p-${i}`, `10.244.${1 + Math.floor(i / 250)}.${(i % 250) + 2}`);
    }
    c.sim.settle();
    const ep = endpointsOf(c, "big")!;
    expect(ep.metadata?.annotations?.["endpoints.kubernetes.io/over-capacity"]).toBe("truncated");
    expect(ep.subsets!.reduce((n, s) => n + (s.addresses?.length ?? 0), 0)).toBe(1000);
    for (let i = 0; i < 10; i++)
      c.sim.store.delete({ kind: "Pod", namespace: "default", name: `p-${i}` }, { gracePeriodSeconds: 0 });
    c.sim.settle();
    const after = endpointsOf(c, "big")!;
    expect(after.metadata?.annotations?.["endpoints.kubernetes.io/over-capacity"]).toBeUndefined();
    expect(after.subsets!.reduce((n, s) => n + (s.addresses?.length ?? 0), 0)).toBe(995);
  });
});

describe("kubectl get endpoints", () => {
  it("prints up to three ready ip:port pairs, then + N more..., and <none> without subsets", () => {
    const c = clusterWithEndpointControllers();
    createService(c, "web", web);
    createService(c, "empty", { selector: { app: "none" }, ports: [{ port: 80 }] });
    for (let i = 0; i < 5; i++) {
      createPod(c, `web-${i}`, { app: "web" });
      startPod(c, `web-${i}`, `10.244.1.${i + 2}`, i !== 4);
    }
    c.sim.settle();
    c.sim.advance(120_000);
    // `kubernetes` has no selector: its Endpoints are the API server's, written at bootstrap, 2 minutes before the start.
    const ep = "10.244.1.2:8080,10.244.1.3:8080,10.244.1.4:8080 + 1 more...";
    const pad = (cell: string) => cell + " ".repeat(ep.length - cell.length + 3);
    expect(c.kubectl("get endpoints").stdout).toBe(
      [
        `NAME         ${pad("ENDPOINTS")}AGE`,
        `empty        ${pad("<none>")}2m`,
        `kubernetes   ${pad("172.18.0.2:6443")}4m`,
        `web          ${ep}   2m`,
        "",
      ].join("\n"),
    );
  });
});

/**
 * The EndpointSlice controller (REFERENCE section 4; K8s pkg/controller/endpointslice and
 * staging/src/k8s.io/endpointslice) in a whole simulated cluster.
 */
import { describe, expect, it } from "vitest";
import {
  clusterWithEndpointControllers,
  createPod,
  createService,
  type EndpointSlice,
  endpointSummary,
  setPhase,
  setReady,
  slicesOf,
  startPod,
} from "./endpointslice-fixtures.js";

const web = { selector: { app: "web" }, ports: [{ port: 80, targetPort: 8080 }] };

describe("EndpointSlice controller: slices of a selector Service", () => {
  it("creates one slice named <svc>-xxxxx, owned by the Service, labelled, listing ready pods", () => {
    const c = clusterWithEndpointControllers();
    const svc = createService(c, "web", web, { labels: { tier: "frontend" } });
    for (const [i, ip] of ["10.244.1.5", "10.244.1.6"].entries()) {
      createPod(c, `web-${i}`, { app: "web" });
      startPod(c, `web-${i}`, ip);
    }
    c.sim.settle();
    const slices = slicesOf(c, "web");
    expect(slices).toHaveLength(1);
    const slice = slices[0]!;
    expect(slice.metadata?.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(slice.metadata?.generateName).toBe("web-");
    expect(slice.metadata?.ownerReferences).toEqual([
      {
        apiVersion: "v1",
        kind: "Service",
        name: "web",
        uid: svc.metadata?.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    expect(slice.metadata?.labels).toEqual({
      tier: "frontend",
      "kubernetes.io/service-name": "web",
      "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io",
    });
    expect(slice.addressType).toBe("IPv4");
    expect(slice.ports).toEqual([{ name: "", port: 8080, protocol: "TCP" }]);
    const pod0 = c.sim.store.get("Pod", "default", "web-0")!;
    expect(slice.endpoints[0]).toEqual({
      addresses: ["10.244.1.5"],
      conditions: { ready: true, serving: true, terminating: false },
      targetRef: { kind: "Pod", namespace: "default", name: "web-0", uid: pod0.metadata.uid },
      nodeName: "kubesim-worker",
    });
    expect(endpointSummary(c, "web")).toEqual([
      "web-0 10.244.1.5 true/true/false",
      "web-1 10.244.1.6 true/true/false",
    ]);
  });

  it("lists only running pods with an IP that match the selector in the Service's namespace", () => {
    const c = clusterWithEndpointControllers();
    createService(c, "web", web);
    createPod(c, "pending", { app: "web" }); // no IP yet
    createPod(c, "ok", { app: "web", extra: "x" });
    startPod(c, "ok", "10.244.1.2");
    createPod(c, "done", { app: "web" });
    startPod(c, "done", "10.244.1.3");
    setPhase(c, "done", "Succeeded");
    createPod(c, "failed", { app: "web" });
    startPod(c, "failed", "10.244.1.4");
    setPhase(c, "failed", "Failed");
    createPod(c, "other", { app: "api" });
    startPod(c, "other", "10.244.1.5");
    createPod(c, "elsewhere", { app: "web" }, { namespace: "kube-public" });
    startPod(c, "elsewhere", "10.244.1.6", true, "kube-public");
    c.sim.settle();
    expect(endpointSummary(c, "web")).toEqual(["ok 10.244.1.2 true/true/false"]);
  });

  it("follows readiness: a not-ready pod is listed with ready=false, serving=false", () => {
    const c = clusterWithEndpointControllers();
    createService(c, "web", web);
    createPod(c, "a", { app: "web" });
    startPod(c, "a", "10.244.1.2", false);
    c.sim.settle();
    expect(endpointSummary(c, "web")).toEqual(["a 10.244.1.2 false/false/false"]);
    c.sim.advance(5000);
    setReady(c, "a", true);
    c.sim.settle();
    expect(endpointSummary(c, "web")).toEqual(["a 10.244.1.2 true/true/false"]);
    // The trigger time is the pod's Ready transition.
    expect(slicesOf(c, "web")[0]!.metadata?.annotations).toEqual({
      "endpoints.kubernetes.io/last-change-trigger-time": "2025-01-01T00:00:05Z",
    });
    setReady(c, "a", false);
    c.sim.settle();
    expect(endpointSummary(c, "web")).toEqual(["a 10.244.1.2 false/false/false"]);
  });

  it("keeps terminating pods with terminating=true and ready=false; publishNotReadyAddresses makes every endpoint ready", () => {
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
    expect(endpointSummary(c, "web")).toEqual([
      "a 10.244.1.2 false/true/true",
      "b 10.244.1.3 false/false/false",
    ]);
    expect(endpointSummary(c, "peers")).toEqual([
      "a 10.244.1.2 true/true/true",
      "b 10.244.1.3 true/false/false",
    ]);
  });

  it("drops deleted pods and keeps the same slice, emptied, as the placeholder when none are left", () => {
    const c = clusterWithEndpointControllers();
    createService(c, "web", web);
    createPod(c, "a", { app: "web" });
    startPod(c, "a", "10.244.1.2");
    c.sim.settle();
    const name = slicesOf(c, "web")[0]!.metadata?.name;
    c.sim.store.delete({ kind: "Pod", namespace: "default", name: "a" }, { gracePeriodSeconds: 0 });
    c.sim.settle();
    const slices = slicesOf(c, "web");
    expect(slices.map((s) => s.metadata?.name)).toEqual([name]);
    expect(slices[0]!.endpoints).toEqual([]);
    expect(slices[0]!.ports).toEqual([]);
  });

  it("keeps one placeholder slice for a selector Service without pods", () => {
    const c = clusterWithEndpointControllers();
    createService(c, "web", web);
    c.sim.settle();
    const slices = slicesOf(c, "web");
    expect(slices).toHaveLength(1);
    expect(slices[0]).toMatchObject({ addressType: "IPv4", endpoints: [], ports: [] });
    expect(slices[0]!.metadata?.annotations).toEqual({
      "endpoints.kubernetes.io/last-change-trigger-time": "2025-01-01T00:00:00Z",
    });
    // Adding a pod fills the placeholder's place (the create becomes an update of it).
    createPod(c, "a", { app: "web" });
    startPod(c, "a", "10.244.1.2");
    c.sim.settle();
    const after = slicesOf(c, "web");
    expect(after.map((s) => s.metadata?.name)).toEqual([slices[0]!.metadata?.name]);
    expect(after[0]!.ports).toEqual([{ name: "", port: 8080, protocol: "TCP" }]);
  });

  it("labels slices of headless Services service.kubernetes.io/headless and allows them no ports", () => {
    const c = clusterWithEndpointControllers();
    createService(c, "db", { selector: { app: "db" }, clusterIP: "None" });
    createPod(c, "db-0", { app: "db" }, { hostname: "db-0", subdomain: "db" });
    startPod(c, "db-0", "10.244.1.7");
    c.sim.settle();
    const [slice] = slicesOf(c, "db");
    expect(slice!.metadata?.labels?.["service.kubernetes.io/headless"]).toBe("");
    expect(slice!.ports).toEqual([]);
    // hostname is published because the pod's subdomain is the Service.
    expect(slice!.endpoints[0]!.hostname).toBe("db-0");
  });

  it("copies the node's topology.kubernetes.io/zone to endpoints", () => {
    const c = clusterWithEndpointControllers();
    c.sim.store.mutate({ kind: "Node", namespace: "", name: "kubesim-worker2" }, (d) => {
      d.metadata.labels = { ...d.metadata.labels, "topology.kubernetes.io/zone": "zone-b" };
    });
    createService(c, "web", web);
    createPod(c, "a", { app: "web" }, { node: "kubesim-worker2" });
    startPod(c, "a", "10.244.2.2");
    c.sim.settle();
    expect(slicesOf(c, "web")[0]!.endpoints[0]).toMatchObject({
      nodeName: "kubesim-worker2",
      zone: "zone-b",
    });
  });
});

describe("EndpointSlice controller: ports", () => {
  it("resolves a named targetPort per pod and groups pods by resolved ports into separate slices", () => {
    const c = clusterWithEndpointControllers();
    createService(c, "web", {
      selector: { app: "web" },
      ports: [{ name: "http", port: 80, targetPort: "http" }],
    });
    createPod(c, "v1", { app: "web" }, { ports: [{ name: "http", containerPort: 8080 }] });
    startPod(c, "v1", "10.244.1.2");
    createPod(c, "v2", { app: "web" }, { ports: [{ name: "http", containerPort: 9090 }] });
    startPod(c, "v2", "10.244.1.3");
    // Same name but UDP: does not match the TCP Service port, so the port is left out for this pod.
    createPod(c, "udp", { app: "web" }, { ports: [{ name: "http", containerPort: 7070, protocol: "UDP" }] });
    startPod(c, "udp", "10.244.1.4");
    c.sim.settle();
    const byPorts = slicesOf(c, "web")
      .map((s) => `${JSON.stringify(s.ports)} ${s.endpoints.map((e) => e.targetRef?.name).join(",")}`)
      .sort();
    expect(byPorts).toEqual([
      "[] udp",
      '[{"name":"http","port":8080,"protocol":"TCP"}] v1',
      '[{"name":"http","port":9090,"protocol":"TCP"}] v2',
    ]);
  });

  it("keeps appProtocol and the order of the Service's ports", () => {
    const c = clusterWithEndpointControllers();
    createService(c, "web", {
      selector: { app: "web" },
      ports: [
        { name: "https", port: 443, targetPort: 8443, appProtocol: "https" },
        { name: "dns", port: 53, protocol: "UDP" },
      ],
    });
    createPod(c, "a", { app: "web" });
    startPod(c, "a", "10.244.1.2");
    c.sim.settle();
    expect(slicesOf(c, "web")[0]!.ports).toEqual([
      { name: "https", port: 8443, protocol: "TCP", appProtocol: "https" },
      { name: "dns", port: 53, protocol: "UDP" },
    ]);
  });
});

describe("EndpointSlice controller: 100 endpoints per slice", () => {
  function scale(n: number, max?: number) {
    const c = clusterWithEndpointControllers(max ? { maxEndpointsPerSlice: max } : {});
    createService(c, "web", web);
    for (let i = 0; i < n; i++) {
      createPod(c, `web-${i}`, { app: "web" });
      startPod(c, `web-${i}`, `10.244.${1 + Math.floor(i / 250)}.${(i % 250) + 2}`);
    }
    c.sim.settle();
    return c;
  }
  const sizes = (slices: EndpointSlice[]) => slices.map((s) => s.endpoints.length).sort((a, b) => b - a);

  it("splits 250 endpoints into slices of at most 100", () => {
    const c = scale(250);
    expect(sizes(slicesOf(c, "web"))).toEqual([100, 100, 50]);
    expect(endpointSummary(c, "web")).toHaveLength(250);
  });

  it("honours --max-endpoints-per-slice", () => {
    const c = scale(25, 10);
    expect(sizes(slicesOf(c, "web"))).toEqual([10, 10, 5]);
  });

  it("removes endpoints in place and fills the slice being updated before the others (reconcileByPortMapping)", () => {
    const c = scale(250);
    const before = slicesOf(c, "web");
    const full = before.find((s) => s.endpoints.length === 100)!;
    const half = before.find((s) => s.endpoints.length === 50)!;
    // Delete 30 pods of one full slice, then add 20 new ones: they go into that slice (being
    // updated anyway), not into the half-empty one, which stays untouched.
    const victims = full.endpoints.slice(0, 30).map((e) => e.targetRef!.name!);
    for (const name of victims)
      c.sim.store.delete({ kind: "Pod", namespace: "default", name }, { gracePeriodSeconds: 0 });
    for (let i = 0; i < 20; i++) {
      createPod(c, `new-${i}`, { app: "web" });
      startPod(c, `new-${i}`, `10.244.9.${i + 2}`);
    }
    c.sim.settle();
    const after = slicesOf(c, "web");
    expect(after.map((s) => s.metadata?.name)).toEqual(before.map((s) => s.metadata?.name));
    const fullAfter = after.find((s) => s.metadata?.name === full.metadata?.name)!;
    expect(fullAfter.endpoints).toHaveLength(90);
    expect(fullAfter.endpoints.slice(0, 70)).toEqual(full.endpoints.slice(30));
    expect(fullAfter.endpoints.slice(70).map((e) => e.targetRef?.name)).toEqual(
      Array.from({ length: 20 }, (_, i) => `new-${i}`).sort(),
    );
    expect(after.find((s) => s.metadata?.name === half.metadata?.name)).toEqual(half);
  });

  it("fits a few new endpoints into the unchanged slice that ends up closest to full (getSliceToFill)", () => {
    const c = scale(250);
    const half = slicesOf(c, "web").find((s) => s.endpoints.length === 50)!;
    for (let i = 0; i < 5; i++) {
      createPod(c, `new-${i}`, { app: "web" });
      startPod(c, `new-${i}`, `10.244.9.${i + 2}`);
    }
    c.sim.settle();
    const sizes2 = slicesOf(c, "web").map((s) => [s.metadata?.name, s.endpoints.length]);
    expect(sizes2).toContainEqual([half.metadata?.name, 55]);
    expect(sizes2).toHaveLength(3);
  });

  it("refuses a maxEndpointsPerSlice outside 1..1000", async () => {
    const { endpointSliceController } = await import(
      "../../core/src/controllers/endpointslice/endpointSliceController.js"
    );
    expect(() => endpointSliceController({ maxEndpointsPerSlice: 1001 })).toThrow(/between 1 and 1000/);
  });
});

describe("EndpointSlice controller: Services it leaves alone", () => {
  it("makes no slices for a Service without selector and leaves user-managed slices as they are", () => {
    const c = clusterWithEndpointControllers();
    createService(c, "ext-db", { ports: [{ port: 5432 }] });
    const user = c.sim.store.create({
      apiVersion: "discovery.k8s.io/v1",
      kind: "EndpointSlice",
      metadata: {
        name: "ext-db-1",
        namespace: "default",
        labels: { "kubernetes.io/service-name": "ext-db", "endpointslice.kubernetes.io/managed-by": "staff" },
      },
      addressType: "IPv4",
      ports: [{ name: "", port: 5432, protocol: "TCP" }],
      endpoints: [{ addresses: ["192.168.0.10"] }],
    });
    c.sim.settle();
    expect(slicesOf(c, "ext-db")).toEqual([user]);
  });

  it("makes no slices for an ExternalName Service", () => {
    const c = clusterWithEndpointControllers();
    createService(c, "alias", {
      type: "ExternalName",
      externalName: "example.com",
      selector: { app: "web" },
    });
    createPod(c, "a", { app: "web" });
    startPod(c, "a", "10.244.1.2");
    c.sim.settle();
    expect(slicesOf(c, "alias")).toEqual([]);
  });

  it("deletes the slices when the Service is deleted", () => {
    const c = clusterWithEndpointControllers();
    createService(c, "web", web);
    createPod(c, "a", { app: "web" });
    startPod(c, "a", "10.244.1.2");
    c.sim.settle();
    expect(slicesOf(c, "web")).toHaveLength(1);
    c.sim.store.delete({ kind: "Service", namespace: "default", name: "web" });
    c.sim.settle();
    expect(slicesOf(c, "web")).toEqual([]);
  });
});

describe("EndpointSlice controller: repairs and labels", () => {
  it("recreates a managed slice a user deleted, and restores one a user edited", () => {
    const c = clusterWithEndpointControllers();
    createService(c, "web", web);
    createPod(c, "a", { app: "web" });
    startPod(c, "a", "10.244.1.2");
    c.sim.settle();
    const [slice] = slicesOf(c, "web");
    c.sim.store.mutate({ kind: "EndpointSlice", namespace: "default", name: slice!.metadata!.name! }, (d) => {
      (d as unknown as EndpointSlice).endpoints = [];
    });
    c.sim.settle();
    expect(endpointSummary(c, "web")).toEqual(["a 10.244.1.2 true/true/false"]);
    c.sim.store.delete({ kind: "EndpointSlice", namespace: "default", name: slice!.metadata!.name! });
    c.sim.settle();
    expect(endpointSummary(c, "web")).toEqual(["a 10.244.1.2 true/true/false"]);
  });

  it("follows the Service's labels, ignoring reserved ones, and its selector", () => {
    const c = clusterWithEndpointControllers();
    createService(c, "web", web);
    createPod(c, "a", { app: "web" });
    startPod(c, "a", "10.244.1.2");
    createPod(c, "b", { app: "api" });
    startPod(c, "b", "10.244.1.3");
    c.sim.settle();
    c.sim.store.mutate({ kind: "Service", namespace: "default", name: "web" }, (d) => {
      d.metadata.labels = { team: "blue", "kubernetes.io/service-name": "spoof" };
      (d.spec as { selector: Record<string, string> }).selector = { app: "api" };
    });
    c.sim.settle();
    const [slice] = slicesOf(c, "web");
    expect(slice!.metadata?.labels).toEqual({
      team: "blue",
      "kubernetes.io/service-name": "web",
      "endpointslice.kubernetes.io/managed-by": "endpointslice-controller.k8s.io",
    });
    expect(endpointSummary(c, "web")).toEqual(["b 10.244.1.3 true/true/false"]);
  });

  it("follows a pod's labels in and out of the selector", () => {
    const c = clusterWithEndpointControllers();
    createService(c, "web", web);
    createPod(c, "a", { app: "web" });
    startPod(c, "a", "10.244.1.2");
    c.sim.settle();
    c.sim.store.mutate({ kind: "Pod", namespace: "default", name: "a" }, (d) => {
      d.metadata.labels = { app: "other" };
    });
    c.sim.settle();
    expect(endpointSummary(c, "web")).toEqual([]);
    c.sim.store.mutate({ kind: "Pod", namespace: "default", name: "a" }, (d) => {
      d.metadata.labels = { app: "web" };
    });
    c.sim.settle();
    expect(endpointSummary(c, "web")).toEqual(["a 10.244.1.2 true/true/false"]);
  });
});

describe("EndpointSlice controller: pods on unknown nodes", () => {
  it("skips them with a FailedToUpdateEndpointSlices event, then lists them once the node exists", () => {
    const c = clusterWithEndpointControllers();
    createService(c, "web", web);
    createPod(c, "a", { app: "web" }, { node: "ghost" });
    startPod(c, "a", "10.244.5.2");
    c.sim.settle();
    expect(endpointSummary(c, "web")).toEqual([]);
    const events = c.sim.store
      .list("Event", { namespace: "default" })
      .filter((e) => (e as { reason?: string }).reason === "FailedToUpdateEndpointSlices");
    expect(events.map((e) => [(e as { type?: string }).type, (e as { message?: string }).message])).toEqual([
      [
        "Warning",
        "Error updating Endpoint Slices for Service default/web: skipping Pod a for Service default/web: Node ghost Not Found",
      ],
    ]);
    expect((events[0] as { source?: unknown }).source).toEqual({ component: "endpoint-slice-controller" });
    c.sim.store.create({ apiVersion: "v1", kind: "Node", metadata: { name: "ghost" } });
    c.sim.settle();
    expect(endpointSummary(c, "web")).toEqual(["a 10.244.5.2 true/true/false"]);
  });

  it("drops a pod at the next sync of its Service once its node is deleted", () => {
    const c = clusterWithEndpointControllers();
    createService(c, "web", web);
    createPod(c, "a", { app: "web" }, { node: "kubesim-worker2" });
    startPod(c, "a", "10.244.2.2");
    createPod(c, "b", { app: "web" }, { node: "kubesim-worker" });
    startPod(c, "b", "10.244.1.2");
    c.sim.settle();
    expect(endpointSummary(c, "web")).toEqual([
      "a 10.244.2.2 true/true/false",
      "b 10.244.1.2 true/true/false",
    ]);
    c.sim.store.delete({ kind: "Node", namespace: "", name: "kubesim-worker2" });
    // As in K8s, a deleted node queues no Service; the next change of one of its pods does.
    c.sim.store.mutate({ kind: "Pod", namespace: "default", name: "b" }, (d) => {
      d.metadata.labels = { ...d.metadata.labels, touched: "yes" };
    });
    c.sim.settle();
    expect(endpointSummary(c, "web")).toEqual(["b 10.244.1.2 true/true/false"]);
  });

  it("lists them anyway with publishNotReadyAddresses", () => {
    const c = clusterWithEndpointControllers();
    createService(c, "web", { ...web, publishNotReadyAddresses: true });
    createPod(c, "a", { app: "web" }, { node: "ghost" });
    startPod(c, "a", "10.244.5.2");
    c.sim.settle();
    expect(endpointSummary(c, "web")).toEqual(["a 10.244.5.2 true/true/false"]);
  });
});

describe("EndpointSlice controller: cost", () => {
  it("ignores pod updates that cannot change endpoints and reconciles only the Services selecting a pod", () => {
    const c = clusterWithEndpointControllers();
    createService(c, "web", web);
    for (let i = 0; i < 20; i++)
      createService(c, `other-${i}`, { selector: { app: `other-${i}` }, ports: [{ port: 80 }] });
    createPod(c, "a", { app: "web" });
    startPod(c, "a", "10.244.1.2");
    c.sim.settle();
    const reconciled: string[] = [];
    c.sim.inspector.on("event", (e) => {
      if (e.type === "reconcile" && e.controller === "endpointslice-controller") reconciled.push(e.key);
    });
    c.sim.store.mutate({ kind: "Pod", namespace: "default", name: "a" }, (d) => {
      d.metadata.annotations = { note: "x" };
    });
    c.sim.settle();
    expect(reconciled).toEqual([]);
    setReady(c, "a", false);
    c.sim.settle();
    // Its own slice write does not queue the Service again.
    expect(reconciled).toEqual(["default/web"]);
  });
});

describe("kubectl get endpointslices", () => {
  it("prints NAME, ADDRESSTYPE, PORTS, ENDPOINTS, AGE as kubectl does", () => {
    const c = clusterWithEndpointControllers();
    createService(c, "web", web);
    createService(c, "empty", { selector: { app: "none" }, ports: [{ port: 80 }] });
    for (let i = 0; i < 5; i++) {
      createPod(c, `web-${i}`, { app: "web" });
      startPod(c, `web-${i}`, `10.244.1.${i + 2}`);
    }
    c.sim.settle();
    c.sim.advance(90_000);
    const webSlice = slicesOf(c, "web")[0]!.metadata!.name!;
    const emptySlice = slicesOf(c, "empty")[0]!.metadata!.name!;
    const lines = [
      "NAME          ADDRESSTYPE   PORTS     ENDPOINTS                                      AGE",
      `${emptySlice}   IPv4          <unset>   <unset>                                        90s`,
      "kubernetes    IPv4          6443      172.18.0.2                                     3m30s",
      `${webSlice}     IPv4          8080      10.244.1.2,10.244.1.3,10.244.1.4 + 2 more...   90s`,
      "",
    ];
    expect(c.kubectl("get endpointslices").stdout).toBe(lines.join("\n"));
  });
});

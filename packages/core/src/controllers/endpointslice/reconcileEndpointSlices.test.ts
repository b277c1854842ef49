import type { Node, Pod, Service } from "kubernetes-types/core/v1.js";
import type { EndpointSlice } from "kubernetes-types/discovery/v1.js";
import { describe, expect, it } from "vitest";
import {
  addressTypesForService,
  type EndpointSliceReconcileInput,
  endpointSlicePrefix,
  nodeFacts,
  reconcileEndpointSlices,
} from "./reconcileEndpointSlices.js";

const CONTROLLER = "endpointslice-controller.k8s.io";

function service(spec: Service["spec"] = {}): Service {
  return {
    metadata: { name: "web", namespace: "default", uid: "svc-uid" },
    spec: {
      selector: { app: "web" },
      clusterIP: "10.96.0.20",
      ipFamilies: ["IPv4"],
      ports: [{ port: 80, targetPort: 8080, protocol: "TCP" }],
      ...spec,
    },
  };
}

function pod(name: string, ips: string[], ready = true): Pod {
  return {
    metadata: { name, namespace: "default", uid: `uid-${name}`, labels: { app: "web" } },
    spec: { nodeName: "n1", containers: [{ name: "c" }] },
    status: {
      phase: "Running",
      podIP: ips[0],
      podIPs: ips.map((ip) => ({ ip })),
      conditions: [{ type: "Ready", status: ready ? "True" : "False" }],
    },
  };
}

const node: Node = { metadata: { name: "n1" } };

function input(over: Partial<EndpointSliceReconcileInput>): EndpointSliceReconcileInput {
  return {
    service: service(),
    pods: [],
    nodeOf: (n) => (n === "n1" ? nodeFacts(node) : undefined),
    existingSlices: [],
    maxEndpointsPerSlice: 100,
    controllerName: CONTROLLER,
    ...over,
  };
}

/** A stored slice, as the reconciler would have created it. */
function stored(name: string, create: EndpointSlice): EndpointSlice {
  return { ...create, metadata: { ...create.metadata, name } };
}

describe("reconcileEndpointSlices (staging/src/k8s.io/endpointslice/reconciler.go)", () => {
  it("makes one slice set per IP family of a dual-stack Service", () => {
    const r = reconcileEndpointSlices(
      input({
        service: service({ ipFamilies: ["IPv4", "IPv6"] }),
        pods: [pod("a", ["10.244.1.2", "fd00::2"]), pod("b", ["10.244.1.3"])],
      }),
    );
    expect(r.create.map((s) => [s.addressType, s.endpoints.map((e) => e.addresses[0])])).toEqual([
      ["IPv4", ["10.244.1.2", "10.244.1.3"]],
      ["IPv6", ["fd00::2"]],
    ]);
  });

  it("deletes slices of an address type the Service no longer has, and slices it does not own", () => {
    const first = reconcileEndpointSlices(input({ pods: [pod("a", ["10.244.1.2"])] })).create[0]!;
    const ipv6 = stored("web-v6", { ...first, addressType: "IPv6" });
    const foreign = stored("web-old", {
      ...first,
      metadata: {
        ...first.metadata,
        ownerReferences: [{ apiVersion: "v1", kind: "Service", name: "web", uid: "old" }],
      },
    });
    const r = reconcileEndpointSlices(
      input({ pods: [pod("a", ["10.244.1.2"])], existingSlices: [ipv6, foreign] }),
    );
    // Only slices owned by this Service are reused for creates (finalize's ownedBy check).
    expect(r.delete.map((s) => s.metadata?.name).sort()).toEqual(["web-old", "web-v6"]);
    expect(r.create).toHaveLength(1);
    expect(r.update).toEqual([]);
  });

  it("reuses a slice that would be deleted for a slice it would create (finalize)", () => {
    const old = stored(
      "web-abcde",
      reconcileEndpointSlices(input({ pods: [pod("a", ["10.244.1.2"])] })).create[0]!,
    );
    // The Service's port changes: the old port set is no longer wanted, a new one is.
    const r = reconcileEndpointSlices(
      input({
        service: service({ ports: [{ port: 80, targetPort: 9090, protocol: "TCP" }] }),
        pods: [pod("a", ["10.244.1.2"])],
        existingSlices: [old],
      }),
    );
    expect(r.create).toEqual([]);
    expect(r.delete).toEqual([]);
    expect(r.update.map((s) => [s.metadata?.name, s.ports?.[0]?.port])).toEqual([["web-abcde", 9090]]);
  });

  it("changes nothing when the slices are already right", () => {
    const created = reconcileEndpointSlices(input({ pods: [pod("a", ["10.244.1.2"])] })).create[0]!;
    const r = reconcileEndpointSlices(
      input({ pods: [pod("a", ["10.244.1.2"])], existingSlices: [stored("web-x", created)] }),
    );
    expect([r.create, r.update, r.delete]).toEqual([[], [], []]);
  });

  it("keeps an up-to-date placeholder instead of replacing it", () => {
    const placeholder = stored("web-p", reconcileEndpointSlices(input({})).create[0]!);
    expect(placeholder).toMatchObject({ endpoints: [], ports: [] });
    const r = reconcileEndpointSlices(input({ existingSlices: [placeholder] }));
    expect([r.create, r.update, r.delete]).toEqual([[], [], []]);
  });

  it("reports pods on unknown nodes as K8s words it", () => {
    const p = pod("a", ["10.244.1.2"]);
    p.spec!.nodeName = "gone";
    const r = reconcileEndpointSlices(input({ pods: [p] }));
    expect(r.errors).toEqual(["skipping Pod a for Service default/web: Node gone Not Found"]);
    expect(r.missingNodes).toEqual(["gone"]);
    expect(r.create[0]!.endpoints).toEqual([]);
  });
});

describe("addressTypesForService (getAddressTypesForService)", () => {
  it("uses ipFamilies, else the ClusterIP's family, else both for headless Services", () => {
    expect(addressTypesForService(service({ ipFamilies: ["IPv6", "IPv4"] }))).toEqual(["IPv4", "IPv6"]);
    expect(addressTypesForService(service({ ipFamilies: [], clusterIP: "fd00::10" }))).toEqual(["IPv6"]);
    expect(addressTypesForService(service({ ipFamilies: [], clusterIP: "None" }))).toEqual(["IPv4", "IPv6"]);
  });
});

describe("endpointSlicePrefix (getEndpointSlicePrefix)", () => {
  it("is <name>- for every valid Service name, even the longest (the bare-name fallback cannot trigger)", () => {
    expect(endpointSlicePrefix("web")).toBe("web-");
    const longest = "a".repeat(63);
    expect(endpointSlicePrefix(longest)).toBe(`${longest}-`);
  });
});

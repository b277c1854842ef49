/**
 * Shared set-up of the EndpointSlice and Endpoints controller tests. The kubelet is not part of
 * these tests: pods are pinned to a node (`spec.nodeName`) and their status (phase, podIP,
 * Ready condition) is written here, as a kubelet would.
 */
import { endpointsController } from "../../core/src/controllers/endpoints/endpointsController.js";
import {
  type EndpointSliceControllerOptions,
  endpointSliceController,
} from "../../core/src/controllers/endpointslice/endpointSliceController.js";
import { selectorFromSet } from "../../core/src/labels/selector.js";
import { type Cluster, createCluster } from "../src/index.js";

// Local shapes of what the tests read and write (the kubesim package does not depend on kubernetes-types).

/** Object metadata, as far as these tests look. */
export interface Meta {
  name?: string;
  namespace?: string;
  uid?: string;
  generateName?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  deletionTimestamp?: string;
  ownerReferences?: {
    apiVersion?: string;
    kind?: string;
    name?: string;
    uid?: string;
    controller?: boolean;
  }[];
}

/** A Service. */
export interface Service {
  metadata?: Meta;
  spec?: ServiceSpec;
}

/** The Service spec fields the tests set. */
export interface ServiceSpec {
  type?: string;
  externalName?: string;
  selector?: Record<string, string>;
  clusterIP?: string;
  publishNotReadyAddresses?: boolean;
  ports?: {
    name?: string;
    port: number;
    targetPort?: number | string;
    protocol?: string;
    appProtocol?: string;
  }[];
}

/** A pod. */
export interface Pod {
  metadata?: Meta;
  spec?: { nodeName?: string };
  status?: { phase?: string; podIP?: string; conditions?: { type: string; status: string }[] };
}

/** A discovery.k8s.io/v1 EndpointSlice. */
export interface EndpointSlice {
  metadata?: Meta;
  addressType: string;
  endpoints: {
    addresses: string[];
    conditions?: { ready?: boolean; serving?: boolean; terminating?: boolean };
    targetRef?: { kind?: string; namespace?: string; name?: string; uid?: string };
    nodeName?: string;
    zone?: string;
    hostname?: string;
  }[];
  ports?: { name?: string; port?: number; protocol?: string; appProtocol?: string }[];
}

/** A core/v1 EndpointAddress. */
export interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef?: { kind?: string; namespace?: string; name?: string; uid?: string };
}

/** A core/v1 Endpoints object. */
export interface Endpoints {
  metadata?: Meta;
  subsets?: {
    addresses?: EndpointAddress[];
    notReadyAddresses?: EndpointAddress[];
    ports?: { name?: string; port: number; protocol?: string }[];
  }[];
}

/** A container port. */
export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: string;
}

/** A cluster with both endpoint controllers added (the lead wires them into Cluster later). */
export function clusterWithEndpointControllers(
  options: EndpointSliceControllerOptions = {},
  seed = 1,
): Cluster {
  const c = createCluster({ seed, controlPlane: false });
  c.sim.addController(endpointSliceController(options));
  c.sim.addController(endpointsController());
  c.sim.settle();
  return c;
}

/** Creates a Service through the API server (defaulting, ClusterIP allocation, validation). */
export function createService(
  c: Cluster,
  name: string,
  spec: ServiceSpec,
  meta: { namespace?: string; labels?: Record<string, string> } = {},
): Service {
  return c.sim.store.create({
    apiVersion: "v1",
    kind: "Service",
    metadata: {
      name,
      namespace: meta.namespace ?? "default",
      ...(meta.labels ? { labels: meta.labels } : {}),
    },
    spec,
  }) as unknown as Service;
}

/** Options of {@link createPod}. */
export interface PodOptions {
  readonly namespace?: string;
  readonly node?: string;
  readonly ports?: ContainerPort[];
  readonly hostname?: string;
  readonly subdomain?: string;
}

/** Creates a pod bound to a node (default `kubesim-worker`), still Pending and without an IP. */
export function createPod(
  c: Cluster,
  name: string,
  labels: Record<string, string>,
  options: PodOptions = {},
): Pod {
  return c.sim.store.create({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: options.namespace ?? "default", labels },
    spec: {
      nodeName: options.node ?? "kubesim-worker",
      ...(options.hostname ? { hostname: options.hostname } : {}),
      ...(options.subdomain ? { subdomain: options.subdomain } : {}),
      containers: [{ name: "app", image: "nginx", ...(options.ports ? { ports: options.ports } : {}) }],
    },
  }) as unknown as Pod;
}

/** Writes what the kubelet would once the pod runs: phase Running, its IP, and the Ready condition. */
export function startPod(c: Cluster, name: string, ip: string, ready = true, namespace = "default"): void {
  c.sim.store.mutate({ kind: "Pod", namespace, name }, (d) => {
    const now = c.sim.clock.nowTimestamp();
    d.status = {
      ...(d.status as object),
      phase: "Running",
      podIP: ip,
      podIPs: [{ ip }],
      conditions: [{ type: "Ready", status: ready ? "True" : "False", lastTransitionTime: now }],
    };
  });
}

/** Flips the pod's Ready condition (a readiness probe passing or failing). */
export function setReady(c: Cluster, name: string, ready: boolean, namespace = "default"): void {
  c.sim.store.mutate({ kind: "Pod", namespace, name }, (d) => {
    const status = d.status as {
      conditions?: { type: string; status: string; lastTransitionTime?: string }[];
    };
    status.conditions = [
      { type: "Ready", status: ready ? "True" : "False", lastTransitionTime: c.sim.clock.nowTimestamp() },
    ];
  });
}

/** Sets the pod's phase (e.g. `Succeeded`, `Failed`). */
export function setPhase(c: Cluster, name: string, phase: string, namespace = "default"): void {
  c.sim.store.mutate({ kind: "Pod", namespace, name }, (d) => {
    (d.status as { phase?: string }).phase = phase;
  });
}

/** The slices labelled with the Service's name, sorted by name. */
export function slicesOf(c: Cluster, service: string, namespace = "default"): EndpointSlice[] {
  return c.sim.store.list("EndpointSlice", {
    namespace,
    labelSelector: selectorFromSet({ "kubernetes.io/service-name": service }),
  }) as unknown as EndpointSlice[];
}

/** Every endpoint of a Service's slices as `pod ip ready/serving/terminating`, sorted. */
export function endpointSummary(c: Cluster, service: string, namespace = "default"): string[] {
  return slicesOf(c, service, namespace)
    .flatMap((s) => s.endpoints ?? [])
    .map(
      (e) =>
        `${e.targetRef?.name} ${e.addresses.join(",")} ${e.conditions?.ready}/${e.conditions?.serving}/${e.conditions?.terminating}`,
    )
    .sort();
}

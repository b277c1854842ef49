/**
 * The EndpointSlice reconciler as a pure function: from a Service, the pods its selector
 * matches and its existing controller-managed slices, the slices to create, update and delete.
 * Port of K8s `staging/src/k8s.io/endpointslice/reconciler.go` (`Reconcile`,
 * `reconcileByAddressType`, `reconcileByPortMapping`, `finalize`) and `utils.go`
 * (`podToEndpoint`, `getEndpointPorts`, `newEndpointSlice`, `setEndpointSliceLabels`,
 * `getSliceToFill`). Go iterates maps and sets in random order; here every choice follows a
 * fixed order (pods by name, slices by name, fullest first with ties by name) so that runs
 * replay identically.
 *
 * @module
 */

import type { Node, Pod, Service } from "kubernetes-types/core/v1.js";
import type { Endpoint, EndpointPort, EndpointSlice } from "kubernetes-types/discovery/v1.js";
import { deepEqual } from "../../store/ObjectStore.js";
import { nameIsDNSSubdomain } from "../../validation/names.js";
import {
  findPort,
  isPodReady,
  isServiceIPSet,
  podIPs,
  shouldPodBeInEndpoints,
  shouldSetHostname,
} from "./shouldPodBeInEndpoints.js";

/** `discovery.LabelServiceName`: how consumers (kube-proxy, DNS) tie a slice to its Service. */
export const LABEL_SERVICE_NAME = "kubernetes.io/service-name";
/** `discovery.LabelManagedBy`. */
export const LABEL_MANAGED_BY = "endpointslice.kubernetes.io/managed-by";
/** `v1.IsHeadlessService`: set (empty value) on slices and Endpoints of headless Services. */
export const LABEL_HEADLESS = "service.kubernetes.io/headless";
/** `v1.EndpointsLastChangeTriggerTime`. */
export const ANNOTATION_LAST_CHANGE_TRIGGER_TIME = "endpoints.kubernetes.io/last-change-trigger-time";
/** `v1.LabelTopologyZone`: a node's zone, copied to its endpoints. */
export const LABEL_TOPOLOGY_ZONE = "topology.kubernetes.io/zone";

/**
 * What the reconciler reads of a node: that it exists, and its zone (the
 * `topology.kubernetes.io/zone` label). Kept per node by the controller from its Node watch,
 * so a reconcile does not read whole Node objects, one per endpoint, scattered over the heap.
 */
export interface NodeFacts {
  readonly zone?: string;
}

/** The {@link NodeFacts} of a Node object (`{}` when it has no zone). */
export function nodeFacts(node: Node): NodeFacts {
  const zone = node.metadata?.labels?.[LABEL_TOPOLOGY_ZONE];
  return zone ? { zone } : NO_ZONE;
}

const NO_ZONE: NodeFacts = Object.freeze({});

/** What the reconciler needs. */
export interface EndpointSliceReconcileInput {
  readonly service: Service;
  /** The pods the Service's selector matches (same namespace), in any order. */
  readonly pods: readonly Pod[];
  /** The informer's view of nodes: a pod whose node is unknown is skipped unless publishNotReadyAddresses. */
  readonly nodeOf: (name: string) => NodeFacts | undefined;
  /** The Service's slices managed by this controller (label-selected), without those pending deletion. */
  readonly existingSlices: readonly EndpointSlice[];
  readonly maxEndpointsPerSlice: number;
  /** The managed-by label value, `endpointslice-controller.k8s.io`. */
  readonly controllerName: string;
}

/** What the reconciler decided. Slices to create carry `generateName`; updates carry the name. */
export interface EndpointSliceChanges {
  readonly create: EndpointSlice[];
  readonly update: EndpointSlice[];
  readonly delete: EndpointSlice[];
  /** Pods skipped because their node is unknown, worded as K8s does. */
  readonly errors: string[];
  /** The nodes those pods named. */
  readonly missingNodes: string[];
}

/** `getAddressTypesForService`: from `spec.ipFamilies`, or (for objects without them) from the ClusterIP. */
export function addressTypesForService(service: Service): string[] {
  const out = new Set<string>();
  for (const family of service.spec?.ipFamilies ?? []) {
    if (family === "IPv4") out.add("IPv4");
    if (family === "IPv6") out.add("IPv6");
  }
  if (out.size > 0) return [...out].sort();
  if (isServiceIPSet(service)) return [service.spec!.clusterIP!.includes(":") ? "IPv6" : "IPv4"];
  return ["IPv4", "IPv6"];
}

/** `getEndpointPorts`: one EndpointPort per Service port the pod resolves (named targetPorts per pod). */
export function getEndpointPorts(service: Service, pod: Pod): EndpointPort[] {
  const ports = service.spec?.ports ?? [];
  const out: EndpointPort[] = [];
  for (const servicePort of ports) {
    const port = findPort(pod, servicePort);
    if (port === undefined) continue;
    out.push({
      name: servicePort.name ?? "",
      port,
      protocol: servicePort.protocol ?? "TCP",
      ...(servicePort.appProtocol !== undefined ? { appProtocol: servicePort.appProtocol } : {}),
    });
  }
  return out;
}

/** `NewPortMapKey`: the identity of a set of ports, whatever their order. */
export function portMapKey(ports: readonly EndpointPort[] | undefined): string {
  return JSON.stringify(
    (ports ?? [])
      .map((p) => [p.name ?? "", p.port ?? null, p.protocol ?? "", p.appProtocol ?? null])
      .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)),
  );
}

/** `podToEndpoint`: addresses of one family, conditions, targetRef, nodeName, zone, hostname. */
export function podToEndpoint(
  pod: Pod,
  node: NodeFacts | undefined,
  service: Service,
  addressType: string,
): Endpoint {
  const serving = isPodReady(pod);
  const terminating = !!pod.metadata?.deletionTimestamp;
  const ready = !!service.spec?.publishNotReadyAddresses || (serving && !terminating);
  const endpoint: Endpoint = {
    addresses: podIPs(pod).filter((ip) => ip.includes(":") === (addressType === "IPv6")),
    conditions: { ready, serving, terminating },
    targetRef: {
      kind: "Pod",
      namespace: pod.metadata?.namespace ?? "",
      name: pod.metadata?.name ?? "",
      uid: pod.metadata?.uid ?? "",
    },
  };
  if (pod.spec?.nodeName) endpoint.nodeName = pod.spec.nodeName;
  const zone = node?.zone;
  if (zone) endpoint.zone = zone;
  if (shouldSetHostname(pod, service)) endpoint.hostname = pod.spec!.hostname!;
  return endpoint;
}

/** `hashEndpoint`: endpoints are the same one when addresses, hostname and pod agree. */
function endpointKey(endpoint: Endpoint): string {
  return JSON.stringify([
    [...endpoint.addresses].sort(),
    endpoint.hostname ?? "",
    endpoint.targetRef?.namespace ?? "",
    endpoint.targetRef?.name ?? "",
  ]);
}

/** `getEndpointSlicePrefix`: `<service>-`, or the bare name when the dash form is not a valid prefix. */
export function endpointSlicePrefix(serviceName: string): string {
  const prefix = `${serviceName}-`;
  return nameIsDNSSubdomain(prefix, true).length === 0 ? prefix : serviceName;
}

/**
 * `setEndpointSliceLabels`: the Service's labels (without the reserved ones) plus the service
 * name, managed-by and (for headless Services) headless labels; `changed` when the slice's
 * non-reserved labels differ from the Service's.
 */
export function endpointSliceLabels(
  slice: EndpointSlice,
  service: Service,
  controllerName: string,
): { labels: Record<string, string>; changed: boolean } {
  const sliceLabels: Record<string, string> = {};
  for (const [k, v] of Object.entries(slice.metadata?.labels ?? {})) if (!isReserved(k)) sliceLabels[k] = v;
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(service.metadata?.labels ?? {})) if (!isReserved(k)) labels[k] = v;
  const changed = !deepEqual(sliceLabels, labels);
  if (!isServiceIPSet(service)) labels[LABEL_HEADLESS] = "";
  labels[LABEL_SERVICE_NAME] = service.metadata?.name ?? "";
  labels[LABEL_MANAGED_BY] = controllerName;
  return { labels, changed };
}

function isReserved(key: string): boolean {
  return key === LABEL_SERVICE_NAME || key === LABEL_MANAGED_BY || key === LABEL_HEADLESS;
}

/** `newEndpointSlice`: an unnamed slice owned by the Service (controller reference). */
export function newEndpointSlice(
  service: Service,
  ports: EndpointPort[],
  addressType: string,
  controllerName: string,
): EndpointSlice {
  const slice: EndpointSlice = {
    apiVersion: "discovery.k8s.io/v1",
    kind: "EndpointSlice",
    metadata: {
      generateName: endpointSlicePrefix(service.metadata?.name ?? ""),
      namespace: service.metadata?.namespace ?? "",
      ownerReferences: [
        {
          apiVersion: "v1",
          kind: "Service",
          name: service.metadata?.name ?? "",
          uid: service.metadata?.uid ?? "",
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    addressType,
    endpoints: [],
    ports,
  };
  slice.metadata!.labels = endpointSliceLabels(slice, service, controllerName).labels;
  return slice;
}

/** `ownedBy`: the slice has an owner reference to this Service (by uid). */
export function ownedBy(slice: EndpointSlice, service: Service): boolean {
  return (slice.metadata?.ownerReferences ?? []).some(
    (o) => o.uid === service.metadata?.uid && o.kind === "Service" && o.apiVersion === "v1",
  );
}

/**
 * `Reconcile`: per address type of the Service, the slice changes that make the slices list
 * exactly the desired endpoints, grouped by resolved port set, at most `maxEndpointsPerSlice`
 * per slice, keeping endpoints where they are (see `reconcileByPortMapping`); a placeholder
 * slice when there are none; slices of address types the Service no longer has are deleted.
 */
export function reconcileEndpointSlices(input: EndpointSliceReconcileInput): EndpointSliceChanges {
  const { service } = input;
  const supported = addressTypesForService(service);
  const create: EndpointSlice[] = [];
  const update: EndpointSlice[] = [];
  const del: EndpointSlice[] = [];
  const errors: string[] = [];
  const missingNodes = new Set<string>();
  const byType = new Map<string, EndpointSlice[]>();
  for (const slice of sortByName(input.existingSlices)) {
    if (!supported.includes(slice.addressType)) {
      del.push(slice);
      continue;
    }
    let list = byType.get(slice.addressType);
    if (!list) {
      list = [];
      byType.set(slice.addressType, list);
    }
    list.push(slice);
  }
  const pods = [...input.pods].sort((a, b) => cmp(a.metadata?.name ?? "", b.metadata?.name ?? ""));
  for (const addressType of supported) {
    const r = reconcileByAddressType(input, pods, byType.get(addressType) ?? [], addressType);
    create.push(...r.create);
    update.push(...r.update);
    del.push(...r.delete);
    for (const e of r.errors) if (!errors.includes(e)) errors.push(e);
    for (const n of r.missingNodes) missingNodes.add(n);
  }
  return { create, update, delete: del, errors, missingNodes: [...missingNodes].sort() };
}

function reconcileByAddressType(
  input: EndpointSliceReconcileInput,
  pods: readonly Pod[],
  existingSlices: readonly EndpointSlice[],
  addressType: string,
): EndpointSliceChanges {
  const { service, controllerName } = input;
  const namespace = service.metadata?.namespace ?? "";
  const name = service.metadata?.name ?? "";
  const errors: string[] = [];
  const missingNodes: string[] = [];
  let slicesToCreate: EndpointSlice[] = [];
  let slicesToUpdate: EndpointSlice[] = [];
  let slicesToDelete: EndpointSlice[] = [];

  const existingByPortMap = new Map<string, EndpointSlice[]>();
  for (const slice of existingSlices) {
    if (!ownedBy(slice, service)) {
      slicesToDelete.push(slice);
      continue;
    }
    const key = portMapKey(slice.ports);
    let list = existingByPortMap.get(key);
    if (!list) {
      list = [];
      existingByPortMap.set(key, list);
    }
    list.push(slice);
  }

  // Desired endpoints per port set, in pod-name order (Go: a hash set popped at random).
  const desired = new Map<string, { ports: EndpointPort[]; endpoints: Map<string, Endpoint> }>();
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, true)) continue;
    const ports = getEndpointPorts(service, pod);
    const key = portMapKey(ports);
    let group = desired.get(key);
    if (!group) {
      group = { ports, endpoints: new Map() };
      desired.set(key, group);
    }
    const nodeName = pod.spec?.nodeName ?? "";
    const node = input.nodeOf(nodeName);
    if (!node && !service.spec?.publishNotReadyAddresses) {
      // K8s requeues the Service and meanwhile publishes the slices without this pod.
      errors.push(
        `skipping Pod ${pod.metadata?.name ?? ""} for Service ${namespace}/${name}: Node ${nodeName} Not Found`,
      );
      missingNodes.push(nodeName);
      continue;
    }
    const endpoint = podToEndpoint(pod, node, service, addressType);
    if (endpoint.addresses.length > 0) group.endpoints.set(endpointKey(endpoint), endpoint);
  }

  for (const [key, group] of desired) {
    const r = reconcileByPortMapping(
      input,
      existingByPortMap.get(key) ?? [],
      group.endpoints,
      group.ports,
      addressType,
    );
    slicesToCreate.push(...r.create);
    slicesToUpdate.push(...r.update);
    slicesToDelete.push(...r.delete);
  }
  for (const [key, slices] of existingByPortMap) {
    if (!desired.has(key)) slicesToDelete.push(...slices);
  }

  // When no endpoint slices would usually exist, keep (or create) one placeholder.
  if (existingSlices.length === slicesToDelete.length && slicesToCreate.length < 1) {
    const placeholder = newEndpointSlice(service, [], addressType, controllerName);
    const only = slicesToDelete[0];
    if (slicesToDelete.length === 1 && only && isSamePlaceholder(only, placeholder)) {
      slicesToDelete = [];
    } else {
      slicesToCreate.push(placeholder);
    }
  }

  // finalize: turn creates into updates of slices that would otherwise be deleted.
  for (let i = 0; i < slicesToDelete.length && slicesToCreate.length > 0; ) {
    const toDelete = slicesToDelete[i]!;
    const slice = slicesToCreate[slicesToCreate.length - 1]!;
    if (toDelete.addressType === slice.addressType && ownedBy(toDelete, service)) {
      slicesToCreate = slicesToCreate.slice(0, -1);
      slicesToUpdate = [
        ...slicesToUpdate,
        { ...slice, metadata: { ...slice.metadata, name: toDelete.metadata?.name } },
      ];
      slicesToDelete = [...slicesToDelete.slice(0, i), ...slicesToDelete.slice(i + 1)];
    } else {
      i++;
    }
  }
  return { create: slicesToCreate, update: slicesToUpdate, delete: slicesToDelete, errors, missingNodes };
}

/** `placeholderSliceCompare`: same namespace, labels, owner references, ports, endpoints and address type. */
function isSamePlaceholder(existing: EndpointSlice, placeholder: EndpointSlice): boolean {
  return (
    existing.metadata?.namespace === placeholder.metadata?.namespace &&
    deepEqual(existing.metadata?.labels ?? {}, placeholder.metadata?.labels ?? {}) &&
    deepEqual(
      (existing.metadata?.ownerReferences ?? []).map(ownerRefString),
      (placeholder.metadata?.ownerReferences ?? []).map(ownerRefString),
    ) &&
    existing.addressType === placeholder.addressType &&
    (existing.ports ?? []).length === 0 &&
    (existing.endpoints ?? []).length === 0
  );
}

function ownerRefString(o: {
  apiVersion?: string;
  kind?: string;
  name?: string;
  uid?: string;
  controller?: boolean;
}) {
  return [o.apiVersion, o.kind, o.name, o.uid, o.controller ?? false];
}

function reconcileByPortMapping(
  input: EndpointSliceReconcileInput,
  existingSlices: readonly EndpointSlice[],
  desiredSet: Map<string, Endpoint>,
  ports: EndpointPort[],
  addressType: string,
): { create: EndpointSlice[]; update: EndpointSlice[]; delete: EndpointSlice[] } {
  const { service, controllerName } = input;
  const max = input.maxEndpointsPerSlice;
  const slicesByName = new Map<string, EndpointSlice>();
  const unchanged = new Set<string>();
  const toUpdate = new Set<string>();
  const toDelete = new Set<string>();

  // 1. Keep desired endpoints where they are, update changed ones, drop the rest.
  for (const existing of existingSlices) {
    const sliceName = existing.metadata?.name ?? "";
    slicesByName.set(sliceName, existing);
    const kept: Endpoint[] = [];
    let endpointUpdated = false;
    for (const endpoint of existing.endpoints ?? []) {
      const key = endpointKey(endpoint);
      const got = desiredSet.get(key);
      if (!got) continue;
      kept.push(got);
      if (!deepEqual(got, endpoint)) endpointUpdated = true;
      desiredSet.delete(key);
    }
    const { labels, changed } = endpointSliceLabels(existing, service, controllerName);
    if (endpointUpdated || kept.length !== (existing.endpoints ?? []).length) {
      if (kept.length === 0) {
        toDelete.add(sliceName);
      } else {
        slicesByName.set(sliceName, {
          ...existing,
          endpoints: kept,
          metadata: { ...existing.metadata, labels },
        });
        toUpdate.add(sliceName);
      }
    } else if (changed) {
      slicesByName.set(sliceName, { ...existing, metadata: { ...existing.metadata, labels } });
      toUpdate.add(sliceName);
    } else {
      unchanged.add(sliceName);
    }
  }

  // One iterator for every pop: a fresh `entries()` per pop would step over each entry already
  // popped (deleted entries stay as holes in the table), O(n^2) for a Service of n pods.
  let rest: Iterator<[string, Endpoint]> | undefined;
  const pop = (): Endpoint => {
    rest ??= desiredSet.entries();
    const [key, endpoint] = rest.next().value as [string, Endpoint];
    desiredSet.delete(key);
    return endpoint;
  };

  // 2. Fill the slices being updated anyway, fullest first.
  if (desiredSet.size > 0 && toUpdate.size > 0) {
    const slices = [...toUpdate]
      .sort(cmp)
      .map((n) => slicesByName.get(n)!)
      .sort((a, b) => (b.endpoints ?? []).length - (a.endpoints ?? []).length);
    for (const slice of slices) {
      const endpoints = [...(slice.endpoints ?? [])];
      while (desiredSet.size > 0 && endpoints.length < max) endpoints.push(pop());
      slicesByName.set(slice.metadata!.name!, { ...slice, endpoints });
    }
  }

  // 3. Fit what is left into the unchanged slice closest to full, else into new slices.
  const create: EndpointSlice[] = [];
  while (desiredSet.size > 0) {
    let sliceToFill: EndpointSlice | undefined;
    if (desiredSet.size < max && unchanged.size > 0) {
      const candidates = [...unchanged].sort(cmp).map((n) => slicesByName.get(n)!);
      sliceToFill = getSliceToFill(candidates, desiredSet.size, max);
    }
    const fill = sliceToFill ?? newEndpointSlice(service, ports, addressType, controllerName);
    const endpoints = [...(fill.endpoints ?? [])];
    while (desiredSet.size > 0 && endpoints.length < max) endpoints.push(pop());
    const filled = { ...fill, endpoints };
    const filledName = filled.metadata?.name;
    if (filledName) {
      slicesByName.set(filledName, filled);
      toUpdate.add(filledName);
      unchanged.delete(filledName);
    } else {
      create.push(filled);
    }
  }

  return {
    create,
    update: [...toUpdate].sort(cmp).map((n) => slicesByName.get(n)!),
    delete: [...toDelete].sort(cmp).map((n) => slicesByName.get(n)!),
  };
}

/** `getSliceToFill`: the slice that ends up closest to full once `numEndpoints` are added. */
function getSliceToFill(
  slices: readonly EndpointSlice[],
  numEndpoints: number,
  max: number,
): EndpointSlice | undefined {
  let closestDiff = max;
  let closest: EndpointSlice | undefined;
  for (const slice of slices) {
    const diff = max - (numEndpoints + (slice.endpoints ?? []).length);
    if (diff >= 0 && diff < closestDiff) {
      closestDiff = diff;
      closest = slice;
      if (closestDiff === 0) return closest;
    }
  }
  return closest;
}

function sortByName(slices: readonly EndpointSlice[]): EndpointSlice[] {
  return [...slices].sort((a, b) => cmp(a.metadata?.name ?? "", b.metadata?.name ?? ""));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

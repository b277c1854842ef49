import type {
  EndpointAddress,
  EndpointPort,
  EndpointSubset,
  Endpoints,
  Pod,
  Service,
} from "kubernetes-types/core/v1.js";
import type { KubeObject } from "../../api/KubeObject.js";
import type { Controller } from "../../controller/Controller.js";
import { objectKey, splitObjectKey } from "../../controller/Controller.js";
import { formatTimestamp } from "../../engine/VirtualClock.js";
import { selectorFromSet } from "../../labels/selector.js";
import { deepEqual } from "../../store/ObjectStore.js";
import { podServiceKeys } from "../endpointslice/endpointSliceController.js";
import {
  ANNOTATION_LAST_CHANGE_TRIGGER_TIME,
  LABEL_HEADLESS,
} from "../endpointslice/reconcileEndpointSlices.js";
import { ServiceSelectorIndex } from "../endpointslice/ServiceSelectorIndex.js";
import {
  findPort,
  isPodReady,
  isServiceIPSet,
  podIPs,
  shouldPodBeInEndpoints,
  shouldSetHostname,
} from "../endpointslice/shouldPodBeInEndpoints.js";
import { TriggerTimeTracker } from "../endpointslice/TriggerTimeTracker.js";
import { repackSubsets } from "./repackSubsets.js";
import { truncateEndpoints } from "./truncateEndpoints.js";

/** `v1.EndpointsOverCapacity`: set to `truncated` when the controller dropped addresses beyond 1000. */
export const ANNOTATION_OVER_CAPACITY = "endpoints.kubernetes.io/over-capacity";

/**
 * The legacy Endpoints controller of kube-controller-manager (K8s
 * `pkg/controller/endpoint/endpoints_controller.go` `syncService`): every Service with a
 * selector (not ExternalName) gets a core/v1 Endpoints object of the same name whose subsets
 * list the matching pods' addresses (ready ones in `addresses`, the others in
 * `notReadyAddresses`; terminating pods only with publishNotReadyAddresses) with the ports
 * they resolve, repacked and sorted by IP, at most 1000 addresses (then annotated
 * `endpoints.kubernetes.io/over-capacity: truncated`). The Endpoints of a deleted Service are
 * deleted. Reconcile key: the Service's `namespace/name`.
 *
 * Cost per change: as the EndpointSlice controller's (pods mapped to Services through a
 * {@link ServiceSelectorIndex}; pods of a Service listed through the store's label index).
 */
export function endpointsController(): Controller {
  const services = new ServiceSelectorIndex();
  const triggerTimes = new TriggerTimeTracker();
  // The uid of the Service each Endpoints object was last written for. The API server deletes a
  // Service's Endpoints with it (K8s pkg/registry/core/service/storage); this is how a
  // selector-less Service that replaced a deleted one of the same name gets rid of them here.
  const writtenFor = new Map<string, string>();
  /** Each pod's last address, by its spec object (see {@link podToEndpointAddress}). */
  const addresses = new WeakMap<object, EndpointAddress>();
  return {
    name: "endpoint-controller",
    watches: [
      {
        filter: { kind: "Service" },
        keys: (e) => {
          const svc = e.object as Service;
          const ns = svc.metadata?.namespace ?? "";
          const name = svc.metadata?.name ?? "";
          if (e.type === "DELETED") services.delete(ns, name);
          else services.set(svc);
          return [objectKey(ns, name)];
        },
      },
      { filter: { kind: "Pod" }, keys: (e) => podServiceKeys(services, e) },
      // K8s reacts to Endpoints deletions only (so a deleted Endpoints object is recreated).
      {
        filter: { kind: "Endpoints" },
        keys: (e) =>
          e.type === "DELETED" ? [objectKey(e.object.metadata.namespace, e.object.metadata.name ?? "")] : [],
      },
    ],
    reconcile(key, { tx }) {
      const { namespace, name } = splitObjectKey(key);
      const service = tx.get("Service", namespace, name) as Service | undefined;
      if (!service) {
        triggerTimes.delete(namespace, name);
        writtenFor.delete(key);
        if (tx.get("Endpoints", namespace, name)) tx.delete({ kind: "Endpoints", namespace, name });
        return undefined;
      }
      const selector = service.spec?.selector;
      if (service.spec?.type === "ExternalName" || selector === undefined || selector === null) {
        const owner = writtenFor.get(key);
        if (owner !== undefined && owner !== service.metadata?.uid) {
          writtenFor.delete(key);
          if (tx.get("Endpoints", namespace, name)) tx.delete({ kind: "Endpoints", namespace, name });
        }
        return undefined;
      }

      const pods = tx.list("Pod", {
        namespace,
        labelSelector: selectorFromSet(selector),
      }) as unknown as Pod[];
      const triggerTime = triggerTimes.compute(service, pods);
      const subsets = repackSubsets(endpointSubsets(service, pods, addresses));

      writtenFor.set(key, service.metadata?.uid ?? "");
      const current = tx.get("Endpoints", namespace, name) as Endpoints | undefined;
      const serviceLabels = service.metadata?.labels ?? {};
      if (current) {
        const compareLabels = { ...current.metadata?.labels };
        delete compareLabels[LABEL_HEADLESS];
        if (
          deepEqual(current.subsets ?? [], subsets) &&
          deepEqual(compareLabels, serviceLabels) &&
          capacityAnnotationSetCorrectly(current)
        ) {
          return undefined;
        }
      }
      const annotations: Record<string, string> = { ...current?.metadata?.annotations };
      if (triggerTime !== undefined)
        annotations[ANNOTATION_LAST_CHANGE_TRIGGER_TIME] = formatTimestamp(triggerTime);
      else delete annotations[ANNOTATION_LAST_CHANGE_TRIGGER_TIME];
      const truncated = truncateEndpoints(subsets);
      if (truncated) annotations[ANNOTATION_OVER_CAPACITY] = "truncated";
      else delete annotations[ANNOTATION_OVER_CAPACITY];
      const labels: Record<string, string> = { ...serviceLabels };
      if (!isServiceIPSet(service)) labels[LABEL_HEADLESS] = "";
      else delete labels[LABEL_HEADLESS];

      const finalSubsets = truncated ?? subsets;
      const metadata = {
        ...(current?.metadata ?? { name, namespace }),
        ...(Object.keys(labels).length > 0 ? { labels } : {}),
        ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
      };
      if (Object.keys(labels).length === 0) delete metadata.labels;
      if (Object.keys(annotations).length === 0) delete metadata.annotations;
      const next = {
        apiVersion: "v1",
        kind: "Endpoints",
        metadata,
        ...(finalSubsets.length > 0 ? { subsets: finalSubsets } : {}),
      } as KubeObject;
      if (current) tx.update(next);
      else tx.create(next);
      return undefined;
    },
  };
}

/** The subsets before repacking: one per (pod, resolved port), ready or not. */
function endpointSubsets(
  service: Service,
  pods: readonly Pod[],
  addresses: WeakMap<object, EndpointAddress>,
): EndpointSubset[] {
  const tolerateUnready = !!service.spec?.publishNotReadyAddresses;
  const subsets: EndpointSubset[] = [];
  const ports = service.spec?.ports ?? [];
  for (const pod of pods) {
    if (!shouldPodBeInEndpoints(pod, tolerateUnready)) continue;
    const address = podToEndpointAddress(service, pod, addresses);
    if (!address) continue;
    const ready = tolerateUnready || isPodReady(pod);
    const subset = (port: EndpointPort | undefined): EndpointSubset => ({
      ...(ready ? { addresses: [address] } : { notReadyAddresses: [address] }),
      ...(port ? { ports: [port] } : {}),
    });
    if (ports.length === 0) {
      // Headless Services may have no ports.
      if (service.spec?.clusterIP === "None") subsets.push(subset(undefined));
      continue;
    }
    for (const servicePort of ports) {
      const port = findPort(pod, servicePort);
      if (port === undefined) continue;
      subsets.push(
        subset({
          ...(servicePort.name ? { name: servicePort.name } : {}),
          port,
          protocol: servicePort.protocol ?? "TCP",
          ...(servicePort.appProtocol !== undefined ? { appProtocol: servicePort.appProtocol } : {}),
        }),
      );
    }
  }
  return subsets;
}

/**
 * `podToEndpointAddressForService`: the pod's IP of the Service's first IP family (from
 * `ipFamilies`, else the ClusterIP, else the pod's own IP for headless Services).
 */
function podToEndpointAddress(
  service: Service,
  pod: Pod,
  built: WeakMap<object, EndpointAddress>,
): EndpointAddress | undefined {
  const ips = podIPs(pod);
  let ipv6: boolean;
  const family = service.spec?.ipFamilies?.[0];
  if (family) ipv6 = family === "IPv6";
  else if (isServiceIPSet(service)) ipv6 = service.spec!.clusterIP!.includes(":");
  else ipv6 = (pod.status?.podIP ?? "").includes(":");
  const ip = ips.find((i) => i.includes(":") === ipv6);
  if (!ip) return undefined;
  const hostname = shouldSetHostname(pod, service) ? pod.spec!.hostname! : undefined;
  const nodeName = pod.spec?.nodeName || undefined;
  const namespace = pod.metadata?.namespace ?? "";
  const name = pod.metadata?.name ?? "";
  const uid = pod.metadata?.uid ?? "";
  // The address the pod's spec last gave, when it is the same: a pod's spec outlives its status
  // writes, so every version of the Endpoints shares one frozen address per pod instead of a
  // copy per version (copies the event log's deltas would keep, or old-generation garbage).
  const spec = pod.spec as object | undefined;
  const last = spec ? built.get(spec) : undefined;
  if (
    last &&
    last.ip === ip &&
    last.hostname === hostname &&
    last.nodeName === nodeName &&
    last.targetRef?.uid === uid &&
    last.targetRef.name === name &&
    last.targetRef.namespace === namespace
  )
    return last;
  const address: EndpointAddress = { ip };
  if (hostname !== undefined) address.hostname = hostname;
  if (nodeName !== undefined) address.nodeName = nodeName;
  address.targetRef = { kind: "Pod", namespace, name, uid };
  if (spec) built.set(spec, address);
  return address;
}

/** `capacityAnnotationSetCorrectly`: over 1000 addresses needs truncating; otherwise the annotation must be absent. */
function capacityAnnotationSetCorrectly(endpoints: Endpoints): boolean {
  let n = 0;
  for (const s of endpoints.subsets ?? [])
    n += (s.addresses?.length ?? 0) + (s.notReadyAddresses?.length ?? 0);
  if (n > 1000) return false;
  return endpoints.metadata?.annotations?.[ANNOTATION_OVER_CAPACITY] === undefined;
}

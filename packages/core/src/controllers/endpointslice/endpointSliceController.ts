import type { Node, Pod, Service } from "kubernetes-types/core/v1.js";
import type { EndpointSlice } from "kubernetes-types/discovery/v1.js";
import type { KubeObject } from "../../api/KubeObject.js";
import type { Controller, ReconcileContext } from "../../controller/Controller.js";
import { objectKey, splitObjectKey } from "../../controller/Controller.js";
import { formatTimestamp } from "../../engine/VirtualClock.js";
import { recordEvent } from "../../events/recordEvent.js";
import { selectorFromSet } from "../../labels/selector.js";
import type { WatchEvent } from "../../store/ObjectStore.js";
import {
  ANNOTATION_LAST_CHANGE_TRIGGER_TIME,
  LABEL_MANAGED_BY,
  LABEL_SERVICE_NAME,
  type NodeFacts,
  nodeFacts,
  reconcileEndpointSlices,
} from "./reconcileEndpointSlices.js";
import { ServiceSelectorIndex } from "./ServiceSelectorIndex.js";
import { podChangeMatters } from "./shouldPodBeInEndpoints.js";
import { TriggerTimeTracker } from "./TriggerTimeTracker.js";

/** The EndpointSlice controller's name: its managed-by label value (`controllerName`). */
export const ENDPOINTSLICE_CONTROLLER_NAME = "endpointslice-controller.k8s.io";

/** The event source component of the EndpointSlice controller. */
export const ENDPOINTSLICE_EVENT_COMPONENT = "endpoint-slice-controller";

/** `--max-endpoints-per-slice` default (K8s `pkg/controller/endpointslice/config/v1alpha1/defaults.go`). */
export const DEFAULT_MAX_ENDPOINTS_PER_SLICE = 100;

/** Options of {@link endpointSliceController}. */
export interface EndpointSliceControllerOptions {
  /** `--max-endpoints-per-slice`: 1 to 1000, default 100. */
  readonly maxEndpointsPerSlice?: number;
}

/**
 * The EndpointSlice controller of kube-controller-manager (K8s
 * `pkg/controller/endpointslice/endpointslice_controller.go` `syncService` and the reconciler in
 * `staging/src/k8s.io/endpointslice`): every Service with a selector (not ExternalName) gets
 * EndpointSlices, one set per address family, listing the pods its selector matches; a
 * Service without a selector is left to its user's slices. Reconcile key: the Service's
 * `namespace/name`.
 *
 * Cost per change: a pod change is mapped to Services through a {@link ServiceSelectorIndex}
 * kept from the Service watch (O(pod labels + Services sharing a selector pair with it)); a
 * Service reconcile lists the pods of its selector and its slices through the store's label
 * index, and reads each pod's node (whether it exists, its zone) from a map kept from the Node
 * watch. Nothing scans all pods or Services.
 *
 * Where the Service's pods name a node that does not exist, K8s publishes the slices without
 * them, records `FailedToUpdateEndpointSlices` and retries with back-off; kubesim records the
 * same event and reconciles the Service again when that node is added.
 *
 * As in K8s, a Service that loses its selector or becomes ExternalName keeps the slices it had
 * (kubernetes/kubernetes#118376); a deleted Service's slices are removed here, which in a real
 * cluster the garbage collector does through their owner reference.
 */
export function endpointSliceController(options: EndpointSliceControllerOptions = {}): Controller {
  const maxEndpointsPerSlice = options.maxEndpointsPerSlice ?? DEFAULT_MAX_ENDPOINTS_PER_SLICE;
  if (!Number.isInteger(maxEndpointsPerSlice) || maxEndpointsPerSlice < 1 || maxEndpointsPerSlice > 1000) {
    throw new Error(
      `endpointSliceController: maxEndpointsPerSlice must be between 1 and 1000, got ${maxEndpointsPerSlice}`,
    );
  }
  const controllerName = ENDPOINTSLICE_CONTROLLER_NAME;
  const services = new ServiceSelectorIndex();
  const triggerTimes = new TriggerTimeTracker();
  // The EndpointSliceTracker of K8s: the resourceVersion of each slice this controller last
  // wrote (or DELETED), so that its own writes do not queue the Service again while a user's
  // edit or deletion of a managed slice does.
  const expected = new Map<string, string>();
  // Services that skipped pods because their node is unknown, by node name.
  const waitingForNode = new Map<string, Set<string>>();
  // The nodeLister's view, reduced to what endpoints need (existence and zone), by node name.
  const nodes = new Map<string, NodeFacts>();

  const sliceKeys = (e: WatchEvent): string[] => {
    const slice = e.object as unknown as EndpointSlice;
    const ns = slice.metadata?.namespace ?? "";
    const svc = slice.metadata?.labels?.[LABEL_SERVICE_NAME];
    const old = e.oldObject as unknown as EndpointSlice | undefined;
    const oldSvc = old?.metadata?.labels?.[LABEL_SERVICE_NAME];
    const keys = new Set<string>();
    if (e.type === "MODIFIED" && svc !== oldSvc) {
      if (svc) keys.add(objectKey(ns, svc));
      if (oldSvc) keys.add(objectKey(ns, oldSvc));
    }
    const managed = slice.metadata?.labels?.[LABEL_MANAGED_BY] === controllerName;
    const wasManaged = old?.metadata?.labels?.[LABEL_MANAGED_BY] === controllerName;
    if (e.type === "MODIFIED" && managed !== wasManaged && svc) keys.add(objectKey(ns, svc));
    const key = objectKey(ns, slice.metadata?.name ?? "");
    if (managed && svc) {
      const want = expected.get(key);
      if (e.type === "DELETED") {
        expected.delete(key);
        if (want !== DELETED) keys.add(objectKey(ns, svc));
      } else if (want !== slice.metadata?.resourceVersion) {
        keys.add(objectKey(ns, svc));
      }
    }
    return [...keys];
  };

  return {
    name: "endpointslice-controller",
    watches: [
      // Services first: the selector index must be filled before pods are mapped.
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
      { filter: { kind: "EndpointSlice" }, keys: sliceKeys },
      {
        filter: { kind: "Node" },
        keys: (e) => {
          const name = e.object.metadata.name ?? "";
          if (e.type === "DELETED") nodes.delete(name);
          else {
            const facts = nodeFacts(e.object as Node);
            const had = nodes.get(name);
            // A heartbeat keeps the entry (and its zone string) as it was.
            if (had === undefined || had.zone !== facts.zone) nodes.set(name, facts);
          }
          if (e.type !== "ADDED") return [];
          const waiting = waitingForNode.get(name);
          if (!waiting) return [];
          waitingForNode.delete(name);
          return [...waiting].sort();
        },
      },
    ],
    reconcile(key, ctx) {
      const { tx } = ctx;
      const { namespace, name } = splitObjectKey(key);
      const service = tx.get("Service", namespace, name) as Service | undefined;
      const sliceSelector = selectorFromSet({
        [LABEL_SERVICE_NAME]: name,
        [LABEL_MANAGED_BY]: controllerName,
      });
      const managedSlices = () =>
        tx.list("EndpointSlice", { namespace, labelSelector: sliceSelector }) as unknown as EndpointSlice[];
      if (!service) {
        triggerTimes.delete(namespace, name);
        // The garbage collector's part: slices owned by a Service of that name go with it.
        for (const slice of managedSlices()) {
          const owned = (slice.metadata?.ownerReferences ?? []).some(
            (o) => o.kind === "Service" && o.name === name,
          );
          if (owned) deleteSlice(ctx, slice);
        }
        return undefined;
      }
      const selector = service.spec?.selector;
      if (service.spec?.type === "ExternalName" || selector === undefined || selector === null) {
        // No slices from this controller. Slices of an earlier Service of the same name are
        // the garbage collector's in K8s (their owner is gone); the slices this Service had
        // before losing its selector stay, as in K8s.
        for (const slice of managedSlices()) {
          const owners = slice.metadata?.ownerReferences ?? [];
          const stale = owners.some(
            (o) => o.kind === "Service" && o.name === name && o.uid !== service.metadata?.uid,
          );
          if (stale) deleteSlice(ctx, slice);
        }
        return undefined;
      }

      const pods = tx.list("Pod", {
        namespace,
        labelSelector: selectorFromSet(selector),
      }) as unknown as Pod[];
      const existingSlices = managedSlices().filter((s) => !s.metadata?.deletionTimestamp);
      const triggerTime = triggerTimes.compute(service, pods);
      const changes = reconcileEndpointSlices({
        service,
        pods,
        nodeOf: (n) => nodes.get(n),
        existingSlices,
        maxEndpointsPerSlice,
        controllerName,
      });
      const annotate = (slice: EndpointSlice): KubeObject => {
        const annotations = { ...slice.metadata?.annotations };
        if (triggerTime !== undefined)
          annotations[ANNOTATION_LAST_CHANGE_TRIGGER_TIME] = formatTimestamp(triggerTime);
        else delete annotations[ANNOTATION_LAST_CHANGE_TRIGGER_TIME];
        const metadata = { ...slice.metadata, annotations };
        if (Object.keys(annotations).length === 0) delete (metadata as { annotations?: unknown }).annotations;
        return { ...slice, metadata } as unknown as KubeObject;
      };
      // Don't create slices for a Service pending deletion (a race with the garbage collector in K8s).
      if (!service.metadata?.deletionTimestamp) {
        for (const slice of changes.create) remember(tx.create(annotate(slice)));
      }
      for (const slice of changes.update) remember(tx.update(annotate(slice)));
      for (const slice of changes.delete) deleteSlice(ctx, slice);

      const key2 = objectKey(namespace, name);
      for (const node of changes.missingNodes) {
        let set = waitingForNode.get(node);
        if (!set) {
          set = new Set();
          waitingForNode.set(node, set);
        }
        set.add(key2);
      }
      if (changes.errors.length > 0) {
        recordEvent(
          tx,
          ctx.nowMs,
          service as KubeObject,
          { component: ENDPOINTSLICE_EVENT_COMPONENT },
          {
            type: "Warning",
            reason: "FailedToUpdateEndpointSlices",
            message: `Error updating Endpoint Slices for Service ${namespace}/${name}: ${aggregateError(changes.errors)}`,
          },
        );
      }
      return undefined;
    },
  };

  function remember(stored: KubeObject): void {
    expected.set(
      objectKey(stored.metadata.namespace, stored.metadata.name ?? ""),
      stored.metadata.resourceVersion ?? "",
    );
  }

  function deleteSlice(ctx: ReconcileContext, slice: EndpointSlice): void {
    const namespace = slice.metadata?.namespace ?? "";
    const name = slice.metadata?.name ?? "";
    if (!ctx.tx.get("EndpointSlice", namespace, name)) return;
    ctx.tx.delete({ kind: "EndpointSlice", namespace, name });
    expected.set(objectKey(namespace, name), DELETED);
  }
}

/** Marks a slice this controller deleted itself in the expected-versions map. */
const DELETED = "\u0000deleted";

/**
 * The Services a pod change concerns (K8s `GetPodServiceMemberships` on add/delete,
 * `GetServicesToUpdateOnPodChange` on update): those selecting the pod before or after the
 * change, and none when nothing that endpoints reflect has changed.
 */
export function podServiceKeys(services: ServiceSelectorIndex, e: WatchEvent): string[] {
  const pod = e.object as Pod;
  const ns = pod.metadata?.namespace ?? "";
  if (e.type === "MODIFIED") {
    const old = e.oldObject as Pod | undefined;
    if (old && !podChangeMatters(old, pod)) return [];
    // A status update keeps the labels object (the store shares unchanged parts): one lookup.
    if (old?.metadata?.labels === pod.metadata?.labels)
      return services.servicesFor(ns, pod.metadata?.labels).map((n) => objectKey(ns, n));
    const names = new Set(services.servicesFor(ns, pod.metadata?.labels));
    for (const n of services.servicesFor(ns, old?.metadata?.labels)) names.add(n);
    return [...names].sort().map((n) => objectKey(ns, n));
  }
  return services.servicesFor(ns, pod.metadata?.labels).map((n) => objectKey(ns, n));
}

/** `utilerrors.NewAggregate(errs).Error()`: one message as is, several as `[a, b]`. */
export function aggregateError(messages: readonly string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? unique[0]! : `[${unique.join(", ")}]`;
}

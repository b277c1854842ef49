/**
 * The pod-side rules shared by the EndpointSlice and Endpoints controllers: which pods become
 * endpoints, readiness, hostnames and targetPort resolution. Ports of K8s
 * `staging/src/k8s.io/endpointslice/util/controller_utils.go` (`ShouldPodBeInEndpoints`,
 * `ShouldSetHostname`, `IsPodReady`, `podEndpointsChanged`) and `utils.go` (`FindPort`).
 *
 * @module
 */

import type { Pod, Service, ServicePort } from "kubernetes-types/core/v1.js";
import { deepEqual } from "../../store/ObjectStore.js";

/** The `Ready` condition of a pod is `True` (`podutil.IsPodReady`). */
export function isPodReady(pod: Pod): boolean {
  return readyCondition(pod)?.status === "True";
}

/** The pod's `Ready` condition, if it has one. */
export function readyCondition(pod: Pod): { status?: string; lastTransitionTime?: string } | undefined {
  return pod.status?.conditions?.find((c) => c.type === "Ready");
}

/**
 * `ShouldPodBeInEndpoints`: a pod is an endpoint unless it is terminal (`Succeeded`/`Failed`),
 * has no IP yet, or is terminating while terminating pods are not wanted (the EndpointSlice
 * controller always includes them; the Endpoints controller only with publishNotReadyAddresses).
 */
export function shouldPodBeInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  const phase = pod.status?.phase;
  if (phase === "Failed" || phase === "Succeeded") return false;
  if (!pod.status?.podIP && (pod.status?.podIPs?.length ?? 0) === 0) return false;
  if (!includeTerminating && pod.metadata?.deletionTimestamp) return false;
  return true;
}

/**
 * The pod's IPs. The API server's conversion fills `podIPs` from `podIP` when only the latter
 * is written (`Convert_v1_PodStatus_To_core_PodStatus`), so the controllers read `podIPs` and
 * fall back to `podIP`.
 */
export function podIPs(pod: Pod): string[] {
  const ips = (pod.status?.podIPs ?? []).map((p) => p.ip).filter((ip): ip is string => !!ip);
  if (ips.length > 0) return ips;
  return pod.status?.podIP ? [pod.status.podIP] : [];
}

/** `ShouldSetHostname`: the pod's hostname is published when its subdomain is this Service. */
export function shouldSetHostname(pod: Pod, service: Service): boolean {
  return (
    !!pod.spec?.hostname &&
    pod.spec.subdomain === service.metadata?.name &&
    pod.metadata?.namespace === service.metadata?.namespace
  );
}

/**
 * `FindPort`: a numeric targetPort is used as is; a named one is the first container port of
 * that name and of the Service port's protocol, in the containers, then in sidecar init
 * containers (`restartPolicy: Always`). Undefined when no port matches (the controllers then
 * leave that Service port out for this pod: `no suitable port for manifest: <uid>`).
 */
export function findPort(pod: Pod, servicePort: ServicePort): number | undefined {
  // The API server defaults targetPort to the port, so an absent one only reaches here from
  // objects written around defaulting; treat it as the port, as the default would.
  const target = servicePort.targetPort ?? servicePort.port;
  if (typeof target === "number") return target;
  const protocol = servicePort.protocol ?? "TCP";
  for (const container of pod.spec?.containers ?? []) {
    for (const port of container.ports ?? []) {
      if (port.name === target && (port.protocol ?? "TCP") === protocol) return port.containerPort;
    }
  }
  for (const container of pod.spec?.initContainers ?? []) {
    if (container.restartPolicy !== "Always") continue;
    for (const port of container.ports ?? []) {
      if (port.name === target && (port.protocol ?? "TCP") === protocol) return port.containerPort;
    }
  }
  return undefined;
}

/** Whether a Service's ClusterIP is set, i.e. it is not headless (`helper.IsServiceIPSet`). */
export function isServiceIPSet(service: Service): boolean {
  const ip = service.spec?.clusterIP ?? "";
  return ip !== "" && ip !== "None";
}

/**
 * `podEndpointsChanged` + the label check of `GetPodUpdateProjectionKey`: whether a pod update
 * can change any endpoint (deletion, readiness, IPs) or which Services it belongs to (labels,
 * hostname, subdomain). Other updates (container statuses, annotations) are ignored, so the
 * kubelet's frequent status writes do not resync Services.
 *
 * kubesim addition: phase and spec.nodeName also count (a pod going terminal drops out; a pod
 * with an IP but no node yet appears once bound), since the simulator's kubelet may write them in
 * separate steps from the IP.
 */
export function podChangeMatters(oldPod: Pod, newPod: Pod): boolean {
  if (!deepEqual(oldPod.metadata?.labels ?? {}, newPod.metadata?.labels ?? {})) return true;
  if (oldPod.spec?.hostname !== newPod.spec?.hostname || oldPod.spec?.subdomain !== newPod.spec?.subdomain)
    return true;
  if (oldPod.metadata?.deletionTimestamp !== newPod.metadata?.deletionTimestamp) return true;
  if (isPodReady(oldPod) !== isPodReady(newPod)) return true;
  if (!deepEqual(podIPs(oldPod), podIPs(newPod))) return true;
  if (oldPod.status?.phase !== newPod.status?.phase) return true;
  if (oldPod.spec?.nodeName !== newPod.spec?.nodeName) return true;
  return false;
}

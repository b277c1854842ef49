import type { Container, Pod } from "kubernetes-types/core/v1.js";
import type { DescribeData } from "./DescribeData.js";
import { describeContainers, describeVolumes } from "./describeContainers.js";
import { describeEvents } from "./describeEvents.js";
import {
  printAnnotationsMultiline,
  printLabelsMultiline,
  printTolerationsMultiline,
  rfc1123z,
  timestampSince,
} from "./format.js";
import { LEVEL_0, LEVEL_1, tabbedString } from "./PrefixWriter.js";
import { compareQuantity, parseQuantity } from "./Quantity.js";

/** `describePod` (k8s.io/kubectl/pkg/describe/describe.go). */
export function describePod(pod: Pod, data: DescribeData): string {
  return tabbedString((w) => {
    const spec = pod.spec;
    const status = pod.status ?? {};
    w.write(LEVEL_0, `Name:\t${pod.metadata?.name ?? ""}\n`);
    w.write(LEVEL_0, `Namespace:\t${pod.metadata?.namespace ?? ""}\n`);
    if (spec?.priority !== undefined && spec.priority !== null)
      w.write(LEVEL_0, `Priority:\t${spec.priority}\n`);
    if (spec?.priorityClassName) w.write(LEVEL_0, `Priority Class Name:\t${spec.priorityClassName}\n`);
    if (spec?.runtimeClassName) w.write(LEVEL_0, `Runtime Class Name:\t${spec.runtimeClassName}\n`);
    if (spec?.serviceAccountName) w.write(LEVEL_0, `Service Account:\t${spec.serviceAccountName}\n`);
    if (!spec?.nodeName) w.write(LEVEL_0, "Node:\t<none>\n");
    else w.write(LEVEL_0, `Node:\t${spec.nodeName}/${status.hostIP ?? ""}\n`);
    if (status.startTime) w.write(LEVEL_0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
    printLabelsMultiline(w, "Labels", pod.metadata?.labels);
    printAnnotationsMultiline(w, "Annotations", pod.metadata?.annotations);
    if (pod.metadata?.deletionTimestamp && status.phase !== "Failed" && status.phase !== "Succeeded") {
      w.write(
        LEVEL_0,
        `Status:\tTerminating (lasts ${timestampSince(pod.metadata.deletionTimestamp, data.nowMs)})\n`,
      );
      w.write(LEVEL_0, `Termination Grace Period:\t${pod.metadata.deletionGracePeriodSeconds ?? 0}s\n`);
    } else {
      w.write(LEVEL_0, `Status:\t${status.phase ?? ""}\n`);
    }
    if (status.reason) w.write(LEVEL_0, `Reason:\t${status.reason}\n`);
    if (status.message) w.write(LEVEL_0, `Message:\t${status.message}\n`);
    const seccomp = spec?.securityContext?.seccompProfile;
    if (seccomp) {
      w.write(LEVEL_0, `SeccompProfile:\t${seccomp.type}\n`);
      if (seccomp.type === "Localhost")
        w.write(LEVEL_0, `LocalhostProfile:\t${seccomp.localhostProfile ?? ""}\n`);
    }
    w.write(LEVEL_0, `IP:\t${status.podIP ?? ""}\n`);
    if ((status.podIPs ?? []).length === 0) w.write(LEVEL_0, "IPs:\t<none>\n");
    else {
      w.write(LEVEL_0, "IPs:\n");
      for (const ip of status.podIPs!) w.write(LEVEL_1, `IP:\t${ip.ip}\n`);
    }
    const controller = (pod.metadata?.ownerReferences ?? []).find((r) => r.controller);
    if (controller) w.write(LEVEL_0, `Controlled By:\t${controller.kind}/${controller.name}\n`);
    if (status.nominatedNodeName) w.write(LEVEL_0, `NominatedNodeName:\t${status.nominatedNodeName}\n`);
    const resolve = (fieldPath: string) => podFieldValue(pod, fieldPath);
    if ((spec?.initContainers ?? []).length > 0) {
      describeContainers(
        "Init Containers",
        spec!.initContainers!,
        status.initContainerStatuses ?? [],
        w,
        "",
        resolve,
      );
    }
    describeContainers("Containers", spec?.containers ?? [], status.containerStatuses ?? [], w, "", resolve);
    if ((spec?.readinessGates ?? []).length > 0) {
      w.write(LEVEL_0, "Readiness Gates:\n  Type\tStatus\n");
      for (const g of spec!.readinessGates!) {
        const c = (status.conditions ?? []).find((c) => c.type === g.conditionType);
        w.write(LEVEL_1, `${g.conditionType} \t${c ? c.status : "<none>"} \n`);
      }
    }
    if ((status.conditions ?? []).length > 0) {
      w.write(LEVEL_0, "Conditions:\n  Type\tStatus\n");
      for (const c of status.conditions!) w.write(LEVEL_1, `${c.type} \t${c.status} \n`);
    }
    describeVolumes(spec?.volumes, w, "");
    w.write(LEVEL_0, `QoS Class:\t${status.qosClass || podQOS(pod)}\n`);
    printLabelsMultiline(w, "Node-Selectors", spec?.nodeSelector);
    printTolerationsMultiline(w, "Tolerations", spec?.tolerations);
    if (data.events) describeEvents(data.events, w, data.nowMs);
  });
}

/**
 * `qos.GetPodQOS`: Guaranteed when every container sets CPU and memory limits equal to its
 * requests, BestEffort when none sets any request or limit, else Burstable.
 */
export function podQOS(pod: Pod): string {
  const containers: Container[] = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    for (const r of ["cpu", "memory"]) {
      const rq = req[r] !== undefined ? parseQuantity(String(req[r])) : undefined;
      const lq = lim[r] !== undefined ? parseQuantity(String(lim[r])) : undefined;
      if ((rq && rq.nanos !== 0n) || (lq && lq.nanos !== 0n)) any = true;
      if (!lq || (rq && compareQuantity(rq, lq) !== 0)) guaranteed = false;
    }
  }
  if (!any) return "BestEffort";
  return guaranteed ? "Guaranteed" : "Burstable";
}

/** What a `fieldRef` environment variable resolves to in a Pod (`fieldpath.ExtractFieldPathAsString`). */
function podFieldValue(pod: Pod, fieldPath: string): string {
  const m = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(fieldPath);
  if (m) return (m[1] === "labels" ? pod.metadata?.labels : pod.metadata?.annotations)?.[m[2]!] ?? "";
  switch (fieldPath) {
    case "metadata.name":
      return pod.metadata?.name ?? "";
    case "metadata.namespace":
      return pod.metadata?.namespace ?? "";
    case "metadata.uid":
      return pod.metadata?.uid ?? "";
    case "spec.nodeName":
      return pod.spec?.nodeName ?? "";
    case "spec.serviceAccountName":
      return pod.spec?.serviceAccountName ?? "";
    case "status.hostIP":
      return pod.status?.hostIP ?? "";
    case "status.podIP":
      return pod.status?.podIP ?? "";
    case "status.podIPs":
      return (pod.status?.podIPs ?? []).map((i) => i.ip).join(",");
    default:
      return "";
  }
}

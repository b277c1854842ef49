/**
 * Pod and pod template defaulting as the Kubernetes 1.33 API server applies it when it decodes a
 * request: `SetObjectDefaults_Pod` / `SetObjectDefaults_PodTemplate` (`pkg/apis/core/v1/zz_generated.defaults.go`)
 * calling `SetDefaults_Pod`, `SetDefaults_PodSpec`, `SetDefaults_Container`, `SetDefaults_Probe`,
 * `SetDefaults_HTTPGetAction`, `SetDefaults_Volume`, ... (`pkg/apis/core/v1/defaults.go`), plus what the
 * v1 conversion and JSON encoding make visible in `kubectl get pod -o yaml`.
 *
 * Admission plugins add more (service account, tolerations, priority): see `admitServiceAccount.ts`,
 * `admitDefaultTolerationSeconds.ts` and `admitPriority.ts`.
 *
 * @module
 */

import { type Draft, produce } from "immer";
import type {
  Container,
  EphemeralContainer,
  LifecycleHandler,
  Pod,
  PodSpec,
  PodTemplateSpec,
  Probe,
  Volume,
} from "kubernetes-types/core/v1.js";
import { canonicalResourceQuantity } from "./quantity.js";

/** `v1.TerminationMessagePathDefault`. */
export const TERMINATION_MESSAGE_PATH_DEFAULT = "/dev/termination-log";
/** `v1.DefaultTerminationGracePeriodSeconds`. */
export const DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30;
/** `v1.DefaultSchedulerName`. */
export const DEFAULT_SCHEDULER_NAME = "default-scheduler";
/** The default file mode of secret, configMap, downwardAPI and projected volumes (0644). */
export const DEFAULT_VOLUME_MODE = 0o644;

// The reference grammar's path component (distribution/reference): lower-case only.
const PATH_COMPONENT_RE = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;

/**
 * The tag `parsers.ParseImageName` finds in an image reference: the explicit tag, `latest` when there is
 * neither tag nor digest, `""` when there is only a digest or the reference does not parse (for example
 * upper-case letters in the repository path).
 */
export function imageTag(image: string): string {
  if (image === "") return "";
  let rest = image;
  let digest = "";
  const at = rest.indexOf("@");
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  const lastSlash = rest.lastIndexOf("/");
  const lastColon = rest.lastIndexOf(":");
  let tag = "";
  if (lastColon > lastSlash) {
    tag = rest.slice(lastColon + 1);
    rest = rest.slice(0, lastColon);
    if (!/^[\w][\w.-]{0,127}$/.test(tag)) return "";
  }
  const components = rest.split("/");
  // A first component with a dot, a colon or "localhost" is a registry host, which may use upper case.
  const first = components[0]!;
  const hasDomain =
    components.length > 1 && (first.includes(".") || first.includes(":") || first === "localhost");
  const pathComponents = hasDomain ? components.slice(1) : components;
  if (pathComponents.some((c) => !PATH_COMPONENT_RE.test(c))) return "";
  if (tag === "" && digest === "") return "latest";
  return tag;
}

/**
 * `SetDefaults_Container`'s pull policy: `Always` for a `:latest` image or one without tag or digest,
 * `IfNotPresent` otherwise.
 */
export function defaultImagePullPolicy(image: string): "Always" | "IfNotPresent" {
  return imageTag(image) === "latest" ? "Always" : "IfNotPresent";
}

function defaultResourceList(list: Draft<Record<string, string>> | undefined): void {
  if (!list) return;
  for (const key of Object.keys(list)) {
    const value = list[key];
    if (typeof value === "string") list[key] = canonicalResourceQuantity(value);
  }
}

function defaultHttpGet(handler: Draft<Probe> | Draft<LifecycleHandler> | undefined): void {
  if (!handler?.httpGet) return;
  handler.httpGet.path ||= "/";
  handler.httpGet.scheme ||= "HTTP";
}

function defaultProbe(probe: Draft<Probe> | undefined): void {
  if (!probe) return;
  if (!probe.timeoutSeconds) probe.timeoutSeconds = 1;
  if (!probe.periodSeconds) probe.periodSeconds = 10;
  if (!probe.successThreshold) probe.successThreshold = 1;
  if (!probe.failureThreshold) probe.failureThreshold = 3;
  defaultHttpGet(probe);
  // GRPCAction.Service is `+default=""` and not omitempty, so it always shows.
  if (probe.grpc && probe.grpc.service === undefined) probe.grpc.service = "";
}

function defaultContainer(c: Draft<Container> | Draft<EphemeralContainer>): void {
  if (!c.imagePullPolicy) c.imagePullPolicy = defaultImagePullPolicy(c.image ?? "");
  if (!c.terminationMessagePath) c.terminationMessagePath = TERMINATION_MESSAGE_PATH_DEFAULT;
  if (!c.terminationMessagePolicy) c.terminationMessagePolicy = "File";
  for (const port of c.ports ?? []) if (!port.protocol) port.protocol = "TCP";
  for (const env of c.env ?? []) {
    const fieldRef = env.valueFrom?.fieldRef;
    if (fieldRef && !fieldRef.apiVersion) fieldRef.apiVersion = "v1";
  }
  // ResourceRequirements is a struct, not a pointer: the API always prints `resources: {}`.
  c.resources ??= {};
  defaultResourceList(c.resources.limits);
  defaultResourceList(c.resources.requests);
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
  defaultHttpGet(c.lifecycle?.postStart);
  defaultHttpGet(c.lifecycle?.preStop);
}

function hasVolumeSource(v: Draft<Volume>): boolean {
  return Object.keys(v).some((k) => k !== "name" && (v as Record<string, unknown>)[k] != null);
}

function defaultVolume(v: Draft<Volume>): void {
  if (!hasVolumeSource(v)) v.emptyDir = {};
  if (v.hostPath && v.hostPath.type === undefined) v.hostPath.type = "";
  if (v.secret) v.secret.defaultMode ??= DEFAULT_VOLUME_MODE;
  if (v.configMap) v.configMap.defaultMode ??= DEFAULT_VOLUME_MODE;
  if (v.downwardAPI) {
    v.downwardAPI.defaultMode ??= DEFAULT_VOLUME_MODE;
    for (const item of v.downwardAPI.items ?? []) if (item.fieldRef) item.fieldRef.apiVersion ||= "v1";
  }
  if (v.projected) {
    v.projected.defaultMode ??= DEFAULT_VOLUME_MODE;
    for (const source of v.projected.sources ?? []) {
      for (const item of source.downwardAPI?.items ?? [])
        if (item.fieldRef) item.fieldRef.apiVersion ||= "v1";
      if (source.serviceAccountToken) source.serviceAccountToken.expirationSeconds ??= 3600;
    }
  }
  const claimSpec = v.ephemeral?.volumeClaimTemplate?.spec;
  if (claimSpec) claimSpec.volumeMode ??= "Filesystem";
}

/** `SetDefaults_PodSpec` and everything nested in a spec; Pod-only defaults come from {@link defaultPod}. */
function defaultPodSpecDraft(spec: Draft<PodSpec>): void {
  if (!spec.dnsPolicy) spec.dnsPolicy = "ClusterFirst";
  if (!spec.restartPolicy) spec.restartPolicy = "Always";
  spec.securityContext ??= {};
  spec.terminationGracePeriodSeconds ??= DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS;
  if (!spec.schedulerName) spec.schedulerName = DEFAULT_SCHEDULER_NAME;
  for (const v of spec.volumes ?? []) defaultVolume(v);
  for (const c of spec.initContainers ?? []) defaultContainer(c);
  for (const c of spec.containers ?? []) defaultContainer(c);
  for (const c of spec.ephemeralContainers ?? []) defaultContainer(c);
  defaultResourceList(spec.overhead);
  // The v1 conversion treats `serviceAccount` as an alias of `serviceAccountName` and writes the
  // name back into it, so a stored spec shows both (or neither).
  if (!spec.serviceAccountName && spec.serviceAccount) spec.serviceAccountName = spec.serviceAccount;
  if (spec.serviceAccountName) spec.serviceAccount = spec.serviceAccountName;
  else delete spec.serviceAccount;
}

/** `defaultHostNetworkPorts`: with host networking every container port is also a host port. */
function defaultHostNetworkPorts(containers: Draft<Container>[] | undefined): void {
  for (const c of containers ?? []) {
    for (const port of c.ports ?? []) if (!port.hostPort) port.hostPort = port.containerPort;
  }
}

/** Requests default to limits for every resource that has a limit but no request (Pods only). */
function defaultRequestsFromLimits(containers: Draft<Container>[] | undefined): void {
  for (const c of containers ?? []) {
    const limits = c.resources?.limits;
    if (!limits || !c.resources) continue;
    for (const key of Object.keys(limits)) {
      // Go makes an empty map when there are no requests; empty maps are never printed, so kubesim
      // only creates `requests` when it has something to put in.
      c.resources.requests ??= {};
      if (!Object.hasOwn(c.resources.requests, key)) c.resources.requests[key] = limits[key]!;
    }
  }
}

/**
 * A Pod as the API server defaults it (`SetObjectDefaults_Pod`): requests from limits,
 * `enableServiceLinks: true`, host ports under `hostNetwork`, then the pod spec defaults —
 * `restartPolicy: Always`, `dnsPolicy: ClusterFirst`, `terminationGracePeriodSeconds: 30`,
 * `schedulerName: default-scheduler`, `securityContext: {}` — and per container `imagePullPolicy`,
 * `terminationMessagePath: /dev/termination-log`, `terminationMessagePolicy: File`, `resources: {}`,
 * port `protocol: TCP`, probe timings (1/10/1/3 s) and `httpGet` `path: /`, `scheme: HTTP`. Resource
 * quantities are stored canonical and rounded up to milli-units. Returns a new object; the input is not
 * touched.
 */
export function defaultPod(pod: Pod): Pod {
  return produce(pod, (d) => {
    d.spec ??= { containers: [] };
    const spec = d.spec;
    defaultRequestsFromLimits(spec.containers);
    defaultRequestsFromLimits(spec.initContainers);
    spec.enableServiceLinks ??= true;
    if (spec.hostNetwork) {
      defaultHostNetworkPorts(spec.containers);
      defaultHostNetworkPorts(spec.initContainers);
    }
    defaultPodSpecDraft(spec);
  });
}

/**
 * A pod template as workload defaulting leaves it (`SetObjectDefaults_PodTemplate` and the template part
 * of `SetObjectDefaults_Deployment` / `_ReplicaSet` / `_ReplicationController`): the pod spec and
 * container defaults of {@link defaultPod}, without the Pod-only ones (no `enableServiceLinks`, no
 * requests from limits, no host ports).
 */
export function defaultPodTemplateSpec(template: PodTemplateSpec): PodTemplateSpec {
  return produce(template, (d) => {
    d.spec ??= { containers: [] };
    defaultPodSpecDraft(d.spec);
  });
}

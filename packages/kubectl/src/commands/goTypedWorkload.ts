import type { KubeObject } from "@kubesim/core";

/**
 * Go struct field orders (k8s.io/api) of the objects `set image --local` prints: kubectl decodes
 * the file into typed objects and encodes them again, so JSON members come in struct order.
 */
const ORDER = {
  top: ["kind", "apiVersion", "metadata", "spec", "status"],
  meta: [
    "name",
    "generateName",
    "namespace",
    "selfLink",
    "uid",
    "resourceVersion",
    "generation",
    "creationTimestamp",
    "deletionTimestamp",
    "deletionGracePeriodSeconds",
    "labels",
    "annotations",
    "ownerReferences",
    "finalizers",
    "managedFields",
  ],
  Deployment: [
    "replicas",
    "selector",
    "template",
    "strategy",
    "minReadySeconds",
    "revisionHistoryLimit",
    "paused",
    "progressDeadlineSeconds",
  ],
  ReplicaSet: ["replicas", "minReadySeconds", "selector", "template"],
  ReplicationController: ["replicas", "minReadySeconds", "selector", "template"],
  DaemonSet: ["selector", "template", "updateStrategy", "minReadySeconds", "revisionHistoryLimit"],
  template: ["metadata", "spec"],
  podSpec: [
    "volumes",
    "initContainers",
    "containers",
    "ephemeralContainers",
    "restartPolicy",
    "terminationGracePeriodSeconds",
    "activeDeadlineSeconds",
    "dnsPolicy",
    "nodeSelector",
    "serviceAccountName",
    "serviceAccount",
    "automountServiceAccountToken",
    "nodeName",
    "hostNetwork",
    "hostPID",
    "hostIPC",
    "shareProcessNamespace",
    "securityContext",
    "imagePullSecrets",
    "hostname",
    "subdomain",
    "affinity",
    "schedulerName",
    "tolerations",
    "hostAliases",
    "priorityClassName",
    "priority",
    "dnsConfig",
    "readinessGates",
    "runtimeClassName",
    "enableServiceLinks",
    "preemptionPolicy",
    "overhead",
    "topologySpreadConstraints",
    "setHostnameAsFQDN",
    "os",
    "hostUsers",
    "schedulingGates",
    "resourceClaims",
    "resources",
  ],
  container: [
    "name",
    "image",
    "command",
    "args",
    "workingDir",
    "ports",
    "envFrom",
    "env",
    "resources",
    "resizePolicy",
    "restartPolicy",
    "volumeMounts",
    "volumeDevices",
    "livenessProbe",
    "readinessProbe",
    "startupProbe",
    "lifecycle",
    "terminationMessagePath",
    "terminationMessagePolicy",
    "imagePullPolicy",
    "securityContext",
    "stdin",
    "stdinOnce",
    "tty",
  ],
} as const;

type Json = Record<string, unknown>;

function ordered(obj: Json, order: readonly string[]): Json {
  const out: Json = {};
  for (const k of order) if (obj[k] !== undefined) out[k] = obj[k];
  for (const k of Object.keys(obj)) if (!(k in out) && obj[k] !== undefined) out[k] = obj[k];
  return out;
}

function typedMeta(meta: Json | undefined): Json {
  // metav1.Time is a struct, not a pointer: an unset creationTimestamp encodes as null.
  return ordered({ creationTimestamp: null, ...meta }, ORDER.meta);
}

function typedContainers(list: unknown): unknown {
  if (!Array.isArray(list)) return list;
  // ResourceRequirements is a struct without omitempty: an unset one encodes as {}.
  return list.map((c: Json) => ordered({ ...c, resources: c.resources ?? {} }, ORDER.container));
}

function typedPodSpec(spec: Json | undefined): Json {
  const s: Json = { ...spec, containers: spec?.containers ?? null };
  for (const key of ["initContainers", "ephemeralContainers"])
    if (s[key] !== undefined) s[key] = typedContainers(s[key]);
  s.containers = typedContainers(s.containers);
  return ordered(s, ORDER.podSpec);
}

/**
 * An object as kubectl prints it after decoding it into its Go type and encoding it again
 * (`kubectl set image --local -o yaml|json`): struct members that are never omitted appear with
 * their zero values (`creationTimestamp: null`, `resources: {}`, a Deployment's `strategy: {}`,
 * `status: {}`), and JSON members come in struct order. Covers Pods, Deployments, ReplicaSets,
 * ReplicationControllers and DaemonSets.
 */
export function goTypedWorkload(obj: KubeObject): KubeObject {
  const o = obj as unknown as Json;
  const out: Json = { ...o, metadata: typedMeta(o.metadata as Json | undefined), status: o.status ?? {} };
  const spec = (o.spec ?? {}) as Json;
  if (obj.kind === "Pod") {
    out.spec = typedPodSpec(spec);
  } else {
    const s: Json = { ...spec };
    if (obj.kind === "Deployment") s.strategy = s.strategy ?? {};
    const template = s.template as Json | undefined;
    if (template) {
      s.template = ordered(
        {
          metadata: typedMeta(template.metadata as Json | undefined),
          spec: typedPodSpec(template.spec as Json | undefined),
        },
        ORDER.template,
      );
    }
    out.spec = ordered(s, ORDER[obj.kind as "Deployment"] ?? []);
  }
  return ordered(out, ORDER.top) as unknown as KubeObject;
}

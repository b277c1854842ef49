/**
 * Pod and pod template validation with the Kubernetes 1.33 API server's exact field paths and messages,
 * after `pkg/apis/core/validation/validation.go`: `ValidatePodCreate`, `ValidatePodUpdate`,
 * `ValidatePodSpec`, `ValidatePodTemplateSpec` and the container, port, env, probe, volume, toleration
 * and DNS checks they call. Feature gates are as in a default 1.33 cluster (relaxed environment
 * variable names and DNS search paths on, zero-second sleep actions allowed).
 *
 * Covered: everything users of a networking simulator meet. Checks of rarely used fields are left out
 * and listed in `validatePodSpec`'s documentation. Go walks maps in random order; kubesim walks keys in
 * byte order.
 *
 * @module
 */

import type {
  Container,
  EnvVar,
  EphemeralContainer,
  Lifecycle,
  LifecycleHandler,
  Pod,
  PodSpec,
  PodTemplateSpec,
  Probe,
  ResourceRequirements,
  SecurityContext,
  Toleration,
  Volume,
} from "kubernetes-types/core/v1.js";
import {
  duplicate,
  type FieldError,
  type FieldPath,
  forbidden,
  goRepr,
  invalid,
  notFound,
  notSupported,
  path,
  required,
} from "../../validation/field.js";
import { compareGoStrings } from "../../validation/goStrings.js";
import {
  inclusiveRangeError,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidPortName,
  isValidPortNum,
  maxLenError,
  nameIsDNSSubdomain,
  regexError,
  validateAnnotations,
  validateLabelName,
  validateLabels,
  validateObjectMeta,
} from "../../validation/names.js";
import { validateObjectMetaUpdate } from "../../validation/validateObjectMetaUpdate.js";
import { isConfigMapKey } from "../configmap/validation.js";
import { deepEqual } from "./deepEqual.js";
import { isValidIP } from "./ipAddress.js";
import { compareQuantities, formatQuantity, parseQuantity } from "./quantity.js";

/** The `PodValidationOptions` that change behaviour for kubesim's kinds. */
export interface PodValidationOptions {
  /**
   * Whether the spec belongs to a Pod (not a template): a Pod's `hostPort` must equal `containerPort`
   * under `hostNetwork`, a template may leave it 0 for the Pod's defaulting to fill in.
   */
  readonly resourceIsPod: boolean;
}

/** `apimachineryvalidation.IsNegativeErrorMsg`. */
export const IS_NEGATIVE_ERROR_MSG = "must be greater than or equal to 0";
const FILE_MODE_ERROR_MSG = "must be a number between 0 and 0777 (octal), both inclusive";
const MAX_INT32 = 2147483647;

/** `ValidateNonnegativeField`: `Invalid value: -1: must be greater than or equal to 0`. */
export function validateNonnegativeField(value: number, fldPath: FieldPath): FieldError[] {
  return value < 0 ? [invalid(fldPath, value, IS_NEGATIVE_ERROR_MSG)] : [];
}

/** `ValidateDNS1123Label`: one `Invalid value` per broken RFC 1123 label rule. */
export function validateDNS1123Label(value: string, fldPath: FieldPath): FieldError[] {
  return isDNS1123Label(value).map((msg) => invalid(fldPath, value, msg));
}

/** `ValidateDNS1123Subdomain`: one `Invalid value` per broken RFC 1123 subdomain rule. */
export function validateDNS1123Subdomain(value: string, fldPath: FieldPath): FieldError[] {
  return isDNS1123Subdomain(value).map((msg) => invalid(fldPath, value, msg));
}

/** `ValidateQualifiedName`: one `Invalid value` per broken qualified-name rule. */
export function validateQualifiedName(value: string, fldPath: FieldPath): FieldError[] {
  return isQualifiedName(value).map((msg) => invalid(fldPath, value, msg));
}

/**
 * `ValidatePortNumOrName` (probe and lifecycle ports, Service `targetPort`): a number in 1-65535 or an
 * IANA service name (`must contain at least one letter (a-z)`, ...).
 */
export function validatePortNumOrName(port: number | string | undefined, fldPath: FieldPath): FieldError[] {
  if (typeof port === "string") return isValidPortName(port).map((msg) => invalid(fldPath, port, msg));
  const n = port ?? 0;
  return isValidPortNum(n).map((msg) => invalid(fldPath, n, msg));
}

function sortedKeys(m: Readonly<Record<string, string>> | undefined): string[] {
  return m ? Object.keys(m).sort(compareGoStrings) : [];
}

// ---------------------------------------------------------------------------------------------------
// Volumes

/** The volume source fields in the order `validateVolumeSource` checks them, with the path Go reports. */
const VOLUME_SOURCES: readonly (readonly [json: string, forbiddenPath: string])[] = [
  ["hostPath", "hostPath"],
  ["gitRepo", "gitRepo"],
  ["gcePersistentDisk", "gcePersistentDisk"],
  ["awsElasticBlockStore", "awsElasticBlockStore"],
  ["secret", "secret"],
  ["nfs", "nfs"],
  ["iscsi", "iscsi"],
  ["glusterfs", "glusterfs"],
  ["flocker", "flocker"],
  ["persistentVolumeClaim", "persistentVolumeClaim"],
  ["rbd", "rbd"],
  ["cinder", "cinder"],
  ["cephfs", "cephFS"],
  ["quobyte", "quobyte"],
  // Go's path really says "downwarAPI" here.
  ["downwardAPI", "downwarAPI"],
  ["fc", "fc"],
  ["flexVolume", "flexVolume"],
  ["configMap", "configMap"],
  ["azureFile", "azureFile"],
  ["vsphereVolume", "vsphereVolume"],
  ["photonPersistentDisk", "photonPersistentDisk"],
  ["portworxVolume", "portworxVolume"],
  ["azureDisk", "azureDisk"],
  ["storageos", "storageos"],
  ["projected", "projected"],
  ["scaleIO", "scaleIO"],
  ["csi", "csi"],
  ["ephemeral", "ephemeral"],
  ["image", "image"],
];

const HOST_PATH_TYPES: readonly string[] = [
  "",
  "BlockDevice",
  "CharDevice",
  "Directory",
  "DirectoryOrCreate",
  "File",
  "FileOrCreate",
  "Socket",
];

function validatePathNoBacksteps(targetPath: string, fldPath: FieldPath): FieldError[] {
  return targetPath.split("/").includes("..") ? [invalid(fldPath, targetPath, "must not contain '..'")] : [];
}

function validateFileMode(mode: number | undefined, fldPath: FieldPath): FieldError[] {
  return mode !== undefined && (mode > 0o777 || mode < 0)
    ? [invalid(fldPath, mode, FILE_MODE_ERROR_MSG)]
    : [];
}

function validateKeyToPaths(
  items: readonly { key: string; path: string; mode?: number }[] | undefined,
  fldPath: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  (items ?? []).forEach((kp, i) => {
    const itemPath = fldPath.index(i);
    if (!kp.key) errs.push(required(itemPath.child("key")));
    if (!kp.path) errs.push(required(itemPath.child("path")));
    errs.push(...validateFileMode(kp.mode, itemPath.child("mode")));
  });
  return errs;
}

function validateSourceContent(source: Volume, json: string, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  switch (json) {
    case "hostPath": {
      const hp = source.hostPath!;
      if (!hp.path) return [required(fldPath.child("path"))];
      errs.push(...validatePathNoBacksteps(hp.path, fldPath.child("path")));
      if (hp.type !== undefined && !HOST_PATH_TYPES.includes(hp.type)) {
        errs.push(notSupported(fldPath.child("type"), hp.type, HOST_PATH_TYPES));
      }
      break;
    }
    case "secret": {
      const s = source.secret!;
      if (!s.secretName) errs.push(required(fldPath.child("secretName")));
      errs.push(...validateFileMode(s.defaultMode, fldPath.child("defaultMode")));
      errs.push(...validateKeyToPaths(s.items, fldPath.child("items")));
      break;
    }
    case "configMap": {
      const c = source.configMap!;
      if (!c.name) errs.push(required(fldPath.child("name")));
      errs.push(...validateFileMode(c.defaultMode, fldPath.child("defaultMode")));
      errs.push(...validateKeyToPaths(c.items, fldPath.child("items")));
      break;
    }
    case "persistentVolumeClaim":
      if (!source.persistentVolumeClaim!.claimName) errs.push(required(fldPath.child("claimName")));
      break;
    case "downwardAPI":
      errs.push(...validateFileMode(source.downwardAPI!.defaultMode, fldPath.child("defaultMode")));
      break;
    case "projected":
      errs.push(...validateFileMode(source.projected!.defaultMode, fldPath.child("defaultMode")));
      break;
  }
  return errs;
}

/** `validateVolumeSource`: exactly one source (`Required value: must specify a volume type`). */
function validateVolumeSource(v: Volume, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  let numVolumes = 0;
  if (v.emptyDir != null) numVolumes++;
  for (const [json, forbiddenPath] of VOLUME_SOURCES) {
    if ((v as unknown as Record<string, unknown>)[json] == null) continue;
    if (numVolumes > 0) {
      errs.push(forbidden(fldPath.child(forbiddenPath), "may not specify more than 1 volume type"));
      continue;
    }
    numVolumes++;
    errs.push(...validateSourceContent(v, json, fldPath.child(json)));
  }
  if (numVolumes === 0) errs.push(required(fldPath, "must specify a volume type"));
  return errs;
}

/**
 * `ValidateVolumes`: each volume's source, then its name (required, RFC 1123 label, unique). Only
 * volumes without errors can be mounted, so a bad volume also makes its mounts `Not found`.
 */
function validateVolumes(
  volumes: readonly Volume[] | undefined,
  fldPath: FieldPath,
): { names: Set<string>; errs: FieldError[] } {
  const names = new Set<string>();
  const errs: FieldError[] = [];
  (volumes ?? []).forEach((vol, i) => {
    const idxPath = fldPath.index(i);
    const namePath = idxPath.child("name");
    const el = validateVolumeSource(vol, idxPath);
    if (!vol.name) el.push(required(namePath));
    else el.push(...validateDNS1123Label(vol.name, namePath));
    if (names.has(vol.name)) el.push(duplicate(namePath, vol.name));
    if (el.length === 0) names.add(vol.name);
    else errs.push(...el);
  });
  return { names, errs };
}

// ---------------------------------------------------------------------------------------------------
// Containers

const SUPPORTED_PORT_PROTOCOLS: readonly string[] = ["SCTP", "TCP", "UDP"];

/** `validateContainerPorts`: port names (IANA service names, unique), `containerPort`, `hostPort`, protocol. */
function validateContainerPorts(ports: Container["ports"], fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  (ports ?? []).forEach((port, i) => {
    const idxPath = fldPath.index(i);
    const name = port.name ?? "";
    if (name.length > 0) {
      const msgs = isValidPortName(name);
      if (msgs.length > 0) errs.push(...msgs.map((m) => invalid(idxPath.child("name"), name, m)));
      else if (names.has(name)) errs.push(duplicate(idxPath.child("name"), name));
      else names.add(name);
    }
    const containerPort = port.containerPort ?? 0;
    if (containerPort === 0) errs.push(required(idxPath.child("containerPort")));
    else
      errs.push(
        ...isValidPortNum(containerPort).map((m) =>
          invalid(idxPath.child("containerPort"), containerPort, m),
        ),
      );
    const hostPort = port.hostPort ?? 0;
    if (hostPort !== 0)
      errs.push(...isValidPortNum(hostPort).map((m) => invalid(idxPath.child("hostPort"), hostPort, m)));
    const protocol = port.protocol ?? "";
    if (protocol === "") errs.push(required(idxPath.child("protocol")));
    else if (!SUPPORTED_PORT_PROTOCOLS.includes(protocol)) {
      errs.push(notSupported(idxPath.child("protocol"), protocol, SUPPORTED_PORT_PROTOCOLS));
    }
  });
  return errs;
}

const ENV_FIELD_PATHS: readonly string[] = [
  "metadata.name",
  "metadata.namespace",
  "metadata.uid",
  "spec.nodeName",
  "spec.serviceAccountName",
  "status.hostIP",
  "status.hostIPs",
  "status.podIP",
  "status.podIPs",
];

const DOWNWARD_API_LABELS: ReadonlySet<string> = new Set([
  "metadata.annotations",
  "metadata.labels",
  "metadata.name",
  "metadata.namespace",
  "metadata.uid",
  "spec.nodeName",
  "spec.restartPolicy",
  "spec.serviceAccountName",
  "spec.schedulerName",
  "status.phase",
  "status.hostIP",
  "status.hostIPs",
  "status.podIP",
  "status.podIPs",
]);

const RESOURCE_FIELD_PATHS: readonly string[] = [
  "limits.cpu",
  "limits.ephemeral-storage",
  "limits.memory",
  "requests.cpu",
  "requests.ephemeral-storage",
  "requests.memory",
];

/** `fieldpath.SplitMaybeSubscriptedPath`: `metadata.labels['app']` → `["metadata.labels", "app"]`. */
function splitSubscriptedPath(fieldPath: string): [string, string] | null {
  if (!fieldPath.endsWith("']")) return null;
  const s = fieldPath.slice(0, -2);
  const at = s.indexOf("['");
  if (at <= 0) return null;
  return [s.slice(0, at), s.slice(at + 2)];
}

function validateObjectFieldSelector(
  fs: { apiVersion?: string; fieldPath: string },
  fldPath: FieldPath,
): FieldError[] {
  if (!fs.apiVersion) return [required(fldPath.child("apiVersion"))];
  if (!fs.fieldPath) return [required(fldPath.child("fieldPath"))];
  // podshelper.ConvertDownwardAPIFieldLabel
  let converted: string;
  let conversionError = "";
  const sub = splitSubscriptedPath(fs.fieldPath);
  if (fs.apiVersion !== "v1") conversionError = `unsupported pod version: ${fs.apiVersion}`;
  else if (sub !== null) {
    if (sub[0] !== "metadata.annotations" && sub[0] !== "metadata.labels")
      conversionError = `field label does not support subscript: ${fs.fieldPath}`;
  } else if (!DOWNWARD_API_LABELS.has(fs.fieldPath) && fs.fieldPath !== "spec.host") {
    conversionError = `field label not supported: ${fs.fieldPath}`;
  }
  if (conversionError !== "") {
    return [
      invalid(fldPath.child("fieldPath"), fs.fieldPath, `error converting fieldPath: ${conversionError}`),
    ];
  }
  converted = fs.fieldPath === "spec.host" ? "spec.nodeName" : fs.fieldPath;
  if (sub !== null) {
    const key = sub[0] === "metadata.annotations" ? sub[1].toLowerCase() : sub[1];
    return validateQualifiedName(key, fldPath);
  }
  if (!ENV_FIELD_PATHS.includes(converted)) {
    return [notSupported(fldPath.child("fieldPath"), converted, ENV_FIELD_PATHS)];
  }
  return [];
}

function validateKeySelector(s: { name?: string; key: string }, fldPath: FieldPath): FieldError[] {
  const name = s.name ?? "";
  const errs = nameIsDNSSubdomain(name, false).map((msg) => invalid(fldPath.child("name"), name, msg));
  if (!s.key) errs.push(required(fldPath.child("key")));
  else errs.push(...isConfigMapKey(s.key).map((msg) => invalid(fldPath.child("key"), s.key, msg)));
  return errs;
}

function validateEnvVarValueFrom(ev: EnvVar, fldPath: FieldPath): FieldError[] {
  const from = ev.valueFrom;
  if (!from) return [];
  const errs: FieldError[] = [];
  let numSources = 0;
  if (from.fieldRef) {
    numSources++;
    errs.push(...validateObjectFieldSelector(from.fieldRef, fldPath.child("fieldRef")));
  }
  if (from.resourceFieldRef) {
    numSources++;
    const resource = from.resourceFieldRef.resource ?? "";
    const refPath = fldPath.child("resourceFieldRef");
    if (!resource) errs.push(required(refPath.child("resource")));
    else if (
      !RESOURCE_FIELD_PATHS.includes(resource) &&
      !resource.startsWith("requests.hugepages-") &&
      !resource.startsWith("limits.hugepages-")
    ) {
      errs.push(notSupported(refPath.child("resource"), resource, RESOURCE_FIELD_PATHS));
    }
  }
  if (from.configMapKeyRef) {
    numSources++;
    errs.push(...validateKeySelector(from.configMapKeyRef, fldPath.child("configMapKeyRef")));
  }
  if (from.secretKeyRef) {
    numSources++;
    errs.push(...validateKeySelector(from.secretKeyRef, fldPath.child("secretKeyRef")));
  }
  if (numSources === 0) {
    errs.push(
      invalid(
        fldPath,
        "",
        "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`",
      ),
    );
  } else if ((ev.value ?? "").length !== 0) {
    errs.push(invalid(fldPath, "", "may not be specified when `value` is not empty"));
  } else if (numSources > 1) {
    errs.push(invalid(fldPath, "", "may not have more than one field specified at a time"));
  }
  return errs;
}

/** `validation.IsRelaxedEnvVarName` (the RelaxedEnvironmentVariableValidation gate is on in 1.33). */
function isRelaxedEnvVarName(value: string): string[] {
  if (value.length === 0) return ["environment variable name must be non-empty"];
  for (const ch of value) {
    const r = ch.codePointAt(0)!;
    if (r > 0x7e || r < 0x20 || ch === "=") {
      return [
        "a valid environment variable name must consist only of printable ASCII characters other than '='",
      ];
    }
  }
  return [];
}

function validateEnv(env: readonly EnvVar[] | undefined, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  (env ?? []).forEach((ev, i) => {
    const idxPath = fldPath.index(i);
    if (!ev.name) errs.push(required(idxPath.child("name")));
    else
      errs.push(...isRelaxedEnvVarName(ev.name).map((msg) => invalid(idxPath.child("name"), ev.name, msg)));
    errs.push(...validateEnvVarValueFrom(ev, idxPath.child("valueFrom")));
  });
  return errs;
}

function validateEnvFrom(envFrom: Container["envFrom"], fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  (envFrom ?? []).forEach((ev, i) => {
    const idxPath = fldPath.index(i);
    if (ev.prefix) {
      errs.push(
        ...isRelaxedEnvVarName(ev.prefix).map((msg) => invalid(idxPath.child("prefix"), ev.prefix, msg)),
      );
    }
    let numSources = 0;
    for (const [ref, field] of [
      [ev.configMapRef, "configMapRef"],
      [ev.secretRef, "secretRef"],
    ] as const) {
      if (!ref) continue;
      numSources++;
      const refName = ref.name ?? "";
      const namePath = idxPath.child(field).child("name");
      if (!refName) errs.push(required(namePath));
      else errs.push(...nameIsDNSSubdomain(refName, true).map((msg) => invalid(namePath, refName, msg)));
    }
    if (numSources === 0)
      errs.push(invalid(fldPath, "", "must specify one of: `configMapRef` or `secretRef`"));
    else if (numSources > 1)
      errs.push(invalid(fldPath, "", "may not have more than one field specified at a time"));
  });
  return errs;
}

function validateVolumeMounts(
  mounts: Container["volumeMounts"],
  volumes: ReadonlySet<string>,
  fldPath: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  const mountPoints = new Set<string>();
  (mounts ?? []).forEach((mnt, i) => {
    const idxPath = fldPath.index(i);
    if (!mnt.name) errs.push(required(idxPath.child("name")));
    if (!volumes.has(mnt.name)) errs.push(notFound(idxPath.child("name"), mnt.name));
    if (!mnt.mountPath) errs.push(required(idxPath.child("mountPath")));
    if (mountPoints.has(mnt.mountPath))
      errs.push(invalid(idxPath.child("mountPath"), mnt.mountPath, "must be unique"));
    mountPoints.add(mnt.mountPath);
    // Go reports subPath problems at the list's path, not the entry's.
    if (mnt.subPath) errs.push(...validateLocalDescendingPath(mnt.subPath, fldPath.child("subPath")));
    if (mnt.subPathExpr) {
      if (mnt.subPath) {
        errs.push(
          invalid(
            idxPath.child("subPathExpr"),
            mnt.subPathExpr,
            "subPathExpr and subPath are mutually exclusive",
          ),
        );
      }
      errs.push(...validateLocalDescendingPath(mnt.subPathExpr, fldPath.child("subPathExpr")));
    }
  });
  return errs;
}

function validateLocalDescendingPath(targetPath: string, fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (targetPath.startsWith("/")) errs.push(invalid(fldPath, targetPath, "must be a relative path"));
  errs.push(...validatePathNoBacksteps(targetPath, fldPath));
  return errs;
}

const PULL_POLICIES: readonly string[] = ["Always", "IfNotPresent", "Never"];

function validatePullPolicy(policy: string | undefined, fldPath: FieldPath): FieldError[] {
  if (!policy) return [required(fldPath)];
  return PULL_POLICIES.includes(policy) ? [] : [notSupported(fldPath, policy, PULL_POLICIES)];
}

const STANDARD_CONTAINER_RESOURCES: ReadonlySet<string> = new Set(["cpu", "memory", "ephemeral-storage"]);
const STANDARD_RESOURCES: ReadonlySet<string> = new Set([
  "cpu",
  "memory",
  "ephemeral-storage",
  "requests.cpu",
  "requests.memory",
  "requests.ephemeral-storage",
  "limits.cpu",
  "limits.memory",
  "limits.ephemeral-storage",
  "pods",
  "services",
  "replicationcontrollers",
  "resourcequotas",
  "secrets",
  "configmaps",
  "persistentvolumeclaims",
  "storage",
  "requests.storage",
  "services.nodeports",
  "services.loadbalancers",
]);

function isHugePageResourceName(name: string): boolean {
  return name.startsWith("hugepages-");
}

function isNativeResource(name: string): boolean {
  return !name.includes("/") || name.includes("kubernetes.io/");
}

function isExtendedResourceName(name: string): boolean {
  if (isNativeResource(name) || name.startsWith("requests.")) return false;
  return isQualifiedName("requests." + name).length === 0;
}

function isOvercommitAllowed(name: string): boolean {
  return isNativeResource(name) && !isHugePageResourceName(name);
}

/** `validateResourceName`: a qualified name, and without a `/` a standard resource name. */
function validateResourceName(name: string, fldPath: FieldPath): FieldError[] {
  const errs = isQualifiedName(name).map((msg) => invalid(fldPath, name, msg));
  if (errs.length > 0) return errs;
  if (!name.includes("/") && !STANDARD_RESOURCES.has(name) && !isHugePageResourceName(name)) {
    errs.push(invalid(fldPath, name, "must be a standard resource type or fully qualified"));
  }
  return errs;
}

/**
 * `validateContainerResourceName`: `validateResourceName`, then without a `/` a container resource
 * (cpu, memory, ephemeral-storage, hugepages-*), with one an extended resource name. Go adds the
 * container check even after a qualified-name failure.
 */
function validateContainerResourceName(name: string, fldPath: FieldPath): FieldError[] {
  const errs = validateResourceName(name, fldPath);
  if (!name.includes("/")) {
    if (!STANDARD_CONTAINER_RESOURCES.has(name) && !isHugePageResourceName(name)) {
      errs.push(invalid(fldPath, name, "must be a standard resource for containers"));
    }
  } else if (!isNativeResource(name) && !isExtendedResourceName(name)) {
    errs.push(invalid(fldPath, name, "doesn't follow extended resource name standard"));
  }
  return errs;
}

function validateResourceQuantityValue(name: string, text: string, fldPath: FieldPath): FieldError[] {
  const q = parseQuantity(text);
  if (q === null) return [];
  const errs: FieldError[] = [];
  if (q.nanos < 0n) errs.push(invalid(fldPath, formatQuantity(q), IS_NEGATIVE_ERROR_MSG));
  // Extended resources are counted in whole units; the bad value prints via Quantity.String().
  if (isExtendedResourceName(name) && q.nanos % 1_000_000_000n !== 0n) {
    errs.push(invalid(fldPath, goRepr(formatQuantity(q)), "must be an integer"));
  }
  return errs;
}

/**
 * `validateResourceRequirements` for containers: names, non-negative values, requests not above limits
 * (`spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit
 * of 1`), limits required for non-overcommitable resources. Malformed quantities never get here: the
 * API server rejects them while decoding (see `QUANTITY_FORMAT_ERROR`).
 */
function validateResourceRequirements(
  res: ResourceRequirements | undefined,
  fldPath: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  const limits = res?.limits ?? {};
  const requests = res?.requests ?? {};
  const limPath = fldPath.child("limits");
  const reqPath = fldPath.child("requests");
  let limCpuOrMemory = false;
  let reqCpuOrMemory = false;
  let hugePages = false;
  for (const name of sortedKeys(limits)) {
    const keyPath = limPath.key(name);
    errs.push(...validateContainerResourceName(name, keyPath));
    errs.push(...validateResourceQuantityValue(name, limits[name]!, keyPath));
    if (isHugePageResourceName(name)) hugePages = true;
    if (name === "cpu" || name === "memory") limCpuOrMemory = true;
  }
  for (const name of sortedKeys(requests)) {
    const keyPath = reqPath.key(name);
    errs.push(...validateContainerResourceName(name, keyPath));
    errs.push(...validateResourceQuantityValue(name, requests[name]!, keyPath));
    const req = parseQuantity(requests[name]!);
    const lim = Object.hasOwn(limits, name) ? parseQuantity(limits[name]!) : null;
    if (Object.hasOwn(limits, name)) {
      if (req !== null && lim !== null) {
        const cmp = compareQuantities(req, lim);
        if (cmp !== 0 && !isOvercommitAllowed(name)) {
          errs.push(
            invalid(reqPath, formatQuantity(req), `must be equal to ${name} limit of ${formatQuantity(lim)}`),
          );
        } else if (cmp > 0) {
          errs.push(
            invalid(
              reqPath,
              formatQuantity(req),
              `must be less than or equal to ${name} limit of ${formatQuantity(lim)}`,
            ),
          );
        }
      }
    } else if (!isOvercommitAllowed(name)) {
      errs.push(required(limPath, "Limit must be set for non overcommitable resources"));
    }
    if (isHugePageResourceName(name)) hugePages = true;
    if (name === "cpu" || name === "memory") reqCpuOrMemory = true;
  }
  if (!limCpuOrMemory && !reqCpuOrMemory && hugePages) {
    errs.push(forbidden(fldPath, "HugePages require cpu or memory"));
  }
  return errs;
}

function validateSecurityContext(sc: SecurityContext | undefined, fldPath: FieldPath): FieldError[] {
  if (!sc) return [];
  const errs: FieldError[] = [];
  const idRange = inclusiveRangeError(0, 4294967295);
  for (const field of ["runAsUser", "runAsGroup"] as const) {
    const v = sc[field];
    if (v !== undefined && (v < 0 || v > 4294967295)) errs.push(invalid(fldPath.child(field), v, idRange));
  }
  if (sc.procMount !== undefined) {
    if (sc.procMount !== "Default" && sc.procMount !== "Unmasked") {
      errs.push(notSupported(fldPath.child("procMount"), sc.procMount, ["Default", "Unmasked"]));
    }
    // hostUsers defaults to true, and kubesim does not model user namespaces.
    if (sc.procMount === "Unmasked") {
      errs.push(
        invalid(fldPath.child("procMount"), sc.procMount, "`hostUsers` must be false to use `Unmasked`"),
      );
    }
  }
  return errs;
}

/** `validateContainerCommon`: what regular, init and ephemeral containers share. */
function validateContainerCommon(
  ctr: Container | EphemeralContainer,
  volumes: ReadonlySet<string>,
  fldPath: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  const namePath = fldPath.child("name");
  if (!ctr.name) errs.push(required(namePath));
  else errs.push(...validateDNS1123Label(ctr.name, namePath));
  if (!ctr.image) errs.push(required(fldPath.child("image")));
  const tmp = ctr.terminationMessagePolicy ?? "";
  if (tmp === "") errs.push(required(fldPath.child("terminationMessagePolicy")));
  else if (tmp !== "File" && tmp !== "FallbackToLogsOnError") {
    errs.push(
      notSupported(fldPath.child("terminationMessagePolicy"), tmp, ["File", "FallbackToLogsOnError"]),
    );
  }
  errs.push(...validateContainerPorts(ctr.ports, fldPath.child("ports")));
  errs.push(...validateEnv(ctr.env, fldPath.child("env")));
  errs.push(...validateEnvFrom(ctr.envFrom, fldPath.child("envFrom")));
  errs.push(...validateVolumeMounts(ctr.volumeMounts, volumes, fldPath.child("volumeMounts")));
  errs.push(...validatePullPolicy(ctr.imagePullPolicy, fldPath.child("imagePullPolicy")));
  errs.push(...validateResourceRequirements(ctr.resources, fldPath.child("resources")));
  errs.push(...validateSecurityContext(ctr.securityContext, fldPath.child("securityContext")));
  return errs;
}

// ---------------------------------------------------------------------------------------------------
// Probes and lifecycle handlers

const HTTP_SCHEMES: readonly string[] = ["HTTP", "HTTPS"];

function validateHandler(
  handler: Probe | LifecycleHandler,
  gracePeriod: number | undefined,
  fldPath: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  let numHandlers = 0;
  const add = (name: string, validate: () => FieldError[]): void => {
    if (numHandlers > 0) {
      errs.push(forbidden(fldPath.child(name), "may not specify more than 1 handler type"));
      return;
    }
    numHandlers++;
    errs.push(...validate());
  };
  if (handler.exec) {
    const exec = handler.exec;
    add("exec", () =>
      (exec.command ?? []).length === 0 ? [required(fldPath.child("exec", "command"))] : [],
    );
  }
  if (handler.httpGet) {
    const http = handler.httpGet;
    add("httpGet", () => {
      const p = fldPath.child("httpGet");
      const out: FieldError[] = [];
      if (!http.path) out.push(required(p.child("path")));
      out.push(...validatePortNumOrName(http.port, p.child("port")));
      const scheme = http.scheme ?? "";
      if (!HTTP_SCHEMES.includes(scheme)) out.push(notSupported(p.child("scheme"), scheme, HTTP_SCHEMES));
      for (const header of http.httpHeaders ?? []) {
        if (!/^[-A-Za-z0-9]+$/.test(header.name)) {
          out.push(
            invalid(
              p.child("httpHeaders"),
              header.name,
              regexError(
                "a valid HTTP header must consist of alphanumeric characters or '-'",
                "[-A-Za-z0-9]+",
                "X-Header-Name",
              ),
            ),
          );
        }
      }
      return out;
    });
  }
  if (handler.tcpSocket) {
    const tcp = handler.tcpSocket;
    add("tcpSocket", () => validatePortNumOrName(tcp.port, fldPath.child("tcpSocket", "port")));
  }
  if ("grpc" in handler && handler.grpc) {
    const grpc = handler.grpc;
    add("grpc", () => validatePortNumOrName(grpc.port, fldPath.child("grpc", "port")));
  }
  if ("sleep" in handler && handler.sleep) {
    const seconds = handler.sleep.seconds;
    add("sleep", () =>
      gracePeriod !== undefined && (seconds < 0 || seconds > gracePeriod)
        ? [
            invalid(
              fldPath.child("sleep"),
              seconds,
              `must be non-negative and less than terminationGracePeriodSeconds (${gracePeriod})`,
            ),
          ]
        : [],
    );
  }
  if (numHandlers === 0) errs.push(required(fldPath, "must specify a handler type"));
  return errs;
}

function validateProbe(probe: Probe, gracePeriod: number | undefined, fldPath: FieldPath): FieldError[] {
  const errs = validateHandler(probe, gracePeriod, fldPath);
  for (const field of [
    "initialDelaySeconds",
    "timeoutSeconds",
    "periodSeconds",
    "successThreshold",
    "failureThreshold",
  ] as const) {
    errs.push(...validateNonnegativeField(probe[field] ?? 0, fldPath.child(field)));
  }
  const tgps = probe.terminationGracePeriodSeconds;
  if (tgps !== undefined && tgps !== null && tgps <= 0) {
    errs.push(invalid(fldPath.child("terminationGracePeriodSeconds"), tgps, "must be greater than 0"));
  }
  return errs;
}

/** Liveness and startup probes: a probe, and `successThreshold` must be 1. */
function validateLivenessOrStartupProbe(
  probe: Probe | undefined,
  gracePeriod: number | undefined,
  fldPath: FieldPath,
): FieldError[] {
  if (!probe) return [];
  const errs = validateProbe(probe, gracePeriod, fldPath);
  const st = probe.successThreshold ?? 0;
  if (st !== 1) errs.push(invalid(fldPath.child("successThreshold"), st, "must be 1"));
  return errs;
}

function validateReadinessProbe(
  probe: Probe | undefined,
  gracePeriod: number | undefined,
  fldPath: FieldPath,
): FieldError[] {
  if (!probe) return [];
  const errs = validateProbe(probe, gracePeriod, fldPath);
  if (probe.terminationGracePeriodSeconds !== undefined && probe.terminationGracePeriodSeconds !== null) {
    errs.push(
      invalid(
        fldPath.child("terminationGracePeriodSeconds"),
        probe.terminationGracePeriodSeconds,
        "must not be set for readinessProbes",
      ),
    );
  }
  return errs;
}

function validateLifecycle(
  lifecycle: Lifecycle,
  gracePeriod: number | undefined,
  fldPath: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  if (lifecycle.postStart)
    errs.push(...validateHandler(lifecycle.postStart, gracePeriod, fldPath.child("postStart")));
  if (lifecycle.preStop)
    errs.push(...validateHandler(lifecycle.preStop, gracePeriod, fldPath.child("preStop")));
  return errs;
}

function validateProbesAndLifecycle(
  ctr: Container,
  gracePeriod: number | undefined,
  p: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  if (ctr.lifecycle) errs.push(...validateLifecycle(ctr.lifecycle, gracePeriod, p.child("lifecycle")));
  errs.push(...validateLivenessOrStartupProbe(ctr.livenessProbe, gracePeriod, p.child("livenessProbe")));
  errs.push(...validateReadinessProbe(ctr.readinessProbe, gracePeriod, p.child("readinessProbe")));
  errs.push(...validateLivenessOrStartupProbe(ctr.startupProbe, gracePeriod, p.child("startupProbe")));
  return errs;
}

/** `AccumulateUniqueHostPorts`: `hostPort: Duplicate value: "TCP//8080"` (protocol/hostIP/port). */
function checkHostPortConflicts(
  containers: readonly Container[],
  fldPath: FieldPath,
  seen = new Set<string>(),
): FieldError[] {
  const errs: FieldError[] = [];
  containers.forEach((ctr, ci) => {
    (ctr.ports ?? []).forEach((port, pi) => {
      const hostPort = port.hostPort ?? 0;
      if (hostPort === 0) return;
      const key = `${port.protocol ?? ""}/${port.hostIP ?? ""}/${hostPort}`;
      if (seen.has(key))
        errs.push(duplicate(fldPath.index(ci).child("ports").index(pi).child("hostPort"), key));
      else seen.add(key);
    });
  });
  return errs;
}

function validateContainers(
  containers: readonly Container[] | undefined,
  volumes: ReadonlySet<string>,
  gracePeriod: number | undefined,
  fldPath: FieldPath,
): FieldError[] {
  if (!containers || containers.length === 0) return [required(fldPath)];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  containers.forEach((ctr, i) => {
    const p = fldPath.index(i);
    errs.push(...validateContainerCommon(ctr, volumes, p));
    if (names.has(ctr.name)) errs.push(duplicate(p.child("name"), ctr.name));
    else names.add(ctr.name);
    errs.push(...validateProbesAndLifecycle(ctr, gracePeriod, p));
    if (ctr.restartPolicy !== undefined) {
      errs.push(forbidden(p.child("restartPolicy"), "may not be set for non-init containers"));
    }
  });
  errs.push(...checkHostPortConflicts(containers, fldPath));
  return errs;
}

function validateInitContainers(
  initContainers: readonly Container[] | undefined,
  containers: readonly Container[] | undefined,
  volumes: ReadonlySet<string>,
  gracePeriod: number | undefined,
  fldPath: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set((containers ?? []).map((c) => c.name));
  (initContainers ?? []).forEach((ctr, i) => {
    const p = fldPath.index(i);
    errs.push(...validateContainerCommon(ctr, volumes, p));
    let restartAlways = false;
    if (ctr.restartPolicy !== undefined) {
      if (ctr.restartPolicy !== "Always")
        errs.push(notSupported(p.child("restartPolicy"), ctr.restartPolicy, ["Always"]));
      restartAlways = ctr.restartPolicy === "Always";
    }
    if (names.has(ctr.name)) errs.push(duplicate(p.child("name"), ctr.name));
    else if (ctr.name) names.add(ctr.name);
    // Init containers run one by one, so each is checked for port conflicts on its own.
    errs.push(...checkHostPortConflicts([ctr], fldPath));
    if (restartAlways) {
      errs.push(...validateProbesAndLifecycle(ctr, gracePeriod, p));
    } else {
      const msg = "may not be set for init containers without restartPolicy=Always";
      if (ctr.lifecycle) errs.push(forbidden(p.child("lifecycle"), msg));
      if (ctr.livenessProbe) errs.push(forbidden(p.child("livenessProbe"), msg));
      if (ctr.readinessProbe) errs.push(forbidden(p.child("readinessProbe"), msg));
      if (ctr.startupProbe) errs.push(forbidden(p.child("startupProbe"), msg));
    }
  });
  return errs;
}

// ---------------------------------------------------------------------------------------------------
// Pod spec

const RESTART_POLICIES: readonly string[] = ["Always", "OnFailure", "Never"];
const DNS_POLICIES: readonly string[] = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];
const TAINT_EFFECTS: readonly string[] = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

/** `ValidateTolerations` (also used by the pod update rules). */
export function validateTolerations(tolerations: readonly Toleration[], fldPath: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  tolerations.forEach((t, i) => {
    const idxPath = fldPath.index(i);
    const key = t.key ?? "";
    const operator = t.operator ?? "";
    const effect = t.effect ?? "";
    const value = t.value ?? "";
    if (key.length > 0) errs.push(...validateLabelName(key, idxPath.child("key")));
    if (key.length === 0 && operator !== "Exists") {
      errs.push(
        invalid(
          idxPath.child("operator"),
          operator,
          'operator must be Exists when `key` is empty, which means "match all values and all keys"',
        ),
      );
    }
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && effect !== "NoExecute") {
      errs.push(
        invalid(
          idxPath.child("effect"),
          effect,
          "effect must be 'NoExecute' when `tolerationSeconds` is set",
        ),
      );
    }
    switch (operator) {
      case "Equal":
      case "": {
        const msgs = isValidLabelValueMessages(value);
        if (msgs.length > 0) errs.push(invalid(idxPath.child("operator"), value, msgs.join(";")));
        break;
      }
      case "Exists":
        if (value.length > 0) {
          errs.push(
            invalid(idxPath.child("operator"), value, "value must be empty when `operator` is 'Exists'"),
          );
        }
        break;
      default:
        errs.push(notSupported(idxPath.child("operator"), operator, ["Equal", "Exists"]));
    }
    if (effect.length > 0 && !TAINT_EFFECTS.includes(effect)) {
      errs.push(notSupported(idxPath.child("effect"), effect, TAINT_EFFECTS));
    }
  });
  return errs;
}

function isValidLabelValueMessages(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLenError(63));
  if (!/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(value)) {
    errs.push(
      regexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?",
        "MyValue",
        "my_value",
        "12345",
      ),
    );
  }
  return errs;
}

function validatePodDNSConfig(spec: PodSpec, fldPath: FieldPath): FieldError[] {
  const dnsConfig = spec.dnsConfig;
  if (spec.dnsPolicy === "None") {
    if (!dnsConfig) return [required(fldPath, "must provide `dnsConfig` when `dnsPolicy` is None")];
    if ((dnsConfig.nameservers ?? []).length === 0) {
      return [
        required(
          fldPath.child("nameservers"),
          "must provide at least one DNS nameserver when `dnsPolicy` is None",
        ),
      ];
    }
  }
  if (!dnsConfig) return [];
  const errs: FieldError[] = [];
  const nameservers = dnsConfig.nameservers ?? [];
  if (nameservers.length > 3) {
    errs.push(invalid(fldPath.child("nameservers"), nameservers, "must not have more than 3 nameservers"));
  }
  nameservers.forEach((ns, i) => {
    errs.push(...isValidIP(fldPath.child("nameservers").index(i), ns));
  });
  const searches = dnsConfig.searches ?? [];
  if (searches.length > 32) {
    errs.push(invalid(fldPath.child("searches"), searches, "must not have more than 32 search paths"));
  }
  if (searches.join(" ").length > 2048) {
    errs.push(
      invalid(
        fldPath.child("searches"),
        searches,
        "must not have more than 2048 characters (including spaces) in the search list",
      ),
    );
  }
  searches.forEach((search, i) => {
    // RelaxedDNSSearchValidation (on in 1.33): "." and underscores are allowed.
    if (search === ".") return;
    const s = search.endsWith(".") ? search.slice(0, -1) : search;
    errs.push(
      ...isDNS1123SubdomainWithUnderscore(s).map((msg) =>
        invalid(fldPath.child("searches").index(i), s, msg),
      ),
    );
  });
  (dnsConfig.options ?? []).forEach((option, i) => {
    if (!option.name) errs.push(required(fldPath.child("options").index(i), "must not be empty"));
  });
  return errs;
}

const DNS1123_SUBDOMAIN_WITH_UNDERSCORE_FMT =
  "_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*";
const DNS1123_SUBDOMAIN_WITH_UNDERSCORE_RE = new RegExp("^" + DNS1123_SUBDOMAIN_WITH_UNDERSCORE_FMT + "$");

function isDNS1123SubdomainWithUnderscore(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 253) errs.push(maxLenError(253));
  if (!DNS1123_SUBDOMAIN_WITH_UNDERSCORE_RE.test(value)) {
    errs.push(
      regexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' or '.', and must start and end with an alphanumeric character",
        DNS1123_SUBDOMAIN_WITH_UNDERSCORE_FMT,
        "example.com",
      ),
    );
  }
  return errs;
}

function validatePodSecurityContext(spec: PodSpec, fldPath: FieldPath): FieldError[] {
  const sc = spec.securityContext;
  if (!sc) return [];
  const errs: FieldError[] = [];
  const idRange = inclusiveRangeError(0, 4294967295);
  const checkId = (v: number | undefined, p: FieldPath): void => {
    if (v !== undefined && (v < 0 || v > 4294967295)) errs.push(invalid(p, v, idRange));
  };
  checkId(sc.fsGroup, fldPath.child("fsGroup"));
  checkId(sc.runAsUser, fldPath.child("runAsUser"));
  checkId(sc.runAsGroup, fldPath.child("runAsGroup"));
  (sc.supplementalGroups ?? []).forEach((gid, g) => {
    checkId(gid, fldPath.child("supplementalGroups").index(g));
  });
  if (spec.shareProcessNamespace === true && spec.hostPID === true) {
    errs.push(
      invalid(
        fldPath.child("shareProcessNamespace"),
        true,
        "ShareProcessNamespace and HostPID cannot both be enabled",
      ),
    );
  }
  if (
    sc.fsGroupChangePolicy !== undefined &&
    !["Always", "OnRootMismatch"].includes(sc.fsGroupChangePolicy)
  ) {
    errs.push(
      notSupported(fldPath.child("fsGroupChangePolicy"), sc.fsGroupChangePolicy, [
        "Always",
        "OnRootMismatch",
      ]),
    );
  }
  return errs;
}

/**
 * `ValidatePodSpec`, in Kubernetes' order: `terminationGracePeriodSeconds` required, volumes,
 * containers (`spec.containers: Required value`, names, images, ports, env, mounts, pull policy,
 * resources, probes, lifecycle, host port conflicts), init containers, host-network ports
 * (`hostPort: Invalid value: 8080: must match \`containerPort\` when \`hostNetwork\` is true`),
 * `restartPolicy`, `dnsPolicy`, `nodeSelector`, pod security context, DNS config, readiness and
 * scheduling gates, `serviceAccountName`, `nodeName`, `activeDeadlineSeconds`, `hostname`,
 * `subdomain`, tolerations, host aliases, `priorityClassName`, `runtimeClassName`, `preemptionPolicy`
 * and `os.name`.
 *
 * Not checked (no simulated behaviour depends on them): affinity, topology spread constraints,
 * resource claims, sysctls, seccomp/AppArmor/SELinux/Windows options, volume device mounts, mount
 * propagation, the inner fields of rarely used volume sources, hugepage divisibility, and
 * `allowPrivilegeEscalation` with `privileged` (whose Go message prints pointer addresses).
 */
export function validatePodSpec(spec: PodSpec, fldPath: FieldPath, opts: PodValidationOptions): FieldError[] {
  const errs: FieldError[] = [];
  const gracePeriod = spec.terminationGracePeriodSeconds ?? undefined;
  if (gracePeriod === undefined) errs.push(required(fldPath.child("terminationGracePeriodSeconds")));
  const { names: volumes, errs: volumeErrs } = validateVolumes(spec.volumes, fldPath.child("volumes"));
  errs.push(...volumeErrs);
  errs.push(...validateContainers(spec.containers, volumes, gracePeriod, fldPath.child("containers")));
  errs.push(
    ...validateInitContainers(
      spec.initContainers,
      spec.containers,
      volumes,
      gracePeriod,
      fldPath.child("initContainers"),
    ),
  );
  if (spec.hostNetwork) {
    (spec.containers ?? []).forEach((ctr, i) => {
      (ctr.ports ?? []).forEach((port, j) => {
        const hp = port.hostPort ?? 0;
        const cp = port.containerPort ?? 0;
        if ((opts.resourceIsPod || hp !== 0) && hp !== cp) {
          const p = fldPath.child("containers").index(i).child("ports").index(j).child("hostPort");
          errs.push(invalid(p, hp, "must match `containerPort` when `hostNetwork` is true"));
        }
      });
    });
  }
  const restartPolicy = spec.restartPolicy ?? "";
  if (restartPolicy === "") errs.push(required(fldPath.child("restartPolicy")));
  else if (!RESTART_POLICIES.includes(restartPolicy)) {
    errs.push(notSupported(fldPath.child("restartPolicy"), restartPolicy, RESTART_POLICIES));
  }
  const dnsPolicy = spec.dnsPolicy ?? "";
  if (dnsPolicy === "") errs.push(required(fldPath.child("dnsPolicy")));
  else if (!DNS_POLICIES.includes(dnsPolicy))
    errs.push(notSupported(fldPath.child("dnsPolicy"), dnsPolicy, DNS_POLICIES));
  errs.push(...validateLabels(spec.nodeSelector, fldPath.child("nodeSelector")));
  errs.push(...validatePodSecurityContext(spec, fldPath.child("securityContext")));
  errs.push(...validatePodDNSConfig(spec, fldPath.child("dnsConfig")));
  (spec.readinessGates ?? []).forEach((gate, i) => {
    errs.push(
      ...validateQualifiedName(
        gate.conditionType,
        fldPath.child("readinessGates").index(i).child("conditionType"),
      ),
    );
  });
  const gateNames = new Set<string>();
  (spec.schedulingGates ?? []).forEach((gate, i) => {
    const p = fldPath.child("schedulingGates").index(i);
    errs.push(...validateQualifiedName(gate.name, p));
    if (gateNames.has(gate.name)) errs.push(duplicate(p, gate.name));
    gateNames.add(gate.name);
  });
  const subdomainField = (value: string | undefined, name: string): void => {
    if (value)
      errs.push(...nameIsDNSSubdomain(value, false).map((msg) => invalid(fldPath.child(name), value, msg)));
  };
  subdomainField(spec.serviceAccountName, "serviceAccountName");
  subdomainField(spec.nodeName, "nodeName");
  const ads = spec.activeDeadlineSeconds;
  if (ads !== undefined && ads !== null && (ads < 1 || ads > MAX_INT32)) {
    errs.push(invalid(fldPath.child("activeDeadlineSeconds"), ads, inclusiveRangeError(1, MAX_INT32)));
  }
  if (spec.hostname) errs.push(...validateDNS1123Label(spec.hostname, fldPath.child("hostname")));
  if (spec.subdomain) errs.push(...validateDNS1123Label(spec.subdomain, fldPath.child("subdomain")));
  if ((spec.tolerations ?? []).length > 0)
    errs.push(...validateTolerations(spec.tolerations!, fldPath.child("tolerations")));
  (spec.hostAliases ?? []).forEach((alias, i) => {
    const p = fldPath.child("hostAliases").index(i);
    errs.push(...isValidIP(p.child("ip"), alias.ip ?? ""));
    (alias.hostnames ?? []).forEach((h, j) => {
      errs.push(...validateDNS1123Subdomain(h, p.child("hostnames").index(j)));
    });
  });
  subdomainField(spec.priorityClassName, "priorityClassName");
  if (spec.runtimeClassName !== undefined && spec.runtimeClassName !== null) {
    const rc = spec.runtimeClassName;
    errs.push(
      ...nameIsDNSSubdomain(rc, false).map((msg) => invalid(fldPath.child("runtimeClassName"), rc, msg)),
    );
  }
  if (spec.preemptionPolicy !== undefined && spec.preemptionPolicy !== null) {
    const pp = spec.preemptionPolicy;
    if (pp === "") errs.push(required(fldPath.child("preemptionPolicy")));
    else if (pp !== "PreemptLowerPriority" && pp !== "Never") {
      errs.push(notSupported(fldPath.child("preemptionPolicy"), pp, ["PreemptLowerPriority", "Never"]));
    }
  }
  if (spec.os && spec.os.name !== "linux" && spec.os.name !== "windows") {
    errs.push(notSupported(fldPath.child("os", "name"), spec.os.name, ["linux", "windows"]));
  }
  return errs;
}

const POD_DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";

/** `ValidatePodSpecificAnnotations`: the mirror-pod annotation needs a node, the deletion cost an int32. */
function validatePodSpecificAnnotations(
  annotations: Readonly<Record<string, string>> | undefined,
  spec: PodSpec,
  fldPath: FieldPath,
): FieldError[] {
  const errs: FieldError[] = [];
  const mirror = annotations?.["kubernetes.io/config.mirror"];
  if (mirror !== undefined && !spec.nodeName) {
    errs.push(
      invalid(
        fldPath.key("kubernetes.io/config.mirror"),
        mirror,
        "must set spec.nodeName if mirror pod annotation is set",
      ),
    );
  }
  const cost = annotations?.[POD_DELETION_COST];
  if (cost !== undefined) {
    // GetDeletionCostFromPodAnnotations: no "+", no leading zeros, and within int32.
    const validFirst =
      cost.length > 0 && (cost[0] === "-" || cost === "0" || (cost[0]! >= "1" && cost[0]! <= "9"));
    const n = /^-?[0-9]+$/.test(cost) ? Number(cost) : Number.NaN;
    if (!validFirst || !Number.isInteger(n) || n < -2147483648 || n > MAX_INT32) {
      errs.push(invalid(fldPath.key(POD_DELETION_COST), cost, "must be a 32bit integer"));
    }
  }
  return errs;
}

/**
 * `ValidatePodTemplateSpec` (the `template` of a Deployment, ReplicaSet or ReplicationController):
 * template labels and annotations, then the pod spec as a template (`hostPort` may stay 0 under
 * `hostNetwork`), and no ephemeral containers.
 */
export function validatePodTemplateSpec(template: PodTemplateSpec, fldPath: FieldPath): FieldError[] {
  const meta = template.metadata ?? {};
  const spec: PodSpec = template.spec ?? { containers: [] };
  const errs = validateLabels(meta.labels, fldPath.child("labels"));
  errs.push(...validateAnnotations(meta.annotations, fldPath.child("annotations")));
  errs.push(...validatePodSpecificAnnotations(meta.annotations, spec, fldPath.child("annotations")));
  errs.push(...validatePodSpec(spec, fldPath.child("spec"), { resourceIsPod: false }));
  if ((spec.ephemeralContainers ?? []).length > 0) {
    errs.push(
      forbidden(
        fldPath.child("spec", "ephemeralContainers"),
        "ephemeral containers not allowed in pod template",
      ),
    );
  }
  return errs;
}

/** `validatePodMetadataAndSpec`: what create and update share. */
function validatePodMetadataAndSpec(pod: Pod): FieldError[] {
  const meta = pod.metadata ?? {};
  const spec: PodSpec = pod.spec ?? { containers: [] };
  const metaPath = path("metadata");
  const specPath = path("spec");
  const errs = validateObjectMeta(meta, { requiresNamespace: true, nameFn: nameIsDNSSubdomain }, metaPath);
  errs.push(...validatePodSpecificAnnotations(meta.annotations, spec, metaPath.child("annotations")));
  errs.push(...validatePodSpec(spec, specPath, { resourceIsPod: true }));
  if (!spec.serviceAccountName) {
    (spec.volumes ?? []).forEach((volume, vi) => {
      (volume.projected?.sources ?? []).forEach((source, si) => {
        if (source.serviceAccountToken) {
          const p = specPath
            .child("volumes")
            .index(vi)
            .child("projected", "sources")
            .index(si)
            .child("serviceAccountToken");
          errs.push(forbidden(p, "must not be specified when serviceAccountName is not set"));
        }
      });
    });
  }
  for (const [list, name] of [
    [spec.containers, "containers"],
    [spec.initContainers, "initContainers"],
  ] as const) {
    (list ?? []).forEach((ctr, i) => {
      const image = ctr.image ?? "";
      if (image.length !== image.trim().length) {
        errs.push(
          invalid(
            specPath.child(name).index(i).child("image"),
            image,
            "must not have leading or trailing whitespace",
          ),
        );
      }
    });
  }
  return errs;
}

/**
 * `ValidatePodCreate`: metadata (name a DNS-1123 subdomain, namespace, labels, annotations), the pod
 * spec, images without surrounding whitespace, `spec.ephemeralContainers: Forbidden: cannot be set on
 * create`, and no `nodeName` while scheduling gates remain. Expects a defaulted Pod.
 */
export function validatePod(pod: Pod): FieldError[] {
  const errs = validatePodMetadataAndSpec(pod);
  const spec = pod.spec;
  const specPath = path("spec");
  if ((spec?.ephemeralContainers ?? []).length > 0) {
    errs.push(forbidden(specPath.child("ephemeralContainers"), "cannot be set on create"));
  }
  if (spec?.nodeName && (spec.schedulingGates ?? []).length > 0) {
    errs.push(
      forbidden(specPath.child("nodeName"), "cannot be set until all schedulingGates have been cleared"),
    );
  }
  return errs;
}

/** `updatablePodSpecFields`, joined with `,` into the update error. */
export const UPDATABLE_POD_SPEC_FIELDS = [
  "`spec.containers[*].image`",
  "`spec.initContainers[*].image`",
  "`spec.activeDeadlineSeconds`",
  "`spec.tolerations` (only additions to existing tolerations)",
  "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)",
];

/** The first line of the Forbidden error a disallowed pod spec change gets. */
export const POD_UPDATE_FORBIDDEN_MSG =
  "pod updates may not change fields other than " + UPDATABLE_POD_SPEC_FIELDS.join(",");

function goFieldName(jsonName: string): string {
  return jsonName.charAt(0).toUpperCase() + jsonName.slice(1);
}

/**
 * A short stand-in for the `cmp.Diff(oldSpec, newSpec)` Go appends to the forbidden-update message: one
 * `-`/`+` pair per changed top-level field, values as JSON. Go's text shows internal Go types and cannot
 * be reproduced byte for byte.
 */
function podSpecDiff(oldSpec: PodSpec, newSpec: PodSpec): string {
  const o = oldSpec as unknown as Record<string, unknown>;
  const n = newSpec as unknown as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(o), ...Object.keys(n)])].sort(compareGoStrings);
  const lines = ["  core.PodSpec{"];
  for (const k of keys) {
    if (deepEqual(o[k], n[k])) continue;
    if (o[k] !== undefined) lines.push(`- \t${goFieldName(k)}: ${JSON.stringify(o[k])},`);
    if (n[k] !== undefined) lines.push(`+ \t${goFieldName(k)}: ${JSON.stringify(n[k])},`);
  }
  lines.push("  }");
  return lines.join("\n") + "\n";
}

function tolerationWithoutSeconds(t: Toleration): Toleration {
  const { tolerationSeconds: _ignored, ...rest } = t;
  return rest;
}

/**
 * `ValidatePodUpdate`: metadata update rules, the new Pod as on create, the same number of containers
 * (`spec.containers: Forbidden: pod updates may not add or remove containers`), images, the
 * `activeDeadlineSeconds` rules, tolerations only added, scheduling gates only removed, and finally
 * `spec: Forbidden: pod updates may not change fields other than \`spec.containers[*].image\`,...`
 * followed by a diff of the change. Both Pods are expected defaulted.
 */
export function validatePodUpdate(pod: Pod, old: Pod): FieldError[] {
  const metaPath = path("metadata");
  const errs = validateObjectMetaUpdate(pod.metadata ?? {}, old.metadata ?? {}, metaPath);
  errs.push(...validatePodMetadataAndSpec(pod));
  const specPath = path("spec");
  const newSpec: PodSpec = pod.spec ?? { containers: [] };
  const oldSpec: PodSpec = old.spec ?? { containers: [] };
  for (const [name, newList, oldList] of [
    ["containers", newSpec.containers ?? [], oldSpec.containers ?? []],
    ["initContainers", newSpec.initContainers ?? [], oldSpec.initContainers ?? []],
  ] as const) {
    const p = specPath.child(name);
    if (newList.length !== oldList.length) {
      errs.push(forbidden(p, "pod updates may not add or remove containers"));
      return errs;
    }
    newList.forEach((ctr, i) => {
      const image = ctr.image ?? "";
      if (image.length === 0) errs.push(required(p.index(i).child("image")));
      if (image.trim().length !== image.length) {
        errs.push(invalid(p.index(i).child("image"), image, "must not have leading or trailing whitespace"));
      }
    });
  }
  const adsPath = specPath.child("activeDeadlineSeconds");
  const newAds = newSpec.activeDeadlineSeconds;
  const oldAds = oldSpec.activeDeadlineSeconds;
  if (newAds !== undefined && newAds !== null) {
    if (newAds < 0 || newAds > MAX_INT32) {
      errs.push(invalid(adsPath, newAds, inclusiveRangeError(0, MAX_INT32)));
      return errs;
    }
    if (oldAds !== undefined && oldAds !== null && oldAds < newAds) {
      errs.push(invalid(adsPath, newAds, "must be less than or equal to previous value"));
      return errs;
    }
  } else if (oldAds !== undefined && oldAds !== null) {
    errs.push(invalid(adsPath, null, "must not update from a positive integer to nil value"));
  }
  // validateOnlyAddedTolerations: every old toleration must still be there (its seconds may change).
  const newTolerations = newSpec.tolerations ?? [];
  const tolerationsPath = specPath.child("tolerations");
  const removed = (oldSpec.tolerations ?? []).some(
    (ot) =>
      !newTolerations.some((nt) => deepEqual(tolerationWithoutSeconds(ot), tolerationWithoutSeconds(nt))),
  );
  if (removed)
    errs.push(
      forbidden(tolerationsPath, "existing toleration can not be modified except its tolerationSeconds"),
    );
  else errs.push(...validateTolerations(newTolerations, tolerationsPath));
  // validateOnlyDeletedSchedulingGates
  const oldGates = new Set((oldSpec.schedulingGates ?? []).map((g) => g.name));
  (newSpec.schedulingGates ?? []).forEach((gate, i) => {
    if (!oldGates.has(gate.name)) {
      errs.push(
        forbidden(
          specPath.child("schedulingGates").index(i).child("name"),
          `only deletion is allowed, but found new scheduling gate '${gate.name}'`,
        ),
      );
    }
  });
  if (deepEqual(newSpec, oldSpec)) return errs;
  const munged: PodSpec = {
    ...newSpec,
    containers: (newSpec.containers ?? []).map((c, i) => ({ ...c, image: oldSpec.containers[i]!.image })),
    activeDeadlineSeconds: oldSpec.activeDeadlineSeconds,
    schedulingGates: oldSpec.schedulingGates,
    tolerations: oldSpec.tolerations,
  };
  if (newSpec.initContainers !== undefined) {
    munged.initContainers = newSpec.initContainers.map((c, i) => ({
      ...c,
      image: oldSpec.initContainers![i]!.image,
    }));
  }
  const oldGrace = oldSpec.terminationGracePeriodSeconds;
  if (
    oldGrace !== undefined &&
    oldGrace !== null &&
    oldGrace < 0 &&
    munged.terminationGracePeriodSeconds === 1
  ) {
    munged.terminationGracePeriodSeconds = oldGrace;
  }
  if (!deepEqual(munged, oldSpec)) {
    errs.push(forbidden(specPath, POD_UPDATE_FORBIDDEN_MSG + "\n" + podSpecDiff(oldSpec, munged)));
  }
  return errs;
}

/**
 * The ServiceAccount admission plugin (`plugin/pkg/admission/serviceaccount/admission.go`), enabled by
 * default in kube-apiserver. On Pod CREATE it sets `serviceAccountName: default` when none is given and,
 * unless automounting is off, mounts a projected `kube-api-access-xxxxx` volume (token, `kube-root-ca.crt`,
 * namespace) at `/var/run/secrets/kubernetes.io/serviceaccount` in every container. This is where the
 * `serviceAccount`, `serviceAccountName`, `volumeMounts` and `volumes` of `kubectl get pod -o yaml` come from.
 *
 * @module
 */

import { produce } from "immer";
import type { Pod, Volume, VolumeMount } from "kubernetes-types/core/v1.js";
import { DEFAULT_VOLUME_MODE } from "./defaults.js";

/** `serviceaccount.DefaultServiceAccountName`. */
export const DEFAULT_SERVICE_ACCOUNT_NAME = "default";
/** `ServiceAccountVolumeName`: the prefix of the generated volume name (`kube-api-access-` + 5 characters). */
export const SERVICE_ACCOUNT_VOLUME_NAME = "kube-api-access";
/** `DefaultAPITokenMountPath`. */
export const DEFAULT_API_TOKEN_MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";
/** `serviceaccount.WarnOnlyBoundTokenExpirationSeconds`: the token lifetime the plugin asks for. */
export const BOUND_TOKEN_EXPIRATION_SECONDS = 3607;

/** `kubernetes.io/config.mirror`: mirror (static) pods are left alone. */
const MIRROR_POD_ANNOTATION = "kubernetes.io/config.mirror";

/** What the plugin needs to know beyond the Pod. */
export interface ServiceAccountAdmissionOptions {
  /**
   * The name of the token volume to add, normally `names.generateName("kube-api-access-")`; passed in
   * so this function stays pure and the name comes from the simulation's seeded random stream.
   */
  readonly tokenVolumeName: string;
  /** Whether the Pod's service account exists (the service account controller creates `default`). Default true. */
  readonly serviceAccountExists?: boolean;
  /** The service account's `automountServiceAccountToken`; absent means true. */
  readonly serviceAccountAutomount?: boolean;
}

/** The outcome of an admission plugin: the admitted object, or the reason the request is forbidden. */
export type AdmissionResult<T> =
  | { readonly ok: true; readonly object: T }
  | {
      readonly ok: false;
      /** The text after `pods "<name>" is forbidden: ` in the API server's Forbidden status. */
      readonly message: string;
    };

/**
 * What `TokenVolumeSource()` projects: the same for every pod, so every pod's volume shares this
 * one frozen value (about 600 bytes per pod otherwise; stored objects are frozen anyway).
 */
const TOKEN_PROJECTION: NonNullable<Volume["projected"]> = deepFreeze({
  defaultMode: DEFAULT_VOLUME_MODE,
  sources: [
    { serviceAccountToken: { expirationSeconds: BOUND_TOKEN_EXPIRATION_SECONDS, path: "token" } },
    { configMap: { items: [{ key: "ca.crt", path: "ca.crt" }], name: "kube-root-ca.crt" } },
    {
      downwardAPI: {
        items: [{ fieldRef: { apiVersion: "v1", fieldPath: "metadata.namespace" }, path: "namespace" }],
      },
    },
  ],
});

/** `TokenVolumeSource()`: the projected volume the plugin mounts. */
export function tokenVolume(name: string): Volume {
  return { name, projected: TOKEN_PROJECTION };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * Applies the plugin to a Pod being created. A missing service account is refused with
 * `error looking up service account <ns>/<name>: serviceaccount "<name>" not found`. The token is not
 * mounted when `spec.automountServiceAccountToken` (or else the service account's setting) is false,
 * and not into containers that already mount something at the token path.
 */
export function admitServiceAccount(pod: Pod, opts: ServiceAccountAdmissionOptions): AdmissionResult<Pod> {
  if (pod.metadata?.annotations?.[MIRROR_POD_ANNOTATION] !== undefined) return { ok: true, object: pod };
  const saName = pod.spec?.serviceAccountName || DEFAULT_SERVICE_ACCOUNT_NAME;
  if (opts.serviceAccountExists === false) {
    const ns = pod.metadata?.namespace ?? "";
    return {
      ok: false,
      message: `error looking up service account ${ns}/${saName}: serviceaccount "${saName}" not found`,
    };
  }
  const automount = pod.spec?.automountServiceAccountToken ?? opts.serviceAccountAutomount ?? true;
  const object = produce(pod, (d) => {
    d.spec ??= { containers: [] };
    const spec = d.spec;
    spec.serviceAccountName = saName;
    // The v1 encoding mirrors the name into the deprecated field.
    spec.serviceAccount = saName;
    if (!automount) return;
    const existing = (spec.volumes ?? []).find((v) => v.name.startsWith(SERVICE_ACCOUNT_VOLUME_NAME + "-"));
    const volumeName = existing?.name ?? opts.tokenVolumeName;
    const mount: VolumeMount = { mountPath: DEFAULT_API_TOKEN_MOUNT_PATH, name: volumeName, readOnly: true };
    let needsVolume = false;
    for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
      if ((c.volumeMounts ?? []).some((m) => m.mountPath === DEFAULT_API_TOKEN_MOUNT_PATH)) continue;
      c.volumeMounts = [...(c.volumeMounts ?? []), mount];
      needsVolume = true;
    }
    if (existing === undefined && needsVolume)
      spec.volumes = [...(spec.volumes ?? []), tokenVolume(volumeName)];
  });
  return { ok: true, object };
}

import type { Pod } from "kubernetes-types/core/v1.js";
import type { KubeObject } from "../api/KubeObject.js";
import { newForbidden } from "../api/StatusError.js";
import * as configmap from "../apis/configmap/index.js";
import * as endpoints from "../apis/endpoints/index.js";
import * as namespace from "../apis/namespace/index.js";
import * as networking from "../apis/networking/index.js";
import * as node from "../apis/node/index.js";
import * as pod from "../apis/pod/index.js";
import * as workloads from "../apis/workloads/index.js";
import type { NameGenerator } from "../engine/NameGenerator.js";
import type { RandomStream } from "../engine/RandomStreams.js";
import type { Transaction } from "../store/ObjectStore.js";
import type { FieldError } from "../validation/field.js";
import type { ResourceStrategy } from "./ResourceStrategy.js";
import type { ServiceAllocationConfig } from "./service/alloc.js";
import { serviceStrategy } from "./serviceStrategy.js";

/** What the strategies need from the simulation. */
export interface StrategyContext {
  readonly config: ServiceAllocationConfig;
  /** Named random streams (`clusterip-allocator`, `nodeport-allocator`), so allocation replays from the seed. */
  readonly random: (purpose: string) => RandomStream;
  /** For names the API server generates (the pod's `kube-api-access-xxxxx` token volume). */
  readonly names: NameGenerator;
}

// The typed defaulting/validation functions each take their own kind; the table stores them
// for plain objects, and every entry is only ever called with objects of its own kind.
type Fn1<T> = (obj: T) => T;
type V1<T> = (obj: T) => readonly FieldError[];
type V2<T> = (obj: T, old: T) => readonly FieldError[];

/** A strategy of defaulting and validation only; status reset on create for kinds with a status subresource. */
function plain<T>(
  defaults: Fn1<T> | undefined,
  validate: V1<T>,
  validateUpdate: V2<T>,
  resetStatus = false,
): ResourceStrategy {
  return {
    ...(defaults ? { defaults: defaults as unknown as Fn1<KubeObject> } : {}),
    ...(resetStatus ? { prepareForCreate: (obj: KubeObject) => ({ ...obj, status: {} }) } : {}),
    validate: validate as unknown as V1<KubeObject>,
    validateUpdate: validateUpdate as unknown as V2<KubeObject>,
  };
}

/**
 * The pod registry plus the admission plugins a kubeadm API server runs on pods
 * (ServiceAccount, Priority, DefaultTolerationSeconds), then PrepareForCreate (status Pending,
 * QoS class).
 */
function podStrategy(names: NameGenerator): ResourceStrategy {
  const admitted = (
    result: { ok: true; object: Pod } | { ok: false; message: string },
    obj: KubeObject,
    tx: Transaction,
  ) => {
    if (!result.ok) throw newForbidden(tx.registryType("Pod"), obj.metadata.name ?? "", result.message);
    return result.object;
  };
  return {
    defaults: (obj) => pod.defaultPod(obj as Pod) as KubeObject,
    admit: (obj, tx) => {
      const sa = tx.get(
        "ServiceAccount",
        obj.metadata.namespace ?? "",
        (obj as Pod).spec?.serviceAccountName || "default",
      );
      let p = admitted(
        pod.admitServiceAccount(obj as Pod, {
          tokenVolumeName: names.generateName("kube-api-access-"),
          serviceAccountExists: sa !== undefined,
          ...(sa?.automountServiceAccountToken === false ? { serviceAccountAutomount: false } : {}),
        }),
        obj,
        tx,
      );
      p = admitted(pod.admitPriority(p), obj, tx);
      return pod.admitDefaultTolerationSeconds(p) as KubeObject;
    },
    prepareForCreate: (obj) => pod.preparePodForCreate(obj as Pod) as KubeObject,
    validate: (obj) => pod.validatePod(obj as Pod),
    validateUpdate: (obj, old) => pod.validatePodUpdate(obj as Pod, old as Pod),
  };
}

/**
 * The API server's behaviour for every built-in kind kubesim models, keyed by kind. MetalLB's
 * kinds are left to their webhooks (a later issue).
 */
export function builtinStrategies(ctx: StrategyContext): Map<string, ResourceStrategy> {
  const { config, random, names } = ctx;
  return new Map<string, ResourceStrategy>([
    [
      "Service",
      serviceStrategy(config, {
        clusterIPs: random("clusterip-allocator"),
        nodePorts: random("nodeport-allocator"),
      }),
    ],
    ["Pod", podStrategy(names)],
    [
      "Deployment",
      plain(
        workloads.defaultDeployment,
        workloads.validateDeployment,
        workloads.validateDeploymentUpdate,
        true,
      ),
    ],
    [
      "ReplicaSet",
      plain(
        workloads.defaultReplicaSet,
        workloads.validateReplicaSet,
        workloads.validateReplicaSetUpdate,
        true,
      ),
    ],
    [
      "ReplicationController",
      plain(
        workloads.defaultReplicationController,
        workloads.validateReplicationController,
        workloads.validateReplicationControllerUpdate,
        true,
      ),
    ],
    [
      "Namespace",
      plain(namespace.defaultNamespace, namespace.validateNamespace, namespace.validateNamespaceUpdate),
    ],
    ["Node", plain(node.defaultNode, node.validateNode, node.validateNodeUpdate)],
    [
      "ConfigMap",
      plain(configmap.defaultConfigMap, configmap.validateConfigMap, configmap.validateConfigMapUpdate),
    ],
    ["Secret", plain(configmap.defaultSecret, configmap.validateSecret, configmap.validateSecretUpdate)],
    [
      "Endpoints",
      plain(endpoints.defaultEndpoints, endpoints.validateEndpoints, endpoints.validateEndpointsUpdate),
    ],
    [
      "EndpointSlice",
      plain(
        endpoints.defaultEndpointSlice,
        endpoints.validateEndpointSlice,
        endpoints.validateEndpointSliceUpdate,
      ),
    ],
    [
      "NetworkPolicy",
      plain(
        networking.defaultNetworkPolicy,
        networking.validateNetworkPolicy,
        networking.validateNetworkPolicyUpdate,
      ),
    ],
    ["Ingress", plain(undefined, networking.validateIngress, networking.validateIngressUpdate, true)],
    [
      "IngressClass",
      plain(
        networking.defaultIngressClass,
        networking.validateIngressClass,
        networking.validateIngressClassUpdate,
      ),
    ],
  ]);
}

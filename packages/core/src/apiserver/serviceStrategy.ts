import type { Service } from "kubernetes-types/core/v1.js";
import type { KubeObject } from "../api/KubeObject.js";
import {
  defaultService,
  validateService,
  validateServiceClusterIPsRelatedFields,
  validateServiceUpdate,
} from "../apis/service/index.js";
import type { RandomStream } from "../engine/RandomStreams.js";
import type { Transaction } from "../store/ObjectStore.js";
import { invalidError, type ResourceStrategy } from "./ResourceStrategy.js";
import {
  allocateServiceOnCreate,
  allocateServiceOnUpdate,
  releaseServiceAllocations,
  type ServiceAllocationConfig,
  type ServiceAllocationResult,
} from "./service/alloc.js";

/**
 * The Service registry (K8s pkg/registry/core/service: strategy.go and storage/storage.go):
 * `SetDefaults_Service` on decode; PrepareForCreate clears the status; BeginCreate/BeginUpdate
 * normalise `clusterIP`/`clusterIPs`, keep allocated values a client omitted, settle IP families
 * and allocate ClusterIPs and node ports (so allocation errors come before validation errors, as
 * in the API server); then ValidateService/ValidateServiceUpdate; deletion releases everything.
 */
export function serviceStrategy(
  config: ServiceAllocationConfig,
  random: { readonly clusterIPs: RandomStream; readonly nodePorts: RandomStream },
): ResourceStrategy {
  const allocated = (obj: KubeObject, tx: Transaction, result: ServiceAllocationResult): KubeObject => {
    if ("errors" in result) invalidError(tx.registryType("Service"), obj.metadata.name ?? "", result.errors);
    return result.service as KubeObject;
  };
  const options = { validateClusterIPsRelatedFields: validateServiceClusterIPsRelatedFields };
  return {
    defaults: (obj) => defaultService(obj as Service) as KubeObject,
    prepareForCreate: (obj) => ({ ...obj, status: { loadBalancer: {} } }),
    prepareForUpdate: (obj, old) => ({ ...obj, status: old.status }),
    beginCreate: (obj, tx) =>
      allocated(obj, tx, allocateServiceOnCreate(tx, obj as Service, config, random, options)),
    beginUpdate: (obj, old, tx) =>
      allocated(
        obj,
        tx,
        allocateServiceOnUpdate(tx, obj as Service, old as Service, config, random, options),
      ),
    validate: (obj) => validateService(obj as Service),
    validateUpdate: (obj, old) => validateServiceUpdate(obj as Service, old as Service),
    afterDelete: (obj, tx) => releaseServiceAllocations(tx, obj as Service),
  };
}

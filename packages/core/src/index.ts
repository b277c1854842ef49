/**
 * @kubesim/core: the deterministic engine every other kubesim package builds on.
 *
 * Map of the package:
 * - `engine/`      virtual clock, seeded random streams, (time, sequence) event queue, uids and
 *                  generated names: everything that could make two runs differ.
 * - `api/`         the object shape, the resource type registry, API status errors.
 * - `store/`       the object store: immutable state (immer, sharded), transactions, watches,
 *                  label index, event log, snapshots.
 * - `labels/`      label selectors (string and structured forms) and their matching.
 * - `validation/`  Kubernetes' field errors and name/label validation.
 * - `controller/`  the controller contract through which everything reacts to changes.
 * - `apiserver/`   admission behaviour of the API server (namespace lifecycle, ...).
 * - `controllers/` control-plane controllers that belong to the API machinery (namespace).
 * - `Simulation`   the one impure shell that owns all of the above and drives time.
 */
export * from "./api/KubeObject.js";
export * from "./api/resources.js";
export * from "./api/StatusError.js";
export {
  compareQuantities,
  formatQuantity,
  parseQuantity,
  type Quantity,
  type QuantityFormat,
} from "./apis/pod/quantity.js";
export * as service from "./apis/service/index.js";
export * from "./apiserver/builtinStrategies.js";
export { installApiServer } from "./apiserver/installApiServer.js";
export * from "./apiserver/namespaceLifecycle.js";
export * from "./apiserver/ResourceStrategy.js";
export {
  allocateServiceOnCreate,
  allocateServiceOnUpdate,
  DEFAULT_SERVICE_ALLOCATION_CONFIG,
  releaseServiceAllocations,
  type ServiceAllocationConfig,
  serviceCIDRObject,
} from "./apiserver/service/alloc.js";
export { serviceStrategy } from "./apiserver/serviceStrategy.js";
export * from "./controller/Controller.js";
export * from "./controllers/cloudprovider/index.js";
export { type DeploymentControllerOptions, deploymentController } from "./controllers/deployment/index.js";
export * from "./controllers/endpoints/endpointsController.js";
export * from "./controllers/endpointslice/endpointSliceController.js";
export * from "./controllers/garbagecollector/index.js";
export * from "./controllers/metallb/index.js";
export * from "./controllers/NamespaceController.js";
export * from "./controllers/nodelifecycle/index.js";
export { replicaSetController, replicationControllerController } from "./controllers/replicaset/index.js";
export * from "./controllers/ServiceAccountController.js";
export { type SchedulerOptions, schedulerController } from "./controllers/scheduler/schedulerController.js";
export * from "./engine/EventQueue.js";
export * from "./engine/NameGenerator.js";
export * from "./engine/RandomStreams.js";
export * from "./engine/VirtualClock.js";
export * from "./events/recordEvent.js";
export * from "./kubelet/index.js";
export * from "./labels/parseSelector.js";
export * from "./labels/selector.js";
export * from "./labels/validateLabelSelector.js";
export * from "./Simulation.js";
export * from "./store/ObjectStore.js";
export { replayEventLog } from "./store/replayEventLog.js";
export {
  EMPTY_SHARDED_MAP,
  type Named,
  type ShardedMap,
  shardedMapGet,
  shardedMapValues,
} from "./store/ShardedMap.js";
export type { FieldError } from "./validation/field.js";
export * as field from "./validation/field.js";
export * from "./validation/goStrings.js";
export * from "./validation/names.js";

/**
 * The ReplicaSet and ReplicationController controllers and the pod helpers they share.
 *
 * @module
 */
export * from "./ownerRefs.js";
export * from "./podUtil.js";
export * from "./replicaSetController.js";
export * from "./replicationControllerController.js";

/**
 * The garbage collector of kube-controller-manager and deletion with a propagation policy.
 *
 * @module
 */
export * from "./deleteWithPropagation.js";
export * from "./garbageCollectorController.js";

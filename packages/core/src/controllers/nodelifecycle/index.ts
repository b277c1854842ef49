/**
 * The node lifecycle and taint eviction controllers of kube-controller-manager.
 *
 * @module
 */
export type { ControllerHost } from "./ControllerHost.js";
export * from "./nodeLifecycleController.js";
export * from "./taintEvictionController.js";

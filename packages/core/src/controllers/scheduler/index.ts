/**
 * The kube-scheduler as a kubesim controller: {@link schedulerController}, and the pure pieces
 * it is built from (filters, scores, the FitError message, pod requests).
 *
 * @module
 */
export * from "./filterNode.js";
export * from "./fitError.js";
export * from "./nodeAffinity.js";
export * from "./podRequests.js";
export * from "./SchedulerCache.js";
export * from "./schedulerController.js";
export * from "./scoreNodes.js";
export * from "./taints.js";

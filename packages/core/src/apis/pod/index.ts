/**
 * Pods, as the Kubernetes 1.33 API server handles a write:
 * - `defaults.ts`       defaulting of Pods and pod templates (`defaultPod`, `defaultPodTemplateSpec`);
 * - `admit*.ts`         the mutating admission plugins that touch Pods (ServiceAccount,
 *                       DefaultTolerationSeconds, Priority);
 * - `preparePodForCreate.ts`  the strategy's status and QoS class;
 * - `validation.ts`     `validatePod`, `validatePodUpdate`, `validatePodSpec`, `validatePodTemplateSpec`.
 * Helpers other kinds share live here too: quantities, IP parsing, Go value printing, metadata update
 * rules and semantic equality.
 *
 * @module
 */

export * from "./admitDefaultTolerationSeconds.js";
export * from "./admitPriority.js";
export * from "./admitServiceAccount.js";
export * from "./deepEqual.js";
export * from "./defaults.js";
export * from "./goRepr.js";
export * from "./ipAddress.js";
export * from "./preparePodForCreate.js";
export * from "./quantity.js";
export * from "./validation.js";

/**
 * NetworkPolicy, Ingress and IngressClass (networking.k8s.io/v1): types (`types.ts`), defaulting
 * (`defaults.ts`) and metadata validation (`validation.ts`).
 *
 * @module
 */

export * from "./defaults.js";
export type * from "./types.js";
export * from "./validation.js";

/**
 * Endpoints (core/v1) and EndpointSlice (discovery.k8s.io/v1): defaulting (`defaults.ts`) and
 * validation (`validation.ts`).
 *
 * @module
 */

export * from "./defaults.js";
export * from "./validation.js";

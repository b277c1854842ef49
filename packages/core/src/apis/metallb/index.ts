/**
 * MetalLB's IPAddressPool and L2Advertisement (`metallb.io/v1beta1`): types (`types.ts`), CRD defaults
 * (`defaults.ts`) and the webhook checks (`validation.ts`).
 *
 * @module
 */

export * from "./defaults.js";
export type * from "./types.js";
export * from "./validation.js";

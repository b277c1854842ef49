/**
 * Namespace: defaulting (`defaults.ts`) and validation (`validation.ts`).
 *
 * @module
 */

export * from "./defaults.js";
export * from "./validation.js";

/**
 * ConfigMap and Secret: defaulting (`defaults.ts`), validation (`validation.ts`) and the base64 helpers
 * their byte fields need (`base64.ts`).
 *
 * @module
 */

export * from "./base64.js";
export * from "./defaults.js";
export * from "./validation.js";

/**
 * Deployment and ReplicaSet (apps/v1) and ReplicationController (core/v1): defaulting (`defaults.ts`)
 * and validation (`validation.ts`).
 *
 * @module
 */

export * from "./defaults.js";
export * from "./validation.js";

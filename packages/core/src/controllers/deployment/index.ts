/**
 * The Deployment controller and its helpers.
 *
 * @module
 */
export * from "./computeHash.js";
export * from "./deploymentController.js";
export * from "./deploymentUtil.js";

/**
 * The simulated cloud-controller-manager's service controller, which gives LoadBalancer Services
 * their EXTERNAL-IP from a cloud's public address pool.
 *
 * @module
 */
export * from "./AddressRanges.js";
export * from "./cloudLoadBalancerController.js";

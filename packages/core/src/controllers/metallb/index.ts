/**
 * MetalLB (v0.14, layer 2): address allocation from IPAddressPools and the per-address leader node
 * that answers ARP.
 *
 * @module
 */
export * from "./metalLB.js";

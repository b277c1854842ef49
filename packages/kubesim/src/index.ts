/**
 * kubesim: a deterministic Kubernetes networking simulator. This package assembles a whole
 * simulated cluster from the engine (@kubesim/core), the dataplane (@kubesim/dataplane), cluster
 * DNS (@kubesim/dns) and kubectl (@kubesim/kubectl).
 *
 * Map of the package:
 * - `Cluster`        createCluster(): the simulation, API server behaviour, controllers, kubectl.
 * - `bootstrap`      what a fresh kubeadm-like cluster contains (namespaces, nodes).
 * - `bootstrapCoreDNS` kubeadm's CoreDNS addon (ServiceAccount, Corefile ConfigMap, Deployment).
 * - `ClusterConfig`  the cluster config file (`kubesim run --config`).
 * - `parseSleep`     GNU `sleep` arguments, which advance virtual time in scripts.
 */

export type { CommandResult, FileSystem, KubectlIO } from "@kubesim/kubectl";
export * from "./bootstrap.js";
export * from "./bootstrapCoreDNS.js";
export * from "./Cluster.js";
export * from "./ClusterConfig.js";
export * from "./externalClient.js";
export { parseSleep } from "./parseSleep.js";

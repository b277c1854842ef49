import type { ResourcePrinter } from "../table.js";
import { configMapPrinter } from "./configMap.js";
import { daemonSetPrinter } from "./daemonSet.js";
import { defaultPrinter } from "./defaultPrinter.js";
import { deploymentPrinter } from "./deployment.js";
import { endpointSlicePrinter } from "./endpointSlice.js";
import { endpointsPrinter } from "./endpoints.js";
import { eventPrinter } from "./event.js";
import { ingressPrinter } from "./ingress.js";
import { ingressClassPrinter } from "./ingressClass.js";
import { ipAddressPrinter } from "./ipAddress.js";
import { namespacePrinter } from "./namespace.js";
import { networkPolicyPrinter } from "./networkPolicy.js";
import { nodePrinter } from "./node.js";
import { podPrinter } from "./pod.js";
import { replicaSetPrinter } from "./replicaSet.js";
import { replicationControllerPrinter } from "./replicationController.js";
import { secretPrinter } from "./secret.js";
import { servicePrinter } from "./service.js";
import { serviceAccountPrinter } from "./serviceAccount.js";
import { serviceCIDRPrinter } from "./serviceCIDR.js";
import { statefulSetPrinter } from "./statefulSet.js";

// A frozen lookup table, not mutable state: printers are fixed at build time like
// printersinternal.AddHandlers. Each printer is typed for its own kind; the table widens that to
// any object with metadata (method parameters are bivariant), so callers must pass objects of
// the kind they looked up.
const PRINTERS: Readonly<Record<string, ResourcePrinter>> = Object.freeze({
  ConfigMap: configMapPrinter,
  DaemonSet: daemonSetPrinter,
  Deployment: deploymentPrinter,
  EndpointSlice: endpointSlicePrinter,
  Endpoints: endpointsPrinter,
  Event: eventPrinter,
  Ingress: ingressPrinter,
  IngressClass: ingressClassPrinter,
  IPAddress: ipAddressPrinter,
  Namespace: namespacePrinter,
  NetworkPolicy: networkPolicyPrinter,
  Node: nodePrinter,
  Pod: podPrinter,
  ReplicaSet: replicaSetPrinter,
  ReplicationController: replicationControllerPrinter,
  Secret: secretPrinter,
  Service: servicePrinter,
  ServiceAccount: serviceAccountPrinter,
  ServiceCIDR: serviceCIDRPrinter,
  StatefulSet: statefulSetPrinter,
});

/**
 * The table printer of a kind (`Pod`, `Deployment`, ...), or the NAME, AGE printer for kinds
 * without one. The kind is matched exactly, as it appears in an object's `kind` field.
 */
export function printerFor(kind: string): ResourcePrinter {
  return (Object.hasOwn(PRINTERS, kind) ? PRINTERS[kind] : undefined) ?? defaultPrinter;
}

import type { Controller } from "../../controller/Controller.js";
import { selectorFromSet } from "../../labels/selector.js";
import { replicaManager } from "./replicaSetController.js";

/**
 * The ReplicationController manager (K8s pkg/controller/replication), which Kubernetes builds on the
 * ReplicaSet controller: same behaviour, with the RC's map selector (`spec.selector`, defaulted from
 * the template's labels) and events from `replication-controller`.
 */
export function replicationControllerController(): Controller {
  return replicaManager({
    kind: "ReplicationController",
    name: "replicationcontroller-controller",
    component: "replication-controller",
    selectorOf: (rc) => {
      const selector = (rc.spec as { selector?: Record<string, string> } | undefined)?.selector;
      // An RC without a selector selects nothing here; validation requires one.
      if (!selector || Object.keys(selector).length === 0) return { ok: true, selector: { kind: "nothing" } };
      return { ok: true, selector: selectorFromSet(selector) };
    },
  });
}

/**
 * The defaults MetalLB's CRDs declare (`+kubebuilder:default` in `api/v1beta1/ipaddresspool_types.go`),
 * which the API server applies from the CRD schema.
 *
 * @module
 */

import { produce } from "immer";
import type { IPAddressPool } from "./types.js";

/** An IPAddressPool as stored: `autoAssign: true` and `avoidBuggyIPs: false` unless given. */
export function defaultIPAddressPool(pool: IPAddressPool): IPAddressPool {
  return produce(pool, (d) => {
    d.spec ??= { addresses: [] };
    d.spec.autoAssign ??= true;
    d.spec.avoidBuggyIPs ??= false;
  });
}

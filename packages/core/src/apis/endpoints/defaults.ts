/**
 * Endpoints and EndpointSlice defaulting (`pkg/apis/core/v1/defaults.go` `SetDefaults_Endpoints`,
 * `pkg/apis/discovery/v1/defaults.go` `SetDefaults_EndpointPort`, Kubernetes 1.33).
 *
 * @module
 */

import { produce } from "immer";
import type { Endpoints } from "kubernetes-types/core/v1.js";
import type { EndpointSlice } from "kubernetes-types/discovery/v1.js";

/** Endpoints as stored: every subset port without a protocol gets `protocol: TCP`. */
export function defaultEndpoints(endpoints: Endpoints): Endpoints {
  // Controllers write already-defaulted objects on every pod change: skip immer's copy-and-freeze.
  if (!endpoints.subsets?.some((s) => s.ports?.some((p) => !p.protocol))) return endpoints;
  return produce(endpoints, (d) => {
    for (const subset of d.subsets ?? []) {
      for (const port of subset.ports ?? []) if (!port.protocol) port.protocol = "TCP";
    }
  });
}

/** An EndpointSlice as stored: every port gets `name: ""` and `protocol: TCP` when they are absent. */
export function defaultEndpointSlice(slice: EndpointSlice): EndpointSlice {
  if (!slice.ports?.some((p) => p.name == null || p.protocol == null)) return slice;
  return produce(slice, (d) => {
    for (const port of d.ports ?? []) {
      port.name ??= "";
      port.protocol ??= "TCP";
    }
  });
}

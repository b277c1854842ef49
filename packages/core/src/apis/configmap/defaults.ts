/**
 * ConfigMap and Secret defaulting as the Kubernetes 1.33 API server stores them
 * (`pkg/apis/core/v1/defaults.go` `SetDefaults_Secret`, `SetDefaults_ConfigMap`, and the v1 conversion
 * `Convert_v1_Secret_To_core_Secret`).
 *
 * @module
 */

import { produce } from "immer";
import type { ConfigMap, Secret } from "kubernetes-types/core/v1.js";
import { base64EncodeUtf8 } from "./base64.js";

/**
 * `SetDefaults_ConfigMap` sets `data` to an empty map, which the API never prints (`omitempty`), so a
 * ConfigMap stores and shows exactly what was sent; the function returns its input unchanged.
 */
export function defaultConfigMap(cm: ConfigMap): ConfigMap {
  return cm;
}

/**
 * A Secret as stored: `type` defaults to `Opaque` (`SetDefaults_Secret`), and `stringData` is folded
 * into `data` as base64, overwriting keys that are in both, then dropped, because the API server converts
 * `stringData` away when it decodes the request (`kubectl get secret -o yaml` never shows it).
 */
export function defaultSecret(secret: Secret): Secret {
  return produce(secret, (d) => {
    if (!d.type) d.type = "Opaque";
    if (d.stringData !== undefined) {
      const stringData = d.stringData;
      delete d.stringData;
      const keys = Object.keys(stringData);
      if (keys.length > 0) {
        d.data ??= {};
        for (const key of keys) d.data[key] = base64EncodeUtf8(stringData[key]!);
      }
    }
  });
}

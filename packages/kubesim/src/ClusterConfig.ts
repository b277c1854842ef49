import { parseTimestamp } from "@kubesim/core";
import { parse as parseYaml } from "yaml";

/**
 * How a simulated cluster is built. Every field is optional; the defaults give a small
 * kubeadm-like cluster (one control-plane node and two workers).
 *
 * File form (`kubesim run --config FILE`):
 * ```yaml
 * apiVersion: kubesim.io/v1alpha1
 * kind: ClusterConfig
 * name: kubesim
 * seed: 7
 * startTime: "2025-01-01T00:00:00Z"
 * nodes:
 *   workers: 3
 * ```
 */
export interface ClusterConfig {
  /** The cluster's name; node names derive from it (`kubesim-control-plane`, `kubesim-worker`, `kubesim-worker2`). */
  readonly name?: string;
  /** The seed of every random choice. */
  readonly seed?: number;
  /** Where the virtual clock starts (RFC 3339). */
  readonly startTime?: string;
  readonly nodes?: {
    /** Number of worker nodes (default 2). */
    readonly workers?: number;
  };
}

/** The apiVersion and kind of a cluster config file. */
export const CLUSTER_CONFIG_API_VERSION = "kubesim.io/v1alpha1";
export const CLUSTER_CONFIG_KIND = "ClusterConfig";

/**
 * Parses and checks a cluster config file. Errors name the field and what is allowed, e.g.
 * `config.yaml: nodes.workers: Invalid value: -1: must be between 0 and 5000, inclusive`.
 */
export function parseClusterConfig(
  text: string,
  source: string,
): { ok: true; config: ClusterConfig } | { ok: false; error: string } {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    return { ok: false, error: `${source}: ${(err as Error).message.split("\n")[0]}` };
  }
  if (doc === null || doc === undefined) return { ok: true, config: {} };
  if (typeof doc !== "object" || Array.isArray(doc))
    return { ok: false, error: `${source}: must be a mapping` };
  const errors = checkClusterConfig(doc as Record<string, unknown>);
  if (errors.length > 0) return { ok: false, error: errors.map((e) => `${source}: ${e}`).join("\n") };
  const { apiVersion: _a, kind: _k, ...config } = doc as Record<string, unknown>;
  return { ok: true, config: config as ClusterConfig };
}

/** Field errors of a config object (also used for configs given to `createCluster`). */
export function checkClusterConfig(config: Readonly<Record<string, unknown>>): string[] {
  const errors: string[] = [];
  const known = new Set(["apiVersion", "kind", "name", "seed", "startTime", "nodes"]);
  for (const key of Object.keys(config)) {
    if (!known.has(key))
      errors.push(`${key}: Unsupported field: supported fields are ${[...known].join(", ")}`);
  }
  if (config.apiVersion !== undefined && config.apiVersion !== CLUSTER_CONFIG_API_VERSION) {
    errors.push(
      `apiVersion: Unsupported value: ${JSON.stringify(config.apiVersion)}: supported values: "${CLUSTER_CONFIG_API_VERSION}"`,
    );
  }
  if (config.kind !== undefined && config.kind !== CLUSTER_CONFIG_KIND) {
    errors.push(
      `kind: Unsupported value: ${JSON.stringify(config.kind)}: supported values: "${CLUSTER_CONFIG_KIND}"`,
    );
  }
  if (
    config.name !== undefined &&
    (typeof config.name !== "string" ||
      !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(config.name) ||
      config.name.length > 40)
  ) {
    errors.push(
      `name: Invalid value: ${JSON.stringify(config.name)}: must be a lowercase RFC 1123 label of at most 40 characters`,
    );
  }
  if (config.seed !== undefined && !(Number.isSafeInteger(config.seed) && (config.seed as number) >= 0)) {
    errors.push(`seed: Invalid value: ${JSON.stringify(config.seed)}: must be a non-negative integer`);
  }
  if (
    config.startTime !== undefined &&
    (typeof config.startTime !== "string" || parseTimestamp(config.startTime) === undefined)
  ) {
    errors.push(
      `startTime: Invalid value: ${JSON.stringify(config.startTime)}: must be an RFC 3339 timestamp such as "2025-01-01T00:00:00Z"`,
    );
  }
  if (config.nodes !== undefined) {
    const nodes = config.nodes as Record<string, unknown>;
    if (typeof nodes !== "object" || nodes === null || Array.isArray(nodes)) {
      errors.push(`nodes: Invalid value: ${JSON.stringify(config.nodes)}: must be a mapping`);
    } else {
      for (const key of Object.keys(nodes))
        if (key !== "workers") errors.push(`nodes.${key}: Unsupported field: supported fields are workers`);
      const w = nodes.workers;
      if (w !== undefined && !(Number.isInteger(w) && (w as number) >= 0 && (w as number) <= 5000)) {
        errors.push(
          `nodes.workers: Invalid value: ${JSON.stringify(w)}: must be between 0 and 5000, inclusive`,
        );
      }
    }
  }
  return errors;
}

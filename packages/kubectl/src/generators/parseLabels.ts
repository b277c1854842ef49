import { fail, type GenerateResult, sortedMap } from "./goMaps.js";

/**
 * kubectl's `generate.ParseLabels` (k8s.io/kubectl/pkg/generate/generate.go), used by
 * `run --labels` and `expose --selector/--labels`: `k=v` pairs separated by `,`, each with
 * exactly one `=` and a non-empty key. Values are not validated (the API server does that).
 */
export function parseLabels(spec: string): GenerateResult<Record<string, string>> {
  if (spec.length === 0) return fail("no label spec passed");
  const labels: Record<string, string> = {};
  for (const item of spec.split(",")) {
    const parts = item.split("=");
    if (parts.length !== 2) return fail(`unexpected label spec: ${item}`);
    if (parts[0]!.length === 0) return fail("unexpected empty label key");
    labels[parts[0]!] = parts[1]!;
  }
  return { ok: true, object: sortedMap(labels) };
}

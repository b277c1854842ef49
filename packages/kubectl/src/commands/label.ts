import { isValidLabelValue, type KubeObject } from "@kubesim/core";
import { quoteGo } from "../jsonpath/_internal/goFormat.js";
import { sortedJson } from "../threeWayMerge.js";
import { type MapChanges, metadataMapCommand } from "./_internal/metadataMapCommand.js";

/**
 * `parseLabels` (label.go): KEY=VALUE with exactly one `=` and a valid label value, or KEY-;
 * a key may not be both set and removed.
 */
function parseLabels(
  specs: readonly string[],
): { ok: true; changes: MapChanges } | { ok: false; error: string } {
  const set = new Map<string, string>();
  const remove: string[] = [];
  for (const spec of specs) {
    if (spec.includes("=")) {
      const parts = spec.split("=");
      if (parts.length !== 2) return { ok: false, error: `invalid label spec: ${spec}` };
      const errs = isValidLabelValue(parts[1]!);
      if (errs.length > 0)
        return { ok: false, error: `invalid label value: ${quoteGo(spec)}: ${errs.join(";")}` };
      set.set(parts[0]!, parts[1]!);
    } else if (spec.endsWith("-")) {
      remove.push(spec.slice(0, -1));
    } else {
      return { ok: false, error: `unknown label spec: ${spec}` };
    }
  }
  if (remove.some((k) => set.has(k)))
    return { ok: false, error: "can not both modify and remove a label in the same command" };
  return { ok: true, changes: { set, remove } };
}

/**
 * `kubectl label [--overwrite] (-f FILENAME | TYPE NAME | TYPE -l SELECTOR | TYPE --all) KEY=VAL... KEY-...`
 * (k8s.io/kubectl/pkg/cmd/label/label.go, v1.32): sets and removes labels. Prints
 * `<type>/<name> labeled`, `unlabeled` (without `--overwrite`, when the object shrank) or
 * `not labeled`; refuses to change an existing value without `--overwrite`
 * (`'app' already has a value (web), and --overwrite is false`); `--list` prints the labels.
 */
export const labelCommand = metadataMapCommand({
  name: "label",
  field: "labels",
  pairType: "label",
  localExample: "pod.yaml",
  listOutputCheckFirst: false,
  parsePairs: parseLabels,
  overwriteErrors: (current, changes) =>
    [...changes.set]
      .filter(([k, v]) => Object.hasOwn(current, k) && current[k] !== v)
      .map(([k]) => `'${k}' already has a value (${current[k]}), and --overwrite is false`),
  // updateDataChangeMsg compares the objects' JSON: any change is "labeled", and "unlabeled"
  // when the JSON got shorter without --overwrite (so a label removed and a longer one added
  // still says "labeled": kubernetes/kubectl#1323).
  operation: (before: KubeObject, after: KubeObject, overwrite: boolean) => {
    const a = sortedJson(before);
    const b = sortedJson(after);
    if (a === b) return "not labeled";
    return !overwrite && b.length < a.length ? "unlabeled" : "labeled";
  },
  printServerObject: false,
  reusePrinter: false,
  reportMissing: true,
  listHeading: "Listing labels for",
});

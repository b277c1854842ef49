import { type MapChanges, metadataMapCommand } from "./_internal/metadataMapCommand.js";

/** The annotation `kubectl --record` writes, which may always be overwritten. */
const CHANGE_CAUSE_ANNOTATION = "kubernetes.io/change-cause";

/** `cmdutil.ParsePairs(args, "annotation", true)`: KEY=VALUE (split at the first `=`) or KEY-. */
function parseAnnotations(
  pairs: readonly string[],
): { ok: true; changes: MapChanges } | { ok: false; error: string } {
  const set = new Map<string, string>();
  const remove: string[] = [];
  const invalid: string[] = [];
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    if (eq > 0) set.set(pair.slice(0, eq), pair.slice(eq + 1));
    else if (pair.endsWith("-") && pair !== "-") remove.push(pair.slice(0, -1));
    else invalid.push(pair);
  }
  if (invalid.length > 0) return { ok: false, error: `invalid annotation format: ${invalid.join(", ")}` };
  return { ok: true, changes: { set, remove } };
}

/**
 * `kubectl annotate [--overwrite] (-f FILENAME | TYPE NAME | TYPE -l SELECTOR | TYPE --all) KEY=VAL... KEY-...`
 * (k8s.io/kubectl/pkg/cmd/annotate/annotate.go, v1.32): sets and removes annotations, prints
 * `<type>/<name> annotated`; refuses to change an existing value without `--overwrite`
 * (`--overwrite is false but found the following declared annotation(s): 'a' already has a value (1)`).
 */
export const annotateCommand = metadataMapCommand({
  name: "annotate",
  field: "annotations",
  pairType: "annotation",
  localExample: "rsrc.yaml",
  listOutputCheckFirst: true,
  parsePairs: parseAnnotations,
  validateChanges: (changes) => {
    const both = changes.remove.filter((k) => changes.set.has(k));
    return both.length > 0
      ? `can not both modify and remove the following annotation(s) in the same command: ${both.join(", ")}`
      : undefined;
  },
  overwriteErrors: (current, changes) => {
    const found = [...changes.set]
      .filter(([k, v]) => k !== CHANGE_CAUSE_ANNOTATION && Object.hasOwn(current, k) && current[k] !== v)
      .map(([k]) => `'${k}' already has a value (${current[k]})`);
    return found.length > 0
      ? [`--overwrite is false but found the following declared annotation(s): ${found.join("; ")}`]
      : [];
  },
  operation: () => "annotated",
  printServerObject: true,
  reusePrinter: true,
  reportMissing: false,
  listHeading: "Listing annotations for",
});

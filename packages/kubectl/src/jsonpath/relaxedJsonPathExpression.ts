/**
 * kubectl's `RelaxedJSONPathExpression` (k8s.io/kubectl/pkg/cmd/get/customcolumn.go), which
 * custom-columns (and `kubectl sort-by`, `wait --for=jsonpath`) apply to their field specs so that
 * `metadata.name`, `.metadata.name`, `{metadata.name}` and `{.metadata.name}` all mean
 * `{.metadata.name}`. `-o jsonpath` does not use it.
 */

/** The outcome of {@link relaxedJsonPathExpression}. */
export type RelaxedJsonPathResult =
  | { readonly ok: true; readonly expression: string }
  | { readonly ok: false; readonly error: string };

const jsonRegexp = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/;

/** Turns a relaxed field spec into a complete template; the empty string stays empty. */
export function relaxedJsonPathExpression(pathExpression: string): RelaxedJsonPathResult {
  if (pathExpression === "") return { ok: true, expression: pathExpression };
  const match = jsonRegexp.exec(pathExpression);
  if (!match) {
    return {
      ok: false,
      error:
        "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'",
    };
  }
  const fieldSpec = match[1] !== undefined && match[1] !== "" ? match[1] : (match[2] ?? "");
  return { ok: true, expression: `{.${fieldSpec}}` };
}

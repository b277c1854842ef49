import { parseManifests } from "@kubesim/manifests";
import type { JsonValue } from "../../patch/_internal/jsonValue.js";

/** What `-p` holds once read as kubectl reads it. */
export type DecodedPatch =
  | { readonly kind: "value"; readonly value: JsonValue }
  /** YAML that go-yaml refuses; `message` is go-yaml's (`yaml: line 2: ...`). */
  | { readonly kind: "yamlError"; readonly message: string }
  /** Text starting with `{` that is not valid JSON; `message` is Go's `json.Unmarshal` error. */
  | { readonly kind: "badJson"; readonly message: string };

/**
 * Reads a patch as kubectl's `yaml.ToJSON` does (k8s.io/apimachinery/pkg/util/yaml): text that
 * starts with `{` is taken as JSON without looking further (so broken JSON only fails when the
 * patch is decoded); anything else is YAML (JSON being a subset), converted by sigs.k8s.io/yaml.
 */
export function decodePatchText(text: string): DecodedPatch {
  if (text.trimStart().startsWith("{")) {
    try {
      return { kind: "value", value: JSON.parse(text) as JsonValue };
    } catch {
      return { kind: "badJson", message: goUnmarshalError(text) };
    }
  }
  try {
    return { kind: "value", value: JSON.parse(text) as JsonValue };
  } catch {
    // Not JSON: YAML below.
  }
  if (text.trim() === "") return { kind: "value", value: null };
  // The YAML reader of @kubesim/manifests is go-yaml's; its syntax errors are worded and numbered
  // as go-yaml numbers them, so the text is first read as it is.
  const direct = parseManifests(text, "PATCH", { validate: false });
  const syntax = direct.diagnostics.find((d) => d.code === "yaml-syntax" || d.code === "yaml-to-json");
  if (syntax) {
    const at = syntax.message.indexOf("yaml: ");
    return { kind: "yamlError", message: at >= 0 ? syntax.message.slice(at) : syntax.message };
  }
  // The reader only returns objects with a kind: wrap the (valid) YAML as a field of one.
  const indented = text
    .split("\n")
    .map((line) => `  ${line}`)
    .join("\n");
  const wrapped = parseManifests(`apiVersion: v1\nkind: KubesimPatch\npatch:\n${indented}\n`, "PATCH", {
    validate: false,
  });
  const value = wrapped.manifests[0]?.object.patch;
  return { kind: "value", value: (value ?? null) as JsonValue };
}

/** Go's `json.Unmarshal` error for text that JSON.parse refused, worded as Go words it. */
function goUnmarshalError(text: string): string {
  const parsed = parseManifests(text, "PATCH", { validate: false });
  const syntax = parsed.diagnostics.find((d) => d.code === "json-syntax");
  if (!syntax) return "unexpected end of JSON input";
  const message = syntax.message.replace(/^error parsing PATCH: /, "").replace(/^json: offset \d+: /, "");
  if (message === "unexpected EOF") return "unexpected end of JSON input";
  // The stream reader sees a second value where json.Unmarshal sees trailing data.
  const trailing = /^invalid character ('.+') looking for beginning of value$/.exec(message);
  if (
    trailing &&
    parsed.manifests.length + parsed.diagnostics.filter((d) => d.code === "decode").length > 0
  ) {
    return `invalid character ${trailing[1]} after top-level value`;
  }
  return message;
}

/**
 * @kubesim/manifests: reading manifests the way kubectl reads them.
 *
 * - parseManifests.ts: multi-document YAML / JSON streams into objects, with kubectl's own error
 *   texts (`error parsing x.yaml: error converting YAML to JSON: yaml: line 7: ...`).
 * - resolvePlainScalar.ts: what an unquoted YAML scalar means to kubectl (go-yaml v2, YAML 1.1);
 *   shared with the `-o yaml` printer, which quotes exactly the strings that would change type.
 * - formatGoFloat.ts: Go's shortest float formatting, as go-yaml writes floats.
 * - _internal/: ports of go-yaml v2's scanner, parser and decoder, and Go's JSON stream reader.
 */
export { formatGoFloat } from "./formatGoFloat.js";
export {
  type ManifestDiagnostic,
  type ManifestDiagnosticCode,
  type ManifestObject,
  type ParsedManifest,
  type ParseManifestsOptions,
  type ParseManifestsResult,
  parseManifests,
} from "./parseManifests.js";
export { isGoYamlTimestamp, type ResolvedScalar, resolvePlainScalar } from "./resolvePlainScalar.js";

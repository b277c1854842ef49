/**
 * Reading what users give `kubectl apply -f` / `kubectl create -f`, the way kubectl reads it.
 *
 * The pipeline follows k8s.io/cli-runtime/pkg/resource (StreamVisitor, mapper.infoForData,
 * FlattenListVisitor) over k8s.io/apimachinery/pkg/util/yaml (YAMLOrJSONDecoder) and
 * sigs.k8s.io/yaml (go-yaml v2, YAML 1.1 scalars):
 *
 * 1. Input whose first non-space character is "{" is a stream of JSON values; anything else is
 *    YAML, cut into documents at lines starting with "---" before any YAML parsing.
 * 2. Each YAML document is parsed by go-yaml v2 and converted to JSON; a syntax error stops the
 *    whole source (`error parsing SOURCE: ...`). Empty and `null` documents are skipped.
 * 3. With validation on (kubectl's default), apiVersion and kind must be set and be strings
 *    (`error validating "SOURCE": ...`), which also stops the source.
 * 4. Objects without a kind (`unable to decode "SOURCE": Object 'Kind' is missing in '...'`) and
 *    non-objects are reported, and reading goes on. `List`s (anything with an `items` array) are
 *    expanded into their items.
 */
import { GoJsonError, goJsonMarshal, readJsonStream } from "./_internal/goJson.js";
import { composeFirstDocument, type YamlNode } from "./_internal/goYamlParser.js";
import { GoYamlError } from "./_internal/goYamlScanner.js";
import { type JsonValue, YamlToJsonError, yamlNodeToJson } from "./_internal/goYamlToJson.js";

/** A Kubernetes object as read from a manifest: apiVersion and kind, the rest untyped. */
export interface ManifestObject {
  /** Always a string when validation is on (the default); with `validate: false` it may be missing. */
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: {
    readonly name?: string;
    readonly namespace?: string;
    readonly [field: string]: unknown;
  };
  readonly [field: string]: unknown;
}

/** One object read from a source. */
export interface ParsedManifest {
  readonly object: ManifestObject;
  /** `STDIN` for `-`, else the path as given. */
  readonly source: string;
  /** 0-based index of the YAML document (or JSON value) in the source, counting skipped empty ones. */
  readonly documentIndex: number;
  /** 0-based index within the `items` of the List it was expanded from. */
  readonly itemIndex?: number;
  /** 1-based line and column where the object starts. */
  readonly line: number;
  readonly column: number;
}

/** What went wrong, by kubectl's own wording. */
export type ManifestDiagnosticCode =
  /** A line starting with "---" followed by something other than a comment. */
  | "invalid-document-separator"
  /** go-yaml could not parse or decode the document. */
  | "yaml-syntax"
  /** sigs.k8s.io/yaml could not turn the parsed document into JSON (map keys, NaN, ...). */
  | "yaml-to-json"
  /** Go's json.Decoder rejected a JSON stream. */
  | "json-syntax"
  /** kubectl's client-side validation: apiVersion or kind not set, or not strings. */
  | "validation"
  /** The document is not an object or has no kind. */
  | "decode"
  /** An item of a List could not be expanded. */
  | "list-item";

/** A problem in a source, worded as kubectl words it (without its `error: ` prefix). */
export interface ManifestDiagnostic {
  readonly code: ManifestDiagnosticCode;
  /** The text kubectl prints after `error: `. */
  readonly message: string;
  readonly source: string;
  readonly documentIndex: number;
  /** 1-based line and column in the source, where known. */
  readonly line?: number;
  readonly column?: number;
  /** kubectl stops reading this source at this error; later documents are not read. */
  readonly stopsReading: boolean;
}

/** Options of {@link parseManifests}. */
export interface ParseManifestsOptions {
  /**
   * kubectl's client-side validation (`--validate`, on by default for apply and create): when
   * false, missing apiVersion is not reported and a missing kind is reported as a decode error.
   */
  readonly validate?: boolean;
}

/** Everything read from one source. */
export interface ParseManifestsResult {
  readonly manifests: readonly ParsedManifest[];
  readonly diagnostics: readonly ManifestDiagnostic[];
}

const STOP_VALIDATE_MESSAGE =
  "if you choose to ignore these errors, turn validation off with --validate=false";

// unicode.IsSpace, which bytes.TrimLeftFunc uses to sniff JSON and strings.TrimSpace uses after "---".
const GO_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

function goTrimSpace(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && GO_SPACE.test(s[start]!)) start++;
  while (end > start && GO_SPACE.test(s[end - 1]!)) end--;
  return s.slice(start, end);
}

/** %q of a Go string, as kubectl quotes sources in messages. */
function goQuoteSource(s: string): string {
  return JSON.stringify(s);
}

// GuessJSONStream peeks 4096 bytes and looks for "{" after leading white space.
function isJsonStream(text: string): boolean {
  let bytes = 0;
  for (const ch of text) {
    if (bytes >= 4096) return false;
    if (ch === "{") return true;
    if (!GO_SPACE.test(ch)) return false;
    bytes += ch.codePointAt(0)! < 0x80 ? 1 : ch.codePointAt(0)! < 0x800 ? 2 : 3;
  }
  return false;
}

interface YamlChunk {
  readonly text: string;
  /** 1-based line of the chunk's first line in the source. */
  readonly firstLine: number;
}

/**
 * YAMLReader.Read in apimachinery's util/yaml/decoder.go: lines as bufio.ReadLine gives them
 * (a "\r" before "\n" dropped), cut at lines that start with "---". The separator line that opens
 * the first document stays in it; later ones are dropped.
 */
function splitYamlDocuments(text: string): {
  chunks: YamlChunk[];
  invalidSeparator?: { trimmed: string; line: number };
} {
  const parts = text.split("\n");
  if (parts.length > 0 && parts[parts.length - 1] === "") parts.pop();
  const chunks: YamlChunk[] = [];
  let buffer: string[] = [];
  let firstLine = 1;
  for (let i = 0; i < parts.length; i++) {
    let line = parts[i]!;
    const terminated = i < parts.length - 1 || text.endsWith("\n");
    if (terminated && line.endsWith("\r")) line = line.slice(0, -1);
    if (line.startsWith("---")) {
      const trimmed = goTrimSpace(line.slice(3));
      if (trimmed.length > 0 && trimmed[0] !== "#") {
        return { chunks, invalidSeparator: { trimmed, line: i + 1 } };
      }
      if (buffer.length > 0) {
        chunks.push({ text: buffer.join(""), firstLine });
        buffer = [];
        firstLine = i + 2;
        continue;
      }
    }
    if (buffer.length === 0) firstLine = i + 1;
    buffer.push(`${line}\n`);
  }
  if (buffer.length > 0) chunks.push({ text: buffer.join(""), firstLine });
  return { chunks };
}

/** fail() in go-yaml's decode.go: parser errors give a 0-based line, scanner errors a 1-based one. */
function goYamlWhere(e: GoYamlError): string {
  let line = 0;
  if (e.kind === "scanner" || e.kind === "parser") {
    if (e.problemMark && e.problemMark.line !== 0) {
      line = e.problemMark.line + (e.kind === "scanner" ? 1 : 0);
    } else if (e.contextMark && e.contextMark.line !== 0) {
      line = e.contextMark.line;
    }
  }
  return line !== 0 ? `line ${line}: ` : "";
}

function isObject(v: JsonValue | undefined): v is { [key: string]: JsonValue } {
  return v !== null && v !== undefined && typeof v === "object" && !Array.isArray(v);
}

// The JSON type names encoding/json uses in UnmarshalTypeError.
function jsonTypeName(v: JsonValue): string {
  if (Array.isArray(v)) return "array";
  if (v === null) return "null";
  if (typeof v === "object") return "object";
  if (typeof v === "boolean") return "bool";
  return typeof v;
}

// getObjectKind in k8s.io/kubectl/pkg/validation/schema.go.
function objectKindErrors(v: JsonValue): string[] {
  if (!isObject(v)) return ["invalid object to validate"];
  const errors: string[] = [];
  const apiVersion = v.apiVersion;
  if (apiVersion === undefined || apiVersion === null) errors.push("apiVersion not set");
  else if (typeof apiVersion !== "string") errors.push("apiVersion isn't string type");
  else if (apiVersion !== "/" && apiVersion.split("/").length > 2) {
    errors.push(`unexpected GroupVersion string: ${apiVersion}`);
  }
  const kind = v.kind;
  if (kind === undefined || kind === null) errors.push("kind not set");
  else if (typeof kind !== "string") errors.push("kind isn't string type");
  return errors;
}

// schemaValidation.ValidateBytes without the OpenAPI part, which needs a server.
function validationErrors(v: JsonValue): string[] {
  const errors = objectKindErrors(v);
  if (errors.length > 0 || !isObject(v) || v.apiVersion !== "v1" || v.kind !== "List") return errors;
  if (!Array.isArray(v.items)) return ["invalid object to validate"];
  return v.items.flatMap(objectKindErrors);
}

// utilerrors.NewAggregate(...).Error()
function aggregate(messages: readonly string[]): string {
  return messages.length === 1 ? messages[0]! : `[${messages.join(", ")}]`;
}

function nodeLine(node: YamlNode | undefined, chunk: YamlChunk): { line: number; column: number } {
  return node
    ? { line: chunk.firstLine + node.start.line, column: node.start.column + 1 }
    : { line: chunk.firstLine, column: 1 };
}

/** The node of items[i] in a List document, for its position; undefined if not directly there. */
function itemNode(root: YamlNode | undefined, index: number): YamlNode | undefined {
  const target = root?.kind === "alias" ? root.target : root;
  if (target?.kind !== "mapping") return undefined;
  for (let i = 0; i + 1 < target.children.length; i += 2) {
    const key = target.children[i]!;
    const value = target.children[i + 1]!;
    const seq = value.kind === "alias" ? value.target : value;
    if (key.kind === "scalar" && key.value === "items" && seq.kind === "sequence") return seq.children[index];
  }
  return undefined;
}

interface Located {
  readonly value: JsonValue;
  /** The JSON text kubectl quotes in decode errors. */
  readonly raw: string;
  readonly documentIndex: number;
  readonly position: (itemIndex?: number) => { line: number; column: number };
}

class ManifestReader {
  readonly manifests: ParsedManifest[] = [];
  readonly diagnostics: ManifestDiagnostic[] = [];

  constructor(
    private readonly source: string,
    private readonly validate: boolean,
  ) {}

  report(
    code: ManifestDiagnosticCode,
    message: string,
    documentIndex: number,
    stopsReading: boolean,
    at?: { line: number; column: number },
  ): void {
    this.diagnostics.push({ code, message, source: this.source, documentIndex, stopsReading, ...at });
  }

  /** StreamVisitor.Visit after a document decoded; false when reading must stop. */
  visit(doc: Located): boolean {
    const { value } = doc;
    if (value === null) return true;
    if (this.validate) {
      const errors = validationErrors(value);
      if (errors.length > 0) {
        this.report(
          "validation",
          `error validating ${goQuoteSource(this.source)}: error validating data: ${aggregate(errors)}; ${STOP_VALIDATE_MESSAGE}`,
          doc.documentIndex,
          true,
          doc.position(),
        );
        return false;
      }
    }
    this.infoForData(doc);
    return true;
  }

  private decodeError(doc: Located, message: string): void {
    this.report(
      "decode",
      `unable to decode ${goQuoteSource(this.source)}: ${message}`,
      doc.documentIndex,
      false,
      doc.position(),
    );
  }

  // mapper.infoForData, the unstructured JSON scheme's Decode, then FlattenListVisitor.
  private infoForData(doc: Located): void {
    const { value } = doc;
    if (!isObject(value)) {
      this.decodeError(
        doc,
        `json: cannot unmarshal ${jsonTypeName(value)} into Go value of type unstructured.detector`,
      );
      return;
    }
    const kind = typeof value.kind === "string" ? value.kind : "";
    if (!("items" in value)) {
      if (kind === "") {
        this.decodeError(doc, `Object 'Kind' is missing in '${doc.raw}'`);
        return;
      }
      this.add(value, doc);
      return;
    }
    const items = value.items;
    if (items !== null && !Array.isArray(items)) {
      this.decodeError(
        doc,
        `json: cannot unmarshal ${jsonTypeName(items!)} into Go struct field decodeList.items of type []json.RawMessage`,
      );
      return;
    }
    const list = items ?? [];
    const bad = list.find((item) => item !== null && !isObject(item));
    if (bad !== undefined) {
      this.decodeError(
        doc,
        `json: cannot unmarshal ${jsonTypeName(bad)} into Go value of type map[string]interface {}`,
      );
      return;
    }
    if (kind === "") {
      this.decodeError(doc, `Object 'Kind' is missing in '${doc.raw}'`);
      return;
    }
    // decodeToList: items with neither kind nor apiVersion take them from the list.
    const listApiVersion = typeof value.apiVersion === "string" ? value.apiVersion : "";
    const itemKind = kind.endsWith("List") ? kind.slice(0, -"List".length) : kind;
    const expanded = list.map((item) => {
      const obj = isObject(item) ? item : {};
      const hasKind = typeof obj.kind === "string" && obj.kind !== "";
      const hasApiVersion = typeof obj.apiVersion === "string" && obj.apiVersion !== "";
      return hasKind || hasApiVersion ? obj : { ...obj, kind: itemKind, apiVersion: listApiVersion };
    });
    // FlattenListVisitor: an item that is itself a list cannot be extracted from an Unstructured.
    if (expanded.some((item) => Array.isArray(item.items))) {
      this.report(
        "list-item",
        "*unstructured.Unstructured is not a list: no Items field in this object",
        doc.documentIndex,
        false,
        doc.position(),
      );
      return;
    }
    expanded.forEach((item, itemIndex) => {
      if (typeof item.kind !== "string" || item.kind === "") {
        this.report(
          "list-item",
          `unable to get type info from the object "*unstructured.Unstructured": Object 'Kind' is missing in 'object has no kind field '`,
          doc.documentIndex,
          false,
          doc.position(itemIndex),
        );
        return;
      }
      this.add(item, doc, itemIndex);
    });
  }

  private add(object: { [key: string]: JsonValue }, doc: Located, itemIndex?: number): void {
    const at = doc.position(itemIndex);
    this.manifests.push({
      object: object as unknown as ManifestObject,
      source: this.source,
      documentIndex: doc.documentIndex,
      ...(itemIndex === undefined ? {} : { itemIndex }),
      line: at.line,
      column: at.column,
    });
  }
}

function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lastBreak = before.lastIndexOf("\n");
  return { line: before.split("\n").length, column: Array.from(before.slice(lastBreak + 1)).length + 1 };
}

function readJson(text: string, reader: ManifestReader, source: string): void {
  const { values, error } = readJsonStream(text);
  for (const [documentIndex, v] of values.entries()) {
    const doc: Located = {
      value: v.value,
      raw: v.raw,
      documentIndex,
      position: () => lineColumnAt(text, v.offset),
    };
    if (!reader.visit(doc)) return;
  }
  if (error instanceof GoJsonError) {
    reader.report(
      "json-syntax",
      `error parsing ${source}: ${error.message}`,
      values.length,
      true,
      lineColumnAt(text, error.offset),
    );
  }
}

function readYaml(text: string, reader: ManifestReader, source: string): void {
  const { chunks, invalidSeparator } = splitYamlDocuments(text);
  for (const [documentIndex, chunk] of chunks.entries()) {
    let root: YamlNode | undefined;
    let value: JsonValue;
    try {
      root = composeFirstDocument(chunk.text);
      value = root === undefined ? null : yamlNodeToJson(root);
    } catch (e) {
      if (e instanceof GoYamlError) {
        const mark = e.problemMark ?? e.contextMark;
        const at = mark ? { line: chunk.firstLine + mark.line, column: mark.column + 1 } : undefined;
        reader.report(
          "yaml-syntax",
          `error parsing ${source}: error converting YAML to JSON: yaml: ${goYamlWhere(e)}${e.problem}`,
          documentIndex,
          true,
          at,
        );
        return;
      }
      if (e instanceof YamlToJsonError) {
        reader.report(
          "yaml-to-json",
          `error parsing ${source}: error converting YAML to JSON: ${e.message}`,
          documentIndex,
          true,
        );
        return;
      }
      throw e;
    }
    const doc: Located = {
      value,
      raw: goJsonMarshal(value),
      documentIndex,
      position: (itemIndex) =>
        nodeLine(itemIndex === undefined ? root : (itemNode(root, itemIndex) ?? root), chunk),
    };
    if (!reader.visit(doc)) return;
  }
  if (invalidSeparator) {
    reader.report(
      "invalid-document-separator",
      `error parsing ${source}: invalid Yaml document separator: ${invalidSeparator.trimmed}`,
      chunks.length,
      true,
      { line: invalidSeparator.line, column: 1 },
    );
  }
}

/**
 * Reads the objects in a manifest the way `kubectl apply -f` and `kubectl create -f` read them:
 * multi-document YAML with YAML 1.1 scalars (`yes`/`on` are booleans, `0x1F` and `017` are
 * integers) or a JSON stream, `List`s expanded into their items. Never throws on user input.
 *
 * @param text - the file's contents.
 * @param source - how kubectl names the source in messages: `STDIN` for `-`, else the path.
 * @param options - `validate: false` mirrors `--validate=false`.
 * @returns the objects read, in order, and diagnostics worded as kubectl words them. Objects read
 *   before an error that stops the source are kept, as kubectl still applies them.
 */
export function parseManifests(
  text: string,
  source: string,
  options: ParseManifestsOptions = {},
): ParseManifestsResult {
  const reader = new ManifestReader(source, options.validate ?? true);
  // FileVisitor reads through a BOM-aware decoder, so a leading BOM never reaches the parser.
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  if (isJsonStream(body)) readJson(body, reader, source);
  else readYaml(body, reader, source);
  return { manifests: reader.manifests, diagnostics: reader.diagnostics };
}

/**
 * `kubectl -o yaml`, byte for byte.
 *
 * kubectl's YAMLPrinter (k8s.io/cli-runtime/pkg/printers/yaml.go) calls sigs.k8s.io/yaml.Marshal:
 * json.Marshal, then JSONToYAML, which reads the JSON back with go-yaml v2 into untyped maps and
 * writes it with go-yaml v2's emitter (best_indent 2, best_width 80, unicode on). This module
 * replays that pipeline: numbers are re-typed the way go-yaml reads JSON numbers, map keys are
 * ordered by go-yaml's keyList.Less (sorter.go), and the emitter below is a port of the parts of
 * goyaml.v2/emitterc.go that JSON-shaped data reaches (block mappings and sequences, empty flow
 * collections, plain / single-quoted / double-quoted / literal scalars, "? " complex keys).
 */
import { formatGoFloat, resolvePlainScalar } from "@kubesim/manifests";

type Style = "plain" | "single" | "double" | "literal";

/** A JSON value as go-yaml sees it after reading kubectl's JSON: scalars already rendered. */
type Node =
  | { readonly kind: "scalar"; readonly value: string; readonly style: Style }
  | { readonly kind: "seq"; readonly items: readonly Node[] }
  | { readonly kind: "map"; readonly entries: readonly (readonly [Node & { kind: "scalar" }, Node])[] };

const BEST_INDENT = 2;
const BEST_WIDTH = 80;

// ---------------------------------------------------------------------------------------------
// Value model: plain JS object -> what go-yaml v2 holds after yaml.Unmarshal of json.Marshal's output.

// isBase60Float in goyaml.v2/encode.go: such strings are quoted "for compatibility with other parsers".
const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

function isBase60Float(s: string): boolean {
  if (s === "") return false;
  const c = s[0]!;
  if (!(c === "+" || c === "-" || (c >= "0" && c <= "9")) || !s.includes(":")) return false;
  return BASE60_FLOAT.test(s);
}

/**
 * The scalar go-yaml writes for a JSON number: it re-reads the JSON text with resolve(), so
 * integers that fit int64/uint64 stay as written and everything else becomes a float64.
 */
function numberScalar(jsonText: string): string {
  const r = resolvePlainScalar(jsonText);
  if (r.tag === "int") return r.value.toString();
  if (r.tag === "float") return formatGoFloat(r.value);
  throw new Error(`printYaml: JSON number ${jsonText} did not resolve to a number`);
}

function stringScalar(s: string): Node {
  // encode.go stringv: quote what would resolve to another type; literal block for "\n".
  const canUsePlain = resolvePlainScalar(s).tag === "str" && !isBase60Float(s);
  const style: Style = s.includes("\n") ? "literal" : canUsePlain ? "plain" : "double";
  return { kind: "scalar", value: s, style };
}

// Characters json.Marshal leaves unescaped that go-yaml's reader (readerc.go) then rejects
// when JSONToYAML reads the JSON back: DEL, the C1 controls other than NEL, U+FFFE and U+FFFF.
const YAML_READER_REJECTS = /[\u007f-\u0084\u0086-\u009f\ufffe\uffff]/;

/**
 * The string go-yaml holds after reading the JSON string json.Marshal wrote for `s`.
 *
 * json.Marshal replaces invalid UTF-8 (in JS, a lone surrogate) with U+FFFD. It escapes every
 * control character except NEL (U+0085), which YAML 1.1 counts as a line break: go-yaml's
 * double-quoted scanner folds a raw break and the spaces around it like any line break in a
 * quoted scalar (one break becomes a space, n breaks become n-1 newlines).
 */
function throughJsonAndBack(s: string): string {
  const wellFormed = s.replace(
    /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    "\uFFFD",
  );
  if (YAML_READER_REJECTS.test(wellFormed)) throw new Error("yaml: control characters are not allowed");
  return wellFormed.replace(/ *\u0085[ \u0085]*/g, (run) => {
    const breaks = run.split("\u0085").length - 1;
    return breaks === 1 ? " " : "\n".repeat(breaks - 1);
  });
}

function isLetter(cp: number): boolean {
  return /\p{L}/u.test(String.fromCodePoint(cp));
}

function isDigit(cp: number): boolean {
  return /\p{Nd}/u.test(String.fromCodePoint(cp));
}

/**
 * keyList.Less from go-yaml's sorter.go for two string keys: letters sort after other
 * characters, and runs of digits compare by numeric value ("port9" before "port10").
 */
export function goYamlKeyLess(a: string, b: string): boolean {
  const ar = Array.from(a, (ch) => ch.codePointAt(0)!);
  const br = Array.from(b, (ch) => ch.codePointAt(0)!);
  for (let i = 0; i < ar.length && i < br.length; i++) {
    const ac = ar[i]!;
    const bc = br[i]!;
    if (ac === bc) continue;
    const al = isLetter(ac);
    const bl = isLetter(bc);
    if (al && bl) return ac < bc;
    if (al || bl) return bl;
    // Go accumulates into int64 and wraps on overflow; BigInt.asIntN keeps that exact.
    let an = 0n;
    let bn = 0n;
    if (ac === 48 || bc === 48) {
      for (let j = i - 1; j >= 0 && isDigit(ar[j]!); j--) {
        if (ar[j] !== 48) {
          an = 1n;
          bn = 1n;
          break;
        }
      }
    }
    let ai = i;
    for (; ai < ar.length && isDigit(ar[ai]!); ai++) an = BigInt.asIntN(64, an * 10n + BigInt(ar[ai]! - 48));
    let bi = i;
    for (; bi < br.length && isDigit(br[bi]!); bi++) bn = BigInt.asIntN(64, bn * 10n + BigInt(br[bi]! - 48));
    if (an !== bn) return an < bn;
    if (ai !== bi) return ai < bi;
    return ac < bc;
  }
  return ar.length < br.length;
}

function compareKeys(a: string, b: string): number {
  if (goYamlKeyLess(a, b)) return -1;
  if (goYamlKeyLess(b, a)) return 1;
  return 0;
}

function isSkipped(v: unknown): boolean {
  return v === undefined || typeof v === "function" || typeof v === "symbol";
}

function toNode(value: unknown, path: string): Node {
  let v = value;
  // Follow JSON.stringify: objects may say how they serialise (a Date gives its ISO string).
  if (v !== null && typeof v === "object" && typeof (v as { toJSON?: unknown }).toJSON === "function") {
    v = (v as { toJSON: () => unknown }).toJSON();
  }
  if (v === null || isSkipped(v)) return { kind: "scalar", value: "null", style: "plain" };
  if (typeof v === "boolean") return { kind: "scalar", value: v ? "true" : "false", style: "plain" };
  if (typeof v === "bigint") return { kind: "scalar", value: numberScalar(v.toString()), style: "plain" };
  if (typeof v === "number") {
    // json.Marshal refuses these ("json: unsupported value: NaN"); an object holding one is a bug.
    if (!Number.isFinite(v)) throw new Error(`printYaml: unsupported value ${v} at ${path}`);
    return { kind: "scalar", value: numberScalar(JSON.stringify(v)), style: "plain" };
  }
  if (typeof v === "string") return stringScalar(throughJsonAndBack(v));
  if (Array.isArray(v)) {
    return { kind: "seq", items: v.map((item, i) => toNode(item, `${path}[${i}]`)) };
  }
  const entries = Object.entries(v as Record<string, unknown>)
    .filter(([, item]) => !isSkipped(item))
    .map(([k, item]) => [throughJsonAndBack(k), item] as const)
    .sort(([a], [b]) => compareKeys(a, b))
    .map(
      ([k, item]) => [stringScalar(k) as Node & { kind: "scalar" }, toNode(item, `${path}.${k}`)] as const,
    );
  return { kind: "map", entries };
}

// ---------------------------------------------------------------------------------------------
// Emitter: goyaml.v2/emitterc.go, restricted to the events JSON data produces.

interface ScalarAnalysis {
  readonly multiline: boolean;
  readonly flowPlainAllowed: boolean;
  readonly blockPlainAllowed: boolean;
  readonly singleQuotedAllowed: boolean;
  readonly blockAllowed: boolean;
}

const isSpace = (c: number | undefined): boolean => c === 0x20;
const isTab = (c: number | undefined): boolean => c === 0x09;
const isBlank = (c: number | undefined): boolean => isSpace(c) || isTab(c);
const isBreak = (c: number | undefined): boolean =>
  c === 0x0d || c === 0x0a || c === 0x85 || c === 0x2028 || c === 0x2029;
const isBlankz = (c: number | undefined): boolean => isBlank(c) || isBreak(c) || c === 0 || c === undefined;

// is_printable in yamlprivateh.go, decoded from its UTF-8 byte tests: no C0/C1 controls except
// LF, no DEL, no surrogates, no BOM, no U+FFFE/U+FFFF, and nothing outside the BMP.
function isPrintable(c: number): boolean {
  return (
    c === 0x0a ||
    (c >= 0x20 && c <= 0x7e) ||
    (c >= 0xa0 && c <= 0xd7ff) ||
    (c >= 0xe000 && c <= 0xfffd && c !== 0xfeff)
  );
}

function analyzeScalar(cps: readonly number[]): ScalarAnalysis {
  if (cps.length === 0) {
    return {
      multiline: false,
      flowPlainAllowed: false,
      blockPlainAllowed: true,
      singleQuotedAllowed: true,
      blockAllowed: false,
    };
  }
  let blockIndicators = false;
  let flowIndicators = false;
  let lineBreaks = false;
  let specialCharacters = false;
  let leadingSpace = false;
  let leadingBreak = false;
  let trailingSpace = false;
  let trailingBreak = false;
  let breakSpace = false;
  let spaceBreak = false;
  let previousSpace = false;
  let previousBreak = false;

  const starts = (a: number, b: number, c: number) => cps[0] === a && cps[1] === b && cps[2] === c;
  if (cps.length >= 3 && (starts(0x2d, 0x2d, 0x2d) || starts(0x2e, 0x2e, 0x2e))) {
    blockIndicators = true;
    flowIndicators = true;
  }
  let precededByWhitespace = true;
  for (let i = 0; i < cps.length; i++) {
    const c = cps[i]!;
    const followedByWhitespace = i + 1 >= cps.length || isBlank(cps[i + 1]);
    const ch = String.fromCodePoint(c);
    if (i === 0) {
      if ("#,[]{}&*!|>'\"%@`".includes(ch)) {
        flowIndicators = true;
        blockIndicators = true;
      } else if (ch === "?" || ch === ":") {
        flowIndicators = true;
        if (followedByWhitespace) blockIndicators = true;
      } else if (ch === "-" && followedByWhitespace) {
        flowIndicators = true;
        blockIndicators = true;
      }
    } else if (",?[]{}".includes(ch)) {
      flowIndicators = true;
    } else if (ch === ":") {
      flowIndicators = true;
      if (followedByWhitespace) blockIndicators = true;
    } else if (ch === "#" && precededByWhitespace) {
      flowIndicators = true;
      blockIndicators = true;
    }
    if (!isPrintable(c)) specialCharacters = true;
    if (isSpace(c)) {
      if (i === 0) leadingSpace = true;
      if (i === cps.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      lineBreaks = true;
      if (i === 0) leadingBreak = true;
      if (i === cps.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlankz(c);
  }
  let flowPlainAllowed = true;
  let blockPlainAllowed = true;
  let singleQuotedAllowed = true;
  let blockAllowed = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) {
    flowPlainAllowed = false;
    blockPlainAllowed = false;
  }
  if (trailingSpace) blockAllowed = false;
  if (breakSpace) {
    flowPlainAllowed = false;
    blockPlainAllowed = false;
    singleQuotedAllowed = false;
  }
  if (spaceBreak || specialCharacters) {
    flowPlainAllowed = false;
    blockPlainAllowed = false;
    singleQuotedAllowed = false;
    blockAllowed = false;
  }
  if (lineBreaks) {
    flowPlainAllowed = false;
    blockPlainAllowed = false;
  }
  if (flowIndicators) flowPlainAllowed = false;
  if (blockIndicators) blockPlainAllowed = false;
  return { multiline: lineBreaks, flowPlainAllowed, blockPlainAllowed, singleQuotedAllowed, blockAllowed };
}

function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

class Emitter {
  private readonly out: string[] = [];
  private column = 0;
  private indent = -1;
  private readonly indents: number[] = [];
  private whitespace = true;
  private indention = true;
  private flowLevel = 0;
  private mappingContext = false;
  private simpleKeyContext = false;

  text(): string {
    return this.out.join("");
  }

  document(root: Node): void {
    this.node(root, false, false);
    // yaml_emitter_emit_document_end: the implicit end only finishes the last line.
    this.writeIndent();
  }

  private put(s: string): void {
    this.out.push(s);
    this.column++;
  }

  private putBreak(): void {
    this.out.push("\n");
    this.column = 0;
  }

  private write(c: number): void {
    this.out.push(String.fromCodePoint(c));
    this.column++;
  }

  private writeBreak(c: number): void {
    if (c === 0x0a) {
      this.putBreak();
    } else {
      this.write(c);
      this.column = 0;
    }
  }

  private increaseIndent(flow: boolean, indentless: boolean): void {
    this.indents.push(this.indent);
    if (this.indent < 0) this.indent = flow ? BEST_INDENT : 0;
    else if (!indentless) this.indent += BEST_INDENT;
  }

  private popIndent(): void {
    this.indent = this.indents.pop()!;
  }

  private writeIndent(): void {
    const indent = Math.max(this.indent, 0);
    if (!this.indention || this.column > indent || (this.column === indent && !this.whitespace)) {
      this.putBreak();
    }
    while (this.column < indent) this.put(" ");
    this.whitespace = true;
    this.indention = true;
  }

  private writeIndicator(
    indicator: string,
    needWhitespace: boolean,
    isWhitespace: boolean,
    isIndention: boolean,
  ) {
    if (needWhitespace && !this.whitespace) this.put(" ");
    for (const ch of indicator) this.write(ch.codePointAt(0)!);
    this.whitespace = isWhitespace;
    this.indention = this.indention && isIndention;
  }

  private node(n: Node, mapping: boolean, simpleKey: boolean): void {
    this.mappingContext = mapping;
    this.simpleKeyContext = simpleKey;
    if (n.kind === "scalar") this.scalar(n);
    else if (n.kind === "seq") this.sequence(n.items);
    else this.mapping(n.entries);
  }

  private flowEmpty(open: string, close: string): void {
    this.writeIndicator(open, true, true, false);
    this.increaseIndent(true, false);
    this.flowLevel++;
    this.flowLevel--;
    this.popIndent();
    this.writeIndicator(close, false, false, false);
  }

  private sequence(items: readonly Node[]): void {
    if (items.length === 0 || this.flowLevel > 0) {
      this.flowEmpty("[", "]");
      return;
    }
    // A sequence that is a mapping value is written "indentless": "- " at the key's column.
    this.increaseIndent(false, this.mappingContext && !this.indention);
    for (const item of items) {
      this.writeIndent();
      this.writeIndicator("-", true, false, true);
      this.node(item, false, false);
    }
    this.popIndent();
  }

  private mapping(entries: readonly (readonly [Node & { kind: "scalar" }, Node])[]): void {
    if (entries.length === 0 || this.flowLevel > 0) {
      this.flowEmpty("{", "}");
      return;
    }
    this.increaseIndent(false, false);
    for (const [key, value] of entries) {
      this.writeIndent();
      // yaml_emitter_check_simple_key: single-line keys of at most 128 bytes.
      const keyCps = Array.from(key.value, (ch) => ch.codePointAt(0)!);
      if (!analyzeScalar(keyCps).multiline && utf8Length(key.value) <= 128) {
        this.node(key, true, true);
        this.writeIndicator(":", false, false, false);
      } else {
        this.writeIndicator("?", true, false, true);
        this.node(key, true, false);
        this.writeIndent();
        this.writeIndicator(":", true, false, true);
      }
      this.node(value, true, false);
    }
    this.popIndent();
  }

  private scalar(n: { readonly value: string; readonly style: Style }): void {
    const cps = Array.from(n.value, (ch) => ch.codePointAt(0)!);
    const a = analyzeScalar(cps);
    // yaml_emitter_select_scalar_style
    let style = n.style;
    if (this.simpleKeyContext && a.multiline) style = "double";
    if (style === "plain") {
      if ((this.flowLevel > 0 && !a.flowPlainAllowed) || (this.flowLevel === 0 && !a.blockPlainAllowed)) {
        style = "single";
      }
      if (cps.length === 0 && (this.flowLevel > 0 || this.simpleKeyContext)) style = "single";
    }
    if (style === "single" && !a.singleQuotedAllowed) style = "double";
    if (style === "literal" && (!a.blockAllowed || this.flowLevel > 0 || this.simpleKeyContext)) {
      style = "double";
    }
    this.increaseIndent(true, false);
    const allowBreaks = !this.simpleKeyContext;
    if (style === "plain") this.writePlain(cps, allowBreaks);
    else if (style === "single") this.writeSingleQuoted(cps, allowBreaks);
    else if (style === "double") this.writeDoubleQuoted(cps, allowBreaks);
    else this.writeLiteral(cps);
    this.popIndent();
  }

  private writePlain(cps: readonly number[], allowBreaks: boolean): void {
    if (!this.whitespace) this.put(" ");
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < cps.length; i++) {
      const c = cps[i]!;
      if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && !isSpace(cps[i + 1])) {
          this.writeIndent();
        } else {
          this.write(c);
        }
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.write(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.whitespace = false;
    this.indention = false;
  }

  private writeSingleQuoted(cps: readonly number[], allowBreaks: boolean): void {
    this.writeIndicator("'", true, false, false);
    let spaces = false;
    let breaks = false;
    for (let i = 0; i < cps.length; i++) {
      const c = cps[i]!;
      if (isSpace(c)) {
        if (
          allowBreaks &&
          !spaces &&
          this.column > BEST_WIDTH &&
          i > 0 &&
          i < cps.length - 1 &&
          !isSpace(cps[i + 1])
        ) {
          this.writeIndent();
        } else {
          this.write(c);
        }
        spaces = true;
      } else if (isBreak(c)) {
        if (!breaks && c === 0x0a) this.putBreak();
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        if (c === 0x27) this.put("'");
        this.write(c);
        this.indention = false;
        spaces = false;
        breaks = false;
      }
    }
    this.writeIndicator("'", false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeDoubleQuoted(cps: readonly number[], allowBreaks: boolean): void {
    let spaces = false;
    // is_bom in yamlprivateh.go looks at the start of the value, not at position i: a value that
    // starts with U+FEFF has every character escaped.
    const startsWithBom = cps[0] === 0xfeff;
    this.writeIndicator('"', true, false, false);
    for (let i = 0; i < cps.length; i++) {
      const c = cps[i]!;
      if (!isPrintable(c) || startsWithBom || isBreak(c) || c === 0x22 || c === 0x5c) {
        this.put("\\");
        const short = DOUBLE_QUOTED_ESCAPES.get(c);
        if (short !== undefined) {
          this.put(short);
        } else {
          const [prefix, width] = c <= 0xff ? ["x", 2] : c <= 0xffff ? ["u", 4] : ["U", 8];
          this.put(prefix);
          for (const digit of c.toString(16).toUpperCase().padStart(width, "0")) this.put(digit);
        }
        spaces = false;
      } else if (isSpace(c)) {
        if (allowBreaks && !spaces && this.column > BEST_WIDTH && i > 0 && i < cps.length - 1) {
          this.writeIndent();
          if (isSpace(cps[i + 1])) this.put("\\");
        } else {
          this.write(c);
        }
        spaces = true;
      } else {
        this.write(c);
        spaces = false;
      }
    }
    this.writeIndicator('"', false, false, false);
    this.whitespace = false;
    this.indention = false;
  }

  private writeLiteral(cps: readonly number[]): void {
    this.writeIndicator("|", true, false, false);
    // yaml_emitter_write_block_scalar_hints
    if (isSpace(cps[0]) || isBreak(cps[0])) this.writeIndicator(String(BEST_INDENT), false, false, false);
    let chomp = "";
    const last = cps.length - 1;
    if (!isBreak(cps[last])) chomp = "-";
    else if (last === 0 || isBreak(cps[last - 1])) chomp = "+";
    if (chomp !== "") this.writeIndicator(chomp, false, false, false);
    this.putBreak();
    this.indention = true;
    this.whitespace = true;
    let breaks = true;
    for (const c of cps) {
      if (isBreak(c)) {
        this.writeBreak(c);
        this.indention = true;
        breaks = true;
      } else {
        if (breaks) this.writeIndent();
        this.write(c);
        this.indention = false;
        breaks = false;
      }
    }
  }
}

const DOUBLE_QUOTED_ESCAPES: ReadonlyMap<number, string> = new Map([
  [0x00, "0"],
  [0x07, "a"],
  [0x08, "b"],
  [0x09, "t"],
  [0x0a, "n"],
  [0x0b, "v"],
  [0x0c, "f"],
  [0x0d, "r"],
  [0x1b, "e"],
  [0x22, '"'],
  [0x5c, "\\"],
  [0x85, "N"],
  [0xa0, "_"],
  [0x2028, "L"],
  [0x2029, "P"],
]);

/**
 * Renders an object the way `kubectl get -o yaml` (and every other `-o yaml`) prints it.
 *
 * Keys are sorted as go-yaml v2 sorts them, whatever order the object has. Values follow
 * JSON.stringify's reading of the object (`undefined` members are left out, `toJSON` is honoured);
 * `bigint` is accepted for int64 values beyond 2^53. NaN and Infinity throw, as json.Marshal fails
 * on them in kubectl.
 *
 * @throws Error `yaml: control characters are not allowed` when a string holds DEL, a C1 control
 *   other than NEL, U+FFFE or U+FFFF: real kubectl fails the same way (it prints `error: ` and the
 *   message), because go-yaml's reader rejects those characters in the JSON it converts.
 *
 * @param obj - a plain object such as a Kubernetes resource.
 * @returns the YAML text, ending in a newline.
 */
export function printYaml(obj: unknown): string {
  const emitter = new Emitter();
  emitter.document(toNode(obj, "$"));
  return emitter.text();
}

/**
 * Several objects through one YAML printer, as `kubectl apply view-last-applied`, `kubectl set ...
 * -o yaml` and other commands that print object by object do: the YAMLPrinter writes `---` before
 * every object but the first (k8s.io/cli-runtime/pkg/printers/yaml.go).
 */
export function printYamlDocuments(objs: readonly unknown[]): string {
  return objs.map((obj, i) => (i > 0 ? "---\n" : "") + printYaml(obj)).join("");
}

/**
 * A port of client-go's jsonpath parser (k8s.io/client-go/util/jsonpath/parser.go), the template
 * language of `kubectl -o jsonpath=...`. The structure, the quirks and the error messages follow
 * the Go code function by function, so templates that kubectl rejects fail here with the same
 * words (`unclosed action`, `unrecognized character in action: U+002A '*'`, ...).
 */

import { formatGoRune } from "./_internal/goFormat.js";
import { unquoteExtend } from "./_internal/unquoteExtend.js";
import type { JsonPathListNode, JsonPathNode, JsonPathSliceParam } from "./jsonPathNode.js";

/** A template that parsed: its text and its tree. */
export interface ParsedJsonPath {
  readonly source: string;
  readonly root: JsonPathListNode;
}

/** The outcome of {@link parseJsonPath}; `error` is client-go's parser error text. */
export type ParseJsonPathResult =
  | { readonly ok: true; readonly template: ParsedJsonPath }
  | { readonly ok: false; readonly error: string };

/**
 * Parses a jsonpath template. Text outside `{...}` is literal; kubectl does not add braces
 * for `-o jsonpath` (`-o jsonpath=.metadata.name` prints `.metadata.name`).
 */
export function parseJsonPath(template: string): ParseJsonPathResult {
  const result = parse(template);
  return typeof result === "string"
    ? { ok: false, error: result }
    : { ok: true, template: { source: template, root: result } };
}

interface MutableList {
  readonly type: "list";
  readonly nodes: JsonPathNode[];
}

/** Where the parser goes next; Go recurses here, a loop keeps long templates off the stack. */
type Step =
  | { readonly kind: "text" }
  | { readonly kind: "action"; readonly cur: MutableList }
  | { readonly kind: "done" }
  | { readonly kind: "error"; readonly message: string };

const EOF = -1;
const TEXT: Step = { kind: "text" };
const DONE: Step = { kind: "done" };

function newList(): MutableList {
  return { type: "list", nodes: [] };
}

function fail(message: string): Step {
  return { kind: "error", message };
}

/** Parses `text` into its root list, or returns the error message. */
function parse(text: string): JsonPathListNode | string {
  const p = new Parser(text);
  let step: Step = TEXT;
  for (;;) {
    switch (step.kind) {
      case "text":
        step = p.parseText();
        break;
      case "action":
        step = p.parseInsideAction(step.cur);
        break;
      case "done":
        return p.root;
      case "error":
        return step.message;
    }
  }
}

/** client-go's `parseAction`: parses `{text}` and returns the list of that one action. */
function parseAction(text: string): JsonPathListNode | string {
  const root = parse(`{${text}}`);
  if (typeof root === "string") return root;
  // The text starts with "{", so the first node is always the action's list.
  return root.nodes[0] as JsonPathListNode;
}

class Parser {
  readonly root: MutableList = newList();
  private pos = 0;
  private start = 0;
  private width = 0;

  constructor(private readonly input: string) {}

  private next(): number {
    if (this.pos >= this.input.length) {
      this.width = 0;
      return EOF;
    }
    const r = this.input.codePointAt(this.pos)!;
    this.width = r > 0xffff ? 2 : 1;
    this.pos += this.width;
    return r;
  }

  private peek(): number {
    const r = this.next();
    this.backup();
    return r;
  }

  private backup(): void {
    this.pos -= this.width;
  }

  private consumeText(): string {
    const value = this.input.slice(this.start, this.pos);
    this.start = this.pos;
    return value;
  }

  private hasPrefix(prefix: string): boolean {
    return this.input.startsWith(prefix, this.pos);
  }

  /** The character two code units back: the one before a just-read quote (Go: `p.input[p.pos-2]`). */
  private beforeLast(): string | undefined {
    return this.input[this.pos - 2];
  }

  parseText(): Step {
    for (;;) {
      if (this.hasPrefix("{")) {
        if (this.pos > this.start) this.root.nodes.push({ type: "text", text: this.consumeText() });
        return this.parseLeftDelim();
      }
      if (this.next() === EOF) break;
    }
    if (this.pos > this.start) this.root.nodes.push({ type: "text", text: this.consumeText() });
    return DONE;
  }

  private parseLeftDelim(): Step {
    this.pos += 1;
    this.consumeText();
    const node = newList();
    this.root.nodes.push(node);
    return { kind: "action", cur: node };
  }

  parseInsideAction(cur: MutableList): Step {
    if (this.hasPrefix("}")) return this.parseRightDelim();
    if (this.hasPrefix("[?(")) return this.parseFilter(cur);
    if (this.hasPrefix("..")) return this.parseRecursive(cur);

    const r = this.next();
    if (r === EOF || isEndOfLine(r)) return fail("unclosed action");
    if (r === cp(" ") || r === cp("@") || r === cp("$")) {
      // A space separates; @ and $ name the current object, which is already the input.
      this.consumeText();
      return { kind: "action", cur };
    }
    if (r === cp("[")) return this.parseArray(cur);
    if (r === cp('"') || r === cp("'")) return this.parseQuote(cur, r);
    if (r === cp(".")) return this.parseField(cur);
    if (r === cp("+") || r === cp("-") || isDigit(r)) {
      this.backup();
      return this.parseNumber(cur);
    }
    if (isAlphaNumeric(r)) {
      this.backup();
      return this.parseIdentifier(cur);
    }
    return fail(`unrecognized character in action: ${formatGoRune(r)}`);
  }

  private parseRightDelim(): Step {
    this.pos += 1;
    this.consumeText();
    return TEXT;
  }

  /** Scans built-in keywords like `range` and `end`, and the literals `true` and `false`. */
  private parseIdentifier(cur: MutableList): Step {
    for (;;) {
      if (isTerminator(this.next())) {
        this.backup();
        break;
      }
    }
    const value = this.consumeText();
    if (value === "true" || value === "false") cur.nodes.push({ type: "bool", value: value === "true" });
    else cur.nodes.push({ type: "identifier", name: value });
    return { kind: "action", cur };
  }

  private parseRecursive(cur: MutableList): Step {
    if (cur.nodes.at(-1)?.type === "recursive") return fail("invalid multiple recursive descent");
    this.pos += 2;
    this.consumeText();
    cur.nodes.push({ type: "recursive" });
    if (isAlphaNumeric(this.peek())) return this.parseField(cur);
    return { kind: "action", cur };
  }

  private parseNumber(cur: MutableList): Step {
    const first = this.peek();
    if (first === cp("+") || first === cp("-")) this.next();
    for (;;) {
      const r = this.next();
      if (r !== cp(".") && !isDigit(r)) {
        this.backup();
        break;
      }
    }
    const value = this.consumeText();
    const int = parseGoInt(value);
    if (int !== undefined) {
      cur.nodes.push({ type: "int", value: int });
      return { kind: "action", cur };
    }
    const float = parseGoFloat(value);
    if (float !== undefined) {
      cur.nodes.push({ type: "float", value: float });
      return { kind: "action", cur };
    }
    return fail(`cannot parse number ${value}`);
  }

  private parseArray(cur: MutableList): Step {
    for (;;) {
      const r = this.next();
      if (r === EOF || r === cp("\n")) return fail("unterminated array");
      if (r === cp("]")) break;
    }
    let text = this.consumeText().slice(1, -1);
    if (text === "*") text = ":";

    // Union: split on every comma, even one inside quotes, as Go does.
    const members = text.split(",");
    if (members.length > 1) {
      const union: JsonPathListNode[] = [];
      for (const member of members) {
        const list = parseAction(`[${trimSpaces(member)}]`);
        if (typeof list === "string") return fail(list);
        union.push(list);
      }
      cur.nodes.push({ type: "union", nodes: union });
      return { kind: "action", cur };
    }

    // ['key'] is `.key`; dots inside still separate fields, as in Go.
    const dictKey = /^'([^']*)'$/.exec(text);
    if (dictKey) {
      const list = parseAction(`.${dictKey[1]}`);
      if (typeof list === "string") return fail(list);
      cur.nodes.push(...list.nodes);
      return { kind: "action", cur };
    }

    const slice = /^(-?\d*)(:-?\d*)?(:-?\d*)?$/.exec(text);
    if (!slice) return fail(`invalid array index ${text}`);
    const parts = [slice[1] ?? "", slice[2] ?? "", slice[3] ?? ""];
    const params: JsonPathSliceParam[] = [];
    for (let i = 0; i < 3; i++) {
      let part = parts[i]!;
      if (part !== "") {
        if (i > 0) part = part.slice(1);
        if (i > 0 && part === "") {
          params.push({ value: 0, known: false, derived: false });
        } else {
          const n = parseGoInt(part);
          if (n === undefined) return fail(`array index ${part} is not a number`);
          params.push({ value: n, known: true, derived: false });
        }
      } else if (i === 1) {
        // [i] selects i..i+1; the end is marked derived so that [-1] can wrap to the length.
        params.push({ value: params[0]!.value + 1, known: true, derived: true });
      } else {
        params.push({ value: 0, known: false, derived: false });
      }
    }
    cur.nodes.push({ type: "array", params: [params[0]!, params[1]!, params[2]!] });
    return { kind: "action", cur };
  }

  private parseFilter(cur: MutableList): Step {
    this.pos += 3;
    this.consumeText();
    // Only one quoted string is tracked, so a ")" inside it does not end the filter.
    let begin = false;
    let end = false;
    let pair = 0;
    for (;;) {
      const r = this.next();
      if (r === EOF || r === cp("\n")) return fail("unterminated filter");
      if (r === cp('"') || r === cp("'")) {
        if (!begin) {
          begin = true;
          pair = r;
          continue;
        }
        if (this.beforeLast() !== "\\" && r === pair) end = true;
      } else if (r === cp(")")) {
        if (begin === end) break;
      }
    }
    if (this.next() !== cp("]")) return fail("unclosed array expect ]");
    const text = this.consumeText().slice(0, -2);
    const comparison = /^([^!<>=]+)([!<>=]+)(.+?)$/.exec(text);
    if (!comparison) {
      const left = parseAction(text);
      if (typeof left === "string") return fail(left);
      cur.nodes.push({ type: "filter", left, right: newList(), operator: "exists" });
    } else {
      const left = parseAction(comparison[1]!);
      if (typeof left === "string") return fail(left);
      const right = parseAction(comparison[3]!);
      if (typeof right === "string") return fail(right);
      cur.nodes.push({ type: "filter", left, right, operator: comparison[2]! });
    }
    return { kind: "action", cur };
  }

  private parseQuote(cur: MutableList, quote: number): Step {
    for (;;) {
      const r = this.next();
      if (r === EOF || r === cp("\n")) return fail("unterminated quoted string");
      // A quote preceded by a backslash does not close, even when that backslash is escaped.
      if (r === quote && this.beforeLast() !== "\\") break;
    }
    const value = this.consumeText();
    const text = unquoteExtend(value);
    if (text === undefined) return fail(`unquote string ${value} error invalid syntax`);
    cur.nodes.push({ type: "text", text });
    return { kind: "action", cur };
  }

  private parseField(cur: MutableList): Step {
    this.consumeText();
    while (this.advance()) {
      // advance() consumes the field name up to the next unescaped terminator.
    }
    const value = this.consumeText();
    if (value === "*") cur.nodes.push({ type: "wildcard" });
    else cur.nodes.push({ type: "field", name: value.replaceAll("\\", "") });
    return { kind: "action", cur };
  }

  private advance(): boolean {
    const r = this.next();
    if (r === cp("\\")) {
      this.next();
    } else if (isTerminator(r)) {
      this.backup();
      return false;
    }
    return true;
  }
}

function cp(ch: string): number {
  return ch.codePointAt(0)!;
}

function isTerminator(r: number): boolean {
  if (r === EOF || isSpace(r) || isEndOfLine(r)) return true;
  return ".,[]$@{}".includes(String.fromCodePoint(r));
}

function isSpace(r: number): boolean {
  return r === 0x20 || r === 0x09;
}

function isEndOfLine(r: number): boolean {
  return r === 0x0d || r === 0x0a;
}

function isDigit(r: number): boolean {
  return r >= 0 && /^\p{Nd}$/u.test(String.fromCodePoint(r));
}

function isAlphaNumeric(r: number): boolean {
  return r === cp("_") || (r >= 0 && /^[\p{L}\p{Nd}]$/u.test(String.fromCodePoint(r)));
}

/** Go's `strings.Trim(s, " ")`: spaces only, tabs stay. */
function trimSpaces(s: string): string {
  return s.replace(/^ +| +$/g, "");
}

/** `strconv.Atoi` on a 64-bit platform: optional sign, ASCII digits, int64 range. */
function parseGoInt(s: string): number | undefined {
  if (!/^[+-]?\d+$/.test(s)) return undefined;
  const n = BigInt(s);
  if (n < -(2n ** 63n) || n >= 2n ** 63n) return undefined;
  return Number(n);
}

/** `strconv.ParseFloat(s, 64)` for what parseNumber can scan (sign, digits and dots); overflow fails. */
function parseGoFloat(s: string): number | undefined {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

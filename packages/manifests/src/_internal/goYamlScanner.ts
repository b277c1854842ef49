/**
 * Port of the scanner of go-yaml v2 (sigs.k8s.io/yaml/goyaml.v2/scannerc.go), the YAML reader
 * kubectl uses. It is ported rather than replaced by a modern parser so that malformed manifests
 * fail with go-yaml's own problem texts at go-yaml's own positions ("mapping values are not
 * allowed in this context", "could not find expected ':'", ...), which kubectl shows verbatim.
 *
 * The input is a JS string read as code points; marks count characters, as go-yaml's do.
 */

/** A position in the document: character index, 0-based line and column. */
export interface Mark {
  readonly index: number;
  readonly line: number;
  readonly column: number;
}

/** Which stage failed; go-yaml reports scanner errors one line lower than parser errors. */
export type YamlErrorKind = "reader" | "scanner" | "parser" | "composer";

/** An error as go-yaml's parser records it (problem, problem_mark, context_mark). */
export class GoYamlError extends Error {
  constructor(
    readonly kind: YamlErrorKind,
    readonly problem: string,
    readonly problemMark: Mark | undefined,
    readonly contextMark: Mark | undefined,
  ) {
    super(problem);
  }
}

export enum TokenType {
  StreamStart,
  StreamEnd,
  VersionDirective,
  TagDirective,
  DocumentStart,
  DocumentEnd,
  BlockSequenceStart,
  BlockMappingStart,
  BlockEnd,
  FlowSequenceStart,
  FlowSequenceEnd,
  FlowMappingStart,
  FlowMappingEnd,
  BlockEntry,
  FlowEntry,
  Key,
  Value,
  Alias,
  Anchor,
  Tag,
  Scalar,
}

/** Scalar styles as the scanner reports them. */
export type ScalarStyle = "plain" | "single" | "double" | "literal" | "folded";

export interface Token {
  readonly type: TokenType;
  readonly start: Mark;
  readonly end: Mark;
  /** Scalar text, anchor/alias name, tag handle or %TAG handle. */
  readonly value?: string;
  /** Tag suffix. */
  readonly suffix?: string;
  /** %TAG prefix. */
  readonly prefix?: string;
  readonly style?: ScalarStyle;
  readonly major?: number;
  readonly minor?: number;
}

interface SimpleKey {
  possible: boolean;
  required: boolean;
  tokenNumber: number;
  mark: Mark;
}

const c = (s: string): number => s.codePointAt(0)!;
const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const NEL = 0x85;
const LS = 0x2028;
const PS = 0x2029;

const isBlank = (ch: number): boolean => ch === SPACE || ch === TAB;
const isBreak = (ch: number): boolean => ch === CR || ch === LF || ch === NEL || ch === LS || ch === PS;
const isBreakz = (ch: number): boolean => isBreak(ch) || ch === 0;
const isBlankz = (ch: number): boolean => isBlank(ch) || isBreakz(ch);
const isAlpha = (ch: number): boolean =>
  (ch >= 0x30 && ch <= 0x39) ||
  (ch >= 0x41 && ch <= 0x5a) ||
  (ch >= 0x61 && ch <= 0x7a) ||
  ch === 0x5f ||
  ch === 0x2d;
const isDigit = (ch: number): boolean => ch >= 0x30 && ch <= 0x39;
const isHex = (ch: number): boolean =>
  isDigit(ch) || (ch >= 0x41 && ch <= 0x46) || (ch >= 0x61 && ch <= 0x66);
const asHex = (ch: number): number => Number.parseInt(String.fromCodePoint(ch), 16);
const str = (cps: readonly number[]): string => String.fromCodePoint(...cps);

// Characters go-yaml's reader accepts (readerc.go); anything else is "control characters are not allowed".
export function isAllowedByReader(ch: number): boolean {
  return (
    ch === TAB ||
    ch === LF ||
    ch === CR ||
    (ch >= 0x20 && ch <= 0x7e) ||
    ch === NEL ||
    (ch >= 0xa0 && ch <= 0xd7ff) ||
    (ch >= 0xe000 && ch <= 0xfffd) ||
    (ch >= 0x10000 && ch <= 0x10ffff)
  );
}

const URI_CHARS = new Set(Array.from(";/?:@&=+$,.!~*'()[]%", c));
const PLAIN_START_FORBIDDEN = new Set(Array.from("-?:,[]{}#&*!|>'\"%@`", c));
const ANCHOR_END = new Set(Array.from("?:,]}%@`", c));

/** go-yaml v2's scanner: turns a document into tokens on demand, as the parser asks. */
export class Scanner {
  private readonly buf: number[];
  private pos = 0;
  private mark: { index: number; line: number; column: number } = { index: 0, line: 0, column: 0 };
  private readonly tokens: Token[] = [];
  /** tokens_parsed in go-yaml: tokens handed to the parser. Tokens are never dropped here. */
  private head = 0;
  private streamStartProduced = false;
  private flowLevel = 0;
  private indent = -1;
  private readonly indents: number[] = [];
  private simpleKeyAllowed = false;
  private readonly simpleKeys: SimpleKey[] = [];
  private readonly simpleKeysByTok = new Map<number, number>();

  constructor(text: string) {
    this.buf = Array.from(text, (ch) => ch.codePointAt(0)!);
    for (const ch of this.buf) {
      if (!isAllowedByReader(ch)) {
        throw new GoYamlError("reader", "control characters are not allowed", undefined, undefined);
      }
    }
  }

  private ch(k = 0): number {
    return this.buf[this.pos + k] ?? 0;
  }

  private snapshot(): Mark {
    return { index: this.mark.index, line: this.mark.line, column: this.mark.column };
  }

  private scannerError(contextMark: Mark | undefined, problem: string): never {
    throw new GoYamlError("scanner", problem, this.snapshot(), contextMark);
  }

  private skip(): void {
    this.mark.index++;
    this.mark.column++;
    this.pos++;
  }

  private skipLine(): void {
    if (this.ch() === CR && this.ch(1) === LF) {
      this.mark.index += 2;
      this.mark.column = 0;
      this.mark.line++;
      this.pos += 2;
    } else if (isBreak(this.ch())) {
      this.mark.index++;
      this.mark.column = 0;
      this.mark.line++;
      this.pos++;
    }
  }

  private read(s: number[]): void {
    s.push(this.ch());
    this.pos++;
    this.mark.index++;
    this.mark.column++;
  }

  private readLine(s: number[]): void {
    const ch = this.ch();
    if (ch === CR && this.ch(1) === LF) {
      s.push(LF);
      this.pos += 2;
      this.mark.index++;
    } else if (ch === CR || ch === LF || ch === NEL) {
      s.push(LF);
      this.pos++;
    } else if (ch === LS || ch === PS) {
      s.push(ch);
      this.pos++;
    } else {
      return;
    }
    this.mark.index++;
    this.mark.column = 0;
    this.mark.line++;
  }

  // --- queue --------------------------------------------------------------------------------

  private insertToken(at: number, token: Token): void {
    if (at < 0) this.tokens.push(token);
    else this.tokens.splice(at, 0, token);
  }

  /** peek_token in parserc.go. */
  peek(): Token {
    this.fetchMoreTokens();
    return this.tokens[this.head]!;
  }

  /** skip_token in parserc.go. */
  skipToken(): void {
    this.head++;
  }

  private fetchMoreTokens(): void {
    for (;;) {
      if (this.head !== this.tokens.length) {
        const idx = this.simpleKeysByTok.get(this.head);
        if (idx === undefined) break;
        if (!this.simpleKeyIsValid(this.simpleKeys[idx]!)) break;
      }
      this.fetchNextToken();
    }
  }

  private fetchNextToken(): void {
    if (!this.streamStartProduced) {
      this.fetchStreamStart();
      return;
    }
    this.scanToNextToken();
    this.unrollIndent(this.mark.column);
    this.fetcherFor(this.ch())();
  }

  /** The dispatch of yaml_parser_fetch_next_token, by the character at the current position. */
  private fetcherFor(ch: number): () => void {
    if (ch === 0) return () => this.fetchStreamEnd();
    if (this.mark.column === 0 && ch === c("%")) return () => this.fetchDirective();
    const atLineStart = this.mark.column === 0 && isBlankz(this.ch(3));
    if (atLineStart && ch === c("-") && this.ch(1) === c("-") && this.ch(2) === c("-")) {
      return () => this.fetchDocumentIndicator(TokenType.DocumentStart);
    }
    if (atLineStart && ch === c(".") && this.ch(1) === c(".") && this.ch(2) === c(".")) {
      return () => this.fetchDocumentIndicator(TokenType.DocumentEnd);
    }
    if (ch === c("[")) return () => this.fetchFlowCollectionStart(TokenType.FlowSequenceStart);
    if (ch === c("{")) return () => this.fetchFlowCollectionStart(TokenType.FlowMappingStart);
    if (ch === c("]")) return () => this.fetchFlowCollectionEnd(TokenType.FlowSequenceEnd);
    if (ch === c("}")) return () => this.fetchFlowCollectionEnd(TokenType.FlowMappingEnd);
    if (ch === c(",")) return () => this.fetchFlowEntry();
    if (ch === c("-") && isBlankz(this.ch(1))) return () => this.fetchBlockEntry();
    if (ch === c("?") && (this.flowLevel > 0 || isBlankz(this.ch(1)))) return () => this.fetchKey();
    if (ch === c(":") && (this.flowLevel > 0 || isBlankz(this.ch(1)))) return () => this.fetchValue();
    if (ch === c("*")) return () => this.fetchAnchor(TokenType.Alias);
    if (ch === c("&")) return () => this.fetchAnchor(TokenType.Anchor);
    if (ch === c("!")) return () => this.fetchTag();
    if (ch === c("|") && this.flowLevel === 0) return () => this.fetchBlockScalar(true);
    if (ch === c(">") && this.flowLevel === 0) return () => this.fetchBlockScalar(false);
    if (ch === c("'")) return () => this.fetchFlowScalar(true);
    if (ch === c('"')) return () => this.fetchFlowScalar(false);
    if (
      !(isBlankz(ch) || PLAIN_START_FORBIDDEN.has(ch)) ||
      (ch === c("-") && !isBlank(this.ch(1))) ||
      (this.flowLevel === 0 && (ch === c("?") || ch === c(":")) && !isBlankz(this.ch(1)))
    ) {
      return () => this.fetchPlainScalar();
    }
    return this.scannerError(this.snapshot(), "found character that cannot start any token");
  }

  // --- simple keys and indentation ------------------------------------------------------------

  private simpleKeyIsValid(key: SimpleKey): boolean {
    if (!key.possible) return false;
    if (key.mark.line < this.mark.line || key.mark.index + 1024 < this.mark.index) {
      if (key.required) this.scannerError(key.mark, "could not find expected ':'");
      key.possible = false;
      return false;
    }
    return true;
  }

  private saveSimpleKey(): void {
    const required = this.flowLevel === 0 && this.indent === this.mark.column;
    if (this.simpleKeyAllowed) {
      const key: SimpleKey = {
        possible: true,
        required,
        tokenNumber: this.tokens.length,
        mark: this.snapshot(),
      };
      this.removeSimpleKey();
      this.simpleKeys[this.simpleKeys.length - 1] = key;
      this.simpleKeysByTok.set(key.tokenNumber, this.simpleKeys.length - 1);
    }
  }

  private removeSimpleKey(): void {
    const key = this.simpleKeys[this.simpleKeys.length - 1]!;
    if (key.possible) {
      if (key.required) this.scannerError(key.mark, "could not find expected ':'");
      key.possible = false;
      this.simpleKeysByTok.delete(key.tokenNumber);
    }
  }

  private increaseFlowLevel(): void {
    this.simpleKeys.push({
      possible: false,
      required: false,
      tokenNumber: this.tokens.length,
      mark: this.snapshot(),
    });
    this.flowLevel++;
    if (this.flowLevel > 10000) {
      this.scannerError(this.simpleKeys[this.simpleKeys.length - 1]!.mark, "exceeded max depth of 10000");
    }
  }

  private decreaseFlowLevel(): void {
    if (this.flowLevel > 0) {
      this.flowLevel--;
      const last = this.simpleKeys.pop()!;
      this.simpleKeysByTok.delete(last.tokenNumber);
    }
  }

  private rollIndent(column: number, number: number, type: TokenType, mark: Mark): void {
    if (this.flowLevel > 0) return;
    if (this.indent < column) {
      this.indents.push(this.indent);
      this.indent = column;
      if (this.indents.length > 10000) {
        this.scannerError(this.simpleKeys[this.simpleKeys.length - 1]!.mark, "exceeded max depth of 10000");
      }
      this.insertToken(number, { type, start: mark, end: mark });
    }
  }

  private unrollIndent(column: number): void {
    if (this.flowLevel > 0) return;
    while (this.indent > column) {
      const m = this.snapshot();
      this.insertToken(-1, { type: TokenType.BlockEnd, start: m, end: m });
      this.indent = this.indents.pop()!;
    }
  }

  // --- fetchers -------------------------------------------------------------------------------

  private fetchStreamStart(): void {
    this.indent = -1;
    this.simpleKeys.push({ possible: false, required: false, tokenNumber: 0, mark: this.snapshot() });
    this.simpleKeyAllowed = true;
    this.streamStartProduced = true;
    const m = this.snapshot();
    this.insertToken(-1, { type: TokenType.StreamStart, start: m, end: m });
  }

  private fetchStreamEnd(): void {
    if (this.mark.column !== 0) {
      this.mark.column = 0;
      this.mark.line++;
    }
    this.unrollIndent(-1);
    this.removeSimpleKey();
    this.simpleKeyAllowed = false;
    const m = this.snapshot();
    this.insertToken(-1, { type: TokenType.StreamEnd, start: m, end: m });
  }

  private fetchDirective(): void {
    this.unrollIndent(-1);
    this.removeSimpleKey();
    this.simpleKeyAllowed = false;
    this.insertToken(-1, this.scanDirective());
  }

  private fetchDocumentIndicator(type: TokenType): void {
    this.unrollIndent(-1);
    this.removeSimpleKey();
    this.simpleKeyAllowed = false;
    const start = this.snapshot();
    this.skip();
    this.skip();
    this.skip();
    this.insertToken(-1, { type, start, end: this.snapshot() });
  }

  private fetchFlowCollectionStart(type: TokenType): void {
    this.saveSimpleKey();
    this.increaseFlowLevel();
    this.simpleKeyAllowed = true;
    const start = this.snapshot();
    this.skip();
    this.insertToken(-1, { type, start, end: this.snapshot() });
  }

  private fetchFlowCollectionEnd(type: TokenType): void {
    this.removeSimpleKey();
    this.decreaseFlowLevel();
    this.simpleKeyAllowed = false;
    const start = this.snapshot();
    this.skip();
    this.insertToken(-1, { type, start, end: this.snapshot() });
  }

  private fetchFlowEntry(): void {
    this.removeSimpleKey();
    this.simpleKeyAllowed = true;
    const start = this.snapshot();
    this.skip();
    this.insertToken(-1, { type: TokenType.FlowEntry, start, end: this.snapshot() });
  }

  private fetchBlockEntry(): void {
    if (this.flowLevel === 0) {
      if (!this.simpleKeyAllowed) {
        this.scannerError(this.snapshot(), "block sequence entries are not allowed in this context");
      }
      this.rollIndent(this.mark.column, -1, TokenType.BlockSequenceStart, this.snapshot());
    }
    this.removeSimpleKey();
    this.simpleKeyAllowed = true;
    const start = this.snapshot();
    this.skip();
    this.insertToken(-1, { type: TokenType.BlockEntry, start, end: this.snapshot() });
  }

  private fetchKey(): void {
    if (this.flowLevel === 0) {
      if (!this.simpleKeyAllowed) {
        this.scannerError(this.snapshot(), "mapping keys are not allowed in this context");
      }
      this.rollIndent(this.mark.column, -1, TokenType.BlockMappingStart, this.snapshot());
    }
    this.removeSimpleKey();
    this.simpleKeyAllowed = this.flowLevel === 0;
    const start = this.snapshot();
    this.skip();
    this.insertToken(-1, { type: TokenType.Key, start, end: this.snapshot() });
  }

  private fetchValue(): void {
    const key = this.simpleKeys[this.simpleKeys.length - 1]!;
    if (this.simpleKeyIsValid(key)) {
      this.insertToken(key.tokenNumber, { type: TokenType.Key, start: key.mark, end: key.mark });
      this.rollIndent(key.mark.column, key.tokenNumber, TokenType.BlockMappingStart, key.mark);
      key.possible = false;
      this.simpleKeysByTok.delete(key.tokenNumber);
      this.simpleKeyAllowed = false;
    } else {
      if (this.flowLevel === 0) {
        if (!this.simpleKeyAllowed) {
          this.scannerError(this.snapshot(), "mapping values are not allowed in this context");
        }
        this.rollIndent(this.mark.column, -1, TokenType.BlockMappingStart, this.snapshot());
      }
      this.simpleKeyAllowed = this.flowLevel === 0;
    }
    const start = this.snapshot();
    this.skip();
    this.insertToken(-1, { type: TokenType.Value, start, end: this.snapshot() });
  }

  private fetchAnchor(type: TokenType): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.insertToken(-1, this.scanAnchor(type));
  }

  private fetchTag(): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.insertToken(-1, this.scanTag());
  }

  private fetchBlockScalar(literal: boolean): void {
    this.removeSimpleKey();
    this.simpleKeyAllowed = true;
    this.insertToken(-1, this.scanBlockScalar(literal));
  }

  private fetchFlowScalar(single: boolean): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.insertToken(-1, this.scanFlowScalar(single));
  }

  private fetchPlainScalar(): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.insertToken(-1, this.scanPlainScalar());
  }

  private scanToNextToken(): void {
    for (;;) {
      // The reader already dropped a leading BOM; is_bom's quirks elsewhere are not reproduced.
      while (this.ch() === SPACE || ((this.flowLevel > 0 || !this.simpleKeyAllowed) && this.ch() === TAB)) {
        this.skip();
      }
      if (this.ch() === c("#")) {
        while (!isBreakz(this.ch())) this.skip();
      }
      if (isBreak(this.ch())) {
        this.skipLine();
        if (this.flowLevel === 0) this.simpleKeyAllowed = true;
      } else {
        break;
      }
    }
  }

  // --- directives, anchors, tags --------------------------------------------------------------

  private scanDirective(): Token {
    const start = this.snapshot();
    this.skip();
    const name = this.scanDirectiveName(start);
    let token: Token;
    if (name === "YAML") {
      while (isBlank(this.ch())) this.skip();
      const major = this.scanVersionDirectiveNumber(start);
      if (this.ch() !== c(".")) {
        this.scannerError(start, "did not find expected digit or '.' character");
      }
      this.skip();
      const minor = this.scanVersionDirectiveNumber(start);
      token = { type: TokenType.VersionDirective, start, end: this.snapshot(), major, minor };
    } else if (name === "TAG") {
      while (isBlank(this.ch())) this.skip();
      const handle = this.scanTagHandle(true, start);
      if (!isBlank(this.ch())) this.scannerError(start, "did not find expected whitespace");
      while (isBlank(this.ch())) this.skip();
      const prefix = this.scanTagUri(true, undefined, start);
      if (!isBlankz(this.ch())) this.scannerError(start, "did not find expected whitespace or line break");
      token = { type: TokenType.TagDirective, start, end: this.snapshot(), value: handle, prefix };
    } else {
      this.scannerError(start, "found unknown directive name");
    }
    while (isBlank(this.ch())) this.skip();
    if (this.ch() === c("#")) {
      while (!isBreakz(this.ch())) this.skip();
    }
    if (!isBreakz(this.ch())) this.scannerError(start, "did not find expected comment or line break");
    if (isBreak(this.ch())) this.skipLine();
    return token;
  }

  private scanDirectiveName(start: Mark): string {
    const s: number[] = [];
    while (isAlpha(this.ch())) this.read(s);
    if (s.length === 0) this.scannerError(start, "could not find expected directive name");
    if (!isBlankz(this.ch())) this.scannerError(start, "found unexpected non-alphabetical character");
    return str(s);
  }

  private scanVersionDirectiveNumber(start: Mark): number {
    let value = 0;
    let length = 0;
    while (isDigit(this.ch())) {
      length++;
      if (length > 2) this.scannerError(start, "found extremely long version number");
      value = value * 10 + (this.ch() - 0x30);
      this.skip();
    }
    if (length === 0) this.scannerError(start, "did not find expected version number");
    return value;
  }

  private scanAnchor(type: TokenType): Token {
    const s: number[] = [];
    const start = this.snapshot();
    this.skip();
    while (isAlpha(this.ch())) this.read(s);
    const end = this.snapshot();
    if (s.length === 0 || !(isBlankz(this.ch()) || ANCHOR_END.has(this.ch()))) {
      this.scannerError(start, "did not find expected alphabetic or numeric character");
    }
    return { type, start, end, value: str(s) };
  }

  private scanTag(): Token {
    const start = this.snapshot();
    let handle: string;
    let suffix: string;
    if (this.ch(1) === c("<")) {
      handle = "";
      this.skip();
      this.skip();
      suffix = this.scanTagUri(false, undefined, start);
      if (this.ch() !== c(">")) this.scannerError(start, "did not find the expected '>'");
      this.skip();
    } else {
      handle = this.scanTagHandle(false, start);
      if (handle.length > 1 && handle.startsWith("!") && handle.endsWith("!")) {
        suffix = this.scanTagUri(false, undefined, start);
      } else {
        suffix = this.scanTagUri(false, handle, start);
        handle = "!";
        if (suffix.length === 0) {
          handle = "";
          suffix = "!";
        }
      }
    }
    if (!isBlankz(this.ch())) this.scannerError(start, "did not find expected whitespace or line break");
    return { type: TokenType.Tag, start, end: this.snapshot(), value: handle, suffix };
  }

  private scanTagHandle(directive: boolean, start: Mark): string {
    if (this.ch() !== c("!")) this.scannerError(start, "did not find expected '!'");
    const s: number[] = [];
    this.read(s);
    while (isAlpha(this.ch())) this.read(s);
    if (this.ch() === c("!")) {
      this.read(s);
    } else if (directive && str(s) !== "!") {
      this.scannerError(start, "did not find expected '!'");
    }
    return str(s);
  }

  private scanTagUri(directive: boolean, head: string | undefined, start: Mark): string {
    const s: number[] = head && head.length > 1 ? Array.from(head.slice(1), c) : [];
    let hasTag = head !== undefined && head.length > 0;
    while (isAlpha(this.ch()) || URI_CHARS.has(this.ch())) {
      if (this.ch() === c("%")) this.scanUriEscapes(directive, start, s);
      else this.read(s);
      hasTag = true;
    }
    if (!hasTag) this.scannerError(start, "did not find expected tag URI");
    return str(s);
  }

  private scanUriEscapes(_directive: boolean, start: Mark, s: number[]): void {
    const bytes: number[] = [];
    let width = 1024;
    while (width > 0) {
      if (!(this.ch() === c("%") && isHex(this.ch(1)) && isHex(this.ch(2)))) {
        this.scannerError(start, "did not find URI escaped octet");
      }
      const octet = asHex(this.ch(1)) * 16 + asHex(this.ch(2));
      if (width === 1024) {
        width =
          (octet & 0x80) === 0
            ? 1
            : (octet & 0xe0) === 0xc0
              ? 2
              : (octet & 0xf0) === 0xe0
                ? 3
                : (octet & 0xf8) === 0xf0
                  ? 4
                  : 0;
        if (width === 0) this.scannerError(start, "found an incorrect leading UTF-8 octet");
      } else if ((octet & 0xc0) !== 0x80) {
        this.scannerError(start, "found an incorrect trailing UTF-8 octet");
      }
      bytes.push(octet);
      this.skip();
      this.skip();
      this.skip();
      width--;
    }
    s.push(decodeUtf8Char(bytes));
  }

  // --- scalars --------------------------------------------------------------------------------

  private scanBlockScalar(literal: boolean): Token {
    const start = this.snapshot();
    this.skip();
    let chomping = 0;
    let increment = 0;
    if (this.ch() === c("+") || this.ch() === c("-")) {
      chomping = this.ch() === c("+") ? 1 : -1;
      this.skip();
      if (isDigit(this.ch())) {
        if (this.ch() === c("0")) this.scannerError(start, "found an indentation indicator equal to 0");
        increment = this.ch() - 0x30;
        this.skip();
      }
    } else if (isDigit(this.ch())) {
      if (this.ch() === c("0")) this.scannerError(start, "found an indentation indicator equal to 0");
      increment = this.ch() - 0x30;
      this.skip();
      if (this.ch() === c("+") || this.ch() === c("-")) {
        chomping = this.ch() === c("+") ? 1 : -1;
        this.skip();
      }
    }
    while (isBlank(this.ch())) this.skip();
    if (this.ch() === c("#")) {
      while (!isBreakz(this.ch())) this.skip();
    }
    if (!isBreakz(this.ch())) this.scannerError(start, "did not find expected comment or line break");
    if (isBreak(this.ch())) this.skipLine();
    let end = this.snapshot();
    let indent = 0;
    if (increment > 0) indent = this.indent >= 0 ? this.indent + increment : increment;
    const s: number[] = [];
    let leadingBreak: number[] = [];
    let trailingBreaks: number[] = [];
    const breaks = (): void => {
      const r = this.scanBlockScalarBreaks(indent, trailingBreaks, start);
      indent = r.indent;
      end = r.end;
    };
    breaks();
    let leadingBlank = false;
    let trailingBlank = false;
    while (this.mark.column === indent && this.ch() !== 0) {
      trailingBlank = isBlank(this.ch());
      if (!literal && !leadingBlank && !trailingBlank && leadingBreak.length > 0 && leadingBreak[0] === LF) {
        if (trailingBreaks.length === 0) s.push(SPACE);
      } else {
        s.push(...leadingBreak);
      }
      leadingBreak = [];
      s.push(...trailingBreaks);
      trailingBreaks = [];
      leadingBlank = isBlank(this.ch());
      while (!isBreakz(this.ch())) this.read(s);
      this.readLine(leadingBreak);
      breaks();
    }
    if (chomping !== -1) s.push(...leadingBreak);
    if (chomping === 1) s.push(...trailingBreaks);
    return { type: TokenType.Scalar, start, end, value: str(s), style: literal ? "literal" : "folded" };
  }

  private scanBlockScalarBreaks(
    indentIn: number,
    breaks: number[],
    start: Mark,
  ): { indent: number; end: Mark } {
    let indent = indentIn;
    let end = this.snapshot();
    let maxIndent = 0;
    for (;;) {
      while ((indent === 0 || this.mark.column < indent) && this.ch() === SPACE) this.skip();
      if (this.mark.column > maxIndent) maxIndent = this.mark.column;
      if ((indent === 0 || this.mark.column < indent) && this.ch() === TAB) {
        this.scannerError(start, "found a tab character where an indentation space is expected");
      }
      if (!isBreak(this.ch())) break;
      this.readLine(breaks);
      end = this.snapshot();
    }
    if (indent === 0) {
      indent = Math.max(maxIndent, this.indent + 1, 1);
    }
    return { indent, end };
  }

  private scanFlowScalar(single: boolean): Token {
    const start = this.snapshot();
    this.skip();
    const s: number[] = [];
    let leadingBreak: number[] = [];
    let trailingBreaks: number[] = [];
    let whitespaces: number[] = [];
    for (;;) {
      if (
        this.mark.column === 0 &&
        ((this.ch() === c("-") && this.ch(1) === c("-") && this.ch(2) === c("-")) ||
          (this.ch() === c(".") && this.ch(1) === c(".") && this.ch(2) === c("."))) &&
        isBlankz(this.ch(3))
      ) {
        this.scannerError(start, "found unexpected document indicator");
      }
      if (this.ch() === 0) this.scannerError(start, "found unexpected end of stream");
      let leadingBlanks = false;
      while (!isBlankz(this.ch())) {
        const ch = this.ch();
        if (single && ch === c("'") && this.ch(1) === c("'")) {
          s.push(c("'"));
          this.skip();
          this.skip();
        } else if (single && ch === c("'")) {
          break;
        } else if (!single && ch === c('"')) {
          break;
        } else if (!single && ch === c("\\") && isBreak(this.ch(1))) {
          this.skip();
          this.skipLine();
          leadingBlanks = true;
          break;
        } else if (!single && ch === c("\\")) {
          let codeLength = 0;
          const e = String.fromCodePoint(this.ch(1));
          const simple = FLOW_ESCAPES.get(e);
          if (simple !== undefined) s.push(simple);
          else if (e === "x") codeLength = 2;
          else if (e === "u") codeLength = 4;
          else if (e === "U") codeLength = 8;
          else this.scannerError(start, "found unknown escape character");
          this.skip();
          this.skip();
          if (codeLength > 0) {
            let value = 0;
            for (let k = 0; k < codeLength; k++) {
              if (!isHex(this.ch(k))) this.scannerError(start, "did not find expected hexdecimal number");
              value = value * 16 + asHex(this.ch(k));
            }
            if ((value >= 0xd800 && value <= 0xdfff) || value > 0x10ffff) {
              this.scannerError(start, "found invalid Unicode character escape code");
            }
            s.push(value);
            for (let k = 0; k < codeLength; k++) this.skip();
          }
        } else {
          this.read(s);
        }
      }
      if (single ? this.ch() === c("'") : this.ch() === c('"')) break;
      while (isBlank(this.ch()) || isBreak(this.ch())) {
        if (isBlank(this.ch())) {
          if (!leadingBlanks) this.read(whitespaces);
          else this.skip();
        } else if (!leadingBlanks) {
          whitespaces = [];
          this.readLine(leadingBreak);
          leadingBlanks = true;
        } else {
          this.readLine(trailingBreaks);
        }
      }
      if (leadingBlanks) {
        if (leadingBreak.length > 0 && leadingBreak[0] === LF) {
          if (trailingBreaks.length === 0) s.push(SPACE);
          else s.push(...trailingBreaks);
        } else {
          s.push(...leadingBreak, ...trailingBreaks);
        }
        trailingBreaks = [];
        leadingBreak = [];
      } else {
        s.push(...whitespaces);
        whitespaces = [];
      }
    }
    this.skip();
    return {
      type: TokenType.Scalar,
      start,
      end: this.snapshot(),
      value: str(s),
      style: single ? "single" : "double",
    };
  }

  private scanPlainScalar(): Token {
    const s: number[] = [];
    let leadingBreak: number[] = [];
    let trailingBreaks: number[] = [];
    let whitespaces: number[] = [];
    let leadingBlanks = false;
    const indent = this.indent + 1;
    const start = this.snapshot();
    let end = this.snapshot();
    for (;;) {
      if (
        this.mark.column === 0 &&
        ((this.ch() === c("-") && this.ch(1) === c("-") && this.ch(2) === c("-")) ||
          (this.ch() === c(".") && this.ch(1) === c(".") && this.ch(2) === c("."))) &&
        isBlankz(this.ch(3))
      ) {
        break;
      }
      if (this.ch() === c("#")) break;
      while (!isBlankz(this.ch())) {
        const ch = this.ch();
        if (
          (ch === c(":") && isBlankz(this.ch(1))) ||
          (this.flowLevel > 0 &&
            (ch === c(",") ||
              ch === c("?") ||
              ch === c("[") ||
              ch === c("]") ||
              ch === c("{") ||
              ch === c("}")))
        ) {
          break;
        }
        if (leadingBlanks || whitespaces.length > 0) {
          if (leadingBlanks) {
            if (leadingBreak[0] === LF) {
              if (trailingBreaks.length === 0) s.push(SPACE);
              else s.push(...trailingBreaks);
            } else {
              s.push(...leadingBreak, ...trailingBreaks);
            }
            trailingBreaks = [];
            leadingBreak = [];
            leadingBlanks = false;
          } else {
            s.push(...whitespaces);
            whitespaces = [];
          }
        }
        this.read(s);
        end = this.snapshot();
      }
      if (!(isBlank(this.ch()) || isBreak(this.ch()))) break;
      while (isBlank(this.ch()) || isBreak(this.ch())) {
        if (isBlank(this.ch())) {
          if (leadingBlanks && this.mark.column < indent && this.ch() === TAB) {
            this.scannerError(start, "found a tab character that violates indentation");
          }
          if (!leadingBlanks) this.read(whitespaces);
          else this.skip();
        } else if (!leadingBlanks) {
          whitespaces = [];
          this.readLine(leadingBreak);
          leadingBlanks = true;
        } else {
          this.readLine(trailingBreaks);
        }
      }
      if (this.flowLevel === 0 && this.mark.column < indent) break;
    }
    if (leadingBlanks) this.simpleKeyAllowed = true;
    return { type: TokenType.Scalar, start, end, value: str(s), style: "plain" };
  }
}

// The octets of one UTF-8 character, already checked for lead and trailing bits.
function decodeUtf8Char(bytes: readonly number[]): number {
  const [b0 = 0, ...rest] = bytes;
  const lead =
    rest.length === 0 ? b0 : rest.length === 1 ? b0 & 0x1f : rest.length === 2 ? b0 & 0x0f : b0 & 0x07;
  return rest.reduce((acc, b) => (acc << 6) | (b & 0x3f), lead);
}

const FLOW_ESCAPES: ReadonlyMap<string, number> = new Map([
  ["0", 0],
  ["a", 0x07],
  ["b", 0x08],
  ["t", 0x09],
  ["\t", 0x09],
  ["n", 0x0a],
  ["v", 0x0b],
  ["f", 0x0c],
  ["r", 0x0d],
  ["e", 0x1b],
  [" ", 0x20],
  ['"', 0x22],
  ["'", 0x27],
  ["\\", 0x5c],
  ["N", 0x85],
  ["_", 0xa0],
  ["L", 0x2028],
  ["P", 0x2029],
]);

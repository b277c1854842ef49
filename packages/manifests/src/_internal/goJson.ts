/**
 * The JSON side of kubectl's manifest reading: a stream of JSON values read the way Go's
 * json.Decoder reads them (its syntax errors, with their byte offsets), and json.Marshal's
 * compact form, which kubectl quotes in "Object 'Kind' is missing in '...'".
 */
import { compareGoStrings, type JsonValue } from "./goYamlToJson.js";

/** One value of a JSON stream, with where it started. */
export interface JsonStreamValue {
  readonly value: JsonValue;
  /** The value's own text, as RawExtension keeps it. */
  readonly raw: string;
  /** 0-based code-unit offset of the value's first character. */
  readonly offset: number;
}

/** A decoding failure: `json: offset N: ...` for syntax errors, `unexpected EOF` otherwise. */
export class GoJsonError extends Error {
  constructor(
    message: string,
    /** 0-based code-unit offset of the offending character. */
    readonly offset: number,
  ) {
    super(message);
  }
}

// quoteChar in encoding/json/scanner.go.
function quoteChar(ch: string): string {
  if (ch === "'") return "'\\''";
  if (ch === '"') return "'\"'";
  const quoted = JSON.stringify(ch);
  return `'${quoted.slice(1, -1)}'`;
}

const isJsonSpace = (ch: string | undefined): boolean =>
  ch === " " || ch === "\t" || ch === "\r" || ch === "\n";

class JsonReader {
  private pos = 0;
  constructor(private readonly text: string) {}

  private byteOffset(pos: number): number {
    let n = 0;
    for (let i = 0; i < pos; i++) {
      const cu = this.text.charCodeAt(i);
      if (cu < 0x80) n += 1;
      else if (cu < 0x800) n += 2;
      else if (cu >= 0xd800 && cu <= 0xdbff) {
        n += 4;
        i++;
      } else n += 3;
    }
    return n;
  }

  private syntaxError(context: string): never {
    const ch = this.text[this.pos]!;
    // SyntaxError.Offset counts the bytes read, including the offending one.
    const offset = this.byteOffset(this.pos) + utf8Length(ch);
    throw new GoJsonError(`json: offset ${offset}: invalid character ${quoteChar(ch)} ${context}`, this.pos);
  }

  private eof(): never {
    throw new GoJsonError("unexpected EOF", this.pos);
  }

  private at(): string | undefined {
    return this.text[this.pos];
  }

  private skipSpace(): void {
    while (isJsonSpace(this.at())) this.pos++;
  }

  /** Next value, or undefined at the end of the stream. */
  next(): JsonStreamValue | undefined {
    this.skipSpace();
    if (this.pos >= this.text.length) return undefined;
    const offset = this.pos;
    const value = this.value("looking for beginning of value");
    return { value, raw: this.text.slice(offset, this.pos), offset };
  }

  private value(context: string): JsonValue {
    this.skipSpace();
    const ch = this.at();
    if (ch === undefined) this.eof();
    if (ch === "{") return this.object();
    if (ch === "[") return this.array();
    if (ch === '"') return this.string();
    if (ch === "-" || (ch >= "0" && ch <= "9")) return this.number();
    if (ch === "t") return this.literal("true", true);
    if (ch === "f") return this.literal("false", false);
    if (ch === "n") return this.literal("null", null);
    return this.syntaxError(context);
  }

  private object(): JsonValue {
    this.pos++;
    const out: { [key: string]: JsonValue } = {};
    this.skipSpace();
    if (this.at() === "}") {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      if (this.at() === undefined) this.eof();
      if (this.at() !== '"') this.syntaxError("looking for beginning of object key string");
      const key = this.string();
      this.skipSpace();
      if (this.at() === undefined) this.eof();
      if (this.at() !== ":") this.syntaxError("after object key");
      this.pos++;
      const value = this.value("looking for beginning of value");
      Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
      this.skipSpace();
      const ch = this.at();
      if (ch === undefined) this.eof();
      this.pos++;
      if (ch === "}") return out;
      if (ch !== ",") {
        this.pos--;
        this.syntaxError("after object key:value pair");
      }
    }
  }

  private array(): JsonValue {
    this.pos++;
    const out: JsonValue[] = [];
    this.skipSpace();
    if (this.at() === "]") {
      this.pos++;
      return out;
    }
    for (;;) {
      out.push(this.value("looking for beginning of value"));
      this.skipSpace();
      const ch = this.at();
      if (ch === undefined) this.eof();
      this.pos++;
      if (ch === "]") return out;
      if (ch !== ",") {
        this.pos--;
        this.syntaxError("after array element");
      }
    }
  }

  private string(): string {
    const start = this.pos;
    this.pos++;
    for (;;) {
      const ch = this.at();
      if (ch === undefined) this.eof();
      if (ch === '"') {
        this.pos++;
        break;
      }
      if (ch === "\\") {
        this.pos++;
        const e = this.at();
        if (e === undefined) this.eof();
        if (e === "u") {
          for (let k = 0; k < 4; k++) {
            this.pos++;
            const h = this.at();
            if (h === undefined) this.eof();
            if (!/[0-9a-fA-F]/.test(h)) this.syntaxError("in \\u hexadecimal character escape");
          }
        } else if (!'"\\/bfnrt'.includes(e)) {
          this.syntaxError("in string escape code");
        }
        this.pos++;
        continue;
      }
      if (ch < " ") this.syntaxError("in string literal");
      this.pos++;
    }
    // The syntax is Go's; JSON.parse decodes the same escapes (lone surrogates aside).
    return JSON.parse(this.text.slice(start, this.pos)) as string;
  }

  private number(): number {
    const start = this.pos;
    const digit = (): boolean => {
      const ch = this.at();
      return ch !== undefined && ch >= "0" && ch <= "9";
    };
    if (this.at() === "-") {
      this.pos++;
      if (this.at() === undefined) this.eof();
      if (!digit()) this.syntaxError("in numeric literal");
    }
    if (this.at() === "0") this.pos++;
    else while (digit()) this.pos++;
    if (this.at() === ".") {
      this.pos++;
      if (this.at() === undefined) this.eof();
      if (!digit()) this.syntaxError("after decimal point in numeric literal");
      while (digit()) this.pos++;
    }
    if (this.at() === "e" || this.at() === "E") {
      this.pos++;
      if (this.at() === "+" || this.at() === "-") this.pos++;
      if (this.at() === undefined) this.eof();
      if (!digit()) this.syntaxError("in exponent of numeric literal");
      while (digit()) this.pos++;
    }
    return Number(this.text.slice(start, this.pos));
  }

  private literal(word: string, value: JsonValue): JsonValue {
    for (let i = 0; i < word.length; i++) {
      const ch = this.at();
      if (ch === undefined) this.eof();
      if (ch !== word[i]) this.syntaxError(`in literal ${word} (expecting ${quoteChar(word[i]!)})`);
      this.pos++;
    }
    return value;
  }
}

// The UTF-8 length of one character (library code has no TextEncoder: no DOM types).
function utf8Length(ch: string): number {
  const cp = ch.codePointAt(0) ?? 0;
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/**
 * Reads a whole JSON stream (values separated by whitespace), as kubectl does once the input
 * starts with "{".
 *
 * @returns the values read before any error, and the error.
 */
export function readJsonStream(text: string): { values: JsonStreamValue[]; error?: GoJsonError } {
  const reader = new JsonReader(text);
  const values: JsonStreamValue[] = [];
  try {
    for (let v = reader.next(); v !== undefined; v = reader.next()) values.push(v);
    return { values };
  } catch (e) {
    if (e instanceof GoJsonError) return { values, error: e };
    throw e;
  }
}

/** A string as json.Marshal writes it (HTML-safe escaping). */
export function goJsonQuote(s: string): string {
  const body = s.replace(
    /["\\\u0000-\u001f<>&\u2028\u2029]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    (ch) => {
      const short: Record<string, string> = {
        '"': '\\"',
        "\\": "\\\\",
        "\b": "\\b",
        "\f": "\\f",
        "\n": "\\n",
        "\r": "\\r",
        "\t": "\\t",
      };
      if (short[ch] !== undefined) return short[ch];
      if (ch >= "\uD800" && ch <= "\uDFFF") return "\\ufffd";
      return `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`;
    },
  );
  return `"${body}"`;
}

/** json.Marshal of a decoded map[string]interface{}: compact, keys sorted. */
export function goJsonMarshal(v: JsonValue): string {
  if (v === null) return "null";
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number") return JSON.stringify(v);
  if (typeof v === "string") return goJsonQuote(v);
  if (Array.isArray(v)) return `[${v.map(goJsonMarshal).join(",")}]`;
  const keys = Object.keys(v).sort(compareGoStrings);
  return `{${keys.map((k) => `${goJsonQuote(k)}:${goJsonMarshal(v[k]!)}`).join(",")}}`;
}

import { tabwrite } from "../printers/table.js";

/** describe.go's tab levels: each level indents by two spaces. */
export const LEVEL_0 = 0;
export const LEVEL_1 = 1;
export const LEVEL_2 = 2;
export const LEVEL_3 = 3;

/**
 * `tabbedString`'s tabwriter: `tabwriter.NewWriter(buf, 0, 8, 2, ' ', 0)` (minwidth 0,
 * padding 2, spaces, no remembered widths).
 */
const DESCRIBE_TABWRITER = { minwidth: 0, padding: 2, padchar: " ", rememberWidths: false } as const;

/**
 * describe.go's `PrefixWriter` over a tabwriter: text written at a level is indented by two
 * spaces per level; {@link flush} ends an alignment block (DescribeEvents flushes so that the
 * events table is aligned on its own).
 */
export class PrefixWriter {
  readonly #blocks: string[] = [];
  #current = "";

  /** `Write(level, format, ...)`: `text` indented by `level`. */
  write(level: number, text: string): void {
    this.#current += "  ".repeat(level) + text;
  }

  /** `WriteLine(a...)`: the values joined by spaces and a newline, unindented (Go's `fmt.Sprintln`). */
  writeLine(...parts: string[]): void {
    this.#current += `${parts.join(" ")}\n`;
  }

  /** `Flush()`: aligns what was written so far on its own. */
  flush(): void {
    this.#blocks.push(this.#current);
    this.#current = "";
  }

  /** The aligned text (what `tabbedString` returns). */
  toString(): string {
    return [...this.#blocks, this.#current]
      .map((b) => (b === "" ? "" : tabwrite(b, DESCRIBE_TABWRITER)))
      .join("");
  }
}

/** `tabbedString`: runs `fn` with a fresh writer and returns the aligned text. */
export function tabbedString(fn: (w: PrefixWriter) => void): string {
  const w = new PrefixWriter();
  fn(w);
  return w.toString();
}

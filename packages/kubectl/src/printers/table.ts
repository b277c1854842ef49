/**
 * kubectl's human-readable table output (`kubectl get`, `-o wide`).
 *
 * Three layers, each a pure function:
 * - {@link tabwrite}: the elastic-tabstop writer kubectl prints through (`github.com/liggitt/tabwriter`,
 *   a fork of Go's `text/tabwriter`), configured as `k8s.io/cli-runtime/pkg/printers/tabwriter.go` does.
 * - {@link renderTable}: rows of cells in, aligned text out.
 * - {@link renderResourceTables}: the `kubectl get` flow of `cli-runtime/pkg/printers/tableprinter.go`
 *   (`decorateTable`, `printTable`) and `kubectl/pkg/cmd/get/get.go` (one table per resource type,
 *   blank lines between them, `kind.group/name` when several types are printed).
 *
 * Columns per kind come from {@link ResourcePrinter}s (see `columns/printerFor.ts`).
 */

import type { ObjectMeta } from "kubernetes-types/meta/v1.js";
import { formatLabels } from "./columns/_internal/format.js";
import { printerFor } from "./columns/printerFor.js";

/** One column of a resource table, as in K8s `metav1.TableColumnDefinition`. */
export interface PrintColumn {
  /** The column name as printers.go spells it (`Nominated Node`); the header is its upper-case form. */
  readonly name: string;
  /** 0 for default columns; 1 for columns shown only with `-o wide`. */
  readonly priority: number;
}

/** What a printer may know besides the object itself. */
export interface PrintContext {
  /** The current (virtual) time in milliseconds since the Unix epoch; every age is relative to it. */
  readonly nowMs: number;
  /** Whether wide output is generated (`printers.GenerateOptions.Wide`). */
  readonly wide: boolean;
}

/**
 * Turns objects of one kind into table rows, like a K8s `printXxx` handler of
 * `pkg/printers/internalversion/printers.go`.
 *
 * `row` returns one cell per column of `columns` when `ctx.wide` is true, and one cell per
 * priority-0 column (in order) when it is false, exactly as the Go handlers append wide cells
 * only under `options.Wide`. `T` is the object type the printer reads (`Pod` for the pod printer).
 */
export interface ResourcePrinter<T = PrintableObject> {
  readonly columns: readonly PrintColumn[];
  row(obj: T, ctx: PrintContext): string[];
}

/** Tabwriter settings (`tabwriter.NewWriter(output, minwidth, tabwidth, padding, padchar, flags)`). */
export interface TabwriterOptions {
  /** Minimal cell width including padding. */
  readonly minwidth: number;
  /** Padding added to a cell's width before the column width is computed. */
  readonly padding: number;
  /** The character cells are padded with (kubectl: a space; tab padding is not supported here). */
  readonly padchar: string;
  /** `RememberWidths`: column widths seen in one block carry over to later blocks of the same column. */
  readonly rememberWidths: boolean;
}

/**
 * kubectl's tabwriter: `tabwriterMinWidth = 6`, `tabwriterWidth = 4` (only used for tab padding),
 * `tabwriterPadding = 3`, `tabwriterPadChar = ' '`, `tabwriterFlags = tabwriter.RememberWidths`
 * (`k8s.io/cli-runtime/pkg/printers/tabwriter.go`).
 */
export const KUBECTL_TABWRITER: TabwriterOptions = {
  minwidth: 6,
  padding: 3,
  padchar: " ",
  rememberWidths: true,
};

interface Cell {
  readonly text: string;
  /** Width in Unicode code points, as the Go writer counts runes. */
  readonly width: number;
}

function runeCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/**
 * Aligns tab-terminated cells into columns, exactly as Go's elastic-tabstop `tabwriter.Writer`
 * does when all of `text` is written and then flushed: cells end at `\t`, `\v`, `\n` or `\f`;
 * the last cell of a line (not tab-terminated) is never padded; a column is a run of contiguous
 * lines that have a cell in it, and its width is `max(minwidth, widest cell + padding)`; a line
 * with a single cell, or a `\f`, flushes what came before (remembered widths survive a flush).
 */
export function tabwrite(text: string, options: TabwriterOptions = KUBECTL_TABWRITER): string {
  let out = "";
  let lines: Cell[][] = [[]];
  let cell = "";
  let widths: number[] = [];
  const maxwidths: number[] = [];

  const pad = (textWidth: number, cellWidth: number) => {
    out += options.padchar.repeat(Math.max(0, cellWidth - textWidth));
  };

  const writeLines = (line0: number, line1: number) => {
    for (let i = line0; i < line1; i++) {
      const line = lines[i] ?? [];
      line.forEach((c, j) => {
        out += c.text;
        if (j < widths.length) pad(c.width, widths[j] ?? 0);
      });
      // The buffer's last line has no newline of its own (its text is still being collected).
      if (i + 1 === lines.length) out += cell;
      else out += "\n";
    }
  };

  const format = (line0: number, line1: number) => {
    const column = widths.length;
    let start = line0;
    for (let cur = line0; cur < line1; cur++) {
      if (column >= (lines[cur]?.length ?? 0) - 1) continue;
      // A cell exists in this column: print the lines before this column block begins.
      writeLines(start, cur);
      start = cur;
      let width = options.minwidth;
      for (; cur < line1; cur++) {
        const line = lines[cur] ?? [];
        if (column >= line.length - 1) break;
        const w = (line[column]?.width ?? 0) + options.padding;
        if (w > width) width = w;
      }
      if (options.rememberWidths) {
        if (maxwidths.length < widths.length) maxwidths.push(...widths.slice(maxwidths.length));
        const remembered = maxwidths[widths.length];
        if (remembered === undefined) maxwidths.push(width);
        else if (remembered > width) width = remembered;
        else maxwidths[widths.length] = width;
      }
      widths.push(width);
      format(start, cur);
      widths.pop();
      start = cur;
      // Like the Go loop, the increment now skips line `cur`: it has no cell in this column.
    }
    writeLines(start, line1);
  };

  const flush = () => {
    if (cell.length > 0) {
      lines[lines.length - 1]?.push({ text: cell, width: runeCount(cell) });
      cell = "";
    }
    format(0, lines.length);
    lines = [[]];
    widths = [];
  };

  for (const ch of text) {
    if (ch === "\t" || ch === "\v" || ch === "\n" || ch === "\f") {
      const line = lines[lines.length - 1] ?? [];
      line.push({ text: cell, width: runeCount(cell) });
      cell = "";
      if (ch === "\n" || ch === "\f") {
        lines.push([]);
        if (ch === "\f" || line.length === 1) flush();
      }
    } else {
      cell += ch;
    }
  }
  flush();
  return out;
}

/**
 * Renders rows of cells as kubectl prints a table: cells joined by tabs, one line per row, each
 * line ending in a newline, aligned by {@link tabwrite} with kubectl's settings. The last column
 * is not padded. An empty row list renders as "".
 */
export function renderTable(rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return "";
  return tabwrite(rows.map((r) => `${r.join("\t")}\n`).join(""));
}

/** An API object as the table printer needs it: any object with metadata. */
export interface PrintableObject {
  readonly metadata?: ObjectMeta;
}

/** The objects of one resource type, in the order `kubectl get` prints them. */
export interface ResourceTable {
  /** The kind, e.g. `Deployment`; selects the printer through `printerFor`. */
  readonly kind: string;
  /** The API group, "" for the core group; prefixes names as `deployment.apps/web`. */
  readonly group: string;
  /** Whether the kind is namespaced; cluster-scoped kinds get no NAMESPACE column under `-A`. */
  readonly namespaced: boolean;
  readonly objects: readonly PrintableObject[];
}

/** The `kubectl get` flags that shape a human-readable table. */
export interface GetTableOptions {
  /** The current (virtual) time in milliseconds since the Unix epoch. */
  readonly nowMs: number;
  /** `-o wide`: show priority-1 columns. */
  readonly wide?: boolean;
  /** `--no-headers`. */
  readonly noHeaders?: boolean;
  /** `--show-labels`: a last LABELS column. */
  readonly showLabels?: boolean;
  /** `-L key` (`--label-columns`): one column per label key, headed by its last `/` segment upper-cased. */
  readonly labelColumns?: readonly string[];
  /** `-A`: a first NAMESPACE column for namespaced kinds. */
  readonly allNamespaces?: boolean;
  /**
   * Prefix names with `kind.group/`. Defaults to whether more than one resource type was
   * requested (get.go `multipleGVKsRequested`); kubectl also forces it for `kubectl get all`.
   */
  readonly withKind?: boolean;
}

// cellBreakChars and the terminal escaper of cli-runtime/pkg/printers (tableprinter.go, terminal.go).
const CELL_BREAK = /[\f\n\r]/;

/**
 * A cell as printTable writes it: cut at the first line break (form feed included, since the
 * tabwriter treats it as one) with `...` appended, and ESC shown as `^[` so that object data
 * cannot drive the terminal.
 */
function sanitizeCell(value: string): string {
  const brk = CELL_BREAK.exec(value);
  const kept = brk ? value.slice(0, brk.index) : value;
  const escaped = kept.replaceAll("\x1b", "^[");
  return brk ? `${escaped}...` : escaped;
}

/** `kind.group` lower-cased (GroupKind.String()), the prefix of names when several kinds are printed. */
function kindPrefix(table: ResourceTable): string {
  return (table.group ? `${table.kind}.${table.group}` : table.kind).toLowerCase();
}

/** The last `/`-separated segment of each label key, upper-cased (tableprinter.go `formatLabelHeaders`). */
function labelHeaders(keys: readonly string[]): string[] {
  return keys.map((k) => (k.split("/").pop() ?? k).toUpperCase());
}

function tableRows(table: ResourceTable, options: GetTableOptions, withKind: boolean): string[][] {
  const printer = printerFor(table.kind);
  const wide = options.wide ?? false;
  const withNamespace = (options.allNamespaces ?? false) && table.namespaced;
  const labelKeys = options.labelColumns ?? [];
  const visible = printer.columns.map((c) => wide || c.priority === 0);
  // decorateTable prefixes the first name-formatted column; every printer names it "Name".
  const nameColumn = printer.columns.findIndex((c) => c.name === "Name");

  const rows: string[][] = [];
  if (!options.noHeaders) {
    rows.push([
      ...(withNamespace ? ["NAMESPACE"] : []),
      ...printer.columns.filter((_, i) => visible[i]).map((c) => c.name.toUpperCase()),
      ...labelHeaders(labelKeys),
      ...(options.showLabels ? ["LABELS"] : []),
    ]);
  }
  for (const obj of table.objects) {
    // The API server always generates wide rows (printers/storage ConvertToTable passes
    // Wide: true); kubectl then drops the priority-1 columns unless -o wide was given.
    const cells = printer.row(obj, { nowMs: options.nowMs, wide: true });
    if (withKind && nameColumn >= 0) cells[nameColumn] = `${kindPrefix(table)}/${cells[nameColumn] ?? ""}`;
    const labels = obj.metadata?.labels ?? {};
    rows.push(
      [
        ...(withNamespace ? [obj.metadata?.namespace ?? ""] : []),
        ...cells.filter((_, i) => visible[i]),
        ...labelKeys.map((k) => labels[k] ?? ""),
        ...(options.showLabels ? [formatLabels(labels)] : []),
      ].map(sanitizeCell),
    );
  }
  return rows;
}

/**
 * The standard output of `kubectl get` in its human-readable formats (default and `-o wide`) for
 * one or more resource types, e.g. `kubectl get deploy,rs,pods`:
 * - each type is its own table, aligned on its own (get.go flushes the tabwriter and forgets
 *   its widths whenever the resource type changes); consecutive entries of the same type are
 *   one table;
 * - tables are separated by one blank line, unless `--no-headers` is given;
 * - a type without objects prints nothing, not even its header;
 * - names read `pod/web-1`, `deployment.apps/web` when several types were requested.
 *
 * Returns "" when nothing was printed; kubectl then writes {@link noResourcesFound} to stderr.
 */
export function renderResourceTables(tables: readonly ResourceTable[], options: GetTableOptions): string {
  const typeOf = (t: ResourceTable) => `${t.kind}.${t.group}`;
  const withKind = options.withKind ?? new Set(tables.map(typeOf)).size > 1;
  // get.go keeps the printer and the tabwriter while the resource type stays the same, so
  // consecutive results of one type (`kubectl get pod/a pod/b`) form a single aligned table.
  const merged: ResourceTable[] = [];
  for (const t of tables) {
    const last = merged[merged.length - 1];
    if (last && typeOf(last) === typeOf(t))
      merged[merged.length - 1] = { ...last, objects: [...last.objects, ...t.objects] };
    else merged.push(t);
  }
  let out = "";
  for (const table of merged) {
    if (table.objects.length === 0) continue;
    const text = renderTable(tableRows(table, options, withKind));
    if (out !== "" && !options.noHeaders) out += "\n";
    out += text;
  }
  return out;
}

/**
 * The stderr line kubectl prints when `get` wrote nothing and met no error:
 * `No resources found in <namespace> namespace.` when every requested type is namespaced and
 * `-A` was not given, else `No resources found` (get.go `allResourcesNamespaced`).
 */
export function noResourcesFound(
  tables: readonly ResourceTable[],
  options: { readonly namespace: string; readonly allNamespaces?: boolean },
): string {
  const allNamespaced = !(options.allNamespaces ?? false) && tables.every((t) => t.namespaced);
  return allNamespaced ? `No resources found in ${options.namespace} namespace.\n` : "No resources found\n";
}

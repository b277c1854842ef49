import type { KubeObject, ResourceRegistry, WatchEventType } from "@kubesim/core";
import { printJsonPath } from "../../jsonpath/index.js";
import { formatLabels } from "../../printers/columns/_internal/format.js";
import { printerFor } from "../../printers/columns/printerFor.js";
import { goJsonString, printJson } from "../../printers/json.js";
import { KUBECTL_TABWRITER } from "../../printers/table.js";
import { printYaml } from "../../printers/yaml.js";
import { splitOutputFlag } from "../../printObjects.js";
import { typePrefix } from "../../resourceArgs.js";

/** What shapes the output of `kubectl get --watch` (the `get` print flags of one resource type). */
export interface WatchPrintOptions {
  /** The `-o` value as given: "" and `wide` print tables; `name`, `yaml`, `json`, `jsonpath=...` objects. */
  readonly output: string;
  readonly kind: string;
  readonly namespaced: boolean;
  readonly noHeaders: boolean;
  readonly showLabels: boolean;
  readonly labelColumns: readonly string[];
  /** `-A`: a NAMESPACE column for namespaced kinds. */
  readonly allNamespaces: boolean;
  /** `--output-watch-events`: each object is printed inside its watch event (an EVENT column in tables). */
  readonly outputWatchEvents: boolean;
}

/** What one `PrintObj` call printed, or the printer's error. */
export type WatchPrintResult = { ok: true; text: string } | { ok: false; error: string };

/**
 * tableprinter.go `formattedEventType`: the EVENT cell, padded to the width of `MODIFIED` so that
 * the column does not move as event types change.
 */
const FORMATTED_EVENT_TYPE: Readonly<Record<WatchEventType, string>> = {
  ADDED: "ADDED   ",
  MODIFIED: "MODIFIED",
  DELETED: "DELETED ",
};

// cellBreakChars and the terminal escaper of cli-runtime/pkg/printers (tableprinter.go, terminal.go).
const CELL_BREAK = /[\f\n\r]/;

function sanitizeCell(value: string): string {
  const brk = CELL_BREAK.exec(value);
  const kept = brk ? value.slice(0, brk.index) : value;
  const escaped = kept.replaceAll("\x1b", "^[");
  return brk ? `${escaped}...` : escaped;
}

function runeCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/**
 * The printer `kubectl get --watch` keeps for the whole watch (get.go `watch()`): one
 * `HumanReadablePrinter` and one tabwriter, through which the initial list and then every
 * watch event is printed, the tabwriter flushed after each. So:
 * - the table header is printed once, with the first rows (an empty initial list prints
 *   nothing, not even `No resources found`; the header then comes with the first event);
 * - each event prints one row, aligned on the widths remembered from everything printed so far
 *   (`tabwriter.RememberWidths`): a column only ever widens, and rows already printed stay put;
 * - YAML documents are separated by `---`; JSON objects are concatenated; `--output-watch-events`
 *   wraps each object in its `WatchEvent` (`{"type":"ADDED","object":{...}}`, compact, as
 *   json.go marshals a WatchEvent; in YAML `object:` then `type:`).
 */
export class WatchPrinter {
  readonly #registry: ResourceRegistry;
  readonly #options: WatchPrintOptions;
  readonly #format: string;
  readonly #arg: string;
  /** The tabwriter's remembered column widths (they survive every flush). */
  readonly #widths: number[] = [];
  #printedHeaders = false;
  #yamlDocuments = 0;

  constructor(registry: ResourceRegistry, options: WatchPrintOptions) {
    this.#registry = registry;
    this.#options = options;
    const { format, arg } = splitOutputFlag(options.output);
    this.#format = format;
    this.#arg = arg;
  }

  /** Whether this printer prints tables (`-o wide` or no `-o`). */
  get isTable(): boolean {
    return this.#format === "" || this.#format === "wide";
  }

  /**
   * Prints objects as one `PrintObj` call and a flush: the initial list (all of it, as one
   * table) or the object of one watch event, as it was at that event, aged at `nowMs`.
   */
  print(objects: readonly KubeObject[], eventType: WatchEventType, nowMs: number): WatchPrintResult {
    if (this.isTable) return { ok: true, text: this.#table(objects, eventType, nowMs) };
    let text = "";
    for (const obj of objects) {
      const printed = this.#object(obj, eventType);
      if (!printed.ok) return printed;
      text += printed.text;
    }
    return { ok: true, text };
  }

  #object(obj: KubeObject, eventType: WatchEventType): WatchPrintResult {
    const events = this.#options.outputWatchEvents;
    const event = { type: eventType, object: obj };
    switch (this.#format) {
      case "name":
        // NamePrinter unwraps a WatchEvent and prints its object.
        return {
          ok: true,
          text: `${typePrefix(this.#registry.mustByKind(obj.kind))}/${obj.metadata.name}\n`,
        };
      case "yaml": {
        const separator = this.#yamlDocuments++ > 0 ? "---\n" : "";
        return { ok: true, text: separator + printYaml(events ? event : obj) };
      }
      case "json":
        return {
          ok: true,
          text: events
            ? `{"type":${goJsonString(eventType)},"object":${compactJson(obj)}}\n`
            : printJson(obj),
        };
      case "jsonpath":
      case "jsonpath-as-json": {
        const result = printJsonPath(this.#arg, events ? event : obj, {
          jsonOutput: this.#format === "jsonpath-as-json",
        });
        return result.ok ? { ok: true, text: result.output } : result;
      }
      default:
        return { ok: false, error: `unknown output format ${JSON.stringify(this.#options.output)}` };
    }
  }

  #table(objects: readonly KubeObject[], eventType: WatchEventType, nowMs: number): string {
    const o = this.#options;
    const printer = printerFor(o.kind);
    const wide = this.#format === "wide";
    const visible = printer.columns.map((c) => wide || c.priority === 0);
    const withNamespace = o.allNamespaces && o.namespaced;
    const events = o.outputWatchEvents;
    const rows: string[][] = [];
    // HumanReadablePrinter: headers once, with the first table that has rows.
    if (objects.length > 0 && !this.#printedHeaders && !o.noHeaders) {
      rows.push([
        ...(events ? ["EVENT"] : []),
        ...(withNamespace ? ["NAMESPACE"] : []),
        ...printer.columns.filter((_, i) => visible[i]).map((c) => c.name.toUpperCase()),
        ...o.labelColumns.map((k) => (k.split("/").pop() ?? k).toUpperCase()),
        ...(o.showLabels ? ["LABELS"] : []),
      ]);
    }
    if (objects.length > 0) this.#printedHeaders = true;
    for (const obj of objects) {
      const cells = printer.row(obj, { nowMs, wide: true });
      const labels = obj.metadata.labels ?? {};
      rows.push(
        [
          ...(events ? [FORMATTED_EVENT_TYPE[eventType]] : []),
          ...(withNamespace ? [obj.metadata.namespace ?? ""] : []),
          ...cells.filter((_, i) => visible[i]),
          ...o.labelColumns.map((k) => labels[k] ?? ""),
          ...(o.showLabels ? [formatLabels(labels)] : []),
        ].map(sanitizeCell),
      );
    }
    return this.#flush(rows);
  }

  /**
   * Writes rows through the tabwriter and flushes it. Every row of one table has the same cells,
   * so each column but the last is one block: its width is the widest cell plus padding (at
   * least minwidth) or the width remembered from earlier flushes, whichever is larger.
   */
  #flush(rows: readonly (readonly string[])[]): string {
    const { minwidth, padding, padchar } = KUBECTL_TABWRITER;
    // A loop, not Math.max(...rows): an initial list can hold more rows than a call has arguments.
    let columns = 0;
    for (const row of rows) columns = Math.max(columns, row.length - 1);
    const widths: number[] = [];
    for (let j = 0; j < columns; j++) {
      let width = minwidth;
      for (const row of rows) {
        if (j < row.length - 1) width = Math.max(width, runeCount(row[j] ?? "") + padding);
      }
      width = Math.max(width, this.#widths[j] ?? 0);
      this.#widths[j] = width;
      widths.push(width);
    }
    let text = "";
    for (const row of rows) {
      row.forEach((cell, j) => {
        text += cell;
        if (j < row.length - 1) text += padchar.repeat(Math.max(0, (widths[j] ?? 0) - runeCount(cell)));
      });
      text += "\n";
    }
    return text;
  }
}

/**
 * `json.Marshal` of an unstructured object, as inside a `WatchEvent` (whose `type` comes before
 * `object`, in struct order): compact, members in sorted order (a Go map), Go's escaping.
 */
function compactJson(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "string") return goJsonString(value);
  if (typeof value === "number" || typeof value === "boolean") return JSON.stringify(value);
  if (typeof value === "bigint") return value.toString();
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? "null" : compactJson(v))).join(",")}]`;
  if (typeof value === "object") {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).filter((k) => record[k] !== undefined);
    keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${keys.map((k) => `${goJsonString(k)}:${compactJson(record[k])}`).join(",")}}`;
  }
  return "null";
}

import type { KubeObject } from "@kubesim/core";
import type { FlagSpec } from "../../cli/parseFlags.js";
import { compareGoStrings } from "../../jsonpath/_internal/goValue.js";
import type { KubectlContext, Output } from "../../KubectlContext.js";
import { printObjects, splitOutputFlag } from "../../printObjects.js";
import { typePrefix } from "../../resourceArgs.js";

/**
 * A command's printer (cli-runtime PrintFlags): without `-o`, the name printer's
 * `<type>/<name> <operation>[ (dry run)]`; with `-o name`, `<type>/<name>`; else the object in
 * the `-o` format. A YAML printer writes `---` before every object but its first, so commands
 * that build one printer for all their objects (create, replace, annotate, scale) separate YAML
 * documents and commands that build one per object (label, patch) do not: `reuse` says which.
 */
/** The printer flags of every command that can print the objects it changed (genericclioptions.PrintFlags). */
export const PRINT_FLAGS: readonly FlagSpec[] = [
  { name: "output", shorthand: "o", type: "string" },
  { name: "template", type: "string" },
  { name: "allow-missing-template-keys", type: "bool" },
  { name: "show-managed-fields", type: "bool" },
];

export class ObjectPrinter {
  readonly #ctx: KubectlContext;
  readonly #out: Output;
  readonly #output: string;
  readonly #suffix: string;
  readonly #reuse: boolean;
  #count = 0;

  /**
   * @param suffix - what follows the operation: ` (dry run)`, ` (server dry run)` or "".
   */
  constructor(ctx: KubectlContext, out: Output, output: string, options: { suffix: string; reuse: boolean }) {
    this.#ctx = ctx;
    this.#out = out;
    this.#output = output;
    this.#suffix = options.suffix;
    this.#reuse = options.reuse;
  }

  /** Prints one object; false (after printing the error) when the `-o` template fails on it. */
  print(obj: KubeObject, operation: string): boolean {
    const label = `${typePrefix(this.#ctx.sim.registry.mustByKind(obj.kind))}/${obj.metadata.name ?? ""}`;
    if (this.#output === "") {
      this.#out.out(`${label} ${operation}${this.#suffix}\n`);
      return true;
    }
    if (this.#output === "name") {
      this.#out.out(`${label}\n`);
      return true;
    }
    const printed = printObjects(this.#ctx.sim.registry, [sortKeys(obj) as KubeObject], this.#output, true);
    if (!printed.ok) {
      this.#out.fail(printed.error);
      return false;
    }
    const separator =
      this.#reuse && this.#count > 0 && splitOutputFlag(this.#output).format === "yaml" ? "---\n" : "";
    this.#count++;
    this.#out.out(separator + printed.text);
    return true;
  }
}

/**
 * The object with its keys in Go's sorted order at every level: kubectl prints the unstructured
 * maps it holds, which encoding/json writes sorted, whatever order the file or store had.
 */
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (typeof v !== "object" || v === null) return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort(compareGoStrings)) out[k] = sortKeys((v as Record<string, unknown>)[k]);
  return out;
}

/** The operation suffix the PrintFlags of most commands get from `--dry-run` (PrintFlagsWithDryRunStrategy). */
export function dryRunSuffix(dryRun: "none" | "client" | "server"): string {
  return dryRun === "client" ? " (dry run)" : dryRun === "server" ? " (server dry run)" : "";
}

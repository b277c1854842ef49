import type { KubeObject } from "@kubesim/core";
import type { FlagSpec } from "../../cli/parseFlags.js";
import { quoteGo } from "../../jsonpath/_internal/goFormat.js";
import type { KubectlContext } from "../../KubectlContext.js";
import { type CommandSpec, filenamesReadStdin } from "../CommandSpec.js";
import { parseDryRun } from "../generatedObject.js";
import { Failures } from "./Failures.js";
import { dryRunSuffix, ObjectPrinter } from "./ObjectPrinter.js";
import { resolveTargets } from "./resolveTargets.js";
import { serverWrite } from "./serverWrite.js";

/** The changes asked for: keys to set (in argument order) and keys to remove. */
export interface MapChanges {
  readonly set: ReadonlyMap<string, string>;
  readonly remove: readonly string[];
}

/** What tells `kubectl label` and `kubectl annotate` apart. */
export interface MetadataMapCommandConfig {
  readonly name: "label" | "annotate";
  readonly field: "labels" | "annotations";
  /** `label` / `annotation`, as the messages name a pair. */
  readonly pairType: string;
  /** The `-f` example in `--local` errors: `pod.yaml` / `rsrc.yaml` (with `.json` alike). */
  readonly localExample: string;
  /** annotate checks `--list` with `-o` before reading its arguments; label after. */
  readonly listOutputCheckFirst: boolean;
  /** Reads the KEY=VAL / KEY- arguments (Complete), or returns kubectl's error. */
  parsePairs(pairs: readonly string[]): { ok: true; changes: MapChanges } | { ok: false; error: string };
  /** A check of the changes that comes last in Validate (annotate's modify-and-remove check). */
  validateChanges?(changes: MapChanges): string | undefined;
  /**
   * The errors when `--overwrite` is false and a key would change: one per key (label returns
   * them as an aggregate) or one message (annotate).
   */
  overwriteErrors(current: Readonly<Record<string, string>>, changes: MapChanges): string[];
  /** The printed operation for an object that went from `before` to `after` (`labeled`, ...). */
  operation(before: KubeObject, after: KubeObject, overwrite: boolean): string;
  /** label prints the object it changed locally; annotate the server's answer. */
  readonly printServerObject: boolean;
  /** label builds a printer per object (no `---` between YAML documents); annotate one. */
  readonly reusePrinter: boolean;
  /** label reports each key to remove that the live object lacks: `label "x" not found.` */
  readonly reportMissing: boolean;
  /** `Listing labels for` / `Listing annotations for`. */
  readonly listHeading: string;
}

const FLAGS: readonly FlagSpec[] = [
  { name: "overwrite", type: "bool" },
  { name: "list", type: "bool" },
  { name: "local", type: "bool" },
  { name: "selector", shorthand: "l", type: "string" },
  { name: "field-selector", type: "string" },
  { name: "all", type: "bool" },
  { name: "all-namespaces", shorthand: "A", type: "bool" },
  { name: "resource-version", type: "string" },
  { name: "filename", shorthand: "f", type: "stringArray" },
  { name: "recursive", shorthand: "R", type: "bool" },
  { name: "kustomize", shorthand: "k", type: "string" },
  { name: "output", shorthand: "o", type: "string" },
  { name: "dry-run", type: "string", noOptDefault: "unchanged" },
  { name: "field-manager", type: "string" },
  { name: "record", type: "bool" },
  { name: "template", type: "string" },
  { name: "allow-missing-template-keys", type: "bool" },
  { name: "show-managed-fields", type: "bool" },
];

/**
 * `cmdutil.GetResourcesAndPairs`: the arguments before the first KEY=VAL or KEY- are resources,
 * the rest pairs; a resource after a pair is an error.
 */
function getResourcesAndPairs(
  args: readonly string[],
  pairType: string,
): { ok: true; resources: string[]; pairs: string[] } | { ok: false; error: string } {
  const resources: string[] = [];
  const pairs: string[] = [];
  let foundPair = false;
  for (const s of args) {
    const nonResource = (s.includes("=") && !s.startsWith("=")) || (s.endsWith("-") && s !== "-");
    if (nonResource) {
      foundPair = true;
      pairs.push(s);
    } else if (!foundPair) {
      resources.push(s);
    } else {
      return { ok: false, error: `all resources must be specified before ${pairType} changes: ${s}` };
    }
  }
  return { ok: true, resources, pairs };
}

/** The object with its labels (or annotations) replaced; an empty map is kept, as kubectl keeps it. */
function withMap(
  obj: KubeObject,
  field: "labels" | "annotations",
  map: Record<string, string>,
  rv?: string,
): KubeObject {
  const metadata = { ...obj.metadata, [field]: map };
  if (rv !== undefined) metadata.resourceVersion = rv;
  return { ...obj, metadata };
}

/**
 * Builds `kubectl label` or `kubectl annotate` (k8s.io/kubectl/pkg/cmd/label/label.go,
 * annotate/annotate.go as of v1.32): validation in kubectl's order, the objects from arguments,
 * selectors or files (fetched fresh from the server unless `--local`), the change applied to each
 * (a JSON merge patch of the labels or annotations, through the API server unless `--local`,
 * `--list` or `--dry-run=client`), and the printed result or `--list` listing.
 */
export function metadataMapCommand(config: MetadataMapCommandConfig): CommandSpec {
  return {
    name: config.name,
    flags: FLAGS,
    readsStdin: filenamesReadStdin,
    run(ctx, flags, out) {
      const dryRun = parseDryRun(ctx, flags, out);
      if (dryRun === undefined) return;
      const list = flags.bool("list");
      const output = flags.string("output");
      const listOutputError = "--list and --output may not be specified together";
      if (config.listOutputCheckFirst && list && output !== "") return out.fail(listOutputError);
      const split = getResourcesAndPairs(flags.args, config.pairType);
      if (!split.ok) return out.fail(split.error);
      const parsed = config.parsePairs(split.pairs);
      if (!parsed.ok) return out.fail(parsed.error);
      const { changes } = parsed;
      if (!config.listOutputCheckFirst && list && output !== "") return out.fail(listOutputError);

      // Validate.
      const all = flags.bool("all");
      const local = flags.bool("local");
      const filenames = flags.strings("filename");
      if (all && flags.has("selector")) return out.fail("cannot set --all and --selector at the same time");
      if (all && flags.has("field-selector"))
        return out.fail("cannot set --all and --field-selector at the same time");
      const json = config.localExample.replace(/\.yaml$/, ".json");
      if (local) {
        if (dryRun === "server") {
          return out.fail("cannot specify --local and --dry-run=server - did you mean --dry-run=client?");
        }
        if (split.resources.length > 0) {
          return out.fail(
            `can only use local files by -f ${config.localExample} or --filename=${json} when --local=true is set`,
          );
        }
        if (filenames.length === 0) {
          return out.fail(
            `one or more files must be specified as -f ${config.localExample} or --filename=${json}`,
          );
        }
      } else if (split.resources.length === 0 && filenames.length === 0) {
        return out.fail("one or more resources must be specified as <resource> <name> or <resource>/<name>");
      }
      if (changes.set.size === 0 && changes.remove.length === 0 && !list) {
        return out.fail(`at least one ${config.pairType} update is required`);
      }
      const invalid = config.validateChanges?.(changes);
      if (invalid) return out.fail(invalid);
      if (flags.has("kustomize")) return out.fail("kubesim does not support kustomize (-k)");
      if (flags.has("field-selector")) return out.fail("kubesim does not support --field-selector");

      const failures = new Failures();
      const resolved = resolveTargets(
        ctx,
        {
          filenames,
          recursive: flags.bool("recursive"),
          args: local ? [] : split.resources,
          ...(flags.has("selector") && !local ? { selector: flags.string("selector") } : {}),
          all: all && !local,
          allNamespaces: flags.bool("all-namespaces") && !local,
          latest: true,
          local,
        },
        failures,
      );
      if (!resolved.ok) return out.fail(resolved.error);
      const { targets, singleItemImplied } = resolved.value;
      const resourceVersion = flags.string("resource-version");
      if (!singleItemImplied && resourceVersion !== "") {
        return out.fail("--resource-version may only be used with a single resource");
      }
      const overwrite = flags.bool("overwrite");
      const printer = new ObjectPrinter(ctx, out, output, {
        suffix: dryRunSuffix(dryRun),
        reuse: config.reusePrinter,
      });

      for (const target of targets) {
        const before =
          resourceVersion !== ""
            ? { ...target.object, metadata: { ...target.object.metadata, resourceVersion: "" } }
            : target.object;
        const current = (before.metadata[config.field] ?? {}) as Record<string, string>;
        if (config.reportMissing && !local && !list && dryRun !== "client") {
          for (const key of changes.remove)
            if (!Object.hasOwn(current, key)) out.out(`label ${quoteGo(key)} not found.\n`);
        }
        if (!overwrite) {
          const errors = config.overwriteErrors(current, changes);
          if (errors.length > 0) {
            failures.aggregate(errors);
            continue;
          }
        }
        const next: Record<string, string> = { ...current };
        for (const [k, v] of changes.set) next[k] = v;
        for (const k of changes.remove) delete next[k];
        const changed = withMap(before, config.field, next, resourceVersion || undefined);
        let shown = changed;
        if (!(dryRun === "client" || local || list)) {
          const sent = failures.catch(() =>
            sendToServer(ctx, target.object, config.field, next, resourceVersion, dryRun),
          );
          if (!sent) continue;
          if (config.printServerObject) shown = sent;
        }
        if (list) {
          printList(out, config, target.object, shown, singleItemImplied);
          continue;
        }
        if (!printer.print(shown, config.operation(before, changed, overwrite))) return;
      }
      if (resolved.value.readError) failures.message(resolved.value.readError);
      failures.print(out);
    },
  };
}

/**
 * The JSON merge patch kubectl sends, as the server applies it: the live object with the new map
 * (the typed object drops an empty map) and, with `--resource-version`, that version as a
 * precondition.
 */
function sendToServer(
  ctx: KubectlContext,
  live: KubeObject,
  field: "labels" | "annotations",
  map: Record<string, string>,
  resourceVersion: string,
  dryRun: "none" | "client" | "server",
): KubeObject {
  const metadata = { ...live.metadata, [field]: map };
  if (Object.keys(map).length === 0) delete metadata[field];
  if (resourceVersion !== "") metadata.resourceVersion = resourceVersion;
  return serverWrite(ctx, dryRun === "server" ? "server" : "none", (store) =>
    store.update({ ...live, metadata }),
  );
}

/**
 * `--list`: `key=value` lines (Go prints them in map order, which is random; kubesim sorts
 * them), under `Listing labels for <Kind>.<group>/<name>:` and indented when several objects
 * may be listed.
 */
function printList(
  out: { out(text: string): void },
  config: MetadataMapCommandConfig,
  original: KubeObject,
  shown: KubeObject,
  single: boolean,
): void {
  const map = (shown.metadata[config.field] ?? {}) as Record<string, string>;
  let indent = "";
  if (!single) {
    indent = " ";
    const [group] = original.apiVersion.includes("/") ? original.apiVersion.split("/") : [""];
    out.out(`${config.listHeading} ${original.kind}.${group}/${original.metadata.name ?? ""}:\n`);
  }
  for (const key of Object.keys(map).sort()) out.out(`${indent}${key}=${map[key]}\n`);
}

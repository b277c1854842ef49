/**
 * What kubectl's object-generating commands (`create <kind>`, `run`, `expose`) share: the
 * `--dry-run` strategy (k8s.io/kubectl/pkg/cmd/util/helpers.go `GetDryRunStrategy`), the
 * `-o` formats their PrintFlags accept, `--save-config`, klog lines, and sending the object to
 * the simulated API server.
 */
import { civilFromDays, type KubeObject, StatusError } from "@kubesim/core";
import type { FlagSpec, Flags } from "../cli/parseFlags.js";
import type { KubectlContext, Output } from "../KubectlContext.js";
import { printObjects, splitOutputFlag } from "../printObjects.js";
import { typePrefix } from "../resourceArgs.js";
import { LAST_APPLIED_ANNOTATION } from "./apply.js";

/** `--dry-run` as kubectl resolves it. */
export type DryRun = "none" | "client" | "server";

/** Flags every generator command has: PrintFlags, `--dry-run`, `--save-config`, `--validate`, `--field-manager`. */
export const GENERATOR_FLAGS: readonly FlagSpec[] = [
  { name: "output", shorthand: "o", type: "string" },
  { name: "dry-run", type: "string", noOptDefault: "unchanged" },
  { name: "save-config", type: "bool" },
  { name: "validate", type: "string", noOptDefault: "strict" },
  { name: "field-manager", type: "string" },
  { name: "template", type: "string" },
  { name: "allow-missing-template-keys", type: "bool" },
  { name: "show-managed-fields", type: "bool" },
];

/** The `-o` formats a generator command's PrintFlags accept (no tables). */
const GENERATOR_FORMATS =
  "go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml";

/**
 * A klog line as kubectl writes it to standard error (`Lmmdd hh:mm:ss.uuuuuu threadid file:line] msg`),
 * stamped with the virtual clock; the thread id is fixed so that runs are reproducible.
 */
export function klogLine(severity: "W" | "E", nowMs: number, source: string, message: string): string {
  const s = Math.floor(nowMs / 1000);
  const days = Math.floor(s / 86400);
  const { month, day } = civilFromDays(days);
  const sod = s - days * 86400;
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  const micros = p((nowMs % 1000) * 1000, 6);
  return `${severity}${p(month)}${p(day)} ${p(Math.floor(sod / 3600))}:${p(Math.floor((sod % 3600) / 60))}:${p(sod % 60)}.${micros}       1 ${source}] ${message}\n`;
}

/**
 * How cobra reports a missing required flag in kubectl 1.32: a klog error line
 * (`"command failed" err="required flag(s) \"image\" not set"`) and exit code 1.
 */
export function failRequiredFlag(ctx: KubectlContext, out: Output, flag: string): void {
  const err = `required flag(s) "${flag}" not set`;
  out.err(klogLine("E", ctx.sim.nowMs, "run.go:72", `"command failed" err=${JSON.stringify(err)}`));
  out.exitCode = 1;
}

/** kubectl's usage error: `error: <msg>` and `See '<path> -h' for help and examples`. */
export function failUsage(out: Output, commandPath: string, message: string): void {
  out.fail(`${message}\nSee '${commandPath} -h' for help and examples`);
}

/**
 * `GetDryRunStrategy`: `--dry-run` alone (and the deprecated booleans) with kubectl's warning,
 * `client`, `server`, `none`; anything else is an error message.
 */
export function parseDryRun(ctx: KubectlContext, flags: Flags, out: Output): DryRun | undefined {
  const value = flags.string("dry-run", "none");
  switch (value) {
    case "unchanged":
      out.err(
        klogLine(
          "W",
          ctx.sim.nowMs,
          "helpers.go:702",
          "--dry-run is deprecated and can be replaced with --dry-run=client.",
        ),
      );
      return "client";
    case "true":
      out.err(
        klogLine(
          "W",
          ctx.sim.nowMs,
          "helpers.go:716",
          "--dry-run=true is deprecated (boolean value) and can be replaced with --dry-run=client.",
        ),
      );
      return "client";
    case "false":
      out.err(
        klogLine(
          "W",
          ctx.sim.nowMs,
          "helpers.go:719",
          "--dry-run=false is deprecated (boolean value) and can be replaced with --dry-run=none.",
        ),
      );
      return "none";
    case "client":
    case "server":
    case "none":
      return value;
    default:
      out.fail(`Invalid dry-run value (${value}). Must be "none", "server", or "client".`);
      return undefined;
  }
}

/** Checks `-o` against the formats a generator command prints; prints kubectl's error when unknown. */
export function checkGeneratorOutput(flags: Flags, out: Output): boolean {
  const output = flags.string("output");
  if (
    output === "" ||
    ["yaml", "json", "name", "jsonpath", "jsonpath-as-json"].includes(splitOutputFlag(output).format)
  ) {
    return true;
  }
  out.fail(
    `unable to match a printer suitable for the output format "${output}", allowed formats are: ${GENERATOR_FORMATS}`,
  );
  return false;
}

/**
 * `util.CreateOrUpdateAnnotation` for `--save-config`: the object's compact JSON (without the
 * annotation itself) and a newline, stored as the last-applied configuration.
 */
export function withSaveConfig(obj: KubeObject): KubeObject {
  const annotations = { ...obj.metadata.annotations };
  delete annotations[LAST_APPLIED_ANNOTATION];
  const { annotations: _old, ...metaWithout } = obj.metadata;
  const encoded = JSON.stringify({
    ...obj,
    metadata: Object.keys(annotations).length > 0 ? { ...metaWithout, annotations } : metaWithout,
  });
  return {
    ...obj,
    metadata: { ...obj.metadata, annotations: { ...annotations, [LAST_APPLIED_ANNOTATION]: `${encoded}\n` } },
  };
}

/** Thrown inside a transaction to undo a server-side dry run. */
class DryRunAbort extends Error {}

/**
 * Sends a generated object to the API server as the command's client does: in the request's
 * namespace (`-n` or `default`) for namespaced kinds; with `--dry-run=server` the write is made
 * and undone. Throws the server's StatusError.
 */
export function createOnServer(ctx: KubectlContext, obj: KubeObject, dryRun: "none" | "server"): KubeObject {
  const type = ctx.sim.registry.mustByKind(obj.kind);
  const { namespace: _ns, ...meta } = obj.metadata;
  const toSend: KubeObject = {
    ...obj,
    metadata: type.namespaced ? { ...obj.metadata, namespace: ctx.namespace } : meta,
  };
  if (dryRun === "none") return ctx.sim.store.create(toSend);
  let result: KubeObject | undefined;
  try {
    ctx.sim.store.transaction((tx) => {
      result = tx.create(toSend);
      throw new DryRunAbort();
    });
  } catch (err) {
    if (!(err instanceof DryRunAbort)) throw err;
  }
  return result!;
}

/**
 * Prints a generated or created object as the command's PrintFlags do: with `-o`, in that
 * format; otherwise `<type>/<name> <verb>` plus ` (dry run)` or ` (server dry run)`.
 */
export function printGenerated(
  ctx: KubectlContext,
  out: Output,
  obj: KubeObject,
  output: string,
  dryRun: DryRun,
  verb: string,
): void {
  if (output !== "") {
    const printed = printObjects(ctx.sim.registry, [obj], output, true);
    if (printed.ok) out.out(printed.text);
    else out.fail(printed.error);
    return;
  }
  const suffix = dryRun === "client" ? " (dry run)" : dryRun === "server" ? " (server dry run)" : "";
  out.out(`${typePrefix(ctx.sim.registry.mustByKind(obj.kind))}/${obj.metadata.name} ${verb}${suffix}\n`);
}

/**
 * The last step of every `create <kind>` subcommand: `--save-config`, then (unless a client dry
 * run) the create request, then printing. `wrapError` turns a server error into the text the
 * subcommand's Go code prints (some wrap it in `failed to create ...: %v`, which hides the
 * status from kubectl's error printer; others return it as is).
 */
export function finishGenerated(
  ctx: KubectlContext,
  flags: Flags,
  out: Output,
  dryRun: DryRun,
  generated: KubeObject,
  wrapError: (err: StatusError) => string,
  verb = "created",
): void {
  let obj = flags.bool("save-config") ? withSaveConfig(generated) : generated;
  if (dryRun !== "client") {
    try {
      obj = createOnServer(ctx, obj, dryRun);
    } catch (err) {
      if (!(err instanceof StatusError)) throw err;
      out.err(wrapError(err));
      out.exitCode = 1;
      return;
    }
  }
  printGenerated(ctx, out, obj, flags.string("output"), dryRun, verb);
}

/** A StringSlice flag's values: every occurrence split at commas, as pflag's StringSlice reads them. */
export function stringSlice(flags: Flags, name: string): string[] {
  return flags.strings(name).flatMap((v) => (v === "" ? [] : v.split(",")));
}

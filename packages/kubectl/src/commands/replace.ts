import type { KubeObject } from "@kubesim/core";
import { newNotFound } from "@kubesim/core";
import { quoteGo } from "../jsonpath/_internal/goFormat.js";
import type { KubectlContext, Output } from "../KubectlContext.js";
import { createOrUpdateAnnotation } from "./_internal/createOrUpdateAnnotation.js";
import { Failures } from "./_internal/Failures.js";
import { dryRunSuffix, ObjectPrinter, PRINT_FLAGS } from "./_internal/ObjectPrinter.js";
import { parseTimeoutFlag } from "./_internal/parseGoDuration.js";
import { resolveTargets, type Target } from "./_internal/resolveTargets.js";
import { serverWrite } from "./_internal/serverWrite.js";
import { type CommandSpec, filenamesReadStdin } from "./CommandSpec.js";
import { checkGeneratorOutput, parseDryRun } from "./generatedObject.js";

/** How long `replace --force` waits for the old objects to be gone, by default (virtual time). */
const DEFAULT_FORCE_TIMEOUT_MS = 5 * 60 * 1000;

/**
 * `kubectl replace -f FILENAME` (k8s.io/kubectl/pkg/cmd/replace/replace.go): replaces each object
 * of the files with the file's version (a PUT: the stored resourceVersion is used unless the file
 * has one, which is then a precondition), printing `<type>/<name> replaced`; an object that does
 * not exist is `Error from server (NotFound): error when replacing "f.yaml": ...`. With `--force`
 * the objects are deleted (`configmap "x" deleted`), waited for, and created again.
 */
export const replaceCommand: CommandSpec = {
  name: "replace",
  flags: [
    ...PRINT_FLAGS,
    { name: "filename", shorthand: "f", type: "stringArray" },
    { name: "recursive", shorthand: "R", type: "bool" },
    { name: "kustomize", shorthand: "k", type: "string" },
    { name: "dry-run", type: "string", noOptDefault: "unchanged" },
    { name: "force", type: "bool" },
    { name: "grace-period", type: "int" },
    { name: "timeout", type: "string" },
    { name: "wait", type: "bool" },
    { name: "cascade", type: "string", noOptDefault: "background" },
    { name: "save-config", type: "bool" },
    { name: "validate", type: "string", noOptDefault: "strict" },
    { name: "raw", type: "string" },
    { name: "subresource", type: "string" },
    { name: "field-manager", type: "string" },
    { name: "record", type: "bool" },
  ],
  readsStdin: filenamesReadStdin,
  run(ctx, flags, out) {
    const timeoutMs = parseTimeoutFlag(flags, out, "replace");
    if (timeoutMs === undefined) return;
    const dryRun = parseDryRun(ctx, flags, out);
    if (dryRun === undefined) return;
    if (!checkGeneratorOutput(flags, out)) return;
    const filenames = flags.strings("filename");
    if (filenames.length === 0 && !flags.has("kustomize")) return out.fail("must specify one of -f and -k");
    const force = flags.bool("force");
    let grace = flags.int("grace-period", -1);
    // replace.go: "we convert --grace-period=0 into --grace-period=1 and wait".
    if (grace === 0) grace = 1;
    if (grace >= 0 && !force) return out.fail("--grace-period must have --force specified");
    if (timeoutMs !== 0 && !force) return out.fail("--timeout must have --force specified");
    const subresource = flags.string("subresource");
    if (subresource !== "" && !["status", "scale"].includes(subresource)) {
      return out.fail(`invalid subresource value: ${quoteGo(subresource)}. Must be one of [status scale]`);
    }
    if (subresource === "scale")
      return out.fail("kubesim does not support --subresource=scale; use kubectl scale");
    if (flags.has("raw")) return out.fail("kubesim does not support --raw");
    if (flags.has("kustomize")) return out.fail("kubesim does not support kustomize (-k)");

    const saveConfig = flags.bool("save-config");
    const printer = new ObjectPrinter(ctx, out, flags.string("output"), {
      suffix: dryRunSuffix(dryRun),
      reuse: true,
    });
    if (force) {
      forceReplace(ctx, flags.args, filenames, flags.bool("recursive"), {
        grace,
        timeoutMs: timeoutMs || DEFAULT_FORCE_TIMEOUT_MS,
        saveConfig,
        output: flags.string("output"),
        printer,
        out,
      });
      return;
    }

    const failures = new Failures();
    const resolved = resolveTargets(
      ctx,
      { filenames, recursive: flags.bool("recursive"), args: [], latest: false },
      failures,
    );
    if (!resolved.ok) return out.fail(resolved.error);
    for (const target of resolved.value.targets) {
      const obj = createOrUpdateAnnotation(target.object, saveConfig);
      const replaced =
        dryRun === "client"
          ? obj
          : failures.catch(
              () =>
                serverWrite(ctx, dryRun, (store) =>
                  replaceOnServer(store, target, obj, subresource === "status"),
                ),
              `error when replacing "${target.source}"`,
            );
      if (!replaced) continue;
      if (!printer.print(replaced, "replaced")) return;
    }
    if (resolved.value.readError) failures.message(resolved.value.readError);
    failures.print(out);
  },
};

/** `Helper.Replace(..., overwrite=true)`: a PUT of the object, which must exist. */
function replaceOnServer(
  store: Parameters<Parameters<typeof serverWrite>[2]>[0],
  target: Target,
  obj: KubeObject,
  status: boolean,
): KubeObject {
  if (!store.get(target.type.kind, target.namespace, target.name))
    throw newNotFound(target.type, target.name);
  return status ? store.updateStatus(obj) : store.update(obj);
}

interface ForceOptions {
  readonly grace: number;
  readonly timeoutMs: number;
  readonly saveConfig: boolean;
  readonly output: string;
  readonly printer: ObjectPrinter;
  readonly out: Output;
}

/**
 * `forceReplace`: deletes the objects (a missing one is fine: replace creates it), waits until
 * they are gone, then creates them from the files. kubectl does this whatever `--dry-run` says.
 */
function forceReplace(
  ctx: KubectlContext,
  args: readonly string[],
  filenames: readonly string[],
  recursive: boolean,
  options: ForceOptions,
): void {
  const { out } = options;
  const failures = new Failures();
  const resolved = resolveTargets(ctx, { filenames, recursive, args, latest: false }, failures);
  if (!resolved.ok) {
    out.fail(resolved.error);
    return;
  }
  const deleted: { target: Target; uid: string | undefined }[] = [];
  for (const target of resolved.value.targets) {
    const live = ctx.sim.store.get(target.type.kind, target.namespace, target.name);
    if (!live) continue;
    const ok = failures.catch(
      () =>
        ctx.sim.store.delete(
          { kind: target.type.kind, namespace: target.namespace, name: target.name },
          options.grace >= 0 ? { gracePeriodSeconds: options.grace } : {},
        ),
      `error when deleting "${target.source}"`,
    );
    if (!ok) continue;
    const kindString = target.type.group
      ? `${target.type.singular}.${target.type.group}`
      : target.type.singular;
    out.out(
      options.output === "name"
        ? `${kindString}/${target.name}\n`
        : `${kindString} "${target.name}" deleted\n`,
    );
    deleted.push({ target, uid: live.metadata.uid });
  }
  if (failures.count > 0) {
    failures.print(out);
    return;
  }
  const gone = () =>
    deleted.every(
      ({ target, uid }) =>
        ctx.sim.store.get(target.type.kind, target.namespace, target.name)?.metadata.uid !== uid,
    );
  if (!ctx.sim.runUntil(gone, { timeoutMs: options.timeoutMs })) {
    out.fail("timed out waiting for the condition");
    return;
  }

  let count = 0;
  for (const target of resolved.value.targets) {
    const obj = createOrUpdateAnnotation(target.object, options.saveConfig);
    const { resourceVersion: _rv, ...metadata } = obj.metadata;
    const created = failures.catch(() => ctx.sim.store.create({ ...obj, metadata }));
    if (!created) continue;
    count++;
    if (!options.printer.print(created, "replaced")) return;
  }
  if (resolved.value.readError) failures.message(resolved.value.readError);
  if (failures.count === 0 && count === 0) {
    out.fail("no objects passed to replace");
    return;
  }
  failures.print(out);
}

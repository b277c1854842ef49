import { parseSelector, selectorMatches } from "@kubesim/core";
import { createOrUpdateAnnotation } from "./_internal/createOrUpdateAnnotation.js";
import { Failures } from "./_internal/Failures.js";
import { dryRunSuffix, ObjectPrinter } from "./_internal/ObjectPrinter.js";
import { resolveTargets } from "./_internal/resolveTargets.js";
import { serverWrite } from "./_internal/serverWrite.js";
import { type CommandSpec, filenamesReadStdin } from "./CommandSpec.js";
import { checkGeneratorOutput, failUsage, GENERATOR_FLAGS, parseDryRun } from "./generatedObject.js";

/**
 * `kubectl create -f FILENAME|DIR|-` (k8s.io/kubectl/pkg/cmd/create/create.go `RunCreate`):
 * creates every object of the files (only those matching `-l`, when given) through the API
 * server, printing `<type>/<name> created` for each, `(dry run)` / `(server dry run)` with
 * `--dry-run`, or the objects with `-o`. An object that cannot be created is reported
 * (`Error from server (AlreadyExists): error when creating "f.yaml": configmaps "x" already exists`)
 * and the others are still created. `create.ts` hands the file form over to this command.
 */
export const createFromFilesCommand: CommandSpec = {
  name: "create",
  flags: [
    ...GENERATOR_FLAGS,
    { name: "filename", shorthand: "f", type: "stringArray" },
    { name: "recursive", shorthand: "R", type: "bool" },
    { name: "kustomize", shorthand: "k", type: "string" },
    { name: "edit", type: "bool" },
    { name: "windows-line-endings", type: "bool" },
    { name: "raw", type: "string" },
    { name: "selector", shorthand: "l", type: "string" },
  ],
  readsStdin: filenamesReadStdin,
  run(ctx, flags, out) {
    if (flags.args.length > 0)
      return failUsage(out, "kubectl create", `Unexpected args: [${flags.args.join(" ")}]`);
    const dryRun = parseDryRun(ctx, flags, out);
    if (dryRun === undefined) return;
    if (!checkGeneratorOutput(flags, out)) return;
    if (flags.has("raw")) return out.fail("kubesim does not support --raw");
    if (flags.bool("edit")) return out.fail("kubesim does not support --edit");
    if (flags.has("kustomize")) return out.fail("kubesim does not support kustomize (-k)");
    const filenames = flags.strings("filename");
    if (filenames.length === 0) return out.fail("must specify one of -f and -k");
    let selector: ReturnType<typeof parseSelector> | undefined;
    if (flags.has("selector")) {
      selector = parseSelector(flags.string("selector"));
      if (!selector.ok) return out.fail(selector.error);
    }

    const failures = new Failures();
    const resolved = resolveTargets(
      ctx,
      { filenames, recursive: flags.bool("recursive"), args: [], latest: false },
      failures,
    );
    if (!resolved.ok) return out.fail(resolved.error);
    const printer = new ObjectPrinter(ctx, out, flags.string("output"), {
      suffix: dryRunSuffix(dryRun),
      reuse: true,
    });
    const saveConfig = flags.bool("save-config");
    let count = 0;
    for (const target of resolved.value.targets) {
      if (selector?.ok && !selectorMatches(selector.selector, target.object.metadata.labels ?? {})) continue;
      const obj = createOrUpdateAnnotation(target.object, saveConfig);
      const created =
        dryRun === "client"
          ? obj
          : failures.catch(
              () => serverWrite(ctx, dryRun, (store) => store.create(obj)),
              `error when creating "${target.source}"`,
            );
      if (!created) continue;
      count++;
      if (!printer.print(created, "created")) return;
    }
    if (resolved.value.readError) failures.message(resolved.value.readError);
    if (failures.count === 0 && count === 0) return out.fail("no objects passed to create");
    failures.print(out);
  },
};

import type { KubeObject } from "@kubesim/core";
import { newNotFound, parseSelector, type StatusError } from "@kubesim/core";
import { formatApiError } from "../errors.js";
import type { KubectlContext } from "../KubectlContext.js";
import { noResourcesFound, type ResourceTable, renderResourceTables } from "../printers/table.js";
import { OBJECT_FORMATS, printObjects, splitOutputFlag, unknownOutputFormat } from "../printObjects.js";
import { readManifests } from "../readManifests.js";
import { parseResourceArgs, type ResourceRequest } from "../resourceArgs.js";
import type { CommandSpec } from "./CommandSpec.js";
import { runGetWatch } from "./getWatch.js";

/**
 * `kubectl get`: list or fetch objects and print them as tables, names, YAML, JSON or JSONPath;
 * with `-w`/`--watch-only`, follow their changes in virtual time (see {@link runGetWatch}).
 */
export const getCommand: CommandSpec = {
  name: "get",
  flags: [
    { name: "output", shorthand: "o", type: "string" },
    { name: "selector", shorthand: "l", type: "string" },
    { name: "all-namespaces", shorthand: "A", type: "bool" },
    { name: "filename", shorthand: "f", type: "stringArray" },
    { name: "recursive", shorthand: "R", type: "bool" },
    { name: "show-labels", type: "bool" },
    { name: "label-columns", shorthand: "L", type: "stringArray" },
    { name: "no-headers", type: "bool" },
    { name: "ignore-not-found", type: "bool" },
    { name: "show-kind", type: "bool" },
    { name: "watch", shorthand: "w", type: "bool" },
    { name: "watch-only", type: "bool" },
    { name: "output-watch-events", type: "bool" },
    { name: "chunk-size", type: "int" },
  ],
  run(ctx, flags, out) {
    const { sim } = ctx;
    const output = flags.string("output");
    const { format } = splitOutputFlag(output);
    if (output !== "" && format !== "wide" && !OBJECT_FORMATS.includes(format)) {
      return out.fail(unknownOutputFormat(output));
    }
    const allNamespaces = flags.bool("all-namespaces");
    let selector: ReturnType<typeof parseSelector> | undefined;
    if (flags.has("selector")) {
      selector = parseSelector(flags.string("selector"));
      if (!selector.ok) return out.fail(selector.error);
    }
    const watching = flags.bool("watch") || flags.bool("watch-only");
    if (flags.bool("output-watch-events") && !watching) {
      return out.fail(
        "--output-watch-events option can only be used with --watch or --watch-only\nSee 'kubectl get -h' for help and examples",
      );
    }
    if (watching) {
      return runGetWatch(ctx, flags, out, {
        output,
        allNamespaces,
        selector: selector?.ok ? selector.selector : undefined,
      });
    }

    // Which objects: from -f files, or from TYPE [NAME...] arguments.
    const found: { request: ResourceRequest; objects: KubeObject[] }[] = [];
    let single = false;
    if (flags.strings("filename").length > 0) {
      const read = readManifests(flags.strings("filename"), ctx.io, flags.bool("recursive"));
      if (read.error) return out.fail(read.error);
      for (const { object } of read.objects) {
        const type = sim.registry.byKind(object.kind);
        if (!type) continue;
        const ns = type.namespaced ? (object.metadata?.namespace ?? ctx.namespace) : "";
        const name = object.metadata?.name ?? "";
        const obj = sim.store.get(type.kind, ns, name);
        if (obj) found.push({ request: { type, names: [name] }, objects: [obj] });
        else out.err(formatApiError(notFoundError(sim, type.kind, name)));
      }
      single = read.objects.length === 1;
    } else {
      const parsed = parseResourceArgs(sim.registry, flags.args);
      if (!parsed.ok) return out.fail(parsed.error);
      if (parsed.requests.length === 0) {
        out.err(
          `You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\n`,
        );
        return out.fail(
          `Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples`,
        );
      }
      single = parsed.requests.length === 1 && parsed.requests[0]!.names.length === 1;
      for (const request of parsed.requests) {
        const { type, names } = request;
        const namespace = type.namespaced ? ctx.namespace : "";
        if (names.length === 0) {
          const objects = sim.store.list(type.kind, {
            ...(allNamespaces ? {} : { namespace }),
            ...(selector?.ok ? { labelSelector: selector.selector } : {}),
          });
          found.push({ request, objects });
          continue;
        }
        const objects: KubeObject[] = [];
        for (const name of names) {
          const obj = sim.store.get(type.kind, namespace, name);
          if (obj) objects.push(obj);
          else if (!flags.bool("ignore-not-found"))
            out.err(formatApiError(notFoundError(sim, type.kind, name)));
        }
        found.push({ request, objects });
      }
      if (out.result().stderr !== "") out.exitCode = 1;
    }

    const all = found.flatMap((f) => f.objects);
    if (format === "" || format === "wide") {
      const tables: ResourceTable[] = found.map(({ request, objects }) => ({
        kind: request.type.kind,
        group: request.type.group,
        namespaced: request.type.namespaced,
        objects,
      }));
      const text = renderResourceTables(tables, {
        nowMs: sim.nowMs,
        wide: format === "wide",
        noHeaders: flags.bool("no-headers"),
        showLabels: flags.bool("show-labels"),
        labelColumns: flags.strings("label-columns").flatMap((l) => l.split(",")),
        allNamespaces,
        ...(flags.args[0] === "all" || flags.bool("show-kind") ? { withKind: true } : {}),
      });
      out.out(text);
      if (text === "" && out.exitCode === 0) {
        out.err(noResourcesFound(tables, { namespace: ctx.namespace, allNamespaces }));
      }
      return;
    }
    // A single named object that was not found prints only its error (get.go printGeneric).
    if (single && all.length === 0) return;
    const printed = printObjects(sim.registry, all, output, single);
    if (!printed.ok) return out.fail(printed.error);
    out.out(printed.text);
  },
};

function notFoundError(sim: KubectlContext["sim"], kind: string, name: string): StatusError {
  return newNotFound(sim.registry.mustByKind(kind), name);
}

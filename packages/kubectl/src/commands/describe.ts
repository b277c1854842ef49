import { type KubeObject, newNotFound, parseSelector, type ResourceType } from "@kubesim/core";
import { describeObject } from "../describe/describeObject.js";
import { formatApiError } from "../errors.js";
import { readManifests } from "../readManifests.js";
import { parseResourceArgs } from "../resourceArgs.js";
import { type CommandSpec, filenamesReadStdin } from "./CommandSpec.js";

/**
 * `kubectl describe TYPE [NAME_PREFIX | -l label]`, `TYPE/NAME...`, `-f FILE`
 * (k8s.io/kubectl/pkg/cmd/describe/describe.go): each object's description, separated by two
 * blank lines; `TYPE NAME` that names nothing falls back to every object whose name starts
 * with NAME. As in kubectl 1.32, the Events section is shown unless `--show-events=false`.
 */
export const describeCommand: CommandSpec = {
  name: "describe",
  flags: [
    { name: "filename", shorthand: "f", type: "stringArray" },
    { name: "recursive", shorthand: "R", type: "bool" },
    { name: "kustomize", shorthand: "k", type: "string" },
    { name: "selector", shorthand: "l", type: "string" },
    { name: "all-namespaces", shorthand: "A", type: "bool" },
    { name: "show-events", type: "bool" },
    { name: "chunk-size", type: "int" },
  ],
  readsStdin: filenamesReadStdin,
  run(ctx, flags, out) {
    const { sim } = ctx;
    const allNamespaces = flags.bool("all-namespaces");
    const filenames = flags.strings("filename");
    if (flags.args.length === 0 && filenames.length === 0) {
      return out.fail(
        'You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.\n',
      );
    }
    let selector: ReturnType<typeof parseSelector> | undefined;
    if (flags.has("selector")) {
      selector = parseSelector(flags.string("selector"));
      if (!selector.ok) return out.fail(selector.error);
    }
    const describeCtx = { reader: sim.store, nowMs: sim.nowMs, showEvents: flags.bool("show-events", true) };
    const namespaceOf = (type: ResourceType) => (type.namespaced ? ctx.namespace : "");

    const found: KubeObject[] = [];
    const errors: string[] = [];
    let notFound: string | undefined;
    if (filenames.length > 0) {
      const read = readManifests(filenames, ctx.io, flags.bool("recursive"));
      for (const { object } of read.objects) {
        const type = sim.registry.byKind(object.kind);
        if (!type) continue;
        const name = object.metadata?.name ?? "";
        const obj = sim.store.get(
          type.kind,
          type.namespaced ? (object.metadata?.namespace ?? ctx.namespace) : "",
          name,
        );
        if (obj) found.push(obj);
        else errors.push(formatApiError(newNotFound(type, name)));
      }
      if (read.error !== undefined) errors.push(`error: ${read.error}\n`);
    } else {
      const parsed = parseResourceArgs(sim.registry, flags.args);
      if (!parsed.ok) return out.fail(parsed.error);
      for (const { type, names } of parsed.requests) {
        if (names.length === 0) {
          found.push(
            ...sim.store.list(type.kind, {
              ...(allNamespaces ? {} : { namespace: namespaceOf(type) }),
              ...(selector?.ok ? { labelSelector: selector.selector } : {}),
            }),
          );
          continue;
        }
        for (const name of names) {
          const obj = sim.store.get(type.kind, namespaceOf(type), name);
          if (obj) found.push(obj);
          else {
            const text = formatApiError(newNotFound(type, name));
            notFound ??= text;
            errors.push(text);
          }
        }
      }
      // `describe TYPE NAME_PREFIX`: no exact match, so describe everything the prefix matches.
      if (notFound !== undefined && flags.args.length === 2 && !flags.args[0]!.includes("/")) {
        const type = parsed.requests[0]!.type;
        const prefix = flags.args[1]!;
        const matches = sim.store
          .list(type.kind, { namespace: namespaceOf(type) })
          .filter((o) => (o.metadata.name ?? "").startsWith(prefix));
        if (matches.length === 0) {
          out.err(notFound);
          out.exitCode = 1;
          return;
        }
        for (const obj of matches) {
          const text = describeOne(obj, describeCtx);
          if (text.ok) out.out(`${text.text}\n`);
          else return out.fail(text.error);
        }
        return;
      }
    }

    const failures = new Set<string>();
    let first = true;
    for (const obj of found) {
      const text = describeOne(obj, describeCtx);
      if (!text.ok) {
        if (!failures.has(text.error)) errors.push(`error: ${text.error}\n`);
        failures.add(text.error);
        continue;
      }
      out.out(first ? text.text : `\n\n${text.text}`);
      first = false;
    }
    if (found.length === 0 && errors.length === 0) {
      out.err(allNamespaces ? "No resources found\n" : `No resources found in ${ctx.namespace} namespace.\n`);
    }
    if (errors.length > 0) {
      out.err(errors.join(""));
      out.exitCode = 1;
    }
  },
};

function describeOne(
  obj: KubeObject,
  ctx: Parameters<typeof describeObject>[1],
): { ok: true; text: string } | { ok: false; error: string } {
  const text = describeObject(obj, ctx);
  if (text === undefined) return { ok: false, error: `kubesim has no describer for ${obj.kind} yet` };
  return { ok: true, text };
}

import { type KubeObject, newNotFound, type ObjectRef, parseSelector, StatusError } from "@kubesim/core";
import { formatApiError } from "../errors.js";
import { readManifests } from "../readManifests.js";
import { parseResourceArgs } from "../resourceArgs.js";
import { type CommandSpec, filenamesReadStdin } from "./CommandSpec.js";

/** How long `kubectl delete` waits by default, in virtual time, before giving up (kubectl's is unbounded). */
const DEFAULT_WAIT_TIMEOUT_MS = 7 * 24 * 3600 * 1000;

/**
 * `kubectl delete`: deletes by TYPE NAME, TYPE/NAME, `-f`, `-l` or `--all`, prints
 * `<type> "<name>" deleted` for each, and then (as kubectl does by default, `--wait=true`)
 * waits in virtual time until the objects are really gone: graceful pod termination and
 * finalizers take the time they take.
 */
export const deleteCommand: CommandSpec = {
  name: "delete",
  flags: [
    { name: "filename", shorthand: "f", type: "stringArray" },
    { name: "recursive", shorthand: "R", type: "bool" },
    { name: "selector", shorthand: "l", type: "string" },
    { name: "all", type: "bool" },
    { name: "all-namespaces", shorthand: "A", type: "bool" },
    { name: "ignore-not-found", type: "bool" },
    { name: "grace-period", type: "int" },
    { name: "now", type: "bool" },
    { name: "force", type: "bool" },
    { name: "wait", type: "bool" },
    { name: "timeout", type: "string" },
    { name: "output", shorthand: "o", type: "string" },
    { name: "cascade", type: "string", noOptDefault: "background" },
  ],
  readsStdin: filenamesReadStdin,
  run(ctx, flags, out) {
    const { sim } = ctx;
    const targets: { ref: ObjectRef; label: string }[] = [];
    const missing: string[] = [];
    const ignoreNotFound = flags.bool("ignore-not-found");
    const filenames = flags.strings("filename");
    let selector: ReturnType<typeof parseSelector> | undefined;
    if (flags.has("selector")) {
      selector = parseSelector(flags.string("selector"));
      if (!selector.ok) return out.fail(selector.error);
    }

    if (filenames.length > 0) {
      if (flags.args.length > 0) {
        return out.fail(
          "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form",
        );
      }
      const read = readManifests(filenames, ctx.io, flags.bool("recursive"));
      if (read.error) return out.fail(read.error);
      for (const { object } of read.objects) {
        const type = sim.registry.byKind(object.kind);
        if (!type) continue;
        const ref = {
          kind: type.kind,
          namespace: type.namespaced ? (object.metadata?.namespace ?? ctx.namespace) : "",
          name: object.metadata?.name ?? "",
        };
        targets.push({ ref, label: type.group ? `${type.singular}.${type.group}` : type.singular });
      }
    } else {
      const parsed = parseResourceArgs(sim.registry, flags.args);
      if (!parsed.ok) return out.fail(parsed.error);
      if (parsed.requests.length === 0) {
        return out.fail(
          `You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'`,
        );
      }
      const byNames = parsed.requests.some((r) => r.names.length > 0);
      if (!byNames && !flags.bool("all") && !selector) {
        return out.fail(`resource(s) were provided, but no name was specified`);
      }
      const allNamespaces = flags.bool("all-namespaces");
      for (const { type, names } of parsed.requests) {
        const label = type.group ? `${type.singular}.${type.group}` : type.singular;
        const namespace = type.namespaced ? ctx.namespace : "";
        if (names.length > 0) {
          for (const name of names) targets.push({ ref: { kind: type.kind, namespace, name }, label });
          continue;
        }
        const objects: KubeObject[] = sim.store.list(type.kind, {
          ...(allNamespaces ? {} : { namespace }),
          ...(selector?.ok ? { labelSelector: selector.selector } : {}),
        });
        for (const o of objects) {
          targets.push({
            ref: { kind: type.kind, namespace: o.metadata.namespace ?? "", name: o.metadata.name! },
            label,
          });
        }
      }
      if (targets.length === 0) {
        out.err(`No resources found\n`);
        return;
      }
    }

    const force = flags.bool("force");
    let grace: number | undefined =
      flags.has("grace-period") && flags.int("grace-period", -1) >= 0
        ? flags.int("grace-period", -1)
        : undefined;
    if (flags.bool("now")) grace = 1;
    if (force && grace === undefined) grace = 0;
    if (grace === 0 && !force) grace = 1; // kubectl: --grace-period=0 without --force means 1 s.
    if (force && grace === 0) {
      out.err(
        "Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n",
      );
    }

    const deleted: { ref: ObjectRef; uid: string | undefined; label: string }[] = [];
    for (const { ref, label } of targets) {
      const live = sim.store.get(ref.kind, ref.namespace, ref.name);
      if (!live) {
        if (!ignoreNotFound)
          missing.push(formatApiError(newNotFound(sim.registry.mustByKind(ref.kind), ref.name)));
        continue;
      }
      try {
        sim.store.delete(ref, grace === undefined ? {} : { gracePeriodSeconds: grace });
      } catch (err) {
        if (!(err instanceof StatusError)) throw err;
        missing.push(formatApiError(err));
        continue;
      }
      deleted.push({ ref, uid: live.metadata.uid, label });
      out.out(
        flags.string("output") === "name" ? `${label}/${ref.name}\n` : `${label} "${ref.name}" deleted\n`,
      );
    }

    if (flags.bool("wait", true) && deleted.length > 0) {
      const gone = () =>
        deleted.every(
          ({ ref, uid }) => sim.store.get(ref.kind, ref.namespace, ref.name)?.metadata.uid !== uid,
        );
      if (
        !sim.runUntil(gone, { timeoutMs: parseTimeout(flags.string("timeout")) ?? DEFAULT_WAIT_TIMEOUT_MS })
      ) {
        const left = deleted.find(
          ({ ref, uid }) => sim.store.get(ref.kind, ref.namespace, ref.name)?.metadata.uid === uid,
        )!;
        missing.push(
          `error: timed out waiting for the condition on ${sim.registry.mustByKind(left.ref.kind).plural}/${left.ref.name}\n`,
        );
      }
    }
    if (missing.length > 0) {
      out.err(missing.join(""));
      out.exitCode = 1;
    }
  },
};

/** A Go duration such as `30s`, `2m`, `1h30m`; `0` or empty means "use the default". */
function parseTimeout(text: string): number | undefined {
  if (!text || text === "0" || text === "0s") return undefined;
  let total = 0;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let consumed = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    total += Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as "ms" | "s" | "m" | "h"];
    consumed += m[0].length;
  }
  return consumed === text.length ? total : undefined;
}

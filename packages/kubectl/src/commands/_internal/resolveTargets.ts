import { type KubeObject, newNotFound, parseSelector, type ResourceType } from "@kubesim/core";
import type { KubectlContext } from "../../KubectlContext.js";
import { readManifests } from "../../readManifests.js";
import { parseResourceArgs } from "../../resourceArgs.js";
import type { Failures } from "./Failures.js";

/** One object a command acts on (cli-runtime's `resource.Info`). */
export interface Target {
  readonly type: ResourceType;
  /** "" for cluster-scoped kinds. */
  readonly namespace: string;
  readonly name: string;
  /** The object: as stored, or as read from the file when the command works on file contents. */
  readonly object: KubeObject;
  /** The file it came from (`STDIN` for `-`), for `error when <verb> "<source>"`. */
  readonly source?: string;
}

/** What selects a command's objects. */
export interface TargetOptions {
  readonly filenames: readonly string[];
  readonly recursive: boolean;
  /** Positional `TYPE NAME...` / `TYPE/NAME...` arguments. */
  readonly args: readonly string[];
  /** `-l`, when given. */
  readonly selector?: string;
  /** `--all`. */
  readonly all?: boolean;
  /** `-A`. */
  readonly allNamespaces?: boolean;
  /**
   * For `-f`: fetch each object from the server (the builder's `Latest()`), rather than use the
   * file's contents (`--local`, and commands such as patch that only need the names).
   */
  readonly latest: boolean;
  /** `--local`: objects come only from files and nothing is fetched. */
  readonly local?: boolean;
}

/** The objects found, and whether the arguments name a single object (`IntoSingleItemImplied`). */
export interface ResolvedTargets {
  readonly targets: Target[];
  readonly singleItemImplied: boolean;
  /**
   * A file that could not be read or parsed. kubectl streams objects to the command as it reads
   * them, so the objects before it are acted on and this error comes after theirs: commands
   * record it in their failures once they have visited the targets.
   */
  readonly readError?: string;
}

/** The builder's error when nothing names any resource. */
export const MISSING_RESOURCE_ERROR = `You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`;

/**
 * Finds the objects a command acts on as kubectl's resource builder does
 * (k8s.io/cli-runtime/pkg/resource/builder.go with `ContinueOnError`, `DefaultNamespace`,
 * `FilenameParam(enforceNamespace)`, `ResourceTypeOrNameArgs`, `LabelSelectorParam`): from `-f`
 * files, from `TYPE NAME...` / `TYPE/NAME...` arguments, or from `TYPE` with `-l` or `--all`.
 * Per-object problems (an unknown kind, a namespace that contradicts `-n`, an object that does
 * not exist) go to `failures` and the other objects are still returned; a problem with the
 * arguments themselves is returned as an error message.
 */
export function resolveTargets(
  ctx: KubectlContext,
  options: TargetOptions,
  failures: Failures,
): { ok: true; value: ResolvedTargets } | { ok: false; error: string } {
  const { sim } = ctx;
  if (options.filenames.length > 0) {
    if (options.args.length > 0) {
      const slashed = options.args.some((a) => a.includes("/"));
      if (slashed)
        return { ok: false, error: "resource/name arguments cannot be provided when a path is specified" };
      return {
        ok: false,
        error:
          "when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well",
      };
    }
    const read = readManifests(options.filenames, ctx.io, options.recursive);
    const targets: Target[] = [];
    for (const { object: manifest, source } of read.objects) {
      const name = manifest.metadata?.name ?? "";
      const type = sim.registry.byApiVersionKind(manifest.apiVersion, manifest.kind);
      const ns = manifest.metadata?.namespace;
      if (!type) {
        failures.message(
          `resource mapping not found for name: "${name}" namespace: "${ns ?? ""}" from "${source}": no matches for kind "${manifest.kind}" in version "${manifest.apiVersion}"\nensure CRDs are installed first`,
        );
        continue;
      }
      if (type.namespaced && ns && ctx.namespaceExplicit && ns !== ctx.namespace) {
        failures.message(
          `the namespace from the provided object "${ns}" does not match the namespace "${ctx.namespace}". You must pass '--namespace=${ns}' to perform this operation.`,
        );
        continue;
      }
      const namespace = type.namespaced ? (ns ?? ctx.namespace) : "";
      if (options.latest && !options.local) {
        const live = sim.store.get(type.kind, namespace, name);
        if (!live) {
          failures.status(newNotFound(type, name));
          continue;
        }
        targets.push({ type, namespace, name, object: live, source });
        continue;
      }
      const object = { ...manifest, metadata: { ...manifest.metadata } } as KubeObject;
      // DefaultNamespace writes the namespace into the object, except for --local objects: without
      // a server, kubectl's mapping has no scope, so they are printed as the file has them.
      if (type.namespaced && !options.local) object.metadata.namespace = namespace;
      targets.push({ type, namespace, name, object, source });
    }
    const single =
      options.filenames.length === 1 &&
      options.filenames[0] !== "-" &&
      ctx.io.fs?.stat(options.filenames[0]!) === "file";
    return {
      ok: true,
      value: { targets, singleItemImplied: single, ...(read.error ? { readError: read.error } : {}) },
    };
  }

  const parsed = parseResourceArgs(sim.registry, options.args);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  const slashed = options.args.some((a) => a.includes("/"));
  const byName = parsed.requests.some((r) => r.names.length > 0);
  // `--all` stands for an empty selector only when a bare TYPE is given (ResourceTypeOrNameArgs).
  const selectorText = options.selector ?? (options.all && !byName && !slashed ? "" : undefined);
  let selector: ReturnType<typeof parseSelector> | undefined;
  if (selectorText !== undefined) {
    if (byName && !slashed)
      return { ok: false, error: "name cannot be provided when a selector is specified" };
    if (slashed) {
      return {
        ok: false,
        error: "selectors and the all flag cannot be used when passing resource/name arguments",
      };
    }
    if (parsed.requests.length === 0) {
      return { ok: false, error: "at least one resource must be specified to use a selector" };
    }
    selector = parseSelector(selectorText);
    if (!selector.ok) return { ok: false, error: selector.error };
  }
  if (parsed.requests.length === 0) return { ok: false, error: MISSING_RESOURCE_ERROR };
  if (!byName && !selector)
    return { ok: false, error: "resource(s) were provided, but no name was specified" };

  const targets: Target[] = [];
  for (const { type, names: requested } of parsed.requests) {
    const namespace = type.namespaced ? ctx.namespace : "";
    if (requested.length > 0) {
      for (const name of requested) {
        const live = sim.store.get(type.kind, namespace, name);
        if (live) targets.push({ type, namespace, name, object: live });
        else failures.status(newNotFound(type, name));
      }
      continue;
    }
    const objects = sim.store.list(type.kind, {
      ...(options.allNamespaces ? {} : { namespace }),
      ...(selector?.ok ? { labelSelector: selector.selector } : {}),
    });
    for (const o of objects) {
      targets.push({ type, namespace: o.metadata.namespace ?? "", name: o.metadata.name ?? "", object: o });
    }
  }
  // visitByResource: one TYPE/NAME; visitByName: one NAME after the type.
  const single = !selector && (slashed ? options.args.length === 1 : parsed.requests[0]!.names.length === 1);
  return { ok: true, value: { targets, singleItemImplied: single } };
}

import type { ResourceRegistry, ResourceType } from "@kubesim/core";

/** What a command's positional arguments ask for: types, each with names (none = all). */
export interface ResourceRequest {
  readonly type: ResourceType;
  readonly names: readonly string[];
}

/**
 * Reads `TYPE[,TYPE...] [NAME...]` or `TYPE/NAME...` arguments as kubectl's resource builder
 * does (k8s.io/cli-runtime/pkg/resource/builder.go): `all` expands to the `all` category,
 * types resolve by plural, singular, short name or `resource.group`, and the two forms cannot
 * be mixed. Errors are worded as kubectl words them.
 */
export function parseResourceArgs(
  registry: ResourceRegistry,
  args: readonly string[],
): { ok: true; requests: ResourceRequest[] } | { ok: false; error: string } {
  if (args.length === 0) return { ok: true, requests: [] };
  const resolve = (name: string): ResourceType[] | string => {
    if (name === "all") return registry.category("all");
    const t = registry.resolve(name);
    return t ? [t] : `the server doesn't have a resource type "${name}"`;
  };
  const slashed = args.filter((a) => a.includes("/"));
  if (slashed.length > 0) {
    if (slashed.length !== args.length) {
      return {
        ok: false,
        error:
          "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'",
      };
    }
    const requests: ResourceRequest[] = [];
    for (const a of args) {
      const i = a.indexOf("/");
      const typeName = a.slice(0, i);
      const name = a.slice(i + 1);
      if (!name)
        return { ok: false, error: `arguments in resource/name form must have a single resource and name` };
      const types = resolve(typeName);
      if (typeof types === "string") return { ok: false, error: types };
      for (const type of types) requests.push({ type, names: [name] });
    }
    return { ok: true, requests };
  }
  const [typeArg, ...names] = args;
  const requests: ResourceRequest[] = [];
  const seen = new Set<string>();
  for (const typeName of typeArg!.split(",").filter(Boolean)) {
    const types = resolve(typeName);
    if (typeof types === "string") return { ok: false, error: types };
    for (const type of types) {
      if (seen.has(type.kind)) continue;
      seen.add(type.kind);
      requests.push({ type, names });
    }
  }
  return { ok: true, requests };
}

/** `pod`, `deployment.apps`: how kubectl names a type before `/name` (`-o name`) and in messages. */
export function typePrefix(type: ResourceType): string {
  return type.group ? `${type.singular}.${type.group}` : type.singular;
}

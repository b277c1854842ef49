import { type KubeObject, newNotFound, StatusError } from "@kubesim/core";
import { formatApiError } from "../errors.js";
import {
  EXPOSABLE_KINDS,
  generateExposeService,
  makeLabels,
  portsForObject,
  protocolsForObject,
  selectorForObject,
} from "../generators/exposeService.js";
import { readManifests } from "../readManifests.js";
import { parseResourceArgs } from "../resourceArgs.js";
import { type CommandSpec, filenamesReadStdin } from "./CommandSpec.js";
import {
  checkGeneratorOutput,
  createOnServer,
  GENERATOR_FLAGS,
  parseDryRun,
  printGenerated,
  withSaveConfig,
} from "./generatedObject.js";

/** DNS-1035 labels are at most this long; `expose` cuts the default Service name to it. */
const DNS1035_LABEL_MAX_LENGTH = 63;

/**
 * `kubectl expose deployment|rc|rs|pod|service NAME` (or `TYPE/NAME`, or `-f FILE`)
 * (k8s.io/kubectl/pkg/cmd/expose/expose.go `RunExpose`): builds a Service for each object,
 * taking the selector, ports, protocols and labels from the object unless flags give them,
 * creates it in the request's namespace and prints `service/<name> exposed`.
 */
export const exposeCommand: CommandSpec = {
  name: "expose",
  flags: [
    ...GENERATOR_FLAGS,
    { name: "protocol", type: "string" },
    { name: "port", type: "string" },
    { name: "type", type: "string" },
    { name: "load-balancer-ip", type: "string" },
    { name: "selector", type: "string" },
    { name: "labels", shorthand: "l", type: "string" },
    { name: "target-port", type: "string" },
    { name: "external-ip", type: "string" },
    { name: "name", type: "string" },
    { name: "session-affinity", type: "string" },
    { name: "cluster-ip", type: "string" },
    { name: "filename", shorthand: "f", type: "stringArray" },
    { name: "recursive", shorthand: "R", type: "bool" },
    { name: "kustomize", shorthand: "k", type: "string" },
    { name: "record", type: "bool" },
  ],
  readsStdin: filenamesReadStdin,
  run(ctx, flags, out) {
    const { sim } = ctx;
    const dryRun = parseDryRun(ctx, flags, out);
    if (!dryRun || !checkGeneratorOutput(flags, out)) return;

    // The objects to expose: from -f, or TYPE NAME... / TYPE/NAME... looked up in the namespace.
    const targets: KubeObject[] = [];
    const errors: string[] = [];
    let readError: string | undefined;
    if (flags.strings("filename").length > 0) {
      // Objects read before a bad document are still exposed; the error comes after them.
      const read = readManifests(flags.strings("filename"), ctx.io, flags.bool("recursive"));
      readError = read.error;
      for (const { object } of read.objects) targets.push(object as KubeObject);
    } else {
      if (flags.args.length === 0) {
        return out.fail(
          "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
        );
      }
      const parsed = parseResourceArgs(sim.registry, flags.args);
      if (!parsed.ok) return out.fail(parsed.error);
      for (const { type, names } of parsed.requests) {
        if (names.length === 0) return out.fail("resource(s) were provided, but no name was specified");
        for (const name of names) {
          const obj = sim.store.get(type.kind, type.namespaced ? ctx.namespace : "", name);
          if (obj) targets.push(obj);
          else errors.push(formatApiError(newNotFound(type, name)));
        }
      }
    }

    for (const obj of targets) {
      const error = exposeOne(ctx, flags, out, dryRun, obj);
      if (error) errors.push(error);
    }
    if (readError !== undefined) errors.push(`error: ${readError}\n`);
    if (errors.length > 0) {
      out.err(errors.join(""));
      out.exitCode = 1;
    }
  },
};

/** Exposes one object; returns the error text kubectl would print for it, if any. */
function exposeOne(
  ctx: Parameters<CommandSpec["run"]>[0],
  flags: Parameters<CommandSpec["run"]>[1],
  out: Parameters<CommandSpec["run"]>[2],
  dryRun: "none" | "client" | "server",
  obj: KubeObject,
): string | undefined {
  const type = ctx.sim.registry.byKind(obj.kind);
  if (!EXPOSABLE_KINDS.includes(obj.kind)) {
    return `error: cannot expose a ${type?.group ? `${obj.kind}.${type.group}` : obj.kind}\n`;
  }
  let selector = flags.string("selector");
  if (selector === "") {
    const s = selectorForObject(obj);
    if (!s.ok) return `error: couldn't retrieve selectors via --selector flag or introspection: ${s.error}\n`;
    selector = s.object;
  }
  let port = flags.string("port");
  let ports = "";
  if (port === "") {
    const found = portsForObject(obj);
    if (found.length === 0 && flags.string("cluster-ip") !== "None") {
      return "error: couldn't find port via --port flag or introspection\n";
    }
    if (found.length === 1) port = found[0]!;
    else ports = found.join(",");
  }
  const generated = generateExposeService({
    name: flags.string("name"),
    defaultName: (obj.metadata.name ?? "").slice(0, DNS1035_LABEL_MAX_LENGTH),
    selector,
    labels: flags.string("labels") || makeLabels(obj.metadata.labels),
    port,
    ports,
    protocol: flags.string("protocol"),
    protocols: protocolsForObject(obj),
    targetPort: flags.string("target-port"),
    externalIP: flags.string("external-ip"),
    type: flags.string("type"),
    loadBalancerIP: flags.string("load-balancer-ip"),
    sessionAffinity: flags.string("session-affinity"),
    clusterIP: flags.string("cluster-ip"),
    ...(dryRun === "client" && ctx.namespaceExplicit ? { namespace: ctx.namespace } : {}),
  });
  if (!generated.ok) return `error: ${generated.error}\n`;
  let service = generated.object;
  if (dryRun !== "client") {
    try {
      service = createOnServer(ctx, flags.bool("save-config") ? withSaveConfig(service) : service, dryRun);
    } catch (err) {
      if (!(err instanceof StatusError)) throw err;
      return formatApiError(err);
    }
  }
  printGenerated(ctx, out, service, flags.string("output"), dryRun, "exposed");
  return undefined;
}

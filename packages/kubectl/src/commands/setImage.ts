import { type KubeObject, StatusError } from "@kubesim/core";
import type { PodSpec } from "kubernetes-types/core/v1.js";
import type { FlagSpec, Flags } from "../cli/parseFlags.js";
import type { KubectlContext, Output } from "../KubectlContext.js";
import { printObjects, splitOutputFlag } from "../printObjects.js";
import { typePrefix } from "../resourceArgs.js";
import { Failures } from "./_internal/Failures.js";
import { dryRunSuffix, ObjectPrinter, PRINT_FLAGS } from "./_internal/ObjectPrinter.js";
import { resolveTargets } from "./_internal/resolveTargets.js";
import { serverWrite } from "./_internal/serverWrite.js";
import { parseDryRun } from "./generatedObject.js";
import { goTypedWorkload } from "./goTypedWorkload.js";

/** The flags of `kubectl set image`. */
export const SET_IMAGE_FLAGS: readonly FlagSpec[] = [
  ...PRINT_FLAGS,
  { name: "filename", shorthand: "f", type: "stringArray" },
  { name: "recursive", shorthand: "R", type: "bool" },
  { name: "kustomize", shorthand: "k", type: "string" },
  { name: "selector", shorthand: "l", type: "string" },
  { name: "all", type: "bool" },
  { name: "local", type: "bool" },
  { name: "dry-run", type: "string", noOptDefault: "unchanged" },
  { name: "record", type: "bool" },
  { name: "field-manager", type: "string" },
];

/** `cmdutil.GetResourcesAndPairs`: resource arguments, then `name=image` pairs. */
export function splitResourcesAndImages(
  args: readonly string[],
): { ok: true; resources: string[]; images: [string, string][] } | { ok: false; error: string } {
  const resources: string[] = [];
  const pairs: string[] = [];
  for (const a of args) {
    if (a.includes("=")) pairs.push(a);
    else if (pairs.length > 0)
      return { ok: false, error: `all resources must be specified before image changes: ${a}` };
    else resources.push(a);
  }
  const images = new Map<string, string>();
  for (const p of pairs) {
    const i = p.indexOf("=");
    images.set(p.slice(0, i), p.slice(i + 1));
  }
  return { ok: true, resources, images: [...images] };
}

/** The pod spec of a kind `set image` can change (`UpdatePodSpecForObject`), or undefined. */
function podSpecPath(kind: string): readonly string[] | undefined {
  switch (kind) {
    case "Pod":
      return ["spec"];
    case "Deployment":
    case "ReplicaSet":
    case "ReplicationController":
    case "DaemonSet":
    case "StatefulSet":
    case "Job":
      return ["spec", "template", "spec"];
    case "CronJob":
      return ["spec", "jobTemplate", "spec", "template", "spec"];
    default:
      return undefined;
  }
}

/**
 * Sets container images in a copy of `obj`; returns the copy (or undefined when the kind has no pod
 * spec) and the containers that were not found.
 */
export function setImages(
  obj: KubeObject,
  images: readonly [string, string][],
): { object: KubeObject; missing: string[] } | undefined {
  const path = podSpecPath(obj.kind);
  if (!path) return undefined;
  const copy = JSON.parse(JSON.stringify(obj)) as KubeObject;
  let spec: Record<string, unknown> = copy as unknown as Record<string, unknown>;
  for (const key of path) {
    spec[key] ??= {};
    spec = spec[key] as Record<string, unknown>;
  }
  const podSpec = spec as unknown as PodSpec;
  const missing: string[] = [];
  for (const [name, image] of images) {
    let found = false;
    for (const list of [podSpec.initContainers, podSpec.containers, podSpec.ephemeralContainers]) {
      for (const c of list ?? []) {
        if (c.name === name || name === "*") {
          found = true;
          c.image = image;
        }
      }
    }
    if (!found) missing.push(name);
  }
  return { object: copy, missing };
}

/**
 * `kubectl set image (-f FILENAME | TYPE NAME) CONTAINER_NAME=IMAGE ...` (k8s.io/kubectl/pkg/cmd/set/set_image.go,
 * v1.32): changes the images of the named containers (`*` for all) in pods and pod templates; for a
 * Deployment this starts a rollout. Prints `deployment.apps/web image updated`, nothing for an object
 * it did not change, and `unable to find container named "x"` for a missing container. With `--local`
 * it works on the files only and prints the objects as kubectl re-encodes them.
 */
export function runSetImage(ctx: KubectlContext, flags: Flags, out: Output, args: readonly string[]) {
  const split = splitResourcesAndImages(args);
  if (!split.ok) return out.fail(split.error);
  const { resources, images } = split;
  const local = flags.bool("local");
  const filenames = flags.strings("filename");
  const dryRun = parseDryRun(ctx, flags, out);
  if (dryRun === undefined) return;
  if (flags.has("kustomize")) return out.fail("kubesim does not support kustomize (-k)");
  if (local && resources.length > 0) {
    return out.fail(
      "you must specify resources by --filename when --local is set.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'",
    );
  }
  // Complete: the builder's errors end the command before Validate runs.
  const failures = new Failures();
  const resolved = resolveTargets(
    ctx,
    {
      filenames,
      recursive: flags.bool("recursive"),
      args: local ? [] : resources,
      ...(flags.has("selector") && !local ? { selector: flags.string("selector") } : {}),
      all: flags.bool("all"),
      latest: !local,
      local,
    },
    failures,
  );
  if (!resolved.ok) return out.fail(resolved.error);
  if (resolved.value.readError) failures.message(resolved.value.readError);
  if (failures.count > 0) return failures.print(out);
  // Validate.
  const problems: string[] = [];
  if (flags.bool("all") && flags.has("selector"))
    problems.push("cannot set --all and --selector at the same time");
  if (resources.length < 1 && filenames.length === 0) {
    problems.push("one or more resources must be specified as <resource> <name> or <resource>/<name>");
  }
  if (images.length < 1) problems.push("at least one image update is required");
  else if (images.length > 1 && images.some(([name]) => name === "*")) {
    problems.push(
      "all containers are already specified by *, but saw more than one container_name=container_image pairs",
    );
  }
  if (problems.length > 0) {
    failures.aggregate(problems);
    return failures.print(out);
  }
  const printer = new ObjectPrinter(ctx, out, flags.string("output"), {
    suffix: dryRunSuffix(dryRun),
    reuse: true,
  });
  // A typed object keeps Go's struct order in JSON, which the shared printer (it prints the sorted
  // maps of unstructured objects) would lose: objects changed locally are printed here.
  const output = flags.string("output");
  let printedObjects = 0;
  const printLocal = (obj: KubeObject): boolean => {
    if (output === "" || output === "name") return printer.print(obj, "image updated");
    const printed = printObjects(ctx.sim.registry, [obj], output, true);
    if (!printed.ok) {
      out.fail(printed.error);
      return false;
    }
    out.out(
      (printedObjects++ > 0 && splitOutputFlag(output).format === "yaml" ? "---\n" : "") + printed.text,
    );
    return true;
  };
  const errors: string[] = [];
  for (const target of resolved.value.targets) {
    const changed = setImages(target.object, images);
    const objectName = `${typePrefix(target.type)}/${target.name}`;
    if (!changed) {
      errors.push(
        `error: ${objectName} the object is not a pod or does not have a pod template: *v1.${target.type.kind}\n`,
      );
      continue;
    }
    for (const name of changed.missing) errors.push(`unable to find container named ${JSON.stringify(name)}`);
    if (JSON.stringify(changed.object) === JSON.stringify(target.object)) continue;
    if (local || dryRun === "client") {
      if (!printLocal(local ? goTypedWorkload(changed.object) : changed.object)) return;
      continue;
    }
    let actual: KubeObject;
    try {
      actual = serverWrite(ctx, dryRun, (store) =>
        store.update({ ...changed.object, metadata: { ...changed.object.metadata, resourceVersion: "" } }),
      );
    } catch (err) {
      if (!(err instanceof StatusError)) throw err;
      errors.push(`failed to patch image update to pod template: ${err.message}`);
      continue;
    }
    if (!printer.print(actual, "image updated")) return;
  }
  failures.aggregate(errors);
  failures.print(out);
}

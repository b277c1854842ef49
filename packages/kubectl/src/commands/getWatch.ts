import type { KubeObject, ResourceType, Selector, WatchEventType } from "@kubesim/core";
import { newNotFound } from "@kubesim/core";
import type { Flags } from "../cli/parseFlags.js";
import { formatApiError } from "../errors.js";
import type { CommandWatch, KubectlContext, Output } from "../KubectlContext.js";
import { readManifests } from "../readManifests.js";
import { parseResourceArgs } from "../resourceArgs.js";
import { parseGoDuration } from "./_internal/parseGoDuration.js";
import { WatchPrinter } from "./_internal/WatchPrinter.js";

/** The builder's error when neither arguments nor files name a resource (cli-runtime resource/builder.go). */
const MISSING_RESOURCE =
  "You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'";

/**
 * `--request-timeout` as client-go's `clientcmd.ParseTimeout` reads it: a plain integer is
 * seconds, anything else a Go duration; "" and "0" mean no timeout. A negative duration sets no
 * deadline either (http.Client only applies a positive Timeout). Returns undefined for text
 * kubectl refuses.
 */
export function parseRequestTimeout(text: string): number | undefined {
  if (text === "") return 0;
  if (/^[+-]?\d+$/.test(text) && Number(text) >= 0) return Number(text) * 1000;
  const ms = parseGoDuration(text);
  if (ms === undefined) return undefined;
  return Math.max(0, ms);
}

/** What `kubectl get` has already read from its flags. */
export interface GetWatchOptions {
  readonly output: string;
  readonly allNamespaces: boolean;
  readonly selector: Selector | undefined;
}

/**
 * `kubectl get --watch | --watch-only` (k8s.io/kubectl/pkg/cmd/get/get.go `watch()`, v1.33): one
 * resource type (a collection, optionally `-l`, or one named object); prints the current
 * objects (not with `--watch-only`), then one row (or object) per watch event, as the object was
 * at that event and aged at that virtual instant; `--output-watch-events` adds the event type.
 *
 * Real kubectl blocks until interrupted. Here time is virtual:
 * - with `--request-timeout` (kubectl's HTTP client timeout, which ends the watch stream
 *   quietly; kubectl then exits 0) the command runs the simulation for that long and returns
 *   what the watch printed;
 * - without it the command returns at once with the initial list and leaves the watch open
 *   in `CommandResult.watch`: the caller lets time pass, drains the output, and stops it.
 */
export function runGetWatch(ctx: KubectlContext, flags: Flags, out: Output, options: GetWatchOptions) {
  const { sim } = ctx;
  const timeoutText = flags.string("request-timeout");
  const timeoutMs = parseRequestTimeout(timeoutText);
  if (timeoutMs === undefined) {
    return out.fail(
      "invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)",
    );
  }

  // The builder: exactly one resource type (SingleResourceType), a collection or names.
  let type: ResourceType;
  let names: string[];
  if (flags.strings("filename").length > 0) {
    const read = readManifests(flags.strings("filename"), ctx.io, flags.bool("recursive"));
    if (read.error) return out.fail(read.error);
    const types = read.objects.map(({ object }) => sim.registry.byKind(object.kind));
    const first = types[0];
    if (!first || types.some((t) => t !== first)) {
      return out.fail(
        first
          ? "watch is only supported on individual resources and resource collections - more than 1 resource was found"
          : MISSING_RESOURCE,
      );
    }
    type = first;
    names = read.objects.map(({ object }) => object.metadata?.name ?? "");
  } else {
    const parsed = parseResourceArgs(sim.registry, flags.args);
    if (!parsed.ok) return out.fail(parsed.error);
    const requests = parsed.requests;
    if (requests.length === 0) return out.fail(MISSING_RESOURCE);
    const kinds = new Set(requests.map((r) => r.type.kind));
    if (kinds.size > 1) {
      // TYPE,TYPE (and `all`) fail in the builder; TYPE/NAME pairs of several types after it.
      return out.fail(
        flags.args.some((a) => a.includes("/"))
          ? "watch is only supported on individual resources and resource collections - more than 1 resource was found"
          : "you may only specify a single resource type",
      );
    }
    type = requests[0]!.type;
    names = requests.flatMap((r) => r.names);
  }
  if (names.length > 0 && options.selector) {
    return out.fail("name cannot be provided when a selector is specified");
  }

  const namespace = type.namespaced && !options.allNamespaces ? ctx.namespace : undefined;
  const objects: KubeObject[] = [];
  if (names.length === 0) {
    objects.push(
      ...sim.store.list(type.kind, {
        ...(namespace !== undefined ? { namespace } : {}),
        ...(options.selector ? { labelSelector: options.selector } : {}),
      }),
    );
  } else {
    for (const name of names) {
      const obj = sim.store.get(type.kind, namespace ?? (type.namespaced ? ctx.namespace : ""), name);
      // Without ContinueOnError the first missing object ends the command.
      if (!obj) {
        out.err(formatApiError(newNotFound(type, name)));
        out.exitCode = 1;
        return;
      }
      objects.push(obj);
    }
  }

  const printer = new WatchPrinter(sim.registry, {
    output: options.output,
    kind: type.kind,
    namespaced: type.namespaced,
    noHeaders: flags.bool("no-headers"),
    showLabels: flags.bool("show-labels"),
    labelColumns: flags.strings("label-columns").flatMap((l) => l.split(",")),
    allNamespaces: options.allNamespaces,
    outputWatchEvents: flags.bool("output-watch-events"),
  });
  if (!flags.bool("watch-only")) {
    const printed = printer.print(objects, "ADDED", sim.nowMs);
    if (!printed.ok) return out.fail(`unable to output the provided object: ${printed.error}`);
    out.out(printed.text);
  }
  // Several names are several sources, which resource.Result.Watch refuses after the listing.
  if (names.length > 1) return out.fail("you may only watch a single resource or type of resource at a time");

  let buffer = "";
  let stopped = false;
  const single = names[0];
  const unwatch = sim.store.watch(
    {
      kind: type.kind,
      ...(namespace !== undefined ? { namespace } : {}),
      ...(options.selector ? { labelSelector: options.selector } : {}),
    },
    (event) => {
      // A named object is watched with the field selector metadata.name=NAME.
      if (stopped || (single !== undefined && event.object.metadata.name !== single)) return;
      const printed = printer.print([event.object], event.type as WatchEventType, sim.nowMs);
      // A printer error ends UntilWithoutRetry; watch() drops that error and exits 0.
      if (!printed.ok) return stop();
      buffer += printed.text;
    },
  );
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    unwatch();
  };

  if (timeoutMs > 0) {
    // The watch request's own timeout ends the stream; kubectl returns nil.
    try {
      sim.advance(Math.ceil(timeoutMs));
    } finally {
      stop();
    }
    out.out(buffer);
    return;
  }
  const watch: CommandWatch = {
    drain() {
      const text = buffer;
      buffer = "";
      return text;
    },
    stop,
  };
  out.watch = watch;
}

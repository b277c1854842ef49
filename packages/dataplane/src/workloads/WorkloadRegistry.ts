/**
 * Picks the workload of each container: the user's matchers (last registered first), then the
 * built-in catalogue, then the default for unknown images (listen on the declared
 * `containerPort`s and answer with the pod's name). One registry per dataplane instance.
 *
 * @module
 */
import type { KubeObject } from "@kubesim/core";
import { imageBaseName } from "@kubesim/core";
import { BUILTIN_MATCHERS } from "./builtinMatchers.js";
import { defaultWorkload } from "./podNameWorkload.js";
import type { Workload, WorkloadContext, WorkloadMatcher } from "./Workload.js";

/** Chooses what runs in each container. */
export class WorkloadRegistry {
  readonly #user: WorkloadMatcher[] = [];
  /**
   * Choices already made, per pod object and container name. Pods are immutable values, so a
   * changed pod is a new key; the cache is dropped whenever a matcher is registered. Matchers
   * must therefore choose from the container and pod, not from `nowMs`.
   */
  #cache = new WeakMap<KubeObject, Map<string, Workload>>();

  /** Adds a matcher consulted before every built-in and every earlier registration. */
  register(matcher: WorkloadMatcher): void {
    this.#user.push(matcher);
    this.#cache = new WeakMap();
  }

  /** Runs `workload` in every container whose image has this base name (`myorg/api:v2` → `api`). */
  registerImage(baseName: string, workload: Workload): void {
    this.register((ctx) => (imageBaseName(ctx.container.image) === baseName ? workload : undefined));
  }

  /** The workload of `ctx.container`. */
  workloadFor(ctx: WorkloadContext): Workload {
    const cached = this.#cache.get(ctx.pod)?.get(ctx.container.name);
    if (cached) return cached;
    const chosen = this.#choose(ctx);
    let perPod = this.#cache.get(ctx.pod);
    if (!perPod) {
      perPod = new Map();
      this.#cache.set(ctx.pod, perPod);
    }
    perPod.set(ctx.container.name, chosen);
    return chosen;
  }

  #choose(ctx: WorkloadContext): Workload {
    for (let i = this.#user.length - 1; i >= 0; i--) {
      const w = this.#user[i]!(ctx);
      if (w) return w;
    }
    for (const match of BUILTIN_MATCHERS) {
      const w = match(ctx);
      if (w) return w;
    }
    return defaultWorkload(ctx);
  }
}

import type { Service } from "kubernetes-types/core/v1.js";
import type { Labels } from "../../labels/selector.js";

/**
 * Which Services select a pod, without scanning Services: a derived in-memory index fed by a
 * controller's Service watch (K8s answers this with `GetPodServiceMemberships`, which lists every
 * Service of the pod's namespace per pod change).
 *
 * Each Service with a selector is filed under ONE of its `key=value` pairs (the first key in
 * sorted order); a pod's candidates are the Services filed under any of its own labels, and
 * each candidate's whole selector is then checked. A lookup therefore costs O(labels of the pod +
 * Services sharing one selector pair with it), whatever the number of Services in the cluster or
 * the namespace. Services with an empty (non-nil) selector match every pod of their namespace
 * and are kept in a separate list; a nil selector matches nothing and is not indexed.
 *
 * The index lives in the controller, not the store: a `restore()` of the store is not a change
 * history, so a controller kept across a restore needs re-adding (as an informer re-lists).
 */
export class ServiceSelectorIndex {
  /** `namespace/name` -> the selector it is filed under. */
  readonly #selectors = new Map<string, { readonly selector: Labels; readonly pair: string | undefined }>();
  /** namespace -> `key\0value` -> Service names. */
  readonly #byPair = new Map<string, Map<string, Set<string>>>();
  /** namespace -> names of Services with an empty selector (they select every pod). */
  readonly #matchAll = new Map<string, Set<string>>();

  /** Files (or re-files) a Service after an ADDED or MODIFIED event. */
  set(service: Service): void {
    const namespace = service.metadata?.namespace ?? "";
    const name = service.metadata?.name ?? "";
    this.delete(namespace, name);
    const selector = service.spec?.selector;
    if (selector === undefined || selector === null) return;
    const keys = Object.keys(selector).sort();
    const first = keys[0];
    const pair = first === undefined ? undefined : pairKey(first, selector[first]!);
    this.#selectors.set(`${namespace}/${name}`, { selector: { ...selector }, pair });
    if (pair === undefined) {
      let set = this.#matchAll.get(namespace);
      if (!set) {
        set = new Set();
        this.#matchAll.set(namespace, set);
      }
      set.add(name);
      return;
    }
    let byPair = this.#byPair.get(namespace);
    if (!byPair) {
      byPair = new Map();
      this.#byPair.set(namespace, byPair);
    }
    let names = byPair.get(pair);
    if (!names) {
      names = new Set();
      byPair.set(pair, names);
    }
    names.add(name);
  }

  /** Forgets a Service (DELETED event, or before re-filing). */
  delete(namespace: string, name: string): void {
    const key = `${namespace}/${name}`;
    const entry = this.#selectors.get(key);
    if (!entry) return;
    this.#selectors.delete(key);
    if (entry.pair === undefined) {
      this.#matchAll.get(namespace)?.delete(name);
      return;
    }
    const byPair = this.#byPair.get(namespace);
    const names = byPair?.get(entry.pair);
    names?.delete(name);
    if (names && names.size === 0) byPair!.delete(entry.pair);
  }

  /** The names of the Services in `namespace` whose selector matches `labels`, sorted. */
  servicesFor(namespace: string, labels: Labels | undefined): string[] {
    const matchAll = this.#matchAll.get(namespace);
    const out: string[] = matchAll ? [...matchAll] : [];
    const byPair = this.#byPair.get(namespace);
    if (byPair && labels) {
      // `for...in`, not `Object.entries`: this runs for every pod change of every watcher.
      for (const k in labels) {
        const names = byPair.get(pairKey(k, labels[k]!));
        if (!names) continue;
        for (const name of names) {
          const selector = this.#selectors.get(`${namespace}/${name}`)?.selector;
          if (selector && matches(selector, labels)) out.push(name);
        }
      }
    }
    return out.length > 1 ? out.sort() : out;
  }
}

function pairKey(key: string, value: string): string {
  return `${key}\u0000${value}`;
}

/** `labels.SelectorFromValidatedSet(selector).Matches(labels)`: every pair must be present. */
function matches(selector: Labels, labels: Labels): boolean {
  for (const k in selector) if (labels[k] !== selector[k]) return false;
  return true;
}

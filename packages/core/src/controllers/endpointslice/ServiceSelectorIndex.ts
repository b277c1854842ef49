import type { Service } from "kubernetes-types/core/v1.js";
import type { Labels } from "../../labels/selector.js";

/**
 * Which Services select a pod, without scanning Services: a derived in-memory index fed by a
 * controller's Service watch (K8s answers this with `GetPodServiceMemberships`, which lists every
 * Service of the pod's namespace per pod change).
 *
 * Each Service with a selector is filed under ONE of its `key=value` pairs (the first key in
 * sorted order), with its selector; a pod's candidates are the Services filed under any of its
 * own labels, and each candidate's whole selector is then checked. A lookup therefore costs
 * O(labels of the pod + Services sharing one selector pair with it), whatever the number of
 * Services in the cluster or the namespace. The pairs are nested maps (key, then value) probed
 * with the pod's own label strings, so a lookup builds no key string. Services with an empty
 * (non-nil) selector match every pod of their namespace and are kept in a separate list; a nil
 * selector matches nothing and is not indexed.
 *
 * The index lives in the controller, not the store: a `restore()` of the store is not a change
 * history, so a controller kept across a restore needs re-adding (as an informer re-lists).
 */
export class ServiceSelectorIndex {
  /** `namespace/name` -> the pair it is filed under (`undefined`: the empty selector). */
  readonly #filed = new Map<string, { readonly key: string; readonly value: string } | undefined>();
  /** namespace -> label key -> label value -> Service name -> its selector. */
  readonly #byPair = new Map<string, Map<string, Map<string, Map<string, Labels>>>>();
  /** namespace -> names of Services with an empty selector (they select every pod). */
  readonly #matchAll = new Map<string, Set<string>>();

  /** Files (or re-files) a Service after an ADDED or MODIFIED event. */
  set(service: Service): void {
    const namespace = service.metadata?.namespace ?? "";
    const name = service.metadata?.name ?? "";
    this.delete(namespace, name);
    const selector = service.spec?.selector;
    if (selector === undefined || selector === null) return;
    const first = Object.keys(selector).sort()[0];
    const pair = first === undefined ? undefined : { key: first, value: selector[first]! };
    this.#filed.set(`${namespace}/${name}`, pair);
    if (pair === undefined) {
      let set = this.#matchAll.get(namespace);
      if (!set) {
        set = new Set();
        this.#matchAll.set(namespace, set);
      }
      set.add(name);
      return;
    }
    const byKey = getOrAdd(this.#byPair, namespace);
    getOrAdd(getOrAdd(byKey, pair.key), pair.value).set(name, { ...selector });
  }

  /** Forgets a Service (DELETED event, or before re-filing). */
  delete(namespace: string, name: string): void {
    const key = `${namespace}/${name}`;
    if (!this.#filed.has(key)) return;
    const pair = this.#filed.get(key);
    this.#filed.delete(key);
    if (pair === undefined) {
      this.#matchAll.get(namespace)?.delete(name);
      return;
    }
    const byValue = this.#byPair.get(namespace)?.get(pair.key);
    const names = byValue?.get(pair.value);
    names?.delete(name);
    if (names?.size === 0) {
      byValue!.delete(pair.value);
      if (byValue!.size === 0) this.#byPair.get(namespace)!.delete(pair.key);
    }
  }

  /** The names of the Services in `namespace` whose selector matches `labels`, sorted. */
  servicesFor(namespace: string, labels: Labels | undefined): string[] {
    const matchAll = this.#matchAll.get(namespace);
    const out: string[] = matchAll ? [...matchAll] : [];
    const byKey = this.#byPair.get(namespace);
    if (byKey && labels) {
      // `for...in`, not `Object.entries`: this runs for every pod change of every watcher.
      for (const k in labels) {
        const names = byKey.get(k)?.get(labels[k]!);
        if (!names) continue;
        for (const [name, selector] of names) if (matches(selector, labels)) out.push(name);
      }
    }
    return out.length > 1 ? out.sort() : out;
  }
}

function getOrAdd<K, V extends Map<unknown, unknown>>(map: Map<K, V>, key: K): V {
  let value = map.get(key);
  if (!value) {
    value = new Map() as V;
    map.set(key, value);
  }
  return value;
}

/** `labels.SelectorFromValidatedSet(selector).Matches(labels)`: every pair must be present. */
function matches(selector: Labels, labels: Labels): boolean {
  for (const k in selector) if (labels[k] !== selector[k]) return false;
  return true;
}

/**
 * Structural sharing between an object's stored version and the version being written.
 *
 * Controllers often rebuild a part of an object whole (an EndpointSlice's endpoints, a pod's
 * conditions) although most of it did not change. The new version would then hold fresh copies
 * of everything it rebuilt, and with the event log on every version stays alive: at 1,500 pods,
 * about 70% of the EndpointSlice endpoints and 60% of the pod conditions written were copies
 * equal to the stored ones. Writing the stored value back wherever the new one equals it keeps
 * one copy, and leaves less to freeze.
 *
 * Equality is {@link deepEqual}'s (keys holding undefined count as absent), so what a reader
 * sees is the same data; only object identity, and the key order of a shared part, come from the
 * stored version. Keys are walked with `for...in`, which allocates nothing (`Object.keys` makes
 * an array per object, on every write); the objects are plain data, so it sees their own keys.
 */
import type { KubeObject } from "../../api/KubeObject.js";

/**
 * `next` with every part that equals the same part of `prev` replaced by `prev`'s. The top level
 * and `metadata` are never replaced (the write stamps them); `next`'s own objects are changed in
 * place unless frozen, when they are copied.
 */
export function shareUnchanged(next: KubeObject, prev: KubeObject): KubeObject {
  let top = next as Record<string, unknown>;
  const old = prev as unknown as Record<string, unknown>;
  for (const key in next) {
    const value = top[key];
    const shared = key === "metadata" ? shareChildren(value, old[key]) : share(value, old[key]);
    if (shared === value) continue;
    if (top === next && Object.isFrozen(top)) top = { ...top };
    top[key] = shared;
  }
  return top as unknown as KubeObject;
}

/** `next` with its children shared with `prev`'s (but never `prev` itself). */
function shareChildren(next: unknown, prev: unknown): unknown {
  if (!isPlainObject(next) || !isPlainObject(prev) || next === prev) return next;
  let out = next;
  for (const key in next) {
    const value = next[key];
    const shared = share(value, prev[key]);
    if (shared === value) continue;
    if (out === next && Object.isFrozen(out)) out = { ...out };
    out[key] = shared;
  }
  return out;
}

/** `prev` if `next` equals it; otherwise `next` with its equal parts taken from `prev`. */
function share(next: unknown, prev: unknown): unknown {
  if (next === prev || typeof next !== "object" || next === null) return next;
  if (typeof prev !== "object" || prev === null) return next;
  if (Array.isArray(next)) return Array.isArray(prev) ? shareArray(next, prev) : next;
  if (!isPlainObject(next) || !isPlainObject(prev)) return next;
  let out = next;
  let same = true;
  let defined = 0;
  for (const key in next) {
    const value = next[key];
    if (value === undefined) continue;
    defined++;
    const shared = share(value, prev[key]);
    if (shared !== prev[key]) same = false;
    if (shared === value) continue;
    if (out === next && Object.isFrozen(out)) out = { ...out };
    out[key] = shared;
  }
  if (same) {
    for (const key in prev) if (prev[key] !== undefined) defined--;
    if (defined === 0) return prev;
  }
  return out;
}

/**
 * Arrays are matched element by element, and an element that differs from the one at its index
 * is also compared with its neighbours there: adding or removing one entry of a sorted list (an
 * endpoint, a condition) shifts the rest by one.
 */
function shareArray(next: readonly unknown[], prev: readonly unknown[]): readonly unknown[] {
  let out = next as unknown[];
  let same = next.length === prev.length;
  for (let i = 0; i < next.length; i++) {
    const value = next[i];
    let shared = share(value, prev[i]);
    if (shared !== prev[i]) {
      same = false;
      if (shared === value && typeof value === "object" && value !== null) {
        for (const j of [i - 1, i + 1]) {
          if (j < 0 || j >= prev.length) continue;
          const candidate = share(value, prev[j]);
          if (candidate === prev[j]) {
            shared = candidate;
            break;
          }
        }
      }
    }
    if (shared === value) continue;
    if (out === next && Object.isFrozen(out)) out = [...out];
    out[i] = shared;
  }
  return same ? prev : out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

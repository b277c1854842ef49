/**
 * Session-affinity memory with the semantics of the iptables `recent` match that kube-proxy's
 * iptables mode uses for `sessionAffinity: ClientIP` (../shared/REFERENCE.md 5.3 step 5, 5.4):
 * `-m recent --name KUBE-SEP-… --set` in the endpoint chain records the client's source IP,
 * and `-m recent --name KUBE-SEP-… --rcheck --seconds <timeoutSeconds> --reap` in the service
 * chain sends a client seen within the timeout back to the same endpoint.
 *
 * @module
 */
import { ExpiryQueues } from "../conntrack/_internal/ExpiryQueues.js";
import type { AffinityTable } from "./ProxyMode.js";

/** `MaxClientIPServiceAffinitySeconds`: no Service may ask for a longer timeout (1 day). */
const MAX_AFFINITY_SECONDS = 86400;

interface Entry {
  readonly key: string;
  readonly servicePort: string;
  endpoint: string;
  lastSeenMs: number;
  /** The horizon (ms) of the expiry queue the entry waits in. */
  horizonMs: number;
  /** When its current expiry item is due. */
  queuedAtMs: number;
}

/**
 * An {@link AffinityTable} keyed by service port and client IP, with `recent` semantics:
 * - {@link RecentTable.set} records or refreshes the entry (`--set`: the timestamp is now);
 * - {@link RecentTable.get} matches when the entry was set at most `maxAgeSeconds` ago
 *   (`--rcheck --seconds`: xt_recent counts a stamp at `now - seconds` as fresh), and drops a
 *   stale entry it finds (`--reap`);
 * - entries expire lazily: nothing runs on a timer. Each service port's entries expire after
 *   the `maxAgeSeconds` last used to check it (a Service's `timeoutSeconds`; one day, the API's
 *   maximum, before any check), and are freed a few at a time as new ones are set, so memory
 *   follows the live entries.
 *
 * Not modelled: xt_recent's per-list size limit (`ip_list_tot`, 200 addresses per
 * `KUBE-SEP-…` list by default), past which the oldest client loses its affinity.
 */
export class RecentTable implements AffinityTable {
  readonly #entries = new Map<string, Entry>();
  /** The `maxAgeSeconds` last checked per service port, in ms. */
  readonly #horizonMs = new Map<string, number>();
  readonly #expiry = new ExpiryQueues<Entry>();

  /** The endpoint `clientIP` was last sent to for `servicePort`, if set within `maxAgeSeconds` of `nowMs`. */
  get(servicePort: string, clientIP: string, nowMs: number, maxAgeSeconds: number): string | undefined {
    const horizonMs = maxAgeSeconds * 1000;
    if (this.#horizonMs.get(servicePort) !== horizonMs) this.#horizonMs.set(servicePort, horizonMs);
    const entry = this.#entries.get(entryKey(servicePort, clientIP));
    if (!entry) return undefined;
    if (nowMs - entry.lastSeenMs > horizonMs) {
      this.#entries.delete(entry.key);
      return undefined;
    }
    return entry.endpoint;
  }

  /** Records (refreshes) `clientIP` → `endpoint` (`ip:port`) for `servicePort` at `nowMs`. */
  set(servicePort: string, clientIP: string, endpoint: string, nowMs: number): void {
    this.#purge(nowMs, 8);
    const key = entryKey(servicePort, clientIP);
    const horizonMs = this.#horizonMs.get(servicePort) ?? MAX_AFFINITY_SECONDS * 1000;
    let entry = this.#entries.get(key);
    if (!entry) {
      entry = { key, servicePort, endpoint, lastSeenMs: nowMs, horizonMs: -1, queuedAtMs: -1 };
      this.#entries.set(key, entry);
    }
    entry.endpoint = endpoint;
    entry.lastSeenMs = nowMs;
    // As in the conntrack table: a refresh within the same horizon re-uses the queued item.
    if (entry.horizonMs === horizonMs && entry.queuedAtMs >= 0) return;
    entry.horizonMs = horizonMs;
    // Due just after the last instant `get` still counts the entry as fresh.
    entry.queuedAtMs = nowMs + horizonMs + 1;
    this.#expiry.push(horizonMs, entry.queuedAtMs, entry);
  }

  /** Number of entries still held (fresh or not yet freed) after freeing what is due at `nowMs`. */
  size(nowMs: number): number {
    this.#purge(nowMs, Number.POSITIVE_INFINITY);
    return this.#entries.size;
  }

  #purge(nowMs: number, budget: number): void {
    if (this.#expiry.size > 2 * this.#entries.size + 1024) {
      this.#expiry.compact(
        (e, atMs, classMs) =>
          this.#entries.get(e.key) === e && classMs === e.horizonMs && atMs === e.queuedAtMs,
      );
    }
    this.#expiry.drain(nowMs, budget, (entry, atMs, classMs) => {
      if (this.#entries.get(entry.key) !== entry) return;
      if (classMs !== entry.horizonMs || atMs !== entry.queuedAtMs) return;
      // The port's timeout may have changed since the entry was queued: use the current one.
      const horizonMs = this.#horizonMs.get(entry.servicePort) ?? entry.horizonMs;
      const dueMs = entry.lastSeenMs + horizonMs + 1;
      if (dueMs <= nowMs) {
        this.#entries.delete(entry.key);
      } else {
        entry.horizonMs = horizonMs;
        entry.queuedAtMs = dueMs;
        this.#expiry.push(horizonMs, dueMs, entry);
      }
    });
  }
}

function entryKey(servicePort: string, clientIP: string): string {
  return `${servicePort}|${clientIP}`;
}

import { EventEmitter } from "eventemitter3";
import { ResourceRegistry } from "./api/resources.js";
import { StatusError } from "./api/StatusError.js";
import type { Controller, ReconcileContext } from "./controller/Controller.js";
import { objectKey } from "./controller/Controller.js";
import { EventQueue } from "./engine/EventQueue.js";
import { NameGenerator } from "./engine/NameGenerator.js";
import { type RandomStream, RandomStreams } from "./engine/RandomStreams.js";
import { parseTimestamp, VirtualClock } from "./engine/VirtualClock.js";
import { EVENT_CORRELATION_INDEX, eventCorrelationIndexKey } from "./events/recordEvent.js";
import { type Change, ObjectStore } from "./store/ObjectStore.js";

/** Options of a {@link Simulation}. */
export interface SimulationOptions {
  /** The seed every random choice derives from. Default 0. */
  readonly seed?: number;
  /** Where the virtual clock starts: RFC 3339 text or epoch milliseconds. Default `2025-01-01T00:00:00Z`. */
  readonly startTime?: string | number;
  /** The API resource types; default the built-in ones. */
  readonly registry?: ResourceRegistry;
  /** Keep the event log of every committed change (default true). */
  readonly eventLog?: boolean;
  /**
   * Most reconciles of one key by one controller at one virtual instant before the simulation
   * declares a hot loop. Default 100,000. (Counted per key: creating 10,000 Deployments at once
   * legitimately makes millions of reconciles in one instant, but never of one key.)
   */
  readonly maxReconcilesPerKeyPerInstant?: number;
}

/** The default start of the virtual clock. */
export const DEFAULT_START_TIME = "2025-01-01T00:00:00Z";

/**
 * What the simulation reports as it runs, for inspection (logs, UIs, tests). Listeners only
 * read: an event is emitted after the step it describes has committed.
 */
export type InspectionEvent =
  | { readonly type: "commit"; readonly timeMs: number; readonly changes: readonly Change[] }
  | { readonly type: "reconcile"; readonly timeMs: number; readonly controller: string; readonly key: string }
  | {
      readonly type: "reconcile-error";
      readonly timeMs: number;
      readonly controller: string;
      readonly key: string;
      readonly message: string;
    }
  | { readonly type: "timer"; readonly timeMs: number; readonly label: string };

/** A task scheduled on the virtual clock. */
type Scheduled =
  | { readonly type: "requeue"; readonly controller: ControllerSlot; readonly key: string }
  | {
      readonly type: "callback";
      readonly label: string;
      readonly run: () => void;
      readonly background: boolean;
    };

interface ControllerSlot {
  readonly controller: Controller;
  /** Keys waiting to be reconciled, in arrival order, each once. */
  readonly queue: Set<string>;
  /**
   * An iterator over {@link queue} that the drain keeps between keys. A fresh `values()` per key
   * would start at the table's first slot and step over every key already taken (V8 leaves
   * holes until it shrinks the table): O(keys taken) per key, 18 µs per key in a queue of
   * 100,000. A live iterator goes on from where it was and sees keys added since.
   */
  cursor: Iterator<string> | undefined;
  /** Consecutive failures per key, for back-off. */
  readonly failures: Map<string, number>;
  /** Reconciles per key at the current instant, for hot-loop detection. */
  readonly reconcilesNow: Map<string, number>;
  readonly unwatch: (() => void)[];
}

/** Options of a scheduled callback. */
export interface ScheduleOptions {
  /** A name for inspection events. */
  readonly label?: string;
  /**
   * Background work (heartbeats, periodic resyncs) that never ends by itself: {@link Simulation.settle}
   * does not wait for it.
   */
  readonly background?: boolean;
}

/**
 * One simulated cluster's engine: a virtual clock, seeded random streams, an event queue
 * ordered by (time, sequence), id and name generation, the object store, and the controllers
 * that react to it. Everything that could make two runs differ lives here, so the same seed
 * and the same inputs give the same event log, byte for byte.
 *
 * Time moves only through {@link advance}, {@link runUntil} and {@link settle}. At each instant
 * the simulation first runs every pending reconcile (controllers in registration order, one
 * key each in turn, keys in arrival order), then moves to the next scheduled event.
 */
export class Simulation {
  readonly seed: number;
  readonly clock: VirtualClock;
  readonly registry: ResourceRegistry;
  readonly store: ObjectStore;
  readonly names: NameGenerator;
  /** Inspection events (see {@link InspectionEvent}); channel `"event"`. */
  readonly inspector = new EventEmitter<{ event: [InspectionEvent] }>();
  readonly #random: RandomStreams;
  readonly #queue = new EventQueue<Scheduled>();
  readonly #controllers: ControllerSlot[] = [];
  readonly #maxReconcilesPerKey: number;
  /** The instant `reconcilesNow` counts. */
  #countedInstant = Number.NaN;
  #foreground = 0;
  #running = false;

  constructor(options: SimulationOptions = {}) {
    this.seed = options.seed ?? 0;
    this.#random = new RandomStreams(this.seed);
    const start = options.startTime ?? DEFAULT_START_TIME;
    const startMs = typeof start === "number" ? start : parseTimestamp(start);
    if (startMs === undefined)
      throw new Error(`Simulation: startTime ${JSON.stringify(start)} is not an RFC 3339 timestamp`);
    this.clock = new VirtualClock(startMs);
    this.registry = options.registry ?? new ResourceRegistry();
    this.names = new NameGenerator(this.#random.stream("uid"), this.#random.stream("generate-name"));
    this.#maxReconcilesPerKey = options.maxReconcilesPerKeyPerInstant ?? 100_000;
    this.store = new ObjectStore(
      {
        registry: this.registry,
        names: this.names,
        now: () => this.clock.nowMs,
        timestamp: (ms) => this.clock.timestamp(ms),
      },
      { eventLog: options.eventLog ?? true },
    );
    this.store.addIndex(EVENT_CORRELATION_INDEX, "Event", eventCorrelationIndexKey);
    this.store.onCommit((changes) => this.#emit({ type: "commit", timeMs: this.clock.nowMs, changes }));
  }

  /** The current virtual time in milliseconds since the epoch. */
  get nowMs(): number {
    return this.clock.nowMs;
  }

  /** The random stream for a purpose (`"scheduler"`, `"kube-proxy"`, ...). */
  random(purpose: string): RandomStream {
    return this.#random.stream(purpose);
  }

  /**
   * Adds a controller: it watches what it declared, and every object it watches that exists
   * now is queued for a first reconcile (as an informer's initial list does).
   */
  addController(controller: Controller): void {
    if (this.#controllers.some((s) => s.controller.name === controller.name)) {
      throw new Error(`Simulation: a controller named ${controller.name} is already added`);
    }
    const slot: ControllerSlot = {
      controller,
      queue: new Set(),
      cursor: undefined,
      failures: new Map(),
      reconcilesNow: new Map(),
      unwatch: [],
    };
    this.#controllers.push(slot);
    for (const w of controller.watches) {
      const keysOf =
        w.keys ??
        ((e: { object: { metadata: { namespace?: string; name?: string } } }) => [
          objectKey(e.object.metadata.namespace, e.object.metadata.name!),
        ]);
      slot.unwatch.push(
        this.store.watch(w.filter, (event) => {
          for (const k of keysOf(event)) slot.queue.add(k);
        }),
      );
      for (const object of this.store.list(w.filter.kind, w.filter)) {
        for (const k of keysOf({ type: "ADDED", object })) slot.queue.add(k);
      }
    }
  }

  /** Removes a controller and its pending work. */
  removeController(name: string): void {
    const i = this.#controllers.findIndex((s) => s.controller.name === name);
    if (i < 0) return;
    const [slot] = this.#controllers.splice(i, 1);
    for (const unwatch of slot!.unwatch) unwatch();
  }

  /** Queues `key` for a reconcile by the named controller now. */
  enqueue(controllerName: string, key: string): void {
    this.#slot(controllerName).queue.add(key);
  }

  /**
   * Runs `run` after `delayMs` of virtual time. Returns an id for {@link cancel}.
   */
  schedule(delayMs: number, run: () => void, options: ScheduleOptions = {}): number {
    if (!(delayMs >= 0)) throw new Error(`Simulation.schedule: delay must be >= 0, got ${delayMs}`);
    const background = options.background ?? false;
    if (!background) this.#foreground++;
    return this.#queue.push(this.clock.nowMs + delayMs, {
      type: "callback",
      label: options.label ?? "callback",
      run,
      background,
    });
  }

  /** Cancels a scheduled callback. */
  cancel(id: number): void {
    const pending = this.#queue.get(id);
    if (!pending) return;
    if (pending.payload.type === "requeue" || !pending.payload.background) this.#foreground--;
    this.#queue.cancel(id);
  }

  /** Moves virtual time forward by `durationMs`, running everything due on the way. */
  advance(durationMs: number): void {
    if (!(durationMs >= 0)) throw new Error(`Simulation.advance: duration must be >= 0, got ${durationMs}`);
    this.#runTo(this.clock.nowMs + durationMs, () => false);
  }

  /**
   * Runs until `condition` holds (checked after every step) or until the virtual instant
   * `untilMs` / the time limit `timeoutMs` from now. Returns whether the condition held.
   * Given a number, runs to that virtual instant.
   */
  runUntil(condition: (() => boolean) | number, options: { timeoutMs?: number } = {}): boolean {
    if (typeof condition === "number") {
      if (condition < this.clock.nowMs) throw new Error("Simulation.runUntil: that instant has passed");
      this.#runTo(condition, () => false);
      return true;
    }
    const deadline = this.clock.nowMs + (options.timeoutMs ?? 3_600_000);
    return this.#runTo(deadline, condition, true);
  }

  /**
   * Runs until nothing is left to do but background work (heartbeats, periodic resyncs):
   * no pending reconciles and no foreground timers. Gives up after `timeoutMs` of virtual time
   * (default one hour). Returns whether the simulation settled.
   */
  settle(options: { timeoutMs?: number } = {}): boolean {
    const deadline = this.clock.nowMs + (options.timeoutMs ?? 3_600_000);
    return this.#runTo(
      deadline,
      () => this.#foreground === 0 && this.#controllers.every((s) => s.queue.size === 0),
      true,
    );
  }

  /** Pending timers, for inspection. */
  pendingTimers(): { timeMs: number; label: string }[] {
    return this.#queue.pending().map((e) => ({
      timeMs: e.timeMs,
      label:
        e.payload.type === "callback"
          ? e.payload.label
          : `requeue ${e.payload.controller.controller.name} ${e.payload.key}`,
    }));
  }

  /**
   * Runs events up to `deadline`. With `stopEarly`, stops (without moving the clock further) as
   * soon as `done()` holds after reconciles have drained; returns whether it did.
   */
  #runTo(deadline: number, done: () => boolean, stopEarly = false): boolean {
    if (this.#running)
      throw new Error("Simulation: advance/runUntil/settle cannot be called from inside a step");
    this.#running = true;
    try {
      for (;;) {
        this.#drainReconciles();
        if (stopEarly && done()) return true;
        const next = this.#queue.peek();
        if (!next || next.timeMs > deadline) break;
        this.#queue.pop();
        this.clock._setNow(next.timeMs);
        this.#fire(next.payload);
      }
      if (this.clock.nowMs < deadline) this.clock._setNow(deadline);
      this.#drainReconciles();
      return done();
    } finally {
      this.#running = false;
    }
  }

  #fire(task: Scheduled): void {
    if (task.type === "requeue") {
      this.#foreground--;
      task.controller.queue.add(task.key);
      return;
    }
    if (!task.background) this.#foreground--;
    this.#emit({ type: "timer", timeMs: this.clock.nowMs, label: task.label });
    task.run();
  }

  #drainReconciles(): void {
    if (this.clock.nowMs !== this.#countedInstant) {
      this.#countedInstant = this.clock.nowMs;
      for (const slot of this.#controllers) slot.reconcilesNow.clear();
    }
    for (;;) {
      let worked = false;
      for (const slot of this.#controllers) {
        let key = slot.cursor?.next();
        if (key === undefined || key.done) {
          // A finished iterator stays finished: start again, from the queue's first key.
          slot.cursor = slot.queue.values();
          key = slot.cursor.next();
          if (key.done) {
            slot.cursor = undefined;
            continue;
          }
        }
        slot.queue.delete(key.value);
        const n = (slot.reconcilesNow.get(key.value) ?? 0) + 1;
        if (n > this.#maxReconcilesPerKey) {
          throw new Error(
            `Simulation: ${slot.controller.name} reconciled ${key.value} more than ${this.#maxReconcilesPerKey} times at one instant; the controller is looping`,
          );
        }
        slot.reconcilesNow.set(key.value, n);
        this.#reconcile(slot, key.value);
        worked = true;
      }
      if (!worked) return;
    }
  }

  #reconcile(slot: ControllerSlot, key: string): void {
    const { controller } = slot;
    this.#emit({ type: "reconcile", timeMs: this.clock.nowMs, controller: controller.name, key });
    try {
      const result = this.store.transaction((tx) => {
        const ctx: ReconcileContext = {
          tx,
          nowMs: this.clock.nowMs,
          random: (p) => this.random(p),
          names: this.names,
        };
        return controller.reconcile(key, ctx);
      });
      slot.failures.delete(key);
      if (result?.requeueAfterMs !== undefined) this.#requeue(slot, key, result.requeueAfterMs);
    } catch (err) {
      if (!(err instanceof StatusError)) throw err;
      // client-go's default controller rate limiter: 5 ms doubling per failure, capped at 1000 s.
      const failures = (slot.failures.get(key) ?? 0) + 1;
      slot.failures.set(key, failures);
      this.#emit({
        type: "reconcile-error",
        timeMs: this.clock.nowMs,
        controller: controller.name,
        key,
        message: err.message,
      });
      this.#requeue(slot, key, Math.min(5 * 2 ** (failures - 1), 1_000_000));
    }
  }

  #requeue(slot: ControllerSlot, key: string, delayMs: number): void {
    this.#foreground++;
    this.#queue.push(this.clock.nowMs + Math.max(0, delayMs), { type: "requeue", controller: slot, key });
  }

  #slot(name: string): ControllerSlot {
    const slot = this.#controllers.find((s) => s.controller.name === name);
    if (!slot) throw new Error(`Simulation: no controller named ${name}`);
    return slot;
  }

  #emit(event: InspectionEvent): void {
    this.inspector.emit("event", event);
  }
}

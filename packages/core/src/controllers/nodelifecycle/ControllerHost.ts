import type { ScheduleOptions } from "../../Simulation.js";

/**
 * What a controller with its own clock needs from the simulation: timers (background ones, which
 * `settle()` does not wait for, for periodic monitoring) and a way to queue one of its keys.
 * A {@link Simulation} is one. Needed because a reconcile's `requeueAfterMs` is foreground work,
 * and a controller that polls node heartbeats forever must not keep `settle()` from returning.
 */
export interface ControllerHost {
  schedule(delayMs: number, run: () => void, options?: ScheduleOptions): number;
  enqueue(controllerName: string, key: string): void;
}

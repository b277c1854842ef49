import type { Event } from "kubernetes-types/core/v1.js";

/** What every describer needs besides the object: the clock and the object's events. */
export interface DescribeData {
  /** The current virtual time (ages are relative to it). */
  readonly nowMs: number;
  /** The object's events, or undefined when the Events section is not shown (`--show-events=false`, several objects). */
  readonly events: readonly Event[] | undefined;
}

/**
 * Where the packet walk's randomness comes from: a seeded chooser for one run, and the
 * exploration that enumerates every choice to give all outcomes with their probabilities.
 *
 * @module
 */
import type { RandomStream } from "@kubesim/core";
import type { Chooser } from "../kubeproxy/ProxyMode.js";
import type { Outcome, Trace } from "./Packet.js";

/** Picks each choice with its probability from a seeded stream, and lets the walk change state. */
export function seededChooser(stream: RandomStream): Chooser {
  return {
    commit: true,
    choose(probabilities) {
      if (probabilities.length === 1) return 0;
      const r = stream.float();
      let sum = 0;
      for (let i = 0; i < probabilities.length; i++) {
        sum += probabilities[i] as number;
        if (r < sum) return i;
      }
      // Rounding left the sum just below 1: the last choice with any weight.
      for (let i = probabilities.length - 1; i > 0; i--) if ((probabilities[i] as number) > 0) return i;
      return 0;
    },
  };
}

/**
 * Runs `walk` once per combination of choices it meets (depth first, lowest index first) and
 * returns every outcome with the product of the probabilities of its choices. The walk must
 * not change state (its chooser's `commit` is false). Choices of probability 0 are skipped.
 */
export function exploreOutcomes(walk: (chooser: Chooser) => Trace, maxOutcomes = 100_000): Outcome[] {
  const outcomes: Outcome[] = [];
  const pending: number[][] = [[]];
  while (pending.length > 0) {
    const prefix = pending.pop() as number[];
    const path: number[] = [];
    let probability = 1;
    const chooser: Chooser = {
      commit: false,
      choose(probabilities) {
        let index: number;
        if (path.length < prefix.length) index = prefix[path.length] as number;
        else {
          index = probabilities.findIndex((p) => p > 0);
          for (let j = probabilities.length - 1; j > index; j--)
            if ((probabilities[j] as number) > 0) pending.push([...path, j]);
        }
        path.push(index);
        probability *= probabilities[index] as number;
        return index;
      },
    };
    const trace = walk(chooser);
    outcomes.push({ probability, trace });
    if (outcomes.length > maxOutcomes) throw new Error(`exploreOutcomes: more than ${maxOutcomes} outcomes`);
  }
  return outcomes;
}

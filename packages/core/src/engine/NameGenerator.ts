import type { RandomStream } from "./RandomStreams.js";

/**
 * The alphabet Kubernetes uses for random name suffixes: consonants and digits without
 * vowels or look-alikes, so generated names never spell words
 * (k8s.io/apimachinery/pkg/util/rand/rand.go, `alphanums`).
 */
export const NAME_SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

/** Length of the suffix `generateName` appends (k8s.io/apiserver/pkg/storage/names/generate.go, `randomLength`). */
export const GENERATE_NAME_SUFFIX_LENGTH = 5;

/** Longest name a generated name may have before the prefix is cut (`maxGeneratedNameLength = 63 - 5`). */
const MAX_GENERATED_NAME_PREFIX_LENGTH = 63 - GENERATE_NAME_SUFFIX_LENGTH;

/**
 * Makes uids and generated names from dedicated random streams, so they are
 * reproducible from the simulation's seed.
 */
export class NameGenerator {
  readonly #uids: RandomStream;
  readonly #suffixes: RandomStream;

  constructor(uids: RandomStream, suffixes: RandomStream) {
    this.#uids = uids;
    this.#suffixes = suffixes;
  }

  /** A version-4-shaped UUID (`xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx`), as Kubernetes uids look. */
  uid(): string {
    const hex: string[] = [];
    for (let i = 0; i < 32; i++) hex.push(this.#uids.int(0, 15).toString(16));
    hex[12] = "4";
    hex[16] = ((Number.parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
    hex.splice(20, 0, "-");
    hex.splice(16, 0, "-");
    hex.splice(12, 0, "-");
    hex.splice(8, 0, "-");
    // One join builds one flat string: slices and a template literal left a rope of nine
    // strings behind every object's uid (about 1 KB per pod at scale).
    return hex.join("");
  }

  /** `n` random characters from {@link NAME_SUFFIX_ALPHABET} (utilrand.String). */
  randomString(n: number): string {
    let out = "";
    for (let i = 0; i < n; i++)
      out += NAME_SUFFIX_ALPHABET[this.#suffixes.int(0, NAME_SUFFIX_ALPHABET.length - 1)];
    return out;
  }

  /**
   * The name the API server gives an object created with `metadata.generateName`:
   * the prefix (cut to 58 characters) followed by five random characters
   * (k8s.io/apiserver/pkg/storage/names/generate.go, `GenerateName`).
   */
  generateName(prefix: string): string {
    const base =
      prefix.length > MAX_GENERATED_NAME_PREFIX_LENGTH
        ? prefix.slice(0, MAX_GENERATED_NAME_PREFIX_LENGTH)
        : prefix;
    return base + this.randomString(GENERATE_NAME_SUFFIX_LENGTH);
  }
}

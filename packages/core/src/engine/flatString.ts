/**
 * `s` as one flat string. V8 keeps a string built with `+` or a template literal as a rope: a
 * tree of 32-byte nodes over its pieces, and a rope stored in an object stays one for as long as
 * the object lives. Text the cluster keeps for every pod (event messages, container IDs) is
 * flattened before it is stored; at 150,000 pods the ropes were hundreds of megabytes.
 */
export function flatString(s: string): string {
  // normalize() returns a flat string, and on ASCII text NFC changes no character.
  return s.length > 12 && ASCII.test(s) ? s.normalize() : s;
}

/** V8 builds strings shorter than 13 characters flat anyway (ConsString::kMinLength). */
const ASCII = /^[\x20-\x7e]*$/;

/**
 * The outcome of parsing user input: the value, or the error text the real tool prints.
 * Parsers return it instead of throwing, so callers can turn the text into diagnostics.
 */
export type ParseResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: string };

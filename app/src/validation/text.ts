/**
 * The one string schema every client-supplied string uses (body, nested addresses, path params, query, headers).
 *
 * DESIGN.md (Storefront): lengths count characters (Unicode code points), and strings carry no control characters
 * (U+0000–U+001F, U+007F) and no lone surrogates.
 *
 * - Code points: Ajv's `maxLength`/`minLength` count code points by default (its `unicode` option, default true,
 *   measures with `ucs2length`, so a surrogate pair is one character): https://ajv.js.org/options.html#unicode and
 *   https://ajv.js.org/json-schema.html#maxlength-minlength. app.ts does not turn it off; test/inputRules pins it.
 * - The pattern: Ajv compiles `pattern` with the `u` flag (option `unicodeRegExp`, default true:
 *   https://ajv.js.org/options.html#unicoderegexp). Under `u`, `[\uD800-\uDFFF]` matches only a surrogate that is
 *   not half of a pair (ECMA-262, "Pattern Semantics": a pair is read as one code point), so emoji pass and a lone
 *   `\ud800` from a JSON escape is refused.
 */
import { TString, Type } from "@sinclair/typebox";

/** Contract limits, in code points. */
export const ID_MAX = 64;
export const TEXT_MAX = 200;
export const IDEMPOTENCY_KEY_MAX = 128;

/** No C0 control, no DEL, no lone surrogate; written with escapes so the source holds no such characters. */
export const SAFE_TEXT_PATTERN = "^[^\\u0000-\\u001F\\u007F\\uD800-\\uDFFF]*$";

/** What a client is told when SAFE_TEXT_PATTERN refuses its string (instead of the regex itself). */
export const SAFE_TEXT_MESSAGE = "must not contain control characters or lone surrogates";

/** A client string of `minLength`..`maxLength` code points with no control characters or lone surrogates. */
export function SafeText(maxLength: number, minLength = 1, description?: string): TString {
  return Type.String({
    minLength,
    maxLength,
    pattern: SAFE_TEXT_PATTERN,
    ...(description ? { description } : {}),
  });
}

/** Same rule in plain code, for strings that do not pass through a schema (e.g. before decoding a cursor). */
export function isSafeText(s: string): boolean {
  return new RegExp(SAFE_TEXT_PATTERN, "u").test(s);
}

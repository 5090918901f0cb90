/**
 * PostgreSQL errors that a client's input causes, as a 400 rather than a 500 or a 503.
 *
 * SQLSTATE class 22, "data exception", is the server refusing a value: 22001 string_data_right_truncation,
 * 22021 character_not_in_repertoire (e.g. a NUL in text), 22P02 invalid_text_representation, 22P05
 * untranslatable_character, 22003 numeric_value_out_of_range, ... (PostgreSQL, Appendix A "PostgreSQL Error Codes":
 * https://www.postgresql.org/docs/current/errcodes-appendix.html). The schemas refuse such input before any query
 * (validation/text.ts), so this is the net under them, not the rule. The server's text quotes the value and names
 * columns, so it is logged through `cause` and the client gets a fixed message.
 */
import { HttpError } from "../errors";

const DATA_EXCEPTION = /^22[0-9A-Z]{3}$/;

/** An HttpError(400) for a data exception, else undefined. */
export function clientInputError(err: unknown): HttpError | undefined {
  const code = (err as { code?: unknown })?.code;
  if (typeof code !== "string" || !DATA_EXCEPTION.test(code)) return undefined;
  return new HttpError(400, "a value in this request cannot be stored", { cause: err });
}

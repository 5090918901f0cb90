/**
 * Pagination cursors for the catalog: opaque to the client, checked twice before DynamoDB sees them.
 *
 * A cursor is `base64url(JSON of the ExclusiveStartKey) "." base64url(HMAC-SHA256(key, payload))[:16 bytes]`.
 *
 * 1. The MAC catches truncation, corruption, garbage, and a cursor minted for another table.
 *    Its key is derived from the table name (or from `secret`, when one is configured), not from a per-process
 *    random: one client's pages are served by any task in either region (the ALB and the accelerator spread
 *    requests, and the global table has the same name in both regions), so every task must accept every task's
 *    cursor, with no shared state to distribute.
 * 2. The payload must then be exactly the table's key: `{id}` with a string value that passes the id rule. A Scan's
 *    LastEvaluatedKey is the primary key of the last item read, and ExclusiveStartKey takes it back unchanged
 *    (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Scan.html#DDB-Scan-request-ExclusiveStartKey);
 *    a key with other attributes, another type or an empty string is a ValidationException. This check is what
 *    makes a forged cursor harmless even to someone who can compute the MAC: a well-formed key only says "start
 *    after id X", which paging gives anyone anyway. So the cursor needs integrity, not secrecy.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { ID_MAX, isSafeText } from "../validation/text";

/** Thrown for a cursor the client tampered with: a 400, not a backend fault. */
export class BadCursorError extends Error {
  readonly statusCode = 400;
  constructor() {
    super("cursor is not valid");
    this.name = "BadCursorError";
  }
}

export type StartKey = { id: string };

const MAC_BYTES = 16;
const B64URL = /^[A-Za-z0-9_-]+$/;

export class CursorCodec {
  private readonly key: Buffer;

  constructor(table: string, secret = "securecart-catalog-cursor-v1") {
    this.key = createHmac("sha256", secret).update(table).digest();
  }

  encode(startKey: Record<string, unknown>): string {
    const payload = Buffer.from(JSON.stringify(startKey)).toString("base64url");
    return `${payload}.${this.mac(payload).toString("base64url")}`;
  }

  /** The ExclusiveStartKey of a cursor; BadCursorError for anything this codec did not mint for a valid key. */
  decode(cursor: string): StartKey {
    const [payload, mac, ...rest] = cursor.split(".");
    if (rest.length > 0 || !payload || !mac || !B64URL.test(payload) || !B64URL.test(mac))
      throw new BadCursorError();
    const given = Buffer.from(mac, "base64url");
    if (given.length !== MAC_BYTES || !timingSafeEqual(given, this.mac(payload)))
      throw new BadCursorError();
    let key: unknown;
    try {
      key = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
    } catch {
      throw new BadCursorError();
    }
    if (!isStartKey(key)) throw new BadCursorError();
    return key;
  }

  private mac(payload: string): Buffer {
    return createHmac("sha256", this.key).update(payload).digest().subarray(0, MAC_BYTES);
  }
}

/** Exactly `{id}`, id a non-empty safe string of at most ID_MAX code points (the id rule of schemas.ts). */
function isStartKey(key: unknown): key is StartKey {
  if (key === null || typeof key !== "object" || Array.isArray(key)) return false;
  const keys = Object.keys(key);
  const id = (key as { id?: unknown }).id;
  return (
    keys.length === 1 &&
    keys[0] === "id" &&
    typeof id === "string" &&
    id.length > 0 &&
    [...id].length <= ID_MAX &&
    isSafeText(id)
  );
}

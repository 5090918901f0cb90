/**
 * One HTTPS GET of a JSON document, bounded in time: the shop probes of the failover runbook and of the Region
 * Switch plan's Lambda. A body that is not JSON comes back as `undefined`, so the caller judges the status alone.
 */
export async function getJson(
  url: string,
  signal: AbortSignal,
  timeoutMs: number,
): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, {
    signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
    headers: { accept: "application/json" },
  });
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  return { status: res.status, body };
}

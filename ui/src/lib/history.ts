// View helpers of the History screen: when a change was made (in local time), filtered as asked.
// What each change did, who made it and where it came from are said by the core (HistoryRow).
import type { HistoryRow } from "./bindings/HistoryRow";

/** "2026-11-28 09:15" in the computer's time zone; the stored UTC text if it cannot be read. */
export function localTime(at: string): string {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return at;
  const pad = (n: number) => String(n).padStart(2, "0");
  // The time zone is said: a history read on another computer, or after a move, stays clear.
  const offset = -d.getTimezoneOffset();
  const zone =
    offset === 0 ? "UTC" : `UTC${offset > 0 ? "+" : "−"}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())} ${zone}`;
}

/** Changes whose connection name or id contains `connection` (any case) and made on or after
 *  the day `since` (`YYYY-MM-DD`, local time; empty: any day). A change whose time the tenant's
 *  log does not give is kept: it cannot be said to be older. */
export function filterHistory(rows: HistoryRow[], connection: string, since: string): HistoryRow[] {
  const q = connection.trim().toLowerCase();
  const from = since ? new Date(`${since}T00:00:00`).getTime() : Number.NaN;
  return rows.filter(({ change: c }) => {
    if (q && !c.connection_name.toLowerCase().includes(q) && !c.connection_id.toLowerCase().includes(q)) return false;
    if (!Number.isNaN(from) && c.at !== null && new Date(c.at).getTime() < from) return false;
    return true;
  });
}

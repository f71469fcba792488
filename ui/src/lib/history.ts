// View helpers of the History screen: what a recorded change did, when, filtered as asked.
import type { ChangeSource } from "./bindings/ChangeSource";
import type { HistoryEntry } from "./bindings/HistoryEntry";

/** "added ethnicity, religion · removed gender", or "no change" (a write of the same set). */
export function describeEntry(e: HistoryEntry): string {
  const added = e.after.filter((a) => !e.before.includes(a));
  const removed = e.before.filter((a) => !e.after.includes(a));
  const parts: string[] = [];
  if (added.length) parts.push(`added ${added.join(", ")}`);
  if (removed.length) parts.push(`removed ${removed.join(", ")}`);
  return parts.length ? parts.join(" · ") : "no change";
}

const SOURCES: Record<ChangeSource, string> = {
  edit: "edit",
  revert: "revert",
  bulk: "bulk change",
  sync: "sync",
};

export function sourceLabel(source: ChangeSource): string {
  return SOURCES[source];
}

/** "2026-11-28 09:15" in the computer's time zone; the stored UTC text if it cannot be read. */
export function localTime(at: string): string {
  const d = new Date(at);
  if (Number.isNaN(d.getTime())) return at;
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Entries whose connection name or id contains `connection` (any case) and made on or after
 *  the day `since` (`YYYY-MM-DD`, local time; empty: any day). */
export function filterHistory(entries: HistoryEntry[], connection: string, since: string): HistoryEntry[] {
  const q = connection.trim().toLowerCase();
  const from = since ? new Date(`${since}T00:00:00`).getTime() : Number.NaN;
  return entries.filter((e) => {
    if (q && !e.connection_name.toLowerCase().includes(q) && !e.connection_id.toLowerCase().includes(q)) return false;
    if (!Number.isNaN(from) && new Date(e.at).getTime() < from) return false;
    return true;
  });
}

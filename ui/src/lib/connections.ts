// View state of the connections screen: search, type filter, readable sizes.
import type { ConnectionKind } from "./bindings/ConnectionKind";
import type { ConnectionSummary } from "./bindings/ConnectionSummary";

export type KindFilter = "all" | ConnectionKind;

export const KIND_FILTERS: { value: KindFilter; label: string }[] = [
  { value: "all", label: "All" },
  { value: "database", label: "Database" },
  { value: "social", label: "Social" },
  { value: "enterprise", label: "Enterprise" },
  { value: "passwordless", label: "Passwordless" },
];

/** Rows whose name, display name or type contains every word of the query (any case), of the chosen kind. */
export function filterConnections(rows: ConnectionSummary[], query: string, kind: KindFilter): ConnectionSummary[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return rows.filter((row) => {
    if (kind !== "all" && row.kind !== kind) return false;
    const haystack = `${row.name} ${row.display_name ?? ""} ${row.strategy_label} ${row.strategy}`.toLowerCase();
    return words.every((w) => haystack.includes(w));
  });
}

export function countByKind(rows: ConnectionSummary[]): Record<KindFilter, number> {
  const counts: Record<KindFilter, number> = { all: rows.length, database: 0, social: 0, enterprise: 0, passwordless: 0 };
  for (const row of rows) counts[row.kind] += 1;
  return counts;
}

/** "3 denied", "none", or "unknown" when the token cannot read the settings. */
export function sizeLabel(size: number | null): string {
  if (size === null) return "unknown";
  if (size === 0) return "none";
  return `${size} denied`;
}

/** The same rows with these connections' deny-list sizes changed (rows are replaced, not mutated). */
export function withSizes(rows: ConnectionSummary[], sizes: Map<string, number>): ConnectionSummary[] {
  return rows.map((r) => {
    const size = sizes.get(r.id);
    return size === undefined ? r : { ...r, deny_list_size: size };
  });
}

/** The connections whose settings say they receive `name` (or whose list already denies it). */
export function receiving(rows: ConnectionSummary[], name: string): string[] {
  const wanted = name.trim();
  if (!wanted) return [];
  return rows.filter((r) => r.receives.includes(wanted)).map((r) => r.id);
}

/** Every name some connection receives, once, for the "that receive" choice. */
export function receivedNames(rows: ConnectionSummary[]): string[] {
  return [...new Set(rows.flatMap((r) => r.receives))].sort((a, b) => a.localeCompare(b));
}

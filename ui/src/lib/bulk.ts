// View helpers of the Bulk screen: the attributes typed, the edit they make, time left, and which
// rows its tables show.
import type { BulkItem } from "./bindings/BulkItem";
import type { BulkResult } from "./bindings/BulkResult";
import type { BulkStatus } from "./bindings/BulkStatus";
import type { Edit } from "./bindings/Edit";

export type Operation = "add" | "remove" | "set" | "clear";

/** Attributes typed as a list: separated by commas, spaces or new lines, each once. */
export function parseAttributes(text: string): string[] {
  const seen = new Set<string>();
  for (const part of text.split(/[\s,]+/)) {
    const a = part.trim();
    if (a) seen.add(a);
  }
  return [...seen];
}

export function editOf(op: Operation, attributes: string[]): Edit {
  return op === "clear" ? { kind: "clear" } : { kind: op, attributes };
}

/** "about 2 min left", "about 40 s left", or "" before there is a pace to go by. */
export function timeLeftLabel(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return "";
  if (seconds < 1) return "";
  if (seconds < 90) return `about ${Math.ceil(seconds)} s left`;
  return `about ${Math.round(seconds / 60)} min left`;
}

/** The dry run's rows: all, those that will change, those already as asked, or those skipped. */
export type PlanFilter = "all" | "change" | "already" | "skipped";

export function planRows(items: BulkItem[], filter: PlanFilter): BulkItem[] {
  const already = (i: BulkItem) => i.skip === "nothing_to_change";
  switch (filter) {
    case "all":
      return items;
    case "change":
      return items.filter((i) => i.skip === null);
    case "already":
      return items.filter(already);
    case "skipped":
      return items.filter((i) => i.skip !== null && !already(i));
  }
}

/** The report's rows: all, or those that ended one way. */
export function reportRows(items: BulkResult[], filter: BulkStatus | "all"): BulkResult[] {
  return filter === "all" ? items : items.filter((r) => r.status === filter);
}

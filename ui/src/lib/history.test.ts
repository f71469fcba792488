import { describe, expect, it } from "vitest";
import type { HistoryRow } from "./bindings/HistoryRow";
import { filterHistory, localTime } from "./history";

function entry(name: string, at: string | null, before: string[], after: string[]): HistoryRow {
  const change = {
    id: `id-${name}-${at}`, at, connection_id: `con_${name}`, connection_name: name, before, after,
    by: { kind: "this_computer" as const, profile: "Acme" }, who: "this computer", origin: "this_computer" as const,
    source: "edit" as const, history_id: `id-${name}-${at}`, log_id: null, summary: "", notes: [], changed_since: null,
  };
  return { change, source: "edit" };
}

describe("history", () => {
  it("filters by connection and by day", () => {
    const all = [
      entry("customers", "2026-11-20T12:00:00Z", [], ["gender"]),
      entry("partners", "2026-11-27T12:00:00Z", [], ["gender"]),
      entry("Customers-EU", "2026-11-28T12:00:00Z", [], ["gender"]),
    ];
    expect(filterHistory(all, "customers", "").map((r) => r.change.connection_name)).toEqual(["customers", "Customers-EU"]);
    expect(filterHistory(all, "", "2026-11-27").map((r) => r.change.connection_name)).toEqual(["partners", "Customers-EU"]);
    expect(filterHistory(all, "con_partners", "").length).toBe(1);
    // A logged change without a time is never hidden by a day.
    expect(filterHistory([entry("logged", null, [], [])], "", "2026-11-27").length).toBe(1);
  });

  it("keeps an unreadable time as stored", () => {
    expect(localTime("not a time")).toBe("not a time");
    expect(localTime("2026-11-28T09:05:00Z")).toMatch(/^2026-11-2\d \d\d:\d5 UTC([+−]\d\d:\d\d)?$/);
  });
});

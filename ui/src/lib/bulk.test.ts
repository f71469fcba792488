import { describe, expect, it } from "vitest";
import type { BulkItem } from "./bindings/BulkItem";
import type { BulkResult } from "./bindings/BulkResult";
import type { BulkStatus } from "./bindings/BulkStatus";
import { editOf, parseAttributes, planRows, reportRows, timeLeftLabel } from "./bulk";

const item = (name: string, skipped: boolean, already = false): BulkItem => ({
  connection_id: name, connection_name: name, strategy: "auth0", kind: "Database", edit: { kind: "clear" },
  before: [], after: skipped ? null : [], skip: already ? "nothing_to_change" : skipped ? "options_unreadable" : null,
  notes: [], findings: [],
});
const result = (name: string, status: BulkStatus): BulkResult => ({
  connection_id: name, connection_name: name, status, before: null, after: null, skip: null, error: null, notes: [],
  history_id: null,
});

describe("bulk", () => {
  it("reads attributes separated by commas, spaces or lines, once each", () => {
    expect(parseAttributes(" ethnicity, gender\nethnicity  http://x/claims/id ")).toEqual([
      "ethnicity",
      "gender",
      "http://x/claims/id",
    ]);
    expect(parseAttributes(" , ")).toEqual([]);
  });

  it("makes the edit", () => {
    expect(editOf("add", ["a"])).toEqual({ kind: "add", attributes: ["a"] });
    expect(editOf("clear", ["a"])).toEqual({ kind: "clear" });
  });

  it("says time left in plain words", () => {
    expect(timeLeftLabel(null)).toBe("");
    expect(timeLeftLabel(42.2)).toBe("about 43 s left");
    expect(timeLeftLabel(125)).toBe("about 2 min left");
  });

  it("filters the dry run and the report", () => {
    const items = [item("a", false), item("b", true), item("c", false)];
    expect(planRows(items, "all")).toHaveLength(3);
    expect(planRows(items, "change").map((i) => i.connection_name)).toEqual(["a", "c"]);
    expect(planRows(items, "skipped").map((i) => i.connection_name)).toEqual(["b"]);
    // A list already as asked is neither a change nor a skip.
    const more = [...items, item("d", true, true)];
    expect(planRows(more, "already").map((i) => i.connection_name)).toEqual(["d"]);
    expect(planRows(more, "skipped").map((i) => i.connection_name)).toEqual(["b"]);
    expect(planRows(more, "change").map((i) => i.connection_name)).toEqual(["a", "c"]);
    const results = [result("a", "changed"), result("b", "failed"), result("c", "changed")];
    expect(reportRows(results, "failed").map((r) => r.connection_name)).toEqual(["b"]);
    expect(reportRows(results, "all")).toHaveLength(3);
  });
});

import { describe, expect, it } from "vitest";
import { editOf, parseAttributes, timeLeftLabel } from "./bulk";

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
});

import { describe, expect, it } from "vitest";
import { addAttribute, changes, isChanged, removeAttribute, startDraft, suggestionsFor } from "./editor";

describe("deny-list draft", () => {
  it("adds once, removes, and reports what changed", () => {
    let d = startDraft(["gender"]);
    d = addAttribute(d, "ethnicity");
    d = addAttribute(d, "ethnicity");
    expect(d.current).toEqual(["gender", "ethnicity"]);
    d = removeAttribute(d, "gender");
    expect(changes(d)).toEqual({ added: ["ethnicity"], removed: ["gender"] });
    expect(isChanged(d)).toBe(true);
    expect(d.original).toEqual(["gender"]);
  });

  it("suggests common attributes not yet listed", () => {
    const d = startDraft(["gender"]);
    expect(suggestionsFor(d, ["gender", "given_name", "email"], "g")).toEqual(["given_name"]);
    expect(suggestionsFor(d, ["gender", "email"], "")).toEqual(["email"]);
  });
});

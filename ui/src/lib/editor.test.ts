import { describe, expect, it } from "vitest";
import { addAttribute, changes, editFor, isChanged, rebase, removeAttribute, startDraft, suggestionsFor } from "./editor";

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

  it("sends additions or removals alone as such, a mix as the whole list, an empty list as clear", () => {
    const base = startDraft(["gender", "picture"]);
    expect(editFor(base)).toBeNull();
    expect(editFor(addAttribute(base, "email"))).toEqual({ kind: "add", attributes: ["email"] });
    expect(editFor(removeAttribute(base, "picture"))).toEqual({ kind: "remove", attributes: ["picture"] });
    expect(editFor(addAttribute(removeAttribute(base, "picture"), "email"))).toEqual({
      kind: "set",
      attributes: ["gender", "email"],
    });
    expect(editFor(removeAttribute(removeAttribute(base, "picture"), "gender"))).toEqual({ kind: "clear" });
  });

  it("suggests common attributes not yet listed", () => {
    const d = startDraft(["gender"]);
    expect(suggestionsFor(d, ["gender", "given_name", "email"], "g")).toEqual(["given_name"]);
    expect(suggestionsFor(d, ["gender", "email"], "")).toEqual(["email"]);
  });
});

describe("rebasing a draft on a list that changed meanwhile", () => {
  it("keeps someone else's entries and re-applies the admin's edits", () => {
    let d = startDraft(["gender", "picture"]);
    d = removeAttribute(addAttribute(d, "email"), "picture");
    const r = rebase(d, ["gender", "picture", "birthdate"]);
    expect(r.original).toEqual(["gender", "picture", "birthdate"]);
    expect(r.current).toEqual(["gender", "birthdate", "email"]);
    expect(changes(r)).toEqual({ added: ["email"], removed: ["picture"] });
  });
});

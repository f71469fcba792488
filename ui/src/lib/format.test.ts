import { describe, expect, it } from "vitest";
import type { AttributeCheck } from "./bindings/AttributeCheck";
import { describeCheck, nameTyped, plural, timeLeft } from "./format";

const check = (c: Partial<AttributeCheck>): AttributeCheck => ({
  input: "x",
  accepted: null,
  problem: null,
  warnings: [],
  already_listed: false,
  case_twin: null,
  typo: null,
  ...c,
});

describe("validation display", () => {
  it("shows the reason for a refused attribute", () => {
    const d = describeCheck(check({ input: "address.country", problem: "is a nested field: only root fields can be denied" }));
    expect(d.tone).toBe("error");
    expect(d.text).toContain("only root fields");
  });

  it("warns with the documented consequence and the rewrite note", () => {
    const d = describeCheck(
      check({
        input: "user.name",
        accepted: { value: "name", kind: "root_field", note: "“user.name” is understood as the root field “name”" },
        warnings: [
          {
            code: "not_in_tokens",
            limitation: "name_nickname_tokens",
            severity: "changes_tokens",
            title: "Denied name or nickname are left out of tokens",
            message: "When “name” is denied it is no longer included in tokens",
            what_to_do: "Deny them only if your applications do not read them from tokens.",
            source: "Auth0 docs",
            scope: "attribute",
            connection: null,
            attribute: "name",
            missing_scope: null,
            url: null,
          },
        ],
      }),
    );
    expect(d.tone).toBe("warn");
    expect(d.text).toContain("understood as the root field");
    expect(d.text).toContain("no longer included in tokens");
  });

  it("accepts plain attributes and says when one is already listed", () => {
    const ok = check({ input: "gender", accepted: { value: "gender", kind: "root_field", note: null } });
    expect(describeCheck(ok)).toEqual({ tone: "ok", text: "“gender” is a root attribute: press Enter to add it." });
    const listed = describeCheck({ ...ok, already_listed: true });
    expect(listed.tone).toBe("warn");
    expect(listed.text).toContain("already on the list: adding it again changes nothing");
    expect(describeCheck(null).tone).toBe("none");
  });

  it("never reads a likely mistake as approval", () => {
    const typo = check({ input: "ethnicty", accepted: { value: "ethnicty", kind: "root_field", note: null }, typo: { typed: "ethnicty", suggestion: "ethnicity", message: "Did you mean “ethnicity”? “ethnicty” is close to it" } });
    const d = describeCheck(typo);
    expect(d.tone).toBe("warn");
    expect(d.text).toContain("Did you mean “ethnicity”?");
    expect(d.text).not.toContain("press Enter");
    const twin = check({ input: "Ethnicity", accepted: { value: "Ethnicity", kind: "root_field", note: null }, case_twin: "ethnicity" });
    expect(describeCheck(twin).text).toContain("only in upper and lower case");
  });

  it("formats counts and time left", () => {
    expect(plural(1, "setting")).toBe("1 setting");
    expect(plural(3, "setting")).toBe("3 settings");
    expect(timeLeft(1000 + 3 * 3600 + 120, 1000)).toBe("in 3 h 2 min");
    expect(timeLeft(1000 + 30, 1000)).toBe("in 1 min");
    expect(timeLeft(10, 1000)).toBe("expired");
  });

  it("accepts the production tenant's name typed in any case, and nothing else", () => {
    expect(nameTyped("  ACME.eu.auth0.com ", "acme.eu.auth0.com")).toBe(true);
    expect(nameTyped("acme", "acme.eu.auth0.com")).toBe(false);
    expect(nameTyped("", "acme.eu.auth0.com")).toBe(false);
  });
});

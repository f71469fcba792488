import { describe, expect, it } from "vitest";
import { nameTyped, plural, timeLeft } from "./format";

describe("plain words", () => {
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

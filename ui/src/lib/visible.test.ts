import { describe, expect, it } from "vitest";
import { visible } from "./visible";

describe("tenant text in the window", () => {
  it("shows direction changes, zero-width and control characters instead of obeying them", () => {
    expect(visible("customers\u202Edb")).toBe("customers⟨U+202E⟩db");
    expect(visible("a\u200Bb\nc")).toBe("a⟨U+200B⟩b⟨U+000A⟩c");
    expect(visible("Género ✓")).toBe("Género ✓");
  });
});

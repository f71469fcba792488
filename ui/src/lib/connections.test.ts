import { describe, expect, it } from "vitest";
import { KIND_FILTERS, sizeLabel } from "./connections";

describe("connections list", () => {
  it("labels sizes and offers every kind", () => {
    expect(sizeLabel(null)).toBe("unknown");
    expect(sizeLabel(0)).toBe("none");
    expect(sizeLabel(3)).toBe("3 denied");
    expect(KIND_FILTERS.map((k) => k.value)).toEqual(["all", "database", "social", "enterprise", "passwordless"]);
  });
});

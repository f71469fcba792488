import { describe, expect, it } from "vitest";
import type { ConnectionSummary } from "./bindings/ConnectionSummary";
import { countByKind, filterConnections, receivedNames, receiving, sizeLabel, withSizes } from "./connections";

const row = (id: string, name: string, kind: ConnectionSummary["kind"], label: string, size: number | null = 0): ConnectionSummary => ({
  id,
  name,
  strategy: label.toLowerCase(),
  strategy_label: label,
  kind,
  display_name: null,
  alert: null,
  deny_list_size: size,
  claims: [],
  receives: [],
});

const rows = [
  row("1", "Username-Password-Authentication", "database", "Database", 2),
  row("2", "google-oauth2", "social", "Google"),
  row("3", "acme-corp-saml", "enterprise", "SAML", null),
  row("4", "email", "passwordless", "Passwordless (email)"),
];

describe("connections list", () => {
  it("finds the connections that receive a name, exactly", () => {
    const saml = { ...row("3", "acme-corp-saml", "enterprise", "SAML"), receives: ["gender", "http://schemas/gender"] };
    const okta = { ...row("5", "okta", "enterprise", "Okta Workforce"), receives: ["gender"] };
    const all = [rows[0], saml, okta];
    expect(receiving(all, " gender ")).toEqual(["3", "5"]);
    expect(receiving(all, "Gender")).toEqual([]);
    expect(receiving(all, "")).toEqual([]);
    expect(receivedNames(all)).toEqual(["gender", "http://schemas/gender"]);
  });

  it("searches names and types, every word, any case", () => {
    expect(filterConnections(rows, "SAML", "all").map((r) => r.id)).toEqual(["3"]);
    expect(filterConnections(rows, "password auth", "all").map((r) => r.id)).toEqual(["1"]);
    expect(filterConnections(rows, "", "social").map((r) => r.id)).toEqual(["2"]);
    expect(filterConnections(rows, "google", "enterprise")).toEqual([]);
  });

  it("counts by kind and labels sizes", () => {
    expect(countByKind(rows)).toEqual({ all: 4, database: 1, social: 1, enterprise: 1, passwordless: 1 });
    expect(sizeLabel(null)).toBe("unknown");
    expect(sizeLabel(0)).toBe("none");
    expect(sizeLabel(3)).toBe("3 denied");
  });

  it("changes one size without touching the other rows", () => {
    const changed = withSizes(rows, new Map([["2", 5]]));
    expect(changed.map((r) => r.deny_list_size)).toEqual(rows.map((r) => (r.id === "2" ? 5 : r.deny_list_size)));
    expect(changed[0]).toBe(rows[0]);
    expect(rows.find((r) => r.id === "2")?.deny_list_size).not.toBe(5);
  });
});

// Plain-language bits shared by the screens.
import type { AttributeCheck } from "./bindings/AttributeCheck";

export type Tone = "ok" | "warn" | "error" | "none";

/** What to say under the add box about what is being typed. */
export function describeCheck(check: AttributeCheck | null): { tone: Tone; text: string } {
  if (!check || check.input.trim() === "") return { tone: "none", text: "" };
  if (check.problem) return { tone: "error", text: `“${check.input.trim()}” ${check.problem}.` };
  const value = check.accepted?.value ?? check.input;
  if (check.already_listed) return { tone: "warn", text: `“${value}” is already on the list: adding it again changes nothing.` };
  if (check.case_twin) {
    return {
      tone: "warn",
      text: `“${value}” differs from “${check.case_twin}” (already on the list) only in upper and lower case. Names are compared exactly: only the spelling your users' profiles use has an effect.`,
    };
  }
  if (check.typo) return { tone: "warn", text: `${check.typo.message}.` };
  const parts: string[] = [];
  if (check.accepted?.note) parts.push(`${check.accepted.note}.`);
  for (const w of check.warnings) parts.push(`${w.message}.`);
  if (parts.length > 0) return { tone: "warn", text: parts.join(" ") };
  const kind =
    check.accepted?.kind === "claim_uri" || check.accepted?.kind === "claim_name"
      ? "an upstream claim name"
      : "a root attribute";
  return { tone: "ok", text: `“${value}” is ${kind}: press Enter to add it.` };
}

export function plural(n: number, one: string, many: string = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "in 23 h 5 min", "in 4 min", "expired" — from a Unix time in seconds. */
export function timeLeft(expiresAt: number, now: number = Date.now() / 1000): string {
  const left = Math.floor(expiresAt - now);
  if (left <= 0) return "expired";
  const h = Math.floor(left / 3600);
  const m = Math.floor((left % 3600) / 60);
  return h > 0 ? `in ${h} h ${m} min` : `in ${Math.max(m, 1)} min`;
}

/** The tenant's name as typed to confirm a write to production (case and outer spaces aside). */
export function nameTyped(typed: string, tenantName: string): boolean {
  return typed.trim().toLowerCase() === tenantName.toLowerCase();
}

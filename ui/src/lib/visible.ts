// A tenant's text as the window shows it: invisible formatting characters (direction changes,
// zero-width spaces) and control characters made visible as ⟨U+202E⟩, so a name cannot look like
// another one or reorder what is around it. Rust flags such names too (a finding).
const HIDDEN = /[\p{Cf}\p{Cc}]/gu;

export function visible(text: string): string {
  return text.replace(HIDDEN, (c) => `⟨U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}⟩`);
}

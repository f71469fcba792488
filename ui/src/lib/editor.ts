// View state of the deny-list editor: the draft as the admin edits it. Which edit a draft makes,
// and how a kept draft meets a list that changed meanwhile, are decided in Rust (change::draft).
import type { Draft } from "./bindings/Draft";

export type { Draft };

export function startDraft(list: string[]): Draft {
  return { original: [...list], current: [...list] };
}

export function addAttribute(draft: Draft, value: string): Draft {
  if (draft.current.includes(value)) return draft;
  return { ...draft, current: [...draft.current, value] };
}

export function removeAttribute(draft: Draft, value: string): Draft {
  return { ...draft, current: draft.current.filter((v) => v !== value) };
}

export function changes(draft: Draft): { added: string[]; removed: string[] } {
  return {
    added: draft.current.filter((v) => !draft.original.includes(v)),
    removed: draft.original.filter((v) => !draft.current.includes(v)),
  };
}

export function isChanged(draft: Draft): boolean {
  const { added, removed } = changes(draft);
  return added.length > 0 || removed.length > 0;
}

/** Suggestions for the add box: common attributes not on the list yet, matching what is typed. */
export function suggestionsFor(draft: Draft, common: string[], typed: string): string[] {
  const t = typed.trim().toLowerCase();
  return common.filter((c) => !draft.current.includes(c) && (t === "" || c.includes(t)));
}

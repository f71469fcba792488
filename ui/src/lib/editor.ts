// View state of the deny-list editor: the draft list and what changed.
import type { Edit } from "./bindings/Edit";

export interface Draft {
  /** The list as read when the editor opened. */
  original: string[];
  /** The list as the admin has edited it. */
  current: string[];
}

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

/**
 * The edit to plan. Additions or removals alone are sent as such, so a change someone else made to
 * other entries meanwhile is not undone; a mix is sent as the whole list (and Rust refuses it if the
 * list changed in the meantime).
 */
export function editFor(draft: Draft): Edit | null {
  const { added, removed } = changes(draft);
  if (added.length === 0 && removed.length === 0) return null;
  if (draft.current.length === 0) return { kind: "clear" };
  if (removed.length === 0) return { kind: "add", attributes: added };
  if (added.length === 0) return { kind: "remove", attributes: removed };
  return { kind: "set", attributes: [...draft.current] };
}

/** Suggestions for the add box: common attributes not on the list yet, matching what is typed. */
export function suggestionsFor(draft: Draft, common: string[], typed: string): string[] {
  const t = typed.trim().toLowerCase();
  return common.filter((c) => !draft.current.includes(c) && (t === "" || c.includes(t)));
}

/** The draft's additions and removals, re-applied to `fresh` (the list as it is now). */
export function rebase(draft: Draft, fresh: string[]): Draft {
  const { added, removed } = changes(draft);
  const current = fresh.filter((v) => !removed.includes(v));
  for (const a of added) if (!current.includes(a)) current.push(a);
  return { original: [...fresh], current };
}

// Keyboard and screen-reader users land on the new content: its heading (or first control).
import { tick } from "svelte";

export async function focusHeading(within: ParentNode = document): Promise<void> {
  await tick();
  const target = within.querySelector<HTMLElement>("h1, [data-focus-first]");
  target?.focus({ preventScroll: false });
}

/** Keep Tab and Shift+Tab inside a modal dialog (its enabled controls), and close it on Escape. */
export function trapFocus(e: KeyboardEvent, dialog: HTMLElement | undefined, onEscape: () => void): void {
  if (e.key === "Escape") return onEscape();
  if (e.key !== "Tab" || !dialog) return;
  const focusable = [...dialog.querySelectorAll<HTMLElement>("button, summary, a[href], input")].filter(
    (el) => !el.hasAttribute("disabled"),
  );
  if (focusable.length === 0) return;
  const first = focusable[0];
  const last = focusable[focusable.length - 1];
  if (e.shiftKey && document.activeElement === first) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && document.activeElement === last) {
    e.preventDefault();
    first.focus();
  }
}

// Keyboard and screen-reader users land on the new content: its heading (or first control).
import { tick } from "svelte";

export async function focusHeading(within: ParentNode = document): Promise<void> {
  await tick();
  const target = within.querySelector<HTMLElement>("h1, [data-focus-first]");
  target?.focus({ preventScroll: false });
}

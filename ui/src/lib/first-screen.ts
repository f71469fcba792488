import type { ProfilesOverview } from "./bindings/ProfilesOverview";

type WithFirstScreen = Window & { __DENYLIST_FIRST_SCREEN__?: ProfilesOverview };

/** What Rust handed over with the page for the first screen (when nothing is saved yet, it is
 *  known without asking anything), taken once: later lists are asked for. */
export function takeFirstScreen(): ProfilesOverview | null {
  const w = window as WithFirstScreen;
  const first = w.__DENYLIST_FIRST_SCREEN__ ?? null;
  delete w.__DENYLIST_FIRST_SCREEN__;
  return first;
}

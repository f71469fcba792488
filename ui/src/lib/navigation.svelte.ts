// Leaving a screen safely: changes not applied are never lost without asking, and a bulk run
// cannot be left until it ends (Cancel stops it). The window's close button asks the same way
// (Rust keeps the window open while `held` is true).
export const navigation = $state({
  /** Changes staged in the editor or the review, not yet applied (with the connection's name). */
  unsaved: null as string | null,
  /** What to do once the admin agrees to discard them. */
  pending: null as (() => void) | null,
  /** A bulk run is under way. */
  running: false,
  /** Leaving was asked for during a bulk run: say why nothing happens. */
  blocked: false,
});

/** Do `action`, but ask first if it would lose changes not applied; never during a bulk run. */
export function guard(action: () => void): void {
  if (navigation.running) {
    navigation.blocked = true;
    return;
  }
  if (navigation.unsaved === null) return action();
  navigation.pending = action;
}

/** The admin chose to discard the changes: do what was asked. */
export function discard(): void {
  const action = navigation.pending;
  navigation.pending = null;
  navigation.unsaved = null;
  action?.();
}

/** The admin chose to keep editing. */
export function keep(): void {
  navigation.pending = null;
}

export function setRunning(running: boolean): void {
  navigation.running = running;
  if (!running) navigation.blocked = false;
}

/** Whether closing the window must ask first. */
export function held(): boolean {
  return navigation.unsaved !== null || navigation.running;
}

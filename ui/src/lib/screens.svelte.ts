// Screens other than the first ones are loaded when first needed (and quietly after the first
// screen is drawn): the script the window must read before its first screen stays small.
import type { Component } from "svelte";
import Loading from "../components/Loading.svelte";
import LoadFailed from "../components/LoadFailed.svelte";

const loaders = {
  setup: () => import("../screens/setup/Setup.svelte"),
  profile: () => import("../screens/ProfileForm.svelte"),
  editor: () => import("../screens/editor/DenyListEditor.svelte"),
  review: () => import("../screens/review/Review.svelte"),
  history: () => import("../screens/History.svelte"),
  bulk: () => import("../screens/bulk/Bulk.svelte"),
  compare: () => import("../screens/Compare.svelte"),
  limitations: () => import("../screens/Limitations.svelte"),
  report: () => import("../components/ReportDialog.svelte"),
};

export type LazyScreen = keyof typeof loaders;
type ScreenComponent<K extends LazyScreen> = Awaited<ReturnType<(typeof loaders)[K]>>["default"];

class Loaded {
  components = $state<{ [K in LazyScreen]?: ScreenComponent<K> }>({});
  /** Screens whose script could not be read, even after trying again. */
  failed = $state<{ [K in LazyScreen]?: true }>({});
}

const loaded = new Loaded();
const loading = new Set<LazyScreen>();
/** A script that failed to load is tried this many times in all, a moment apart. */
const ATTEMPTS = 3;

function lazy(name: LazyScreen, attempt = 1): void {
  if (loaded.components[name] || loaded.failed[name] || (attempt === 1 && loading.has(name))) return;
  loading.add(name);
  loaders[name]().then(
    (m) => {
      loading.delete(name);
      loaded.components = { ...loaded.components, [name]: m.default };
    },
    (e) => {
      if (attempt < ATTEMPTS) {
        setTimeout(() => lazy(name, attempt + 1), 300 * attempt);
        return;
      }
      loading.delete(name);
      console.error(`the ${name} screen's script could not be loaded`, e);
      loaded.failed = { ...loaded.failed, [name]: true };
    },
  );
}

/** A screen's component: itself once its script is loaded, a moment's "Opening…" until then,
 *  or a plain failure with Try again (both ignore the screen's props). Asking for it loads it. */
export function need<K extends LazyScreen>(name: K): ScreenComponent<K> {
  lazy(name);
  const shown = loaded.components[name] ?? (loaded.failed[name] ? LoadFailed : Loading);
  return shown as Component as ScreenComponent<K>;
}

/** Try a screen whose script failed to load again (the failure screen's button). */
export function retryFailed(): void {
  loaded.failed = {};
}

/** Load every screen while nothing else happens (after the first screen is drawn). */
export function preloadAll(): void {
  const all = Object.keys(loaders) as LazyScreen[];
  const idle = (f: () => void) =>
    "requestIdleCallback" in window ? (window as Window & typeof globalThis).requestIdleCallback(f) : setTimeout(f, 200);
  idle(() => all.forEach(lazy));
}

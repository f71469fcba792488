// Screens other than the first ones are loaded when first needed (and quietly after the first
// screen is drawn): the script the window must read before its first screen stays small.
import type { Component } from "svelte";
import Loading from "../components/Loading.svelte";

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
}

const loaded = new Loaded();

function lazy(name: LazyScreen): void {
  if (loaded.components[name]) return;
  loaders[name]().then((m) => (loaded.components = { ...loaded.components, [name]: m.default }));
}

/** A screen's component: itself once its script is loaded, a moment's "Opening…" until then
 *  (which ignores the screen's props). Asking for it loads it. */
export function need<K extends LazyScreen>(name: K): ScreenComponent<K> {
  lazy(name);
  return (loaded.components[name] ?? (Loading as Component)) as ScreenComponent<K>;
}

/** Load every screen while nothing else happens (after the first screen is drawn). */
export function preloadAll(): void {
  const all = Object.keys(loaders) as LazyScreen[];
  const idle = (f: () => void) =>
    "requestIdleCallback" in window ? (window as Window & typeof globalThis).requestIdleCallback(f) : setTimeout(f, 200);
  idle(() => all.forEach(lazy));
}

// The window's way to Rust: the generated commands (commands.ts) and the events Rust sends. All
// logic lives in Rust; this file only moves data.
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import { commands } from "./commands";
import type { BulkProgress } from "./bindings/BulkProgress";
import type { CountProgress } from "./bindings/CountProgress";
import type { ConnectionsPage } from "./bindings/ConnectionsPage";
import type { ProgressView } from "./bindings/ProgressView";
import type { ReportProgress } from "./bindings/ReportProgress";
import type { SetupProgress } from "./bindings/SetupProgress";
export { ApiError, asApiError } from "./ipc";

/** Every command the window may call, typed; generated from Rust's one list of commands. */
export const api = commands;

export function onProgress(handler: (p: ProgressView) => void): Promise<UnlistenFn> {
  return listen<ProgressView>("progress", (e) => handler(e.payload));
}

/** The window's close button was pressed while changes are not applied. */
export function onCloseRequested(handler: () => void): Promise<UnlistenFn> {
  return listen("close-requested", () => handler());
}

export function onConnectionsPage(handler: (p: ConnectionsPage) => void): Promise<UnlistenFn> {
  return listen<ConnectionsPage>("connections-page", (e) => handler(e.payload));
}

export function onBulkProgress(handler: (p: BulkProgress) => void): Promise<UnlistenFn> {
  return listen<BulkProgress>("bulk-progress", (e) => handler(e.payload));
}

export function onStoredProgress(handler: (p: CountProgress) => void): Promise<UnlistenFn> {
  return listen<CountProgress>("stored-progress", (e) => handler(e.payload));
}

export function onReportProgress(handler: (p: ReportProgress) => void): Promise<UnlistenFn> {
  return listen<ReportProgress>("report-progress", (e) => handler(e.payload));
}

export function onSetupProgress(handler: (p: SetupProgress) => void): Promise<UnlistenFn> {
  return listen<SetupProgress>("setup-progress", (e) => handler(e.payload));
}

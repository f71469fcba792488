// Typed calls to the app's Rust commands. All logic lives in Rust; this file only moves data.
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { AccessReport } from "./bindings/AccessReport";
import type { AppliedView } from "./bindings/AppliedView";
import type { BulkPlanView } from "./bindings/BulkPlanView";
import type { BulkProgress } from "./bindings/BulkProgress";
import type { BulkReport } from "./bindings/BulkReport";
import type { ComparisonView } from "./bindings/ComparisonView";
import type { HistoryView } from "./bindings/HistoryView";
import type { RevertChoice } from "./bindings/RevertChoice";
import type { RevertView } from "./bindings/RevertView";
import type { Selection } from "./bindings/Selection";
import type { AttributeCheck } from "./bindings/AttributeCheck";
import type { AttributeContext } from "./bindings/AttributeContext";
import type { StoredValues } from "./bindings/StoredValues";
import type { ConnectionDetail } from "./bindings/ConnectionDetail";
import type { ConnectionsPage } from "./bindings/ConnectionsPage";
import type { ConnectionSummary } from "./bindings/ConnectionSummary";
import type { Edit } from "./bindings/Edit";
import type { ErrorCode } from "./bindings/ErrorCode";
import type { ErrorPayload } from "./bindings/ErrorPayload";
import type { Documentation } from "./bindings/Documentation";
import type { PlanView } from "./bindings/PlanView";
import type { ProfileInput } from "./bindings/ProfileInput";
import type { ProfilesOverview } from "./bindings/ProfilesOverview";
import type { ProfileView } from "./bindings/ProfileView";
import type { ProgressView } from "./bindings/ProgressView";
import type { SessionView } from "./bindings/SessionView";
import type { TenantReport } from "./bindings/TenantReport";

/** An error from Rust, as `{code, message}`. */
export class ApiError extends Error {
  code: ErrorCode;
  constructor(payload: ErrorPayload) {
    super(payload.message);
    this.code = payload.code;
  }
}

export function asApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  if (e && typeof e === "object" && "code" in e && "message" in e) {
    return new ApiError(e as ErrorPayload);
  }
  return new ApiError({ code: "internal", message: String(e) });
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    throw asApiError(e);
  }
}

export const api = {
  loadProfiles: () => call<ProfilesOverview>("load_profiles"),
  saveProfile: (id: string | null, input: ProfileInput, secret: string | null, sessionOnly: boolean) =>
    call<ProfileView>("save_profile", { id, input, secret, sessionOnly }),
  deleteProfile: (id: string) => call<void>("delete_profile", { id }),
  testAccess: (input: ProfileInput, secret: string | null, id: string | null) =>
    call<AccessReport>("test_access", { input, secret, id }),
  openProfile: (id: string) => call<SessionView>("open_profile", { id }),
  startDemo: () => call<SessionView>("start_demo"),
  listConnections: (request: number) => call<ConnectionSummary[]>("list_connections", { request }),
  getConnection: (id: string) => call<ConnectionDetail>("get_connection", { id }),
  checkAttribute: (input: string, context: AttributeContext) => call<AttributeCheck>("check_attribute", { input, context }),
  countStored: (planId: string) => call<StoredValues>("count_stored", { planId }),
  cancelTest: () => call<void>("cancel_test"),
  setUnsaved: (unsaved: boolean) => call<void>("set_unsaved", { unsaved }),
  closeWindow: () => call<void>("close_window"),
  /** A screen is drawn and ready (timed by scripts/bench; nothing happens otherwise). */
  screenReady: (name: string) => call<void>("screen_ready", { name }),
  openDocs: (url: string) => call<void>("open_docs", { url }),
  planEdit: (connectionId: string, edit: Edit) => call<PlanView>("plan_edit", { connectionId, edit }),
  applyPlan: (planId: string, confirmTenant: string | null, configuration: Record<string, string> | null) =>
    call<AppliedView>("apply_plan", { planId, confirmTenant, configuration }),
  historyEntries: (connection: string | null) => call<HistoryView>("history_entries", { connection }),
  prepareRevert: (entryId: string) => call<RevertView>("prepare_revert", { entryId }),
  revertChange: (entryId: string, choice: RevertChoice | null, seen: string[], confirmTenant: string | null) =>
    call<AppliedView>("revert_change", { entryId, choice, seen, confirmTenant }),
  bulkDryRun: (selection: Selection, edit: Edit) => call<BulkPlanView>("bulk_dry_run", { selection, edit }),
  syncDryRun: (sourceProfileId: string, connections: string[]) =>
    call<BulkPlanView>("sync_dry_run", { sourceProfileId, connections }),
  bulkRun: (planId: string, confirmTenant: string | null) => call<BulkReport>("bulk_run", { planId, confirmTenant }),
  bulkCancel: () => call<void>("bulk_cancel"),
  compareTenants: (profileIds: string[]) => call<ComparisonView>("compare_tenants", { profileIds }),
  documentedLimitations: () => call<Documentation>("documented_limitations"),
  tenantFindings: (refresh: boolean) => call<TenantReport>("tenant_findings", { refresh }),
};

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

// Typed calls to the app's Rust commands. All logic lives in Rust; this file only moves data.
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { AccessReport } from "./bindings/AccessReport";
import type { ApplyReport } from "./bindings/ApplyReport";
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
  countStored: (connectionId: string, attributes: string[]) =>
    call<StoredValues>("count_stored", { connectionId, attributes }),
  cancelTest: () => call<void>("cancel_test"),
  setUnsaved: (unsaved: boolean) => call<void>("set_unsaved", { unsaved }),
  closeWindow: () => call<void>("close_window"),
  /** A screen is drawn and ready (timed by scripts/bench; nothing happens otherwise). */
  screenReady: (name: string) => call<void>("screen_ready", { name }),
  openDocs: (url: string) => call<void>("open_docs", { url }),
  planEdit: (connectionId: string, edit: Edit) => call<PlanView>("plan_edit", { connectionId, edit }),
  applyPlan: (planId: string, confirmTenant: string | null, configuration: Record<string, string> | null) =>
    call<ApplyReport>("apply_plan", { planId, confirmTenant, configuration }),
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

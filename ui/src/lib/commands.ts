// Generated from src-tauri/src/commands/list.rs by tests/bindings.rs (UPDATE_BINDINGS=1): do not edit.
// One function per command the window may call.
import { call } from "./ipc";
import type { AccessReport } from "./bindings/AccessReport";
import type { AppliedView } from "./bindings/AppliedView";
import type { AttributeCheck } from "./bindings/AttributeCheck";
import type { AttributeContext } from "./bindings/AttributeContext";
import type { BulkPlanView } from "./bindings/BulkPlanView";
import type { BulkReportView } from "./bindings/BulkReportView";
import type { ComparisonView } from "./bindings/ComparisonView";
import type { ConnectionSummary } from "./bindings/ConnectionSummary";
import type { Documentation } from "./bindings/Documentation";
import type { Draft } from "./bindings/Draft";
import type { Edit } from "./bindings/Edit";
import type { EditorView } from "./bindings/EditorView";
import type { HistoryView } from "./bindings/HistoryView";
import type { PlanView } from "./bindings/PlanView";
import type { ProfileInput } from "./bindings/ProfileInput";
import type { ProfileView } from "./bindings/ProfileView";
import type { ProfilesOverview } from "./bindings/ProfilesOverview";
import type { RevertChoice } from "./bindings/RevertChoice";
import type { RevertView } from "./bindings/RevertView";
import type { Selection } from "./bindings/Selection";
import type { SessionView } from "./bindings/SessionView";
import type { StoredValues } from "./bindings/StoredValues";
import type { TenantReport } from "./bindings/TenantReport";

export const commands = {
  loadProfiles: () => call<ProfilesOverview>("load_profiles"),
  saveProfile: (id: string | null, input: ProfileInput, secret: string | null, sessionOnly: boolean) => call<ProfileView>("save_profile", { id, input, secret, sessionOnly }),
  deleteProfile: (id: string) => call<void>("delete_profile", { id }),
  testAccess: (input: ProfileInput, secret: string | null, id: string | null) => call<AccessReport>("test_access", { input, secret, id }),
  cancelTest: () => call<void>("cancel_test"),
  openProfile: (id: string) => call<SessionView>("open_profile", { id }),
  startDemo: () => call<SessionView>("start_demo"),
  listConnections: (request: number) => call<Array<ConnectionSummary>>("list_connections", { request }),
  getConnection: (id: string, keep: Draft | null) => call<EditorView>("get_connection", { id, keep }),
  checkAttribute: (input: string, context: AttributeContext) => call<AttributeCheck>("check_attribute", { input, context }),
  countStored: (planId: string) => call<StoredValues>("count_stored", { planId }),
  planEdit: (connectionId: string, draft: Draft) => call<PlanView>("plan_edit", { connectionId, draft }),
  applyPlan: (planId: string, confirmTenant: string | null, configuration: { [key in string]: string } | null) => call<AppliedView>("apply_plan", { planId, confirmTenant, configuration }),
  historyEntries: (connection: string | null) => call<HistoryView>("history_entries", { connection }),
  prepareRevert: (entryId: string) => call<RevertView>("prepare_revert", { entryId }),
  revertChange: (entryId: string, choice: RevertChoice | null, seen: Array<string>, confirmTenant: string | null) => call<AppliedView>("revert_change", { entryId, choice, seen, confirmTenant }),
  bulkDryRun: (selection: Selection, edit: Edit) => call<BulkPlanView>("bulk_dry_run", { selection, edit }),
  syncDryRun: (sourceProfileId: string, connections: Array<string>) => call<BulkPlanView>("sync_dry_run", { sourceProfileId, connections }),
  bulkRun: (planId: string, confirmTenant: string | null) => call<BulkReportView>("bulk_run", { planId, confirmTenant }),
  bulkCancel: () => call<void>("bulk_cancel"),
  compareTenants: (profileIds: Array<string>) => call<ComparisonView>("compare_tenants", { profileIds }),
  documentedLimitations: () => call<Documentation>("documented_limitations"),
  tenantFindings: (refresh: boolean) => call<TenantReport>("tenant_findings", { refresh }),
  setUnsaved: (unsaved: boolean) => call<void>("set_unsaved", { unsaved }),
  closeWindow: () => call<void>("close_window"),
  openDocs: (url: string) => call<void>("open_docs", { url }),
  screenReady: (name: string) => call<void>("screen_ready", { name }),
};

// Generated from src-tauri/src/commands/list.rs by tests/bindings.rs (UPDATE_BINDINGS=1): do not edit.
// One function per command the window may call.
import { call } from "./ipc";
import type { AccessReport } from "./bindings/AccessReport";
import type { AppliedView } from "./bindings/AppliedView";
import type { AttributeCheck } from "./bindings/AttributeCheck";
import type { AttributeContext } from "./bindings/AttributeContext";
import type { BulkPlanView } from "./bindings/BulkPlanView";
import type { BulkReportView } from "./bindings/BulkReportView";
import type { BulkStored } from "./bindings/BulkStored";
import type { ComparisonView } from "./bindings/ComparisonView";
import type { Documentation } from "./bindings/Documentation";
import type { Draft } from "./bindings/Draft";
import type { Edit } from "./bindings/Edit";
import type { EditorView } from "./bindings/EditorView";
import type { HistoryView } from "./bindings/HistoryView";
import type { KindFilter } from "./bindings/KindFilter";
import type { NewKeyView } from "./bindings/NewKeyView";
import type { PlanView } from "./bindings/PlanView";
import type { ProfileInput } from "./bindings/ProfileInput";
import type { ProfileView } from "./bindings/ProfileView";
import type { ProfilesOverview } from "./bindings/ProfilesOverview";
import type { RemovedView } from "./bindings/RemovedView";
import type { ReportFormat } from "./bindings/ReportFormat";
import type { ReportSaved } from "./bindings/ReportSaved";
import type { RevertChoice } from "./bindings/RevertChoice";
import type { RevertPreview } from "./bindings/RevertPreview";
import type { RotatedView } from "./bindings/RotatedView";
import type { RowsPage } from "./bindings/RowsPage";
import type { Selection } from "./bindings/Selection";
import type { SessionView } from "./bindings/SessionView";
import type { SetupGuide } from "./bindings/SetupGuide";
import type { SetupPreview } from "./bindings/SetupPreview";
import type { SetupResult } from "./bindings/SetupResult";
import type { StoredValues } from "./bindings/StoredValues";
import type { TableOverview } from "./bindings/TableOverview";
import type { TenantReport } from "./bindings/TenantReport";

export const commands = {
  loadProfiles: (checkKeyring: boolean) => call<ProfilesOverview>("load_profiles", { checkKeyring }),
  saveProfile: (id: string | null, input: ProfileInput, secret: string | null, newKey: boolean, sessionOnly: boolean) => call<ProfileView>("save_profile", { id, input, secret, newKey, sessionOnly }),
  testAccess: (input: ProfileInput, secret: string | null, newKey: boolean, id: string | null) => call<AccessReport>("test_access", { input, secret, newKey, id }),
  cancelTest: () => call<void>("cancel_test"),
  openProfile: (id: string) => call<SessionView>("open_profile", { id }),
  startDemo: () => call<SessionView>("start_demo"),
  setupGuide: (domain: string | null) => call<SetupGuide>("setup_guide", { domain }),
  setupPreview: (domain: string, token: string) => call<SetupPreview>("setup_preview", { domain, token }),
  setupPractice: () => call<SetupPreview>("setup_practice"),
  setupRun: (setupId: string, input: ProfileInput, scopes: Array<string>, useKey: boolean, reuse: boolean) => call<SetupResult>("setup_run", { setupId, input, scopes, useKey, reuse }),
  setupForget: () => call<void>("setup_forget"),
  generateKey: () => call<NewKeyView>("generate_key"),
  importKey: () => call<NewKeyView>("import_key"),
  rotateCredential: (id: string, token: string) => call<RotatedView>("rotate_credential", { id, token }),
  removeProfile: (id: string, token: string | null) => call<RemovedView>("remove_profile", { id, token }),
  listConnections: (request: number) => call<TableOverview>("list_connections", { request }),
  connectionRows: (query: string, kind: KindFilter, offset: number, limit: number) => call<RowsPage>("connection_rows", { query, kind, offset, limit }),
  connectionIds: (query: string, kind: KindFilter) => call<Array<string>>("connection_ids", { query, kind }),
  connectionsReceiving: (name: string) => call<Array<string>>("connections_receiving", { name }),
  getConnection: (id: string, keep: Draft | null) => call<EditorView>("get_connection", { id, keep }),
  checkAttribute: (input: string, context: AttributeContext) => call<AttributeCheck>("check_attribute", { input, context }),
  countStored: (planId: string) => call<StoredValues>("count_stored", { planId }),
  countStoredDenied: (connectionId: string) => call<StoredValues>("count_stored_denied", { connectionId }),
  planEdit: (connectionId: string, draft: Draft) => call<PlanView>("plan_edit", { connectionId, draft }),
  applyPlan: (planId: string, confirmTenant: string | null, configuration: { [key in string]: string } | null, withoutHistory: boolean) => call<AppliedView>("apply_plan", { planId, confirmTenant, configuration, withoutHistory }),
  historyEntries: (connection: string | null, tenantLogs: boolean) => call<HistoryView>("history_entries", { connection, tenantLogs }),
  prepareRevert: (entryId: string) => call<RevertPreview>("prepare_revert", { entryId }),
  revertChange: (entryId: string, choice: RevertChoice | null, seen: Array<string>, confirmTenant: string | null, withoutHistory: boolean) => call<AppliedView>("revert_change", { entryId, choice, seen, confirmTenant, withoutHistory }),
  bulkDryRun: (selection: Selection, edit: Edit) => call<BulkPlanView>("bulk_dry_run", { selection, edit }),
  syncDryRun: (sourceProfileId: string, connections: Array<string>) => call<BulkPlanView>("sync_dry_run", { sourceProfileId, connections }),
  bulkRun: (planId: string, confirmTenant: string | null, withoutHistory: boolean) => call<BulkReportView>("bulk_run", { planId, confirmTenant, withoutHistory }),
  bulkCountStored: (planId: string) => call<BulkStored>("bulk_count_stored", { planId }),
  bulkCancel: () => call<void>("bulk_cancel"),
  compareTenants: (profileIds: Array<string>) => call<ComparisonView>("compare_tenants", { profileIds }),
  makeReport: (profileIds: Array<string>, since: string | null, format: ReportFormat) => call<ReportSaved>("make_report", { profileIds, since, format }),
  documentedLimitations: () => call<Documentation>("documented_limitations"),
  tenantFindings: (refresh: boolean) => call<TenantReport>("tenant_findings", { refresh }),
  setUnsaved: (unsaved: boolean) => call<void>("set_unsaved", { unsaved }),
  closeWindow: () => call<void>("close_window"),
  openDocs: (url: string) => call<void>("open_docs", { url }),
  screenReady: (name: string) => call<void>("screen_ready", { name }),
  benchRoute: () => call<string | null>("bench_route"),
};

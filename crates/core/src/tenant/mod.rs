//! Every connection of a tenant at once: the listing as rows, one edit over many connections
//! (dry run, then a paced run), what is already stored of the attributes it adds, policies (export, compare, sync, drift) and the code of tenants managed
//! with Terraform or the Deploy CLI, and who changed what from the tenant's own logs.

pub mod as_code;
pub mod bulk;
pub mod bulk_stored;
pub mod drift;
pub mod listing;
pub mod policy;
pub mod tenant_logs;

//! Every connection of a tenant at once: the listing as rows, one edit over many connections
//! (dry run, then a paced run), policies (export, compare, sync, drift) and the code of tenants managed
//! with Terraform or the Deploy CLI.

pub mod as_code;
pub mod bulk;
pub mod drift;
pub mod listing;
pub mod policy;

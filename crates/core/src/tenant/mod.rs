//! Every connection of a tenant at once: the listing as rows, one edit over many connections
//! (dry run, then a paced run), and policies (export, compare, sync).

pub mod bulk;
pub mod listing;
pub mod policy;

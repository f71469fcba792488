//! What the core keeps on this computer: the history of changes (JSON lines), safe file names,
//! and the ids and times it records. Depends on nothing but the error type.

pub mod files;
pub mod history;
pub mod ids;

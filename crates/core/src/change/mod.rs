//! The safe write path, in one place. [`plan`] works out an edit on a connection as read;
//! [`apply`] reads it fresh, checks for a conflict, sends the body [`merge`] builds (every other
//! setting exactly as read) and verifies the reply; [`record`] writes the change into the
//! history. [`revert`] undoes a recorded change through the same cycle.

pub mod apply;
pub mod draft;
pub mod merge;
pub mod plan;
pub mod record;
pub mod revert;

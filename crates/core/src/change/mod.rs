//! The safe write path, in one place. [`plan`] works out an edit on a connection as read;
//! [`apply`] reads it fresh, checks for a conflict, sends the body [`merge`] builds (every other
//! setting exactly as read) and verifies the reply; [`record`] wraps it with the history, written
//! ahead (the intent before the write, the outcome after); [`resolve`] settles at the next start
//! what a crash interrupted. [`revert`] undoes a recorded change through the same cycle.

pub mod apply;
pub mod draft;
pub mod merge;
pub mod plan;
pub mod record;
pub mod resolve;
pub mod revert;

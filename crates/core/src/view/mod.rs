//! What the screens and the command line show of a connection: never its settings.

pub mod connection;
pub mod table;

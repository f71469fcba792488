//! What the app knows about a tenant without asking it: the domain as typed, a connection
//! exactly as Auth0 returned it (never a typed struct), strategies in plain words, the deny list
//! and its rules, and the names an attribute is likely to be.

pub mod connection;
pub mod deny_list;
pub mod domain;
pub mod known_names;
pub mod strategy;

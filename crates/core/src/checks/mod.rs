//! Where the deny list will not do what the admin thinks, said only where it is true: the
//! catalogue of Auth0's documented limitations (a leaf: it imports nothing), findings per
//! attribute and connection (no API call), tenant-wide checks through the Management API, users
//! who still have a denied value stored, and which scopes a token has ("Test connection").

pub mod access;
pub mod cache;
pub mod catalogue;
pub mod documentation;
pub mod findings;
pub mod retirements;
pub mod stored_values;
pub mod tenant_checks;

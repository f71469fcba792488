//! Saved tenant profiles: metadata in one file ([`profile_file`]), every secret
//! in the OS keyring ([`keyring_store`]), kept in step by [`Profiles`].

// Nothing read from the profiles file, the keyring or the admin may panic: errors instead.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]

pub mod keyring_store;
pub mod profile;
pub mod profile_file;
mod profiles;
pub mod token_store;

pub use keyring_store::{KeyringStore, MemoryStore, SecretStore};
pub use profile::{
    AuthMethod, Environment, KeyInput, ManagedAsCode, Profile, ProfileInput, Rotation,
};
pub use profile_file::ProfileFile;
pub use profiles::{
    KEY_WARNING, Keep, ProfileList, ProfileView, Profiles, SecretState, expiry_notice,
};
pub use token_store::{KeyringTokens, MemoryTokens};

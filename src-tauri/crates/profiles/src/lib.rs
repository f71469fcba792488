//! Saved tenant profiles: metadata in one file ([`profile_file`]), every secret
//! in the OS keyring ([`keyring_store`]), kept in step by [`Profiles`].

pub mod keyring_store;
pub mod profile;
pub mod profile_file;
mod profiles;

pub use keyring_store::{KeyringStore, MemoryStore, SecretStore};
pub use profile::{AuthMethod, Environment, Profile, ProfileInput};
pub use profile_file::ProfileFile;
pub use profiles::{Keep, ProfileView, Profiles, SecretState};

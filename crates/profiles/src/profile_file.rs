//! The profiles file: metadata only, never a secret. One JSON file in the
//! platform's config directory, with a schema version for later migrations,
//! written atomically (temp file + rename) under a lock so concurrent writers
//! (the app and the CLI) do not lose each other's changes. A file that cannot
//! be parsed is moved aside and reported, never overwritten.

use crate::profile::Profile;
use denylist_core::local::files;
use denylist_core::{Error, Result};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

pub const FILE_NAME: &str = "profiles.json";
pub const SCHEMA_VERSION: u64 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProfileData {
    pub schema_version: u64,
    /// The profile to restore at start.
    #[serde(default)]
    pub last_profile_id: Option<String>,
    #[serde(default)]
    pub profiles: Vec<Profile>,
    /// Profiles deleted while the keyring was unavailable: their keyring entries are deleted when it is back.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pending_secret_deletes: Vec<String>,
}

impl Default for ProfileData {
    fn default() -> Self {
        ProfileData {
            schema_version: SCHEMA_VERSION,
            last_profile_id: None,
            profiles: Vec::new(),
            pending_secret_deletes: Vec::new(),
        }
    }
}

pub struct ProfileFile {
    path: PathBuf,
}

impl ProfileFile {
    /// `profiles.json` inside `dir`.
    pub fn in_dir(dir: &Path) -> ProfileFile {
        ProfileFile {
            path: dir.join(FILE_NAME),
        }
    }

    /// The platform's config directory (`~/.config/deny-list-manager` on Linux).
    pub fn default_location() -> Result<ProfileFile> {
        let dirs =
            directories::ProjectDirs::from("", "", "deny-list-manager").ok_or_else(|| {
                Error::ProfileFile(
                    "No home directory was found, so profiles cannot be saved.".into(),
                )
            })?;
        Ok(ProfileFile::in_dir(dirs.config_dir()))
    }

    /// The platform's cache directory (`~/.cache/deny-list-manager` on Linux), for what may be lost.
    pub fn cache_dir() -> Option<PathBuf> {
        directories::ProjectDirs::from("", "", "deny-list-manager")
            .map(|d| d.cache_dir().to_path_buf())
    }

    /// Where the history of applied changes is kept (`~/.local/share/deny-list-manager/history`
    /// on Linux): data worth keeping, unlike the cache.
    pub fn history_dir() -> Option<PathBuf> {
        directories::ProjectDirs::from("", "", "deny-list-manager")
            .map(|d| d.data_dir().join("history"))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Read the profiles. The second value is a notice for the admin when the file had to be set aside.
    pub fn read(&self) -> Result<(ProfileData, Option<String>)> {
        let _lock = self.lock()?;
        self.read_unlocked()
    }

    /// Read, change and write back atomically, holding the lock throughout.
    pub fn update<R>(
        &self,
        change: impl FnOnce(&mut ProfileData) -> Result<R>,
    ) -> Result<(R, Option<String>)> {
        let _lock = self.lock()?;
        let (mut data, notice) = self.read_unlocked()?;
        let result = change(&mut data)?;
        self.write_unlocked(&data)?;
        Ok((result, notice))
    }

    fn dir(&self) -> &Path {
        self.path.parent().unwrap_or(Path::new("."))
    }

    fn lock(&self) -> Result<File> {
        create_private_dir(self.dir()).map_err(|e| self.io_error("create the folder for", &e))?;
        let lock = files::open_private_write(&self.path.with_extension("lock"))
            .map_err(|e| self.io_error("lock", &e))?;
        lock.lock().map_err(|e| self.io_error("lock", &e))?;
        Ok(lock)
    }

    fn read_unlocked(&self) -> Result<(ProfileData, Option<String>)> {
        let bytes = match files::read_private(&self.path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok((ProfileData::default(), None));
            }
            Err(e) => return Err(self.io_error("read", &e)),
        };
        let value: Value = match serde_json::from_slice(&bytes) {
            Ok(v) => v,
            Err(e) => return self.set_aside(&format!("it is not valid JSON ({e})")),
        };
        let version = value
            .get("schema_version")
            .and_then(Value::as_u64)
            .unwrap_or(0);
        if version > SCHEMA_VERSION {
            return Err(Error::ProfileFile(format!(
                "The saved profiles in {} were written by a newer version of Deny List Manager (format {version}). \
                 Update the app; the file was left unchanged.",
                self.path.display()
            )));
        }
        match serde_json::from_value::<ProfileData>(migrate(value)) {
            Ok(data) => Ok((data, None)),
            Err(e) => self.set_aside(&format!("its content is not as expected ({e})")),
        }
    }

    fn set_aside(&self, why: &str) -> Result<(ProfileData, Option<String>)> {
        let stamp = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_secs();
        let aside = self.path.with_extension(format!("json.unreadable-{stamp}"));
        fs::rename(&self.path, &aside)
            .map_err(|e| self.io_error("set aside the unreadable", &e))?;
        let notice = format!(
            "The saved profiles file {} could not be read: {why}. It was kept as {} and is not used; you start with \
             no saved profiles. Secrets saved in the system keyring were not touched.",
            self.path.display(),
            aside.display()
        );
        Ok((ProfileData::default(), Some(notice)))
    }

    fn write_unlocked(&self, data: &ProfileData) -> Result<()> {
        let text = serde_json::to_vec_pretty(data).map_err(|e| {
            Error::ProfileFile(format!("The saved profiles could not be written: {e}."))
        })?;
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap_or_default()
            .as_nanos();
        let temp = self
            .dir()
            .join(format!(".{FILE_NAME}.{}.{nanos}.tmp", std::process::id()));
        let result = (|| {
            let mut file = private_file(&temp)?;
            file.write_all(&text)?;
            file.write_all(b"\n")?;
            file.sync_all()?;
            fs::rename(&temp, &self.path)?;
            if let Ok(dir) = File::open(self.dir()) {
                let _ = dir.sync_all();
            }
            Ok(())
        })();
        result.map_err(|e: std::io::Error| {
            let _ = fs::remove_file(&temp);
            self.io_error("write", &e)
        })
    }

    fn io_error(&self, what: &str, e: &std::io::Error) -> Error {
        Error::ProfileFile(format!(
            "Could not {what} the saved profiles file {}: {e}.",
            self.path.display()
        ))
    }
}

/// Bring an older file up to [`SCHEMA_VERSION`]. (Version 1 is the first; files without a version are treated as 1.)
fn migrate(mut value: Value) -> Value {
    if let Some(o) = value.as_object_mut() {
        o.insert("schema_version".into(), SCHEMA_VERSION.into());
    }
    value
}

fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    files::create_private_dir_all(dir)
}

fn private_file(path: &Path) -> std::io::Result<File> {
    files::create_private_new(path)
}

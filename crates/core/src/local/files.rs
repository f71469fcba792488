//! Files the core keeps on this computer (the change history, the tenant checks' cache, the
//! saved profiles): readable by this user only, and never reached through a link. Another user
//! of the computer may have planted a link where a file is about to be written (a predictable
//! name in a shared folder): every file here is opened without following links, must be a regular
//! file owned by this user, is created 0600, in folders created 0700 (folders that exist keep
//! their modes).

use std::fs::{File, OpenOptions};
use std::io::{Read, Write};
use std::path::Path;

/// A file name for `key` (a tenant's domain, a client's identity): letters, digits, `.` and `-`
/// kept, anything else `_`, at most 120 characters — never a path separator or `..` alone.
pub fn file_name(key: &str) -> String {
    key.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(120)
        .collect()
}

/// Create `dir` and its missing parents, each new one 0700.
pub fn create_private_dir_all(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

fn private_options(options: &mut OpenOptions) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options
            .mode(0o600)
            .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC);
    }
}

/// Refuse what was opened unless it is a regular file of this user's.
fn ours(file: File, path: &Path) -> std::io::Result<File> {
    let meta = file.metadata()?;
    let refuse = |why: &str| {
        Err(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            format!("{} {why}, so it is not used", path.display()),
        ))
    };
    if !meta.is_file() {
        return refuse("is not a regular file");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // SAFETY: geteuid has no preconditions and cannot fail.
        let me = unsafe { libc::geteuid() };
        if meta.uid() != me {
            return refuse("belongs to another user");
        }
    }
    Ok(file)
}

/// The error a link gives: said as what it is.
fn no_link(e: std::io::Error, path: &Path) -> std::io::Error {
    #[cfg(unix)]
    if e.raw_os_error() == Some(libc::ELOOP) {
        return std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            format!("{} is a link, so it is not followed", path.display()),
        );
    }
    let _ = path;
    e
}

/// Open `path` to append to it (created 0600 if missing), readable too.
pub fn open_private_append(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.create(true).append(true).read(true);
    private_options(&mut options);
    ours(options.open(path).map_err(|e| no_link(e, path))?, path)
}

/// Open `path` to write it (created 0600 if missing; not truncated), e.g. a lock file.
pub fn open_private_write(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.create(true).write(true).truncate(false);
    private_options(&mut options);
    ours(options.open(path).map_err(|e| no_link(e, path))?, path)
}

/// Open `path` to write it only if it exists (never created), e.g. to test a lock.
pub fn open_private_existing(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true);
    private_options(&mut options);
    ours(options.open(path).map_err(|e| no_link(e, path))?, path)
}

/// Everything in `path`, which must be this user's regular file (not a link).
pub fn read_private(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut options = OpenOptions::new();
    options.read(true);
    private_options(&mut options);
    let mut file = ours(options.open(path).map_err(|e| no_link(e, path))?, path)?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// A new file at `path` (0600), which must not exist yet: what a write-then-rename starts from.
pub fn create_private_new(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    private_options(&mut options);
    options.open(path).map_err(|e| no_link(e, path))
}

/// Flush a folder's entries to disk: a file just created or renamed in it is not durable until
/// its folder is (a power cut could otherwise lose the name).
pub fn sync_dir(dir: &Path) -> std::io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Replace `path` with `bytes` at once: a new private file beside it, flushed, then renamed over
/// it (a rename replaces a link planted there; it never writes through one).
pub fn write_private_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    create_private_dir_all(dir)?;
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default()
        .as_nanos();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(".{name}.{}.{nanos}.tmp", std::process::id()));
    let result = (|| {
        let mut file = create_private_new(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)?;
        sync_dir(dir)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn links_are_never_followed_and_new_files_and_folders_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let victim = dir.path().join("bashrc");
        std::fs::write(&victim, "original\n").unwrap();
        let planted = dir.path().join("history.jsonl");
        std::os::unix::fs::symlink(&victim, &planted).unwrap();
        let e = open_private_append(&planted).unwrap_err();
        assert!(e.to_string().contains("is a link"), "{e}");
        assert!(read_private(&planted).is_err());
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "original\n");
        // Replaced, not written through.
        write_private_atomic(&planted, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "original\n");
        assert_eq!(std::fs::read(&planted).unwrap(), b"new");
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&planted), 0o600);
        let nested = dir.path().join("a/b");
        create_private_dir_all(&nested).unwrap();
        assert_eq!(mode(&nested), 0o700);
        assert_eq!(mode(&dir.path().join("a")), 0o700);
        let appended = nested.join("f");
        drop(open_private_append(&appended).unwrap());
        assert_eq!(mode(&appended), 0o600);
        // A folder, or anything not a regular file, is refused.
        assert!(read_private(&nested).is_err());
    }

    #[test]
    fn names_never_leave_their_folder() {
        assert_eq!(
            file_name("https://acme.us.auth0.com"),
            "https___acme.us.auth0.com"
        );
        assert_eq!(file_name("../../etc/passwd"), ".._.._etc_passwd");
        assert_eq!(file_name(&"a".repeat(300)).len(), 120);
    }
}

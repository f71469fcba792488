//! The ids and times the history records: ids sortable by time and unique by a random tail,
//! times in UTC as RFC 3339.

/// Now, in UTC, as RFC 3339 to the second.
pub fn now_rfc3339() -> String {
    let now = time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .unwrap_or_else(|_| time::OffsetDateTime::now_utc());
    now.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// `20261128-091512-a3f9c2`: sortable by time, unique by its random tail (24 bits: many changes a
/// second, as a bulk run makes, never share one).
pub fn new_id() -> String {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let now = time::OffsetDateTime::now_utc();
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(now.unix_timestamp_nanos() as u128);
    h.write_u32(std::process::id());
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    format!(
        "{:04}{:02}{:02}-{:02}{:02}{:02}-{:06x}",
        now.year(),
        u8::from(now.month()),
        now.day(),
        now.hour(),
        now.minute(),
        now.second(),
        h.finish() & 0xff_ffff
    )
}

/// This computer's name, as it calls itself ("this computer" when it does not say).
pub fn computer_name() -> String {
    #[cfg(unix)]
    {
        let mut buf = [0u8; 256];
        // SAFETY: the buffer is valid for its length; gethostname writes at most that much.
        if unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) } == 0 {
            let end = buf.iter().position(|b| *b == 0).unwrap_or(buf.len());
            let name = String::from_utf8_lossy(&buf[..end]).trim().to_string();
            if !name.is_empty() {
                return name;
            }
        }
    }
    std::env::var("COMPUTERNAME")
        .ok()
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| "this computer".into())
}

/// `YYYY-MM-DD` of a Unix time, in UTC.
pub fn day_of(unix: u64) -> String {
    i64::try_from(unix)
        .ok()
        .and_then(|s| time::OffsetDateTime::from_unix_timestamp(s).ok())
        .map(|t| format!("{:04}-{:02}-{:02}", t.year(), u8::from(t.month()), t.day()))
        .unwrap_or_default()
}

/// A Unix time in UTC as RFC 3339 to the second.
pub fn rfc3339_of(unix: u64) -> String {
    i64::try_from(unix)
        .ok()
        .and_then(|s| time::OffsetDateTime::from_unix_timestamp(s).ok())
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

/// This computer and user, as twelve hex digits: the tag an application made by setup carries
/// (in its `client_metadata`) and its keys carry (in their names), so that setting up again
/// reuses only what this computer made and rotating removes only the keys it registered. Derived
/// from the machine id and the user, never stored: the same on every run, nothing to lose.
pub fn install_tag() -> String {
    let machine = ["/etc/machine-id", "/var/lib/dbus/machine-id"]
        .iter()
        .find_map(|p| std::fs::read_to_string(p).ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(computer_name);
    #[cfg(unix)]
    // SAFETY: getuid cannot fail.
    let user = unsafe { libc::getuid() }.to_string();
    #[cfg(not(unix))]
    let user = std::env::var("USERNAME").unwrap_or_default();
    let digest = aws_lc_rs::digest::digest(
        &aws_lc_rs::digest::SHA256,
        format!("deny-list-manager\n{machine}\n{user}").as_bytes(),
    );
    digest.as_ref()[..6]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Now, in this computer's time zone: RFC 3339 with its offset (`2026-12-06T17:03:12+01:00`), and
/// the zone's name as the system gives it (`CET`, `UTC`). An auditor reads a report's time
/// with its zone, never a bare clock time.
pub fn local_now() -> (String, String) {
    let now = time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .unwrap_or_else(|_| time::OffsetDateTime::now_utc());
    let (offset, zone) = local_offset(now.unix_timestamp());
    let local = time::UtcOffset::from_whole_seconds(offset)
        .map(|o| now.to_offset(o))
        .unwrap_or(now);
    let text = local
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default();
    let zone = if zone.is_empty() {
        if offset == 0 {
            "UTC".to_string()
        } else {
            format!("UTC{:+03}:{:02}", offset / 3600, (offset.abs() % 3600) / 60)
        }
    } else {
        zone
    };
    (text, zone)
}

/// The local offset (seconds east of UTC) and zone abbreviation at `unix`, from the C library
/// (which reads `TZ` and the system's zone files).
fn local_offset(unix: i64) -> (i32, String) {
    #[cfg(unix)]
    {
        let t: libc::time_t = unix as libc::time_t;
        // SAFETY: `tm` is plain data, fully written by localtime_r on success; both pointers are
        // valid for the call, and localtime_r is the thread-safe variant.
        let mut tm: libc::tm = unsafe { std::mem::zeroed() };
        let ok = unsafe { !libc::localtime_r(&t, &mut tm).is_null() };
        if ok {
            let zone = if tm.tm_zone.is_null() {
                String::new()
            } else {
                // SAFETY: tm_zone points to a NUL-terminated string owned by the C library.
                unsafe { std::ffi::CStr::from_ptr(tm.tm_zone) }
                    .to_string_lossy()
                    .into_owned()
            };
            return (tm.tm_gmtoff as i32, zone);
        }
    }
    let _ = unix;
    (0, "UTC".into())
}

#[cfg(test)]
mod install_tag_tests {
    #[test]
    fn the_tag_is_stable_and_twelve_hex_digits() {
        let a = super::install_tag();
        assert_eq!(a, super::install_tag());
        assert_eq!(a.len(), 12);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()), "{a}");
    }

    #[test]
    fn local_time_carries_its_offset_and_zone() {
        let (at, zone) = super::local_now();
        assert!(
            at.ends_with('Z') || at[19..].starts_with(['+', '-']),
            "{at}"
        );
        assert!(!zone.is_empty());
    }
}

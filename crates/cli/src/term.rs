//! What reaches the terminal as text. Names, messages and lists come from the
//! tenant and may hold escape sequences (clearing the screen, faking output) or
//! invisible direction changes: every control and formatting character is
//! shown as a visible `\u{…}` instead. Our own line breaks stay. JSON output is
//! printed as it is: serde escapes control characters there.

/// `text` with control and invisible formatting characters made visible.
pub fn safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c != '\n' && (c.is_control() || denylist_core::text::is_invisible(c)) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

/// One value from the tenant (a name, an entry of a list) or one message, with every control
/// character made visible — line breaks too: a value that holds `\n` must not start a line of
/// its own and pass for the tool's output.
pub fn value(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() || denylist_core::text::is_invisible(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

/// `print!`, made safe.
macro_rules! out {
    ($($arg:tt)*) => { print!("{}", $crate::term::safe(&format!($($arg)*))) };
}

/// `println!`, made safe.
macro_rules! outln {
    ($($arg:tt)*) => { println!("{}", $crate::term::safe(&format!($($arg)*))) };
}

/// `eprint!`, made safe.
macro_rules! err {
    ($($arg:tt)*) => { eprint!("{}", $crate::term::safe(&format!($($arg)*))) };
}

/// `eprintln!`, made safe.
macro_rules! errln {
    ($($arg:tt)*) => { eprintln!("{}", $crate::term::safe(&format!($($arg)*))) };
}

pub(crate) use {err, errln, out, outln};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_bidi_controls_become_visible() {
        assert_eq!(safe("a\u{1b}[2Jb\nc"), "a\\u{1b}[2Jb\nc");
        assert_eq!(safe("x\r\u{7}y"), "x\\u{d}\\u{7}y");
        assert_eq!(safe("gender\u{202e}x"), "gender\\u{202e}x");
        assert_eq!(safe("gén\u{e9}ro ✓"), "généro ✓");
        // A value's own line break is shown, not obeyed.
        assert_eq!(
            value("db\nDone, and verified"),
            "db\\u{a}Done, and verified"
        );
    }
}

//! Server text on its way to the admin. Anything a tenant says may quote what
//! was sent to it (client secrets, tokens, every setting of a connection), so
//! a server's words are only shown after every value that was sent has been
//! cut out of them, PEM blocks whole. One function for every path: token,
//! reads, writes, tenant checks.

use crate::secret::Secret;
use serde_json::Value;

/// Longest piece of a server's message shown to the admin.
const MAX_SHOWN: usize = 300;
/// Shorter sent values are cut only where they stand as a whole word, so that
/// e.g. a sent "on" does not turn "options" into nonsense; longer ones wherever they appear.
const ANYWHERE: usize = 6;
const REDACTED: &str = "<redacted>";

/// Every text value sent to the tenant so far: what a reply must not echo back to the admin.
#[derive(Default, Clone)]
pub struct Sent {
    values: Vec<Secret>,
}

impl std::fmt::Debug for Sent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Sent(<{} values>)", self.values.len())
    }
}

impl Sent {
    /// Remember one sent value, with the spellings it takes inside JSON and form bodies.
    pub fn add(&mut self, value: &str) {
        if value.is_empty() {
            return;
        }
        let json = serde_json::to_string(value).unwrap_or_default();
        let json = json.trim_matches('"');
        let form: String = url::form_urlencoded::byte_serialize(value.as_bytes()).collect();
        // Texts are matched with their invisible characters taken out: so is the value.
        let visible = without_format(value);
        for v in [value, json, form.as_str(), visible.as_str()] {
            if !v.is_empty() && !self.values.iter().any(|s| s.expose() == v) {
                self.values.push(Secret::new(v));
            }
        }
        // Longest first, so a value is cut whole before a shorter one inside it.
        self.values
            .sort_by_key(|s| std::cmp::Reverse(s.expose().len()));
    }

    /// Remember every text value inside `value` (keys are names, not secrets), except under `skip`.
    pub fn add_json(&mut self, value: &Value, skip: &[&str]) {
        match value {
            Value::String(s) => self.add(s),
            Value::Array(items) => items.iter().for_each(|v| self.add_json(v, skip)),
            Value::Object(map) => map
                .iter()
                .filter(|(k, _)| !skip.contains(&k.as_str()))
                .for_each(|(_, v)| self.add_json(v, skip)),
            _ => {}
        }
    }

    pub fn extend(&mut self, other: &Sent) {
        for v in &other.values {
            self.add(v.expose());
        }
    }

    /// `text` with every sent value cut out. Invisible formatting characters go first (an echo
    /// with a zero-width space inside a secret looks the same on screen), and long values are
    /// matched in any letter case.
    pub fn redact(&self, text: &str) -> String {
        let mut out = without_format(text);
        for value in &self.values {
            out = cut(&out, value.expose());
        }
        out
    }
}

/// `text` without Unicode format characters (category Cf: zero-width spaces and joiners,
/// direction marks, soft hyphens): invisible on screen, they would hide an echo from the match.
fn without_format(text: &str) -> String {
    text.chars()
        .filter(|c| !crate::text::is_invisible(*c))
        .collect()
}

/// Where `value` first appears in `text` at or after byte `from`: exactly, or (for a long value)
/// in any letter case. Returns the byte range matched.
fn find(text: &str, value: &str, from: usize, any_case: bool) -> Option<(usize, usize)> {
    if !any_case {
        return text[from..]
            .find(value)
            .map(|at| (from + at, from + at + value.len()));
    }
    let same = |a: char, b: char| a == b || a.to_lowercase().eq(b.to_lowercase());
    for (start, _) in text[from..].char_indices().map(|(i, c)| (from + i, c)) {
        let mut chars = text[start..].char_indices();
        let mut end = start;
        let matched = value.chars().all(|v| match chars.next() {
            Some((i, t)) if same(t, v) => {
                end = start + i + t.len_utf8();
                true
            }
            _ => false,
        });
        if matched {
            return Some((start, end));
        }
    }
    None
}

fn cut(text: &str, value: &str) -> String {
    let long = value.chars().count() >= ANYWHERE;
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    while let Some((start, end)) = find(text, value, at, long) {
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        out.push_str(&text[at..start]);
        if long || !(word(before) || word(after)) {
            out.push_str(REDACTED);
        } else {
            out.push_str(&text[start..end]);
        }
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

/// A server's message made fit to show: PEM blocks and every sent value cut out,
/// control characters dropped, and at most a few lines long.
pub fn server_text(raw: &str, sent: &Sent) -> String {
    let text = sent.redact(&without_pem_blocks(raw));
    let clean: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let clean = clean.split_whitespace().collect::<Vec<_>>().join(" ");
    if clean.chars().count() > MAX_SHOWN {
        let cut: String = clean.chars().take(MAX_SHOWN).collect();
        format!("{cut}…")
    } else {
        clean
    }
}

/// Every `-----BEGIN …-----` … `-----END …-----` block (keys, certificates) replaced whole;
/// a block with no end is cut to the end of the text.
fn without_pem_blocks(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("-----BEGIN") {
        out.push_str(&rest[..start]);
        out.push_str(REDACTED);
        let after_begin = &rest[start + "-----BEGIN".len()..];
        rest = match after_begin.find("-----END") {
            Some(end) => {
                let tail = &after_begin[end + "-----END".len()..];
                // Past the END line's own closing dashes.
                match tail.find("-----") {
                    Some(close) => &tail[close + 5..],
                    None => "",
                }
            }
            None => "",
        };
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn sent_values_are_cut_whatever_their_length() {
        let mut sent = Sent::default();
        sent.add("hunter2");
        sent.add("pw");
        sent.add("client-secret-0123456789abcdef");
        let text = r#"Bad body {"client_secret":"client-secret-0123456789abcdef","password":"pw","x":"hunter2"} (pw)"#;
        let shown = server_text(text, &sent);
        for s in ["hunter2", "\"pw\"", "(pw)", "client-secret-0123"] {
            assert!(!shown.contains(s), "{s} in {shown}");
        }
        // A short value is cut as a word only: other words keep their letters.
        assert!(shown.contains("password"), "{shown}");
    }

    #[test]
    fn an_echo_hidden_by_invisible_characters_or_another_case_is_cut() {
        let mut sent = Sent::default();
        sent.add("client-secret-0123456789abcdef");
        for echo in [
            "said: client-secret-0123\u{200b}456789abcdef!",
            "said: CLIENT-SECRET-0123456789ABCDEF!",
            "said: Client-Secret-0123\u{2060}456789AbCdEf!",
            "said: client\u{ad}-secret-0123456789abcdef!",
        ] {
            let shown = server_text(echo, &sent);
            assert_eq!(shown, "said: <redacted>!", "{echo:?}");
        }
        // A short value is still cut only where it stands as a word, in its own case.
        let mut short = Sent::default();
        short.add("on");
        assert_eq!(short.redact("options on ON"), "options <redacted> ON");
        // A value sent with a zero-width character inside is cut as it shows too.
        let mut odd = Sent::default();
        odd.add("abc\u{200b}defghij");
        assert_eq!(odd.redact("x abcdefghij y"), "x <redacted> y");
    }

    #[test]
    fn json_and_form_spellings_are_cut_too() {
        let mut sent = Sent::default();
        sent.add("a\"quoted\" secret+/=");
        let json_echo = r#"{"v":"a\"quoted\" secret+/="}"#;
        assert!(!server_text(json_echo, &sent).contains("quoted"));
        let form_echo = "client_secret=a%22quoted%22+secret%2B%2F%3D&x=1";
        assert!(!server_text(form_echo, &sent).contains("quoted"));
    }

    #[test]
    fn pem_blocks_go_whole_even_unsent_or_unterminated() {
        let pem = "key -----BEGIN PRIVATE KEY-----\nMIIEv\nQ==\n-----END PRIVATE KEY----- done";
        assert_eq!(server_text(pem, &Sent::default()), "key <redacted> done");
        let open = "x -----BEGIN RSA PRIVATE KEY-----\nMIIE";
        assert_eq!(server_text(open, &Sent::default()), "x <redacted>");
    }

    #[test]
    fn every_string_of_a_body_is_remembered_except_skipped_keys() {
        let mut sent = Sent::default();
        sent.add_json(
            &json!({"options": {"client_secret": "abc", "deep": [{"k": "xyz1"}], "non_persistent_attrs": ["gender"], "n": 5}}),
            &["non_persistent_attrs"],
        );
        assert_eq!(
            sent.redact("abc xyz1 gender 5"),
            "<redacted> <redacted> gender 5"
        );
    }

    #[test]
    fn control_characters_and_length_are_tamed() {
        let shown = server_text(
            &format!("\u{1b}[2Jhi\r\n{}", "y".repeat(1000)),
            &Sent::default(),
        );
        assert!(!shown.contains('\u{1b}') && !shown.contains('\r'));
        assert!(shown.chars().count() <= MAX_SHOWN + 1);
    }
}

//! The evidence report as one self-contained HTML file: no external font, script, style or
//! image; printable to A4 or Letter (the margins follow the paper). Every value from a tenant is
//! escaped and isolated (`<bdi>`), so a name can neither inject markup nor reorder its line.

use crate::report::evidence::{EvidenceReport, TenantEvidence};
use crate::tenant::tenant_logs::Origin;
use std::fmt::Write;

/// Attributes shown as a matrix's columns at most (beyond, the table lists them per connection).
const MATRIX_COLUMNS: usize = 14;

pub fn to_html(report: &EvidenceReport) -> String {
    let sha = report.sha256();
    let mut out = String::with_capacity(32 * 1024);
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} — {}</title><style>{STYLE}</style></head><body>\n",
        e(&report.title),
        e(&report.generated_at)
    );
    let _ = writeln!(
        out,
        "<header><h1>{}</h1><p class=\"meta\">Produced {} ({}) by {}.{}</p></header>",
        e(&report.title),
        e(&readable_time(&report.generated_at)),
        e(&report.time_zone),
        e(&report.tool),
        match &report.since {
            Some(day) => format!(" Changes shown since {}.", e(day)),
            None => " Changes shown: all that is known.".into(),
        }
    );
    out.push_str("<section class=\"summary\"><h2>Summary</h2><ul>");
    for line in &report.summary {
        let _ = write!(out, "<li>{}</li>", e(line));
    }
    out.push_str("</ul></section>\n");
    for t in &report.tenants {
        tenant(&mut out, t);
    }
    let _ = write!(
        out,
        "<footer><p>SHA-256 of this report's data (the JSON file made with it): \
         <code data-sha256>{sha}</code></p><p>Check a copy with <code>sha256sum</code>: the data is the \
         evidence, this page its reading. Only connection names, deny lists and counts are shown: never a \
         connection's settings.</p></footer>\n</body></html>\n"
    );
    out
}

fn tenant(out: &mut String, t: &TenantEvidence) {
    let _ = write!(
        out,
        "<section class=\"tenant\"><h2><bdi>{}</bdi></h2><p class=\"meta\"><bdi>{}</bdi>{}</p><ul class=\"facts\">",
        e(&t.name),
        e(&t.domain),
        t.environment
            .as_deref()
            .map(|env| format!(" · {}", e(env)))
            .unwrap_or_default()
    );
    for line in &t.summary {
        let _ = write!(out, "<li>{}</li>", e(line));
    }
    out.push_str("</ul>");

    let _ = write!(
        out,
        "<h3>Connections and their deny lists ({})</h3><table><thead><tr><th>Connection</th><th>Type</th>\
         <th>Denied attributes</th></tr></thead><tbody>",
        t.connections.len()
    );
    for c in &t.connections {
        let list = match &c.deny_list {
            Some(l) if l.is_empty() => "<span class=\"muted\">none</span>".to_string(),
            Some(l) => l
                .iter()
                .map(|a| format!("<code><bdi>{}</bdi></code>", e(a)))
                .collect::<Vec<_>>()
                .join(" "),
            None => "<span class=\"muted\">could not be read</span>".into(),
        };
        let note = c
            .note
            .as_deref()
            .map(|n| format!("<div class=\"note\">{}</div>", e(n)))
            .unwrap_or_default();
        let _ = write!(
            out,
            "<tr><td><bdi>{}</bdi></td><td>{}</td><td>{list}{note}</td></tr>",
            e(&c.name),
            e(&c.kind)
        );
    }
    out.push_str("</tbody></table>");

    // A matrix when attributes repeat across connections: who denies what at a glance.
    if t.attributes_repeat() && t.attributes.len() <= MATRIX_COLUMNS {
        out.push_str(
            "<h3>Who denies what</h3><table class=\"matrix\"><thead><tr><th>Connection</th>",
        );
        for a in &t.attributes {
            let _ = write!(out, "<th><bdi>{}</bdi></th>", e(a));
        }
        out.push_str("</tr></thead><tbody>");
        let denying = t.denying();
        for c in &denying {
            let _ = write!(out, "<tr><td><bdi>{}</bdi></td>", e(&c.name));
            for a in &t.attributes {
                let cell = match &c.deny_list {
                    Some(l) if l.contains(a) => "<td class=\"yes\" aria-label=\"denied\">✓</td>",
                    Some(_) => "<td class=\"no\" aria-label=\"stored\">·</td>",
                    None => "<td class=\"no\" aria-label=\"unknown\">?</td>",
                };
                out.push_str(cell);
            }
            out.push_str("</tr>");
        }
        let _ = write!(
            out,
            "</tbody></table><p class=\"muted small\">✓ denied (not stored) · · stored · ? could not be read. \
             The {} other connections deny nothing.</p>",
            t.connections.len() - denying.len()
        );
    }

    let _ = write!(
        out,
        "<h3>Limitations that hold on this tenant ({})</h3>",
        t.findings.len()
    );
    if t.findings.is_empty() {
        out.push_str("<p>Nothing found on this tenant that defeats its deny lists.</p>");
    } else {
        out.push_str("<ul class=\"findings\">");
        for f in &t.findings {
            let _ = write!(
                out,
                "<li><span class=\"tag\">{}</span> <strong>{}</strong>{}<div>{}</div><div class=\"source\">{}{}</div></li>",
                e(&f.severity),
                e(&f.title),
                if f.connections.is_empty() {
                    " <span class=\"muted\">(the whole tenant)</span>".to_string()
                } else {
                    format!(
                        " <span class=\"muted\">({})</span>",
                        f.connections
                            .iter()
                            .map(|c| format!("<bdi>{}</bdi>", e(c)))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                },
                e(&f.message),
                if f.inference {
                    "An inference, not Auth0's documentation. "
                } else {
                    ""
                },
                e(&f.source)
            );
        }
        out.push_str("</ul>");
    }

    out.push_str("<h3>Values still stored</h3>");
    if t.stored.is_empty() {
        out.push_str("<p>No attribute is denied: nothing to count.</p>");
    } else {
        out.push_str("<table><thead><tr><th>Denied attribute</th><th>Users who still have it stored</th><th>Connections counted</th></tr></thead><tbody>");
        for s in &t.stored {
            let users = if s.counted == 0 {
                "<span class=\"muted\">not counted</span>".to_string()
            } else {
                format!("{}{}", s.users, if s.at_least { " or more" } else { "" })
            };
            let _ = write!(
                out,
                "<tr><td><code><bdi>{}</bdi></code></td><td>{users}</td><td>{} of {}</td></tr>",
                e(&s.attribute),
                s.counted,
                s.connections
            );
        }
        out.push_str("</tbody></table>");
    }
    if let Some(note) = &t.stored_note {
        let _ = write!(out, "<p class=\"note\">{}</p>", e(note));
    }

    let _ = write!(
        out,
        "<h3>Changes in the period ({})</h3><p class=\"note\">{}</p>",
        t.changes.len(),
        e(&t.changes_note)
    );
    if !t.changes.is_empty() {
        out.push_str("<table><thead><tr><th>When (UTC)</th><th>Connection</th><th>Who</th><th>Change</th></tr></thead><tbody>");
        for c in &t.changes {
            let through = match c.origin {
                Origin::ThisComputer => "this computer's history",
                Origin::TenantLogs => "the tenant's logs",
                Origin::Both => "this computer's history and the tenant's logs",
            };
            let since = c
                .changed_since
                .as_deref()
                .map(|s| format!("<div class=\"note\">{}</div>", e(s)))
                .unwrap_or_default();
            let _ = write!(
                out,
                "<tr><td>{}</td><td><bdi>{}</bdi></td><td><bdi>{}</bdi><div class=\"muted small\">from {through}</div></td><td>{}{since}</td></tr>",
                e(&c.at
                    .as_deref()
                    .map(readable_time)
                    .unwrap_or_else(|| "unknown".into())),
                e(&c.connection_name),
                e(&c.who),
                e(&c.summary)
            );
        }
        out.push_str("</tbody></table>");
    }

    if !t.not_checked.is_empty() {
        out.push_str("<h3>Not checked</h3><ul>");
        for n in &t.not_checked {
            let _ = write!(out, "<li>{}</li>", e(n));
        }
        out.push_str("</ul>");
    }
    out.push_str("</section>\n");
}

/// `2026-12-06T17:03:12+01:00` → `2026-12-06 17:03:12 +01:00`.
pub fn readable_time(rfc3339: &str) -> String {
    rfc3339
        .replacen('T', " ", 1)
        .replace('Z', " UTC")
        .replace('+', " +")
}

/// Escaped for HTML text and attribute values.
fn e(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "\
:root{color-scheme:light}\
body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;color:#1b1d24;margin:2rem auto;max-width:60rem;padding:0 1.2rem}\
h1{font-size:1.6rem;margin:0 0 .3rem}h2{font-size:1.3rem;margin:1.6rem 0 .2rem;border-bottom:2px solid #30336b;padding-bottom:.2rem}\
h3{font-size:1.05rem;margin:1.2rem 0 .4rem}.meta{color:#555;margin:.1rem 0 .6rem}\
table{border-collapse:collapse;width:100%;margin:.3rem 0 .6rem}th,td{border:1px solid #c9ccd6;padding:.3rem .45rem;text-align:left;vertical-align:top}\
th{background:#eef0f6}tr{break-inside:avoid}thead{display:table-header-group}\
.matrix td.yes{text-align:center;font-weight:700;color:#1d6b38}.matrix td.no{text-align:center;color:#999}.matrix th{font-size:.85em}\
code{font:12.5px/1.3 ui-monospace,'DejaVu Sans Mono',monospace;background:#f2f3f7;padding:0 .2em;border-radius:3px;word-break:break-all}\
.muted{color:#666}.small{font-size:.85em}.note{color:#444;font-size:.92em}\
.findings{padding-left:1.1rem}.findings li{margin:.4rem 0}.source{color:#555;font-size:.88em;font-style:italic}\
.tag{display:inline-block;font-size:.78em;border:1px solid #999;border-radius:9px;padding:0 .45em;white-space:nowrap}\
footer{margin-top:2rem;border-top:1px solid #c9ccd6;padding-top:.6rem;font-size:.85em;color:#444}\
footer code{word-break:break-all}\
section.tenant{break-before:auto}\
@page{margin:14mm}\
@media print{body{margin:0;max-width:none;padding:0;font-size:11pt}h2{break-after:avoid}h3{break-after:avoid}section.tenant+section.tenant{break-before:page}}";

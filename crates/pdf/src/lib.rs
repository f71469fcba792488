//! The evidence report as a PDF, drawn from the same data as its JSON and HTML: headings,
//! paragraphs, tables that wrap and break across pages (their header repeated), and on every page
//! the SHA-256 of the report's JSON and the page number. Text is real text (copyable,
//! searchable): DejaVu Sans is embedded (subsetted by krilla), so the file looks the same on
//! every computer and needs no font installed. A character the font lacks is written as its
//! code point (`U+4E2D`) rather than dropped. The layout here is plain arithmetic; every PDF
//! structure is krilla's.

mod layout;

use denylist_core::report::evidence::EvidenceReport;
use denylist_core::report::html::readable_time;
use denylist_core::tenant::tenant_logs::Origin;
use layout::{Cell, Layout, Paper, Style};

pub use layout::Paper as PaperSize;

/// The report as PDF bytes (the same bytes for the same report).
pub fn render(report: &EvidenceReport, paper: Paper) -> Result<Vec<u8>, String> {
    let mut l = Layout::new(paper)?;
    l.heading(&report.title, 1);
    l.paragraph(
        &format!(
            "Produced {} ({}) by {}. {}",
            readable_time(&report.generated_at),
            report.time_zone,
            report.tool,
            match &report.since {
                Some(day) => format!("Changes shown since {day}."),
                None => "Changes shown: all that is known.".into(),
            }
        ),
        Style::Muted,
    );
    l.heading("Summary", 2);
    for line in &report.summary {
        l.bullet(line);
    }
    for t in &report.tenants {
        l.heading(&t.name, 2);
        l.paragraph(
            &match &t.environment {
                Some(env) => format!("{} · {env}", t.domain),
                None => t.domain.clone(),
            },
            Style::Muted,
        );
        for line in &t.summary {
            l.bullet(line);
        }

        l.heading(
            &format!("Connections and their deny lists ({})", t.connections.len()),
            3,
        );
        let rows: Vec<Vec<Cell>> = t
            .connections
            .iter()
            .map(|c| {
                let list = match &c.deny_list {
                    Some(l) if l.is_empty() => "none".to_string(),
                    Some(l) => l.join(", "),
                    None => "could not be read".into(),
                };
                let list = match &c.note {
                    Some(n) => format!("{list}\n{n}"),
                    None => list,
                };
                vec![Cell::text(&c.name), Cell::text(&c.kind), Cell::text(&list)]
            })
            .collect();
        l.table(
            &["Connection", "Type", "Denied attributes"],
            &[0.3, 0.22, 0.48],
            &rows,
        );

        if t.attributes_repeat() && t.attributes.len() <= 6 {
            l.heading("Who denies what", 3);
            let mut headers: Vec<&str> = vec!["Connection"];
            headers.extend(t.attributes.iter().map(String::as_str));
            let first = 0.34;
            let rest = (1.0 - first) / t.attributes.len() as f32;
            let mut widths = vec![first];
            widths.extend(std::iter::repeat_n(rest, t.attributes.len()));
            let denying = t.denying();
            let rows: Vec<Vec<Cell>> = denying
                .iter()
                .map(|c| {
                    let mut row = vec![Cell::text(&c.name)];
                    for a in &t.attributes {
                        row.push(Cell::text(match &c.deny_list {
                            Some(l) if l.contains(a) => "✓ denied",
                            Some(_) => "·",
                            None => "?",
                        }));
                    }
                    row
                })
                .collect();
            l.table(&headers, &widths, &rows);
            l.paragraph(
                &format!(
                    "✓ denied (not stored) · · stored · ? could not be read. The {} other connections deny nothing.",
                    t.connections.len() - denying.len()
                ),
                Style::Muted,
            );
        }

        l.heading(
            &format!(
                "Limitations that hold on this tenant ({})",
                t.findings.len()
            ),
            3,
        );
        if t.findings.is_empty() {
            l.paragraph(
                "Nothing found on this tenant that defeats its deny lists.",
                Style::Body,
            );
        }
        for f in &t.findings {
            let where_ = if f.connections.is_empty() {
                "the whole tenant".to_string()
            } else {
                f.connections.join(", ")
            };
            l.paragraph(
                &format!("[{}] {} ({where_})", f.severity, f.title),
                Style::Bold,
            );
            l.paragraph(&f.message, Style::Body);
            l.paragraph(
                &format!(
                    "{}{}",
                    if f.inference {
                        "An inference, not Auth0's documentation. "
                    } else {
                        ""
                    },
                    f.source
                ),
                Style::Muted,
            );
        }

        l.heading("Values still stored", 3);
        if t.stored.is_empty() {
            l.paragraph("No attribute is denied: nothing to count.", Style::Body);
        } else {
            let rows: Vec<Vec<Cell>> = t
                .stored
                .iter()
                .map(|s| {
                    let users = if s.counted == 0 {
                        "not counted".to_string()
                    } else {
                        format!("{}{}", s.users, if s.at_least { " or more" } else { "" })
                    };
                    vec![
                        Cell::text(&s.attribute),
                        Cell::text(&users),
                        Cell::text(&format!("{} of {}", s.counted, s.connections)),
                    ]
                })
                .collect();
            l.table(
                &[
                    "Denied attribute",
                    "Users who still have it stored",
                    "Connections counted",
                ],
                &[0.4, 0.33, 0.27],
                &rows,
            );
        }
        if let Some(note) = &t.stored_note {
            l.paragraph(note, Style::Muted);
        }

        l.heading(&format!("Changes in the period ({})", t.changes.len()), 3);
        l.paragraph(&t.changes_note, Style::Muted);
        if !t.changes.is_empty() {
            let rows: Vec<Vec<Cell>> = t
                .changes
                .iter()
                .map(|c| {
                    let through = match c.origin {
                        Origin::ThisComputer => "this computer's history",
                        Origin::TenantLogs => "the tenant's logs",
                        Origin::Both => "this computer's history and the tenant's logs",
                    };
                    let change = match &c.changed_since {
                        Some(s) => format!("{}\n({s})", c.summary),
                        None => c.summary.clone(),
                    };
                    vec![
                        Cell::text(
                            &c.at
                                .as_deref()
                                .map(readable_time)
                                .unwrap_or_else(|| "unknown".into()),
                        ),
                        Cell::text(&c.connection_name),
                        Cell::text(&format!("{}\nfrom {through}", c.who)),
                        Cell::text(&change),
                    ]
                })
                .collect();
            l.table(
                &["When", "Connection", "Who", "Change"],
                &[0.18, 0.2, 0.3, 0.32],
                &rows,
            );
        }
        if !t.not_checked.is_empty() {
            l.heading("Not checked", 3);
            for n in &t.not_checked {
                l.bullet(n);
            }
        }
    }
    l.heading("About this report", 3);
    l.paragraph(
        "Only connection names, deny lists and counts are shown: never a connection's settings. The data is \
         the evidence, this document its reading: the SHA-256 in the footer of every page is that of the \
         report's JSON file, made with it; check a copy with sha256sum.",
        Style::Body,
    );
    l.finish(&report.title, &report.sha256())
}

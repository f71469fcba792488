//! `denylist report`: the evidence report for auditors, for one or several tenants, as HTML, PDF
//! or JSON. With a file, an HTML or PDF report gets its JSON data beside it: the SHA-256 printed
//! in the report's footer is that file's.

use crate::args::{Cli, PaperArg, ReportFormat};
use crate::spinner::Spinner;
use crate::{Outcome, target, term};
use denylist_core::report::evidence::{
    TenantEvidence, TenantSource, check_day, report, tenant_evidence,
};
use denylist_core::report::html::to_html;
use denylist_core::{Error, Result};
use denylist_profiles::Profiles;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub struct Asked<'a> {
    pub all_profiles: bool,
    pub since: Option<&'a str>,
    pub out: Option<&'a Path>,
    pub format: Option<ReportFormat>,
    pub paper: PaperArg,
}

pub async fn run(cli: &Cli, asked: &Asked<'_>, spinner: &Arc<Spinner>) -> Result<Outcome> {
    if let Some(day) = asked.since {
        check_day(day)?;
    }
    let format = asked
        .format
        .unwrap_or(match asked.out.and_then(|p| p.extension()) {
            Some(e) if e.eq_ignore_ascii_case("pdf") => ReportFormat::Pdf,
            Some(e) if e.eq_ignore_ascii_case("json") => ReportFormat::Json,
            _ => ReportFormat::Html,
        });
    if format == ReportFormat::Pdf && asked.out.is_none() && std::io::stdout().is_terminal() {
        return Err(Error::InvalidInput(
            "A PDF is not shown on a terminal: give --out FILE (or send it into a pipe).".into(),
        ));
    }
    // Said before any request: a report read in full and then not writable is requests lost.
    if let Some(out) = asked.out {
        let dir = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        if !dir.is_dir() {
            return Err(Error::InvalidInput(format!(
                "The folder {} does not exist: nothing was read.",
                dir.display()
            )));
        }
    }
    let mut names: Vec<String> = cli.profiles.clone();
    if asked.all_profiles {
        let (views, notice) = Profiles::open_default()?.list()?;
        if let Some(n) = notice {
            term::errln!("note: {n}");
        }
        for v in views {
            if !names.contains(&v.profile.name) {
                names.push(v.profile.name);
            }
        }
        if names.is_empty() {
            return Err(Error::NotFound(
                "No tenant is saved: save one with `denylist profile setup` or `profile add`."
                    .into(),
            ));
        }
    }
    let history = super::history();
    let mut tenants: Vec<TenantEvidence> = Vec::new();
    let mut say = |what: &str| {
        if !cli.json {
            spinner.say(what);
        }
    };
    if names.is_empty() {
        // One tenant, from --domain and the environment.
        let target = target::resolve(cli)?;
        let client = super::client(target, spinner)?;
        let source = TenantSource {
            name: client.domain().to_string(),
            environment: None,
            client: &client,
            history: history.as_ref(),
        };
        tenants.push(tenant_evidence(&source, asked.since, &mut say).await?);
    }
    for name in &names {
        let target = target::from_profile(name)?;
        let environment = target
            .profile
            .as_ref()
            .map(|p| p.environment.label().to_string());
        let client = super::client(target, spinner)?;
        let source = TenantSource {
            name: name.clone(),
            environment,
            client: &client,
            history: history.as_ref(),
        };
        tenants.push(tenant_evidence(&source, asked.since, &mut say).await?);
    }
    spinner.clear();
    let report = report(tenants, asked.since);
    let json = report.to_json();
    let sha = report.sha256();
    let bytes: Vec<u8> = match format {
        ReportFormat::Json => json.clone().into_bytes(),
        ReportFormat::Html => to_html(&report).into_bytes(),
        ReportFormat::Pdf => denylist_pdf::render(
            &report,
            match asked.paper {
                PaperArg::A4 => denylist_pdf::PaperSize::A4,
                PaperArg::Letter => denylist_pdf::PaperSize::Letter,
            },
        )
        .map_err(|e| Error::ReportFailed(format!("The PDF could not be made: {e}")))?,
    };
    let Some(out) = asked.out else {
        std::io::stdout()
            .write_all(&bytes)
            .map_err(|e| Error::ReportFailed(format!("Could not write the report: {e}")))?;
        if format != ReportFormat::Json {
            term::errln!(
                "SHA-256 of the report's data: {sha} (write it with --format json, or use --out FILE to keep both)."
            );
        }
        return Ok(Outcome::Success);
    };
    write(out, &bytes)?;
    let data = (format != ReportFormat::Json).then(|| data_path(out));
    if let Some(data) = &data {
        write(data, json.as_bytes())?;
    }
    let tenants = report.tenants.len();
    term::errln!(
        "Wrote the evidence report of {tenants} tenant{} to {}{}.\nSHA-256 of its data: {sha}",
        if tenants == 1 { "" } else { "s" },
        out.display(),
        data.as_ref()
            .map(|d| format!(" (its data: {})", d.display()))
            .unwrap_or_default()
    );
    Ok(Outcome::Success)
}

/// `report.html` → `report.json`; a `.json` report's data is itself.
fn data_path(out: &Path) -> PathBuf {
    out.with_extension("json")
}

fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes)
        .map_err(|e| Error::ReportFailed(format!("Could not write {}: {e}", path.display())))
}

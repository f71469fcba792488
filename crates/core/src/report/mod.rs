//! The evidence report for auditors: each tenant's deny lists as of now, the limitations that
//! hold there, what is still stored, and the changes of the period, as data (JSON) and as a
//! self-contained HTML page; the PDF is drawn from the same data by the `denylist-pdf` crate.

pub mod evidence;
pub mod html;

/// What a report is written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum ReportFormat {
    /// One self-contained page, printable to A4 or Letter.
    Html,
    /// A PDF with its fonts embedded.
    Pdf,
    /// The data itself.
    Json,
}

impl ReportFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ReportFormat::Html => "html",
            ReportFormat::Pdf => "pdf",
            ReportFormat::Json => "json",
        }
    }
}

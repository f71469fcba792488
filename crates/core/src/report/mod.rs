//! The evidence report for auditors: each tenant's deny lists as of now, the limitations that
//! hold there, what is still stored, and the changes of the period, as data (JSON) and as a
//! self-contained HTML page; the PDF is drawn from the same data by the `denylist-pdf` crate.

pub mod evidence;
pub mod html;

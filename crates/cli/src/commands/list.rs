//! `denylist connections`

use crate::spinner::Spinner;
use crate::term;
use crate::{Outcome, render};
use denylist_core::{ManagementClient, Result};
use serde_json::json;
use std::sync::Arc;

pub async fn run(client: &ManagementClient, spinner: &Arc<Spinner>, json: bool) -> Result<Outcome> {
    let rows = denylist_core::list_connections(client).await?;
    spinner.clear();
    if json {
        println!("{}", json!({ "connections": rows }));
    } else {
        term::out!("{}", render::connections(client.domain(), &rows));
    }
    Ok(Outcome::Success)
}

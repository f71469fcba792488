//! `denylist connections`

use crate::spinner::Spinner;
use crate::{Outcome, render};
use denylist_core::{ManagementClient, Result};
use serde_json::json;
use std::sync::Arc;

pub async fn run(client: &ManagementClient, spinner: &Arc<Spinner>, json: bool) -> Result<Outcome> {
    let rows = client.list_connections().await?;
    spinner.clear();
    if json {
        println!("{}", json!({ "connections": rows }));
    } else {
        print!("{}", render::connections(client.domain(), &rows));
    }
    Ok(Outcome::Success)
}

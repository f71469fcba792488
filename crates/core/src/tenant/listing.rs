//! Every connection of a tenant, as the connections screen and `connections`
//! show them: rows (never the settings themselves), page by page as they arrive.

use crate::auth0::ManagementClient;
use crate::auth0::client::ListFields;
use crate::checks::findings::Finding;
use crate::error::Result;
use crate::model::connection::Connection;
use crate::view::connection::ConnectionSummary;
use crate::view::table::{ConnectionTable, LiveLists, TableRow};

/// Every connection as a row.
pub async fn list_connections(client: &ManagementClient) -> Result<Vec<ConnectionSummary>> {
    list_connections_with(client, &mut |_| {}).await
}

/// Like [`list_connections`], handing over each page of rows as it arrives (for progressive display).
pub async fn list_connections_with(
    client: &ManagementClient,
    on_page: &mut (dyn FnMut(&[ConnectionSummary]) + Send),
) -> Result<Vec<ConnectionSummary>> {
    let mut rows = Vec::new();
    client
        .visit_connections(ListFields::WithOptions, &mut |page: Vec<Connection>| {
            let page: Vec<ConnectionSummary> = page.iter().map(Connection::summary).collect();
            on_page(&page);
            rows.extend(page);
        })
        .await?;
    Ok(rows)
}

/// Like [`list_connections_with`], into the table the app pages through: each row with its list
/// as read now (what the history is compared with), from the same listing.
pub async fn list_connections_table(
    client: &ManagementClient,
    on_page: &mut (dyn FnMut(usize) + Send),
) -> Result<ConnectionTable> {
    let mut rows = Vec::new();
    let now = crate::local::ids::now_rfc3339();
    client
        .visit_connections(ListFields::WithOptions, &mut |page: Vec<Connection>| {
            on_page(page.len());
            rows.extend(page.iter().map(|c| TableRow {
                summary: c.summary(),
                list: c.deny_list().ok(),
                as_of: now.clone(),
            }));
        })
        .await?;
    Ok(ConnectionTable::new(rows))
}

/// The findings of every connection and its deny list (no API call beyond listing).
pub async fn findings_of_every_connection(client: &ManagementClient) -> Result<Vec<Finding>> {
    let mut found = Vec::new();
    client
        .visit_connections(ListFields::WithOptions, &mut |page: Vec<Connection>| {
            found.extend(page.iter().flat_map(Connection::findings));
        })
        .await?;
    Ok(found)
}

/// Every connection's list as it is now (one listing).
pub async fn live_lists(client: &ManagementClient) -> Result<LiveLists> {
    Ok(list_connections_table(client, &mut |_| {}).await?.live())
}

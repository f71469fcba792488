//! Every connection of a tenant, as the connections screen and `connections`
//! show them: rows (never the settings themselves), page by page as they arrive.

use crate::auth0::ManagementClient;
use crate::auth0::client::ListFields;
use crate::checks::findings::Finding;
use crate::error::Result;
use crate::model::connection::Connection;
use crate::view::connection::ConnectionSummary;

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

/// Like [`list_connections_with`], also keeping each connection's list as it is now (what the
/// history is compared with), from the same listing.
pub async fn list_connections_live(
    client: &ManagementClient,
    on_page: &mut (dyn FnMut(&[ConnectionSummary]) + Send),
) -> Result<(Vec<ConnectionSummary>, LiveLists)> {
    let mut rows = Vec::new();
    let mut live = LiveLists::default();
    client
        .visit_connections(ListFields::WithOptions, &mut |page: Vec<Connection>| {
            let summaries: Vec<ConnectionSummary> = page.iter().map(Connection::summary).collect();
            on_page(&summaries);
            rows.extend(summaries);
            for c in &page {
                live.names.insert(c.id().to_string(), c.name().to_string());
                if let Ok(list) = c.deny_list() {
                    live.set(c.id(), &list);
                }
            }
        })
        .await?;
    Ok((rows, live))
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

/// Every connection's deny list as it is now, by id, with its name: what a history is compared
/// with (one listing). A connection whose settings could not be read is left out.
#[derive(Debug, Clone, Default)]
pub struct LiveLists {
    pub lists: std::collections::HashMap<String, Vec<String>>,
    pub names: std::collections::HashMap<String, String>,
    /// When each list was known to be so (RFC 3339, UTC): a logged change after it means the
    /// list has to be read again.
    pub as_of: std::collections::HashMap<String, String>,
}

impl LiveLists {
    /// A list as read or written now.
    pub fn set(&mut self, id: &str, list: &[String]) {
        self.lists.insert(id.to_string(), list.to_vec());
        self.as_of
            .insert(id.to_string(), crate::local::ids::now_rfc3339());
    }
}

pub async fn live_lists(client: &ManagementClient) -> Result<LiveLists> {
    let mut live = LiveLists::default();
    client
        .visit_connections(ListFields::WithOptions, &mut |page: Vec<Connection>| {
            for c in &page {
                live.names.insert(c.id().to_string(), c.name().to_string());
                if let Ok(list) = c.deny_list() {
                    live.set(c.id(), &list);
                }
            }
        })
        .await?;
    Ok(live)
}

//! Links into the Auth0 Dashboard for a tenant: `https://manage.auth0.com/dashboard/{region}/
//! {tenant}/…`, the region read from the canonical domain (`acme.auth0.com` is `us`, the older US
//! form; otherwise the label before `auth0.com`), the tenant its first label. A custom domain or a
//! local simulator has no such link.

use crate::model::domain::TenantDomain;

pub const DASHBOARD: &str = "https://manage.auth0.com/dashboard";

/// The Dashboard's address for `path` of this tenant (`apis/management/explorer`,
/// `applications/{id}/settings`), when the domain says which tenant it is.
pub fn link(domain: &TenantDomain, path: &str) -> Option<String> {
    let host = domain.host();
    let labels: Vec<&str> = host.strip_suffix(".auth0.com")?.split('.').collect();
    let (tenant, region) = match labels.as_slice() {
        [tenant] => (*tenant, "us"),
        [tenant, region] => (*tenant, *region),
        _ => return None,
    };
    let ok = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if !(ok(tenant) && ok(region)) || domain.is_loopback() {
        return None;
    }
    Some(format!(
        "{DASHBOARD}/{region}/{tenant}/{}",
        path.trim_start_matches('/')
    ))
}

/// Where the Management API's test token is made, in the Dashboard's own words.
pub const EXPLORER_PATH: &str = "Auth0 Dashboard → Applications → APIs → Auth0 Management API → API Explorer \
    (the first time, press “Create & Authorize Test Application”), then copy the token";

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> TenantDomain {
        TenantDomain::parse(s).unwrap()
    }

    #[test]
    fn the_region_and_tenant_come_from_the_domain() {
        assert_eq!(
            link(&d("acme.auth0.com"), "apis/management/explorer").as_deref(),
            Some("https://manage.auth0.com/dashboard/us/acme/apis/management/explorer")
        );
        assert_eq!(
            link(&d("acme.eu.auth0.com"), "/applications/x/settings").as_deref(),
            Some("https://manage.auth0.com/dashboard/eu/acme/applications/x/settings")
        );
        assert_eq!(
            link(&d("dev-1.us.auth0.com"), "").as_deref(),
            Some("https://manage.auth0.com/dashboard/us/dev-1/")
        );
        assert_eq!(link(&d("login.acme.com"), "x"), None);
        assert_eq!(link(&d("http://127.0.0.1:4000"), "x"), None);
        assert_eq!(link(&d("a.b.c.auth0.com"), "x"), None);
    }
}

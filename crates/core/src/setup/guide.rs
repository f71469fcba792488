//! What the setup screen shows before anything is pasted or tested: the scopes to grant, each
//! with its purpose and whether it is ticked by default, and the manual path in the Dashboard's
//! own words (Auth0's "Register Machine-to-Machine Applications", "Configure Private Key JWT" and
//! "Application Settings" pages), for admins whose policy forbids pasting a token.

use super::dashboard;
use crate::checks::access::{Need, scopes_used};
use crate::model::domain::TenantDomain;
use serde::Serialize;

/// A scope the admin may grant, as the setup screen lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ScopeChoice {
    pub scope: String,
    pub need: Need,
    pub purpose: String,
    /// Cannot be unticked: editing deny lists takes it.
    pub required: bool,
}

/// Every scope the app uses, the ones it cannot work without first; all ticked by default.
pub fn scope_choices() -> Vec<ScopeChoice> {
    scopes_used()
        .into_iter()
        .map(|(scope, need, purpose)| ScopeChoice {
            scope: scope.into(),
            need,
            purpose: purpose.into(),
            required: need != Need::Optional,
        })
        .collect()
}

/// One numbered step of the manual path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct GuideStep {
    pub text: String,
    /// A Dashboard page that step happens on, when the domain says which tenant it is.
    pub link: Option<String>,
}

/// How the application will sign in, on the manual path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ManualSignIn {
    Secret,
    Key,
}

/// The manual path for `domain` (links where it can be linked), in the Dashboard's words.
pub fn manual_steps(domain: Option<&TenantDomain>, sign_in: ManualSignIn) -> Vec<GuideStep> {
    let link = |path: &str| domain.and_then(|d| dashboard::link(d, path));
    let mut steps = vec![
        GuideStep {
            text: "In the Auth0 Dashboard, go to Applications → Applications and click Create Application.".into(),
            link: link("applications"),
        },
        GuideStep {
            text: format!(
                "Name it (for example “{}”), select Machine to Machine Applications, and click Create.",
                super::flow::application_name()
            ),
            link: None,
        },
        GuideStep {
            text: "Select the API to call from it: choose Auth0 Management API.".into(),
            link: None,
        },
        GuideStep {
            text: "Under Permissions, tick exactly the scopes listed below (copy each one into the filter to find it), \
                   and click Authorize."
                .into(),
            link: None,
        },
    ];
    steps.push(match sign_in {
        ManualSignIn::Secret => GuideStep {
            text: "Open its Settings tab: under Basic Information, copy the Client ID and the Client Secret into \
                   the form below."
                .into(),
            link: None,
        },
        ManualSignIn::Key => GuideStep {
            text: "Open its Credentials tab and choose Private Key JWT: enter a name for the credential, paste \
                   the public key shown below (or upload it as a .pem file), select its algorithm, set an \
                   explicit expiry date, and select Add Credential. Then copy the Client ID from the Settings \
                   tab into the form below."
                .into(),
            link: None,
        },
    });
    steps
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_scopes_come_first_and_cannot_be_unticked() {
        let choices = scope_choices();
        let first_optional = choices.iter().position(|c| !c.required).unwrap();
        assert!(choices[..first_optional].iter().all(|c| c.required));
        assert!(choices[first_optional..].iter().all(|c| !c.required));
        assert_eq!(
            choices.iter().filter(|c| c.required).count(),
            super::super::required_scopes().len()
        );
    }

    #[test]
    fn the_steps_link_to_the_tenant_where_they_can() {
        let d = TenantDomain::parse("acme.eu.auth0.com").unwrap();
        let steps = manual_steps(Some(&d), ManualSignIn::Key);
        assert_eq!(
            steps[0].link.as_deref(),
            Some("https://manage.auth0.com/dashboard/eu/acme/applications")
        );
        assert!(steps.last().unwrap().text.contains("Private Key JWT"));
        let custom = TenantDomain::parse("login.acme.com").unwrap();
        assert!(
            manual_steps(Some(&custom), ManualSignIn::Secret)
                .iter()
                .all(|s| s.link.is_none())
        );
    }
}

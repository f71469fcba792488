//! What the Limitations panel (and `check`'s explanations) show: the catalogue, the severities'
//! tags, a glossary of Auth0's words, Auth0's way out, and what is known about values stored
//! before an attribute was denied.

use crate::checks::catalogue::{CATALOGUE, DOC_URL, Limitation, SOURCE};
use crate::checks::findings::{SeverityInfo, severities};
use crate::checks::stored_values;
use serde::Serialize;

/// What the Limitations panel shows: the catalogue, Auth0's way out, and the page itself.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Documentation {
    pub limitations: Vec<Limitation>,
    pub way_out: WayOut,
    pub doc_url: &'static str,
    pub severities: Vec<SeverityInfo>,
    pub glossary: Vec<Term>,
    /// "What is already stored?", answered as far as it can be.
    pub already_stored: &'static str,
    /// What emptying deny lists means, said before it is done to many at once.
    pub clear_means: &'static str,
}

/// A word of Auth0's jargon and a one-line plain definition.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Term {
    pub term: &'static str,
    pub definition: &'static str,
}

pub const GLOSSARY: &[Term] = &[
    Term {
        term: "Token",
        definition: "What Auth0 gives an application after a login: a signed note with the user's attributes in it.",
    },
    Term {
        term: "Custom claim",
        definition: "An extra entry an application asks for in a token, named like https://acme.com/role.",
    },
    Term {
        term: "Rule",
        definition: "The older kind of login script. Auth0 stops running Rules on 18 November 2026 (its end of life \
            for Rules and Hooks); post-login Actions do what they did.",
    },
    Term {
        term: "Action",
        definition: "A small script Auth0 runs at a step of login (post-login: after the user is identified); the current way.",
    },
    Term {
        term: "Upstream identity provider (IdP)",
        definition: "The company directory or social account the user logs in with (Okta, Microsoft, Google, a SAML server…).",
    },
    Term {
        term: "SAMLP",
        definition: "SAML, an older standard for logging in through a company's identity provider.",
    },
    Term {
        term: "Delegation",
        definition: "A legacy way for one application to get tokens for another on the user's behalf.",
    },
    Term {
        term: "Impersonation",
        definition: "A deprecated feature that let an administrator log in as a user.",
    },
    Term {
        term: "MFA",
        definition: "Multi-factor authentication: a second proof at login, such as a code on a phone.",
    },
];

pub fn documented() -> Documentation {
    Documentation {
        limitations: CATALOGUE.to_vec(),
        way_out: WAY_OUT,
        doc_url: DOC_URL,
        severities: severities(),
        glossary: GLOSSARY.to_vec(),
        already_stored: stored_values::GENERAL,
        clear_means: crate::checks::findings::CLEAR_MEANS,
    }
}

/// What Auth0's page offers when a limitation is unacceptable: encrypt the value and keep it in
/// `app_metadata`. The page says "a rule"; Rules end on 18 November 2026, so the example is a
/// post-login Action.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WayOut {
    pub title: &'static str,
    pub explanation: &'static str,
    /// A short post-login Action to adapt, not to paste blindly.
    pub example: &'static str,
    pub source: &'static str,
}

pub const WAY_OUT: WayOut = WayOut {
    title: "If a limitation is unacceptable: keep the value encrypted instead",
    explanation: "Auth0's page ends: if any of these limitations are unacceptable, you can write a rule to encrypt \
        the data and have it persist to the user's app_metadata. The page is older than the end of Rules (they \
        stop running on 18 November 2026): the same is done by a post-login Action. The value is then stored, but only as ciphertext that your applications can decrypt \
        with a key Auth0 does not hold in the clear. An example to adapt and test on a development tenant first:",
    example: r#"// Post-login Action: keep an encrypted copy of a denied attribute in app_metadata.
// Add an Action secret ENCRYPTION_KEY: 32 random bytes, base64-encoded.
const crypto = require("node:crypto");

exports.onExecutePostLogin = async (event, api) => {
  const value = event.user.gender; // the denied attribute, available during this login
  if (value === undefined) return;
  const key = Buffer.from(event.secrets.ENCRYPTION_KEY, "base64");
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
  const data = Buffer.concat([cipher.update(String(value), "utf8"), cipher.final()]);
  const sealed = [iv, cipher.getAuthTag(), data].map((b) => b.toString("base64")).join(".");
  api.user.setAppMetadata("gender_encrypted", sealed);
};"#,
    source: SOURCE,
};

//! Seed data: the recorded Auth0 connections (copied into `tests/fixtures/`),
//! generated connections for scale, and the friendly demo tenant.

use crate::tenant::{ALL_SCOPES, RateLimit, Tenant};
use crate::tenant_logs::Writer;
use serde_json::{Map, Value, json};

/// Real connections recorded from Auth0 (12 strategies), by fixture name.
pub const RECORDED: &[(&str, &str)] = &[
    (
        "ad-1",
        include_str!("../../../tests/fixtures/auth0-recorded/ad-1.json"),
    ),
    (
        "ad-2",
        include_str!("../../../tests/fixtures/auth0-recorded/ad-2.json"),
    ),
    (
        "adfs-1",
        include_str!("../../../tests/fixtures/auth0-recorded/adfs-1.json"),
    ),
    (
        "auth0-1",
        include_str!("../../../tests/fixtures/auth0-recorded/auth0-1.json"),
    ),
    (
        "auth0-2",
        include_str!("../../../tests/fixtures/auth0-recorded/auth0-2.json"),
    ),
    (
        "auth0-3",
        include_str!("../../../tests/fixtures/auth0-recorded/auth0-3.json"),
    ),
    (
        "auth0-4",
        include_str!("../../../tests/fixtures/auth0-recorded/auth0-4.json"),
    ),
    (
        "auth0-5",
        include_str!("../../../tests/fixtures/auth0-recorded/auth0-5.json"),
    ),
    (
        "email-1",
        include_str!("../../../tests/fixtures/auth0-recorded/email-1.json"),
    ),
    (
        "email-2",
        include_str!("../../../tests/fixtures/auth0-recorded/email-2.json"),
    ),
    (
        "google-apps-1",
        include_str!("../../../tests/fixtures/auth0-recorded/google-apps-1.json"),
    ),
    (
        "google-oauth2-1",
        include_str!("../../../tests/fixtures/auth0-recorded/google-oauth2-1.json"),
    ),
    (
        "google-oauth2-2",
        include_str!("../../../tests/fixtures/auth0-recorded/google-oauth2-2.json"),
    ),
    (
        "oidc-1",
        include_str!("../../../tests/fixtures/auth0-recorded/oidc-1.json"),
    ),
    (
        "oidc-2",
        include_str!("../../../tests/fixtures/auth0-recorded/oidc-2.json"),
    ),
    (
        "okta-1",
        include_str!("../../../tests/fixtures/auth0-recorded/okta-1.json"),
    ),
    (
        "okta-2",
        include_str!("../../../tests/fixtures/auth0-recorded/okta-2.json"),
    ),
    (
        "pingfederate-1",
        include_str!("../../../tests/fixtures/auth0-recorded/pingfederate-1.json"),
    ),
    (
        "samlp-1",
        include_str!("../../../tests/fixtures/auth0-recorded/samlp-1.json"),
    ),
    (
        "samlp-2",
        include_str!("../../../tests/fixtures/auth0-recorded/samlp-2.json"),
    ),
    (
        "samlp-3",
        include_str!("../../../tests/fixtures/auth0-recorded/samlp-3.json"),
    ),
    (
        "samlp-4",
        include_str!("../../../tests/fixtures/auth0-recorded/samlp-4.json"),
    ),
    (
        "sms-1",
        include_str!("../../../tests/fixtures/auth0-recorded/sms-1.json"),
    ),
    (
        "waad-1",
        include_str!("../../../tests/fixtures/auth0-recorded/waad-1.json"),
    ),
    (
        "waad-2",
        include_str!("../../../tests/fixtures/auth0-recorded/waad-2.json"),
    ),
];

/// The recorded connections, parsed, by fixture name.
pub fn recorded() -> Vec<(&'static str, Value)> {
    RECORDED
        .iter()
        .map(|(name, text)| {
            (
                *name,
                serde_json::from_str(text).expect("fixtures are valid JSON"),
            )
        })
        .collect()
}

fn recorded_one(name: &str) -> Map<String, Value> {
    match recorded().into_iter().find(|(n, _)| *n == name) {
        Some((_, Value::Object(m))) => m,
        _ => panic!("no recorded fixture {name}"),
    }
}

/// `count` generated connections of assorted strategies, some with a deny list, for scale tests.
pub fn generated(count: usize) -> Vec<Value> {
    const STRATEGIES: &[&str] = &[
        "auth0",
        "google-oauth2",
        "samlp",
        "oidc",
        "waad",
        "github",
        "email",
        "okta",
    ];
    const ATTRS: &[&str] = &[
        "gender",
        "ethnicity",
        "birthdate",
        "phone_number",
        "address",
    ];
    (0..count)
        .map(|i| {
            let strategy = STRATEGIES[i % STRATEGIES.len()];
            let deny: Vec<&str> = ATTRS.iter().take(i % 4).copied().collect();
            json!({
                "name": format!("conn-{i:05}-{strategy}"),
                "display_name": format!("Connection {i}"),
                "strategy": strategy,
                "options": {
                    "non_persistent_attrs": deny,
                    "client_id": format!("client-{i}"),
                    "client_secret": format!("generated-secret-{i}"),
                    "scope": ["openid", "profile"],
                    "big_number": 12345678901234567890u64,
                },
                "is_domain_connection": false,
                "realms": [format!("conn-{i:05}-{strategy}")],
            })
        })
        .collect()
}

/// The demo tenant's one application.
pub const DEMO_CLIENT_ID: &str = "demo-admin-app";
/// The fixed secret of [`demo`], for tests and benchmarks. The demo tenant people use (the app's,
/// `denylist demo`) gets a fresh one each run ([`demo_secret`], [`demo_with_secret`]): another
/// user of the computer cannot sign in to it.
pub const DEMO_CLIENT_SECRET: &str = "demo-secret-for-the-local-simulator";

/// A fresh random secret for a demo run (32 random bytes, hex).
pub fn demo_secret() -> std::io::Result<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| std::io::Error::other(e.to_string()))?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// The demo tenant as people use it: its application's secret is `secret`, and it keeps only the
/// last few requests it saw, without their bodies.
pub fn demo_with_secret(secret: &str) -> Tenant {
    let mut t = demo_tenant(secret);
    t.log_limit = Some(DEMO_LOG_LIMIT);
    t.log_bodies = false;
    t
}

/// The demo tenant's other application: Terraform's, whose changes its logs hold.
pub const DEMO_TERRAFORM_CLIENT_ID: &str = "tf0DemoTerraformClient000000001";

/// How many requests the demo tenant people use remembers.
pub const DEMO_LOG_LIMIT: usize = 64;

/// A friendly tenant to explore: the usual kinds of connections, one of each trap (with the
/// fixed [`DEMO_CLIENT_SECRET`] and every request kept: for tests).
pub fn demo() -> Tenant {
    demo_tenant(DEMO_CLIENT_SECRET)
}

fn demo_tenant(secret: &str) -> Tenant {
    let mut t = Tenant::new();
    t.add_client(DEMO_CLIENT_ID, secret, ALL_SCOPES);
    // Roughly an enterprise non-production tenant: bursts of 10, 5 requests a second.
    t.rate_limit = Some(RateLimit::new(10, 5.0));
    let mut add = |fixture: &str,
                   id: &str,
                   name: &str,
                   display: &str,
                   deny: Value,
                   extra: &[(&str, Value)]| {
        let mut c = recorded_one(fixture);
        c.insert("id".into(), json!(id));
        c.insert("name".into(), json!(name));
        c.insert("display_name".into(), json!(display));
        c.insert("realms".into(), json!([name]));
        if let Some(Value::Object(o)) = c.get_mut("options") {
            o.insert("non_persistent_attrs".into(), deny);
            for (k, v) in extra {
                // `null` here means: this demo connection does not have that setting.
                if v.is_null() {
                    o.remove(*k);
                } else {
                    o.insert(k.to_string(), v.clone());
                }
            }
        }
        t.add_connection(Value::Object(c));
    };
    add(
        "auth0-1",
        "con_DemoUsernamePass1",
        "Username-Password-Authentication",
        "Customers",
        json!(["ethnicity"]),
        &[
            ("configuration", Value::Null),
            ("customScripts", Value::Null),
            ("enabledDatabaseCustomization", json!(false)),
            (
                "mfa",
                json!({"active": false, "return_enroll_settings": true}),
            ),
        ],
    );
    add(
        "google-oauth2-2",
        "con_DemoGoogleSocial1",
        "google-oauth2",
        "Google",
        json!(null),
        &[],
    );
    add(
        "samlp-3",
        "con_DemoAcmeSamlConn1",
        "acme-corp-saml",
        "Acme Corp (SAML)",
        json!(["https://acme.com/temporary_idtoken"]),
        &[("debug", json!(true))],
    );
    add(
        "okta-1",
        "con_DemoOktaWorkforc1",
        "okta-workforce",
        "Okta Workforce",
        json!(["gender", "ethnicity"]),
        &[],
    );
    add(
        "waad-2",
        "con_DemoContosoEntra1",
        "contoso-entra-id",
        "Contoso (Entra ID)",
        json!([]),
        &[],
    );
    add(
        "oidc-1",
        "con_DemoPartnersOidc1",
        "partners-oidc",
        "Partner portal (OIDC)",
        json!(["birthdate"]),
        &[],
    );
    add(
        "ad-1",
        "con_DemoHeadOfficeAD1",
        "head-office-ad",
        "Head office (AD/LDAP)",
        json!(["ethnicity", "gender"]),
        &[],
    );
    add(
        "adfs-1",
        "con_DemoFactoryAdfs01",
        "factory-adfs",
        "Factory (ADFS)",
        json!([]),
        &[],
    );
    add(
        "pingfederate-1",
        "con_DemoPingFederate1",
        "suppliers-pingfederate",
        "Suppliers (PingFederate)",
        json!(null),
        &[],
    );
    add(
        "google-apps-1",
        "con_DemoGoogleWorksp1",
        "staff-google-workspace",
        "Staff (Google Workspace)",
        json!(null),
        &[],
    );
    add(
        "email-1",
        "con_DemoPasswordless1",
        "email",
        "Email code",
        json!(null),
        &[],
    );
    add(
        "sms-1",
        "con_DemoPasswordlSms1",
        "sms",
        "Text message code",
        json!([]),
        &[],
    );
    add(
        "auth0-3",
        "con_DemoLegacyCustDb1",
        "legacy-customers-db",
        "Legacy customers (custom DB)",
        json!(null),
        &[(
            "configuration",
            json!({"DB_HOST": "db.internal.example", "DB_PASSWORD": "demo-not-a-real-password"}),
        )],
    );
    // A few things that weaken deny lists, for the limitation checks to find.
    t.set_factor("otp", true);
    // Rules left over from before Auth0 ended them (18 November 2026): listed, never run.
    t.add_rule(
        "Accept the terms (old rule)",
        "function (user, context, callback) {\n  if (!user.app_metadata.terms) { context.redirect = { url: 'https://example.com/terms' }; }\n  return callback(null, user, context);\n}",
        true,
    );
    t.add_rule(
        "Add country to profile",
        "function (user, context, callback) { return callback(null, user, context); }",
        true,
    );
    t.add_action(
        "Redirect to accept the terms",
        "exports.onExecutePostLogin = async (event, api) => {\n  if (!event.user.app_metadata.terms) {\n    api.redirect.sendUserTo('https://example.com/terms');\n  }\n};",
        true,
    );
    t.add_action(
        "Add roles to tokens",
        "exports.onExecutePostLogin = async (event, api) => {\n  api.idToken.setCustomClaim('https://example.com/roles', event.authorization?.roles);\n};",
        true,
    );
    t.add_application(
        "Customer portal",
        &["authorization_code", "refresh_token"],
        false,
    );
    t.add_application("Legacy intranet", &["implicit"], true);
    for (i, social) in ["github", "apple", "linkedin", "facebook", "windowslive"]
        .iter()
        .enumerate()
    {
        t.add_connection(json!({
            "id": format!("con_DemoSocial{i:07}"),
            "name": social,
            "display_name": crate::seed::title(social),
            "strategy": social,
            "options": { "client_id": "", "client_secret": "", "scope": [], "non_persistent_attrs": [] },
            "is_domain_connection": false,
            "realms": [social],
        }));
    }
    // Users, some of whom had attributes stored before they were denied.
    t.add_users(
        "Username-Password-Authentication",
        212,
        &[("ethnicity", "stored before it was denied")],
    );
    t.add_users(
        "Username-Password-Authentication",
        57,
        &[("gender", "x"), ("birthdate", "1990-01-01")],
    );
    t.add_users("Username-Password-Authentication", 140, &[]);
    t.add_users("okta-workforce", 48, &[("gender", "x")]);
    // What others changed lately, as the tenant's logs show it: Terraform's application set the
    // Okta list three days ago, and a person added ethnicity in the Dashboard yesterday.
    if let Some(id) = t
        .connections
        .iter()
        .find(|c| c["name"] == "okta-workforce")
        .and_then(|c| c["id"].as_str())
        .map(String::from)
    {
        let client_id = DEMO_TERRAFORM_CLIENT_ID;
        t.add_other_application(client_id, "Terraform (acme-infra)");
        let terraform = Writer::Application {
            client_id: client_id.into(),
        };
        t.change_deny_list_as(&id, &["gender"], &terraform, true);
        t.backdate_last_log(std::time::Duration::from_secs(3 * 86_400));
        t.change_deny_list_as(
            &id,
            &["gender", "ethnicity"],
            &Writer::dashboard("ana@acme.example"),
            true,
        );
        t.backdate_last_log(std::time::Duration::from_secs(86_400 + 3_600));
    }
    t
}

pub(crate) fn title(s: &str) -> String {
    match s {
        "github" => "GitHub".into(),
        "linkedin" => "LinkedIn".into(),
        "windowslive" => "Microsoft Account".into(),
        _ => {
            let mut c = s.chars();
            c.next()
                .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
                .unwrap_or_default()
        }
    }
}

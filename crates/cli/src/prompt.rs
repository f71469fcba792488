//! Everything the command asks at the terminal: confirmations, the production tenant's name, secrets
//! and configuration values (never echoed). With `--json`, questions go to standard error so
//! standard output carries only the document.

use crate::term;
use denylist_core::{ConfigurationValues, Error, Plan, Result, Secret, TenantDomain};
use std::io::Write;

/// Human text: standard output, or standard error when standard output carries JSON.
pub fn say(json: bool, text: &str) {
    if json {
        term::err!("{text}");
    } else {
        term::out!("{text}");
    }
}

/// Ask on the terminal; a piped "y" counts, end of input means no.
pub async fn confirm(question: &str, json: bool) -> Result<bool> {
    Ok(ask_line(question, json)
        .await?
        .is_some_and(|answer| matches!(answer.trim().to_lowercase().as_str(), "y" | "yes")))
}

/// One line from standard input after a question; `None` at end of input.
pub async fn ask_line(question: &str, json: bool) -> Result<Option<String>> {
    if json {
        term::err!("{question}");
        let _ = std::io::stderr().flush();
    } else {
        term::out!("{question}");
        let _ = std::io::stdout().flush();
    }
    let line = tokio::task::spawn_blocking(|| {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line).map(|n| (n, line))
    })
    .await
    .map_err(|e| Error::InvalidInput(format!("could not read the answer: {e}")))?;
    match line {
        Ok((0, _)) => {
            say(json, "\n");
            Ok(None)
        }
        Ok((_, answer)) => Ok(Some(answer)),
        Err(e) => Err(Error::InvalidInput(format!(
            "could not read the answer: {e}"
        ))),
    }
}

/// A secret from a prompt without echo, or one line of standard input. Never from an argument.
pub fn read_secret(what: &str, from_stdin: bool) -> Result<Secret> {
    let text = if from_stdin {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line).map_err(|e| {
            Error::InvalidInput(format!(
                "Could not read the {what} from standard input: {e}"
            ))
        })?;
        line
    } else {
        rpassword::prompt_password(format!("{what} (not shown): ")).map_err(|e| {
            Error::InvalidInput(format!(
                "Could not read the {what} from the terminal ({e}); use --secret-stdin."
            ))
        })?
    };
    let secret = Secret::new(text.trim_end_matches(['\r', '\n']).trim());
    if secret.is_empty() {
        return Err(Error::InvalidInput(format!("The {what} is empty.")));
    }
    Ok(secret)
}

/// All of standard input (a PEM file piped in), as a secret.
pub fn read_all_stdin(what: &str) -> Result<Secret> {
    use std::io::Read;
    let mut text = String::new();
    std::io::stdin()
        .take(64 * 1024)
        .read_to_string(&mut text)
        .map_err(|e| {
            Error::InvalidInput(format!(
                "Could not read the {what} from standard input: {e}"
            ))
        })?;
    let secret = Secret::new(text.trim());
    if secret.is_empty() {
        return Err(Error::InvalidInput(format!(
            "The {what} is empty: pipe it in, e.g. `… --private-key-stdin < key.pem`."
        )));
    }
    Ok(secret)
}

/// The plain value of each encrypted configuration key of a custom database, typed without echo.
pub fn configuration_values(plan: &Plan) -> Result<ConfigurationValues> {
    term::errln!(
        "“{}” keeps encrypted configuration values; type the plain value of each (input is not shown).",
        plan.connection_name
    );
    let mut values = ConfigurationValues::new();
    for key in &plan.configuration_keys {
        let value = rpassword::prompt_password(format!("{key}: ")).map_err(|e| {
            Error::InvalidInput(format!(
                "Could not read {key} from the terminal: {e}. Use --configuration-file."
            ))
        })?;
        values.insert(key.clone(), Secret::new(value));
    }
    Ok(values)
}

/// The answer to [`confirm_write`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Declined,
    /// Go ahead. `asked`: a person was asked and may have taken their time, so what was read
    /// before the question is read again before writing.
    Given {
        asked: bool,
    },
}

/// May `what` be written to `domain`? `--yes`, or "y" at the prompt; for a production tenant, its
/// name, given with `--confirm-tenant` or typed at the prompt (`--yes` alone is not enough).
pub async fn confirm_write(
    domain: &TenantDomain,
    production: bool,
    yes: bool,
    confirm_tenant: Option<&str>,
    what: &str,
    json: bool,
) -> Result<Answer> {
    let name = domain.tenant_name();
    let asked = |given: bool| {
        if given {
            Answer::Given { asked: true }
        } else {
            Answer::Declined
        }
    };
    if !production {
        return if yes {
            Ok(Answer::Given { asked: false })
        } else {
            Ok(asked(
                confirm(&format!("{what} on {domain}? [y/N] "), json).await?,
            ))
        };
    }
    match confirm_tenant {
        Some(typed) => domain
            .require_confirmation(Some(typed))
            .map(|()| Answer::Given { asked: false }),
        None if yes => Err(Error::ConfirmationRequired(format!(
            "{domain} is a production tenant: --yes is not enough. Add --confirm-tenant {name} to apply without a prompt."
        ))),
        None => {
            let question = format!(
                "{domain} is a PRODUCTION tenant. {what}: type the tenant's name ({name}) to confirm: "
            );
            let typed = ask_line(&question, json).await?;
            Ok(asked(typed.is_some_and(|typed| domain.confirms(&typed))))
        }
    }
}

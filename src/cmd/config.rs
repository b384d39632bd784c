//! `qa config path|init`: where the user config file is, and a commented default one.

use anyhow::{Context, Result};

use super::{Outcome, Settings};
use crate::cli::ConfigAction;
use crate::config;

pub fn run(settings: &Settings, action: ConfigAction) -> Result<Outcome> {
    let path =
        settings.config.user_config.as_ref().context(
            "there is no home folder, so no user config file; set QA_CONFIG to name one",
        )?;
    match action {
        ConfigAction::Path => println!("{}", path.display()),
        ConfigAction::Init => {
            config::init(path)?;
            eprintln!("qa: wrote {}", path.display());
        }
    }
    Ok(Outcome::Found)
}

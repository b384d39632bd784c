//! Where everything lives, resolved once: the banks (sources) and their indexes, the user's synonyms,
//! the config file and the practice state. `cmd` gathers the raw inputs (flags, `QA_*` variables, the
//! current folder, the user's platform folders); the rest of `qa` receives the resolved `Config` and
//! never looks at the environment itself (tealdeer's `config.rs`).
//!
//! The banks come from the first of: `--corpus DIR`, `$QA_CORPUS`, a project file `qa.toml` in the
//! current folder or a parent (cheat's `.cheat/`), the user config file, the bank built into `qa`.
//! Indexes live where `--index`/`$QA_INDEX` or the project file say, else in the user's cache folder.

mod file;

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

pub use file::{DEFAULT, SourceEntry, add_source, init, remove_source};

use crate::builtin;
use crate::parse::text::slug;

/// The bank and its index, as every index operation receives them.
#[derive(Debug, Clone)]
pub struct Paths {
    pub corpus: PathBuf,
    pub index: PathBuf,
}

/// Locations given as flags.
#[derive(Debug, Default, Clone)]
pub struct Flags {
    pub corpus: Option<PathBuf>,
    pub index: Option<PathBuf>,
    pub synonyms: Option<PathBuf>,
    pub state: Option<PathBuf>,
}

/// What `cmd` read from the process for locations.
#[derive(Debug, Default, Clone)]
pub struct Environment {
    /// `QA_CORPUS`, `QA_INDEX`, `QA_SYNONYMS`, `QA_STATE`, `QA_CONFIG`, `QA_CACHE` (empty values count
    /// as unset).
    pub corpus: Option<PathBuf>,
    pub index: Option<PathBuf>,
    pub synonyms: Option<PathBuf>,
    pub state: Option<PathBuf>,
    /// `QA_MODEL`: the semantic model's folder.
    pub model: Option<PathBuf>,
    pub config: Option<PathBuf>,
    pub cache: Option<PathBuf>,
    /// The current folder, where the search for a project file starts.
    pub cwd: PathBuf,
    /// The user's platform folders for `qa` (XDG on Linux), `None` without a home folder.
    pub dirs: Option<UserDirs>,
    /// A writable folder for when the cache cannot be written (the system's temporary folder).
    pub temp: PathBuf,
}

/// The user's folders for `qa`: `~/.config/qa`, `~/.cache/qa`, `~/.local/share/qa` on Linux.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserDirs {
    pub config: PathBuf,
    pub cache: PathBuf,
    pub data: PathBuf,
}

/// One bank: a folder of Markdown files and the index of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// Shown on hits, filtered by `--source NAME` / `source:NAME`, and the prefix of its ids (`NAME:`)
    /// unless it is the first source.
    pub name: String,
    pub folder: PathBuf,
    pub index: PathBuf,
    /// The remote of a git source (`qa sources update` pulls it).
    pub git: Option<String>,
    /// The bank built into `qa`: written out to `folder` on first use; it never changes.
    pub builtin: bool,
}

impl Source {
    pub fn paths(&self) -> Paths {
        Paths {
            corpus: self.folder.clone(),
            index: self.index.clone(),
        }
    }
}

/// Where the list of banks came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Flag,
    Environment,
    Project(PathBuf),
    UserConfig(PathBuf),
    BuiltIn,
}

/// Every location `qa` uses, resolved.
#[derive(Debug, Clone)]
pub struct Config {
    /// The banks searched, the first one's ids unprefixed.
    pub sources: Vec<Source>,
    pub origin: Origin,
    /// A user's synonym file, added to the built-in groups.
    pub synonyms: Option<PathBuf>,
    /// The practice state (`qa quiz`): `QA_STATE`, else `practice.sqlite3` in the user's data folder;
    /// `None` when there is neither.
    pub state: Option<PathBuf>,
    /// The user config file (`QA_CONFIG`, else `config.toml` in the user's config folder), whether or
    /// not it exists.
    pub user_config: Option<PathBuf>,
    /// Where `qa sources add --git` clones repositories.
    pub clones: Option<PathBuf>,
    /// The semantic model's folder (`QA_MODEL`, else `models/all-MiniLM-L6-v2` in the user's data
    /// folder), whether or not it exists: searches rerank with it when it does.
    pub model: Option<PathBuf>,
    /// The cache folder (`QA_CACHE`, else the user's, else one in the temporary folder): indexes, the
    /// built-in bank written out, the last result list of each terminal.
    pub cache: PathBuf,
    /// Problems met while resolving (a broken config file, unknown keys), one line each.
    pub warnings: Vec<String>,
}

impl Config {
    /// The source named `name`.
    pub fn source(&self, name: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.name == name)
    }
}

/// The `[[source]]`s of a config file as written (none when it is missing or broken).
pub fn read_sources(path: &Path) -> Vec<SourceEntry> {
    file::read(path)
        .ok()
        .flatten()
        .map(|file| file.source)
        .unwrap_or_default()
}

/// File name of the practice state in the user's data folder.
pub const STATE_FILE: &str = "practice.sqlite3";

/// The semantic model's folder inside the user's data folder (where `qa model install` puts it).
pub const MODEL_DIR: &str = "models/all-MiniLM-L6-v2";
/// File name of a project file, looked for in the current folder and its parents.
pub const PROJECT_FILE: &str = "qa.toml";
/// File name of the user config in the user's config folder.
pub const CONFIG_FILE: &str = "config.toml";

/// Resolves every location. Never fails: a file that cannot be used is a warning, and the next place
/// in the lookup order answers.
pub fn resolve(flags: Flags, env: Environment) -> Config {
    let dirs = env.dirs.as_ref();
    let cache = env
        .cache
        .clone()
        .unwrap_or_else(|| dirs.map_or_else(|| env.temp.join("qa-cache"), |d| d.cache.clone()));
    let user_config = env
        .config
        .clone()
        .or_else(|| dirs.map(|d| d.config.join(CONFIG_FILE)));
    let mut config = Config {
        sources: Vec::new(),
        origin: Origin::BuiltIn,
        synonyms: flags.synonyms.or(env.synonyms.clone()),
        state: flags
            .state
            .or(env.state.clone())
            .or_else(|| dirs.map(|d| d.data.join(STATE_FILE))),
        user_config: user_config.clone(),
        clones: dirs.map(|d| d.data.join("sources")),
        model: env
            .model
            .clone()
            .or_else(|| dirs.map(|d| d.data.join(MODEL_DIR))),
        cache: cache.clone(),
        warnings: Vec::new(),
    };
    let index = flags.index.or(env.index.clone());
    let corpus = match (flags.corpus, env.corpus.clone()) {
        (Some(corpus), _) => Some((corpus, Origin::Flag)),
        (None, Some(corpus)) => Some((corpus, Origin::Environment)),
        (None, None) => None,
    };
    if let Some((folder, origin)) = corpus {
        let index = index.unwrap_or_else(|| cache.join("corpora").join(key(&folder)));
        config.sources.push(Source {
            name: name_of(&folder),
            folder,
            index,
            git: None,
            builtin: false,
        });
        config.origin = origin;
        return config;
    }
    if let Some(project) = find_project(&env.cwd, &mut config.warnings) {
        let (path, file) = project;
        let dir = path.parent().unwrap_or(Path::new(".")).to_path_buf();
        // From the project's own folder, its paths read as written (`corpus/…`, as in the README).
        let dir = if dir == env.cwd { PathBuf::new() } else { dir };
        let base = index
            .or_else(|| file.index.as_ref().map(|i| dir.join(i)))
            .unwrap_or_else(|| cache.join("projects").join(key(&env.cwd.join(&dir))));
        config.sources = sources(&file, &dir, &base, false, &cache, &mut config.warnings);
        config.origin = Origin::Project(path);
        return config;
    }
    let base = index.unwrap_or_else(|| cache.join("indexes"));
    if let Some(path) = &user_config {
        match file::read(path) {
            Ok(Some(file)) => {
                warn_unknown(path, &file, &mut config.warnings);
                config.sources = sources(
                    &file,
                    path_dir(path),
                    &base,
                    true,
                    &cache,
                    &mut config.warnings,
                );
                config.origin = Origin::UserConfig(path.clone());
                if !config.sources.is_empty() {
                    return config;
                }
                config.warnings.push(format!(
                    "{}: no source and builtin = false; searching the built-in bank",
                    path.display()
                ));
            }
            Ok(None) => {}
            Err(line) => config
                .warnings
                .push(format!("{line}; searching the built-in bank")),
        }
    }
    config.sources = vec![builtin_source(&cache, &base)];
    config.origin = Origin::BuiltIn;
    config
}

/// The built-in bank: written out to the cache, its index beside the others; both named by its hash.
fn builtin_source(cache: &Path, base: &Path) -> Source {
    Source {
        name: builtin::NAME.to_string(),
        folder: cache.join(format!("bank-{}", builtin::hash())),
        index: base.join(format!("{}-{}", builtin::NAME, builtin::hash())),
        git: None,
        builtin: true,
    }
}

/// The sources a file lists (the built-in bank first when it asks for it). Each gets its own index
/// folder below `base`, unless it is the only one and `base` was named for it.
fn sources(
    file: &file::File,
    dir: &Path,
    base: &Path,
    builtin_default: bool,
    cache: &Path,
    warnings: &mut Vec<String>,
) -> Vec<Source> {
    let mut sources = Vec::new();
    if file.builtin.unwrap_or(builtin_default) {
        sources.push(builtin_source(cache, base));
    }
    for entry in &file.source {
        let name = slug(&entry.name);
        if name.is_empty()
            || name == builtin::NAME
            || sources.iter().any(|s: &Source| s.name == name)
        {
            warnings.push(format!(
                "source {:?}: the name is empty, reserved or used twice; skipped",
                entry.name
            ));
            continue;
        }
        sources.push(Source {
            index: base.join(&name),
            name,
            folder: dir.join(&entry.path),
            git: entry.git.clone(),
            builtin: false,
        });
    }
    // A project of one source keeps its index in the folder it names (the checkout's `index/`).
    if let [only] = sources.as_mut_slice()
        && !only.builtin
        && file.index.is_some()
    {
        only.index = base.to_path_buf();
    }
    sources
}

/// The nearest `qa.toml` with sources, walking up from `cwd`. A `qa.toml` without any `[[source]]` is
/// another tool's: skipped with a warning.
fn find_project(cwd: &Path, warnings: &mut Vec<String>) -> Option<(PathBuf, file::File)> {
    for dir in cwd.ancestors() {
        let path = dir.join(PROJECT_FILE);
        match file::read(&path) {
            Ok(None) => continue,
            Ok(Some(file)) if file.source.is_empty() => {
                warnings.push(format!(
                    "{}: no [[source]] in it, so not a qa project file; ignored",
                    path.display()
                ));
            }
            Ok(Some(file)) => {
                warn_unknown(&path, &file, warnings);
                return Some((path, file));
            }
            Err(line) => warnings.push(format!("{line}; ignored")),
        }
    }
    None
}

fn warn_unknown(path: &Path, file: &file::File, warnings: &mut Vec<String>) {
    let unknown = file.unknown_keys();
    if !unknown.is_empty() {
        warnings.push(format!(
            "{}: unknown key(s) {} ignored",
            path.display(),
            unknown.join(", ")
        ));
    }
}

fn path_dir(path: &Path) -> &Path {
    path.parent().unwrap_or(Path::new("."))
}

/// A source's name from its folder: the folder's own name (of its absolute path when it is `.`).
fn name_of(folder: &Path) -> String {
    let absolute = std::path::absolute(folder).unwrap_or_else(|_| folder.to_path_buf());
    let name = absolute
        .file_name()
        .map(|n| slug(&n.to_string_lossy()))
        .unwrap_or_default();
    if name.is_empty() {
        "bank".to_string()
    } else {
        name
    }
}

/// A short stable key of a folder, for index folders of banks named by path.
fn key(folder: &Path) -> String {
    let absolute = std::path::absolute(folder).unwrap_or_else(|_| folder.to_path_buf());
    let mut hasher = DefaultHasher::new();
    absolute.hash(&mut hasher);
    format!("{}-{:016x}", name_of(folder), hasher.finish())
}

#[cfg(test)]
mod tests;

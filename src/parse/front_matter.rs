//! YAML front matter: splitting it off the Markdown body and reading the keys we use.

use serde::Deserialize;

/// The keys of a bank file's front matter; unknown keys are ignored.
#[derive(Debug, Default, Deserialize, PartialEq, Eq)]
pub struct FrontMatter {
    pub topic: Option<String>,
    pub framework: Option<String>,
    #[serde(default)]
    pub tags: TagList,
}

/// `tags: [a, b]`, `tags: a, b` and a block list all mean the same.
#[derive(Debug, Deserialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum TagList {
    Many(Vec<String>),
    One(String),
}

impl Default for TagList {
    fn default() -> Self {
        TagList::Many(Vec::new())
    }
}

impl TagList {
    pub fn to_vec(&self) -> Vec<String> {
        match self {
            TagList::Many(tags) => tags
                .iter()
                .flat_map(|t| super::text::split_tags(t))
                .collect(),
            TagList::One(list) => super::text::split_tags(list),
        }
    }
}

/// Where the front matter sits in a file.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML between the fences.
    pub yaml: &'a str,
    /// Byte offset where the Markdown body starts.
    pub body_start: usize,
}

/// Finds a `---` fenced block at the very start of the text. `Err` carries the reason it is unusable.
pub fn split(text: &str) -> Option<Result<Split<'_>, String>> {
    let first_line_end = text.find('\n')?;
    if text[..first_line_end].trim_end() != "---" {
        return None;
    }
    let yaml_start = first_line_end + 1;
    let mut offset = yaml_start;
    for line in text[yaml_start..].split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Some(Ok(Split {
                yaml: &text[yaml_start..offset],
                body_start: offset + line.len(),
            }));
        }
        offset += line.len();
    }
    Some(Err("front matter has no closing `---` line".to_string()))
}

/// Parses the YAML. On error returns the message and the 1-based line within the YAML, if known.
pub fn parse(yaml: &str) -> Result<FrontMatter, (String, Option<usize>)> {
    if yaml.trim().is_empty() {
        return Ok(FrontMatter::default());
    }
    serde_yaml_ng::from_str::<FrontMatter>(yaml).map_err(|err| {
        let line = err.location().map(|loc| loc.line());
        let message = err.to_string();
        // serde_yaml appends " at line N column M"; we report the line ourselves.
        let message = match message.find(" at line ") {
            Some(cut) => message[..cut].to_string(),
            None => message,
        };
        (format!("front matter: {message}"), line)
    })
}

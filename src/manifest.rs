//! `constitution.yaml` → [`Manifest`]: the base text of a constitution and its versions, each
//! with the amendments put to it and what became of them.
//!
//! serde_yaml is used here and nowhere else, so that swapping it touches one file. The module
//! parses text; reading the file (and the files it names) is the command line's job.

use crate::diagnostic::{Code, Diagnostic};
use crate::source::{self, FileId, Span};
use serde::{Deserialize, Deserializer, Serialize};
use std::collections::HashMap;
use std::fmt;

/// A constitution's history: where its text started and every version since.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// The constitution's name, for headings.
    #[serde(default)]
    pub title: Option<String>,
    /// The organisation whose constitution it is, for headings.
    #[serde(default)]
    pub organisation: Option<String>,
    /// The original text, relative to the manifest.
    pub base: String,
    /// Update references to renumbered units as a change of each version (see `--fix-references`).
    #[serde(default)]
    pub fix_references: bool,
    /// Renumber the units after one added or removed (the default); `false` numbers new units
    /// like `4.2A` and leaves gaps, for organisations whose numbers never change.
    #[serde(default = "yes")]
    pub renumber: bool,
    /// The versions, oldest first.
    pub versions: Vec<Version>,
}

fn yes() -> bool {
    true
}

/// One version: the text after an event (a conference, a general meeting) carried amendments.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Version {
    /// The version's name; also its folder in a build.
    pub name: String,
    /// When the event carried the version's amendments.
    pub date: Date,
    /// The event: a conference, a general meeting.
    #[serde(default)]
    pub event: Option<String>,
    /// The amendments put to the event, in the order taken.
    #[serde(default)]
    pub amendments: Vec<Entry>,
}

/// An amendment put to an event, and its fate.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// The amendment sheet, relative to the manifest (needed when carried or pending).
    #[serde(default)]
    pub file: Option<String>,
    /// The amendment's title, for the log, notes and blame.
    pub title: String,
    /// Who moved it.
    #[serde(default)]
    pub mover: Option<String>,
    /// What became of it.
    pub status: Status,
}

/// What became of an amendment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Carried: it applies to the version's text.
    Carried,
    /// Put to the vote and lost.
    Lost,
    /// Withdrawn by its mover.
    Withdrawn,
    /// Remitted (referred back) without a vote.
    Remitted,
    /// Not yet decided: on the agenda of the next event.
    Pending,
}

impl Status {
    /// The status as written in the manifest.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Carried => "carried",
            Status::Lost => "lost",
            Status::Withdrawn => "withdrawn",
            Status::Remitted => "remitted",
            Status::Pending => "pending",
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A date as the manifest gives it: `2020`, `2020-08` or `2020-08-22`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Date(String);

impl Date {
    /// Reads a date, or says what is wrong with it.
    pub fn parse(text: &str) -> Result<Date, String> {
        let bad = || format!("`{text}` is not a date: write it as YYYY-MM-DD (or YYYY-MM, or YYYY)");
        let parts: Vec<&str> = text.split('-').collect();
        let widths = [4, 2, 2];
        if parts.is_empty()
            || parts.len() > 3
            || parts.iter().zip(widths).any(|(p, w)| p.len() != w || !p.bytes().all(|b| b.is_ascii_digit()))
        {
            return Err(bad());
        }
        let n: Vec<u32> = parts.iter().map(|p| p.parse().unwrap_or(0)).collect();
        if let Some(&month) = n.get(1) {
            if !(1..=12).contains(&month) {
                return Err(format!("`{text}` is not a date: there is no month {month}"));
            }
        }
        if let Some(&day) = n.get(2) {
            let leap = n[0] % 4 == 0 && (n[0] % 100 != 0 || n[0] % 400 == 0);
            let days = match n[1] {
                2 if leap => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            };
            if !(1..=days).contains(&day) {
                return Err(format!("`{text}` is not a date: month {} has {days} days", n[1]));
            }
        }
        Ok(Date(text.to_string()))
    }

    /// The date as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Date {
    // Checked by `validate`, which can say where the date is (serde_yaml places a value's own
    // error at its mapping, not at the key).
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        Ok(Date(String::deserialize(d)?.trim().to_string()))
    }
}

impl Version {
    /// The version's name as a file name: `2020`, `2020-conference`.
    pub fn slug(&self) -> String {
        let mut out = String::new();
        for c in self.name.trim().chars() {
            if c.is_alphanumeric() || matches!(c, '.' | '_' | '-') {
                out.extend(c.to_lowercase());
            } else if !out.ends_with('-') {
                out.push('-');
            }
        }
        out.trim_matches(['-', '.']).to_string()
    }

    /// The amendments with a status, in manifest order, with their index in the version.
    pub fn with_status(&self, status: Status) -> impl Iterator<Item = (usize, &Entry)> {
        self.amendments.iter().enumerate().filter(move |(_, e)| e.status == status)
    }
}

impl Manifest {
    /// What the outputs are headed: the organisation and the title, as far as given.
    pub fn heading(&self) -> String {
        match (&self.organisation, &self.title) {
            (Some(o), Some(t)) if !t.contains(o.as_str()) => format!("{o} — {t}"),
            (_, Some(t)) => t.clone(),
            (Some(o), None) => format!("{o} — Constitution"),
            (None, None) => "Constitution".to_string(),
        }
    }

    /// The index of the version with this name (or file name).
    pub fn version(&self, name: &str) -> Option<usize> {
        let name = name.trim();
        self.versions
            .iter()
            .position(|v| v.name == name)
            .or_else(|| self.versions.iter().position(|v| v.slug() == name))
    }

    /// The version names, for messages.
    pub fn names(&self) -> String {
        self.versions.iter().map(|v| v.name.as_str()).collect::<Vec<_>>().join(", ")
    }

    /// The current version: the last one, unless all its amendments are still pending (its text
    /// is then the one before).
    pub fn current(&self) -> usize {
        let last = self.versions.len().saturating_sub(1);
        let v = &self.versions[last];
        let undecided = !v.amendments.is_empty() && v.amendments.iter().all(|e| e.status == Status::Pending);
        if undecided && last > 0 { last - 1 } else { last }
    }

    /// The index of the version holding pending amendments (only the last may), if any.
    pub fn agenda(&self) -> Option<usize> {
        let last = self.versions.len().checked_sub(1)?;
        self.versions[last].amendments.iter().any(|e| e.status == Status::Pending).then_some(last)
    }
}

/// The 1-based line of the first `key: value` in a manifest's text, for messages about a value.
pub fn line_of(text: &str, key: &str, value: &str) -> Option<usize> {
    let finder = Finder::new(text);
    let found = finder.value(0, text.len(), key, value)?;
    Some(text[..found].matches('\n').count() + 1)
}

/// Why a manifest was rejected, with the place in it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct ManifestError {
    /// What is wrong, naming the key (`versions[1].amendments[0].status: …`).
    pub message: String,
    /// 1-based line and column.
    pub line: usize,
    /// The 1-based column.
    pub column: usize,
    /// Byte offset in the manifest.
    pub offset: usize,
}

impl ManifestError {
    /// An error at a byte offset of the manifest's text.
    pub fn at(text: &str, offset: usize, message: impl Into<String>) -> ManifestError {
        let offset = offset.min(text.len());
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        ManifestError { message: message.into(), line, column, offset }
    }

    /// The error as a diagnostic on the manifest (added to the sources as `file`), pointing at
    /// the rest of the line it names.
    pub fn diagnostic(&self, file: FileId, text: &str) -> Diagnostic {
        let start = self.offset.min(text.len());
        let end = text[start..].find(['\n', '\r']).map_or(text.len(), |i| start + i);
        Diagnostic::error(Code::BadManifest, format!("the manifest is not valid: {}", self.message))
            .primary(file, Span::new(start, end.max(start)), "here")
            .help("the README's “Versions” section describes every key of constitution.yaml")
    }
}

/// Reads a manifest: YAML with the keys described in the README. Unknown keys, missing keys
/// and bad values are errors naming the key and its line.
pub fn parse(text: &str) -> Result<Manifest, ManifestError> {
    let manifest: Manifest = serde_yaml::from_str(text).map_err(|e| {
        let offset = e.location().map_or(0, |l| l.index());
        // The message carries the location too; the error gives it separately.
        let message = e.to_string();
        let message = match message.rfind(" at line ") {
            Some(i) if message[i..].contains(" column ") => message[..i].to_string(),
            _ => message,
        };
        ManifestError::at(text, offset, message)
    })?;
    validate(text, &manifest)?;
    Ok(manifest)
}

/// Checks that need the whole manifest: names, order, statuses, files and characters.
fn validate(text: &str, m: &Manifest) -> Result<(), ManifestError> {
    validate_with(&Finder::new(text), text, m)
}

fn validate_with(find: &Finder<'_>, text: &str, m: &Manifest) -> Result<(), ManifestError> {
    let base_at = find.top("base").unwrap_or(0);
    if m.base.trim().is_empty() {
        return Err(ManifestError::at(text, base_at, "base: the base text's file is empty"));
    }
    if m.versions.is_empty() {
        return Err(ManifestError::at(
            text,
            find.top("versions").unwrap_or(0),
            "versions: there must be at least one version",
        ));
    }
    let printable = |value: &str, at: usize, key: &str| match value.chars().find(|&c| source::xml_forbidden(c)) {
        Some(c) => Err(ManifestError::at(
            text,
            at,
            format!("{key}: holds {}, which no output may contain; delete it", source::describe_char(c)),
        )),
        None => Ok(()),
    };
    if let Some(title) = &m.title {
        printable(title, find.top("title").unwrap_or(0), "title")?;
    }
    printable(&m.base, base_at, "base")?;
    let starts = find.versions(m.versions.len());
    // Name and file name → the version that has it, so that thousands of versions are checked
    // in one pass.
    let mut seen: HashMap<String, usize> = HashMap::new();
    let last = m.versions.len() - 1;
    for (k, v) in m.versions.iter().enumerate() {
        let at = starts[k];
        let end = starts.get(k + 1).copied().unwrap_or(text.len());
        let path = format!("versions[{k}]");
        if v.name.trim().is_empty() || v.slug().is_empty() {
            return Err(ManifestError::at(text, at, format!("{path}.name: a version needs a name")));
        }
        printable(&v.name, at, &format!("{path}.name"))?;
        if let Some(&other) = seen.get(&v.name).or_else(|| seen.get(&format!("/{}", v.slug()))) {
            return Err(ManifestError::at(
                text,
                at,
                format!(
                    "{path}.name: `{}` is used twice (as `{}` before); version names must differ",
                    v.name, m.versions[other].name
                ),
            ));
        }
        let date_at = find.key(at, end, "date").unwrap_or(at);
        if let Err(e) = Date::parse(v.date.as_str()) {
            return Err(ManifestError::at(text, date_at, format!("{path}.date: {e}")));
        }
        if let Some(prev) = k.checked_sub(1).map(|p| &m.versions[p]) {
            if v.date < prev.date {
                return Err(ManifestError::at(
                    text,
                    date_at,
                    format!(
                        "{path}.date: versions go oldest first, but `{}` ({}) comes after `{}` ({})",
                        v.name, v.date, prev.name, prev.date
                    ),
                ));
            }
        }
        if let Some(event) = &v.event {
            printable(event, find.key(at, end, "event").unwrap_or(at), &format!("{path}.event"))?;
        }
        seen.entry(v.name.clone()).or_insert(k);
        // A slug cannot start with `/`, so names and slugs share the map without meeting.
        seen.entry(format!("/{}", v.slug())).or_insert(k);
        let mut from = at;
        for (j, e) in v.amendments.iter().enumerate() {
            let path = format!("{path}.amendments[{j}]");
            let entry_at = find.value(from, end, "title", &e.title).unwrap_or(from);
            from = entry_at;
            if e.status == Status::Pending && k != last {
                return Err(ManifestError::at(
                    text,
                    find.key(entry_at, end, "status").unwrap_or(entry_at),
                    format!(
                        "{path}.status: only the last version (the event still to come) can have pending \
                         amendments; `{}` is in version `{}`",
                        e.title, v.name
                    ),
                ));
            }
            let needs_file = matches!(e.status, Status::Carried | Status::Pending);
            if needs_file && e.file.as_deref().is_none_or(|f| f.trim().is_empty()) {
                return Err(ManifestError::at(
                    text,
                    entry_at,
                    format!("{path}.file: a {} amendment needs its file (`{}`)", e.status, e.title),
                ));
            }
            printable(&e.title, entry_at, &format!("{path}.title"))?;
            if let Some(mover) = &e.mover {
                printable(mover, find.key(entry_at, end, "mover").unwrap_or(entry_at), &format!("{path}.mover"))?;
            }
            if let Some(file) = &e.file {
                printable(file, entry_at, &format!("{path}.file"))?;
            }
        }
    }
    Ok(())
}

/// A file that a manifest names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedFile {
    /// The key that names it: `base`, `versions[1].amendments[0].file`.
    pub key: String,
    /// The path as written, relative to the manifest's folder.
    pub path: String,
    /// Where the key is in the manifest's text, for messages.
    pub offset: usize,
}

// ─────────────────────────── recording decisions ───────────────────────────

/// Why a status could not be written into a manifest's text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StatusError {
    /// The manifest itself is not valid.
    #[error(transparent)]
    Invalid(#[from] ManifestError),
    /// No such version or entry.
    #[error("version {version} has no amendment {entry}")]
    NoEntry {
        /// The version's index.
        version: usize,
        /// The entry's index.
        entry: usize,
    },
    /// The entry's `status:` is not on a line of its own (flow style, `- {title: …, status: …}`).
    #[error(
        "the status of `{0}` is not written as `status: …` on a line of its own; write the entry as a block to record decisions"
    )]
    NotBlockStyle(String),
}

/// The manifest's text with the status of entry `entry` of version `version` set to `status`,
/// everything else (comments, order, quoting, layout) as it was. The result is read back and
/// must be the same manifest with that one status changed.
pub fn set_status(text: &str, version: usize, entry: usize, status: Status) -> Result<String, StatusError> {
    let manifest = parse(text)?;
    let title = manifest
        .versions
        .get(version)
        .and_then(|v| v.amendments.get(entry))
        .map(|e| e.title.clone())
        .ok_or(StatusError::NoEntry { version, entry })?;
    let find = Finder::new(text);
    let offsets = find.versions(version + 1);
    let start = offsets[version];
    let end = if version + 1 < manifest.versions.len() { find.versions(version + 2)[version + 1] } else { text.len() };
    // Every entry has exactly one `status:`; the entry's is the `entry`th of its version's.
    let mut at = start;
    let mut found = None;
    for _ in 0..=entry {
        match find.key(at, end, "status") {
            Some(k) => {
                found = Some(k);
                at = k + 1;
            }
            None => {
                found = None;
                break;
            }
        }
    }
    let not_block = || StatusError::NotBlockStyle(title.clone());
    let key = found.ok_or_else(not_block)?;
    let line_end = text[key..].find('\n').map_or(text.len(), |i| key + i);
    let line = &text[key..line_end];
    let colon = line.find(':').ok_or_else(not_block)?;
    let after = &line[colon + 1..];
    let value_start = colon + 1 + (after.len() - after.trim_start().len());
    let value = &line[value_start..];
    let value_len = value.find(|c: char| c.is_whitespace() || c == '#').unwrap_or(value.len());
    let (a, b) = (key + value_start, key + value_start + value_len);
    let updated = format!("{}{}{}", &text[..a], status.as_str(), &text[b..]);
    let mut expected = manifest;
    expected.versions[version].amendments[entry].status = status;
    match parse(&updated) {
        Ok(m) if m == expected => Ok(updated),
        _ => Err(not_block()),
    }
}

impl Manifest {
    /// Every file the manifest names, the base first, each with the key naming it and where
    /// (`text` is the manifest's text). Any key added later that names a file belongs here,
    /// so that the rule of [`leaves_folder`] covers it.
    pub fn files(&self, text: &str) -> Vec<NamedFile> {
        let find = Finder::new(text);
        let mut out =
            vec![NamedFile { key: "base".into(), path: self.base.clone(), offset: find.top("base").unwrap_or(0) }];
        let starts = find.versions(self.versions.len());
        for (k, v) in self.versions.iter().enumerate() {
            let end = starts.get(k + 1).copied().unwrap_or(text.len());
            let mut from = starts[k];
            for (j, e) in v.amendments.iter().enumerate() {
                let Some(file) = &e.file else { continue };
                let offset = find.value(from, end, "file", file).unwrap_or(from);
                from = offset + 1;
                out.push(NamedFile { key: format!("versions[{k}].amendments[{j}].file"), path: file.clone(), offset });
            }
        }
        out
    }
}

/// How a path named in a manifest leads out of the manifest's folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outside {
    /// An absolute path (`/etc/hostname`, `C:\x`).
    Absolute,
    /// A `..` that climbs above the folder.
    Climbs,
    /// A symbolic link (of the file or a folder on the way) to somewhere outside the folder.
    Link,
}

impl fmt::Display for Outside {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Outside::Absolute => "is an absolute path",
            Outside::Climbs => "climbs out of the manifest's folder with `..`",
            Outside::Link => "is, or lies in, a symbolic link to a place outside the manifest's folder",
        })
    }
}

/// Whether a path named in a manifest leads out of its folder, judged from the path alone
/// (links are the reader's to check). Both `/` and `\` count as separators, so that a manifest
/// means the same on every system.
pub fn leaves_folder(path: &str) -> Option<Outside> {
    let p = path.trim();
    let drive = p.len() >= 2 && p.as_bytes()[0].is_ascii_alphabetic() && p.as_bytes()[1] == b':';
    if p.starts_with(['/', '\\']) || drive || std::path::Path::new(p).has_root() {
        return Some(Outside::Absolute);
    }
    let mut depth = 0usize;
    for part in p.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => match depth.checked_sub(1) {
                Some(d) => depth = d,
                None => return Some(Outside::Climbs),
            },
            _ => depth += 1,
        }
    }
    None
}

/// The error for a file named outside the manifest's folder.
pub fn outside_error(text: &str, named: &NamedFile, how: Outside) -> ManifestError {
    ManifestError::at(
        text,
        named.offset,
        format!(
            "{}: `{}` {how}; a manifest may name only files in its own folder and below, so that a change to it \
             cannot publish other files of the machine (pass --allow-outside to read it anyway)",
            named.key, named.path
        ),
    )
}

/// Finds where things are in the manifest's text, for errors found after reading it (serde_yaml
/// gives no positions for values it has read). Best effort: falls back to the start. Every line
/// that starts with a key is indexed once, so that looking things up for thousands of versions
/// stays linear.
struct Finder<'a> {
    text: &'a str,
    /// For each line holding `key:` (after any indentation and `- `): where the line starts,
    /// where its key starts, and the key.
    keys: Vec<Key<'a>>,
    /// Key lines looked at by searches, to keep the work bounded (see the tests).
    examined: std::cell::Cell<usize>,
}

struct Key<'a> {
    line: usize,
    at: usize,
    indented: bool,
    name: &'a str,
}

impl<'a> Finder<'a> {
    fn new(text: &'a str) -> Finder<'a> {
        let mut keys = Vec::new();
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let start = offset;
            offset += line.len();
            let body = line.trim_start();
            let t = body.trim_start_matches("- ").trim_start();
            if let Some(colon) = t.find(':') {
                let name = t[..colon].trim_end();
                if !name.is_empty() && !name.contains(char::is_whitespace) {
                    let at = start + (line.len() - body.len());
                    keys.push(Key { line: start, at, indented: at > start, name });
                }
            }
        }
        Finder { text, keys, examined: std::cell::Cell::new(0) }
    }

    /// The key lines starting in `from..to`.
    fn lines(&self, from: usize, to: usize) -> impl Iterator<Item = &Key<'a>> {
        let first = self.keys.partition_point(|k| k.line < from);
        self.keys[first..]
            .iter()
            .take_while(move |k| k.line < to)
            .inspect(|_| self.examined.set(self.examined.get() + 1))
    }

    /// The offset of the first `key:` on a line starting in `from..to`.
    fn key(&self, from: usize, to: usize, key: &str) -> Option<usize> {
        self.lines(from, to).find(|k| k.name == key).map(|k| k.at)
    }

    /// The offset of the first `key:` whose line holds `value`, on a line starting in `from..to`.
    fn value(&self, from: usize, to: usize, key: &str, value: &str) -> Option<usize> {
        self.lines(from, to).find(|k| k.name == key && self.line_text(k).contains(value)).map(|k| k.at)
    }

    /// The offset of a top-level (unindented) `key:`.
    fn top(&self, key: &str) -> Option<usize> {
        self.lines(0, self.text.len()).find(|k| !k.indented && k.name == key).map(|k| k.at)
    }

    /// The offsets of the first `n` versions: their `name:` lines (only versions have names);
    /// the start of the text where one cannot be found.
    fn versions(&self, n: usize) -> Vec<usize> {
        let mut out: Vec<usize> =
            self.lines(0, self.text.len()).filter(|k| k.name == "name").map(|k| k.at).take(n).collect();
        // Offsets must not go backwards: a version without a name line starts where the last did.
        let fill = out.last().copied().unwrap_or(0);
        out.resize(n, fill);
        out
    }

    fn line_text(&self, k: &Key<'_>) -> &'a str {
        self.text[k.at..].lines().next().unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "\
title: Rules
base: base.txt
versions:
  - name: 2019
    date: 2019-11-30
    event: Founding conference
  - name: \"2020\"
    date: 2020-08
    amendments:
      - file: a.amend
        title: First
        mover: Somebody
        status: carried
      - title: Second
        status: withdrawn
";

    #[test]
    fn reads_a_manifest() {
        let m = parse(GOOD).unwrap();
        assert_eq!(m.base, "base.txt");
        assert_eq!(m.versions.len(), 2);
        // An unquoted year is a name like any other.
        assert_eq!(m.versions[0].name, "2019");
        assert_eq!(m.versions[1].date.as_str(), "2020-08");
        assert_eq!(m.versions[1].amendments[0].status, Status::Carried);
        assert_eq!(m.versions[1].amendments[1].file, None);
        assert_eq!(m.version("2020"), Some(1));
        assert_eq!(m.agenda(), None);
        assert_eq!(m.current(), 1);
        assert!(m.renumber && !m.fix_references);
        assert_eq!(line_of(GOOD, "file", "a.amend"), Some(10));
    }

    fn error(text: &str) -> ManifestError {
        parse(text).expect_err("the manifest should be rejected")
    }

    #[test]
    fn an_unknown_key_names_the_key_and_line() {
        let e = error(&GOOD.replace("        mover: Somebody", "        mover: Somebody\n        stauts: lost"));
        assert_eq!(e.line, 13);
        assert!(e.message.contains("versions[1].amendments[0]: unknown field `stauts`"), "{}", e.message);
        assert!(!e.message.contains("at line"), "{}", e.message);
    }

    #[test]
    fn a_bad_status_names_the_value_and_line() {
        let e = error(&GOOD.replace("status: carried", "status: caried"));
        assert_eq!((e.line, e.column), (13, 17));
        assert!(e.message.contains("unknown variant `caried`"), "{}", e.message);
    }

    #[test]
    fn a_bad_date_says_how_to_write_it() {
        let e = error(&GOOD.replace("2019-11-30", "30/11/2019"));
        assert_eq!(e.line, 5);
        assert!(e.message.starts_with("versions[0].date: `30/11/2019` is not a date"), "{}", e.message);
        assert!(error(&GOOD.replace("2019-11-30", "2019-02-30")).message.contains("month 2 has 28 days"));
        assert!(error(&GOOD.replace("2019-11-30", "2019-13")).message.contains("no month 13"));
    }

    #[test]
    fn a_missing_key_is_named() {
        let e = error(&GOOD.replace("      - title: Second\n        status", "      - status"));
        assert!(e.message.contains("missing field `title`"), "{}", e.message);
        assert_eq!(e.line, 14);
    }

    #[test]
    fn whole_manifest_rules_point_at_the_entry() {
        let e = error(&GOOD.replace("name: \"2020\"", "name: \"2019\""));
        assert_eq!(e.line, 7);
        assert!(e.message.contains("`2019` is used twice"), "{}", e.message);

        let e = error(&GOOD.replace("date: 2020-08", "date: 2018"));
        assert_eq!(e.line, 8);
        assert!(e.message.contains("oldest first"), "{}", e.message);

        let e =
            error(&GOOD.replace("      - file: a.amend\n", "      - ").replace("        title: First", "title: First"));
        assert!(e.message.contains("a carried amendment needs its file (`First`)"), "{}", e.message);
        assert_eq!(e.line, 10);
    }

    #[test]
    fn only_the_last_version_has_pending_amendments() {
        let text = GOOD.replace("status: carried", "status: pending");
        assert_eq!(parse(&text).unwrap().agenda(), Some(1));
        // One pending and one withdrawn: the conference has decided something.
        assert_eq!(parse(&text).unwrap().current(), 1);
        let all_pending = text.replace("      - title: Second\n        status: withdrawn\n", "");
        assert_eq!(parse(&all_pending).unwrap().current(), 0);
        let moved = format!("{text}  - name: \"2021\"\n    date: 2021\n");
        let e = error(&moved);
        assert!(e.message.contains("only the last version"), "{}", e.message);
        assert_eq!(e.line, 13);
    }

    #[test]
    fn syntax_errors_have_a_line() {
        let e = error("base: [a\nversions: []\n");
        assert!(e.line >= 1 && !e.message.is_empty());
        assert!(error("base: a\nversions: []\n").message.contains("at least one version"));
    }

    /// A decision is written into the text with its comments and layout kept. See: issue 15.
    #[test]
    fn r15_a_status_is_set_in_place() {
        let text = GOOD.replace(
            "        status: carried",
            "        status: pending   # the 2020 motion\n        # decided on the day",
        );
        let text = text.replace("  - name: \"2020\"", "  # The conference\n  - name: \"2020\"");
        let updated = set_status(&text, 1, 0, Status::Lost).unwrap();
        assert_eq!(updated, text.replace("status: pending   # the 2020 motion", "status: lost   # the 2020 motion"));
        let again = set_status(&updated, 1, 1, Status::Remitted).unwrap();
        assert_eq!(again, updated.replace("status: withdrawn", "status: remitted"));
        assert_eq!(set_status(&text, 1, 5, Status::Lost), Err(StatusError::NoEntry { version: 1, entry: 5 }));
        let flow = "base: b.txt\nversions:\n  - name: a\n    date: 2020\n    amendments:\n      - {title: T, file: t.amend, status: pending}\n";
        assert_eq!(set_status(flow, 0, 0, Status::Carried), Err(StatusError::NotBlockStyle("T".into())));
    }

    #[test]
    fn slugs_are_file_names() {
        let v = |name: &str| Version {
            name: name.into(),
            date: Date::parse("2020").unwrap(),
            event: None,
            amendments: vec![],
        };
        assert_eq!(v("2020").slug(), "2020");
        assert_eq!(v("Conference 2020 / special").slug(), "conference-2020-special");
        assert_eq!(v("../x").slug(), "x");
    }

    #[test]
    fn paths_that_leave_the_folder() {
        for inside in ["base.txt", "./a/b.amend", "a/../b.txt", "a\\..\\b.txt", "..x/y", "a/.."] {
            assert_eq!(leaves_folder(inside), None, "{inside}");
        }
        for (outside, how) in [
            ("/etc/hostname", Outside::Absolute),
            ("\\\\server\\share\\x", Outside::Absolute),
            ("C:\\x.txt", Outside::Absolute),
            ("c:x.txt", Outside::Absolute),
            ("../outside.txt", Outside::Climbs),
            ("a/../../outside.txt", Outside::Climbs),
            ("a\\..\\..\\outside.txt", Outside::Climbs),
            (" ../x", Outside::Climbs),
        ] {
            assert_eq!(leaves_folder(outside), Some(how), "{outside}");
        }
    }

    #[test]
    fn files_are_named_with_their_key_and_line() {
        let text = GOOD.replace("status: withdrawn", "status: lost\n        file: b.amend");
        let m = parse(&text).unwrap();
        let files = m.files(&text);
        let line = |f: &NamedFile| text[..f.offset].matches('\n').count() + 1;
        let got: Vec<(&str, &str, usize)> = files.iter().map(|f| (f.key.as_str(), f.path.as_str(), line(f))).collect();
        assert_eq!(
            got,
            [
                ("base", "base.txt", 2),
                ("versions[1].amendments[0].file", "a.amend", 10),
                ("versions[1].amendments[1].file", "b.amend", 16)
            ]
        );
        let e = outside_error(&text, &files[1], Outside::Climbs);
        assert_eq!(e.line, 10);
        assert!(e.message.starts_with("versions[1].amendments[0].file: `a.amend` climbs out"), "{}", e.message);
        assert!(e.message.contains("--allow-outside"), "{}", e.message);
    }

    #[test]
    fn control_characters_in_values_are_refused_with_their_key() {
        // YAML escapes let a quoted value carry any character; none may reach a page or a document.
        let e = error(&GOOD.replace("event: Founding conference", "event: \"Founding\\x07 conference\""));
        assert_eq!(e.line, 6);
        assert!(e.message.starts_with("versions[0].event: holds the control character U+0007 (BEL)"), "{}", e.message);
        let e = error(&GOOD.replace("mover: Somebody", "mover: \"Some\\u001bbody\""));
        assert!(e.message.starts_with("versions[1].amendments[0].mover: holds the control character U+001B (ESC)"));
        assert_eq!(e.line, 12);
        let e = error(&GOOD.replace("title: Rules", "title: \"Rules\\f\""));
        assert!(e.message.starts_with("title: holds the control character U+000C (FF)"), "{}", e.message);
        assert_eq!(e.line, 1);
        assert!(
            error(&GOOD.replace("name: 2019", "name: \"20\\0 19\"")).message.starts_with("versions[0].name: holds")
        );
    }

    #[test]
    fn thousands_of_versions_are_checked_in_linear_work() {
        let mut text = String::from("base: base.txt\nversions:\n");
        let n = 5000;
        for k in 0..n {
            text.push_str(&format!(
                "  - name: v{k}\n    date: 2020\n    amendments:\n      - file: a{k}.amend\n        title: T{k}\n        status: carried\n"
            ));
        }
        let m = parse(&text).unwrap();
        let find = Finder::new(&text);
        validate_with(&find, &text, &m).unwrap();
        let keys = find.keys.len();
        // Each version's lookups stay within its own lines (a quadratic search once looked at
        // every earlier line for each version: some 75 million key lines here).
        assert!(find.examined.get() <= 4 * keys, "{} key lines examined for {keys}", find.examined.get());
        let files = m.files(&text);
        assert_eq!(files.len(), n + 1);
        assert_eq!(text[files[n].offset..].lines().next(), Some(format!("- file: a{}.amend", n - 1).as_str()));
        // A duplicate name far down is still found, naming the earlier one.
        let dup = text.replace("name: v4999\n", "name: v3\n");
        assert!(error(&dup).message.contains("`v3` is used twice"));
    }
}

//! `amend carry|lose|withdraw|remit`: what the event decided, recorded in the manifest.

use super::history::{DEFAULT_MANIFEST, Naming, Project, print, read_manifest};
use super::{ColorChoice, DiagnosticFormat, EXIT_OK, EXIT_REJECTED, EXIT_USAGE, output, report};
use amend::history;
use amend::history::agenda::{self, Assume};
use amend::manifest::{self, Manifest, Status};
use anyhow::{Context, bail};
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

/// An amendment decided at the event, and the manifest that records it.
#[derive(Debug, Args)]
pub struct DecideArgs {
    /// The amendment: its number in the last version's list, its title, or its file (the path
    /// in the manifest, or its name without `.amend`).
    pub amendment: String,
    /// The manifest.
    #[arg(long, default_value = DEFAULT_MANIFEST)]
    pub manifest: PathBuf,
}

/// The entry of the last version that `name` names, or an error listing them.
fn find_entry(manifest: &Manifest, name: &str) -> anyhow::Result<usize> {
    let k = manifest.versions.len() - 1;
    let entries = &manifest.versions[k].amendments;
    let list = || {
        entries
            .iter()
            .enumerate()
            .map(|(j, e)| format!("  {} {} ({})", j + 1, e.title, e.status))
            .collect::<Vec<_>>()
            .join("\n")
    };
    if entries.is_empty() {
        bail!("version {} has no amendments to decide", manifest.versions[k].name);
    }
    let wanted = name.trim();
    if let Ok(n) = wanted.parse::<usize>() {
        return match n.checked_sub(1).filter(|&j| j < entries.len()) {
            Some(j) => Ok(j),
            None => {
                bail!("version {} has no amendment {n}; its amendments are:\n{}", manifest.versions[k].name, list())
            }
        };
    }
    let stem = |f: &str| {
        let file = f.rsplit(['/', '\\']).next().unwrap_or(f);
        file.strip_suffix(".amend").unwrap_or(file).to_string()
    };
    let matches: Vec<usize> = (0..entries.len())
        .filter(|&j| {
            let e = &entries[j];
            e.title.eq_ignore_ascii_case(wanted)
                || e.file.as_deref().is_some_and(|f| f == wanted || stem(f) == stem(wanted))
        })
        .collect();
    match matches.as_slice() {
        [j] => Ok(*j),
        [] => bail!(
            "no amendment of version {} is called `{wanted}`; give its number, title or file:\n{}",
            manifest.versions[k].name,
            list()
        ),
        _ => bail!("`{wanted}` names several amendments; give the number instead:\n{}", list()),
    }
}

/// `amend carry|lose|withdraw|remit NAME`: records what the event decided, in the manifest (its
/// comments and layout kept, written atomically). Carrying is refused if the version would not
/// build with it (it does not apply, or collides with an amendment already carried).
pub fn decide(args: DecideArgs, status: Status, color: ColorChoice) -> anyhow::Result<u8> {
    let Some((text, manifest)) = read_manifest(&args.manifest, color)? else { return Ok(EXIT_USAGE) };
    let k = manifest.versions.len() - 1;
    let j = find_entry(&manifest, &args.amendment)?;
    let entry = &manifest.versions[k].amendments[j];
    let what = format!("{} {}", j + 1, entry.title);
    if entry.status == status {
        print(&format!("{what} is {status} already; {} is unchanged.\n", args.manifest.display()))?;
        return Ok(EXIT_OK);
    }
    let updated = manifest::set_status(&text, k, j, status)
        .with_context(|| format!("recording the decision in {}", args.manifest.display()))?;
    // The version must still build: a carried amendment applies with the others carried.
    let Some(mut project) = Project::from_text(&args.manifest, updated.clone(), Naming::Here, color)? else {
        return Ok(EXIT_USAGE);
    };
    let options = project.options(false);
    let history = history::replay(&mut project.sources, &project.manifest, &project.loaded, &options);
    if let Some(f) = history.failure.as_ref().filter(|f| f.version == k) {
        report(&project.sources, &f.diagnostics, DiagnosticFormat::Human, color, false)?;
        writeln!(
            std::io::stderr(),
            "error: with {what} {status}, version {} does not build; {} is unchanged (composite the amendments, or record the other as fallen)",
            manifest.versions[k].name,
            args.manifest.display()
        )?;
        return Ok(EXIT_REJECTED);
    }
    output::write_atomic(&args.manifest, updated.as_bytes())?;
    let mut out = format!("Recorded: {what} — {status} (was {}).\n", entry.status);
    let pending: Vec<String> = project.manifest.versions[k]
        .with_status(Status::Pending)
        .map(|(i, e)| format!("{} {}", i + 1, e.title))
        .collect();
    if pending.is_empty() {
        out.push_str(&format!("Every amendment of version {} is decided.\n", manifest.versions[k].name));
    } else {
        out.push_str(&format!("Still to be voted on: {}.\n", pending.join(", ")));
        if let Ok(a) = agenda::agenda(&project.sources, &history, Assume::Carried) {
            for (i, fate) in &a.considered {
                let (agenda::Fate::LeftOut { collides_with }, Status::Pending) =
                    (fate, project.manifest.versions[k].amendments[*i].status)
                else {
                    continue;
                };
                let other = &project.manifest.versions[k].amendments[*collides_with];
                if other.status == Status::Carried {
                    out.push_str(&format!(
                        "{} {} falls: it collides with {} {}, carried.\n",
                        i + 1,
                        project.manifest.versions[k].amendments[*i].title,
                        collides_with + 1,
                        other.title
                    ));
                }
            }
        }
    }
    print(&out)?;
    Ok(EXIT_OK)
}

//! History → the files of `amend build`: for every version its text, its annotated text and the
//! redline against the version before (plain, Markdown, HTML), the amendment sheets, and an index
//! page. Nothing in them depends on the time or the machine, so a build is reproducible; the files
//! come back sorted by path. Writing them is the command line's job.

use super::agenda::{self, Agenda, AgendaError, Assume, Fate as AgendaFate};
use super::{Built, Cause, Fate, History, Loaded, blame, fix_sheet, report};
use crate::docx::{Annotations, DocxBase, DocxError, Revision};
use crate::manifest::Manifest;
use crate::manifest::Status;
use crate::redline::{AmendmentName, Redline, Subject, one_line};
use crate::render::{self, Format, Preface, Style};
use crate::source::Sources;
use std::fmt::Write as _;

/// One file of the site: its path under the output folder (`/`-separated) and its contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    /// The path under the output folder, `/`-separated.
    pub path: String,
    /// The file's contents.
    pub bytes: Vec<u8>,
    /// The bytes are a Word document to be printed to PDF at `path` (by the command line,
    /// which knows whether LibreOffice is there).
    pub print: bool,
}

/// Choices for the site.
#[derive(Debug, Clone, Default)]
pub struct SiteOptions {
    /// House style of the redlines.
    pub style: Style,
    /// The extension of text files: that of the base (`txt`, `md`).
    pub extension: String,
    /// The manifest's file name, for the index page.
    pub manifest: String,
    /// Whether the Word files of [`word`] are written too (the index links them).
    pub word: bool,
    /// The version whose Word files are also written as PDF, if one is.
    pub pdf: Option<usize>,
}

/// What the text before a version is called: `version 2019`, or the base's file name.
pub fn previous_name(history: &History<'_>, version: usize) -> String {
    match version.checked_sub(1) {
        Some(p) => super::text_name(history.manifest, p),
        None => history.manifest.base.clone(),
    }
}

/// The redline of a version against the text before it, every change traced to its amendment.
pub fn redline(sources: &Sources, history: &History<'_>, built: &Built) -> Option<Redline> {
    let step = built.step.as_ref()?;
    let mut redline = Redline::from_outcome(sources, &step.outcome);
    let v = &history.manifest.versions[built.version];
    let amendments = step
        .causes
        .iter()
        .zip(&step.outcome.amendments)
        .map(|(cause, a)| AmendmentName {
            file: match cause {
                Cause::Amendment(j) => v.amendments[*j].file.clone().unwrap_or_default(),
                Cause::References => sources.name(a.file).to_string(),
            },
            title: Some(history.cause_title(built.version, *cause)),
        })
        .collect();
    redline.subject = Subject::Amended { base: previous_name(history, built.version), amendments };
    Some(redline)
}

/// What a version's redline is called: the constitution, the version, what it is compared with.
pub fn redline_title(history: &History<'_>, version: usize) -> String {
    let manifest = history.manifest;
    let v = &manifest.versions[version];
    let event = v.event.as_deref().map(|e| format!(", {e}")).unwrap_or_default();
    format!(
        "{}: version {} ({}{event}), the changes to {}",
        manifest.heading(),
        v.name,
        v.date,
        previous_name(history, version)
    )
}

/// The agenda's page before its preview: every amendment with what the preview did with it,
/// the collisions, and the references the preview would move.
pub fn agenda_preface(history: &History<'_>, agenda: &Agenda) -> Vec<Preface> {
    let entries = &history.manifest.versions[agenda.version].amendments;
    let considered: Vec<String> = entries
        .iter()
        .enumerate()
        .map(|(j, e)| {
            let fate = agenda.considered.iter().find(|(k, _)| *k == j).map(|(_, f)| f);
            let what = match (e.status, fate) {
                (_, Some(AgendaFate::Applied)) => "in the preview".to_string(),
                (_, Some(AgendaFate::LeftOut { collides_with })) => {
                    format!(
                        "left out of the preview: collides with {} ({})",
                        collides_with + 1,
                        entries[*collides_with].title
                    )
                }
                (_, Some(AgendaFate::Fails(_))) => "does not apply to the text it was drafted against".to_string(),
                (status, None) => format!("not in the preview ({status})"),
            };
            let mover = e.mover.as_deref().map(|m| format!(" — {m}")).unwrap_or_default();
            format!("{}. {}{mover} ({}): {what}", j + 1, e.title, e.status)
        })
        .collect();
    let collisions: Vec<String> = if agenda.collisions.is_empty() {
        vec!["None: no two amendments touch the same text.".to_string()]
    } else {
        agenda
            .collisions
            .iter()
            .map(|c| {
                format!(
                    "{} {} × {} {} — {}: “{}”. Composite them, or take them in order: once one is carried, the other falls.",
                    c.first + 1,
                    entries[c.first].title,
                    c.second + 1,
                    entries[c.second].title,
                    c.unit.as_deref().unwrap_or("the text"),
                    one_line(&c.text, 80)
                )
            })
            .collect()
    };
    let mut out = vec![
        Preface { heading: "Amendments".to_string(), items: considered },
        Preface { heading: "Collisions".to_string(), items: collisions },
    ];
    if !agenda.moved.is_empty() {
        let preview = crate::document::Document::parse(usize::MAX, &agenda.outcome.text);
        let items = agenda.moved.iter().map(|m| report::moved_line(history, agenda.version, &preview, m)).collect();
        out.push(Preface { heading: "References to units the preview renumbers or removes".to_string(), items });
    }
    out
}

/// A Word date-time for a version's date, when the date is a whole day.
fn word_date(date: &str) -> Option<String> {
    (date.len() == 10).then(|| format!("{date}T00:00:00Z"))
}

/// Which Word documents to make of a version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordKind {
    /// `text.docx` and `redline.docx` (tracked changes by each amendment's mover, with a comment
    /// on each naming the amendment and the instruction).
    Edit,
    /// The same for print, to be converted to `text.pdf` and `redline.pdf`: the changes marked
    /// with formatting (struck through, double-underlined) under a legend.
    Print,
}

/// A version's text and redline as Word documents (see [`WordKind`]), titled with the
/// constitution and the version; paths end in `.docx`, or `.pdf` for the print ones (whose
/// bytes are still Word, for the caller to convert). `before` is the Word form of the previous
/// version's text, if at hand (the redline is made on it); the Word form of this version's text
/// comes back for the next.
pub fn word(
    sources: &Sources,
    history: &History<'_>,
    built: &Built,
    kind: WordKind,
    before: Option<DocxBase>,
) -> Result<(Vec<File>, DocxBase), DocxError> {
    let manifest = history.manifest;
    let v = &manifest.versions[built.version];
    let slug = v.slug();
    let ext = match kind {
        WordKind::Edit => "docx",
        WordKind::Print => "pdf",
    };
    let title = format!("{}: version {} ({})", manifest.heading(), v.name, v.date);
    let doc = &built.document;
    let own = DocxBase::from_text(doc);
    let text = own.consolidated_with(doc, &[], Some(&title))?;
    let print = kind == WordKind::Print;
    let mut files = vec![File { path: format!("{slug}/text.{ext}"), bytes: text, print }];
    let Some(step) = &built.step else { return Ok((files, own)) };
    let outcome = &step.outcome;
    let revisions: Vec<Revision> = step
        .causes
        .iter()
        .map(|c| {
            let author = match c {
                Cause::Amendment(j) => {
                    let e = &v.amendments[*j];
                    e.mover.clone().unwrap_or_else(|| e.title.clone())
                }
                Cause::References => "amend (references)".to_string(),
            };
            Revision { author, date: word_date(v.date.as_str()) }
        })
        .collect();
    // The text before is the previous version's, whose Word form was made for its own file.
    let base = match before {
        Some(b) if b.text() == outcome.document.text() => b,
        _ => DocxBase::from_text(&outcome.document),
    };
    let title = Some(redline_title(history, built.version));
    let bytes = match kind {
        WordKind::Edit => {
            let notes = outcome.edits.iter().map(|e| note(sources, history, built.version, step, e)).collect();
            base.redline_with(&outcome.document, &outcome.edits, &revisions, &Annotations { title, notes })?
        }
        WordKind::Print => {
            base.marked_with(&outcome.document, &outcome.edits, &revisions, &Annotations { title, notes: Vec::new() })?
        }
    };
    files.push(File { path: format!("{slug}/redline.{ext}"), bytes, print });
    Ok((files, own))
}

/// The comment on an edit's change in a Word redline: the amendment, its mover, and the
/// instruction with its line.
fn note(
    sources: &Sources,
    history: &History<'_>,
    version: usize,
    step: &super::Step,
    e: &crate::resolve::Edit,
) -> String {
    let cause = step.causes[e.origin.amendment];
    let name = match cause {
        Cause::Amendment(j) => {
            let entry = &history.manifest.versions[version].amendments[j];
            let mover = entry.mover.as_deref().map(|m| format!(", moved by {m}")).unwrap_or_default();
            format!("Amendment {}: {}{mover}", j + 1, entry.title)
        }
        Cause::References => history.cause_title(version, cause),
    };
    let file = sources.get(e.origin.file);
    let (line, _) = file.line_col(e.origin.span.start);
    format!("{name}\nLine {line}: {}", one_line(&file.text[e.origin.span.range()], 300))
}

/// The file name a sheet gets in the site: its number in the version and its own name.
fn sheet_path(slug: &str, index: usize, file: &str) -> String {
    let base = file.rsplit(['/', '\\']).next().unwrap_or(file);
    format!("{slug}/amendments/{}-{base}", index + 1)
}

/// Every file of the site, sorted by path.
pub fn site(sources: &Sources, history: &History<'_>, agenda: Option<&Agenda>, options: &SiteOptions) -> Vec<File> {
    let mut files: Vec<File> = Vec::new();
    let collected: Result<(), std::convert::Infallible> = emit(sources, history, agenda, options, |f| {
        files.push(f);
        Ok(())
    });
    let Ok(()) = collected;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// Every file of the site, handed to `out` one by one as it is made (so that a large history
/// need not be held whole); stops at the first error `out` returns. The files are the same as
/// [`site`]'s, in a fixed order.
pub fn emit<E>(
    sources: &Sources,
    history: &History<'_>,
    agenda: Option<&Agenda>,
    options: &SiteOptions,
    mut out: impl FnMut(File) -> Result<(), E>,
) -> Result<(), E> {
    let mut word_base = None;
    for built in &history.versions {
        word_base = version_files(sources, history, built, options, word_base, &mut out)?;
    }
    let sections = (0..history.manifest.versions.len())
        .map(|k| section(history, k, history.get(k), agenda.is_some(), options))
        .collect();
    finish(sources, history, agenda, sections, options, out)
}

/// What [`stream`] made.
#[derive(Debug)]
pub struct Streamed<'m> {
    /// The history replayed, without its versions (each was dropped once its files were made);
    /// it says which version failed, if one did.
    pub history: History<'m>,
    /// How many versions were built.
    pub versions: usize,
    /// Why there is no agenda page, when the manifest has pending amendments but no agenda
    /// could be made.
    pub agenda_error: Option<AgendaError>,
}

/// Replays a history and makes its site version by version ([`super::replay_handing`]): each
/// version's files are made and handed to `out` (on another thread) while the next version is
/// built, and only its entry in the index is kept, so that the memory needed is that of two
/// versions, however long the history. The files are [`emit`]'s, in the same order. A version
/// that does not build stops it, with no index; the first error of `out` stops it too.
pub fn stream<'m, E: Send>(
    sources: &mut Sources,
    manifest: &'m Manifest,
    loaded: &Loaded,
    options: &super::Options,
    site: &SiteOptions,
    out: impl FnMut(File) -> Result<(), E> + Send,
) -> Result<Streamed<'m>, E> {
    // A version's files take longer to make than the next version takes to build, so they are
    // made on a thread of their own meanwhile. The channel holds none: at most the version being
    // made and the one being built are held. The files are written on a third thread, so that
    // writing one version's files and making the next version's go on together.
    let (hand, handed) = std::sync::mpsc::sync_channel::<(Sources, History<'m>)>(0);
    let (give, given) = std::sync::mpsc::sync_channel::<File>(FILES_AHEAD);
    std::thread::scope(|scope| {
        let writer = scope.spawn(move || {
            let mut out = out;
            given.into_iter().try_for_each(&mut out).map(|()| out)
        });
        // The maker stops when the writer hangs up, which it does only when a file failed.
        let maker = scope.spawn(move || make_versions(manifest, handed, site, move |f| give.send(f).map_err(|_| ())));
        let replayed = super::replay_handing(sources, manifest, loaded, options, |sources, history, built| {
            let one = History {
                manifest,
                base: history.base,
                sheets: history.sheets.clone(),
                versions: vec![built],
                failure: None,
                options: history.options.clone(),
            };
            // The maker hangs up only when it stopped; the writer's error is the one returned below.
            hand.send((sources.clone(), one)).map_err(|_| ())
        });
        drop(hand);
        // The maker's sender goes with it, so that the writer ends once every file is written.
        let made = maker.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)).map(|(made, _)| made);
        let out = writer.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        let (Ok(made), Ok(history)) = (made, replayed) else { unreachable!("a thread stopped without an error") };
        let versions = made.sections.len();
        if history.failure.is_none() {
            finish(sources, &history, made.agenda.as_ref(), made.sections, site, out)?;
        }
        Ok(Streamed { history, versions, agenda_error: made.agenda_error })
    })
}

/// How many files the maker of a streamed site may make ahead of the writer: about one
/// version's.
const FILES_AHEAD: usize = 16;

/// What the maker of a streamed site keeps of the versions it made files for.
#[derive(Default)]
struct Made {
    sections: Vec<Section>,
    agenda: Option<Agenda>,
    agenda_error: Option<AgendaError>,
}

/// Makes the files of each version handed over (the only version of the history it comes in),
/// until the versions run out or `out` fails; gives back `out` for the index.
fn make_versions<'m, E, O: FnMut(File) -> Result<(), E>>(
    manifest: &Manifest,
    handed: std::sync::mpsc::Receiver<(Sources, History<'m>)>,
    site: &SiteOptions,
    mut out: O,
) -> Result<(Made, O), E> {
    // The agenda is made from the version before its own, while that one is at hand.
    let agenda_from = manifest.agenda().map(|k| k.saturating_sub(1));
    let mut made = Made::default();
    let mut word_base = None;
    for (sources, history) in handed {
        let built = history.latest().expect("a version comes with its history");
        if agenda_from == Some(built.version) {
            match agenda::agenda(&sources, &history, Assume::Carried) {
                Ok(a) => made.agenda = Some(a),
                Err(e) => made.agenda_error = Some(e),
            }
        }
        word_base = version_files(&sources, &history, built, site, word_base, &mut out)?;
        made.sections.push(section(&history, built.version, Some(built), made.agenda.is_some(), site));
    }
    Ok((made, out))
}

/// The extension of the text files.
fn extension(options: &SiteOptions) -> &str {
    if options.extension.is_empty() { "txt" } else { options.extension.as_str() }
}

/// The files of one version: its text, annotated text, redlines, sheets and references.
/// `word_base` is the Word form of the previous version's text, if made; this version's comes
/// back.
fn version_files<E>(
    sources: &Sources,
    history: &History<'_>,
    built: &Built,
    options: &SiteOptions,
    word_base: Option<DocxBase>,
    out: &mut impl FnMut(File) -> Result<(), E>,
) -> Result<Option<DocxBase>, E> {
    let manifest = history.manifest;
    let ext = extension(options);
    let render_options = render::Options {
        style: options.style,
        title: Some(redline_title(history, built.version)),
        ..Default::default()
    };
    // Word files of every version, and the print ones of the version to be printed as PDF. A
    // version Word cannot be made of (it never fails on a text base) is left out. They take as
    // long as the other files together, so they are made on a thread of their own meanwhile.
    let v = &manifest.versions[built.version];
    let slug = v.slug();
    let ((word_files, own), texts) = std::thread::scope(|scope| {
        let words = scope.spawn(|| {
            let mut files = Vec::new();
            let mut own = None;
            if options.word {
                if let Ok((made, base)) = word(sources, history, built, WordKind::Edit, word_base) {
                    files.extend(made);
                    own = Some(base);
                }
            }
            if options.pdf == Some(built.version) {
                files.extend(word(sources, history, built, WordKind::Print, None).map(|m| m.0).unwrap_or_default());
            }
            (files, own)
        });
        let mut texts = vec![
            (format!("{slug}/text.{ext}"), built.document.text().to_string()),
            (format!("{slug}/annotated.{ext}"), blame::annotate(history, built)),
        ];
        if let Some(r) = redline(sources, history, built) {
            texts.push((format!("{slug}/redline.txt"), render::render(&r, Format::Plain, &render_options)));
            texts.push((format!("{slug}/redline.md"), render::render(&r, Format::Markdown, &render_options)));
            texts.push((format!("{slug}/redline.html"), render::render(&r, Format::Html, &render_options)));
        }
        (words.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)), texts)
    });
    for f in word_files {
        out(f)?;
    }
    let mut add = |path: String, text: String| out(File { path, bytes: text.into_bytes(), print: false });
    for (path, text) in texts {
        add(path, text)?;
    }
    for (j, e) in v.amendments.iter().enumerate() {
        let sheet = history.sheets.get(built.version).and_then(|s| s.get(j).copied().flatten());
        if let (Some(file), Some(sheet)) = (&e.file, sheet) {
            add(sheet_path(&slug, j, file), sources.text(sheet).to_string())?;
        }
    }
    if let Some(text) = report::references(history, built) {
        add(format!("{slug}/references.txt"), text)?;
        let sheet = fix_sheet(manifest, built.version, &built.document, &built.moved);
        if sheet.fixes.iter().any(|f| matches!(built.moved[f.moved].fate, Fate::Renumbered { fixed: false, .. })) {
            add(format!("{slug}/references.amend"), sheet.text)?;
        }
    }
    Ok(own)
}

/// The files made once every version is: the agenda's, and the index of the versions' entries.
fn finish<E>(
    sources: &Sources,
    history: &History<'_>,
    agenda: Option<&Agenda>,
    sections: Vec<Section>,
    options: &SiteOptions,
    mut out: impl FnMut(File) -> Result<(), E>,
) -> Result<(), E> {
    let manifest = history.manifest;
    let mut add = |path: String, text: String| out(File { path, bytes: text.into_bytes(), print: false });
    if let Some(a) = agenda {
        let slug = manifest.versions[a.version].slug();
        let previous = previous_name(history, a.version);
        let mut text = report::agenda(history, a, &previous);
        let _ = write!(text, "\nThe text if the amendments in the preview are carried:\n\n{}", a.outcome.text);
        add(format!("{slug}/agenda.txt"), text)?;
        let mut r = Redline::from_outcome(sources, &a.outcome);
        let amendments = a
            .causes
            .iter()
            .map(|c| {
                let Cause::Amendment(j) = c else { unreachable!("unexpected {c:?} in an agenda") };
                let e = &manifest.versions[a.version].amendments[*j];
                AmendmentName { file: e.file.clone().unwrap_or_default(), title: Some(e.title.clone()) }
            })
            .collect();
        r.subject = Subject::Amended { base: previous, amendments };
        let v = &manifest.versions[a.version];
        let render_options = render::Options {
            style: options.style,
            title: Some(format!("{}: the agenda of version {} ({})", manifest.heading(), v.name, v.date)),
            preface: agenda_preface(history, a),
            ..Default::default()
        };
        add(format!("{slug}/agenda.html"), render::render(&r, Format::Html, &render_options))?;
    }
    let (md, html) = index(history, &sections, options);
    add("index.md".into(), md)?;
    add("index.html".into(), html)
}

/// A block of the index: a version's heading, links, amendments and affected references.
struct Section {
    heading: String,
    links: Vec<(String, String)>,
    /// (title, link, mover, status)
    amendments: Vec<(String, Option<String>, String, Status)>,
    notes: Vec<String>,
}

/// Version `k`'s entry in the index (`built`: the version, when it was built).
fn section(history: &History<'_>, k: usize, built: Option<&Built>, agenda: bool, options: &SiteOptions) -> Section {
    let ext = extension(options);
    let manifest = history.manifest;
    let v = &manifest.versions[k];
    let slug = v.slug();
    let event = v.event.as_deref().map(|e| format!(", {e}")).unwrap_or_default();
    let heading = format!("Version {} — {}{event}", v.name, v.date);
    let mut links = Vec::new();
    let mut notes = Vec::new();
    match built {
        Some(b) => {
            links.push(("Text".to_string(), format!("{slug}/text.{ext}")));
            links.push(("Annotated text".to_string(), format!("{slug}/annotated.{ext}")));
            let pdf = options.pdf == Some(k);
            if options.word {
                links.push(("Word".to_string(), format!("{slug}/text.docx")));
            }
            if pdf {
                links.push(("PDF".to_string(), format!("{slug}/text.pdf")));
            }
            if b.step.is_some() {
                links.push(("Changes (HTML)".to_string(), format!("{slug}/redline.html")));
                links.push(("Markdown".to_string(), format!("{slug}/redline.md")));
                links.push(("plain text".to_string(), format!("{slug}/redline.txt")));
                if options.word {
                    links.push(("Word, tracked changes".to_string(), format!("{slug}/redline.docx")));
                }
                if pdf {
                    links.push(("PDF, changes marked".to_string(), format!("{slug}/redline.pdf")));
                }
            } else if k == 0 {
                notes.push("The text as first adopted.".to_string());
            } else if manifest.agenda() == Some(k) {
                notes.push(
                    "Nothing decided yet: until amendments are carried, the text is that of the version before."
                        .to_string(),
                );
            } else {
                notes.push("No amendment carried: the text is that of the version before.".to_string());
            }
            for m in &b.moved {
                notes.push(report::moved_line(history, k, &b.document, m));
            }
            let sheet = fix_sheet(manifest, k, &b.document, &b.moved);
            if sheet.fixes.iter().any(|f| matches!(b.moved[f.moved].fate, Fate::Renumbered { fixed: false, .. })) {
                links.push(("Reference updates (amendment)".to_string(), format!("{slug}/references.amend")));
            }
        }
        None => notes.push("Not built: its carried amendments do not apply (run amend check).".to_string()),
    }
    if agenda && manifest.agenda() == Some(k) {
        links.push(("Agenda".to_string(), format!("{slug}/agenda.txt")));
        links.push(("Agenda preview (HTML)".to_string(), format!("{slug}/agenda.html")));
    }
    let amendments = v
        .amendments
        .iter()
        .enumerate()
        .map(|(j, e)| {
            let link = e.file.as_deref().filter(|_| built.is_some() || k == 0).map(|f| sheet_path(&slug, j, f));
            let link = link.filter(|_| history.sheets.get(k).and_then(|s| s.get(j).copied().flatten()).is_some());
            (e.title.clone(), link, e.mover.clone().unwrap_or_default(), e.status)
        })
        .collect();
    Section { heading, links, amendments, notes }
}

fn md_escape(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#') {
            s.push('\\');
        }
        s.push(c);
    }
    s
}

fn html_escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

const CSS: &str = "body{margin:0 auto;max-width:52rem;padding:1.5rem 2rem 4rem;font:1.05rem/1.5 Georgia,serif;color:#111}\
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-top:1px solid #bbb;padding-top:.8rem}\
table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #bbb;padding:.25rem .6rem;text-align:left}\
.links,.notes{font-family:system-ui,sans-serif;font-size:.9rem}";

/// The index page, as Markdown and as HTML.
fn index(history: &History<'_>, sections: &[Section], options: &SiteOptions) -> (String, String) {
    let manifest = history.manifest;
    let title = manifest.heading();
    let intro = format!(
        "Every version of the text, oldest first, built by amend from {}. Each version applies its carried \
         amendments to the text of the version before.",
        if options.manifest.is_empty() { "the manifest" } else { options.manifest.as_str() }
    );
    let mut md = format!("# {}\n\n{}\n", md_escape(&title), md_escape(&intro));
    for s in sections {
        let _ = write!(md, "\n## {}\n\n", md_escape(&s.heading));
        if !s.links.is_empty() {
            let links: Vec<String> = s.links.iter().map(|(t, l)| format!("[{t}]({l})")).collect();
            let _ = writeln!(md, "{}\n", links.join(" · "));
        }
        if !s.amendments.is_empty() {
            md.push_str("| Amendment | Mover | Status |\n| --- | --- | --- |\n");
            for (t, link, mover, status) in &s.amendments {
                let t = match link {
                    Some(l) => format!("[{}]({l})", md_escape(t)),
                    None => md_escape(t),
                };
                let _ = writeln!(md, "| {t} | {} | {status} |", md_escape(mover));
            }
            if !s.notes.is_empty() {
                md.push('\n');
            }
        }
        for n in &s.notes {
            let _ = writeln!(md, "- {}", md_escape(n));
        }
    }

    let mut html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"amend {}\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n\
         <h1>{}</h1>\n<p>{}</p>\n",
        env!("CARGO_PKG_VERSION"),
        html_escape(&title),
        html_escape(&title),
        html_escape(&intro)
    );
    for s in sections {
        let _ = writeln!(html, "<section>\n<h2>{}</h2>", html_escape(&s.heading));
        if !s.links.is_empty() {
            let links: Vec<String> =
                s.links.iter().map(|(t, l)| format!("<a href=\"{}\">{}</a>", html_escape(l), html_escape(t))).collect();
            let _ = writeln!(html, "<p class=\"links\">{}</p>", links.join(" · "));
        }
        if !s.amendments.is_empty() {
            html.push_str("<table>\n<tr><th>Amendment</th><th>Mover</th><th>Status</th></tr>\n");
            for (t, link, mover, status) in &s.amendments {
                let t = match link {
                    Some(l) => format!("<a href=\"{}\">{}</a>", html_escape(l), html_escape(t)),
                    None => html_escape(t),
                };
                let _ = writeln!(html, "<tr><td>{t}</td><td>{}</td><td>{status}</td></tr>", html_escape(mover));
            }
            html.push_str("</table>\n");
        }
        if !s.notes.is_empty() {
            html.push_str("<ul class=\"notes\">\n");
            for n in &s.notes {
                let _ = writeln!(html, "<li>{}</li>", html_escape(n));
            }
            html.push_str("</ul>\n");
        }
        html.push_str("</section>\n");
    }
    html.push_str("</body>\n</html>\n");
    (md, html)
}

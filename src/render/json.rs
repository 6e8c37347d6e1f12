//! The changes as JSON, for bots and CI: what each change replaced and with what, where (byte
//! spans in the old and new text, and the unit), and which instruction caused it.

use crate::redline::{Change, Coarse, Redline, Subject};
use serde::Serialize;

#[derive(Serialize)]
struct Document<'a> {
    #[serde(flatten)]
    subject: &'a Subject,
    changes: &'a [Change],
    /// Set when part of the comparison is by whole lines because it ran out of time.
    coarse: Option<&'a Coarse>,
}

/// Renders as pretty-printed JSON with a final newline.
pub(super) fn render(redline: &Redline) -> String {
    let doc = Document { subject: &redline.subject, changes: &redline.changes, coarse: redline.coarse.as_ref() };
    let mut s = serde_json::to_string_pretty(&doc).expect("plain data serialises");
    s.push('\n');
    s
}

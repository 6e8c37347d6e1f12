//! Source files and byte spans: every later stage points back into the text it came from.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

/// Index of a file in [`Sources`].
pub type FileId = usize;

/// A byte range in one source text. Line and column are computed only when a span is shown.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    /// The span from `start` to `end` (byte offsets).
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end, "span {start}..{end} is reversed");
        Span { start, end }
    }

    /// An empty span at `at`.
    pub fn point(at: usize) -> Span {
        Span { start: at, end: at }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no bytes.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// Whether `other` lies within this span.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// The smallest span covering both.
    pub fn join(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// As a `Range` for slicing.
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

impl fmt::Debug for Span {
    // Short, so that spans in snapshot output stay readable.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Span {
        Span::new(r.start, r.end)
    }
}

/// One named text: a base document or an amendment sheet.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub name: String,
    /// Shared with the document read from it, so that a large base is held once.
    pub text: Arc<String>,
    line_starts: Vec<usize>,
}

impl SourceFile {
    fn new(name: String, text: String) -> SourceFile {
        let line_starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect();
        SourceFile { name, text: text.into(), line_starts }
    }

    /// Zero-based line index of a byte offset.
    pub fn line_index(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|&s| s <= offset).saturating_sub(1)
    }

    /// Byte range of a zero-based line, without its line ending.
    pub fn line_range(&self, line: usize) -> Option<Range<usize>> {
        let start = *self.line_starts.get(line)?;
        let end = self.line_starts.get(line + 1).copied().unwrap_or(self.text.len());
        let content = self.text[start..end].trim_end_matches(['\n', '\r']);
        Some(start..start + content.len())
    }

    /// One-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_index(offset);
        let start = self.line_starts[line];
        let col = self.text.get(start..offset).map_or(0, |s| s.chars().count());
        (line + 1, col + 1)
    }
}

/// All files of one run, so that diagnostics can point into any of them.
#[derive(Debug, Default, Clone)]
pub struct Sources {
    files: Vec<SourceFile>,
}

impl Sources {
    /// An empty set of files.
    pub fn new() -> Sources {
        Sources::default()
    }

    /// Adds a file and returns its id.
    pub fn add(&mut self, name: impl Into<String>, text: impl Into<String>) -> FileId {
        self.files.push(SourceFile::new(name.into(), text.into()));
        self.files.len() - 1
    }

    /// The file with this id.
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id]
    }

    /// The name of a file as given by the user.
    pub fn name(&self, id: FileId) -> &str {
        &self.files[id].name
    }

    /// The text of a file.
    pub fn text(&self, id: FileId) -> &str {
        &self.files[id].text
    }

    /// The text of a file, shared (for a document read from it).
    pub fn shared(&self, id: FileId) -> Arc<String> {
        self.files[id].text.clone()
    }

    /// Number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether no file was added.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

impl<'a> codespan_reporting::files::Files<'a> for Sources {
    type FileId = FileId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<&'a str, codespan_reporting::files::Error> {
        self.files.get(id).map(|f| f.name.as_str()).ok_or(codespan_reporting::files::Error::FileMissing)
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, codespan_reporting::files::Error> {
        self.files.get(id).map(|f| f.text.as_str()).ok_or(codespan_reporting::files::Error::FileMissing)
    }

    fn line_index(&'a self, id: FileId, offset: usize) -> Result<usize, codespan_reporting::files::Error> {
        let file = self.files.get(id).ok_or(codespan_reporting::files::Error::FileMissing)?;
        Ok(file.line_index(offset))
    }

    fn line_range(&'a self, id: FileId, line: usize) -> Result<Range<usize>, codespan_reporting::files::Error> {
        let file = self.files.get(id).ok_or(codespan_reporting::files::Error::FileMissing)?;
        let start = *file
            .line_starts
            .get(line)
            .ok_or(codespan_reporting::files::Error::LineTooLarge { given: line, max: file.line_starts.len() - 1 })?;
        let end = file.line_starts.get(line + 1).copied().unwrap_or(file.text.len());
        Ok(start..end)
    }
}

/// Why bytes could not be read as text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// The bytes are not UTF-8; `offset` is the first bad byte.
    #[error("not valid UTF-8: invalid byte sequence at byte offset {offset} (line {line}); save the file as UTF-8")]
    InvalidUtf8 { offset: usize, line: usize },
    /// A UTF-16 file with an odd number of bytes or a broken surrogate pair; `offset` counts
    /// from the start of the file, byte-order mark included.
    #[error(
        "not valid UTF-16 although it starts with a UTF-16 byte-order mark (problem at byte offset {offset}, line {line})"
    )]
    InvalidUtf16 { offset: usize, line: usize },
    /// Text holding a character that XML 1.0 forbids (see [`refused`]); `offset` is its byte
    /// offset in the decoded text.
    #[error("holds {} at line {line}, column {column}; no output may contain it", describe_char(*character))]
    Control { offset: usize, line: usize, column: usize, character: char },
}

impl DecodeError {
    /// The byte offset of the problem in the file (in the decoded text for [`DecodeError::Control`]).
    pub fn offset(&self) -> usize {
        match self {
            DecodeError::InvalidUtf8 { offset, .. }
            | DecodeError::InvalidUtf16 { offset, .. }
            | DecodeError::Control { offset, .. } => *offset,
        }
    }
}

/// Whether XML 1.0 forbids a character: the C0 controls other than tab, line feed and carriage
/// return, and U+FFFE and U+FFFF. Word refuses a document that holds one, and HTML parsers
/// report them as errors.
pub fn xml_forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}

/// Whether no input may hold a character: one XML 1.0 forbids, except the vertical tab and the
/// form feed, which are a line break and a page break (text pasted from Word carries them) and
/// are written as such in every output.
pub fn refused(c: char) -> bool {
    xml_forbidden(c) && !matches!(c, '\u{B}' | '\u{C}')
}

/// Whether the command line takes these bytes as a text file: they decode, and hold no
/// character it refuses (E0001). Other bytes never reach the readers.
pub fn accepted(bytes: &[u8]) -> bool {
    decode(bytes).is_ok_and(|(t, _)| first_refused(&t).is_none())
}

/// The byte offset and character of the first refused character in a text (see [`refused`]).
pub fn first_refused(text: &str) -> Option<(usize, char)> {
    // Every refused character but two is a single byte; the two (U+FFFE, U+FFFF) are
    // EF BF BE and EF BF BF. One pass over the bytes finds either.
    let b = text.as_bytes();
    let suspect = |c: u8| (c < 0x20 && !matches!(c, b'\t'..=b'\r')) || c == 0xEF;
    // Blocks with no suspect byte are skipped by a test the compiler turns into vector code.
    const BLOCK: usize = 64;
    let mut from = 0;
    while let Some(k) = b[from..].chunks(BLOCK).position(|chunk| chunk.iter().fold(false, |any, &c| any | suspect(c))) {
        let start = from + k * BLOCK;
        from = (start + BLOCK).min(b.len());
        for at in start..from {
            let refused = || b[at] != 0xEF || matches!(b.get(at + 1..at + 3), Some([0xBF, 0xBE | 0xBF]));
            if suspect(b[at]) && refused() {
                return Some((at, text[at..].chars().next()?));
            }
        }
    }
    None
}

/// A character for messages: `the control character U+0007 (BEL)`.
pub fn describe_char(c: char) -> String {
    const C0: [&str; 32] = [
        "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "TAB", "LF", "VT", "FF", "CR", "SO", "SI", "DLE",
        "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB", "ESC", "FS", "GS", "RS", "US",
    ];
    match C0.get(c as usize) {
        Some(name) => format!("the control character U+{:04X} ({name})", c as u32),
        None => format!("the noncharacter U+{:04X}", c as u32),
    }
}

/// A visible stand-in for a refused character, so that a message can show the line holding it
/// without sending it to a terminal: the Control Pictures symbol for a C0 control (`␛` for ESC),
/// U+FFFD otherwise.
pub fn picture(c: char) -> char {
    match c {
        '\u{0}'..='\u{1F}' => char::from_u32(0x2400 + c as u32).unwrap_or(char::REPLACEMENT_CHARACTER),
        _ => char::REPLACEMENT_CHARACTER,
    }
}

/// The text with every refused character replaced by its [`picture`].
pub fn with_pictures(text: &str) -> std::borrow::Cow<'_, str> {
    if first_refused(text).is_none() {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(text.chars().map(|c| if refused(c) { picture(c) } else { c }).collect())
}

/// The error for a refused character at `offset` in `text`.
fn control_error(text: &str, offset: usize, character: char) -> DecodeError {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    DecodeError::Control { offset, line, column, character }
}

/// The encoding a text was read from, so output can be written back the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
}

/// Reads bytes as text: UTF-8 (with or without a byte-order mark) or UTF-16 with a byte-order
/// mark, which word processors write when saving "Unicode text". A UTF-8 BOM is kept in the
/// text (the document parser skips it) so that output written from it keeps it too. Text that
/// holds a character XML 1.0 forbids (other than a vertical tab or form feed) is refused with
/// its position, so that no output ever carries one.
pub fn decode(bytes: &[u8]) -> Result<(String, Encoding), DecodeError> {
    let (text, encoding) = decode_text(bytes)?;
    match first_refused(&text) {
        Some((at, c)) => Err(control_error(&text, at, c)),
        None => Ok((text, encoding)),
    }
}

fn decode_text(bytes: &[u8]) -> Result<(String, Encoding), DecodeError> {
    let utf16 = |rest: &[u8], be: bool| -> Result<String, DecodeError> {
        let (out, bad) = decode_utf16_lossy(rest, be);
        match bad {
            Some(at) => {
                let line = out[..at].matches('\n').count() + 1;
                // Units before the problem, two bytes each, after the two-byte mark.
                let units: usize = out[..at].chars().map(char::len_utf16).sum();
                Err(DecodeError::InvalidUtf16 { offset: 2 + units * 2, line })
            }
            None => Ok(out),
        }
    };
    match bytes {
        [0xFF, 0xFE, rest @ ..] => Ok((utf16(rest, false)?, Encoding::Utf16Le)),
        [0xFE, 0xFF, rest @ ..] => Ok((utf16(rest, true)?, Encoding::Utf16Be)),
        _ => match std::str::from_utf8(bytes) {
            Ok(s) => Ok((s.to_owned(), Encoding::Utf8)),
            Err(e) => {
                let offset = e.valid_up_to();
                let line = bytes[..offset].iter().filter(|&&b| b == b'\n').count() + 1;
                Err(DecodeError::InvalidUtf8 { offset, line })
            }
        },
    }
}

/// [`decode`] for bytes the caller owns: UTF-8 text, most files, becomes the string without
/// being copied (a copy of a 100 MB base is 100 MB more held at the peak). Bytes that
/// [`decode`] rejects are handed back with the error.
pub fn decode_owned(bytes: Vec<u8>) -> Result<(String, Encoding), (DecodeError, Vec<u8>)> {
    // A UTF-16 byte-order mark is never valid UTF-8, so such files take the second way.
    match String::from_utf8(bytes) {
        Ok(text) => match first_refused(&text) {
            Some((at, c)) => {
                let error = control_error(&text, at, c);
                Err((error, text.into_bytes()))
            }
            None => Ok((text, Encoding::Utf8)),
        },
        Err(e) => {
            let bytes = e.into_bytes();
            decode(&bytes).map_err(|error| (error, bytes))
        }
    }
}

/// UTF-16 without its byte-order mark, with U+FFFD for what cannot be read, and the text offset
/// of the first replacement.
fn decode_utf16_lossy(bytes: &[u8], be: bool) -> (String, Option<usize>) {
    let units = bytes
        .chunks_exact(2)
        .map(|c| if be { u16::from_be_bytes([c[0], c[1]]) } else { u16::from_le_bytes([c[0], c[1]]) });
    let mut out = String::with_capacity(bytes.len() / 2);
    let mut bad = None;
    for r in char::decode_utf16(units) {
        match r {
            Ok(c) => out.push(c),
            Err(_) => {
                bad = bad.or(Some(out.len()));
                out.push(char::REPLACEMENT_CHARACTER);
            }
        }
    }
    if bytes.len() % 2 != 0 {
        // A last, odd byte.
        bad = bad.or(Some(out.len()));
        out.push(char::REPLACEMENT_CHARACTER);
    }
    (out, bad)
}

/// Reads bytes that [`decode`] rejects as well as it can, with U+FFFD for what cannot be read
/// and a [`picture`] for each refused character, so that the problem can be shown in context
/// (and no control character reaches a terminal). Returns the text and the span of the first
/// problem in it: the place [`decode`] reports.
pub fn decode_lossy(bytes: &[u8]) -> (String, Option<Span>) {
    let (text, bad) = match bytes {
        [0xFF, 0xFE, rest @ ..] => decode_utf16_lossy(rest, false),
        [0xFE, 0xFF, rest @ ..] => decode_utf16_lossy(rest, true),
        _ => {
            let bad = std::str::from_utf8(bytes).err().map(|e| e.valid_up_to());
            (String::from_utf8_lossy(bytes).into_owned(), bad)
        }
    };
    // What decode reports: a byte that cannot be read, else the first refused character.
    let span = match bad {
        Some(at) => {
            // Each C0 control before it grows by two bytes as a picture.
            let at = at + 2 * text[..at].chars().filter(|&c| refused(c) && c < ' ').count();
            Some(Span::new(at, at + char::REPLACEMENT_CHARACTER.len_utf8()))
        }
        None => first_refused(&text).map(|(at, c)| Span::new(at, at + picture(c).len_utf8())),
    };
    let text = with_pictures(&text).into_owned();
    (text, span)
}

/// Encodes text back to bytes in the encoding it was read from.
pub fn encode(text: &str, encoding: Encoding) -> Vec<u8> {
    match encoding {
        Encoding::Utf8 => text.as_bytes().to_vec(),
        Encoding::Utf16Le => {
            let mut out = vec![0xFF, 0xFE];
            out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
            out
        }
        Encoding::Utf16Be => {
            let mut out = vec![0xFE, 0xFF];
            out.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
            out
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The block-wise scan finds what a scan of the characters finds, wherever the
        /// character falls in a block (text of letters, curly quotes, a BOM, fullwidth forms).
        #[test]
        fn first_refused_is_the_first_refused_character(
            parts in proptest::collection::vec(prop_oneof![
                Just("a"), Just(" "), Just("\n"), Just("\t"), Just("“"), Just("\u{feff}"), Just("ｂ"),
                Just("\u{7}"), Just("\u{fffe}"), Just("\u{ffff}"), Just("\u{1b}"), Just("\u{c}"),
            ], 0..200),
            pad in 0usize..130,
        ) {
            let text = format!("{}{}", "x".repeat(pad), parts.concat());
            let expected = text.char_indices().find(|&(_, c)| refused(c));
            prop_assert_eq!(first_refused(&text), expected);
        }
    }

    #[test]
    fn line_col_counts_characters_from_one() {
        let mut s = Sources::new();
        let id = s.add("a", "ab\n“cd”\r\nef");
        let f = s.get(id);
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(3), (2, 1));
        // “ is three bytes but one column.
        assert_eq!(f.line_col(3 + "“c".len()), (2, 3));
        assert_eq!(f.line_range(1), Some(3..3 + "“cd”".len()));
        assert_eq!(f.line_col(f.text.len()), (3, 3));
    }

    #[test]
    fn decode_reports_offset_of_invalid_utf8() {
        let err = decode(b"ok\nbad \xFF here").unwrap_err();
        assert_eq!(err, DecodeError::InvalidUtf8 { offset: 7, line: 2 });
    }

    #[test]
    fn decode_reads_utf16_with_bom_and_encodes_it_back() {
        let text = "Para 2.1 – “x”";
        for enc in [Encoding::Utf16Le, Encoding::Utf16Be] {
            let bytes = encode(text, enc);
            assert_eq!(decode(&bytes).unwrap(), (text.to_string(), enc));
        }
        assert!(matches!(decode(&[0xFF, 0xFE, 0x41]), Err(DecodeError::InvalidUtf16 { .. })));
    }

    #[test]
    fn utf16_errors_count_bytes_from_the_start_of_the_file() {
        // BOM, "😀" (a surrogate pair), "\n", then a lone high surrogate.
        let mut bytes = encode("😀\n", Encoding::Utf16Le);
        bytes.extend([0x00, 0xD8, 0x41, 0x00]);
        assert_eq!(decode(&bytes), Err(DecodeError::InvalidUtf16 { offset: 8, line: 2 }));
        let (text, span) = decode_lossy(&bytes);
        assert_eq!(text, "😀\n\u{FFFD}A");
        assert_eq!(&text[span.unwrap().range()], "\u{FFFD}");
    }

    #[test]
    fn lossy_decoding_marks_the_first_bad_utf8_byte() {
        let (text, span) = decode_lossy(b"ok\nbad \xFF here \xFE");
        assert_eq!(text, "ok\nbad \u{FFFD} here \u{FFFD}");
        assert_eq!(span, Some(Span::new(7, 10)));
        assert_eq!(decode_lossy(b"fine"), ("fine".to_string(), None));
    }

    #[test]
    fn decode_owned_reads_as_decode_does() {
        let utf16 = encode("Para 1 – “x”", Encoding::Utf16Le);
        for bytes in
            [&b"\xEF\xBB\xBFabc"[..], b"plain", &utf16, b"ok\nbad \xFF", &[0xFF, 0xFE, 0x41], b"a\x00b", b"bell \x07"]
        {
            let owned = decode_owned(bytes.to_vec()).map_err(|(e, back)| (e, back == bytes));
            assert_eq!(owned, decode(bytes).map_err(|e| (e, true)));
        }
    }

    #[test]
    fn decode_keeps_utf8_bom() {
        let (text, enc) = decode("\u{FEFF}abc".as_bytes()).unwrap();
        assert_eq!(text, "\u{FEFF}abc");
        assert_eq!(enc, Encoding::Utf8);
    }
}

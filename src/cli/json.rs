//! `extract --format json`: the whole analysis, byte for byte as serde_json's pretty printer
//! writes an [`Analysis`](crate::Analysis), with the block reports written here rather than
//! through serde. A table of a million cells has a million reports (430 MB of JSON, most of it
//! their CSS paths): through serde each report was built with its own strings, and every byte of
//! every string was looked up in serde_json's escape table, a fifth of the command's time. Here a
//! report borrows its path, tag and text, and a string that holds nothing to escape (a path
//! always, in practice) is copied out whole after one check.

use crate::classify::report::BlockView;
use crate::StreamedAnalysis;
use serde::Serialize;
use serde_json::ser::{CompactFormatter, Formatter};
use std::io::{self, Write};

/// Writes `a` as `serde_json::to_writer_pretty` writes the [`Analysis`](crate::Analysis) it
/// stands for (a test holds the two equal).
pub(crate) fn write_analysis(w: &mut impl Write, a: &StreamedAnalysis) -> io::Result<()> {
    let an = &a.analysis;
    w.write_all(b"{\n  \"readerable\": ")?;
    nested(w, &an.readerable)?;
    w.write_all(b",\n  \"reason\": ")?;
    nested(w, &an.reason)?;
    if an.truncated {
        w.write_all(b",\n  \"truncated\": true")?;
    }
    w.write_all(b",\n  \"article\": ")?;
    nested(w, &an.article)?;
    w.write_all(b",\n  \"blocks\": ")?;
    match &a.blocks {
        Some(blocks) if blocks.len() > 0 => {
            w.write_all(b"[")?;
            let mut first = true;
            blocks.each(|b| {
                w.write_all(if first { b"\n" } else { b",\n" })?;
                first = false;
                block(w, b)
            })?;
            w.write_all(b"\n  ]")?;
        }
        Some(_) => w.write_all(b"[]")?,
        None => nested(w, &an.blocks)?,
    }
    w.write_all(b",\n  \"correctionsApplied\": ")?;
    nested(w, &an.corrections_applied)?;
    w.write_all(b"\n}")
}

/// One block report, an element of the top-level object's `blocks` (four spaces in).
fn block(w: &mut impl Write, b: &BlockView) -> io::Result<()> {
    w.write_all(b"    {\n      \"index\": ")?;
    CompactFormatter.write_u64(w, b.index as u64)?;
    w.write_all(b",\n      \"element\": ")?;
    CompactFormatter.write_u32(w, b.element)?;
    w.write_all(b",\n      \"path\": ")?;
    string(w, b.path)?;
    w.write_all(b",\n      \"tag\": ")?;
    string(w, b.tag)?;
    w.write_all(b",\n      \"label\": ")?;
    string(w, b.label.as_str())?;
    w.write_all(b",\n      \"confidence\": ")?;
    float(w, b.confidence)?;
    w.write_all(b",\n      \"reasons\": [")?;
    let mut first = true;
    for r in b.verdict.reasons_in_order() {
        w.write_all(if first { b"\n        " } else { b",\n        " })?;
        first = false;
        r.with_str(|text| string(w, text))?;
    }
    w.write_all(if first { b"]" } else { b"\n      ]" })?;
    w.write_all(b",\n      \"textLength\": ")?;
    CompactFormatter.write_u64(w, b.text_length as u64)?;
    w.write_all(b",\n      \"linkDensity\": ")?;
    float(w, b.link_density)?;
    w.write_all(b",\n      \"text\": ")?;
    string(w, b.text)?;
    w.write_all(b"\n    }")
}

/// A string as serde_json writes it: as it is between quotes when it holds no quote, backslash or
/// control character (checked without stopping at the first, so the check runs many bytes at a
/// time), through serde_json's escaping when it does.
fn string(w: &mut impl Write, s: &str) -> io::Result<()> {
    let plain = !s.bytes().fold(false, |escape, c| escape | (c < 0x20) | (c == b'"') | (c == b'\\'));
    if plain {
        w.write_all(b"\"")?;
        w.write_all(s.as_bytes())?;
        w.write_all(b"\"")
    } else {
        serde_json::to_writer(w, s).map_err(io::Error::from)
    }
}

/// A float as serde_json writes an `f32`: `null` when it is not finite.
fn float(w: &mut impl Write, x: f32) -> io::Result<()> {
    if x.is_finite() {
        CompactFormatter.write_f32(w, x)
    } else {
        w.write_all(b"null")
    }
}

/// A value of the top-level object as serde_json's pretty printer writes it there: pretty, and
/// each of its lines after the first two spaces in (a newline in pretty JSON is always one
/// between lines: inside a string it is written `\n`).
fn nested(w: &mut impl Write, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer_pretty(Indented(w), value).map_err(io::Error::from)
}

/// A writer that puts two spaces after every newline it passes on.
struct Indented<W>(W);

impl<W: Write> Write for Indented<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_all(buf)?;
        Ok(buf.len())
    }
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        // Most of what passes is string contents: looked at many bytes at a time, once.
        if !buf.iter().fold(false, |newline, &c| newline | (c == b'\n')) {
            return self.0.write_all(buf);
        }
        let mut lines = buf.split(|&c| c == b'\n');
        if let Some(line) = lines.next() {
            self.0.write_all(line)?;
        }
        for line in lines {
            self.0.write_all(b"\n  ")?;
            self.0.write_all(line)?;
        }
        Ok(())
    }
    fn flush(&mut self) -> io::Result<()> {
        self.0.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{analyze_bytes, analyze_bytes_streamed, Options};

    /// What `extract --format json` writes for `page`, and the analysis serialized by serde.
    fn both(page: &str, options: &Options) -> (String, String) {
        let mut written = Vec::new();
        write_analysis(&mut written, &analyze_bytes_streamed(page.as_bytes(), options).unwrap()).unwrap();
        let whole = serde_json::to_string_pretty(&analyze_bytes(page.as_bytes(), options).unwrap()).unwrap();
        (String::from_utf8(written).unwrap(), whole)
    }

    #[test]
    fn the_written_analysis_is_the_analysis_serialized() {
        // Blocks out of document order (a div's own text after the paragraph inside it), text
        // and a tag name to escape (a quote, a backslash, a control character, non-ASCII),
        // clutter with a zone's reason, a correction applied, a reason for not being readerable.
        let article = concat!(
            "<html><head><title>Rain \"at\" last</title></head><body><article><h1>Rain at last</h1>",
            "<p>After eleven dry months the valley got its first real rain on Sunday, and farmers who had",
            " sold half their herds stood in the fields to watch it fall. \\o/ \u{1} café</p>",
            "<p>The reservoir rose by a metre overnight. Engineers said the dam would hold, and the town",
            " council lifted the ban on watering gardens for the first time since March.</p>",
            "<x\"y\\z><p>A paragraph in an element with a strange name.</p></x\"y\\z></article>",
            "<aside class=\"newsletter-signup\"><p>Get the valley's weather every morning in your inbox.</p></aside>",
            "<nav><ul><li><a href=/a>Home</a></li><li><a href=/b>News</a></li></ul></nav>",
            "<div>Before <p>Inside the div, a paragraph.</p> after.</div></body></html>"
        );
        let corrections = vec![crate::Correction { path: "html>body:nth-child(2)>nav:nth-child(3)>ul>li:nth-child(2)".into(), keep: true }];
        let mut seen_blocks = false;
        for include_blocks in [true, false] {
            for (page, min_article_length) in [(article, 50), (article, 100_000), ("<p>One line.</p>", 50)] {
                let options =
                    Options { include_blocks, min_article_length, corrections: corrections.clone(), ..Default::default() };
                let (written, whole) = both(page, &options);
                assert_eq!(written, whole);
                seen_blocks |= whole.contains("Inside the div");
            }
        }
        assert!(seen_blocks);
        let (written, _) = both(article, &Options { min_article_length: 50, corrections, ..Default::default() });
        for part in [
            r#""correctionsApplied": [
    "html>body:nth-child(2)>nav:nth-child(3)>ul>li:nth-child(2)"
  ]"#,
            r#""path": "html>body:nth-child(2)>article:nth-child(1)>x\"y\\z:nth-child(4)>p""#, r#"\\o/ \u0001 café"#, r#""tag:nav""#] {
            assert!(written.contains(part), "{part} is not in {written}");
        }
    }
}

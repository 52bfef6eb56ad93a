//! Whether an input is HTML at all, decided as browsers sniff a resource that comes without a
//! declared type (the WHATWG MIME Sniffing standard, "identifying a resource with an unknown MIME
//! type"): a file that opens with a tag a page opens with is HTML, whatever control characters
//! its text holds (an attribute with a run of C0 characters, an old page with a stray form feed);
//! one that opens with the signature of an image, a PDF, an archive or a font is not; and what
//! opens with neither is binary when its first bytes are full of "binary data bytes".

/// The bytes of the resource header the standard looks at, and the binary data bytes among them
/// that make a file without a signature binary. The standard calls one such byte enough; a
/// handful is allowed, as the native front end always has, so that a page that opens with text
/// (no `<html>`, no doctype) and has a stray control character or two still reads as a page.
const HEADER_BYTES: usize = 4096;
const MAX_BINARY_BYTES: usize = 8;

/// White space the standard skips before an HTML signature.
fn is_leading_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

/// The standard's binary data bytes: C0 controls other than tab, line feed, form feed, carriage
/// return and escape.
fn is_binary_data_byte(b: u8) -> bool {
    matches!(b, 0x00..=0x08 | 0x0b | 0x0e..=0x1a | 0x1c..=0x1f)
}

/// Tags an HTML file opens with (matched without case, then a space or `>`): the standard's
/// HTML signatures.
const HTML_SIGNATURES: &[&[u8]] = &[
    b"<!doctype html", b"<html", b"<head", b"<script", b"<iframe", b"<h1", b"<div", b"<font", b"<table", b"<a",
    b"<style", b"<title", b"<b", b"<body", b"<br", b"<p", b"<!--",
];

/// What a file that is not a page opens with, and what it is (the standard's image, audio and
/// video, font and archive patterns, PDF and PostScript). `?` stands for any byte (a RIFF or
/// FORM chunk's size).
const BINARY_SIGNATURES: &[(&[u8], &str)] = &[
    (b"%PDF-", "a PDF document"),
    (b"%!PS-Adobe-", "a PostScript document"),
    (b"\x00\x00\x01\x00", "an icon"),
    (b"\x00\x00\x02\x00", "a cursor"),
    (b"BM", "a BMP image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"RIFF????WEBPVP", "a WebP image"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x1a\x45\xdf\xa3", "a WebM video"),
    (b".snd", "an audio file"),
    (b"FORM????AIFF", "an audio file"),
    (b"ID3", "an MP3 file"),
    (b"OggS\x00", "an Ogg file"),
    (b"MThd\x00\x00\x00\x06", "a MIDI file"),
    (b"RIFF????AVI ", "an AVI video"),
    (b"RIFF????WAVE", "a WAVE file"),
    (b"????ftyp", "an MP4 file"),
    (b"wOFF", "a font"),
    (b"wOF2", "a font"),
    (b"OTTO", "a font"),
    (b"ttcf", "a font"),
    (b"\x00\x01\x00\x00", "a font"),
    (b"\x1f\x8b\x08", "a gzip file"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"Rar \x1a\x07\x00", "a RAR archive"),
    (b"\x00asm", "a WebAssembly module"),
];

/// What the input is when it is not HTML: the kind of file its signature names, or `None` with
/// a reason when it is binary without one; `Ok` when it is (or may be) a page.
pub(crate) fn not_html(input: &[u8]) -> Result<(), Option<&'static str>> {
    let head = &input[..input.len().min(HEADER_BYTES)];
    let text = &head[head.iter().position(|&b| !is_leading_space(b)).unwrap_or(head.len())..];
    let is_html_tag = |sig: &[u8]| {
        text.len() > sig.len()
            && text[..sig.len()].eq_ignore_ascii_case(sig)
            && matches!(text[sig.len()], b' ' | b'>')
    };
    if HTML_SIGNATURES.iter().any(|sig| is_html_tag(sig)) {
        return Ok(());
    }
    let opens_with = |sig: &[u8]| head.len() >= sig.len() && sig.iter().zip(head).all(|(&s, &b)| s == b'?' || s == b);
    if let Some((_, kind)) = BINARY_SIGNATURES.iter().find(|(sig, _)| opens_with(sig)) {
        return Err(Some(kind));
    }
    if head.iter().filter(|&&b| is_binary_data_byte(b)).count() > MAX_BINARY_BYTES {
        return Err(None);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_that_open_as_pages_are_html_whatever_their_control_characters() {
        let c0: String = (1u8..32).filter(|&b| is_binary_data_byte(b)).map(char::from).collect();
        let page = format!("\n <!DOCTYPE html><p><a href=\"{c0}javascript:x()\">a link</a>");
        assert_eq!(not_html(page.as_bytes()), Ok(()));
        assert_eq!(not_html(format!("<P>{c0}").as_bytes()), Ok(()));
        // Text first, a stray control character or two (an old page's form feed, a NUL).
        assert_eq!(not_html(b"Contents\x0c\x00<p>Chapter one</p>"), Ok(()));
    }

    #[test]
    fn files_that_open_with_a_binary_signature_are_not() {
        assert_eq!(not_html(b"%PDF-1.7\n<< /Type /Catalog >>"), Err(Some("a PDF document")));
        assert_eq!(not_html(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), Err(Some("a PNG image")));
        assert_eq!(not_html(b"GIF89a<p>"), Err(Some("a GIF image")));
        assert_eq!(not_html(b"RIFF\x10\x00\x00\x00WEBPVP8 "), Err(Some("a WebP image")));
        assert_eq!(not_html(b"PK\x03\x04<html>"), Err(Some("a ZIP archive")));
        // A signature's first letters in a page's text are no signature.
        assert_eq!(not_html(b"<b>PK</b>"), Ok(()));
    }

    #[test]
    fn files_full_of_binary_bytes_without_a_signature_are_not() {
        let noise: Vec<u8> = (0u8..128).cycle().take(2000).collect();
        assert_eq!(not_html(&noise), Err(None));
        // Tab, line feed, form feed, carriage return and escape are text.
        assert_eq!(not_html(b"\t\n\x0c\r\x1b\t\n\x0c\r\x1b\t\n\x0c\r\x1b<p>x"), Ok(()));
    }
}

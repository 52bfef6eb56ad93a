//! Native front end, before parsing: a page's bytes → its text, decoded as a browser decodes a
//! page it loads (the WHATWG HTML standard's encoding sniffing, with `encoding_rs` for the
//! encodings and `chardetng` for the detection, the two crates Firefox uses).
//!
//! The wasm build never decodes: the browser has done it before the DOM exists, so neither crate
//! is compiled into it.
//!
//! The steps, in the order they are tried (the first that answers wins):
//! 1. A byte order mark (UTF-8, UTF-16LE, UTF-16BE).
//! 2. In place of the transport layer's `charset` (which a page file has lost): bytes that are
//!    valid UTF-8 throughout and hold some non-ASCII are UTF-8, whatever a `<meta>` says. A page
//!    saved as UTF-8 often keeps the `<meta charset=iso-8859-1>` of the page it was saved from
//!    (corpora re-encode pages; servers send `charset=utf-8` over a template's old `<meta>`), and
//!    text in a legacy encoding is almost never valid UTF-8 by chance: a single accented letter
//!    of windows-1252 is a lone byte above 0x7F, which UTF-8 never allows.
//! 3. The `<meta charset>` or `<meta http-equiv=content-type content="…; charset=…">` found by
//!    the standard's prescan of the first 1024 bytes.
//! 4. Detection over the whole page (`chardetng`), told the top-level domain of the page's URL
//!    as a browser tells it (a `.pl` page without a label is more likely ISO-8859-2 than a `.com`).
//!
//! Bytes that the chosen encoding cannot decode become U+FFFD, as in a browser: a page labelled
//! UTF-8 with a few windows-1252 bytes in it still reads, with a replacement character for each.

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252, X_USER_DEFINED};
use std::borrow::Cow;

/// How many bytes of the page the prescan reads, as the standard says browsers do.
const PRESCAN_BYTES: usize = 1024;

/// Which step of the sniffing decided a page's encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EncodingSource {
    /// A byte order mark at the start of the page.
    ByteOrderMark,
    /// The bytes are valid UTF-8 throughout and not all ASCII.
    ValidUtf8,
    /// A `<meta>` charset declaration in the first 1024 bytes.
    Meta,
    /// Detected from the bytes (and the URL's top-level domain).
    Detected,
}

/// A page's text and how it was decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded<'a> {
    /// The text (borrowed from the bytes when they were UTF-8 without a byte order mark).
    pub text: Cow<'a, str>,
    /// The encoding's name in the Encoding Standard: `UTF-8`, `windows-1252`, `Shift_JIS`, `GBK`…
    pub encoding: &'static str,
    /// Which step decided it.
    pub source: EncodingSource,
    /// Whether some bytes could not be decoded and became U+FFFD.
    pub had_errors: bool,
}

/// Decodes a page's bytes as a browser would (see the module documentation for the steps).
/// `url` is where the page came from, if known: its top-level domain guides the detection.
///
/// ```
/// // windows-1252 bytes, labelled: "café".
/// let d = readmode::dom::decode_html(b"<meta charset=windows-1252><p>caf\xe9</p>", None);
/// assert_eq!(d.text, "<meta charset=windows-1252><p>caf\u{e9}</p>");
/// assert_eq!((d.encoding, d.source), ("windows-1252", readmode::dom::EncodingSource::Meta));
/// // A byte order mark wins over a wrong label, and is not part of the text.
/// let d = readmode::dom::decode_html(b"\xef\xbb\xbf<meta charset=koi8-r><p>caf\xc3\xa9</p>", None);
/// assert_eq!((d.text.as_ref(), d.encoding), ("<meta charset=koi8-r><p>caf\u{e9}</p>", "UTF-8"));
/// ```
pub fn decode_html<'a>(bytes: &'a [u8], url: Option<&str>) -> Decoded<'a> {
    let (encoding, source) = if let Some((bom, _)) = Encoding::for_bom(bytes) {
        (bom, EncodingSource::ByteOrderMark)
    } else if !bytes.is_ascii() && std::str::from_utf8(bytes).is_ok() {
        (UTF_8, EncodingSource::ValidUtf8)
    } else if let Some(meta) = prescan(&bytes[..bytes.len().min(PRESCAN_BYTES)]) {
        (meta, EncodingSource::Meta)
    } else {
        let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
        detector.feed(bytes, true);
        // A page file is read as a browser reads a `file:` URL, where UTF-8 may be detected.
        (detector.guess(url.and_then(top_level_domain).as_deref().map(str::as_bytes), Utf8Detection::Allow), EncodingSource::Detected)
    };
    // `decode` removes the byte order mark (and lets it override, which step 1 already did).
    let (text, encoding, had_errors) = encoding.decode(bytes);
    Decoded { text, encoding: encoding.name(), source, had_errors }
}

/// The top-level domain of a URL's host, lower-cased, as `chardetng` takes it (`None` for an IP
/// address, a host without a dot, or a label that is not ASCII).
fn top_level_domain(url: &str) -> Option<String> {
    let rest = &url[url.find("://")? + 3..];
    let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    let host = authority.rsplit('@').next()?;
    let host = host.split(':').next()?.trim_end_matches('.');
    let (_, tld) = host.rsplit_once('.')?;
    let ok = !tld.is_empty()
        && tld.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && tld.bytes().any(|b| b.is_ascii_alphabetic());
    ok.then(|| tld.to_ascii_lowercase())
}

/// The bytes the prescan treats as white space (no vertical tab, as in the standard).
fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

/// The HTML standard's "prescan a byte stream to determine its encoding" over `head`: the
/// encoding that the first `<meta>` with a usable charset declaration names, skipping comments
/// and other tags' attributes as a parser would, or `None` when there is none (or the prescan
/// runs off the end of `head` inside a tag).
fn prescan(head: &[u8]) -> Option<&'static Encoding> {
    let mut s = Scanner { bytes: head, at: 0 };
    while s.at < head.len() {
        let rest = &head[s.at..];
        if rest.starts_with(b"<!--") {
            // To the `>` of the first `-->`; its dashes may be those of `<!--` (`<!-->` ends it).
            s.at += 2 + find(&rest[2..], b"-->")? + 2;
        } else if rest.len() > 5 && rest[..5].eq_ignore_ascii_case(b"<meta") && (is_space(rest[5]) || rest[5] == b'/') {
            s.at += 5;
            if let Some(encoding) = s.meta()? {
                return Some(encoding);
            }
        } else if rest.len() >= 2
            && rest[0] == b'<'
            && (rest[1].is_ascii_alphabetic() || (rest[1] == b'/' && rest.get(2).is_some_and(u8::is_ascii_alphabetic)))
        {
            // Another tag: its attributes are skipped, so that `<div title="<meta charset=x>">`
            // declares nothing.
            while !is_space(s.byte()?) && s.byte()? != b'>' {
                s.at += 1;
            }
            while s.attribute()?.is_some() {}
        } else if rest.starts_with(b"<!") || rest.starts_with(b"</") || rest.starts_with(b"<?") {
            s.at += 1 + find(&rest[1..], b">")?;
        }
        s.at += 1;
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A position in the prescanned bytes. Each method returns `None` when it would read past the
/// end, which ends the prescan without an answer, as the standard says.
struct Scanner<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Scanner<'_> {
    fn byte(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    /// A `<meta` tag's attributes (the position just after `<meta`): `Some(Some(encoding))` when
    /// they declare a usable one, `Some(None)` when not.
    fn meta(&mut self) -> Option<Option<&'static Encoding>> {
        let mut seen: Vec<Vec<u8>> = Vec::new();
        let (mut got_pragma, mut need_pragma, mut charset) = (false, None, None);
        while let Some((name, value)) = self.attribute()? {
            if seen.contains(&name) {
                continue;
            }
            match name.as_slice() {
                b"http-equiv" => got_pragma |= value == b"content-type",
                b"content" if charset.is_none() => {
                    if let Some(e) = charset_in_content(&value) {
                        charset = Some(e);
                        need_pragma = Some(true);
                    }
                }
                b"charset" => {
                    charset = Encoding::for_label(&value);
                    need_pragma = Some(false);
                }
                _ => {}
            }
            seen.push(name);
        }
        let usable = match need_pragma {
            Some(need) => !need || got_pragma,
            None => false,
        };
        // A page cannot declare itself UTF-16 in bytes a UTF-16 page would not have; and
        // x-user-defined is no encoding to read text in.
        Some(charset.filter(|_| usable).map(|e| match e {
            e if e == UTF_16BE || e == UTF_16LE => UTF_8,
            e if e == X_USER_DEFINED => WINDOWS_1252,
            e => e,
        }))
    }

    /// The standard's "get an attribute": the next attribute's name and value, lower-cased, or
    /// `Some(None)` at the tag's `>`. The position is left on the byte after the attribute.
    fn attribute(&mut self) -> Option<Option<(Vec<u8>, Vec<u8>)>> {
        while is_space(self.byte()?) || self.byte()? == b'/' {
            self.at += 1;
        }
        if self.byte()? == b'>' {
            return Some(None);
        }
        let (mut name, mut value) = (Vec::new(), Vec::new());
        // The name: up to `=` (a name cannot be empty: `==x` is the name `=`), white space, `/`
        // or `>`.
        loop {
            let b = self.byte()?;
            if b == b'=' && !name.is_empty() {
                break;
            }
            if is_space(b) {
                while is_space(self.byte()?) {
                    self.at += 1;
                }
                if self.byte()? != b'=' {
                    return Some(Some((name, value)));
                }
                break;
            }
            if b == b'/' || b == b'>' {
                return Some(Some((name, value)));
            }
            name.push(b.to_ascii_lowercase());
            self.at += 1;
        }
        // Past the `=`, and the white space after it.
        self.at += 1;
        while is_space(self.byte()?) {
            self.at += 1;
        }
        let b = self.byte()?;
        if b == b'"' || b == b'\'' {
            loop {
                self.at += 1;
                let c = self.byte()?;
                if c == b {
                    self.at += 1;
                    return Some(Some((name, value)));
                }
                value.push(c.to_ascii_lowercase());
            }
        }
        if b == b'>' {
            return Some(Some((name, value)));
        }
        loop {
            let c = self.byte()?;
            if is_space(c) || c == b'>' {
                return Some(Some((name, value)));
            }
            value.push(c.to_ascii_lowercase());
            self.at += 1;
        }
    }
}

/// The standard's "extracting a character encoding from a meta element": the encoding named by
/// `charset=` in a lower-cased `content` value (`text/html; charset="koi8-r"`).
fn charset_in_content(content: &[u8]) -> Option<&'static Encoding> {
    let mut at = 0;
    loop {
        at += find(&content[at..], b"charset")? + b"charset".len();
        let rest = &content[at..];
        let after = rest.iter().position(|&b| !b.is_ascii_whitespace()).unwrap_or(rest.len());
        if rest.get(after) != Some(&b'=') {
            // `charsetx=…` or `charset;`: look for a later one.
            at += after;
            continue;
        }
        let value = &rest[after + 1..];
        let value = &value[value.iter().position(|&b| !b.is_ascii_whitespace()).unwrap_or(value.len())..];
        return match value.first() {
            Some(&q @ (b'"' | b'\'')) => {
                let end = value[1..].iter().position(|&b| b == q)?;
                Encoding::for_label(&value[1..1 + end])
            }
            _ => {
                let end = value.iter().position(|&b| b.is_ascii_whitespace() || b == b';').unwrap_or(value.len());
                Encoding::for_label(&value[..end])
            }
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(head: &str) -> Option<&'static str> {
        prescan(head.as_bytes()).map(Encoding::name)
    }

    #[test]
    fn the_prescan_finds_the_declaration_a_parser_would() {
        assert_eq!(meta("<!doctype html><html><head><meta charset=\"ISO-8859-2\">"), Some("ISO-8859-2"));
        assert_eq!(meta("<META CHARSET='koi8-r'/>"), Some("KOI8-R"));
        assert_eq!(meta("<meta http-equiv=Content-Type content=\"text/html; charset=Shift_JIS\">"), Some("Shift_JIS"));
        assert_eq!(meta("<meta content='text/html;charset = \"gb2312\"' http-equiv='content-type'>"), Some("GBK"));
        // Labels are the Encoding Standard's: latin1 and ascii are windows-1252.
        assert_eq!(meta("<meta charset=latin1>"), Some("windows-1252"));
        // Without http-equiv, a content charset declares nothing; a charset attribute needs none.
        assert_eq!(meta("<meta content=\"text/html; charset=koi8-r\"><meta charset=utf-8>"), Some("UTF-8"));
        // The first of two same-named attributes counts.
        assert_eq!(meta("<meta charset=koi8-r charset=gbk>"), Some("KOI8-R"));
        // UTF-16 declared in ASCII bytes is UTF-8; x-user-defined is windows-1252.
        assert_eq!(meta("<meta charset=utf-16le>"), Some("UTF-8"));
        assert_eq!(meta("<meta charset=x-user-defined>"), Some("windows-1252"));
        // An unknown label is skipped and a later declaration read.
        assert_eq!(meta("<meta charset=no-such-thing><meta charset=euc-kr>"), Some("EUC-KR"));
    }

    #[test]
    fn the_prescan_skips_comments_and_attribute_values() {
        assert_eq!(meta("<!-- <meta charset=koi8-r> --><meta charset=gbk>"), Some("GBK"));
        // `<!-->` is a whole comment, as IE's conditional comments write it.
        assert_eq!(meta("<!--[if !IE]><!--><meta charset=gbk><!--<![endif]-->"), Some("GBK"));
        assert_eq!(meta("<div title=\"<meta charset=koi8-r>\"><meta charset=big5>"), Some("Big5"));
        assert_eq!(meta("<metal charset=koi8-r><meta charset=euc-jp>"), Some("EUC-JP"));
        // Running off the end inside a tag, or a declaration past the first 1024 bytes: none.
        assert_eq!(meta("<meta charset=\"koi8-r"), None);
        assert_eq!(meta("<p>no declaration</p>"), None);
        let late = format!("<p>{}</p><meta charset=koi8-r>", "x".repeat(PRESCAN_BYTES));
        assert_eq!(decode_html(late.as_bytes(), None).source, EncodingSource::Detected);
    }

    #[test]
    fn valid_utf8_wins_over_a_stale_label_but_ascii_does_not() {
        let d = decode_html("<meta charset=iso-8859-1><p>café</p>".as_bytes(), None);
        assert_eq!((d.text.as_ref(), d.source), ("<meta charset=iso-8859-1><p>café</p>", EncodingSource::ValidUtf8));
        assert!(matches!(d.text, Cow::Borrowed(_)), "valid UTF-8 is not copied");
        let d = decode_html(b"<meta charset=koi8-r><p>plain</p>", None);
        assert_eq!((d.encoding, d.source), ("KOI8-R", EncodingSource::Meta));
    }

    #[test]
    fn a_mislabelled_page_reads_with_replacement_characters() {
        let d = decode_html(b"<meta charset=utf-8><p>caf\xe9 cr\xe8me</p>", None);
        assert_eq!((d.text.as_ref(), d.had_errors), ("<meta charset=utf-8><p>caf\u{fffd} cr\u{fffd}me</p>", true));
    }

    #[test]
    fn detection_is_told_the_top_level_domain() {
        assert_eq!(top_level_domain("https://user@News.Example.PL:8080/a?b"), Some("pl".into()));
        assert_eq!(top_level_domain("http://fakehost/test/page.html"), None);
        assert_eq!(top_level_domain("http://127.0.0.1/"), None);
        assert_eq!(top_level_domain("http://example.xn--p1ai/"), Some("xn--p1ai".into()));
        assert_eq!(top_level_domain("http://пример.рф/"), None);
        // Polish in ISO-8859-2 without a label: from a .pl site it reads as Polish; the same
        // bytes from a .de site read as Latin-1, the likelier encoding there.
        let (bytes, _, _) = encoding_rs::ISO_8859_2.encode("<p>Zażółć gęślą jaźń, powiedział świadek w sądzie.</p>");
        let d = decode_html(&bytes, Some("https://wiadomosci.example.pl/a"));
        assert_eq!((d.encoding, d.source), ("ISO-8859-2", EncodingSource::Detected));
        assert!(d.text.contains("Zażółć gęślą jaźń"), "{}", d.text);
        assert_eq!(decode_html(&bytes, Some("https://zeitung.example.de/a")).encoding, "windows-1252");
    }
}

//! Start tags with more attributes than html5ever's tokenizer reads in linear time.
//!
//! The tokenizer drops a repeated attribute name by comparing each new name with every one the
//! tag has so far: a tag of 100,000 attributes took 6 s, all of it in that comparison. So before
//! parsing, [`split`] finds the start tags with more than [`LIMIT`] attributes (none, on ordinary
//! pages: the scan then costs one pass and no copy) and gives the tokenizer only their first
//! [`LIMIT`], followed by a marker attribute naming where the rest went; the rest is tokenized on
//! its own, [`LIMIT`] at a time, so that every comparison the tokenizer makes is within a small
//! group. [`Spilled::restore`] puts them back when the element is created, dropping repeated names
//! as the tokenizer does (the first wins). The element ends up with the attributes it has in the
//! browser, in the same order.
//!
//! The scan reads markup as the tokenizer does in its data state, and skips comments and the
//! contents of elements whose text is raw (`<script>`, `<style>`, `<textarea>`, ...). Where it
//! could read differently from the tokenizer (a `<script>` holding `<!--<script>`), the parse
//! notices (a marker not met as an attribute) and the page is parsed again as it is.

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts};
use html5ever::tree_builder::Attribute;
use html5ever::LocalName;
use std::cell::{Cell, RefCell};

/// Attributes a start tag keeps in the tokenizer; the rest are spilled. Past what ordinary
/// elements carry (a few dozen at most), and small enough that the tokenizer's comparisons
/// within a tag stay a few per byte of the page.
pub(crate) const LIMIT: usize = 64;

/// Elements whose contents the tokenizer reads as text, not markup, when their start tag is read.
const RAW_TEXT: &[&str] = &["script", "style", "xmp", "iframe", "noembed", "noframes", "title", "textarea"];

/// The attributes taken out of a page, and how to find where they go.
pub(crate) struct Spilled {
    /// The marker attribute's name: not in the page, in any case.
    marker: String,
    /// Per spilled tag, its attributes past the first [`LIMIT`], in order.
    rest: Vec<RefCell<Vec<Attribute>>>,
    restored: Cell<usize>,
}

impl Spilled {
    /// The element's attributes with the spilled ones put back, if `attrs` ends with a marker.
    pub(crate) fn restore(&self, attrs: &mut Vec<Attribute>) {
        let Some(last) = attrs.last() else { return };
        if *last.name.local != *self.marker {
            return;
        }
        let Some(rest) = last.value.parse::<usize>().ok().and_then(|k| self.rest.get(k)) else { return };
        attrs.pop();
        let rest = std::mem::take(&mut *rest.borrow_mut());
        let mut seen: rustc_hash::FxHashSet<LocalName> = attrs.iter().map(|a| a.name.local.clone()).collect();
        attrs.extend(rest.into_iter().filter(|a| seen.insert(a.name.local.clone())));
        self.restored.set(self.restored.get() + 1);
    }

    /// Did every marker come back as an attribute? If not, the scan misread the page somewhere.
    pub(crate) fn all_restored(&self) -> bool {
        self.restored.get() == self.rest.len()
    }
}

/// The page with the attributes of its long start tags spilled, and those attributes; `None`
/// when it has no long start tag.
pub(crate) fn split(html: &str) -> Option<(String, Spilled)> {
    let long = long_tags(html);
    if long.is_empty() {
        return None;
    }
    let lower = html.to_ascii_lowercase();
    let marker = (0..).map(|i| format!("data-readmode-spilled-{i}")).find(|m| !lower.contains(m.as_str()))?;
    let mut out = String::with_capacity(html.len());
    let mut rest = Vec::with_capacity(long.len());
    let mut at = 0;
    for (k, tag) in long.iter().enumerate() {
        let cut = tag.starts[LIMIT];
        out.push_str(&html[at..cut]);
        out.push_str(&format!(" {marker}={k} "));
        at = tag.end;
        rest.push(RefCell::new(tokenize(&html[cut..tag.end], &tag.starts[LIMIT..], cut)));
    }
    out.push_str(&html[at..]);
    Some((out, Spilled { marker, rest, restored: Cell::new(0) }))
}

/// Tokenizes `text`, a run of attributes (each starting at `starts[i] - offset`), [`LIMIT`] at
/// a time, each group as the attributes of a tag of its own.
fn tokenize(text: &str, starts: &[usize], offset: usize) -> Vec<Attribute> {
    let mut groups = String::with_capacity(text.len() + starts.len() / LIMIT * 8 + 8);
    let bounds: Vec<usize> = starts.iter().step_by(LIMIT).map(|s| s - offset).chain([text.len()]).collect();
    for w in bounds.windows(2) {
        groups.push_str("<x ");
        groups.push_str(&text[w[0]..w[1]]);
        groups.push_str(" >");
    }
    start_tag_attributes(&groups)
}

/// The attributes of every start tag of `markup`, one after the other, as the tokenizer reads them.
fn start_tag_attributes(markup: &str) -> Vec<Attribute> {
    struct Collect(RefCell<Vec<Attribute>>);
    impl TokenSink for Collect {
        type Handle = ();
        fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
            if let Token::TagToken(tag) = token {
                if tag.kind == TagKind::StartTag {
                    self.0.borrow_mut().extend(tag.attrs);
                }
            }
            TokenSinkResult::Continue
        }
    }
    let tokenizer = Tokenizer::new(Collect(RefCell::new(Vec::new())), TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(markup));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.0.into_inner()
}

/// Where the first `</name` (in any case) followed by white space, `/` or `>` starts, from `from` on.
fn end_tag(html: &str, from: usize, name: &str) -> Option<usize> {
    let s = html.as_bytes();
    let mut at = from;
    loop {
        let e = at + html.get(at..)?.find("</")?;
        let after = e + 2 + name.len();
        if s.get(e + 2..after).is_some_and(|n| n.eq_ignore_ascii_case(name.as_bytes()))
            && s.get(after).is_none_or(|&b| is_space(b) || b == b'/' || b == b'>')
        {
            return Some(e);
        }
        at = e + 2;
    }
}

/// A start tag with more than [`LIMIT`] attributes: where each attribute starts, and where the
/// last one ends.
struct LongTag {
    starts: Vec<usize>,
    end: usize,
}

fn is_space(b: u8) -> bool {
    matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

/// The start tags of `html` with more than [`LIMIT`] attributes, in order.
fn long_tags(html: &str) -> Vec<LongTag> {
    let s = html.as_bytes();
    let find = |from: usize, what: &str| html.get(from..).and_then(|h| h.find(what)).map(|i| from + i);
    // A byte is looked for with memchr itself (a string pattern sets up a substring search every
    // time, once a tag: a twelfth of the time a page of 2,000,000 tiny elements took to read; and
    // `str::find` of a char costs some 90 instructions a call before its search: a ninth of the
    // time a page of 15 million `<?x>` took).
    let find_char = |from: usize, what: u8| s.get(from..).and_then(|h| memchr::memchr(what, h)).map(|i| from + i);
    let mut long = Vec::new();
    // Where each attribute of the current tag starts (one list, cleared from tag to tag).
    let mut starts = Vec::new();
    let mut i = 0;
    while let Some(lt) = find_char(i, b'<') {
        i = lt + 1;
        let rest = &s[lt..];
        if rest.starts_with(b"<!--") {
            match find(lt + 4, "-->") {
                Some(e) => i = e + 3,
                None => break,
            }
            continue;
        }
        if rest.starts_with(b"<!") || rest.starts_with(b"<?") {
            match find_char(lt + 2, b'>') {
                Some(e) => i = e + 1,
                None => break,
            }
            continue;
        }
        let closing = rest.starts_with(b"</");
        let name_at = lt + 1 + closing as usize;
        if !s.get(name_at).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let mut j = name_at;
        while j < s.len() && !is_space(s[j]) && s[j] != b'/' && s[j] != b'>' {
            j += 1;
        }
        let name = &html[name_at..j];
        // The attributes, read as the tokenizer reads them.
        starts.clear();
        let mut last_end = j;
        let closed = loop {
            while j < s.len() && (is_space(s[j]) || s[j] == b'/') {
                j += 1;
            }
            if j >= s.len() {
                break false;
            }
            if s[j] == b'>' {
                break true;
            }
            starts.push(j);
            j += 1; // A name's first character may be `=`.
            while j < s.len() && !is_space(s[j]) && !matches!(s[j], b'/' | b'>' | b'=') {
                j += 1;
            }
            last_end = j;
            let mut k = j;
            while k < s.len() && is_space(s[k]) {
                k += 1;
            }
            if k < s.len() && s[k] == b'=' {
                k += 1;
                while k < s.len() && is_space(s[k]) {
                    k += 1;
                }
                match s.get(k) {
                    Some(&q @ (b'"' | b'\'')) => match s[k + 1..].iter().position(|&b| b == q) {
                        Some(p) => k += p + 2,
                        None => break false,
                    },
                    Some(b'>') | None => {}
                    Some(_) => {
                        while k < s.len() && !is_space(s[k]) && s[k] != b'>' {
                            k += 1;
                        }
                    }
                }
                j = k;
                last_end = j;
            }
        };
        if !closed {
            break; // The tokenizer drops a tag cut off by the end of the page.
        }
        i = j + 1;
        if closing {
            continue;
        }
        if starts.len() > LIMIT {
            long.push(LongTag { starts: std::mem::take(&mut starts), end: last_end });
        }
        if name.eq_ignore_ascii_case("plaintext") {
            break;
        }
        if RAW_TEXT.iter().any(|t| name.eq_ignore_ascii_case(t)) {
            // Its text runs to its end tag.
            match end_tag(html, i, name) {
                Some(e) => i = e,
                None => break,
            }
        }
    }
    long
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_without_long_tags_are_left_alone() {
        let page = "<p class=a id=b>x</p><script>var a = '<p ' + 'a '.repeat(100) + '>';</script><!-- <p a b c> -->";
        assert!(split(page).is_none());
        let many: String = (0..200).map(|i| format!(" a{i}")).collect();
        // In a script or a comment, a long tag is text.
        assert!(split(&format!("<script><p{many}></script><!-- <p{many}> -->")).is_none());
    }

    #[test]
    fn long_tags_keep_the_first_attributes_and_spill_the_rest() {
        let many: String = (0..200).map(|i| format!(" a{}=\"v {i} >\"", i % 150)).collect();
        let page = format!("<p id=x{many} / >text</p>");
        let (html, s) = split(&page).unwrap();
        assert!(html.starts_with("<p id=x a0=\"v 0 >\""), "{}", &html[..40]);
        assert!(html.ends_with(" data-readmode-spilled-0=0  / >text</p>"));
        let mut attrs = start_tag_attributes(&html);
        assert_eq!(attrs.len(), LIMIT + 1);
        s.restore(&mut attrs);
        assert!(s.all_restored());
        // The tokenizer's own reading: the first of a repeated name wins.
        let whole = start_tag_attributes(&page);
        assert_eq!(attrs.len(), 151);
        assert!(attrs.iter().zip(&whole).all(|(a, b)| a.name == b.name && a.value == b.value));
    }
}

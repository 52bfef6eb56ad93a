//! The `srcset` micro-syntax, read as browsers read it (HTML's "parse a srcset attribute"): a
//! candidate's URL is the run of characters up to white space, so image CDNs' URLs that hold commas
//! (`/upload/w_300,c_fill/a.jpg 300w`) stay whole; its descriptors (`300w`, `2x`, `1.5x`) follow,
//! up to a comma outside parentheses. Descriptors are read character by character, never sliced at
//! a byte offset: a page's `2×` (a multiplication sign, not an `x`) is just a descriptor that does
//! not parse.

use super::decimal;

/// One image candidate: its URL as written, and its descriptors (`300w`, `2x`), space-separated.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Candidate<'a> {
    pub(crate) url: &'a str,
    pub(crate) descriptors: &'a str,
}

impl Candidate<'_> {
    /// Whether every descriptor is one a browser accepts: a number then `w`, `x` or `h`
    /// (`300w`, `1.5x`). A browser drops a candidate with any other, so the reader does too.
    pub(crate) fn valid(&self) -> bool {
        self.descriptors.split_ascii_whitespace().all(|d| {
            d.strip_suffix(['w', 'x', 'h']).is_some_and(|n| {
                !n.is_empty()
                    && n.bytes().all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
                    && decimal::finite_f64(n).is_some_and(|v| v >= 0.0)
            })
        })
    }

    /// The candidate's size, to compare candidates by: its width (`300w`) or density (`2x`);
    /// 1 when it has neither or they do not parse (a lone URL is `1x`).
    pub(crate) fn size(&self) -> f32 {
        self.descriptors
            .split_ascii_whitespace()
            .find_map(|d| {
                let number = d.strip_suffix(['w', 'x'])?;
                decimal::finite_f32(number)
            })
            .unwrap_or(1.0)
    }
}

/// The candidates of a `srcset`, in order.
pub(crate) fn candidates(srcset: &str) -> impl Iterator<Item = Candidate<'_>> {
    let mut rest = srcset;
    std::iter::from_fn(move || loop {
        // Splitting loop: white space and commas between candidates.
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == ',');
        if rest.is_empty() {
            return None;
        }
        let url_end = rest.find(|c: char| c.is_ascii_whitespace()).unwrap_or(rest.len());
        let (raw_url, after) = rest.split_at(url_end);
        let url = raw_url.trim_end_matches(',');
        if url.len() < raw_url.len() {
            // A URL ending in commas ends its candidate: no descriptors.
            rest = after;
        } else {
            // Descriptors run to a comma that is not inside parentheses (which do not nest: a
            // `)` ends them however many `(` came before, as in the browser's tokenizer).
            let mut in_parens = false;
            let end = after
                .char_indices()
                .find(|&(_, c)| {
                    match c {
                        '(' => in_parens = true,
                        ')' => in_parens = false,
                        ',' => return !in_parens,
                        _ => {}
                    }
                    false
                })
                .map_or(after.len(), |(i, _)| i);
            let descriptors = after[..end].trim_matches(|c: char| c.is_ascii_whitespace());
            rest = &after[end..];
            return Some(Candidate { url, descriptors });
        }
        if !url.is_empty() {
            return Some(Candidate { url, descriptors: "" });
        }
    })
}

/// The URL with the largest width or density descriptor (the first of equals).
pub(crate) fn largest(srcset: &str) -> Option<&str> {
    candidates(srcset)
        .map(|c| (c.url, c.size()))
        .fold(None, |best: Option<(&str, f32)>, c| match best {
            Some(b) if b.1 >= c.1 => Some(b),
            _ => Some(c),
        })
        .map(|(u, _)| u)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(s: &str) -> Vec<(&str, &str)> {
        candidates(s).map(|c| (c.url, c.descriptors)).collect()
    }

    #[test]
    fn reads_candidates_as_browsers_do() {
        assert_eq!(read("a.jpg 300w, b.jpg 1200w"), [("a.jpg", "300w"), ("b.jpg", "1200w")]);
        assert_eq!(read(" a.jpg, b.jpg 2x"), [("a.jpg", ""), ("b.jpg", "2x")]);
        assert_eq!(read("a.jpg,b.jpg 2x"), [("a.jpg,b.jpg", "2x")]);
        assert_eq!(read("/upload/w_300,c_fill/a.jpg 300w, /upload/w_900,c_fill/a.jpg 900w"), [
            ("/upload/w_300,c_fill/a.jpg", "300w"),
            ("/upload/w_900,c_fill/a.jpg", "900w")
        ]);
        assert_eq!(read("a.jpg 1x (b, c), d.jpg"), [("a.jpg", "1x (b, c)"), ("d.jpg", "")]);
        // Parentheses do not nest: the `)` after `a` ends them, and the comma ends the candidate.
        assert_eq!(read("a.jpg 1x ((a) , javascript:x 2x"), [("a.jpg", "1x ((a)"), ("javascript:x", "2x")]);
        let valid: Vec<bool> = candidates("a 300w, b 1.5x, c, d 2×, e 1x (b), f -1w, g 10h").map(|c| c.valid()).collect();
        assert_eq!(valid, [true, true, true, false, false, false, true]);
        assert_eq!(read(",,  , "), []);
        assert_eq!(largest("s.jpg 300w, l.jpg 1200w, m.jpg 600w"), Some("l.jpg"));
        assert_eq!(largest("a.jpg, b.jpg 2x"), Some("b.jpg"));
    }

    #[test]
    fn non_ascii_descriptors_do_not_panic() {
        // A multiplication sign for an `x`, and other characters of several bytes where a
        // descriptor's last letter is expected: read as no size at all.
        for s in ["a 2×", "a ×", "a 2x×", "a 1é, b 2x", "é", "a\u{a0}2x", "a 2\u{3000}x", "😀 😀, 😀"] {
            let all: Vec<_> = candidates(s).collect();
            assert!(!all.is_empty(), "{s}");
            let _ = largest(s);
        }
        assert_eq!(largest("a 2×"), Some("a"));
        assert_eq!(largest("a 2×, b 1.5x"), Some("b"));
    }
}

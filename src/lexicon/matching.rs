//! Reading names and text as words, and finding the lexicon's phrases in them.
//!
//! Class/id values are split on separators and camelCase (`mostPopular`, `most-popular`,
//! `most_popular` all give `most popular`); heading and button text is lower-cased with
//! punctuation folded to spaces. A phrase matches when its words occur consecutively.

use rustc_hash::FxHashMap;

/// Length of the hash CSS Modules append to a class name (`[file]_[local]__[hash:base64:5]`).
const CSS_MODULE_HASH_CHARS: std::ops::RangeInclusive<usize> = 5..=6;

/// A class name without its CSS Modules hash (`mdx-table_root__adKqa` is `mdx-table_root`): the
/// hash is random letters, and read as words it names things at random (`ad Kqa`). A hash mixes
/// cases or digits, which a BEM element (`card__title`) does not.
fn without_module_hash(token: &[u8]) -> &[u8] {
    // The last `__` (as `rsplit_once("__")` finds it).
    let split = (0..token.len().saturating_sub(1)).rev().find(|&i| token[i] == b'_' && token[i + 1] == b'_');
    match split.map(|i| (&token[..i], &token[i + 2..])) {
        Some((name, hash))
            if !name.is_empty()
                && CSS_MODULE_HASH_CHARS.contains(&hash.len())
                && hash.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_')
                && hash.iter().any(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) =>
        {
            name
        }
        _ => token,
    }
}

/// Splits a class/id/role value into lower-case words: separators and camelCase boundaries
/// (CSS Modules hashes dropped, see [`without_module_hash`]).
pub(crate) fn words_of_name(s: &str) -> String {
    // Byte by byte: only ASCII letters and digits are kept, and every other byte (the bytes of a
    // non-ASCII character among them) separates words alike.
    let mut out = Vec::with_capacity(s.len() + 8);
    // Whether the last byte written is a letter or digit (a separator follows only those), and
    // whether it is a lower-case one or a digit (a capital after it starts a word).
    let (mut in_word, mut prev_lower) = (false, false);
    let mut token = |t: &[u8]| {
        for &c in without_module_hash(t).iter().chain(b" ") {
            if c.is_ascii_alphanumeric() {
                if c.is_ascii_uppercase() && prev_lower {
                    out.push(b' ');
                }
                prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
                out.push(c.to_ascii_lowercase());
                in_word = true;
            } else {
                if in_word {
                    out.push(b' ');
                }
                (in_word, prev_lower) = (false, false);
            }
        }
    };
    if s.is_ascii() {
        // `split_whitespace` on ASCII text, without decoding characters.
        let space = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r');
        s.as_bytes().split(space).filter(|t| !t.is_empty()).for_each(&mut token);
    } else {
        s.split_whitespace().for_each(|t| token(t.as_bytes()));
    }
    // At most one separator ends the words.
    if out.last() == Some(&b' ') {
        out.pop();
    }
    String::from_utf8(out).unwrap_or_default()
}

/// Lower-cases text and folds punctuation to single spaces (for heading and button text).
pub(crate) fn words_of_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let separate = |out: &mut String| {
        if !out.ends_with(' ') && !out.is_empty() {
            out.push(' ');
        }
    };
    let mut rest = s;
    while let Some(&b) = rest.as_bytes().first() {
        // ASCII without decoding a character; anything else by its Unicode properties.
        if b.is_ascii() {
            if b.is_ascii_alphanumeric() {
                out.push(b.to_ascii_lowercase() as char);
            } else {
                separate(&mut out);
            }
            rest = &rest[1..];
            continue;
        }
        let c = rest.chars().next().unwrap_or_default();
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else {
            separate(&mut out);
        }
        rest = &rest[c.len_utf8()..];
    }
    // The words end in at most one separator (a lower-case letter or digit is no whitespace).
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// True when `phrase` (space-separated words) occurs as consecutive whole words in `words`.
/// Compared at each word start only: this runs for every table entry on every class name.
pub(crate) fn has_phrase(words: &str, phrase: &str) -> bool {
    let (w, p) = (words.as_bytes(), phrase.as_bytes());
    if p.is_empty() || p.len() > w.len() {
        return false;
    }
    let mut i = 0;
    loop {
        if w[i..].starts_with(p) && (i + p.len() == w.len() || w[i + p.len()] == b' ') {
            return true;
        }
        match w[i..].iter().position(|&b| b == b' ') {
            Some(k) => i += k + 1,
            None => return false,
        }
        if i + p.len() > w.len() {
            return false;
        }
    }
}

/// The first table entry whose phrase occurs in `words`.
/// Each table is indexed by first word once per thread (see [`PhraseIndex`]); an empty phrase
/// never occurs, as with [`has_phrase`].
pub(crate) fn find_phrase<T: Copy>(words: &str, table: &'static [(&'static str, T)]) -> Option<(&'static str, T)> {
    // A few tables use this: a list looked through beats a hash map here.
    type Indexes = std::cell::RefCell<Vec<((usize, usize), std::rc::Rc<PhraseIndex>)>>;
    thread_local! {
        static INDEXES: Indexes = Default::default();
    }
    let key = (table.as_ptr() as usize, table.len());
    let index = INDEXES.with(|indexes| {
        let mut indexes = indexes.borrow_mut();
        if let Some((_, index)) = indexes.iter().find(|(k, _)| *k == key) {
            return index.clone();
        }
        let index = std::rc::Rc::new(PhraseIndex::new(table.iter().map(|e| e.0)));
        indexes.push((key, index.clone()));
        index
    });
    index.find(words, |k| !table[k].0.is_empty()).map(|k| table[k])
}

/// A list of lower-case ASCII substrings to look for in class and id values, ASCII case ignored
/// (Readability's name patterns). One pass over the value's bytes; at each byte only the
/// substrings starting with it are compared.
pub(crate) struct SubstringSet {
    by_first_byte: Vec<Vec<(u8, &'static [u8])>>,
    /// Whether any entry starts with the byte (either case): most bytes of a value start none.
    starts: [bool; 256],
}

impl SubstringSet {
    pub(crate) fn new(list: &[&'static str]) -> Self {
        assert!(list.len() <= 64, "a substring set holds at most 64 entries");
        let mut by_first_byte = vec![Vec::new(); 256];
        for (k, p) in list.iter().enumerate() {
            assert!(!p.is_empty() && p.bytes().all(|b| !b.is_ascii_uppercase()), "substrings are lower-case: {p:?}");
            by_first_byte[p.as_bytes()[0] as usize].push((k as u8, p.as_bytes()));
        }
        let mut starts = [false; 256];
        for b in 0..=255u8 {
            starts[b as usize] = !by_first_byte[b.to_ascii_lowercase() as usize].is_empty();
        }
        SubstringSet { by_first_byte, starts }
    }

    /// Which entries occur in `value`, as a bit set (bit `k` for entry `k`).
    pub(crate) fn found(&self, value: &str) -> u64 {
        let v = value.as_bytes();
        let mut seen = 0u64;
        for i in (0..v.len()).filter(|&i| self.starts[v[i] as usize]) {
            for &(k, p) in &self.by_first_byte[v[i].to_ascii_lowercase() as usize] {
                if v.len() - i >= p.len() && v[i..i + p.len()].eq_ignore_ascii_case(p) {
                    seen |= 1 << k;
                }
            }
        }
        seen
    }

    /// Whether any entry occurs in `value` (stops at the first).
    pub(crate) fn any(&self, value: &str) -> bool {
        let v = value.as_bytes();
        (0..v.len()).any(|i| {
            self.starts[v[i] as usize]
                && self.by_first_byte[v[i].to_ascii_lowercase() as usize]
                .iter()
                .any(|&(_, p)| v.len() - i >= p.len() && v[i..i + p.len()].eq_ignore_ascii_case(p))
        })
    }

    pub(crate) fn count(&self, value: &str) -> u32 {
        self.found(value).count_ones()
    }
}

/// A phrase table indexed by each phrase's first word, for lookups that run on every element or
/// block of a page: only the entries whose first word occurs are compared.
pub(crate) struct PhraseIndex {
    phrases: Vec<&'static str>,
    by_first: FxHashMap<&'static str, Vec<usize>>,
}

impl PhraseIndex {
    pub(crate) fn new(phrases: impl IntoIterator<Item = &'static str>) -> Self {
        let phrases: Vec<&'static str> = phrases.into_iter().collect();
        let mut by_first: FxHashMap<&'static str, Vec<usize>> = FxHashMap::default();
        for (k, p) in phrases.iter().enumerate() {
            by_first.entry(p.split(' ').next().unwrap_or("")).or_default().push(k);
        }
        PhraseIndex { phrases, by_first }
    }

    /// The first entry (in table order) whose phrase occurs in `words` and that `accept` takes;
    /// the same answer as trying every entry in order with [`has_phrase`].
    pub(crate) fn find(&self, words: &str, accept: impl Fn(usize) -> bool) -> Option<usize> {
        let mut best: Option<usize> = None;
        let mut start = 0;
        for word in split_spaces(words) {
            if let Some(entries) = self.by_first.get(word) {
                for &k in entries.iter().take_while(|&&k| best.is_none_or(|b| k < b)) {
                    if phrase_at(words, start, self.phrases[k]) && accept(k) {
                        best = Some(k);
                        break;
                    }
                }
            }
            start += word.len() + 1;
        }
        best
    }
}

/// `s.split(' ')`, comparing bytes (words are short: a plain loop beats a searcher).
pub(crate) fn split_spaces(s: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(s);
    std::iter::from_fn(move || {
        let r = rest?;
        match r.as_bytes().iter().position(|&b| b == b' ') {
            Some(k) => {
                rest = Some(&r[k + 1..]);
                Some(&r[..k])
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}

/// `phrase` occurs as whole words in `words` from byte `start` (a word start).
fn phrase_at(words: &str, start: usize, phrase: &str) -> bool {
    let rest = &words.as_bytes()[start..];
    rest.starts_with(phrase.as_bytes()) && (rest.len() == phrase.len() || rest[phrase.len()] == b' ')
}

/// Does `hay` hold `needle`, ASCII letters compared without case (no copy)?
pub(crate) fn contains_ignore_ascii_case(hay: &str, needle: &str) -> bool {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    let Some((&first, rest)) = n.split_first() else { return h.windows(0).next().is_some() };
    if h.len() < n.len() {
        return false;
    }
    // Only the windows that start with the needle's first letter are compared.
    let (lower, upper) = (first.to_ascii_lowercase(), first.to_ascii_uppercase());
    (0..=h.len() - n.len()).any(|i| (h[i] == lower || h[i] == upper) && h[i + 1..i + n.len()].eq_ignore_ascii_case(rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split_into_words() {
        assert_eq!(words_of_name("mostPopular"), "most popular");
        assert_eq!(words_of_name("article__share-bar  c-ad_slot"), "article share bar c ad slot");
        assert!(has_phrase("most popular list", "popular"));
        assert!(!has_phrase("header", "ad"));
        assert!(has_phrase("c ad slot", "ad slot"));
        assert_eq!(words_of_text("Most Popular!"), "most popular");
    }

    #[test]
    fn byte_readers_read_as_the_char_readers_did() {
        // The character-by-character forms these functions had, for reference.
        let name_ref = |s: &str| {
            let mut out = String::new();
            let mut prev_lower = false;
            let hashless = |t: &'static str| match t.rsplit_once("__") {
                Some((n, h)) if !n.is_empty() && CSS_MODULE_HASH_CHARS.contains(&h.len())
                    && h.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
                    && h.bytes().any(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) => n,
                _ => t,
            };
            let s: &'static str = Box::leak(s.to_string().into_boxed_str());
            for c in s.split_whitespace().flat_map(|t| hashless(t).chars().chain(std::iter::once(' '))) {
                if c.is_ascii_alphanumeric() {
                    if c.is_ascii_uppercase() && prev_lower {
                        out.push(' ');
                    }
                    prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
                    out.push(c.to_ascii_lowercase());
                } else {
                    if !out.ends_with(' ') && !out.is_empty() {
                        out.push(' ');
                    }
                    prev_lower = false;
                }
            }
            out.trim_end().to_string()
        };
        let text_ref = |s: &str| {
            let mut out = String::new();
            for c in s.chars() {
                if c.is_alphanumeric() {
                    out.extend(c.to_lowercase());
                } else if !out.ends_with(' ') && !out.is_empty() {
                    out.push(' ');
                }
            }
            out.trim_end().to_string()
        };
        for s in [
            "", " ", "a", "mostPopular  Nav", "x__adKqa y___AbC12 __abcDE a__", "caf\u{e9}\u{a0}Men\u{fc} \u{2003}tab\tline\x0bvt",
            "\u{130}STANBUL \u{3a3}\u{3a3} 12,5%  \u{1f600}!", "Read\u{2019}s -- \u{4e2d}\u{6587} end. ", "\x0c\rTitle\n",
        ] {
            assert_eq!(words_of_name(s), name_ref(s), "{s:?}");
            assert_eq!(words_of_text(s), text_ref(s), "{s:?}");
            assert_eq!(split_spaces(s).collect::<Vec<_>>(), s.split(' ').collect::<Vec<_>>(), "{s:?}");
        }
    }

    #[test]
    fn css_module_hashes_are_not_words() {
        assert_eq!(words_of_name("mdx-table_root__adKqa mdx-wide"), "mdx table root mdx wide");
        assert_eq!(words_of_name("text_root__r0DFB"), "text root");
        assert_eq!(words_of_name("card__title"), "card title", "a BEM element is a word");
    }

    #[test]
    fn substring_sets_find_what_contains_finds() {
        let set = SubstringSet::new(&["ad", "-ad-", "comment", "nav"]);
        for v in ["top-ad-slot", "Comments", "canvas", "x", "", "NAVBAR comment"] {
            let low = v.to_ascii_lowercase();
            let want = ["ad", "-ad-", "comment", "nav"].iter().filter(|p| low.contains(*p)).count() as u32;
            assert_eq!(set.count(v), want, "{v:?}");
            assert_eq!(set.any(v), want > 0, "{v:?}");
            assert_eq!(["ad", "-ad-", "comment", "nav"].iter().any(|p| contains_ignore_ascii_case(v, p)), want > 0, "{v:?}");
        }
    }
}

//! Tag and attribute names: lower-case, and the common ones shared static strings.

use std::borrow::Cow;

/// A lower-case tag or attribute name. The names pages use most are shared static strings, so
/// reading a page allocates for its text and attribute values, not for every `div` and `class`.
pub type Name = Cow<'static, str>;

/// Tag and attribute names kept as static strings (sorted, so a new one finds its place).
const COMMON_NAMES: &[&str] = &[
    "a", "abbr", "alt", "aria-describedby", "aria-expanded", "aria-hidden", "aria-label", "aria-labelledby", "article",
    "aside", "b", "blockquote", "body", "br", "button", "caption", "charset", "cite", "class", "code", "content",
    "data-id", "data-src", "data-srcset", "datetime", "dd", "decoding", "dir", "div", "dl", "dt", "em", "fetchpriority",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "height", "hidden",
    "hr", "href", "html", "i", "id", "iframe", "img", "input", "itemprop", "itemscope", "itemtype", "label", "lang", "li",
    "link", "loading", "main", "media", "meta", "name", "nav", "noscript", "ol", "option", "p", "path", "picture", "pre",
    "property", "rel", "role", "script", "section", "select", "sizes", "small", "source", "span", "src", "srcset",
    "strong", "style", "sup", "svg", "tabindex", "table", "target", "tbody", "td", "template", "th", "thead", "time",
    "title", "tr", "type", "u", "ul", "use", "value", "video", "viewbox", "width", "xmlns",
];

/// The lower-case [`Name`] of a tag or attribute.
pub fn name(raw: &str) -> Name {
    let lower;
    let key = if raw.bytes().any(|b| b.is_ascii_uppercase()) {
        lower = raw.to_ascii_lowercase();
        lower.as_str()
    } else {
        raw
    };
    thread_local! {
        static COMMON: rustc_hash::FxHashSet<&'static str> = COMMON_NAMES.iter().copied().collect();
    }
    match COMMON.with(|common| common.get(key).copied()) {
        Some(known) => Cow::Borrowed(known),
        None => Cow::Owned(key.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn common_names_are_sorted_and_shared() {
        assert!(COMMON_NAMES.windows(2).all(|w| w[0] < w[1]), "COMMON_NAMES must stay sorted");
        assert!(matches!(name("DIV"), Cow::Borrowed("div")));
        assert!(matches!(name("x-widget"), Cow::Owned(ref s) if s == "x-widget"));
    }
}

//! URL resolution without a URL crate: enough of RFC 3986 to make a page's links and images
//! absolute, against the page's base URL as browsers find it (the first `<base href>`), and a
//! scheme check that lets only web links and images through: no `javascript:`, `vbscript:`,
//! `file:` from a web page, or non-image `data:`; `http:` media on an `https:` page upgraded as
//! browsers upgrade it.

use crate::dom::Document;

/// An absolute base URL, split into the parts relative references are resolved against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BaseUrl {
    /// Lower-case scheme without the colon: `https`.
    scheme: String,
    /// `//user@host:port`, empty for schemes without an authority (`file:` may have an empty one).
    authority: String,
    /// The path, always starting with `/` when there is an authority.
    path: String,
    /// `?query`, or empty.
    query: String,
    /// What the page itself is (its own URL's scheme, whatever its `<base>` says): it decides
    /// which schemes its links and media may have.
    page: PageScheme,
}

/// The scheme of the page's own URL, as far as the scheme check cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PageScheme {
    /// An `https:` page: its `http:` images, video and audio load upgraded to `https:` (browsers'
    /// mixed-content autoupgrade), so the reader shows them upgraded too.
    Secure,
    /// An `http:` page, or a page whose URL is unknown.
    Web,
    /// A `file:` page (a page saved to disk): its `file:` links and images are its own, and a
    /// browser loads them from there; from any other page it refuses them.
    File,
}

/// Schemes a base URL may have.
const BASE_SCHEMES: &[&str] = &["http", "https", "file"];
/// Schemes a link in the reader view may point to. Not `tel:` or `ftp:`: an article links to web
/// pages and mail addresses; a phone number is read as text, and browsers no longer open `ftp:`.
/// `file:` only from a `file:` page (see [`PageScheme::File`]).
const LINK_SCHEMES: &[&str] = &["http", "https", "mailto"];
/// Image types a `data:` image source may have (no SVG: it can carry script).
const DATA_IMAGE_TYPES: &[&str] = &["image/png", "image/jpeg", "image/jpg", "image/gif", "image/webp", "image/avif"];

/// Browsers drop tabs and newlines anywhere in a URL and trim C0 controls and spaces at its ends;
/// `java\tscript:` is `javascript:`. Do the same before looking at the scheme.
fn clean(raw: &str) -> String {
    let t = raw.trim_matches(|c: char| c <= ' ');
    if !t.bytes().any(|b| matches!(b, b'\t' | b'\n' | b'\r')) {
        // Most URLs (and long `data:` images) have none to drop: one copy.
        return t.to_string();
    }
    t.chars().filter(|&c| c != '\t' && c != '\n' && c != '\r').collect()
}

/// The scheme of an absolute URL, lower-cased, or `None` for a relative reference.
fn scheme_of(url: &str) -> Option<String> {
    let colon = url.find(':')?;
    let s = &url[..colon];
    let mut chars = s.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic() && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
        .then(|| s.to_ascii_lowercase())
}

impl BaseUrl {
    /// Parses an absolute http, https or file URL.
    pub(crate) fn parse(raw: &str) -> Option<BaseUrl> {
        let url = clean(raw);
        let scheme = scheme_of(&url)?;
        if !BASE_SCHEMES.contains(&scheme.as_str()) {
            return None;
        }
        let rest = &url[scheme.len() + 1..];
        let rest = rest.split('#').next().unwrap_or("");
        let (authority, after) = match rest.strip_prefix("//") {
            Some(r) => {
                let end = r.find(['/', '?']).unwrap_or(r.len());
                (format!("//{}", r[..end].to_ascii_lowercase()), &r[end..])
            }
            None if scheme == "file" => (String::from("//"), rest),
            None => return None,
        };
        if authority.len() <= 2 && scheme != "file" {
            return None;
        }
        let (path, query) = match after.find('?') {
            Some(q) => (&after[..q], &after[q..]),
            None => (after, ""),
        };
        let path = if path.is_empty() { "/".to_string() } else { remove_dot_segments(path) };
        let page = match scheme.as_str() {
            "https" => PageScheme::Secure,
            "file" => PageScheme::File,
            _ => PageScheme::Web,
        };
        Some(BaseUrl { scheme, authority, path, query: query.to_string(), page })
    }

    /// The base URL a `<base href>` sets, resolved against this (the page's) URL; `None` when it
    /// is not an http, https or file URL (browsers ignore a `javascript:` or `data:` base too).
    /// The page stays what it is: a `<base>` moves where references point, not where the page is.
    fn with_base_href(&self, href: &str) -> Option<BaseUrl> {
        Some(BaseUrl { page: self.page, ..BaseUrl::parse(&self.resolve(href))? })
    }

    fn origin(&self) -> String {
        format!("{}:{}", self.scheme, self.authority)
    }

    /// Resolves a reference (absolute, `//host`, `/path`, `path`, `?q`, `#f`) against this base.
    pub(crate) fn resolve(&self, reference: &str) -> String {
        let r = clean(reference);
        if scheme_of(&r).is_some() {
            return r;
        }
        if let Some(rest) = r.strip_prefix("//") {
            return format!("{}://{}", self.scheme, rest);
        }
        if r.is_empty() {
            return format!("{}{}{}", self.origin(), self.path, self.query);
        }
        if r.starts_with('#') {
            return format!("{}{}{}{}", self.origin(), self.path, self.query, r);
        }
        if r.starts_with('?') {
            return format!("{}{}{}", self.origin(), self.path, r);
        }
        let (path_part, tail) = match r.find(['?', '#']) {
            Some(i) => (&r[..i], &r[i..]),
            None => (&r[..], ""),
        };
        let path = if path_part.starts_with('/') {
            remove_dot_segments(path_part)
        } else {
            let dir = &self.path[..self.path.rfind('/').map_or(0, |i| i + 1)];
            remove_dot_segments(&format!("{dir}{path_part}"))
        };
        let path = if path.starts_with('/') { path } else { format!("/{path}") };
        format!("{}{}{}", self.origin(), path, tail)
    }
}

/// RFC 3986 section 5.2.4.
fn remove_dot_segments(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').collect();
    let last = segments.len() - 1;
    for (i, seg) in segments.iter().enumerate() {
        match *seg {
            "." => {
                if i == last {
                    out.push("");
                }
            }
            ".." => {
                if out.len() > 1 {
                    out.pop();
                }
                if i == last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    let joined = out.join("/");
    if path.starts_with('/') && !joined.starts_with('/') {
        format!("/{joined}")
    } else {
        joined
    }
}

/// What a URL will be used for: it decides which schemes are safe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UrlUse {
    Link,
    Media,
}

/// The base URL a page's relative references resolve against, found as browsers find it: the
/// first `<base>` element with an `href` in tree order, resolved against the page's own URL; the
/// page's URL when there is none, or when it resolves to no http, https or file URL. With no page
/// URL, an absolute `<base href>` is still the base (a relative one has nothing to resolve
/// against). A `<base>` inside `<noscript>` does not count: the live page, which runs scripts,
/// reads the noscript's content as text (front ends read it with scripting off, as elements);
/// nor does one inside `<math>`, which is no HTML `<base>`.
pub(crate) fn document_base(doc: &Document, page: Option<BaseUrl>) -> Option<BaseUrl> {
    let href = doc
        .ids()
        .filter_map(|id| doc.element(id).filter(|e| e.is("base")).and_then(|e| e.attr("href")).map(|h| (id, h)))
        .find(|&(id, _)| !doc.ancestors(id).any(|a| matches!(doc.tag(a), "noscript" | "math")))
        .map(|(_, h)| h);
    let Some(href) = href else { return page };
    match &page {
        Some(p) => p.with_base_href(href).or(page),
        // Unknown page: an absolute http(s) base is all there is to go by (its page is not known
        // to be secure or a file).
        None => BaseUrl::parse(href).filter(|b| b.scheme != "file").map(|b| BaseUrl { page: PageScheme::Web, ..b }),
    }
}

/// Resolves `raw` against the base (when there is one) and returns it only if its scheme is safe
/// for `use_`: links may be http(s) or mailto; media http(s) or a raster `data:image`, and an
/// `http:` one is upgraded to `https:` on an `https:` page; `file:` either only on a `file:`
/// page. Relative references with no base stay relative.
pub(crate) fn safe_url(raw: &str, base: Option<&BaseUrl>, use_: UrlUse) -> Option<String> {
    let r = clean(raw);
    if r.is_empty() {
        return None;
    }
    let resolved = match (scheme_of(&r), base) {
        (Some(_), _) => r,
        (None, Some(b)) => b.resolve(&r),
        (None, None) => return (!r.starts_with("//")).then_some(r),
    };
    let scheme = scheme_of(&resolved)?;
    let page = base.map_or(PageScheme::Web, |b| b.page);
    if scheme == "file" {
        return (page == PageScheme::File).then_some(resolved);
    }
    let ok = match use_ {
        UrlUse::Link => LINK_SCHEMES.contains(&scheme.as_str()),
        UrlUse::Media => {
            matches!(scheme.as_str(), "http" | "https")
                || (scheme == "data" && {
                    let mime = resolved[5..].split([';', ',']).next().unwrap_or("").trim().to_ascii_lowercase();
                    DATA_IMAGE_TYPES.contains(&mime.as_str())
                })
        }
    };
    if !ok {
        return None;
    }
    if use_ == UrlUse::Media && page == PageScheme::Secure && scheme == "http" {
        // Mixed-content autoupgrade: the browser fetches an https: page's http: image as https:.
        return Some(format!("https{}", &resolved[4..]));
    }
    Some(resolved)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_references() {
        let b = BaseUrl::parse("https://Example.com/a/b/c.html?x=1#top").unwrap();
        assert_eq!(b.resolve("d.png"), "https://example.com/a/b/d.png");
        assert_eq!(b.resolve("../d.png"), "https://example.com/a/d.png");
        assert_eq!(b.resolve("../../../d.png"), "https://example.com/d.png");
        assert_eq!(b.resolve("/d.png"), "https://example.com/d.png");
        assert_eq!(b.resolve("//cdn.example.net/i.jpg"), "https://cdn.example.net/i.jpg");
        assert_eq!(b.resolve("?y=2"), "https://example.com/a/b/c.html?y=2");
        assert_eq!(b.resolve("#s"), "https://example.com/a/b/c.html?x=1#s");
        assert_eq!(b.resolve("./e/./f?z#g"), "https://example.com/a/b/e/f?z#g");
        assert_eq!(b.resolve("http://other.org/x"), "http://other.org/x");
        assert_eq!(BaseUrl::parse("http://h").unwrap().resolve("x"), "http://h/x");
        assert_eq!(BaseUrl::parse("file:///tmp/p.html").unwrap().resolve("i.png"), "file:///tmp/i.png");
    }

    #[test]
    fn refuses_bad_bases() {
        for u in ["about:blank", "javascript:alert(1)", "example.com/x", "http://", "data:text/html,x"] {
            assert!(BaseUrl::parse(u).is_none(), "{u}");
        }
    }

    #[test]
    fn refuses_unsafe_schemes() {
        let b = BaseUrl::parse("https://e.com/").unwrap();
        for u in ["javascript:alert(1)", " JaVa\tScRiPt:alert(1)", "java\nscript:x", "vbscript:x", "data:text/html,<script>"] {
            assert_eq!(safe_url(u, Some(&b), UrlUse::Link), None, "{u}");
            assert_eq!(safe_url(u, Some(&b), UrlUse::Media), None, "{u}");
        }
        assert_eq!(safe_url("data:image/svg+xml,<svg onload=x>", Some(&b), UrlUse::Media), None);
        assert!(safe_url("data:image/png;base64,AAAA", Some(&b), UrlUse::Media).is_some());
        assert_eq!(safe_url("mailto:a@b.c", Some(&b), UrlUse::Link).as_deref(), Some("mailto:a@b.c"));
        for u in ["tel:+1555", "ftp://f.example/", "file:///etc/passwd", "FILE:///x"] {
            assert_eq!(safe_url(u, Some(&b), UrlUse::Link), None, "{u}");
            assert_eq!(safe_url(u, None, UrlUse::Media), None, "{u}");
        }
    }

    #[test]
    fn media_upgraded_on_secure_pages_and_files_only_from_files() {
        let secure = BaseUrl::parse("https://e.com/a/").unwrap();
        assert_eq!(safe_url("HTTP://cdn.e.com/i.jpg", Some(&secure), UrlUse::Media).as_deref(), Some("https://cdn.e.com/i.jpg"));
        assert_eq!(safe_url("http://e.com/x", Some(&secure), UrlUse::Link).as_deref(), Some("http://e.com/x"));
        let plain = BaseUrl::parse("http://e.com/a/").unwrap();
        assert_eq!(safe_url("http://cdn.e.com/i.jpg", Some(&plain), UrlUse::Media).as_deref(), Some("http://cdn.e.com/i.jpg"));
        let file = BaseUrl::parse("file:///pages/p.html").unwrap();
        assert_eq!(safe_url("i.png", Some(&file), UrlUse::Media).as_deref(), Some("file:///pages/i.png"));
        assert_eq!(safe_url("i.png", Some(&secure.with_base_href("file:///pages/").unwrap()), UrlUse::Media), None);
        // A base moves where references point, not what the page is.
        let moved = secure.with_base_href("http://other.e.com/b/").unwrap();
        assert_eq!(safe_url("i.jpg", Some(&moved), UrlUse::Media).as_deref(), Some("https://other.e.com/b/i.jpg"));
        assert!(secure.with_base_href("javascript:alert(1)").is_none() && secure.with_base_href("data:,x").is_none());
    }
}

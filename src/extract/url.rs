//! URL resolution without a URL crate: enough of RFC 3986 to make a page's links and images
//! absolute, and a scheme check that keeps `javascript:`, `vbscript:` and non-image `data:` out.

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
}

/// Schemes a base URL may have.
const BASE_SCHEMES: &[&str] = &["http", "https", "file"];
/// Schemes a link in the reader view may point to.
const LINK_SCHEMES: &[&str] = &["http", "https", "mailto", "tel", "ftp", "file"];
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
        Some(BaseUrl { scheme, authority, path, query: query.to_string() })
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

/// Resolves `raw` against the base (when there is one) and returns it only if its scheme is safe
/// for `use_`: links may be http(s), mailto, tel, ftp, file; media http(s), file or a raster
/// `data:image`. Relative references with no base stay relative.
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
    let ok = match use_ {
        UrlUse::Link => LINK_SCHEMES.contains(&scheme.as_str()),
        UrlUse::Media => {
            matches!(scheme.as_str(), "http" | "https" | "file")
                || (scheme == "data" && {
                    let mime = resolved[5..].split([';', ',']).next().unwrap_or("").trim().to_ascii_lowercase();
                    DATA_IMAGE_TYPES.contains(&mime.as_str())
                })
        }
    };
    ok.then_some(resolved)
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
    }
}

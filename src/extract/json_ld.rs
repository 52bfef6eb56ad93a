//! Reading JSON-LD blocks with `serde_json`, lenient where pages are sloppy: a block that is not
//! valid JSON is mended once and read again. Pages leave trailing commas (`[1, 2,]`), raw line
//! breaks and tabs inside strings, escapes JSON does not have (`\'`, `\x`), lone UTF-16
//! surrogates, and a stray semicolon after the block; browsers' `JSON.parse` refuses all of
//! these, but Readability's and our readers want the article's metadata anyway.

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// A JSON value as the metadata reader reads it: strings, arrays and objects (in source order;
/// of a key given twice, the first counts); numbers, booleans and null are all `Other`.
/// Smaller than `serde_json::Value` in the wasm, which needs no number or map machinery for this.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    String(String),
    Array(Vec<Value>),
    Object(Vec<(String, Value)>),
    Other,
}

impl Value {
    /// The value of `key` in an object.
    pub(crate) fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }
}

/// The JSON value of a JSON-LD block, mended if it must be; `None` when even the mended text is
/// not JSON.
pub(crate) fn parse(text: &str) -> Option<Value> {
    serde_json::from_str(text).ok().or_else(|| serde_json::from_str(&mend(text)).ok())
}

/// The value itself, or each item when it is an array (JSON-LD writes one or many alike).
pub(crate) fn items(v: &Value) -> impl Iterator<Item = &Value> {
    match v {
        Value::Array(a) => a.iter(),
        v => std::slice::from_ref(v).iter(),
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Value, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, _: bool) -> Result<Value, E> {
        Ok(Value::Other)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Value, E> {
        Ok(Value::Other)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Value, E> {
        Ok(Value::Other)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Value, E> {
        Ok(Value::Other)
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Other)
    }
    fn visit_str<E>(self, s: &str) -> Result<Value, E> {
        Ok(Value::String(s.to_string()))
    }
    fn visit_string<E>(self, s: String) -> Result<Value, E> {
        Ok(Value::String(s))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(v) = seq.next_element()? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry::<String, Value>()? {
            entries.push(entry);
        }
        Ok(Value::Object(entries))
    }
}

/// `text` with the sloppiness the module names fixed: control characters in strings escaped, an
/// unknown escape read as the character escaped, a lone surrogate as U+FFFD, commas before a
/// closing bracket dropped, and a semicolon at the end dropped. Byte by byte: every character it
/// looks at is ASCII, and the others are copied as they are.
fn mend(text: &str) -> String {
    let text = text.trim_end();
    let b = text.strip_suffix(';').unwrap_or(text).as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(b.len() + 16);
    let (mut i, mut in_string) = (0, false);
    while i < b.len() {
        let c = b[i];
        i += 1;
        if !in_string {
            if matches!(c, b']' | b'}') {
                // A comma (and the white space after it) before the closing bracket goes.
                let kept = out.iter().rposition(|w| !w.is_ascii_whitespace()).map_or(0, |k| k + 1);
                if kept > 0 && out[kept - 1] == b',' {
                    out.truncate(kept - 1);
                }
            }
            in_string = c == b'"';
            out.push(c);
            continue;
        }
        match c {
            b'"' => in_string = false,
            b'\\' => {
                let hex = b.get(i + 1..i + 5).filter(|h| b.get(i) == Some(&b'u') && h.iter().all(u8::is_ascii_hexdigit));
                match (b.get(i), hex) {
                    (Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't'), _) => out.extend_from_slice(&b[i - 1..i + 1]),
                    (Some(b'u'), Some(h)) => {
                        let code = h.iter().fold(0u32, |n, d| n * 16 + (*d as char).to_digit(16).unwrap_or(0));
                        // A high surrogate takes the next escape as its low half; alone, either half
                        // is no character.
                        let lone = (0xdc00..0xe000).contains(&code) || ((0xd800..0xdc00).contains(&code) && b.get(i + 5) != Some(&b'\\'));
                        out.extend_from_slice(if lone { "\u{fffd}".as_bytes() } else { &b[i - 1..i + 5] });
                        i += 4;
                    }
                    // Any other escape is the character escaped (`\'` is `'`).
                    (Some(&e), _) => push_in_string(&mut out, e),
                    (None, _) => {}
                }
                i += 1;
                continue;
            }
            c if c < 0x20 => {
                push_in_string(&mut out, c);
                continue;
            }
            _ => {}
        }
        out.push(c);
    }
    String::from_utf8(out).unwrap_or_default()
}

/// A byte inside a string, escaped if JSON wants it escaped.
fn push_in_string(out: &mut Vec<u8>, c: u8) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    match c {
        b'"' | b'\\' => out.extend_from_slice(&[b'\\', c]),
        c if c < 0x20 => out.extend_from_slice(&[b'\\', b'u', b'0', b'0', HEX[(c >> 4) as usize], HEX[(c & 15) as usize]]),
        c => out.push(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_valid_and_sloppy_json_ld() {
        let v = parse(r#"{"@type":["NewsArticle"],"headline":"A \"b\" \u00e9","n":-1.5e2,"x":[true,false,null,],};"#).unwrap();
        assert_eq!(v.get("headline").and_then(Value::as_str), Some("A \"b\" é"));
        assert_eq!(items(v.get("@type").unwrap()).count(), 1);
        assert!(matches!(v.get("x"), Some(Value::Array(a)) if a.len() == 3));
        let raw = parse("{\"name\":\"two\nlines\tand \\'quotes\\' \\ud800 x\"}").unwrap();
        assert_eq!(raw.get("name").and_then(Value::as_str), Some("two\nlines\tand 'quotes' \u{fffd} x"));
        assert!(parse("{").is_none());
        assert!(parse(&"[".repeat(10_000)).is_none());
    }
}

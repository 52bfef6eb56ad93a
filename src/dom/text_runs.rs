//! Between html5ever's tokenizer and its tree builder: a run of character tokens handed on as one.
//!
//! The tokenizer gives text in pieces wherever something interrupts it: each character
//! reference (`&amp;&#65;` is two tokens), each `<` in a `<textarea>` or `<noscript>` read as
//! text, each line break. A page of 8 million `&amp;` is 8 million tokens, and the tree builder
//! dispatches each through its insertion mode and appends it to the text before it. Joined, the
//! tree builder sees one token where it saw many, with the same characters in the same places:
//!
//! - it reads a token of text a run at a time already (it splits off whitespace where the
//!   insertion mode cares: before `<head>`, in a table, in a frameset), so a token that is
//!   two joined is read as the two were;
//! - what text changes (the insertion mode, frameset-ok, formatting elements reopened, the
//!   pending text of a table) it changes on its first non-space character, whichever token
//!   that came in, and again the same way on the next;
//! - the line feed dropped after `<pre>` or `<textarea>` is the first character of the token
//!   after the tag, and it still is;
//! - every other token (a tag, a comment, a NUL, the end) hands on the text before it first,
//!   and so does the one question the tokenizer asks the tree builder (whether the current
//!   node is foreign, on `<![CDATA[`), so the tree builder answers it with the text placed.
//!
//! A parse error between two pieces is not passed on: to the tree builder an error only clears
//! the flag that drops the line feed after `<pre>`, which the text before it has cleared
//! already, and the tree it builds for us keeps no errors ([`super::html`]'s sink ignores them).

use html5ever::tendril::StrTendril;
use super::builder::is_boundary_comment;
use html5ever::tokenizer::{TagKind, Token, TokenSink, TokenSinkResult};
use std::cell::{Cell, RefCell};

pub(super) struct TextRuns<S> {
    pub(super) inner: S,
    /// The text not yet handed on, and the line it began on.
    pending: RefCell<Option<StrTendril>>,
    line: Cell<u64>,
    /// A comment now would change nothing in the tree builder (see [`TextRuns::process_token`]).
    inert_for_comments: Cell<bool>,
}

impl<S: TokenSink> TextRuns<S> {
    pub(super) fn new(inner: S) -> Self {
        TextRuns { inner, pending: RefCell::new(None), line: Cell::new(0), inert_for_comments: Cell::new(true) }
    }

    fn flush(&self) {
        let Some(text) = self.pending.take() else { return };
        // Text never asks the tokenizer to change state (only tags do): the answer is `Continue`.
        self.inert_for_comments.set(false);
        let result = self.inner.process_token(Token::CharacterTokens(text), self.line.get());
        debug_assert!(matches!(result, TokenSinkResult::Continue));
    }
}

impl<S: TokenSink> TokenSink for TextRuns<S> {
    type Handle = S::Handle;

    fn process_token(&self, token: Token, line_number: u64) -> TokenSinkResult<S::Handle> {
        match token {
            Token::CharacterTokens(text) => {
                let mut pending = self.pending.borrow_mut();
                match pending.as_mut() {
                    Some(run) => run.push_tendril(&text),
                    None => {
                        *pending = Some(text);
                        self.line.set(line_number);
                    }
                }
                TokenSinkResult::Continue
            }
            Token::ParseError(_) if self.pending.borrow().is_some() => TokenSinkResult::Continue,
            // After an end tag or a comment (below), an error changes nothing either: the flag it
            // clears is set only by a start tag, and the sink keeps no errors.
            Token::ParseError(_) if self.inert_for_comments.get() => TokenSinkResult::Continue,
            // A comment the model does not keep (see `super::html`'s sink) changes nothing in the
            // tree builder once it has taken an end tag or a comment last: in every insertion mode
            // it is only inserted, but in the mode a table's text waits in (entered on text, kept
            // across NULs, parse errors and doctypes), where it ends that text, and it clears the
            // flag that drops the line feed after `<pre>` (set by a start tag). A page of 15
            // million `<?x>` (bogus comments, each after a parse error) is then not 15 million
            // trips through the tree builder.
            Token::CommentToken(text)
                if self.inert_for_comments.get() && self.pending.borrow().is_none() && !is_boundary_comment(&text) =>
            {
                TokenSinkResult::Continue
            }
            token => {
                self.flush();
                match &token {
                    Token::TagToken(t) => self.inert_for_comments.set(t.kind == TagKind::EndTag),
                    Token::CommentToken(_) => self.inert_for_comments.set(true),
                    Token::NullCharacterToken => self.inert_for_comments.set(false),
                    _ => {}
                }
                self.inner.process_token(token, line_number)
            }
        }
    }

    fn end(&self) {
        self.flush();
        self.inner.end()
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        self.flush();
        self.inner.adjusted_current_node_present_but_not_in_html_namespace()
    }
}

#[cfg(test)]
mod tests {
    use super::super::{html::parse_html, Document};

    /// Each text of the page with the element holding it: `pre:a&b|td:c`.
    fn texts(page: &str) -> String {
        let d: Document = parse_html(page).unwrap();
        let texts = d.ids().filter_map(|i| Some(format!("{}:{}", d.tag(d.parent(i)?), d.text(i)?)));
        texts.collect::<Vec<_>>().join("|")
    }

    #[test]
    fn text_in_pieces_is_placed_as_the_pieces_were() {
        // The line feed after `<pre>` is dropped when it opens the text, from a reference too; a
        // NUL between it and the rest comes with a parse error, which must not clear that first.
        assert_eq!(texts("<pre>&#10;a&amp;b</pre>"), "pre:a&b");
        assert_eq!(texts("<pre>\n\0x</pre>"), "pre:x");
        assert_eq!(texts("<title>&#32;&lt;p&gt;x&lt;/p&gt;</title><p>y"), "title: <p>x</p>|p:y");
        // Text in a table: moved before it when any of it is not space, whichever piece that is.
        assert_eq!(texts("<table>&#32;a&amp; <tr><td>c</table>"), "body: a& |td:c");
        assert_eq!(texts("<table>&#32;&#10;<tr><td>c</table>"), "table: \n|td:c");
        // Space before `<head>` is dropped, and text in it ends it, piece by piece.
        assert_eq!(texts("&#32; <head>&#32;&amp;x<title>t</title>"), "head: |body:&x|title:t");
    }

    #[test]
    fn comments_are_skipped_only_where_they_change_nothing() {
        // After text in a table, a comment ends the table's text: the space stays in the table.
        assert_eq!(texts("<table> <!--c-->x<tr><td>c</table>"), "body:x|table: |td:c");
        assert_eq!(texts("<table> <?c>x<tr><td>c</table>"), "body:x|table: |td:c");
        // ... and across a NUL, a parse error and a doctype, which leave that text waiting.
        assert_eq!(texts("<table> \0<!doctype html><!--c-->x<tr><td>c</table>"), "body:x|table: |td:c");
        // After `<pre>`, a comment keeps its line feed from being dropped.
        assert_eq!(texts("<pre><!--c-->\nx</pre>"), "pre:\nx");
        // After an end tag or a comment, one is skipped, and the text around it merges.
        assert_eq!(texts("<table><tr><td>c</td><!--a--><!--b--> x</table>"), "body: x|td:c");
        assert_eq!(texts("<p>a</p><!--a--><?b>b"), "p:a|body:b");
    }

    #[test]
    fn only_space_leaves_a_frameset_possible() {
        let has_body = |page: &str| parse_html(page).unwrap().first_by_tag("body").is_some();
        // A `<frameset>` replaces the body while the body holds no text but space.
        assert!(!has_body("<div>&#32;&#10; </div><frameset><frame src=a></frameset>"));
        assert!(has_body("<div>&#32;&#65; </div><frameset><frame src=a></frameset>"));
    }
}

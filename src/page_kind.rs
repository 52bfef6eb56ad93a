//! What kind of page this is, decided once from what the metadata reader found: a product page,
//! a discussion (a forum thread, a Q&A page), a landing page, or none of these (an article, a
//! documentation page, a listing). Several classifier phases ask it: the body finder, the clutter
//! zones, the context rules.

use crate::extract::metadata::Metadata;

/// What a page declares it is, in its JSON-LD, its `og:type` and its microdata.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct PageKind {
    /// The page sells one product: schema.org `Product` in JSON-LD, or an `og:type` of product,
    /// and no article (buying guides and review posts declare the products they discuss too, but
    /// also an `Article`). An `og:type` of article gives way to a JSON-LD `Product` with offers.
    pub(crate) product: bool,
    /// A forum thread or a Q&A page: schema.org `DiscussionForumPosting` or `QAPage` in JSON-LD
    /// or a microdata `itemtype`. Forum software says so; news articles with reader comments do not.
    pub(crate) discussion: bool,
    /// A landing page: a company's, a service's or an app's page, which declares no article, no
    /// product and no discussion and has neither a publication date nor a byline.
    pub(crate) landing: bool,
    /// The page declares itself an article (a schema.org article type in JSON-LD, or an `og:type`
    /// of article) and no discussion: comments under it are readers', however many.
    pub(crate) article: bool,
}

impl PageKind {
    /// The kind `metadata` declares; a page with a publication date or a byline is no landing page.
    pub(crate) fn of(metadata: &Metadata) -> PageKind {
        let d = metadata.declared;
        let dated = metadata.published_time.is_some() || metadata.byline.is_some();
        // Shop plugins print `og:type` article on every page; a product on sale outweighs it.
        let article = d.article || d.og_article;
        let product = (d.product || d.og_product) && !d.article && (!d.og_article || d.offered_product);
        PageKind {
            product,
            discussion: d.discussion,
            landing: !(product || article || d.discussion || dated),
            article: article && !product && !d.discussion,
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::dom::parse_html;
    use crate::extract::metadata::extract_metadata;

    #[test]
    fn product_page_is_declared_without_an_article() {
        let ld = |t: &str| format!(r#"<script type="application/ld+json">{{"@context":"https://schema.org","@type":"{t}"}}</script><p>x</p>"#);
        let product = |html: &str| {
            let doc = parse_html(html).unwrap();
            PageKind::of(&extract_metadata(&doc, None)).product
        };
        assert!(product(&ld("Product")));
        assert!(!product(&format!("{}{}", ld("Product"), ld("Article"))));
        assert!(product(r#"<meta property="og:type" content="product"><p>x</p>"#));
        assert!(!product("<p>x</p>"));
        // A shop plugin's `og:type` article gives way to a product on sale, not to one discussed.
        let og_article = r#"<meta property="og:type" content="article">"#;
        let offered = r#"<script type="application/ld+json">{"@type":"Product","offers":{"price":"9"}}</script>"#;
        assert!(product(&format!("{og_article}{offered}<p>x</p>")));
        assert!(!product(&format!("{og_article}{}", ld("Product"))));
    }
}

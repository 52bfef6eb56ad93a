//! Every heuristic's vocabulary, named by intent and defined once: the words of class and id
//! names, roles, headings, buttons and lines that mark clutter or content, in every module's
//! service (the page model's hidden-element rules, the classifier, the metadata reader, the
//! reader HTML). Other modules ask this one; none keeps a word list of its own.
//!
//! Matching is on normalised words (see [`matching`]): class/id values are split on separators
//! and camelCase (`mostPopular`, `most-popular`, `most_popular` all give `most popular`), heading
//! and button text is lower-cased with punctuation folded to spaces. A phrase matches when its
//! words occur consecutively.

mod matching;

pub(crate) use matching::*;

use crate::label::Label;

/// Class/id/role words that mark a container as a kind of clutter. Publisher templates name their
/// widgets: `related-posts`, `share-bar`, `most-popular`, `newsletter-signup`, `ad-slot`, `cookie-banner`.
pub(crate) const CONTAINER_WORDS: &[(&str, Label)] = &[
    // navigation and page chrome
    ("nav", Label::Navigation),
    ("navbar", Label::Navigation),
    ("navigation", Label::Navigation),
    ("menu", Label::Navigation),
    ("megamenu", Label::Navigation),
    ("breadcrumb", Label::Navigation),
    ("breadcrumbs", Label::Navigation),
    ("masthead", Label::Navigation),
    ("site header", Label::Navigation),
    ("global header", Label::Navigation),
    ("topbar", Label::Navigation),
    ("top bar", Label::Navigation),
    ("skip link", Label::Navigation),
    ("pagination", Label::Navigation),
    ("pager", Label::Navigation),
    // DocBook's previous/up/next bars above and under every chapter
    ("navheader", Label::Navigation),
    ("navfooter", Label::Navigation),
    ("sidebar", Label::Other),
    // footers
    ("footer", Label::Footer),
    ("site footer", Label::Footer),
    ("colophon", Label::Footer),
    ("copyright", Label::Footer),
    // MediaWiki's `Retrieved from "https://…/index.php?title=…&oldid=…"` line under every wiki page.
    ("printfooter", Label::Footer),
    // the photo agency's name under a lead image (`image-credit`): the picture's, not the story's
    ("image credit", Label::Other),
    ("photo credit", Label::Other),
    // related / popular teasers
    ("related", Label::Related),
    ("more stories", Label::Related),
    ("read next", Label::Related),
    ("readnext", Label::Related),
    ("next read", Label::Related),
    ("next reads", Label::Related),
    ("up next", Label::Related),
    ("recommended", Label::Related),
    ("recommendations", Label::Related),
    ("teaser", Label::Related),
    ("teasers", Label::Related),
    ("popular", Label::PopularList),
    ("mostpopular", Label::PopularList),
    ("most read", Label::PopularList),
    ("mostread", Label::PopularList),
    ("trending", Label::PopularList),
    // sharing
    ("share", Label::Share),
    ("sharing", Label::Share),
    ("sharebar", Label::Share),
    ("social", Label::Share),
    ("share buttons", Label::Share),
    // Jetpack's share and "Like this:" boxes under WordPress posts.
    ("sharedaddy", Label::Share),
    // comments
    ("comment", Label::Comments),
    ("comments", Label::Comments),
    ("disqus", Label::Comments),
    ("respond", Label::Comments),
    ("replies", Label::Comments),
    // ads
    ("ad", Label::Ad),
    ("ads", Label::Ad),
    ("advert", Label::Ad),
    ("advertisement", Label::Ad),
    ("adslot", Label::Ad),
    ("ad slot", Label::Ad),
    ("ad unit", Label::Ad),
    ("dfp", Label::Ad),
    ("gpt", Label::Ad),
    ("sponsor", Label::Ad),
    ("sponsored", Label::Ad),
    ("outbrain", Label::Ad),
    ("taboola", Label::Ad),
    ("leaderboard", Label::Ad),
    ("skyscraper", Label::Ad),
    // the shopping cart a shop's header drops open (WooCommerce's `widget_shopping_cart`, `minicart`)
    ("minicart", Label::Other),
    ("mini cart", Label::Other),
    ("shopping cart", Label::Other),
    // promos and calls to action
    ("promo", Label::Promo),
    // a reader-funded site's appeal in the article ("Support Five Books", "Donate today")
    ("donate", Label::Promo),
    ("donation", Label::Promo),
    ("promos", Label::Promo),
    ("promotion", Label::Promo),
    ("featured resources", Label::Promo),
    ("cta", Label::CallToAction),
    // pop-ups laid over the article (an e-book offer, an opt-in form)
    ("popup", Label::Promo),
    ("pop up", Label::Promo),
    // newsletter and sign-up boxes
    ("newsletter", Label::Newsletter),
    ("subscribe", Label::Newsletter),
    ("subscription", Label::Newsletter),
    ("signup", Label::Newsletter),
    ("sign up", Label::Newsletter),
    ("optin", Label::Newsletter),
    // cookie and consent
    ("cookie", Label::Consent),
    ("cookies", Label::Consent),
    ("consent", Label::Consent),
    ("gdpr", Label::Consent),
];

/// A CMS's post class lists the post's taxonomy terms (`category-popular`, `tag-sidebar`,
/// `product_cat-footwear`): words of the post's subject, not of the box. Class words with these
/// openers are not names on an element that carries one of [`POST_CLASS_MARKERS`].
pub(crate) const TAXONOMY_CLASS_OPENERS: &[&str] = &["category-", "tag-", "post_tag-", "product_cat-", "product_tag-"];
/// Class words a CMS puts on every post's (or product's) box along with its taxonomy terms.
pub(crate) const POST_CLASS_MARKERS: &[&str] = &["hentry", "status-publish"];

/// Adobe Experience Manager gives each component on a page an id of the component's name and a
/// ten-digit hex hash (`teaser-fc7e164e83`). These components are the building blocks landing
/// pages are made of (the Core Components' teaser: a title, a line and a link, used for heroes and
/// feature sections): such an id says what a box is built from, not what it is for.
pub(crate) const CMS_COMPONENT_ID_WORDS: &[&str] = &["teaser"];
/// Hex digits of the hash in such an id.
pub(crate) const CMS_COMPONENT_ID_HASH_DIGITS: usize = 10;

/// Words beside `nav` in the class of a carousel and its controls (`slider-nav-autohide`,
/// `carousel-nav`, `dark-nav-btns`): there `nav` steps through slides, it is no site menu, and
/// the element named so is often the carousel of products or stories itself.
pub(crate) const CAROUSEL_WORDS: &[&str] = &[
    "slider", "carousel", "slick", "owl", "swiper", "splide", "glide", "slide", "slides", "btns", "buttons", "arrows", "dots",
];
/// The navigation words [`CAROUSEL_WORDS`] qualify.
pub(crate) const CAROUSEL_NAV_WORDS: &[&str] = &["nav", "navigation"];

/// Class words of elements that print code though their tag is not `pre` or `code`: rustdoc's
/// signature headings (`<h4 class="code-header">pub fn is_ok(&self) -> bool</h4>`).
pub(crate) const CODE_CLASS_WORDS: &[&str] = &["code header"];

/// Class words of the container a forum thread prints each post's text in (`message-body`,
/// `post`, `comment_text`, `Message userContent`, `answer`): the body finder looks for the other
/// posts of the thread by these (see `region::with_sibling_posts`). Whole words: `postBody` is
/// `post body`, `posted` is no post.
pub(crate) const POST_TEXT_WORDS: &[&str] = &["post", "message", "comment", "reply", "answer"];

/// Openings of a reply's subject line in a forum thread ("Re: Discuss the 7.1.0 release here"):
/// phpBB, FluxBB, SMF and Slashdot print one above every reply, the thread's title again. Matched
/// at the start of a short block, ignoring case.
pub(crate) const REPLY_SUBJECT_OPENERS: &[&str] = &["re:"];
/// A reply's subject line is at most this long.
pub(crate) const MAX_REPLY_SUBJECT_CHARS: usize = 200;

/// Class/id words of the poster's card beside each post of a forum thread (title, rank, join date,
/// post count, badges) and of the signature under it: forum software names them so
/// (`message-userExtras`, `userinfo`, `post-signature`). They repeat on every post and are not
/// what anyone wrote in the thread. Read as they are, without the body-word veto (`post-signature`).
pub(crate) const POSTER_DETAILS_WORDS: &[&str] = &[
    "user extras",
    "userextras",
    "user details",
    "userdetails",
    "user title",
    "usertitle",
    "user banner",
    "userbanner",
    "user info",
    "userinfo",
    "user stats",
    "userstats",
    "signature",
    "signaturecontainer",
    "postsignature",
    // phpBB's poster card and the quote/report buttons by each post
    "postprofile",
    "profile icons",
    // Invision's poster card
    "author pane",
];

/// schema.org types a forum thread or a Q&A page declares itself as (JSON-LD `@type`, or the end
/// of a microdata `itemtype` URL).
pub(crate) const DISCUSSION_TYPES: &[&str] = &["DiscussionForumPosting", "QAPage"];

/// Forum software names the box of a quoted earlier post with this in its class (`bbCodeBlock--quote`,
/// `ipsQuote`, `quotebox`, `quotecontent`, `bbcode_quote_container`); matched anywhere in the value.
pub(crate) const QUOTE_CLASS_PART: &str = "quote";
/// Openings of a quoted post's attribution line that does not end in a colon ("Quote Originally
/// Posted by Jane", "Quote from: Jane on 3 May 2024, 10:02").
pub(crate) const QUOTE_ATTRIBUTION_OPENERS: &[&str] = &["quote", "originally posted by", "quote originally posted by"];
/// The verb that ends a quoted post's attribution line before its colon ("Jane said:").
pub(crate) const QUOTE_ATTRIBUTION_VERBS: &[&str] = &["said", "wrote", "writes", "says", "posted"];
/// An attribution line is a name, a date and "said:".
pub(crate) const MAX_QUOTE_ATTRIBUTION_CHARS: usize = 120;

/// Class/id words of the boxes about the writer that blogs and news sites print above or under
/// the article (`author-bio`, `article-author-box`, `entry-author-description`, `c-byline`): the
/// byline, the writer's photo and blurb ("Jane is a content writer at ..."), "Recent stories by
/// Jane". The reader shows the byline apart; the blurb is about the writer, not the article.
/// Read without the body-word veto (`post-author`, `single-content-author`). Not `author` alone
/// (`author-content` holds posts) nor `bio` alone (a seller's story on a shop page).
pub(crate) const AUTHOR_BOX_WORDS: &[&str] = &[
    "author bio",
    "authorbio",
    "author box",
    "authorbox",
    "author info",
    "author profile",
    "author description",
    "author details",
    "author detail",
    "author about",
    "about author",
    "about the author",
    "author card",
    "author block",
    "author wrapper",
    "author section",
    "author container",
    "author text",
    "author recent",
    "entry author",
    "article author",
    "blog author",
    "byline",
    "bylines",
    "contributorbyline",
];

/// Class/id words of the customer reviews (and questions) a shop prints under a product: on a
/// product page they are opinions about the product, not its description, however long they run.
/// Only read on pages that declare a product (see `zones::page_kind`): elsewhere `review`
/// names the article itself (a film review, a product review post).
pub(crate) const PRODUCT_REVIEW_WORDS: &[&str] = &["review", "reviews", "reviewer", "customer questions"];

/// How a shop prints a customer review's star rating ("5.0 out of 5 stars", "Rated 4 out of 5",
/// in the text or an `aria-label`): a number before the phrase. English only; the phrase is
/// matched case-insensitively and must not run on into another digit ("out of 50").
pub(crate) const STAR_RATING_PHRASES: &[&str] = &["out of 5"];

/// JSON-LD `@type`s and `og:type` values of a page that sells one product.
pub(crate) const PRODUCT_TYPES: &[&str] = &["Product", "ProductGroup", "IndividualProduct", "product", "og:product", "product.item"];

/// The words of a comment's action links, shown under every post ("Reply", "Report", "Like",
/// "Share", "Permalink"): a line of only these is left out of the comments the reader offers.
pub(crate) const COMMENT_ACTION_WORDS: &[&str] =
    &["reply", "report", "like", "likes", "share", "permalink", "flag", "quote", "edit", "delete", "cancel", "upvote", "downvote", "vote"];

/// JSON-LD `@type`s of a page that lists items: a shop's category page, a catalogue, search results.
pub(crate) const ITEM_LIST_TYPES: &[&str] = &["ItemList", "CollectionPage", "OfferCatalog", "SearchResultsPage", "ProductCollection"];

/// Currency signs and codes a shop prints beside a price (`$49.99`, `49,99 €`, `1 299 kr`); a
/// letter code counts only as a word of its own.
pub(crate) const PRICE_SIGNS: &[&str] = &["$", "€", "£", "¥", "₹", "₽", "₩", "₺", "₪", "zł", "kr", "CHF", "USD", "EUR", "GBP", "CAD", "AUD"];

/// Marks that end a sentence (Latin and CJK), counted where a space or the end follows.
pub(crate) const SENTENCE_END_MARKS: &[char] = &['.', '!', '?', '。', '！', '？'];

/// Sentence ends in `text`: a [`SENTENCE_END_MARKS`] mark followed by whitespace or the end (so
/// `3.5` and `example.com` are none); a CJK mark needs no space after it.
pub(crate) fn sentence_ends(text: &str) -> usize {
    let mut chars = text.chars().peekable();
    let mut n = 0;
    while let Some(c) = chars.next() {
        if SENTENCE_END_MARKS.contains(&c) && (!c.is_ascii() || chars.peek().is_none_or(|n| n.is_whitespace())) {
            n += 1;
        }
    }
    n
}

/// Class/id words that say "this is the article", which veto a clutter word on the same element
/// (`article-share-count` is a share widget, but `post-content-related-wrapper` style names are
/// ambiguous; a container named for the body is never dropped by name alone).
pub(crate) const CONTENT_WORDS: &[&str] = &[
    "article", "content", "entry", "post", "story", "body", "main", "text", "blog",
];

/// ARIA landmark roles that are page chrome.
pub(crate) const CHROME_ROLES: &[(&str, Label)] = &[
    ("navigation", Label::Navigation),
    ("menubar", Label::Navigation),
    ("menu", Label::Navigation),
    ("banner", Label::Navigation),
    ("search", Label::Navigation),
    ("contentinfo", Label::Footer),
    ("complementary", Label::Other),
    ("dialog", Label::Other),
    ("alertdialog", Label::Other),
];

/// Section headings that name the clutter below them ("Most Popular", "Featured Resources").
pub(crate) const SECTION_HEADINGS: &[(&str, Label)] = &[
    ("most popular", Label::PopularList),
    ("popular", Label::PopularList),
    ("most read", Label::PopularList),
    ("most viewed", Label::PopularList),
    ("trending", Label::PopularList),
    ("top stories", Label::PopularList),
    ("related", Label::Related),
    ("you may also like", Label::Related),
    ("you might also like", Label::Related),
    ("you might like", Label::Related),
    ("you may enjoy", Label::Related),
    ("you might enjoy", Label::Related),
    ("you may like", Label::Related),
    ("you may be interested in", Label::Related),
    ("you might be interested in", Label::Related),
    ("customers who viewed", Label::Related),
    ("customers also bought", Label::Related),
    ("customers also viewed", Label::Related),
    ("frequently bought together", Label::Related),
    ("related products", Label::Related),
    ("similar products", Label::Related),
    ("more like this", Label::Related),
    ("people also", Label::Related),
    ("people who viewed", Label::Related),
    ("people who bought", Label::Related),
    // "Customers who viewed this item also viewed", "People who bought this item also bought".
    ("viewed this item also viewed", Label::Related),
    ("bought this item also bought", Label::Related),
    ("similar items", Label::Related),
    ("similar sponsored items", Label::Related),
    ("also viewed", Label::Related),
    ("also bought", Label::Related),
    ("complete the look", Label::Related),
    ("shop the look", Label::Related),
    ("recently viewed", Label::Related),
    ("other articles", Label::Related),
    ("latest articles", Label::Related),
    ("popular posts", Label::PopularList),
    ("more from", Label::Related),
    ("more stories", Label::Related),
    ("more news", Label::Related),
    ("read next", Label::Related),
    ("read more", Label::Related),
    ("recommended", Label::Related),
    ("also read", Label::Related),
    ("latest news", Label::Related),
    ("latest posts", Label::Related),
    ("recent posts", Label::Related),
    // A company's latest posts teased at the foot of its landing page.
    ("from the blog", Label::Related),
    ("from our blog", Label::Related),
    ("latest insights", Label::Related),
    ("featured insights", Label::Related),
    ("news and insights", Label::Related),
    ("latest blog posts", Label::Related),
    ("featured resources", Label::Promo),
    ("sponsored", Label::Ad),
    ("advertisement", Label::Ad),
    ("partner content", Label::Promo),
    ("promoted", Label::Promo),
    ("newsletter", Label::Newsletter),
    ("sign up", Label::Newsletter),
    ("subscribe", Label::Newsletter),
    // the box about the writer under the text ("About the author", "Written by Jane Doe")
    ("about the author", Label::Other),
    ("written by", Label::Other),
    ("comments", Label::Comments),
    ("leave a reply", Label::Comments),
    ("leave a comment", Label::Comments),
    ("join the discussion", Label::Comments),
    ("share this", Label::Share),
    ("share", Label::Share),
    ("follow us", Label::Share),
    // The filter panel beside a catalogue's grid ("Filter by", "Shopping options").
    ("filter by", Label::Navigation),
    ("refine by", Label::Navigation),
    ("narrow by", Label::Navigation),
    ("sort and filter", Label::Navigation),
    ("filter and sort", Label::Navigation),
    ("filter sort", Label::Navigation),
    ("sort filter", Label::Navigation),
    ("shopping options", Label::Navigation),
    ("refine your search", Label::Navigation),
    ("narrow your search", Label::Navigation),
    ("filter results", Label::Navigation),
];

/// Headings of the legal small print a page closes a section with ("*Disclaimers", "Legal
/// disclaimer", "Important disclosures"): the terms behind a service page's asterisks and a
/// health site's standing notice, not what the page offers or says. Matched as the whole text
/// of a heading, or of a short line that is its own element (service pages set "*Disclaimers"
/// in a plain paragraph above the numbered notes).
pub(crate) const LEGAL_NOTICE_HEADINGS: &[&str] = &[
    "disclaimer",
    "disclaimers",
    "legal disclaimer",
    "legal disclaimers",
    "medical disclaimer",
    "important disclosures",
    "legal notices",
    "legal notes",
    "fine print",
    "terms apply",
];

/// The legal small print a whole heading (or a short line of its own) names
/// ([`LEGAL_NOTICE_HEADINGS`]), given its words ([`words_of_text`]).
pub(crate) fn legal_notice_heading(words: &str) -> Option<&'static str> {
    LEGAL_NOTICE_HEADINGS.iter().find(|p| **p == words).copied()
}

/// Whole headings of the filter panel beside a catalogue's grid (counts aside: "Filters (2)").
/// Only whole: "Coffee filters" names a category.
pub(crate) const FACET_HEADINGS: &[&str] = &["filter", "filters", "refine", "refine results", "narrow results", "sort by", "sort"];

/// Short button/link texts that ask the reader to act rather than read.
pub(crate) const CALL_TO_ACTION_PHRASES: &[&str] = &[
    "free download",
    "download now",
    "download",
    "watch now",
    "watch",
    "read more",
    "learn more",
    "find out more",
    "sign up",
    "sign up now",
    "subscribe",
    "subscribe now",
    "register",
    "register now",
    "buy now",
    "shop now",
    "get started",
    "try it free",
    "try for free",
    "start free trial",
    "free trial",
    "get the guide",
    "get the report",
    "read the report",
    "download the report",
    "read the guide",
    "download the guide",
    "request a demo",
    "book a demo",
    "contact us",
    "click here",
    "continue reading",
    "join now",
    "listen now",
    "add to cart",
    "add to bag",
    "add to basket",
    "add to wishlist",
    "add to wish list",
    "book now",
    "book a call",
    "order now",
    "apply now",
    "get in touch",
    "get a quote",
    "request a quote",
    "call now",
    "ask question",
    "ask a question",
    "send feedback",
    "log in",
    "login",
    "sign in",
    "see more",
    "show more",
    "view more",
    "load more",
    "view all",
    "see all",
    "click to expand",
];

/// Button wording that closes a call-to-action panel in a page's body: a short heading, a line
/// of pitch and one of these ("Take the next step" / "Start building with $300 in free credits" /
/// "Get started for free"). Only asks to buy, join or talk to sales: "Read more" and "Learn more"
/// close teaser cards and a landing page's own sections too.
pub(crate) const CTA_PANEL_BUTTONS: &[&str] = &[
    "get started",
    "start free trial",
    "start your free trial",
    "try it free",
    "try for free",
    "free trial",
    "request a demo",
    "book a demo",
    "schedule a demo",
    "get a demo",
    "request a quote",
    "get a quote",
    "get a free quote",
    "contact us",
    "contact sales",
    "talk to sales",
    "talk to us",
    "talk to an expert",
    "get in touch",
    "book a call",
    "schedule a call",
    "book a consultation",
    "schedule a consultation",
    "free consultation",
    "apply now",
    "sign up",
    "sign up now",
    "sign up free",
    "join now",
    "join free",
    "register now",
    "subscribe now",
    "buy now",
    "shop now",
    "order now",
    "book now",
    "call now",
    "download now",
];

/// The call-to-action panel's shape: at most this many visible blocks (heading, pitch, a few
/// perks, the button) of at most this many characters each, and this many in all.
pub(crate) const MAX_CTA_PANEL_BLOCKS: usize = 6;
pub(crate) const MAX_CTA_PANEL_LINE_CHARS: usize = 200;
pub(crate) const MAX_CTA_PANEL_CHARS: usize = 400;
/// How far above the button the panel's element is looked for.
pub(crate) const MAX_CTA_PANEL_DEPTH: usize = 6;
/// How far above a panel another button's panel makes both cards of one grid.
pub(crate) const CTA_PANEL_GRID_DEPTH: usize = 3;
/// Most children a parent is looked through for a panel's like (a card's row of cards).
pub(crate) const MAX_CTA_PANEL_SIBLINGS: usize = 64;

/// Wording of the affiliate disclosure that shopping guides, recipe blogs and review posts print
/// at the top or bottom of the article ("This post may contain affiliate links", "As an Amazon
/// Associate we earn from qualifying purchases"): required notices about the page, not its text.
pub(crate) const AFFILIATE_DISCLOSURE_PHRASES: &[&str] = &[
    "affiliate links",
    "affiliate link",
    "affiliate commission",
    "earn a commission",
    "earn a small commission",
    "earn commission",
    "earn commissions",
    "receive a commission",
    "qualifying purchases",
    "chosen independently by our editors",
    "may receive compensation",
];
/// A disclosure is a sentence or two; a longer block that uses the words is about them.
pub(crate) const MAX_DISCLOSURE_CHARS: usize = 320;
/// Every affiliate disclosure phrase holds one of these words: a block without any is ruled out
/// before its words are normalised (this check runs on nearly every short block of a page).
pub(crate) const DISCLOSURE_KEYWORDS: &[&str] = &["affiliate", "commission", "qualifying", "independently", "compensation"];

/// Wording of the sign-up blurb that news sites, blogs and recipe sites drop into the article
/// body ("Sign up for our newsletter", "Get the best stories delivered to your inbox"): a
/// request to the reader, not part of the text.
pub(crate) const NEWSLETTER_BLURB_PHRASES: &[&str] = &[
    "sign up for our newsletter",
    "sign up to our",
    "subscribe to our",
    "our newsletter",
    "weekly newsletter",
    "sign up for the newsletter",
    "subscribe to our newsletter",
    "subscribe to the newsletter",
    "get our newsletter",
    "join our newsletter",
    "join our mailing list",
    "join our email list",
    "sign up for our email",
    "sign up for our free",
    "subscribe to our free",
    "delivered to your inbox",
    "straight to your inbox",
    "directly to your inbox",
    "right to your inbox",
    "in your inbox",
    "sign up to receive",
    "subscribe to receive",
    "enter your email",
    "your email address",
    "subscribe to get",
    "sent to your email",
];
/// A sign-up blurb is a heading and a sentence or two.
pub(crate) const MAX_NEWSLETTER_BLURB_CHARS: usize = 220;

/// Wording of the share and follow lines that blogs and recipe sites print under the article
/// ("Share this:", "Pin this recipe", "Follow us on Instagram").
pub(crate) const SHARE_LINE_PHRASES: &[&str] = &[
    "share this",
    "pin this",
    "pin it",
    "follow us on",
    "follow me on",
    "share on facebook",
    "share on twitter",
    "share on pinterest",
    "tweet this",
    "please share",
];
/// A share line is a few words; one that opens with the phrase may name what it shares
/// ("Share this event: Tech Talk Replay").
pub(crate) const MAX_SHARE_LINE_CHARS: usize = 60;
pub(crate) const MAX_SHARE_TITLE_CHARS: usize = 120;

/// Wording of the log-in prompts that forums, news sites and shops put in the body ("Log in to
/// reply", "Already have an account?", "Create an account").
pub(crate) const LOGIN_PROMPT_PHRASES: &[&str] = &[
    "log in to",
    "sign up or log in",
    "log in or sign up",
    "sign up using",
    "sign up with",
    "sign in with",
    "login to",
    "sign in to",
    "already have an account",
    "create an account",
    "create account",
    "register to",
    "forgot your password",
    "forgot password",
];
/// A log-in prompt is a sentence.
pub(crate) const MAX_LOGIN_PROMPT_CHARS: usize = 120;

/// Whole texts of the stray buttons and labels that shops, SaaS pages, blogs and forums leave in
/// the body without a link ("Subscribe", "Sign Up", "Out of stock", "Schedule a demo", "Like
/// this:"): the block is nothing but the request. Headings are left alone ("Get started" opens a
/// documentation section).
pub(crate) const BARE_REQUESTS: &[(&str, Label)] = &[
    ("subscribe", Label::Newsletter),
    ("subscribe now", Label::Newsletter),
    ("newsletters", Label::Newsletter),
    ("sign up", Label::Newsletter),
    ("sign up now", Label::Newsletter),
    ("register", Label::CallToAction),
    ("register now", Label::CallToAction),
    ("join now", Label::CallToAction),
    ("login", Label::CallToAction),
    ("log in", Label::CallToAction),
    ("sign in", Label::CallToAction),
    ("share", Label::Share),
    ("share this on", Label::Share),
    ("like this", Label::Share),
    ("pin for later", Label::Share),
    ("out of stock", Label::CallToAction),
    ("in stock", Label::CallToAction),
    ("notify me", Label::CallToAction),
    ("schedule a demo", Label::CallToAction),
    ("request a demo", Label::CallToAction),
    ("book a demo", Label::CallToAction),
    ("request pricing", Label::CallToAction),
    ("request a quote", Label::CallToAction),
    ("speak to an expert", Label::CallToAction),
    ("get in touch", Label::CallToAction),
];

/// A link to another story dropped into the body of a news or blog article ("You might also
/// like: `<title>`", "Related: `<title>`") opens with one of these and a colon, and is at most
/// `MAX_RELATED_TEASER_CHARS` long. Not "Read more:" or "Also read:": the annotated pages count
/// those in-text links as part of the article.
pub(crate) const RELATED_TEASER_OPENERS: &[&str] = &[
    "related",
    "you may also like",
    "you might also like",
    "you might like",
    "you may like",
    "you may be interested in",
    "you might be interested in",
    "recommended",
    "more from",
];
pub(crate) const MAX_RELATED_TEASER_CHARS: usize = 160;

/// Openings of the price buttons that buying guides and review posts put under each product
/// ("Check price at Amazon", "See price at REI"): the rest of the text names the shop.
pub(crate) const PRICE_BUTTON_OPENERS: &[&str] = &["check price", "see price", "view price", "check prices", "see prices", "compare prices"];
/// A price button is a few words.
pub(crate) const MAX_PRICE_BUTTON_CHARS: usize = 50;

/// Wording of the shop's standing offers a product page prints beside the buy button ("Free
/// shipping on orders over $75", "Returns & exchanges accepted within 30 days", "Taxes and
/// shipping calculated at checkout", "Notify me when back in stock"): the shop's terms, the same
/// on every product, not what the product is. English only.
pub(crate) const SHOP_PERK_PHRASES: &[&str] = &[
    "free shipping",
    "free standard shipping",
    "free delivery",
    "fast delivery",
    "free returns",
    "easy returns",
    "returns and exchanges",
    "returns exchanges",
    "exchanges accepted",
    "returns accepted",
    "calculated at checkout",
    "secure checkout",
    "secure payment",
    "money back guarantee",
    "your money back",
    "notify me when",
    "back in stock",
    "when this product is in stock",
    "ships from",
    "ships by",
];
/// A shop's offer is a line.
pub(crate) const MAX_SHOP_PERK_CHARS: usize = 80;

/// Openings of the byline and tag lines that blogs and news sites print between the headline and
/// the text or under it ("By Jane Doe", "Written by Jane Doe", "Tags: ..."): the reader shows
/// the byline apart.
pub(crate) const BYLINE_OPENERS: &[&str] = &["by", "written by", "posted by", "tags", "tagged", "filed under"];
/// Openings of the date lines beside them ("Posted on March 3, 2024", "Last updated: ...").
pub(crate) const DATELINE_OPENERS: &[&str] = &["posted", "published", "updated", "last updated", "last modified"];
/// A byline line says who and when in a few words ("By Jane Doe, Staff Writer"); "By clicking
/// below, you agree to ..." is a sentence.
pub(crate) const MAX_DATELINE_WORDS: usize = 8;
/// The reading time some templates print beside the byline ("5 min read").
pub(crate) const READING_TIME_PHRASES: &[&str] = &["min read", "mins read", "minute read", "minutes read"];
/// Month names and abbreviations: a date names one, or is all numbers (`2025-12-12`).
pub(crate) const MONTH_NAMES: &[&str] = &[
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
];
/// The other words of a date: weekdays, clock words, ordinal suffixes ("Friday, 19th December 2025
/// at 8:00 pm").
pub(crate) const DATE_WORDS: &[&str] = &[
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue", "wed", "thu", "fri",
    "sat", "sun", "at", "am", "pm", "st", "nd", "rd", "th",
];
/// A date line may hold a few other words ("Updated on", "Date:").
pub(crate) const MAX_DATE_LINE_OTHER_WORDS: usize = 3;

/// Longest text, in characters, that a call to action or a section heading can have.
pub(crate) const MAX_CTA_CHARS: usize = 40;
pub(crate) const MAX_HEADING_CHARS: usize = 60;

/// Elements that start a new block: their inline content is one block of its own.
pub(crate) const BLOCK_TAGS: &[&str] = &[
    "address", "article", "aside", "blockquote", "body", "button", "caption", "center", "dd", "details",
    "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2",
    "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "main", "menu", "nav", "ol",
    "option", "p", "pre", "section", "select", "summary", "table", "tbody", "td", "tfoot", "th", "thead",
    "tr", "ul",
];

// ---- The page model: what hides an element (dom)

/// Class parts of carousel slides and cards (`slick-slide`, `pricing_card-wrapper`): see
/// [`crate::dom::is_hidden_markup`].
pub(crate) const SHOWN_ARIA_HIDDEN_CLASS_PARTS: &[&str] = &["slide", "card", "carousel"];
/// Class words of a tab panel that says so only by its class (Bootstrap's `tab-pane`, shop
/// templates' `tab-panel`): a product's specifications and reviews wait in them, `display:none`.
pub(crate) const TAB_PANEL_CLASSES: &[&str] = &["tab-pane", "tab-panel", "tabpanel"];

// ---- Readability's name patterns (the readerable check, the byline search, the body finder)

/// Class/id substrings that raise or lower a container's score (Readability's `positive` and
/// `negative` patterns, as substrings of the lower-cased class and id).
pub(crate) const POSITIVE_NAMES: &[&str] =
    &["article", "body", "content", "entry", "hentry", "h-entry", "main", "page", "post", "text", "blog", "story"];
pub(crate) const NEGATIVE_NAMES: &[&str] = &[
    "-ad-", "hidden", "banner", "combx", "comment", "com-", "contact", "footer", "gdpr", "masthead", "media",
    "meta", "outbrain", "promo", "related", "scroll", "share", "shoutbox", "sidebar", "skyscraper", "sponsor",
    "shopping", "tags", "widget", "popular", "newsletter", "nav", "menu",
];
/// Class/id words of containers Readability skips before it looks for a byline (page chrome,
/// comments, sidebars), unless a word of [`MAYBE_CONTENT_NAMES`] is there too.
pub(crate) const UNLIKELY_NAMES: &[&str] = &[
    "-ad-", "ai2html", "banner", "breadcrumbs", "combx", "comment", "community", "cover-wrap", "disqus", "extra", "footer",
    "gdpr", "header", "legends", "menu", "related", "remark", "replies", "rss", "shoutbox", "sidebar", "skyscraper",
    "social", "sponsor", "supplemental", "ad-break", "agegate", "pagination", "pager", "popup", "yom-remote",
];
pub(crate) const MAYBE_CONTENT_NAMES: &[&str] = &["and", "article", "body", "column", "content", "main", "mathjax", "shadow"];
pub(crate) const UNLIKELY_ROLES: &[&str] = &["menu", "menubar", "complementary", "navigation", "alert", "alertdialog", "dialog"];

// ---- Landmarks and overlays (the body finder)

/// ARIA roles of the page footer.
pub(crate) const FOOTER_ROLES: &[&str] = &["contentinfo"];
/// ARIA roles of the masthead and menus.
pub(crate) const MASTHEAD_ROLES: &[&str] = &["banner", "navigation"];
/// ARIA roles of overlays.
pub(crate) const OVERLAY_ROLES: &[&str] = &["dialog", "alertdialog"];

// ---- Bylines and headings

/// Class/id words that mark a byline element.
pub(crate) const BYLINE_NAMES: &[&str] = &["byline", "author", "dateline", "writtenby", "p-author"];
/// Class/id words of bylines and date lines: the standfirst rule must not pull them in.
pub(crate) const BYLINE_WORDS: &[&str] = &["byline", "author", "dateline", "date", "time", "timestamp", "meta", "published"];
/// Class parts of a title-classed line (`classify::zones::is_heading_like`).
pub(crate) const HEADING_CLASS_PARTS: &[&str] = &["title", "heading", "header"];

// ---- What a page declares it is (JSON-LD @type, og:type)

/// JSON-LD `@type`s that describe an article (schema.org).
pub(crate) const ARTICLE_TYPES: &[&str] = &[
    "Article",
    "AdvertiserContentArticle",
    "NewsArticle",
    "AnalysisNewsArticle",
    "AskPublicNewsArticle",
    "BackgroundNewsArticle",
    "OpinionNewsArticle",
    "ReportageNewsArticle",
    "ReviewNewsArticle",
    "Report",
    "SatiricalArticle",
    "ScholarlyArticle",
    "MedicalScholarlyArticle",
    "SocialMediaPosting",
    "BlogPosting",
    "LiveBlogPosting",
    "DiscussionForumPosting",
    "TechArticle",
    "APIReference",
];

// ---- Marks and placeholders

/// What documentation generators and blog themes print in a heading's self-link (`¶`, `#`).
pub(crate) const PERMALINK_MARKS: &[&str] = &["¶", "#", "§", "🔗", "⚓", "⚓\u{fe0e}", "⚓\u{fe0f}"];
// ---- Page controls inside the article (the reader leaves them out)

/// The words of a wiki's section edit link, in the languages of the larger wikis: MediaWiki
/// prints "[edit]" (`[bearbeiten]`, `[modifier]`, `[editar]`) after every section heading. Read
/// as an edit link only when the link sits in a heading and is bracketed there; the link's
/// address (see [`EDIT_LINK_URL_PARTS`]) or its box's name ([`EDIT_CONTROL_NAMES`]) say so first.
pub(crate) const EDIT_LINK_WORDS: &[&str] = &[
    "edit", "edit source", "bearbeiten", "quelltext bearbeiten", "modifier", "modifier le code", "editar",
    "editar código", "editar codigo", "modifica", "modifica wikitesto", "bewerken", "brontekst bewerken", "edytuj",
    "edytuj kod", "redigera", "rediger", "muokkaa", "править", "править код", "редактировать", "编辑", "編集",
    "sunting", "szerkesztés", "upravit", "düzenle",
];
/// Parts of the address of a wiki's edit link (MediaWiki's `index.php?title=X&action=edit&section=2`,
/// the visual editor's `veaction=edit`).
pub(crate) const EDIT_LINK_URL_PARTS: &[&str] = &["action=edit", "veaction=edit", "action=formedit"];
/// Class/id words of the box a wiki or a CMS puts a heading's edit link in (MediaWiki's
/// `mw-editsection`, `editsection`, `section-edit-link`).
pub(crate) const EDIT_CONTROL_NAMES: &[&str] = &["editsection", "edit section", "section edit", "edit link", "editlink"];

/// The words of a code block's controls: phpBB prints "Code: Select all" over every code box,
/// documentation themes a "Copy" or "Copy code" button beside it. Read as a control only beside a
/// `<pre>`, short, and working as one (a link to nowhere, a button, a script's click handler) or
/// named as one ([`CODE_CONTROL_NAMES`]): "Copy this into your config:" is text.
pub(crate) const CODE_CONTROL_PHRASES: &[&str] = &[
    "select all", "copy", "copy code", "copy to clipboard", "copied", "alles auswählen", "kopieren", "code kopieren",
    "tout sélectionner", "copier", "copier le code", "seleccionar todo", "copiar", "copiar código", "seleziona tutto",
    "copia", "alles selecteren", "kopiëren", "zaznacz wszystko", "kopiuj",
];
/// Class words of a code block's copy control (`copy-button`, `btn-clipboard`, `codeCopy`,
/// `zeroclipboard-container`).
pub(crate) const CODE_CONTROL_NAMES: &[&str] = &["copy", "clipboard", "zeroclipboard", "copybutton", "codecopy", "copy code"];
/// A code block's control is a few words.
pub(crate) const MAX_CODE_CONTROL_CHARS: usize = 40;

/// Class words of a forum post's body that forum software prints as a `<blockquote>`
/// (vBulletin 4's `blockquote.postcontent`): the post's own text, not a quotation.
pub(crate) const POST_BODY_QUOTE_NAMES: &[&str] = &["postcontent", "post content", "post message", "postmessage", "post body", "postbody"];

/// Default titles video players give their frame, which name no video (YouTube's embed code
/// writes `title="YouTube video player"`).
pub(crate) const GENERIC_PLAYER_TITLES: &[&str] = &[
    "youtube video player", "youtube", "vimeo", "vimeo video player", "dailymotion", "dailymotion video player",
    "video", "video player", "embedded video", "embedded content", "iframe",
];

/// Words in an image source that mark a placeholder shown until a script swaps in the real image.
pub(crate) const PLACEHOLDER_WORDS: &[&str] = &["blank.gif", "spacer", "placeholder", "pixel.gif", "transparent.gif", "lazy-load", "loading.gif"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_disclosure_phrase_has_a_keyword() {
        for p in AFFILIATE_DISCLOSURE_PHRASES {
            assert!(DISCLOSURE_KEYWORDS.iter().any(|k| p.contains(k)), "{p:?} holds none of DISCLOSURE_KEYWORDS");
        }
    }

    #[test]
    fn the_index_finds_what_the_table_scan_finds() {
        let index = PhraseIndex::new(CONTAINER_WORDS.iter().map(|e| e.0));
        for name in ["most popular list", "c ad slot", "header", "related posts share", "ad", "x", "", "nav nav"] {
            let scan = CONTAINER_WORDS.iter().find(|(p, _)| has_phrase(name, p)).map(|e| e.0);
            assert_eq!(find_phrase(name, CONTAINER_WORDS).map(|e| e.0), scan, "{name:?}");
            assert_eq!(index.find(name, |_| true).map(|k| CONTAINER_WORDS[k].0), scan, "{name:?}");
        }
    }
}

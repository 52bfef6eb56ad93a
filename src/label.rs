//! What a block is, and why.

use serde::Serialize;

/// The label given to every block. Everything but `Content` is clutter the reader view leaves out.
/// Written in kebab-case in the block report (`call-to-action`, `popular-list`).
///
/// ```
/// use readmode::Label;
/// assert_eq!(Label::PopularList.to_string(), "popular-list");
/// assert!(Label::Content.is_content() && !Label::Share.is_content());
/// assert_eq!(Label::ALL.len(), 13);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Label {
    /// Article text: what the reader view shows.
    Content,
    /// Menus, breadcrumbs, pagers, section links.
    Navigation,
    /// Promotions of the site's own products and panels selling something.
    Promo,
    /// "Free Download", "Watch now", "Sign up": a button asking the reader to act.
    CallToAction,
    /// "Most Popular", "Most Read", "Trending" lists.
    PopularList,
    /// Related stories, "Read next", "More from this site" teasers.
    Related,
    /// Share bars and "Follow us" lines.
    Share,
    /// Reader comments under an article.
    Comments,
    /// Advertisements, sponsored boxes, affiliate disclosures.
    Ad,
    /// Newsletter sign-up boxes.
    Newsletter,
    /// Cookie and consent banners.
    Consent,
    /// The page footer, copyright and legal small print.
    Footer,
    /// Any other text that is not the article: bylines, buttons, hidden text, repeats.
    Other,
}

impl Label {
    pub const ALL: [Label; 13] = [
        Label::Content,
        Label::Navigation,
        Label::Promo,
        Label::CallToAction,
        Label::PopularList,
        Label::Related,
        Label::Share,
        Label::Comments,
        Label::Ad,
        Label::Newsletter,
        Label::Consent,
        Label::Footer,
        Label::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Label::Content => "content",
            Label::Navigation => "navigation",
            Label::Promo => "promo",
            Label::CallToAction => "call-to-action",
            Label::PopularList => "popular-list",
            Label::Related => "related",
            Label::Share => "share",
            Label::Comments => "comments",
            Label::Ad => "ad",
            Label::Newsletter => "newsletter",
            Label::Consent => "consent",
            Label::Footer => "footer",
            Label::Other => "other",
        }
    }

    pub fn is_content(self) -> bool {
        self == Label::Content
    }
}

impl std::fmt::Display for Label {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

//! What a block is, and why.

use serde::Serialize;

/// The label given to every block. Everything but `Content` is clutter the reader view leaves out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Label {
    Content,
    Navigation,
    Promo,
    CallToAction,
    PopularList,
    Related,
    Share,
    Comments,
    Ad,
    Newsletter,
    Consent,
    Footer,
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

//! Why a block has its label: the reasons of the block report, as types the classifier branches
//! on. Each is written in the report (and by `Display`) as the short string users have seen
//! since the first release: `main-region`, `tag:nav`, `heading:most popular`, `model:0.93`.

use serde::{Serialize, Serializer};

/// One reason for a block's label. A block's reasons come strongest first.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Reason {
    /// Not rendered on the page (`hidden`).
    Hidden,
    /// Worded as a call to action: "Free Download", "Watch now" (`cta-wording`).
    CtaWording,
    /// A call-to-action panel's heading and pitch, closed by its button (`cta-panel`).
    CtaPanel,
    /// Nothing but a web address (`bare-url`).
    BareUrl,
    /// A row of numbered links: a pager, a version picker (`number-links`).
    NumberLinks,
    /// A forum reply's subject line, "Re: ..." (`reply-subject`).
    ReplySubject,
    /// A button's label (`control`).
    Control,
    /// Inside the article body the body finder found (`main-region`).
    MainRegion,
    /// Mostly link text (`link-dense`).
    LinkDense,
    /// Outside the article body (`outside-main`).
    OutsideMain,
    /// The article's headline (`title`).
    Title,
    /// Prose between the headline and the body: the standfirst, a subheading (`between-title-and-body`).
    BetweenTitleAndBody,
    /// A short line between two content blocks: a caption, a one-line paragraph (`between-content`).
    BetweenContent,
    /// The heading that opens the body's first block (`heading-of-content`).
    HeadingOfContent,
    /// A byline or date line at the edge of the text (`byline`).
    Byline,
    /// The kicker above the headline: a link to the story's section (`section-link`).
    SectionLink,
    /// The standfirst: the description the page declares, under the headline (`standfirst`).
    Standfirst,
    /// A copy of a content block shown already: a carousel's clone, a screen-size variant (`repeat`).
    Repeat,
    /// A line of a card in a listing's item grid (`grid-card`).
    GridCard,
    /// A forum post's author and date line (`post-header`).
    PostHeader,
    /// Inside a container that says what clutter it is (`tag:nav`, `class:related`, `heading:most popular`).
    Zone(Evidence),
    /// The learned model's probability that the block is content (`model:0.93`).
    Model(f32),
}

impl Reason {
    /// Context rules sure enough that the model does not revisit them.
    pub(crate) fn is_final(self) -> bool {
        matches!(
            self,
            Reason::Byline
                | Reason::SectionLink
                | Reason::Repeat
                | Reason::NumberLinks
                | Reason::ReplySubject
                | Reason::Standfirst
                | Reason::GridCard
        )
    }

    /// The report's string for the reasons that carry no word or figure.
    fn name(self) -> &'static str {
        match self {
            Reason::Hidden => "hidden",
            Reason::CtaWording => "cta-wording",
            Reason::CtaPanel => "cta-panel",
            Reason::BareUrl => "bare-url",
            Reason::NumberLinks => "number-links",
            Reason::ReplySubject => "reply-subject",
            Reason::Control => "control",
            Reason::MainRegion => "main-region",
            Reason::LinkDense => "link-dense",
            Reason::OutsideMain => "outside-main",
            Reason::Title => "title",
            Reason::BetweenTitleAndBody => "between-title-and-body",
            Reason::BetweenContent => "between-content",
            Reason::HeadingOfContent => "heading-of-content",
            Reason::Byline => "byline",
            Reason::SectionLink => "section-link",
            Reason::Standfirst => "standfirst",
            Reason::Repeat => "repeat",
            Reason::GridCard => "grid-card",
            Reason::PostHeader => "post-header",
            Reason::Zone(_) => "zone",
            Reason::Model(_) => "model",
        }
    }
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Reason::Zone(e) => e.fmt(f),
            Reason::Model(p) => f.write_str(probability(*p, &mut [0; 32])),
            r => f.write_str(r.name()),
        }
    }
}

/// `model:0.93`: the probability with two decimals, as `{:.2}` writes it, without the float
/// formatting machinery, written into `buf`. The product with 100 is exact enough: an `f32` is
/// either exactly a half hundredth (0.125, 0.375: rounded to even, as `{:.2}` does) or at least a
/// few parts in a billion away from one, far more than the product's error (a few parts in 10^16).
fn probability(p: f32, buf: &mut [u8; 32]) -> &str {
    if p.is_nan() {
        return "model:NaN";
    }
    let hundredths = (f64::from(p) * 100.0).round_ties_even() as i64;
    let h = hundredths.unsigned_abs();
    // Written from the end: two decimals, the point, the whole part, the sign, the name.
    let mut k = buf.len();
    let mut put = |b: u8| {
        k -= 1;
        buf[k] = b;
    };
    put(b'0' + (h % 10) as u8);
    put(b'0' + (h / 10 % 10) as u8);
    put(b'.');
    let mut whole = h / 100;
    loop {
        put(b'0' + (whole % 10) as u8);
        whole /= 10;
        if whole == 0 {
            break;
        }
    }
    if hundredths < 0 {
        put(b'-');
    }
    for &b in b"model:".iter().rev() {
        put(b);
    }
    std::str::from_utf8(&buf[k..]).unwrap_or_default()
}

impl Reason {
    /// Calls `f` with the string `Display` writes, made without the formatting machinery for the
    /// two kinds every block report holds (on a table of a million cells, 7% of the command
    /// line's time).
    pub(crate) fn with_str<R>(self, f: impl FnOnce(&str) -> R) -> R {
        let mut buf = [0; 32];
        match self {
            Reason::Zone(e) => f(&e.to_string()),
            Reason::Model(p) => f(probability(p, &mut buf)),
            r => f(r.name()),
        }
    }
}

impl Serialize for Reason {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.with_str(|text| s.serialize_str(text))
    }
}

/// What made a container a clutter zone: the kind of evidence and its word (`class` +
/// `related`). Plain static strings, so the zone of every node is a copy, not an allocation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Evidence {
    /// Its tag (`tag:nav`, `tag:footer`).
    Tag(&'static str),
    /// Its ARIA role (`role:navigation`, `role:dialog`).
    Role(&'static str),
    /// A word of its class or id (`class:related`, `class:share`).
    Class(&'static str),
    /// A section heading that names clutter (`heading:most popular`).
    Heading(&'static str),
    /// A line worded as clutter (`wording:newsletter`, `wording:affiliate disclosure`).
    Wording(&'static str),
    /// A quoted post in a thread (`quotation:quoted post`).
    Quotation(&'static str),
}

impl std::fmt::Display for Evidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (kind, word) = match self {
            Evidence::Tag(w) => ("tag", w),
            Evidence::Role(w) => ("role", w),
            Evidence::Class(w) => ("class", w),
            Evidence::Heading(w) => ("heading", w),
            Evidence::Wording(w) => ("wording", w),
            Evidence::Quotation(w) => ("quotation", w),
        };
        write!(f, "{kind}:{word}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_read_as_the_report_has_always_written_them() {
        assert_eq!(Reason::MainRegion.to_string(), "main-region");
        assert_eq!(Reason::BetweenTitleAndBody.to_string(), "between-title-and-body");
        assert_eq!(Reason::Zone(Evidence::Heading("most popular")).to_string(), "heading:most popular");
        assert_eq!(Reason::Model(0.925).to_string(), format!("model:{:.2}", 0.925f32));
        // Every probability the model can give, on a fine grid and at the half hundredths.
        for k in 0..=200_000u32 {
            let p = k as f32 / 200_000.0;
            for q in [p, f32::from_bits(p.to_bits().saturating_sub(1)), f32::from_bits(p.to_bits() + 1)] {
                if q <= 1.0 {
                    assert_eq!(Reason::Model(q).to_string(), format!("model:{q:.2}"), "{q:e}");
                }
            }
        }
        assert_eq!(serde_json::to_string(&[Reason::SectionLink, Reason::Zone(Evidence::Tag("nav"))]).unwrap(), r#"["section-link","tag:nav"]"#);
        // Serialized as displayed, whatever the probability.
        for p in [0.0, 0.005, 0.125, 0.375, 0.93, 0.999, 1.0, -0.5, 12.345, f32::NAN, f32::MAX] {
            assert_eq!(serde_json::to_string(&Reason::Model(p)).unwrap(), format!("\"{}\"", Reason::Model(p)), "{p}");
        }
    }
}

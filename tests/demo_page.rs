//! The demo page (www/index.html, rebuilt from the seed page with all its clutter): every article
//! block is content, every clutter part gets its kind, and the reader text is exactly the seed's
//! article. A failure names the block.
#![cfg(not(target_arch = "wasm32"))]

use readmode::{analyze_html, Analysis, Block, Options};

const PAGE: &str = include_str!("../www/index.html");
/// The seed page: headline, standfirst, seven paragraphs, then the clutter.
const SEED: &str = include_str!("pages/demo/seed.txt");
const ARTICLE_LINES: usize = 9;

fn analysis() -> Analysis {
    analyze_html(PAGE, &Options { url: Some("http://127.0.0.1:8000/www/".into()), ..Options::default() }).expect("demo page")
}

/// The seed's article: headline, standfirst and the seven body paragraphs, whitespace collapsed.
fn seed_article() -> Vec<String> {
    let lines: Vec<String> =
        SEED.lines().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|l| !l.is_empty()).collect();
    lines[..ARTICLE_LINES].to_vec()
}

fn block<'a>(a: &'a Analysis, text: &str) -> Vec<&'a Block> {
    // Block reports carry the first 80 characters; short texts must match exactly.
    let prefix: String = text.chars().take(80).collect();
    let found: Vec<&Block> =
        a.blocks.iter().filter(|b| b.text == prefix || (prefix.chars().count() >= 30 && b.text.starts_with(&prefix))).collect();
    assert!(!found.is_empty(), "demo page: no block starts with {text:?}");
    found
}

fn expect(a: &Analysis, text: &str, allowed: &[&str]) {
    for b in block(a, text) {
        let label = serde_json::to_value(b.label).unwrap().as_str().unwrap().to_string();
        assert!(
            allowed.contains(&label.as_str()),
            "demo page: block {} <{}> {:?} is {label} ({:?}), expected {allowed:?}",
            b.index,
            b.tag,
            b.text,
            b.reasons
        );
    }
}

#[test]
fn article_blocks_are_content() {
    let a = analysis();
    for line in seed_article() {
        expect(&a, &line, &["content"]);
    }
}

#[test]
fn reader_text_is_the_seed_article_exactly() {
    let a = analysis();
    let article = seed_article();
    assert_eq!(a.article.metadata.title.as_deref(), Some(article[0].as_str()), "demo page: title");
    let body: Vec<&str> = a.article.text.split("\n\n").collect();
    let expected: Vec<&str> = article[1..].iter().map(String::as_str).collect();
    assert_eq!(body, expected, "demo page: the reader text is not the seed's standfirst and seven paragraphs");
    assert!(a.readerable, "demo page: not readerable: {:?}", a.reason);
    let html = &a.article.html;
    for clutter in ["Featured Resources", "Free Download", "Most Popular", "Senator wants", "Advertisement", "Facebook"] {
        assert!(!html.contains(clutter), "demo page: {clutter:?} in the reader HTML");
    }
}

#[test]
fn clutter_gets_its_kind() {
    let a = analysis();
    // Featured Resources: the panel heading, four promos, their calls to action.
    for t in [
        "Featured Resources",
        "Modern governance: The how-to guide",
        "Equipping organisations with the right tools for business resilience",
        "Cloud operational excellence",
        "Everything you need to know about optimising your cloud operations",
        "A buyer’s guide to board management software",
        "Improve your board’s performance",
        "The real world business value of Oracle autonomous data warehouse",
        "Lead with a 417% five-year ROI",
    ] {
        expect(&a, t, &["promo", "call-to-action"]);
    }
    for t in ["Free Download", "Watch now", "Download now"] {
        expect(&a, t, &["call-to-action"]);
    }
    // The related-story teaser, with its tag and date.
    for t in ["social media", "Senator wants social media companies held liable for spreading anti-vax lies", "23 Jul 2021"] {
        expect(&a, t, &["related"]);
    }
    // Most Popular, with its dates and tags.
    for t in [
        "Most Popular",
        "Dell XPS 15 (2021) review: The best just got better",
        "Sony pulls out of MWC 2022",
        "How to speed up Windows 11",
        "14 Jan 2022",
        "7 Jan 2022",
        "Business operations",
        "Microsoft Windows",
    ] {
        expect(&a, t, &["popular-list"]);
    }
    // Site header and navigation, the footer.
    for t in ["Cloud", "Security", "Business strategy", "Network & Internet", "Webinars", "Search TechPro"] {
        expect(&a, t, &["navigation"]);
    }
    expect(&a, "Subscribe Sign in", &["navigation", "call-to-action"]);
    for t in ["About us", "Contact us", "Privacy policy", "Terms and conditions", "TechPro is part of Example Media Group"] {
        expect(&a, t, &["footer"]);
    }
    expect(&a, "Advertisement", &["ad"]);
    expect(&a, "Share this article Facebook Twitter LinkedIn", &["share"]);
    expect(&a, "Facebook Twitter LinkedIn Email", &["share"]);
}

#[test]
fn every_clutter_block_says_why() {
    for b in analysis().blocks {
        assert!(!b.reasons.is_empty(), "demo page: block {} {:?} has no reasons", b.index, b.text);
    }
}

// HTML pages of made-up news sites around an article, for the harness's `wrapped` copies: the
// aggregator-style repost that storyline's extractor must strip back to the article.
//
// A page has what real article pages carry around the text: <head> metadata (title with the
// site name, OpenGraph, canonical URL, a JSON-LD NewsArticle without body), a navigation menu,
// a header, a byline with a <time>, share buttons, sometimes a "read more" link or a newsletter
// box between paragraphs, a sidebar of other headlines, 3-10 reader comments (some of them
// spam), a cookie banner and a footer. Five site layouts differ in element names, class names,
// the order of the blocks and how paragraphs are marked up (<p>, or text separated by <br>), so
// that a score does not depend on one template. Every choice comes from the generator.
#ifndef STORYLINE_BENCH_DEDUP_PAGE_H_
#define STORYLINE_BENCH_DEDUP_PAGE_H_

#include <random>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "transform.h"

namespace storyline::dedup_bench {

struct WrappedPage {
  std::string html;
  std::string site;                   // the made-up site's name
  std::vector<std::string> comments;  // the comment texts, as plain text, in page order
};

// Renders `article` (its title and every paragraph, verbatim but HTML-escaped) in a page of a
// randomly chosen site. `other_headlines` fill the sidebar (up to 6 are drawn); `published` is
// an RFC 3339 time for the byline.
WrappedPage WrapInPage(const Article& article, std::span<const std::string> other_headlines,
                       std::string_view published, std::mt19937_64& rng);

// `text` with & < > " escaped.
std::string EscapeHtml(std::string_view text);

}  // namespace storyline::dedup_bench

#endif  // STORYLINE_BENCH_DEDUP_PAGE_H_

// The site layouts of page.h. A SiteStyle names the elements and classes of one made-up site;
// RenderPage assembles the blocks in the site's order. Comment texts, reporters and menus come
// from small pools written for this harness.
#include "page.h"

#include <array>
#include <cctype>

namespace storyline::dedup_bench {
namespace {

enum class ParagraphMarkup { kP, kBr, kDiv };

struct SiteStyle {
  std::string_view name;
  std::string_view domain;
  std::string_view body_class;
  std::string_view nav;  // opening tag of the menu list's container
  std::string_view nav_close;
  std::string_view main_open;  // container of the article, title and text
  std::string_view main_close;
  std::string_view title_tag;  // "h1 class=..." (the closing tag is the first word)
  std::string_view text_open;  // container of the paragraphs
  std::string_view text_close;
  ParagraphMarkup markup;
  std::string_view sidebar_open;
  std::string_view sidebar_close;
  std::string_view sidebar_heading;
  bool sidebar_first;              // sidebar before the article in the source
  std::string_view comments_open;  // the whole comment block
  std::string_view comments_close;
  std::string_view comment_open;  // one comment
  std::string_view comment_close;
  std::string_view author_tag;  // "span class=..." around the commenter's name
  std::string_view comment_text_tag;
  std::string_view share_class;
  std::string_view cookie_open;
  std::string_view footer_open;
  std::string_view footer_close;
};

constexpr std::array<SiteStyle, 5> kSites = {{
    {"The Morning Ledger",
     "morningledger.example",
     "single single-post",
     "<nav class=\"main-navigation\" id=\"site-navigation\"><ul class=\"menu\">",
     "</ul></nav>",
     "<main id=\"main\" class=\"site-main\"><article class=\"post type-post hentry\">",
     "</article></main>",
     "h1 class=\"entry-title\"",
     "<div class=\"entry-content\">",
     "</div>",
     ParagraphMarkup::kP,
     "<aside id=\"secondary\" class=\"widget-area\"><section class=\"widget\">",
     "</section></aside>",
     "Most Read",
     false,
     "<section id=\"comments\" class=\"comments-area\"><h2 class=\"comments-title\">Comments</h2>"
     "<ol class=\"comment-list\">",
     "</ol></section>",
     "<li class=\"comment\"><article class=\"comment-body\">",
     "</article></li>",
     "div class=\"comment-author vcard\"",
     "div class=\"comment-content\"",
     "share-links",
     "<div class=\"cookie-notice\" id=\"cookie-notice\">",
     "<footer id=\"colophon\" class=\"site-footer\">",
     "</footer>"},
    {"NewsPulse 24",
     "newspulse24.example",
     "np-story",
     "<div id=\"topnav\"><ul class=\"navlist\">",
     "</ul></div>",
     "<div id=\"main-col\"><div class=\"story-wrap\">",
     "</div></div>",
     "h2 class=\"story-headline\"",
     "<div class=\"story-text\">",
     "</div>",
     ParagraphMarkup::kBr,
     "<div id=\"right-col\"><div class=\"box trending\">",
     "</div></div>",
     "Trending now",
     false,
     "<div id=\"disqus_thread\"><div class=\"dsq-header\">Join the discussion</div>"
     "<ul class=\"dsq-posts\">",
     "</ul></div>",
     "<li class=\"dsq-post\">",
     "</li>",
     "span class=\"dsq-author\"",
     "p class=\"dsq-msg\"",
     "sharebar",
     "<div id=\"cookieBar\" class=\"cookie-bar\">",
     "<div id=\"footer\">",
     "</div>"},
    {"Global Wire Digest",
     "globalwiredigest.example",
     "article-page",
     "<nav class=\"navbar navbar-expand-lg\"><ul class=\"navbar-nav\">",
     "</ul></nav>",
     "<div class=\"container\"><div class=\"row\"><div class=\"col-md-8\"><main role=\"main\">",
     "</main></div>",
     "h1 class=\"headline\"",
     "<div class=\"article-body\">",
     "</div>",
     ParagraphMarkup::kP,
     "<div class=\"col-md-4\"><div class=\"sidebar-widget\">",
     "</div></div></div></div>",
     "Latest headlines",
     false,
     "<div class=\"user-comments\"><h3>Reader comments</h3>",
     "</div>",
     "<div class=\"c-item\">",
     "</div>",
     "span class=\"c-name\"",
     "div class=\"c-body\"",
     "social-share",
     "<div class=\"gdpr-overlay\" role=\"dialog\">",
     "<footer class=\"footer-dark\">",
     "</footer>"},
    {"Metro Herald Online",
     "metroherald.example",
     "node-type-article",
     "<div id=\"header\"><div id=\"menu\"><ul class=\"primary-links\">",
     "</ul></div></div>",
     "<div id=\"content\"><div class=\"node node-article\">",
     "</div></div>",
     "h1 class=\"title\"",
     "<div class=\"field field-name-body\">",
     "</div>",
     ParagraphMarkup::kP,
     "<div id=\"sidebar-left\"><div class=\"block block-views\">",
     "</div></div>",
     "More from Metro Herald",
     true,
     "<div id=\"comments\"><h2>Have your say</h2>",
     "</div>",
     "<div class=\"comment-item\">",
     "</div>",
     "h4 class=\"comment-user\"",
     "div class=\"comment-text\"",
     "service-links",
     "<div class=\"eu-cookie-compliance-banner\">",
     "<div id=\"footer-wrapper\">",
     "</div>"},
    {"Daily Buzz Network",
     "dailybuzz.example",
     "app",
     "<header class=\"topbar\"><div class=\"links\">",
     "</div></header>",
     "<main class=\"feed-item\">",
     "</main>",
     "h1 class=\"ttl\"",
     "<div class=\"txt\">",
     "</div>",
     ParagraphMarkup::kDiv,
     "<div class=\"rail\">",
     "</div>",
     "You may also like",
     false,
     "<div class=\"responses-wrap\"><div class=\"responses-count\">Responses</div>"
     "<ul class=\"responses\">",
     "</ul></div>",
     "<li class=\"response\">",
     "</li>",
     "b class=\"who\"",
     "p class=\"said\"",
     "buzz-share",
     "<div class=\"consent-popup\">",
     "<div class=\"bottom\">",
     "</div>"},
}};

constexpr std::array<std::string_view, 9> kMenu = {"Home",          "World",      "Politics",
                                                   "Business",      "Technology", "Sport",
                                                   "Entertainment", "Opinion",    "Video"};

constexpr std::array<std::string_view, 15> kCommenters = {
    "jdog1977",   "Margaret T.",     "truthseeker", "Ken from Ohio", "anon_reader",
    "LisaM",      "patriot_4ever",   "R. Delgado",  "citizen_kane",  "Bob",
    "sunny_days", "OldSchoolEditor", "mike_w",      "NotABot2024",   "grandma_jo"};

constexpr std::array<std::string_view, 24> kComments = {
    "Great reporting, thanks for covering this.",
    "I don't believe a word of it. Follow the money.",
    "This is exactly what I have been saying for years and nobody listened.",
    "Can someone explain why this is only being reported now?",
    "Sad news. My thoughts go out to everyone affected.",
    "Typical. Nothing will change until people vote them out.",
    "First!",
    "Not surprised at all. Same thing happened in my town last year.",
    "The headline is misleading, read the whole article before commenting.",
    "Where are the sources for these numbers?",
    "Who wrote this? Half the facts are wrong.",
    "Well said. More journalism like this please.",
    "I live nearby and it is much worse than they are saying.",
    "Does anyone know if there will be an update tomorrow?",
    "lol this comment section is a mess",
    "We need answers, not more press conferences.",
    "Thank you for not turning this into a political fight for once.",
    "I stopped reading after the second paragraph. Biased as always.",
    "My brother works there and says the real story is different.",
    "Good. It's about time.",
    "How is this news? Slow day in the newsroom?",
    "Bookmarking this to see how it plays out.",
    "Interesting, but the article leaves out the most important part.",
    "Why does every story on this site need a cookie banner and three pop-ups?"};

constexpr std::array<std::string_view, 10> kSpam = {
    "I make $85 an hour working from home on my laptop. Best decision ever! Check it out at "
    "www.easycash-daily.example",
    "Buy cheap followers and likes at sociaboost dot example, fast delivery 100% real!!!",
    "Great post! Visit my blog for more amazing content about crypto gains.",
    "My aunt earns 14,000 dollars a month online. Start today here: bit.example/xK29",
    "Lose 20 pounds in 2 weeks with this one weird trick doctors hate.",
    "CLICK HERE to claim your free gift card before it is gone!!!",
    "Hot singles in your area are waiting. Sign up free.",
    "Replica watches best price guaranteed, visit luxurytime dot example",
    "Earn money online with no experience. Message me on WhatsApp.",
    "Cheap flights and hotel deals, up to 80% off, book now at tripz.example"};

constexpr std::array<std::string_view, 6> kTimesAgo = {"2 hours ago", "5 hours ago", "yesterday",
                                                       "1 day ago",   "3 days ago",  "just now"};

constexpr std::array<std::string_view, 6> kReporters = {
    "Staff Reporter", "Newsdesk", "Web Team", "Clara Whitmore", "Ben Hollis", "Agency Staff"};

size_t Pick(std::mt19937_64& rng, size_t n) {
  return std::uniform_int_distribution<size_t>(0, n - 1)(rng);
}

// The element name of an opening-tag body: "h1 class=..." -> "h1".
std::string_view TagName(std::string_view tag) { return tag.substr(0, tag.find(' ')); }

std::string Slug(std::string_view title) {
  std::string slug;
  for (char c : title) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      slug += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!slug.empty() && slug.back() != '-') {
      slug += '-';
    }
    if (slug.size() >= 60) break;
  }
  while (!slug.empty() && slug.back() == '-') slug.pop_back();
  return slug;
}

std::string Paragraphs(const Article& article, const SiteStyle& site,
                       std::span<const std::string> other_headlines, std::mt19937_64& rng) {
  // An inline block after the second paragraph of longer articles, on about half the pages.
  std::string inline_block;
  if (article.paragraphs.size() >= 4 && Pick(rng, 2) == 0) {
    if (!other_headlines.empty() && Pick(rng, 2) == 0) {
      const std::string& h = other_headlines[Pick(rng, other_headlines.size())];
      inline_block = "<div class=\"read-more\"><strong>READ MORE:</strong> <a href=\"/" + Slug(h) +
                     "\">" + EscapeHtml(h) + "</a></div>\n";
    } else {
      inline_block =
          "<div class=\"newsletter-signup\"><h4>Get the morning briefing</h4><p>Sign up for our "
          "free daily newsletter and never miss a story.</p><form><input type=\"email\" "
          "placeholder=\"Your email address\"><button>Subscribe</button></form></div>\n";
    }
  }
  std::string out;
  for (size_t i = 0; i < article.paragraphs.size(); ++i) {
    std::string text = EscapeHtml(article.paragraphs[i]);
    switch (site.markup) {
      case ParagraphMarkup::kP:
        out += "<p>" + text + "</p>\n";
        break;
      case ParagraphMarkup::kBr:
        out += text + (i + 1 < article.paragraphs.size() ? "<br><br>\n" : "\n");
        break;
      case ParagraphMarkup::kDiv:
        out += "<div class=\"para\">" + text + "</div>\n";
        break;
    }
    if (i == 1) out += inline_block;
  }
  return out;
}

std::string ShareButtons(const SiteStyle& site, const std::string& url) {
  std::string out = "<div class=\"" + std::string(site.share_class) + "\"><span>Share:</span>";
  out += "<a href=\"https://www.facebook.com/sharer/sharer.php?u=" + url + "\">Facebook</a>";
  out += "<a href=\"https://twitter.com/intent/tweet?url=" + url + "\">Twitter</a>";
  out += "<a href=\"https://wa.me/?text=" + url + "\">WhatsApp</a>";
  out += "<a href=\"mailto:?subject=Read%20this&body=" + url + "\">Email</a></div>\n";
  return out;
}

std::string Sidebar(const SiteStyle& site, std::span<const std::string> other_headlines,
                    std::mt19937_64& rng) {
  std::string out =
      std::string(site.sidebar_open) + "<h3>" + std::string(site.sidebar_heading) + "</h3><ul>\n";
  size_t n = std::min<size_t>(other_headlines.size(), 3 + Pick(rng, 4));
  for (size_t i = 0; i < n; ++i) {
    const std::string& h = other_headlines[Pick(rng, other_headlines.size())];
    out += "<li><a href=\"/news/" + Slug(h) + "\">" + EscapeHtml(h) + "</a></li>\n";
  }
  out += "</ul><div class=\"ad-slot\">Advertisement</div>" + std::string(site.sidebar_close) + "\n";
  return out;
}

std::string Comments(const SiteStyle& site, std::mt19937_64& rng, std::vector<std::string>* texts) {
  size_t n = 3 + Pick(rng, 8);  // 3..10
  std::string out(site.comments_open);
  out += "\n";
  std::string_view author_tag = TagName(site.author_tag);
  std::string_view text_tag = TagName(site.comment_text_tag);
  for (size_t i = 0; i < n; ++i) {
    bool spam = Pick(rng, 10) < 3;
    std::string text(spam ? kSpam[Pick(rng, kSpam.size())]
                          : kComments[Pick(rng, kComments.size())]);
    if (!spam && Pick(rng, 3) == 0)
      text += " " + std::string(kComments[Pick(rng, kComments.size())]);
    std::string_view who = spam ? "deals4u" : kCommenters[Pick(rng, kCommenters.size())];
    out += std::string(site.comment_open) + "<" + std::string(site.author_tag) + ">" +
           std::string(who) + "</" + std::string(author_tag) + "> <span class=\"ago\">" +
           std::string(kTimesAgo[Pick(rng, kTimesAgo.size())]) + "</span><" +
           std::string(site.comment_text_tag) + ">" + EscapeHtml(text) + "</" +
           std::string(text_tag) +
           "><a class=\"reply\" href=\"#\">Reply</a> <span "
           "class=\"votes\">" +
           std::to_string(Pick(rng, 40)) + " likes</span>" + std::string(site.comment_close) + "\n";
    texts->push_back(std::move(text));
  }
  out += std::string(site.comments_close) + "\n";
  return out;
}

}  // namespace

std::string EscapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

WrappedPage WrapInPage(const Article& article, std::span<const std::string> other_headlines,
                       std::string_view published, std::mt19937_64& rng) {
  const SiteStyle& site = kSites[Pick(rng, kSites.size())];
  WrappedPage page;
  page.site = std::string(site.name);
  const std::string title = EscapeHtml(article.title);
  const std::string url = "https://" + std::string(site.domain) + "/news/" + Slug(article.title);
  const std::string name(site.name);
  const std::string pub(published);

  std::string& h = page.html;
  h += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  h += "<title>" + title + " | " + name + "</title>\n";
  h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  h += "<meta property=\"og:title\" content=\"" + title + "\">\n";
  h += "<meta property=\"og:site_name\" content=\"" + name + "\">\n";
  h += "<meta property=\"og:type\" content=\"article\">\n";
  h += "<link rel=\"canonical\" href=\"" + url + "\">\n";
  h += "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\",\"@type\":"
       "\"NewsArticle\",\"headline\":\"" +
       title + "\",\"datePublished\":\"" + pub +
       "\",\"publisher\":{\"@type\":\"Organization\","
       "\"name\":\"" +
       name + "\"}}</script>\n";
  h += "<link rel=\"stylesheet\" href=\"/static/css/main.css\">\n</head>\n";
  h += "<body class=\"" + std::string(site.body_class) + "\">\n";

  std::string cookie = std::string(site.cookie_open) +
                       "<p>We use cookies and similar technologies to improve your experience, "
                       "personalise content and ads, and analyse our traffic. By clicking "
                       "\"Accept all\" you agree to our use of cookies.</p><button>Accept "
                       "all</button> <button>Manage preferences</button> <a "
                       "href=\"/privacy\">Privacy policy</a></div>\n";
  bool cookie_first = Pick(rng, 2) == 0;
  if (cookie_first) h += cookie;

  h += "<div class=\"masthead\"><a class=\"logo\" href=\"/\">" + name +
       "</a><span class=\"tagline\">News you can trust, 24 hours a day</span> <a "
       "class=\"subscribe\" href=\"/subscribe\">Subscribe</a> <a href=\"/login\">Sign "
       "in</a></div>\n";
  h += std::string(site.nav);
  for (std::string_view item : kMenu) {
    std::string lower(item);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    h += "<li><a href=\"/" + lower + "\">" + std::string(item) + "</a></li>";
  }
  h += std::string(site.nav_close) + "\n";
  h += "<div class=\"breadcrumbs\"><a href=\"/\">Home</a> &rsaquo; <a href=\"/world\">World</a>"
       "</div>\n";

  std::string sidebar = Sidebar(site, other_headlines, rng);
  if (site.sidebar_first) h += sidebar;

  std::string_view title_name = TagName(site.title_tag);
  h += std::string(site.main_open) + "\n";
  // Appended piece by piece: `"<" + std::string` trips GCC 12's false -Wrestrict (PR 105329).
  h.append("<").append(site.title_tag).append(">").append(title);
  h.append("</").append(title_name).append(">\n");
  h += "<div class=\"byline\">By <a rel=\"author\" href=\"/staff\">" +
       std::string(kReporters[Pick(rng, kReporters.size())]) + "</a> | <time datetime=\"" + pub +
       "\">" + pub.substr(0, 10) + "</time></div>\n";
  bool share_on_top = Pick(rng, 2) == 0;
  if (share_on_top) h += ShareButtons(site, url);
  h += std::string(site.text_open) + "\n";
  h += Paragraphs(article, site, other_headlines, rng);
  h += std::string(site.text_close) + "\n";
  if (!share_on_top) h += ShareButtons(site, url);
  h += "<div class=\"tags\">Topics: <a href=\"/tag/world\">World</a>, <a "
       "href=\"/tag/breaking\">Breaking news</a></div>\n";
  h += Comments(site, rng, &page.comments);
  h += std::string(site.main_close) + "\n";

  if (!site.sidebar_first) h += sidebar;
  if (!cookie_first) h += cookie;
  h += std::string(site.footer_open) + "<p>&copy; 2024 " + name +
       ". All rights reserved.</p><ul class=\"footer-links\"><li><a href=\"/about\">About "
       "us</a></li><li><a href=\"/contact\">Contact</a></li><li><a "
       "href=\"/privacy\">Privacy policy</a></li><li><a href=\"/terms\">Terms of "
       "use</a></li><li><a href=\"/advertise\">Advertise with us</a></li></ul>" +
       std::string(site.footer_close) + "\n";
  h += "<script src=\"/static/js/app.js\"></script>\n</body>\n</html>\n";
  return page;
}

}  // namespace storyline::dedup_bench

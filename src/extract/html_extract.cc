// HTML extraction: one libxml2 parse, one iterative walk over the DOM, then linear passes over
// the flat arrays the walk produced.
//
// The walk turns the page into text blocks (the text between block-level boundaries, with the
// innermost block element as owner) and a pre-order array of elements (parent, subtree end,
// boilerplate marks). Boilerplate marks are features, not verdicts: a marked element that holds
// most of the page's non-link text, or contains the article, is kept. The main container is
// chosen as in Readability (Arc90): each paragraph scores its parent fully and two more
// ancestors at half and a quarter, the score is penalised by link density, boosted by
// <article>/<main>/articleBody hints, and high-scoring siblings of the winner join it.
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <simdjson.h>
#include <unicode/ucsdet.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <initializer_list>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "extract/dates.h"
#include "extract/quiet_libxml.h"
#include "extract/text_util.h"
#include "storyline/extract.h"
#include "storyline/timestamp.h"

namespace storyline {
namespace {

using extract_internal::AppendCollapsed;
using extract_internal::CollapseWhitespace;
using extract_internal::EndsLikeSentence;
using extract_internal::ParseLooseDate;
using extract_internal::ScopedQuietLibxml;
using extract_internal::Shorten;

enum class Tag : uint8_t {
  kInline,     // span, a, b, em, unknown elements
  kBlock,      // div, section, table, ul, ...: generic containers
  kParagraph,  // p, li, blockquote, pre, td, dd, ...: text holders
  kHeading,    // h2..h6
  kH1,
  kArticle,
  kMain,
  kBody,
  kHead,
  kNav,
  kAside,
  kFooter,
  kHeader,
  kForm,
  kFigcaption,
  kSkip,  // never text: script, style, svg, iframe, form controls
  kScript,
  kTitle,
  kMeta,
  kLink,
  kTime,
  kA,
  kBr,
};

bool IsBoundary(Tag t) {
  switch (t) {
    case Tag::kInline:
    case Tag::kSkip:
    case Tag::kScript:
    case Tag::kTitle:
    case Tag::kMeta:
    case Tag::kLink:
    case Tag::kTime:
    case Tag::kA:
      return false;
    default:
      return true;
  }
}

Tag LookupTag(const xmlChar* name) {
  static const auto* const kTags = [] {
    auto* tags = new std::unordered_map<std::string_view, Tag>;
    auto add = [tags](Tag tag, std::initializer_list<std::string_view> names) {
      for (std::string_view n : names) (*tags)[n] = tag;
    };
    add(Tag::kBlock, {"div", "section", "table", "tbody", "thead", "tfoot", "tr", "ul", "ol", "dl",
                      "figure", "center", "fieldset", "details", "html", "hgroup"});
    add(Tag::kParagraph,
        {"p", "li", "blockquote", "pre", "td", "th", "dd", "dt", "address", "summary", "caption"});
    add(Tag::kHeading, {"h2", "h3", "h4", "h5", "h6"});
    add(Tag::kSkip, {"style", "noscript", "template", "svg", "math", "iframe", "object", "embed",
                     "canvas", "select", "textarea", "button", "input", "option", "datalist",
                     "audio", "video", "map", "dialog"});
    add(Tag::kBr, {"br", "hr"});
    add(Tag::kNav, {"nav", "menu"});
    add(Tag::kH1, {"h1"});
    add(Tag::kArticle, {"article"});
    add(Tag::kMain, {"main"});
    add(Tag::kBody, {"body"});
    add(Tag::kHead, {"head"});
    add(Tag::kAside, {"aside"});
    add(Tag::kFooter, {"footer"});
    add(Tag::kHeader, {"header"});
    add(Tag::kForm, {"form"});
    add(Tag::kFigcaption, {"figcaption"});
    add(Tag::kScript, {"script"});
    add(Tag::kTitle, {"title"});
    add(Tag::kMeta, {"meta"});
    add(Tag::kLink, {"link"});
    add(Tag::kTime, {"time"});
    add(Tag::kA, {"a"});
    return tags;
  }();
  if (name == nullptr) return Tag::kInline;
  auto it = kTags->find(reinterpret_cast<const char*>(name));
  return it == kTags->end() ? Tag::kInline : it->second;
}

// Why an element (and everything inside it) is boilerplate.
enum class Drop : uint8_t { kNone, kTag, kClass, kRole, kHidden };

struct Node {
  int32_t parent = -1;
  int32_t end = 0;           // one past the last descendant's index (pre-order)
  int32_t block_owner = -1;  // innermost block-level element: itself or an ancestor
  Tag tag = Tag::kInline;
  Drop drop = Drop::kNone;
  bool in_article = false;     // inside <article>, <main> or an articleBody
  bool positive = false;       // class/id words that mark content ("article", "content", ...)
  bool body_hint = false;      // itemprop=articleBody
  bool cell = false;           // <li>, <td>, <th>, <dd>, <dt>: short text is normal there
  uint32_t class_key = 0;      // hash of the first class word; 0 when there is none
  bool comment_mark = false;   // dropped for a class/id word naming comments or replies
  bool section_mark = false;   // dropped because it opens with a related-content heading
  std::string_view drop_word;  // the tag name, class word or role, for the reason
};

struct Block {
  uint32_t offset = 0;  // into the text arena
  uint32_t size = 0;
  uint32_t link_bytes = 0;  // bytes of text inside <a>
  int32_t owner = -1;
  int32_t after = 0;  // elements before this block in document order (pre-order count)
};

// Class/id words. Strong ones mark boilerplate even next to a content word
// ("article-comments"); weak ones only alone ("post-header" is content's own header).
bool IsStrongNegativeWord(std::string_view w) {
  static constexpr std::string_view kPrefixes[] = {
      "comment",    "share",   "sharing", "social",   "related", "newsletter", "cookie",
      "breadcrumb", "advert",  "sponsor", "outbrain", "taboola", "disqus",     "recommend",
      "subscri",    "consent", "gdpr",    "promo",    "signup"};
  if (w == "commentary") return false;
  for (std::string_view p : kPrefixes) {
    if (w.size() >= p.size() && w.substr(0, p.size()) == p) return true;
  }
  // Forum and blog threads name their comments "reply"/"replies" as often as "comment".
  return w == "ad" || w == "ads" || w == "adsbygoogle" || w == "addthis" || w == "sharethis" ||
         w == "reply" || w == "replies";
}

// True for the strong words that name reader comments ("comment...", "disqus", "reply").
bool IsCommentWord(std::string_view w) {
  std::string lower(w);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.rfind("comment", 0) == 0 || lower == "disqus" || lower == "reply" ||
         lower == "replies";
}

// True for the strong words that name related or recommended content.
bool IsRelatedWord(std::string_view w) {
  std::string lower(w);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower.rfind("related", 0) == 0 || lower.rfind("recommend", 0) == 0;
}

bool IsWeakNegativeWord(std::string_view w) {
  static constexpr std::string_view kWords[] = {
      "sidebar",  "menu",   "nav",           "navbar",     "navigation",
      "footer",   "header", "masthead",      "banner",     "widget",
      "widgets",  "popup",  "modal",         "pagination", "pager",
      "toolbar",  "tags",   "tagcloud",      "trending",   "popular",
      "more",     "byline", "meta",          "caption",    "credit",
      "hidden",   "sronly", "print",         "skip",       "login",
      "author",   "bio",    "topbar",        "utility",    "dateline-hidden",
      "masthead", "subnav", "dropdown",      "overlay",    "alert",
      "sr",       "screen", "visuallyhidden"};
  for (std::string_view k : kWords) {
    if (w == k) return true;
  }
  return false;
}

bool IsPositiveWord(std::string_view w) {
  static constexpr std::string_view kWords[] = {
      "article", "articlebody", "content", "entry", "main",      "post",     "story",
      "text",    "body",        "prose",   "blog",  "storybody", "postbody", "articletext"};
  for (std::string_view k : kWords) {
    if (w == k) return true;
  }
  return false;
}

// Scans class or id words; sets `*negative` to the first boilerplate word found.
void ScanClassWords(std::string_view value, std::string_view* strong, std::string_view* weak,
                    bool* positive) {
  size_t i = 0;
  char buf[32];
  while (i < value.size()) {
    while (i < value.size() && !std::isalnum(static_cast<unsigned char>(value[i]))) ++i;
    size_t start = i;
    while (i < value.size() && std::isalnum(static_cast<unsigned char>(value[i]))) ++i;
    size_t len = i - start;
    if (len == 0 || len > sizeof buf) continue;
    for (size_t k = 0; k < len; ++k) {
      buf[k] = static_cast<char>(std::tolower(static_cast<unsigned char>(value[start + k])));
    }
    std::string_view w(buf, len);
    if (strong->empty() && IsStrongNegativeWord(w)) {
      *strong = value.substr(start, len);
    } else if (weak->empty() && IsWeakNegativeWord(w)) {
      *weak = value.substr(start, len);
    } else if (IsPositiveWord(w)) {
      *positive = true;
    }
  }
}

// A nonzero hash of the first whitespace-separated word of `value`, or 0 when it has none.
uint32_t FirstWordKey(std::string_view value) {
  size_t b = value.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return 0;
  size_t e = value.find_first_of(" \t\r\n", b);
  std::string_view w = value.substr(b, e == std::string_view::npos ? e : e - b);
  uint32_t h = 2166136261u;  // FNV-1a: a tag for equality tests, not a stored hash
  for (char c : w) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  return h | 1u;
}

std::string_view AttrValue(const xmlAttr* a) {
  const xmlNode* c = a->children;
  if (c != nullptr && c->type == XML_TEXT_NODE && c->content != nullptr && c->next == nullptr) {
    return reinterpret_cast<const char*>(c->content);
  }
  return {};
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool ContainsWordCI(std::string_view haystack, std::string_view word) {
  std::string h = Lower(haystack);
  size_t pos = 0;
  while ((pos = h.find(word, pos)) != std::string::npos) {
    bool left = pos == 0 || !std::isalnum(static_cast<unsigned char>(h[pos - 1]));
    size_t e = pos + word.size();
    bool right = e >= h.size() || !std::isalnum(static_cast<unsigned char>(h[e]));
    if (left && right) return true;
    pos = e;
  }
  return false;
}

std::string NodeText(xmlNode* x) {
  xmlChar* content = xmlNodeGetContent(x);
  if (content == nullptr) return {};
  std::string text = CollapseWhitespace(reinterpret_cast<const char*>(content));
  xmlFree(content);
  return text;
}

bool LooksLikeUrl(std::string_view s) {
  return s.substr(0, 7) == "http://" || s.substr(0, 8) == "https://" || s.substr(0, 2) == "//";
}

// Metadata candidates found while walking; chosen after the walk.
struct Metadata {
  std::string og_title, twitter_title, title_tag, og_site, app_name, og_url, canonical;
  std::string meta_author, article_author, rel_author;
  std::string date_primary;   // article:published_time
  std::string date_itemprop;  // itemprop=datePublished
  std::string date_other;     // pubdate, date, dc.date, ...
  std::string date_modified;  // article:modified_time, og:updated_time, dateModified
  struct TimeCandidate {
    int32_t node;
    std::string value;
    bool pubdate;
  };
  std::vector<TimeCandidate> times;
  // From JSON-LD.
  std::string ld_date, ld_modified, ld_headline, ld_author, ld_publisher, ld_url;
  bool ld_from_article = false;
};

std::string JsonName(const nlohmann::json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_object()) {
    auto it = v.find("name");
    if (it != v.end() && it->is_string()) return it->get<std::string>();
  }
  if (v.is_array()) {
    std::string out;
    for (const auto& e : v) {
      std::string name = JsonName(e.is_array() ? nlohmann::json() : e);
      if (name.empty()) continue;
      if (!out.empty()) out += ", ";
      out += name;
    }
    return out;
  }
  return {};
}

bool IsArticleType(const nlohmann::json& type) {
  auto check = [](const nlohmann::json& t) {
    if (!t.is_string()) return false;
    const std::string& s = t.get_ref<const std::string&>();
    return s.find("Article") != std::string::npos || s.find("Posting") != std::string::npos ||
           s == "Report";
  };
  if (type.is_array()) {
    for (const auto& t : type) {
      if (check(t)) return true;
    }
    return false;
  }
  return check(type);
}

// Reads the JSON-LD fields we use. Objects of an Article type win over others (WebPage, ...).
void ReadJsonLd(std::string_view text, Metadata* meta) {
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return;
  std::vector<const nlohmann::json*> stack{&doc};
  int budget = 20000;
  while (!stack.empty() && --budget > 0) {
    const nlohmann::json* v = stack.back();
    stack.pop_back();
    if (v->is_array()) {
      for (auto it = v->rbegin(); it != v->rend(); ++it) {
        if (it->is_structured()) stack.push_back(&*it);
      }
      continue;
    }
    if (!v->is_object()) continue;
    auto type = v->find("@type");
    bool article = type != v->end() && IsArticleType(*type);
    auto date = v->find("datePublished");
    bool take = date != v->end() && date->is_string() &&
                (meta->ld_date.empty() || (article && !meta->ld_from_article));
    if (take) {
      meta->ld_date = date->get<std::string>();
      meta->ld_from_article = article;
      auto headline = v->find("headline");
      if (headline != v->end() && headline->is_string()) {
        meta->ld_headline = headline->get<std::string>();
      }
      auto author = v->find("author");
      if (author != v->end()) meta->ld_author = JsonName(*author);
      auto publisher = v->find("publisher");
      if (publisher != v->end()) meta->ld_publisher = JsonName(*publisher);
      auto url = v->find("url");
      if (url != v->end() && url->is_string()) meta->ld_url = url->get<std::string>();
      auto modified = v->find("dateModified");
      if (modified != v->end() && modified->is_string()) {
        meta->ld_modified = modified->get<std::string>();
      }
    }
    for (auto it = v->begin(); it != v->end(); ++it) {
      if (it->is_structured() && it.key() != "author" && it.key() != "publisher") {
        stack.push_back(&*it);
      }
    }
  }
}

// The DOM walk: builds the element array, the text blocks and the metadata.
class PageScanner {
 public:
  explicit PageScanner(size_t html_size) {
    nodes_.reserve(html_size / 64 + 16);
    blocks_.reserve(html_size / 512 + 16);
    arena_.reserve(html_size / 3 + 16);
  }

  void Scan(xmlDoc* doc) {
    xmlNode* cur = doc->children;
    while (cur != nullptr) {
      bool descend = Enter(cur);
      if (descend && cur->children != nullptr) {
        cur = cur->children;
        continue;
      }
      while (cur != nullptr) {
        Exit(cur);
        if (cur->next != nullptr) {
          cur = cur->next;
          break;
        }
        cur = cur->parent;
        if (cur == nullptr || cur->type != XML_ELEMENT_NODE) cur = nullptr;
      }
    }
    Flush();
  }

  std::vector<Node> nodes_;
  std::vector<Block> blocks_;
  std::string arena_;
  std::vector<int32_t> hints_;       // article/main/articleBody elements not marked boilerplate
  std::vector<uint32_t> h1_blocks_;  // blocks owned by <h1>, first few
  std::vector<int32_t> h1_nodes_;    // <h1> elements
  std::vector<int32_t> comment_anchors_;  // empty <a> named or id'd for comments
  Metadata meta_;

 private:
  bool Enter(xmlNode* x) {
    if (x->type == XML_TEXT_NODE || x->type == XML_CDATA_SECTION_NODE) {
      if (x->content != nullptr) {
        size_t before = cur_.size();
        AppendCollapsed(reinterpret_cast<const char*>(x->content), &cur_, &pending_space_);
        if (link_depth_ > 0) cur_link_ += cur_.size() - before;
      }
      return false;
    }
    if (x->type != XML_ELEMENT_NODE) return false;

    const Tag tag = LookupTag(x->name);
    if (IsBoundary(tag)) Flush();
    const int32_t parent = current_;
    const int32_t idx = static_cast<int32_t>(nodes_.size());
    Node node;
    node.parent = parent;
    node.tag = tag;
    if (parent >= 0) {
      node.in_article = nodes_[parent].in_article;
      node.block_owner = nodes_[parent].block_owner;
    }
    if (IsBoundary(tag)) node.block_owner = idx;
    if (tag == Tag::kParagraph) {
      std::string_view nm = reinterpret_cast<const char*>(x->name);
      node.cell = nm == "li" || nm == "td" || nm == "th" || nm == "dd" || nm == "dt";
    }

    std::string_view cls_strong, cls_weak, role, itemprop, property, name, content, rel, href, type,
        datetime, style;
    bool hidden = false, has_pubdate = false;
    for (const xmlAttr* a = x->properties; a != nullptr; a = a->next) {
      std::string_view an = reinterpret_cast<const char*>(a->name);
      std::string_view v = AttrValue(a);
      if (an == "class" || an == "id") {
        ScanClassWords(v, &cls_strong, &cls_weak, &node.positive);
        if (an == "class") node.class_key = FirstWordKey(v);
      } else if (an == "role") {
        role = v;
      } else if (an == "itemprop") {
        itemprop = v;
      } else if (an == "property") {
        property = v;
      } else if (an == "name") {
        name = v;
      } else if (an == "content") {
        content = v;
      } else if (an == "rel") {
        rel = v;
      } else if (an == "href") {
        href = v;
      } else if (an == "type") {
        type = v;
      } else if (an == "datetime") {
        datetime = v;
      } else if (an == "style") {
        style = v;
      } else if (an == "hidden") {
        hidden = true;
      } else if (an == "pubdate") {
        has_pubdate = true;
      }
    }

    bool descend = true;
    switch (tag) {
      case Tag::kSkip:
        descend = false;
        break;
      case Tag::kScript:
        if (type.find("ld+json") != std::string_view::npos) {
          xmlChar* text = xmlNodeGetContent(x);
          if (text != nullptr) {
            ReadJsonLd(reinterpret_cast<const char*>(text), &meta_);
            xmlFree(text);
          }
        }
        descend = false;
        break;
      case Tag::kTitle:
        if (meta_.title_tag.empty()) meta_.title_tag = NodeText(x);
        descend = false;
        break;
      case Tag::kMeta:
        OnMeta(property.empty() ? (name.empty() ? itemprop : name) : property, content);
        descend = false;
        break;
      case Tag::kLink:
        if (ContainsWordCI(rel, "canonical") && meta_.canonical.empty()) {
          meta_.canonical = CollapseWhitespace(href);
        }
        descend = false;
        break;
      case Tag::kTime: {
        std::string value(datetime.empty() ? std::string_view() : datetime);
        if (value.empty()) value = NodeText(x);
        if (itemprop == "datePublished" && meta_.date_itemprop.empty()) {
          meta_.date_itemprop = value;
        }
        if (meta_.times.size() < 32 && !value.empty()) {
          meta_.times.push_back({idx, std::move(value), has_pubdate});
        }
        break;
      }
      case Tag::kA:
        ++link_depth_;
        if (ContainsWordCI(rel, "author") && meta_.rel_author.empty()) {
          meta_.rel_author = NodeText(x);
        }
        break;
      default:
        break;
    }
    if (tag != Tag::kMeta && itemprop == "datePublished" && meta_.date_itemprop.empty()) {
      if (!content.empty()) meta_.date_itemprop = std::string(content);
    }

    // Boilerplate marks (confirmed or overruled after the walk, from text density).
    const bool hint = tag == Tag::kArticle || tag == Tag::kMain || itemprop == "articleBody" ||
                      role == "main" || role == "article";
    node.body_hint = itemprop == "articleBody";
    if (tag == Tag::kNav || tag == Tag::kAside || tag == Tag::kFooter || tag == Tag::kForm ||
        tag == Tag::kFigcaption || (tag == Tag::kHeader && !node.in_article)) {
      node.drop = Drop::kTag;
      node.drop_word = reinterpret_cast<const char*>(x->name);
    }
    if (node.drop == Drop::kNone && tag != Tag::kBody && !(tag == Tag::kBlock && parent < 0)) {
      if (!cls_strong.empty()) {
        node.drop = Drop::kClass;
        node.drop_word = cls_strong;
        node.comment_mark = IsCommentWord(cls_strong);
      } else if (!cls_weak.empty() && !node.positive && !hint) {
        node.drop = Drop::kClass;
        node.drop_word = cls_weak;
      } else if (role == "navigation" || role == "banner" || role == "contentinfo" ||
                 role == "complementary" || role == "search" || role == "menu" ||
                 role == "menubar" || role == "dialog" || role == "alert") {
        node.drop = Drop::kRole;
        node.drop_word = role;
      } else if (hidden || StyleHides(style)) {
        node.drop = Drop::kHidden;
      }
    }
    if (hint) {
      node.in_article = true;
      if (node.drop == Drop::kNone) hints_.push_back(idx);
    }
    // A section that opens with a heading marked as related or recommended content ("You may
    // also like", as WordPress plugins render it) is that content, teaser <article>s included.
    if (tag == Tag::kHeading && parent >= 0 && idx == parent + 1 && node.drop == Drop::kClass &&
        IsRelatedWord(node.drop_word) && nodes_[parent].drop == Drop::kNone &&
        nodes_[parent].tag != Tag::kBody) {
      nodes_[parent].drop = Drop::kClass;
      nodes_[parent].drop_word = node.drop_word;
      nodes_[parent].section_mark = true;
    }

    // `<a name="comments"></a>`: the jump target where a page's reader comments begin, often
    // in the same container as the article, with no element around the comments themselves.
    if (tag == Tag::kA && x->children == nullptr && parent >= 0 &&
        (IsCommentWord(name) || (node.drop == Drop::kClass && node.comment_mark))) {
      comment_anchors_.push_back(idx);
    }
    if (tag == Tag::kH1) h1_nodes_.push_back(idx);
    nodes_.push_back(node);
    current_ = idx;
    return descend;
  }

  void Exit(xmlNode* x) {
    if (x->type != XML_ELEMENT_NODE || current_ < 0) return;
    Node& node = nodes_[current_];
    if (IsBoundary(node.tag)) Flush();
    if (node.tag == Tag::kA && link_depth_ > 0) --link_depth_;
    node.end = static_cast<int32_t>(nodes_.size());
    current_ = node.parent;
  }

  void Flush() {
    pending_space_ = false;
    if (cur_.empty()) {
      cur_link_ = 0;
      return;
    }
    Block b;
    b.offset = static_cast<uint32_t>(arena_.size());
    b.size = static_cast<uint32_t>(cur_.size());
    b.link_bytes = static_cast<uint32_t>(std::min(cur_link_, cur_.size()));
    b.owner = current_ >= 0 ? nodes_[current_].block_owner : -1;
    b.after = static_cast<int32_t>(nodes_.size());
    if (b.owner >= 0 && nodes_[b.owner].tag == Tag::kH1 && h1_blocks_.size() < 8) {
      h1_blocks_.push_back(static_cast<uint32_t>(blocks_.size()));
    }
    blocks_.push_back(b);
    arena_ += cur_;
    cur_.clear();
    cur_link_ = 0;
  }

  static bool StyleHides(std::string_view style) {
    if (style.empty()) return false;
    std::string s;
    for (char c : style) {
      if (c != ' ') s.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    return s.find("display:none") != std::string::npos ||
           s.find("visibility:hidden") != std::string::npos;
  }

  void OnMeta(std::string_view key_raw, std::string_view content) {
    if (key_raw.empty() || content.empty()) return;
    std::string key = Lower(key_raw);
    auto set = [&](std::string* field) {
      if (field->empty()) *field = CollapseWhitespace(content);
    };
    if (key == "og:title") {
      set(&meta_.og_title);
    } else if (key == "twitter:title") {
      set(&meta_.twitter_title);
    } else if (key == "og:site_name") {
      set(&meta_.og_site);
    } else if (key == "application-name") {
      set(&meta_.app_name);
    } else if (key == "og:url") {
      set(&meta_.og_url);
    } else if (key == "article:published_time" || key == "og:article:published_time" ||
               key == "article:published") {
      set(&meta_.date_primary);
    } else if (key == "article:modified_time" || key == "og:updated_time" ||
               key == "datemodified") {
      set(&meta_.date_modified);
    } else if (key == "datepublished") {
      set(&meta_.date_itemprop);
    } else if (key == "og:published_time" || key == "pubdate" || key == "publishdate" ||
               key == "publish-date" || key == "publish_date" || key == "date" ||
               key == "dc.date" || key == "dc.date.issued" || key == "dcterms.date" ||
               key == "dcterms.created" || key == "sailthru.date" || key == "parsely-pub-date" ||
               key == "article.published" || key == "date_published" ||
               key == "original-publish-date" || key == "release_date") {
      set(&meta_.date_other);
    } else if (key == "author" || key == "sailthru.author" || key == "parsely-author" ||
               key == "dc.creator" || key == "byl") {
      set(&meta_.meta_author);
    } else if (key == "article:author") {
      set(&meta_.article_author);
    }
  }

  std::string cur_;  // text of the block being built
  size_t cur_link_ = 0;
  bool pending_space_ = false;
  int link_depth_ = 0;
  int32_t current_ = -1;
};

std::string SimplifyForCompare(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    } else if (static_cast<unsigned char>(c) >= 0x80) {
      out.push_back(c);
    }
  }
  return out;
}

std::string HostOf(std::string_view url) {
  size_t scheme = url.find("//");
  if (scheme == std::string_view::npos) return {};
  std::string_view rest = url.substr(scheme + 2);
  size_t end = rest.find_first_of("/:?#");
  std::string host = Lower(rest.substr(0, end));
  if (host.rfind("www.", 0) == 0) host.erase(0, 4);
  return host;
}

// Words of a line for length tests: space-separated words, plus one per two CJK characters
// (U+3000..U+9FFF: kana and ideographs, written without spaces).
size_t CountWordsCjkAware(std::string_view s) {
  size_t words = 0, cjk = 0;
  bool in_word = false;
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0xE3 && c <= 0xE9 && i + 2 < s.size()) {
      ++cjk;
      i += 2;
      in_word = false;
      continue;
    }
    const bool space = c == ' ';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words + cjk / 2;
}

size_t CountWords(std::string_view s) {
  size_t words = 0;
  bool in_word = false;
  for (char c : s) {
    bool space = c == ' ';
    if (!space && !in_word) ++words;
    in_word = !space;
  }
  return words;
}

// Removes a site suffix (or prefix) such as " | BBC News" from a page title.
std::string CleanTitle(std::string title, std::string_view site, std::string_view host) {
  static constexpr std::string_view kSeparators[] = {
      " | ", " - ", " — ", " – ", " :: ", " · ", " « ", " » ", ": "};
  const std::string site_key = SimplifyForCompare(site);
  std::string host_key = SimplifyForCompare(host.substr(0, host.find('.')));
  std::string host_full = SimplifyForCompare(host);
  auto matches_site = [&](std::string_view part) {
    std::string k = SimplifyForCompare(part);
    if (k.empty()) return false;
    return (!site_key.empty() && (k == site_key || site_key.find(k) != std::string::npos ||
                                  k.find(site_key) != std::string::npos)) ||
           (!host_key.empty() &&
            (k == host_key || k == host_full || k.find(host_key) != std::string::npos));
  };
  for (int round = 0; round < 2; ++round) {
    // The last separator; " :: " wins over the ": " inside it.
    size_t best = std::string::npos;
    std::string_view best_sep;
    for (std::string_view sep : kSeparators) {
      size_t pos = title.rfind(sep);
      if (pos == std::string::npos || pos == 0) continue;
      size_t end = pos + sep.size();
      size_t best_end = best == std::string::npos ? 0 : best + best_sep.size();
      if (best == std::string::npos || end > best_end || (end == best_end && pos < best)) {
        best = pos;
        best_sep = sep;
      }
    }
    if (best == std::string::npos) break;
    std::string_view head(title.data(), best);
    std::string_view tail(title.data() + best + best_sep.size(),
                          title.size() - best - best_sep.size());
    size_t tail_words = CountWords(tail), head_words = CountWords(head);
    bool short_tail = best_sep != ": " && tail_words <= 3 && head_words >= 4;
    if (matches_site(tail) || short_tail) {
      title.resize(best);
      continue;
    }
    // "Site | Headline": the prefix is the site.
    size_t first = std::string::npos;
    for (std::string_view sep : kSeparators) {
      if (sep == ": ") continue;
      size_t pos = title.find(sep);
      if (pos != std::string::npos && (first == std::string::npos || pos < first)) {
        first = pos;
        best_sep = sep;
      }
    }
    if (first != std::string::npos && matches_site(std::string_view(title.data(), first))) {
      title.erase(0, first + best_sep.size());
      continue;
    }
    break;
  }
  return CollapseWhitespace(title);
}

// A date in a URL's path: /YYYY/MM/DD/, /YYYY-MM-DD or /YYYYMMDD between separators, with a
// year from 1990 to 2099 and a valid month and day; midnight UTC.
std::optional<UnixSeconds> DateInUrl(std::string_view url) {
  const size_t scheme = url.find("//");
  const size_t path = url.find('/', scheme == std::string_view::npos ? 0 : scheme + 2);
  if (path == std::string_view::npos) return std::nullopt;
  url = url.substr(path, url.find_first_of("?#", path) - path);
  auto digits = [&](size_t at, size_t n, int* value) {
    if (at + n > url.size()) return false;
    int v = 0;
    for (size_t k = at; k < at + n; ++k) {
      if (url[k] < '0' || url[k] > '9') return false;
      v = v * 10 + (url[k] - '0');
    }
    *value = v;
    return true;
  };
  auto boundary = [&](size_t at) {
    return at >= url.size() || !std::isalnum(static_cast<unsigned char>(url[at]));
  };
  for (size_t i = 0; i + 8 <= url.size(); ++i) {
    if (url[i] != '/' && url[i] != '-' && url[i] != '_') continue;
    int year, month, day;
    size_t at = i + 1;
    if (!digits(at, 4, &year) || year < 1990 || year > 2099) continue;
    at += 4;
    const char sep = at < url.size() ? url[at] : '\0';
    bool ok = false;
    if ((sep == '/' || sep == '-' || sep == '_') && digits(at + 1, 2, &month) &&
        at + 3 < url.size() && url[at + 3] == sep && digits(at + 4, 2, &day)) {
      ok = boundary(at + 6);
    } else if (digits(at, 2, &month) && digits(at + 2, 2, &day)) {
      ok = boundary(at + 4);
    }
    if (!ok || month < 1 || month > 12 || day < 1 || day > 31) continue;
    char iso[11];
    std::snprintf(iso, sizeof iso, "%04d-%02d-%02d", year, month, day);
    return ParseLooseDate(iso);
  }
  return std::nullopt;
}

std::optional<UnixSeconds> ParseDate(std::string_view s) {
  if (s.empty()) return std::nullopt;
  return ParseLooseDate(CollapseWhitespace(s));
}

const char* DropReasonPrefix(Drop d) {
  switch (d) {
    case Drop::kTag:
      return "boilerplate element <";
    case Drop::kClass:
      return "boilerplate class '";
    case Drop::kRole:
      return "boilerplate role '";
    case Drop::kHidden:
      return "hidden element";
    case Drop::kNone:
      break;
  }
  return "";
}

std::string DropReason(const Node& n) {
  std::string r = DropReasonPrefix(n.drop);
  if (n.drop == Drop::kHidden) return r;
  r += std::string(n.drop_word.substr(0, 40));
  r += n.drop == Drop::kTag ? ">" : "'";
  return r;
}

Article ExtractFromDoc(xmlDoc* doc, size_t html_size, std::vector<BlockDecision>* decisions) {
  PageScanner scan(html_size);
  scan.Scan(doc);
  const std::vector<Node>& nodes = scan.nodes_;
  const std::vector<Block>& blocks = scan.blocks_;
  const Metadata& meta = scan.meta_;
  const int32_t n = static_cast<int32_t>(nodes.size());

  // Subtree text and link bytes of every element.
  std::vector<uint32_t> text(n, 0), link(n, 0);
  for (const Block& b : blocks) {
    if (b.owner < 0) continue;
    text[b.owner] += b.size;
    link[b.owner] += b.link_bytes;
  }
  uint64_t total = 0;
  for (int32_t i = n - 1; i >= 0; --i) {
    if (nodes[i].parent >= 0) {
      text[nodes[i].parent] += text[i];
      link[nodes[i].parent] += link[i];
    } else {
      total += text[i];
    }
  }
  auto contains_hint = [&](int32_t i) {
    auto it = std::upper_bound(scan.hints_.begin(), scan.hints_.end(), i);
    return it != scan.hints_.end() && *it < nodes[i].end;
  };

  auto contains_h1 = [&](int32_t i) {
    auto it = std::upper_bound(scan.h1_nodes_.begin(), scan.h1_nodes_.end(), i);
    return it != scan.h1_nodes_.end() && *it < nodes[i].end;
  };

  // Sentences of prose under each element, before any drop: a comment or search form holds
  // none, a page-wide <form> (ASP.NET) holds the article.
  std::vector<uint32_t> raw_prose(n, 0);
  for (const Block& b : blocks) {
    if (b.owner < 0 || b.size < 80 || b.link_bytes * 4 >= b.size) continue;
    if (EndsLikeSentence(std::string_view(scan.arena_.data() + b.offset, b.size))) {
      ++raw_prose[b.owner];
    }
  }
  for (int32_t i = n - 1; i >= 0; --i) {
    if (nodes[i].parent >= 0) raw_prose[nodes[i].parent] += raw_prose[i];
  }

  // Confirm boilerplate marks: an element holding most of the page's text is not boilerplate,
  // nor is a class-marked wrapper around the article.
  std::vector<int32_t> drop_of(n, -1);
  for (int32_t i = 0; i < n; ++i) {
    const Node& nd = nodes[i];
    if (nd.parent >= 0 && drop_of[nd.parent] >= 0) {
      drop_of[i] = drop_of[nd.parent];
      continue;
    }
    if (nd.drop == Drop::kNone) continue;
    // A comment section often holds most of a page's text (33 reader comments under a short
    // news item): size never overrules a comment mark.
    bool dominant = !nd.comment_mark && total > 0 && uint64_t{text[i]} * 2 >= total &&
                    uint64_t{link[i]} * 3 < uint64_t{text[i]};
    // Page-wide wrappers ("content-with-sidebar", ASP.NET's <form>) hold the headline;
    // comment sections and sidebars do not.
    bool wraps_article =
        ((nd.drop != Drop::kTag || nd.tag == Tag::kForm) && (contains_hint(i) || contains_h1(i))) ||
        (nd.tag == Tag::kForm && raw_prose[i] >= 3);
    if ((!dominant && !wraps_article) || nd.section_mark) drop_of[i] = i;
  }

  // Text and link bytes again, over the blocks that survived, and the paragraph scores.
  std::vector<uint32_t> good(n, 0), good_link(n, 0);
  std::vector<float> score(n, 0.f);
  for (const Block& b : blocks) {
    if (b.owner < 0 || drop_of[b.owner] >= 0) continue;
    good[b.owner] += b.size;
    good_link[b.owner] += b.link_bytes;
    if (b.size < 25 || b.link_bytes * 2 > b.size) continue;
    Tag t = nodes[b.owner].tag;
    if (t == Tag::kH1) continue;
    float s = 1.f + static_cast<float>(b.size - b.link_bytes) / 100.f;
    if (t == Tag::kHeading) s *= 0.5f;
    int32_t target = (t == Tag::kParagraph || t == Tag::kHeading) ? nodes[b.owner].parent : b.owner;
    float w = 1.f;
    for (int level = 0; level < 3 && target >= 0; ++level) {
      score[target] += s * w;
      w *= 0.5f;
      target = nodes[target].parent;
    }
  }
  for (int32_t i = n - 1; i >= 0; --i) {
    if (nodes[i].parent >= 0) {
      good[nodes[i].parent] += good[i];
      good_link[nodes[i].parent] += good_link[i];
    }
  }
  auto link_density = [&](int32_t i) {
    return good[i] == 0 ? 0.f : static_cast<float>(good_link[i]) / static_cast<float>(good[i]);
  };
  std::vector<float> final_score(n, 0.f);
  int32_t top = -1;
  for (int32_t i = 0; i < n; ++i) {
    if (score[i] <= 0.f || drop_of[i] >= 0) continue;
    float f = score[i] * (1.f - link_density(i));
    const Node& nd = nodes[i];
    if (nd.body_hint) {
      f *= 1.5f;
    } else if (nd.tag == Tag::kArticle || nd.tag == Tag::kMain) {
      f *= 1.25f;
    } else if (nd.positive) {
      f *= 1.1f;
    }
    final_score[i] = f;
    if (top < 0 || f > final_score[top]) top = i;
  }

  std::vector<char> included(n, 0);
  if (top >= 0) {
    // When several strong candidates share an ancestor, the article is split across them.
    const float top_score = final_score[top];
    std::vector<int32_t> alternatives;
    for (int32_t i = 0; i < n; ++i) {
      if (i != top && final_score[i] >= 0.75f * top_score) alternatives.push_back(i);
    }
    if (alternatives.size() >= 2 && alternatives.size() <= 16) {
      for (int32_t a = nodes[top].parent; a >= 0 && nodes[a].tag != Tag::kBody;
           a = nodes[a].parent) {
        int count = 0;
        for (int32_t alt : alternatives) {
          if (alt > a && alt < nodes[a].end) ++count;
        }
        if (count >= 2) {
          top = a;
          break;
        }
      }
    }
    // Climb through wrappers that add no text of their own.
    while (nodes[top].parent >= 0 && nodes[nodes[top].parent].tag != Tag::kBody &&
           good[nodes[top].parent] <= good[top] + good[top] / 20) {
      top = nodes[top].parent;
    }
    const float threshold = std::max(3.f, 0.2f * final_score[top]);
    const int32_t parent = nodes[top].parent;
    auto mark = [&](int32_t i) {
      for (int32_t j = i; j < nodes[i].end; ++j) included[j] = 1;
    };
    if (parent < 0 || nodes[top].tag == Tag::kBody) {
      mark(top);
    } else {
      for (int32_t s = parent + 1; s < nodes[parent].end; s = std::max(nodes[s].end, s + 1)) {
        if (s == top) {
          mark(s);
          continue;
        }
        if (drop_of[s] >= 0) continue;
        bool take = final_score[s] >= threshold;
        // The article continued in a sibling of the same class (a body split around an embed
        // or an ad): its score is decayed like the top's, often below the absolute floor.
        // A sibling that is an <article> or holds an <h1> is the next story of a feed.
        if (!take && nodes[s].class_key != 0 && nodes[s].class_key == nodes[top].class_key &&
            nodes[s].tag == nodes[top].tag && nodes[s].tag != Tag::kArticle && !contains_h1(s)) {
          take = good[s] >= 150 && link_density(s) < 0.25f;  // prose, not a byline or a credit
        }
        if (!take && nodes[s].tag == Tag::kParagraph) {
          take = good[s] >= 80 && link_density(s) < 0.25f;
        }
        if (take) mark(s);
      }
    }
  } else {
    std::fill(included.begin(), included.end(), 1);
  }

  // Inside the main block, a link-heavy part with several blocks and no prose at all (section
  // labels, pagers, link lists of a table layout) is not the article. Data tables are kept:
  // their cells are short but not links.
  std::vector<uint16_t> block_count(n, 0), prose_count(n, 0);
  for (const Block& b : blocks) {
    if (b.owner < 0 || drop_of[b.owner] >= 0) continue;
    const bool prose = b.size >= 60 && b.link_bytes * 2 < b.size;
    block_count[b.owner] = static_cast<uint16_t>(std::min(block_count[b.owner] + 1, 60000));
    if (prose)
      prose_count[b.owner] = static_cast<uint16_t>(std::min(prose_count[b.owner] + 1, 60000));
  }
  for (int32_t i = n - 1; i >= 0; --i) {
    const int32_t p = nodes[i].parent;
    if (p < 0) continue;
    block_count[p] = static_cast<uint16_t>(std::min(block_count[p] + block_count[i], 60000));
    prose_count[p] = static_cast<uint16_t>(std::min(prose_count[p] + prose_count[i], 60000));
  }
  std::vector<char> no_prose(n, 0);
  if (top >= 0) {
    for (int32_t i = top + 1; i < nodes[top].end; ++i) {
      if (!included[i] || drop_of[i] >= 0) continue;
      if (block_count[i] >= 3 && prose_count[i] == 0 && link_density(i) >= 0.3f) {
        for (int32_t j = i; j < nodes[i].end; ++j) no_prose[j] = 1;
        i = nodes[i].end - 1;
      }
    }
  }

  Article article;
  // Metadata.
  std::string site = !meta.og_site.empty()    ? meta.og_site
                     : !meta.app_name.empty() ? meta.app_name
                                              : CollapseWhitespace(meta.ld_publisher);
  article.site_name = site;
  if (LooksLikeUrl(meta.canonical)) {
    article.canonical_url = meta.canonical;
  } else if (!meta.og_url.empty()) {
    article.canonical_url = meta.og_url;
  } else if (LooksLikeUrl(meta.ld_url)) {
    article.canonical_url = meta.ld_url;
  } else {
    article.canonical_url = meta.canonical;
  }
  const std::string host = HostOf(article.canonical_url);

  std::string h1;
  for (uint32_t bi : scan.h1_blocks_) {
    const Block& b = blocks[bi];
    std::string_view t(scan.arena_.data() + b.offset, b.size);
    if (h1.empty() || (included[b.owner] && drop_of[b.owner] < 0)) {
      h1 = std::string(t);
      if (included[b.owner]) break;
    }
  }
  if (!meta.og_title.empty()) {
    article.title = CleanTitle(meta.og_title, site, host);
  } else if (!meta.twitter_title.empty()) {
    article.title = CleanTitle(meta.twitter_title, site, host);
  } else if (!meta.ld_headline.empty()) {
    article.title = CollapseWhitespace(meta.ld_headline);
  } else if (!h1.empty()) {
    article.title = h1;
  } else {
    article.title = CleanTitle(meta.title_tag, site, host);
  }

  // A page cannot be published after it was last modified: a later candidate is a wrong one
  // (a "last updated" stamp, a date of an event in the text), and the next one is tried.
  std::optional<UnixSeconds> modified = ParseDate(meta.date_modified);
  if (!modified) modified = ParseDate(meta.ld_modified);
  auto plausible = [&](std::optional<UnixSeconds> t) {
    return t.has_value() && (!modified || *t <= *modified);
  };
  for (const std::string* d :
       {&meta.date_primary, &meta.ld_date, &meta.date_itemprop, &meta.date_other}) {
    if (auto t = ParseDate(*d); plausible(t)) {
      article.published = t;
      break;
    }
  }
  if (!article.published) {
    // A <time> inside the article, or near it (its header is often a sibling of the body).
    int32_t scope = top;
    for (int k = 0; k < 2 && scope >= 0 && nodes[scope].parent >= 0; ++k) {
      scope = nodes[scope].parent;
    }
    for (const auto& tc : meta.times) {
      bool inside = scope < 0 || (tc.node >= scope && tc.node < nodes[scope].end);
      if (inside || tc.pubdate) {
        if (auto t = ParseDate(tc.value); plausible(t)) {
          article.published = t;
          break;
        }
      }
    }
  }
  // Last, the date many sites put in their article URLs (/2019/11/19/, /2019-11-19-).
  if (!article.published) {
    if (auto t = DateInUrl(article.canonical_url); plausible(t)) article.published = t;
  }

  std::string author = !meta.meta_author.empty() ? meta.meta_author : meta.ld_author;
  if (author.empty() && !LooksLikeUrl(meta.article_author)) author = meta.article_author;
  if (author.empty()) author = meta.rel_author;
  article.author = CollapseWhitespace(author);

  // A comment anchor ends the article within its container, once some article came before it.
  auto after_comment_anchor = [&](const Block& b) {
    for (int32_t a : scan.comment_anchors_) {
      const int32_t container = nodes[a].parent;
      if (b.after > a && b.owner >= container && b.owner < nodes[container].end) return true;
    }
    return false;
  };
  bool article_seen = false;

  // Paragraphs.
  for (const Block& b : blocks) {
    std::string_view t(scan.arena_.data() + b.offset, b.size);
    const char* reason = nullptr;
    std::string drop_reason;
    if (b.owner < 0) {
      reason = "outside main block";
    } else if (drop_of[b.owner] >= 0) {
      drop_reason = DropReason(nodes[drop_of[b.owner]]);
    } else if (!included[b.owner]) {
      reason = "outside main block";
    } else if (no_prose[b.owner]) {
      reason = "in a part of the main block without prose";
    } else if (article_seen && after_comment_anchor(b)) {
      reason = "after a comments anchor";
    } else if (b.link_bytes * 2 > b.size) {
      reason = "link-dense";
    } else if (nodes[b.owner].tag == Tag::kH1) {
      reason = "headline";
    } else if (t == article.title) {
      reason = "title repeated";
    } else if (nodes[b.owner].tag != Tag::kHeading && !nodes[b.owner].cell &&
               CountWordsCjkAware(t) <= 3 && !EndsLikeSentence(t)) {
      reason = "short line outside sentences";
    }
    bool kept = reason == nullptr && drop_reason.empty();
    if (kept) article.paragraphs.emplace_back(t);
    article_seen = article_seen || kept;
    if (decisions != nullptr) {
      decisions->push_back(
          {Shorten(t, 200), kept, kept ? "main text" : (reason ? reason : drop_reason)});
    }
  }
  return article;
}

// The charset of a page that is not UTF-8 and declares none (no byte-order mark, no
// "charset" in its first 4 KB, where the HTML standard's prescan looks): ICU's detector over
// the page with markup filtered out. Empty when the page declares one (libxml2 reads it) or
// the detector is unsure (libxml2 then falls back to Latin-1).
std::string DetectUndeclaredCharset(std::string_view html) {
  if (html.size() >= 2 &&
      ((html[0] == '\xFE' && html[1] == '\xFF') || (html[0] == '\xFF' && html[1] == '\xFE'))) {
    return {};
  }
  std::string head(html.substr(0, 4096));
  for (char& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (head.find("charset") != std::string::npos) return {};
  UErrorCode status = U_ZERO_ERROR;
  UCharsetDetector* detector = ucsdet_open(&status);
  if (U_FAILURE(status)) return {};
  std::string name;
  ucsdet_enableInputFilter(detector, true);
  ucsdet_setText(detector, html.data(),
                 static_cast<int32_t>(std::min<size_t>(html.size(), 1 << 16)), &status);
  const UCharsetMatch* match = ucsdet_detect(detector, &status);
  if (U_SUCCESS(status) && match != nullptr && ucsdet_getConfidence(match, &status) >= 30) {
    const char* detected = ucsdet_getName(match, &status);
    if (U_SUCCESS(status) && detected != nullptr) name = detected;
  }
  ucsdet_close(detector);
  return name;
}

Article ExtractHtmlImpl(std::string_view html, std::vector<BlockDecision>* decisions) {
  static std::once_flag init_once;
  std::call_once(init_once, [] { xmlInitParser(); });
  if (html.empty() || html.size() > static_cast<size_t>(INT32_MAX)) return {};
  int options = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
                HTML_PARSE_COMPACT | XML_PARSE_HUGE;
  // Bytes that are valid UTF-8 are UTF-8 whatever the page declares: legacy 8-bit text is
  // almost never valid UTF-8, while pages mislabelled as big5 or latin1 are common, and
  // libxml2 stops at the first byte the declared charset cannot convert.
  const char* encoding = nullptr;
  std::string detected;
  if (simdjson::validate_utf8(html.data(), html.size())) {
    encoding = "UTF-8";
    options |= HTML_PARSE_IGNORE_ENC;
  } else if (detected = DetectUndeclaredCharset(html); !detected.empty()) {
    encoding = detected.c_str();
  }
  ScopedQuietLibxml quiet;
  htmlDocPtr doc =
      htmlReadMemory(html.data(), static_cast<int>(html.size()), nullptr, encoding, options);
  if (doc == nullptr) return {};
  Article article = ExtractFromDoc(doc, html.size(), decisions);
  xmlFreeDoc(doc);
  return article;
}

}  // namespace

Article ExtractHtml(std::string_view html, const ExtractOptions& options) {
  return ExtractHtmlImpl(html, nullptr);
}

Article ExplainHtml(std::string_view html, const ExtractOptions& options,
                    std::vector<BlockDecision>* decisions) {
  return ExtractHtmlImpl(html, decisions);
}

}  // namespace storyline

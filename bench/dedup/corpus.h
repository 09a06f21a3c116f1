// Building the harness corpus: real articles, their transformed copies and the gold labels.
//
// The evaluation corpus (GenerateCorpus), from the articles of sources.h:
//   - Articles with fewer than `min_source_words` words are left out (ECB+ has ~100 stubs).
//   - `filler_share` of the rest is held out as filler for partial embedding, never written
//     itself. Only articles without verbatim overlap with any other article (containment
//     < 0.2, sources.h) may be filler, so that no host page carries text of a corpus article
//     that its labels do not name.
//   - Every other article is a source and goes in as itself (transform `original`). Its
//     story's other articles are its hard negatives: different reports of the same event.
//   - For each of the 12 copy variants (exact, wrapped, near, truncation, reorder, typos 2%
//     and 5%, spin 10/20/30/50%, partial), `copies_per_variant` sources drawn at random get one
//     copy each. With the default 300 and ~1,000 sources, a source has ~3.6 copies on average
//     and every variant has 300 (source, copy) pairs: enough for a recall of 0.9 to be known
//     within +-0.02 (binomial, one standard error), while the corpus stays at ~4,600 documents,
//     which storyline deduplicates in seconds.
//   - Times: each story gets a day (stories two days apart, in random order); an original is
//     published within 36 hours of its story's day, a copy 20 minutes to 3 days after its
//     source. The corpus is written in publication order, like a crawl.
//   - The verbatim overlaps among the sources (containment >= 0.2) are written too: the real
//     wire copies among "different" reports, which the scorer can count as copies.
// Ids: "duc/<topic>/D<n>", "ecb/<doc>"; a copy is "<source>~<variant>", e.g. "ecb/3_4ecb~spin30".
//
// The speed corpus (GenerateScaleCorpus), for N up to millions, written as it is generated
// (memory does not grow with N): each synthetic original is a lead of 3 sentences of one real
// story followed by 9-27 sentences drawn from all the real articles, each sentence rewritten for
// the article: digits redrawn, and in every run of 5 words one word replaced by a word of the
// pool of the same class (-ed, -ing, -ly, plural, else thesaurus part of speech), drawn as often
// as the pool uses it; a capitalised name only where the run has no other word, never in the
// lead, and by any of the pool's names alike (rare names keep 50% spins detectable). That is
// half the content words, a fifth of all words; sentence structure, function words and the
// lead's names stay, and no 5-gram of the pool sentence survives but those of function words (or
// names) alone.
// Without the rewrite unrelated originals shared whole pool sentences, far more than real news
// does, and the window candidates of storyline's partial-copy check grew with N^2: of 2,000
// originals, pairs of different stories that share a word 5-gram / 8 or more went from 3.5% /
// 1.2% to 0.4% / 0.002% (real ECB+ articles of different stories: 0.6% / 0.008%; measured with
// `dedup_harness overlap`). Articles of a story share names, not text: 5% / 0.2% of same-story
// pairs (real ECB+: 62% / 22%). Originals are never copies of each other (a first version drew
// all sentences from one story, and at 20,000 documents storyline rightly found 1.6% of
// same-story pairs to be partial copies). About `copy_share` of the documents are copies, of a
// variant drawn uniformly, of one of the last `window` originals; partial copies embed into
// fresh synthetic filler. Labels name the lead's story. Ids: "synth/<n>", copies
// "synth/<n>~<variant>".
#ifndef STORYLINE_BENCH_DEDUP_CORPUS_H_
#define STORYLINE_BENCH_DEDUP_CORPUS_H_

#include <cstdint>
#include <functional>
#include <map>
#include <ostream>
#include <span>
#include <string>
#include <vector>

#include "labels.h"
#include "sources.h"
#include "storyline/status.h"
#include "transform.h"

namespace storyline::dedup_bench {

// A kind of copy: a transformation and its rate (0 where it has none).
struct CopyVariant {
  Transform transform;
  double rate;

  // "exact", "typos2", "spin30": the suffix of copy ids.
  std::string Name() const;
};

// The 12 variants, in table order.
std::span<const CopyVariant> CopyVariants();

// Makes one copy of `source` as the document `copy_id` (its generator is DocumentRng(seed,
// copy_id)). Wrapped copies come back as HTML in `*html` (with the page's sidebar drawn from
// `headlines`); the others as an article in `*copy`. Partial copies consume `filler` from the
// front and report how many paragraphs in `*filler_used`.
struct CopyInputs {
  const Thesaurus* thesaurus = nullptr;
  std::span<const std::string> headlines;  // other articles' titles, for wrapped pages
  std::span<const std::string> filler;     // unrelated paragraphs, for partial copies
  std::string filler_title;                // the host page's title, for partial copies
  std::string published;                   // RFC 3339, for the wrapped page's byline
};
struct CopyOutput {
  Article article;   // every variant but wrapped
  std::string html;  // wrapped
  size_t filler_used = 0;
  SpinStats spin;  // spin
};
CopyOutput MakeCopy(const Article& source, const CopyVariant& variant, const std::string& copy_id,
                    uint64_t seed, const CopyInputs& inputs);

struct CorpusOptions {
  uint64_t seed = 1;
  double filler_share = 0.25;
  size_t min_source_words = 80;
  size_t copies_per_variant = 300;
};

struct CorpusStats {
  size_t articles = 0;   // read
  size_t too_short = 0;  // left out
  size_t fillers = 0;
  size_t sources = 0;  // originals in the corpus
  size_t copies = 0;
  size_t filler_reused =
      0;  // partial pages that had to reuse filler text (0 unless the pool ran out)
  std::map<std::string, size_t> copies_by_variant;
  // Spin: replaced / content words, summed over the copies of each rate.
  std::map<std::string, std::pair<size_t, size_t>> spin_words;
  size_t overlaps = 0;  // source pairs written to the overlaps file
};

// Writes the corpus as JSON Lines to `corpus` (`{"id","title","text","published"}`, or
// `"html"` instead of title and text for wrapped copies), its labels.tsv to `labels` and, when
// not null, the verbatim overlaps among its originals to `overlaps` (TSV with header
// `a b containment jaccard`).
Status GenerateCorpus(const std::vector<SourceArticle>& articles, const Thesaurus& thesaurus,
                      const CorpusOptions& options, std::ostream& corpus, std::ostream& labels,
                      std::ostream* overlaps, CorpusStats* stats);

struct ScaleOptions {
  uint64_t seed = 1;
  size_t documents = 100000;
  double copy_share = 0.3;
  size_t window = 1024;  // copies are made of the last `window` originals
};

// Streams the speed corpus of `options.documents` documents and its labels; `progress` is
// called with the number of documents written, every 10,000 and at the end.
Status GenerateScaleCorpus(const std::vector<SourceArticle>& articles, const Thesaurus& thesaurus,
                           const ScaleOptions& options, std::ostream& corpus, std::ostream& labels,
                           const std::function<void(size_t)>& progress);

}  // namespace storyline::dedup_bench

#endif  // STORYLINE_BENCH_DEDUP_CORPUS_H_

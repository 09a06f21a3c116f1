#!/usr/bin/env python3
"""Turns real news articles into pages shaped like the Telegram Data Clustering Contest's.

Usage: make_pages.py [--count N] [--copy-share X] [--seed S] [--data DIR] OUT_DIR

Reads the ECB+ articles (../shared/data/clustering/ecbplus_docs.jsonl: 982 articles, 86
events) and the DUC 2004 articles (../shared/data/summaries/duc2004/docs: 50 topics of 10),
and writes N pages (default 1,000) into OUT_DIR/<yyyymmdd>/<hh>/<16 digits>.html, as the
contest laid out its data: OpenGraph meta (og:url, og:site_name, og:title, og:description),
article:published_time, and the text in <article> as <h1>, <address><time> and <p>.

The articles are drawn in a fixed shuffled order (--seed). Each event (an ECB+ event, a DUC
topic) gets a publication time within one week and its articles are spread over 18 hours
around it; outlets are invented. A share of the pages (--copy-share, default 0.1) are copies of
an earlier page republished by another outlet an hour or more later, as aggregators do. The
data is evaluation-only: the pages go to OUT_DIR, never into the repository.
"""

import argparse
import datetime
import hashlib
import html
import json
import os
import random
import re
import sys

SITES = [
    ("The Morning Ledger", "morningledger.example"), ("City Wire", "citywire.example"),
    ("Daily Courier", "dailycourier.example"), ("Global Dispatch", "globaldispatch.example"),
    ("The Evening Post", "eveningpost.example"), ("Metro Herald", "metroherald.example"),
    ("NewsFlash", "newsflash.example"), ("The Observer Online", "observer-online.example"),
    ("Coastal Times", "coastaltimes.example"), ("Capital Report", "capitalreport.example"),
    ("Frontline News", "frontline.example"), ("The Tribune Daily", "tribunedaily.example"),
    ("World Briefing", "worldbriefing.example"), ("Newsroom 24", "newsroom24.example"),
    ("The Sentinel", "sentinel.example"), ("Valley Chronicle", "valleychronicle.example"),
]

DATE_LINE = re.compile(
    r"^(?:\w+day\s*,?\s*)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\w*\.?\s+\d{1,2}\s*,"
    r"\s*\d{4}|^\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{2,4}|^(?:Posted|Updated|Published)\b", re.I)
URL_LINE = re.compile(r"^(?:https?\s*:|www\s*\.)")
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[\"“‘A-Z0-9])")


def detokenize(text):
    """Undoes ECB+'s Penn Treebank tokenisation: "word , word" -> "word, word"."""
    text = text.replace("``", "“").replace("''", "”")
    text = re.sub(r"“\s+", "“", text)
    text = re.sub(r"\s+”", "”", text)
    text = re.sub(r"\s+([,.;:?!%)\]])", r"\1", text)
    text = re.sub(r"([(\[$])\s+", r"\1", text)
    text = re.sub(r"\s+('s|'re|'ve|'ll|'d|'m|n't)\b", r"\1", text, flags=re.I)
    text = re.sub(r"(\w) - (\w)", r"\1-\2", text)
    text = re.sub(r"(\d) : (\d)", r"\1:\2", text)
    return re.sub(r"[ \t]+", " ", text).strip()


def headline_from(sentence, words=12):
    """A title for an article without one: the lead sentence's first words."""
    tokens = sentence.split()
    title = " ".join(tokens[:words]).rstrip(",;:")
    return title if len(tokens) <= words else title + "…"


def paragraphs_of(sentences, rng):
    """Groups sentences into paragraphs of 1 to 3, as news pages set them."""
    paragraphs, i = [], 0
    while i < len(sentences):
        n = rng.choice((1, 2, 2, 3))
        paragraphs.append(" ".join(sentences[i:i + n]))
        i += n
    return paragraphs


def read_ecbplus(path, rng):
    articles = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            lines = [l.strip() for l in record["text"].split("\n") if l.strip()]
            url = None
            if lines and URL_LINE.match(lines[0]):
                url = re.sub(r"\s+", "", lines.pop(0))
            title = None
            if url and lines:
                title = detokenize(lines.pop(0))
            lines = [l for l in lines if not DATE_LINE.match(l)]
            sentences = [detokenize(l) for l in lines]
            sentences = [s for s in sentences if s]
            if not sentences:
                continue
            if not title:
                title = headline_from(sentences[0])
            articles.append({"source": "ecbplus/" + record["doc"],
                             "event": "ecbplus/" + record["subtopic_event_cluster"],
                             "title": title, "paragraphs": paragraphs_of(sentences, rng)})
    return articles


def read_duc(root, rng):
    articles = []
    for topic in sorted(os.listdir(root)):
        folder = os.path.join(root, topic)
        if not os.path.isdir(folder):
            continue
        for name in sorted(os.listdir(folder)):
            with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as f:
                text = f.read()
            text = re.sub(r"\s+", " ", text.replace("``", "“").replace("''", "”")).strip()
            sentences = [s.strip() for s in SENTENCE_END.split(text) if s.strip()]
            if not sentences:
                continue
            articles.append({"source": "duc2004/%s/%s" % (topic, name), "event": "duc2004/" + topic,
                             "title": headline_from(sentences[0]),
                             "paragraphs": paragraphs_of(sentences, rng)})
    return articles


def slug(title):
    s = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return s[:60].rstrip("-") or "article"


def page_html(article, site, domain, published):
    e = lambda s: html.escape(s, quote=True)
    when = published.strftime("%Y-%m-%dT%H:%M:%S+00:00")
    url = "https://%s/%s/%s" % (domain, published.strftime("%Y/%m/%d"), slug(article["title"]))
    out = ["<!DOCTYPE html>", "<html>", "  <head>", '    <meta charset="utf-8"/>',
           '    <meta property="og:url" content="%s"/>' % e(url),
           '    <meta property="og:site_name" content="%s"/>' % e(site),
           '    <meta property="article:published_time" content="%s"/>' % when,
           '    <meta property="og:title" content="%s"/>' % e(article["title"]),
           '    <meta property="og:description" content="%s"/>' % e(article["paragraphs"][0][:300]),
           "  </head>", "  <body>", "    <article>",
           "      <h1>%s</h1>" % e(article["title"]),
           '      <address><time datetime="%s">%s</time> by <a rel="author">%s staff</a>'
           "</address>" % (when, published.strftime("%d %b %Y, %H:%M"), e(site))]
    out += ["      <p>%s</p>" % e(p) for p in article["paragraphs"]]
    out += ["    </article>", "  </body>", "</html>", ""]
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--copy-share", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=2020)
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument("--data", default=os.path.join(here, "..", "..", "..", "shared", "data"))
    args = parser.parse_args()

    ecb = os.path.join(args.data, "clustering", "ecbplus_docs.jsonl")
    duc = os.path.join(args.data, "summaries", "duc2004", "docs")
    if not os.path.exists(ecb) and not os.path.isdir(duc):
        sys.exit("make_pages.py: neither %s nor %s exists" % (ecb, duc))
    rng = random.Random(args.seed)
    articles = []
    if os.path.exists(ecb):
        articles += read_ecbplus(ecb, rng)
    if os.path.isdir(duc):
        articles += read_duc(duc, rng)
    rng.shuffle(articles)

    start = datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc)
    event_time = {}
    pages, names, next_article = [], set(), 0
    for i in range(args.count):
        copy = bool(pages) and rng.random() < args.copy_share
        if copy:
            original = rng.choice([p for p in pages if not p["copy"]])
            article = original["article"]
            published = original["published"] + datetime.timedelta(minutes=rng.randint(60, 900))
            site, domain = rng.choice([s for s in SITES if s[0] != original["site"]])
        else:
            article = articles[next_article % len(articles)]
            next_article += 1
            event = event_time.setdefault(
                article["event"], start + datetime.timedelta(seconds=rng.randint(0, 7 * 86400)))
            published = event + datetime.timedelta(seconds=rng.randint(-9 * 3600, 9 * 3600))
            site, domain = rng.choice(SITES)
        key = "%d/%s/%s" % (i, article["source"], domain)
        name = "%016d.html" % (int(hashlib.md5(key.encode()).hexdigest(), 16) % 10**16)
        assert name not in names
        names.add(name)
        pages.append({"article": article, "published": published, "copy": copy, "name": name,
                      "site": site, "domain": domain})

    for p in pages:
        folder = os.path.join(args.out_dir, p["published"].strftime("%Y%m%d"),
                              p["published"].strftime("%H"))
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, p["name"]), "w", encoding="utf-8") as f:
            f.write(page_html(p["article"], p["site"], p["domain"], p["published"]))
    copies = sum(1 for p in pages if p["copy"])
    print("make_pages.py: wrote %d pages (%d copies of earlier pages, %d events) to %s"
          % (len(pages), copies, len(event_time), args.out_dir), file=sys.stderr)


if __name__ == "__main__":
    main()

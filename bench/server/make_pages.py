#!/usr/bin/env python3
"""Turns the story_stream JSON Lines into news pages for the server benchmark, one page a line.

Usage: make_pages.py [--count N] STREAM.jsonl|- PAGES.tsv

Reads the records `{"id", "title", "text", "published"}` that bench/stories/story_stream writes
(paragraphs separated by blank lines) and writes one line per record: `id<TAB>html`, where the id
is the stream id made URL-safe (`stream/123` -> `stream-123`) and the html a whole news page
with OpenGraph meta (og:type, og:url, og:site_name, og:title, og:description,
article:published_time), a site header and navigation, the text in
<article><h1>..</h1><address><time>..</time></address><p>..</p>..</article>, a related-links
box and a footer (about 1.6 KB of boilerplate around the text, as a news site serves it).
Pages hold no newline and no tab, so that a wrk Lua script reads one page per line.

The stream is generated from evaluation-only data: write both files outside the repository
(/tmp), never into it.
"""

import argparse
import hashlib
import html
import importlib.util
import json
import os
import re
import sys

# The invented outlets of bench/tgnews/make_pages.py.
_TGNEWS = importlib.util.spec_from_file_location(
    "tgnews_make_pages", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tgnews",
                                      "make_pages.py"))
_tgnews = importlib.util.module_from_spec(_TGNEWS)
_TGNEWS.loader.exec_module(_tgnews)
SITES = _tgnews.SITES
SECTIONS = ["World", "Politics", "Business", "Technology", "Science", "Health", "Sport",
            "Culture", "Opinion", "Weather"]
UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")
SPACE = re.compile(r"[\t\r\n]+")


def slug(title):
    s = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return s[:60].rstrip("-") or "article"


def page_html(doc_id, title, paragraphs, published):
    e = lambda s: html.escape(s, quote=True)
    h = int(hashlib.md5(doc_id.encode()).hexdigest(), 16)
    site, domain = SITES[h % len(SITES)]
    section = SECTIONS[(h >> 8) % len(SECTIONS)]
    day = published[:10]
    url = "https://%s/%s/%s/%s" % (domain, section.lower(), day.replace("-", "/"), slug(title))
    description = paragraphs[0][:300] if paragraphs else title
    nav = "".join('<li><a href="/%s">%s</a></li>' % (s.lower(), s) for s in SECTIONS)
    related = "".join('<li><a href="/%s/%d">More from %s: update %d</a></li>'
                      % (section.lower(), (h >> (12 + 4 * i)) % 100000, section, i + 1)
                      for i in range(5))
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           "<title>%s | %s</title>" % (e(title), e(site)),
           '<link rel="stylesheet" href="/static/site.css">',
           '<link rel="canonical" href="%s">' % e(url),
           '<meta property="og:type" content="article">',
           '<meta property="og:url" content="%s">' % e(url),
           '<meta property="og:site_name" content="%s">' % e(site),
           '<meta property="og:title" content="%s">' % e(title),
           '<meta property="og:description" content="%s">' % e(description),
           '<meta property="article:published_time" content="%s">' % e(published),
           '<meta property="article:section" content="%s">' % section,
           "</head>", "<body>",
           '<header class="site-header"><a class="logo" href="/">%s</a>' % e(site),
           '<nav class="sections"><ul>%s</ul></nav>' % nav,
           '<form class="search" action="/search"><input name="q" placeholder="Search">'
           "<button>Go</button></form></header>",
           '<main><div class="breadcrumb"><a href="/">Home</a> &rsaquo; '
           '<a href="/%s">%s</a></div>' % (section.lower(), section),
           "<article>", "<h1>%s</h1>" % e(title),
           '<address>By <a rel="author" href="/staff">%s staff</a>, <time datetime="%s">%s</time>'
           "</address>" % (e(site), e(published), e(published.replace("T", " ")[:16]))]
    out += ["<p>%s</p>" % e(p) for p in paragraphs]
    out += ["</article>",
            '<aside class="share">Share: <a href="#">Email</a> <a href="#">Print</a></aside>',
            '<aside class="related"><h2>Related</h2><ul>%s</ul></aside>' % related, "</main>",
            '<footer><ul><li><a href="/about">About us</a></li><li><a href="/contact">Contact</a>'
            '</li><li><a href="/privacy">Privacy policy</a></li><li><a href="/terms">Terms of '
            "use</a></li></ul><p>&copy; %s %s. All rights reserved.</p></footer>"
            % (published[:4], e(site)),
            "</body>", "</html>"]
    return SPACE.sub(" ", " ".join(out))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("stream", help="story_stream JSON Lines, or - for stdin")
    parser.add_argument("pages", help="output: id<TAB>html, one page a line")
    parser.add_argument("--count", type=int, default=0, help="stop after N pages (0: all)")
    args = parser.parse_args()

    src = sys.stdin if args.stream == "-" else open(args.stream, encoding="utf-8")
    written, total_bytes, seen = 0, 0, set()
    with src, open(args.pages, "w", encoding="utf-8") as out:
        for line in src:
            if args.count and written >= args.count:
                break
            record = json.loads(line)
            doc_id = UNSAFE.sub("-", record["id"]).strip("-")
            if not doc_id or doc_id in seen:
                sys.exit("make_pages.py: empty or repeated id %r" % record["id"])
            seen.add(doc_id)
            paragraphs = [SPACE.sub(" ", p).strip() for p in re.split(r"\n\s*\n", record["text"])]
            paragraphs = [p for p in paragraphs if p]
            page = page_html(doc_id, SPACE.sub(" ", record["title"]).strip(), paragraphs,
                             record.get("published") or "2024-01-01T00:00:00Z")
            out.write(doc_id + "\t" + page + "\n")
            written += 1
            total_bytes += len(page.encode("utf-8"))
    if written == 0:
        sys.exit("make_pages.py: no records in %s" % args.stream)
    print("make_pages.py: wrote %d pages to %s, %.1f KB a page on average"
          % (written, args.pages, total_bytes / written / 1000), file=sys.stderr)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Scores readability-lxml against storyline on the Zyte article-extraction-benchmark.

For every page of ZYTE_DIR (ground-truth.json + html/<id>.html.gz) it times readability-lxml's
Document(html).summary() on one core (median of --passes passes over all pages, MB/s of HTML),
turns each summary into text (one line per block element), writes the texts as a predictions
file and has `storyline eval extract --dataset zyte ZYTE_DIR --predictions FILE` score them with
the benchmark's metric. storyline's own extractor is then scored and timed the ordinary way
(`storyline eval extract --dataset zyte ZYTE_DIR`, median of --runs runs). Both speeds count
only the extraction call on HTML already in memory, on the same single core.

    bench/compare_readability.py [ZYTE_DIR] [--storyline BIN] [--passes 3] [--runs 3]
                                 [--predictions-out FILE]

Needs Python 3 and readability-lxml (Debian: apt-get install python3-readability); without it
the script says so and exits 0. Debian installs the module for /usr/bin/python3, so when the
python3 on PATH lacks it the script re-runs itself under /usr/bin/python3.
"""

import argparse
import gzip
import json
import logging
import os
import statistics
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SYSTEM_PYTHON = "/usr/bin/python3"
REEXEC_GUARD = "STORYLINE_COMPARE_READABILITY_REEXEC"

# Elements after which text starts on a new line (the rest are inline).
BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
    "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
}


def import_readability():
    """readability.Document and lxml.html, or exits 0 with a message when they are missing."""
    try:
        from readability import Document  # noqa: F401  (readability-lxml)
        import lxml.html  # noqa: F401
        return Document, lxml.html
    except ImportError as error:
        missing = error
    if (os.environ.get(REEXEC_GUARD) is None and os.path.exists(SYSTEM_PYTHON)
            and os.path.realpath(sys.executable) != os.path.realpath(SYSTEM_PYTHON)):
        os.environ[REEXEC_GUARD] = "1"
        os.execv(SYSTEM_PYTHON, [SYSTEM_PYTHON] + sys.argv)
    print(f"compare_readability: skipped: readability-lxml is not installed ({missing}); "
          "install it with `apt-get install python3-readability` (Debian) or "
          "`pip install readability-lxml`", file=sys.stderr)
    sys.exit(0)


def summary_text(summary_html, lxml_html):
    """The text of a readability summary, one line per block element, white space collapsed."""
    if not summary_html or not summary_html.strip():
        return ""
    root = lxml_html.fromstring(summary_html)
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.lower() in BLOCK_TAGS:
            element.text = "\n" + (element.text or "")
            element.tail = "\n" + (element.tail or "")
    lines = (" ".join(line.split()) for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line)


def load_pages(zyte_dir):
    """[(id, html bytes)] of the benchmark, sorted by id."""
    with open(os.path.join(zyte_dir, "ground-truth.json"), encoding="utf-8") as f:
        ids = sorted(json.load(f))
    pages = []
    for page_id in ids:
        path = os.path.join(zyte_dir, "html", page_id + ".html.gz")
        try:
            with gzip.open(path, "rb") as f:
                pages.append((page_id, f.read()))
        except OSError as error:
            print(f"compare_readability: {path}: {error}; page left out", file=sys.stderr)
    return pages


def run_readability(pages, passes, Document, lxml_html):
    """Per-pass seconds in summary() and the predicted text of each page (from the first pass)."""
    logging.getLogger("readability").setLevel(logging.CRITICAL)
    pass_seconds, predictions, failures = [], {}, 0
    for n in range(passes):
        total = 0.0
        for page_id, html in pages:
            start = time.perf_counter()
            try:
                summary = Document(html).summary()
            except Exception:  # readability raises on pages it cannot parse
                summary = None
            total += time.perf_counter() - start
            if n == 0:
                if summary is None:
                    failures += 1
                predictions[page_id] = summary_text(summary, lxml_html) if summary else ""
        pass_seconds.append(total)
        print(f"  readability pass {n + 1}: {total:.2f} s", file=sys.stderr)
    return pass_seconds, predictions, failures


def storyline_eval(binary, zyte_dir, predictions=None):
    """The JSON that `storyline eval extract --dataset zyte` prints."""
    command = [binary, "eval", "extract", "--dataset", "zyte", zyte_dir, "--json"]
    if predictions is not None:
        command += ["--predictions", predictions]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"compare_readability: {' '.join(command)} failed ({result.returncode}):\n"
                 f"{result.stderr}")
    return json.loads(result.stdout)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("zyte_dir", nargs="?",
                        default=os.path.join(REPO, "..", "shared", "data", "extraction", "zyte"),
                        help="the benchmark: ground-truth.json + html/<id>.html.gz")
    parser.add_argument("--storyline", default=os.path.join(REPO, "build", "src", "cli",
                                                            "storyline"),
                        help="the storyline binary (default: build/src/cli/storyline)")
    parser.add_argument("--passes", type=int, default=3,
                        help="readability passes over all pages; the median is reported")
    parser.add_argument("--runs", type=int, default=3,
                        help="storyline runs; the median speed is reported")
    parser.add_argument("--predictions-out",
                        help="keep readability's predictions JSON here (default: a temp file)")
    args = parser.parse_args()

    Document, lxml_html = import_readability()
    if not os.path.isdir(args.zyte_dir):
        print(f"compare_readability: skipped: {args.zyte_dir} not found", file=sys.stderr)
        return 0
    if not os.access(args.storyline, os.X_OK):
        sys.exit(f"compare_readability: {args.storyline} not found; build storyline first")
    zyte_dir = os.path.abspath(args.zyte_dir)

    # One core for both tools: storyline inherits the affinity.
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})

    pages = load_pages(zyte_dir)
    mb = sum(len(html) for _, html in pages) / 1e6
    print(f"{len(pages)} pages, {mb:.1f} MB of HTML", file=sys.stderr)
    pass_seconds, predictions, failures = run_readability(pages, args.passes, Document,
                                                          lxml_html)
    readability_mb_s = mb / statistics.median(pass_seconds)

    with tempfile.TemporaryDirectory() as tmp:
        path = args.predictions_out or os.path.join(tmp, "readability.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(predictions, f, ensure_ascii=False)
        theirs = storyline_eval(args.storyline, zyte_dir, path)
    ours_runs = [storyline_eval(args.storyline, zyte_dir) for _ in range(args.runs)]
    ours = ours_runs[0]
    ours_mb_s = statistics.median(run["mb_per_second"] for run in ours_runs)

    import readability
    import lxml.etree
    print(f"Zyte article-extraction-benchmark, {len(pages)} pages ({mb:.1f} MB of HTML), one "
          f"core; readability-lxml {getattr(readability, '__version__', '?')} (lxml "
          f"{lxml.etree.__version__}, Python {sys.version.split()[0]})")
    if failures:
        print(f"readability-lxml raised on {failures} pages (scored as empty)")
    print(f"{'tool':<18} {'F1':>6} {'P':>6} {'R':>6} {'MB/s':>7}")
    rows = [("readability-lxml", theirs, readability_mb_s,
             f"Document(html).summary(), median of {args.passes} passes"),
            ("storyline", ours, ours_mb_s, f"ExtractHtml, median of {args.runs} runs")]
    for name, scores, speed, note in rows:
        print(f"{name:<18} {scores['f1']:6.4f} {scores['precision']:6.4f} "
              f"{scores['recall']:6.4f} {speed:7.2f}  ({note})")
    print(f"speed ratio: storyline is {ours_mb_s / readability_mb_s:.1f}x readability-lxml")
    return 0


if __name__ == "__main__":
    sys.exit(main())

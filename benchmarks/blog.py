"""A blog of 1,000 posts checked with a warm cache: the pre-publish hook case.

Generates a folder of 1,000 Markdown and text posts from the labelled
fixture articles (each post a fixture article with its own title and a
shuffled body, so every file is distinct while its references stay real),
checks it once against the fake Crossref and PubMed servers to fill the
cache, then times the whole `citecheck content/` process again, warm.
Target: under 10 s on the project's 2-core machine.

    .venv/bin/python benchmarks/blog.py [--posts 1000]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.servers.fake_crossref import FakeCrossref  # noqa: E402
from tests.servers.fake_pubmed import FakePubMed  # noqa: E402

ARTICLES = ROOT / "fixtures" / "articles"


def generate(folder: Path, posts: int, seed: int = 7) -> int:
    sources = sorted(p for p in ARTICLES.iterdir() if p.suffix in {".txt", ".md"} and "labels" not in p.name)
    rng = random.Random(seed)
    size = 0
    for index in range(posts):
        source = sources[index % len(sources)]
        text = source.read_text(encoding="utf-8")
        head, sep, tail = text.partition("\n\n")
        paragraphs = head.split("\n")
        rng.shuffle(paragraphs)
        body = f"Post {index}: notes on {source.stem}\n\n" + "\n".join(paragraphs) + sep + tail
        target = folder / f"{index // 100:02d}" / f"post-{index:04d}{source.suffix}"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body, encoding="utf-8")
        size += len(body.encode("utf-8"))
    return size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=1000)
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="citecheck-blog-"))
    try:
        content = work / "content"
        size = generate(content, args.posts)
        with FakeCrossref.from_fixtures() as crossref, FakePubMed(ROOT / "fixtures" / "pubmed") as pubmed:
            env = dict(
                os.environ,
                CITECHECK_CROSSREF_URL=crossref.url,
                CITECHECK_DOI_URL=crossref.doiorg_url,
                CITECHECK_PUBMED_URL=pubmed.url,
                CITECHECK_IDCONV_URL=pubmed.idconv_url,
                CITECHECK_CACHE_DIR=str(work / "cache"),
                CITECHECK_MAILTO="bench@example.org",
            )
            command = [sys.executable, "-m", "citecheck", "--format", "concise", str(content)]
            started = time.perf_counter()
            cold = subprocess.run(command, env=env, capture_output=True, text=True)
            cold_seconds = time.perf_counter() - started
            requests_cold = crossref.total_requests
            started = time.perf_counter()
            warm = subprocess.run(command, env=env, capture_output=True, text=True)
            warm_seconds = time.perf_counter() - started
            requests_warm = crossref.total_requests - requests_cold
        findings = len(warm.stdout.splitlines())
        print(f"posts: {args.posts}   total size: {size / 1e6:.1f} MB")
        print(f"cold run: {cold_seconds:6.2f} s  exit {cold.returncode}  Crossref requests {requests_cold}")
        print(f"warm run: {warm_seconds:6.2f} s  exit {warm.returncode}  Crossref requests {requests_warm}  "
              f"findings {findings}")
        print(f"target: warm < 10 s -> {'ok' if warm_seconds < 10 else 'MISSED'}")
        if warm.returncode not in (0, 1):
            print(warm.stderr[-2000:])
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())

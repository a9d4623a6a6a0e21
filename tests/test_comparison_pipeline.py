"""The comparison through the whole pipeline: wrong-work with its fix, suggestions compared, statuses."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from citecheck.ingest import document_from_text
from citecheck.model import InputFormat
from citecheck.pipeline import run_documents
from citecheck.report.json_report import to_dict
from citecheck.settings import Settings
from tests.servers.fake_crossref import FakeCrossref
from tests.servers.fake_pubmed import FakePubMed

ROOT = Path(__file__).resolve().parents[1]
ELECTRO = ROOT / "fixtures" / "articles" / "seed-electroacupuncture-gut-inflammation.txt"


@pytest.fixture(scope="module")
def servers():
    with FakeCrossref.from_fixtures() as crossref, FakePubMed(ROOT / "fixtures" / "pubmed") as pubmed:
        yield crossref, pubmed


def check(servers, tmp_path, text: str, **options) -> dict:
    crossref, pubmed = servers
    settings = Settings(
        crossref_url=crossref.url, doi_url=crossref.doiorg_url, pubmed_url=pubmed.url,
        idconv_url=pubmed.idconv_url, cache_dir=tmp_path / "cache", progress=False, **options,
    )
    document = document_from_text(text, "article.txt", InputFormat.AUTO)
    return to_dict(asyncio.run(run_documents([document], settings)))["files"][0]


def findings_on(file: dict, reference: str) -> list[dict]:
    return [f for f in file["findings"] if f["reference"] == reference]


def test_another_papers_doi_is_wrong_work_alone_with_the_right_doi_offered(servers, tmp_path):
    text = ELECTRO.read_text(encoding="utf-8").replace(
        "doi.org/10.1111/1753-0407.13323", "doi.org/10.1111/os.13626")
    file = check(servers, tmp_path, text)
    identity = [f for f in findings_on(file, "R1") if f["code"][:3] in {"CC1", "CC2"}]
    assert [f["code"] for f in identity] == ["CC103"]
    assert identity[0]["suggestion"] == "replace the DOI with https://doi.org/10.1111/1753-0407.13323"
    r1 = file["references"][0]
    assert r1["status"] == "mismatch" and r1["comparison"]["identity"] == "other"
    assert r1["suggested_doi"] == "10.1111/1753-0407.13323"


def test_no_search_for_wrong_work_with_search_off(servers, tmp_path):
    text = ELECTRO.read_text(encoding="utf-8").replace(
        "doi.org/10.1111/1753-0407.13323", "doi.org/10.1111/os.13626")
    file = check(servers, tmp_path, text, search=False)
    (wrong,) = [f for f in findings_on(file, "R1") if f["code"] == "CC103"]
    assert wrong["suggestion"] is None


KAUR = """Fish oil and rats

Docosapentaenoic acid raised tissue levels in rats (Kaur et al., 2011).

References

Kaur G, et al. Short-term docosapentaenoic acid (22:5n-3) supplementation increases tissue docosapentaenoic acid, DHA and EPA concentrations in rats. Br J Nutr. 2011;103(1):32-37.
"""


def test_a_suggested_doi_is_compared_field_by_field(servers, tmp_path):
    # The record (10.1017/s0007114509991334) was issued in 2010, online in 2009: 2011 is neither.
    file = check(servers, tmp_path, KAUR)
    codes = sorted(f["code"] for f in findings_on(file, "R1"))
    assert codes == ["CC101", "CC201"]
    year = next(f for f in findings_on(file, "R1") if f["code"] == "CC201")
    assert year["cited"] == "2011" and year["expected"] == "2010"
    r1 = file["references"][0]
    assert r1["suggested_doi"] == "10.1017/s0007114509991334"
    assert r1["comparison"]["fields"]["year"]["state"] == "conflicting"
    assert r1["status"] == "mismatch"


def test_the_same_entry_with_the_right_year_has_only_its_missing_doi(servers, tmp_path):
    file = check(servers, tmp_path, KAUR.replace("2011;103", "2010;103").replace("2011)", "2010)"))
    assert sorted(f["code"] for f in findings_on(file, "R1")) == ["CC101"]
    assert file["references"][0]["status"] == "no_doi"


def test_a_bare_doi_link_is_unconfirmed_never_verified(servers, tmp_path):
    text = "A post\n\nA claim (see below).\n\nReferences\n\n1. https://doi.org/10.1111/1753-0407.13323\n"
    file = check(servers, tmp_path, text)
    (reference,) = file["references"]
    assert reference["status"] == "unconfirmed" and reference["comparison"]["identity"] == "unknown"
    assert not [f for f in file["findings"] if f["code"][:3] in {"CC1", "CC2"}]


def test_every_clean_seed_reference_is_verified_with_every_stated_field_found(servers, tmp_path):
    file = check(servers, tmp_path, ELECTRO.read_text(encoding="utf-8"))
    for reference in file["references"]:
        assert reference["status"] == "verified", reference["id"]
        fields = reference["comparison"]["fields"]
        assert {name: fields[name]["state"] for name in ("title", "author", "year", "volume", "pages")} == dict.fromkeys(
            ("title", "author", "year", "volume", "pages"), "found"), reference["text"]


def test_each_reference_is_compared_with_its_record_once(servers, tmp_path, monkeypatch):
    import collections

    import citecheck.compare

    calls: collections.Counter = collections.Counter()
    real = citecheck.compare.compare

    def counting(reference, work):
        calls[(reference.id, work.doi)] += 1
        return real(reference, work)

    monkeypatch.setattr(citecheck.compare, "compare", counting)
    file = check(servers, tmp_path, ELECTRO.read_text(encoding="utf-8"))
    compared = [r for r in file["references"] if r["comparison"] is not None]
    assert compared and len(calls) == len(compared)
    assert set(calls.values()) == {1}, calls


def test_a_field_that_was_not_compared_says_so_in_the_json(servers, tmp_path):
    file = check(servers, tmp_path, KAUR)
    fields = file["references"][0]["comparison"]["fields"]
    for name, compared in fields.items():
        assert set(compared) == {"state", "cited", "record", "span", "note"}
        assert compared["state"] in {"found", "absent", "conflicting", "not_compared"}
        if compared["state"] == "conflicting":
            assert compared["cited"] and compared["record"] and compared["span"], name
        if compared["state"] == "not_compared":
            assert compared["note"], name

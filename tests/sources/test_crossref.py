"""The Crossref client: records, odd DOIs, the agency path, answers that make no sense."""

from __future__ import annotations

import asyncio
import json

import pytest

from citecheck.model import Outcome
from citecheck.sources.cache import DiskCache
from citecheck.sources.doiorg import fetch_csl
from citecheck.sources.http import Http
from tests.servers.fake_crossref import FIXTURES, Limits
from tests.sources.helpers import resolve, settings_for

SICI = "10.1002/1096-9861(20010212)430:3<283::aid-cne1031>3.0.co;2-v"
JOR = "10.1002/jor.1100150407"
DATACITE = "10.5061/dryad.8515"
DATASET_CSL = {
    "type": "dataset",
    "DOI": "10.5061/DRYAD.8515",
    "title": "Data from: Ecology of <i>Pinus</i> seedlings",
    "author": [{"family": "Smith", "given": "A."}],
    "issued": {"date-parts": [[2011]]},
    "publisher": "Dryad",
}


def test_a_record_is_parsed_into_a_work(fake_crossref, settings):
    answers, resolver = resolve(settings, [JOR])
    answer = answers[JOR]
    assert answer.outcome is Outcome.FOUND and answer.source == "crossref"
    work = answer.work
    assert work.doi == JOR
    assert (work.journal, work.volume, work.issue, work.pages) == ("Journal of Orthopaedic Research", "15", "4", "519-527")
    assert work.year == 1997 and work.online_year == 2005
    assert resolver.stats().requests == 1


def test_odd_characters_are_percent_encoded_in_the_path(fake_crossref, settings):
    answers, _ = resolve(settings, [SICI])
    assert answers[SICI].outcome is Outcome.FOUND
    raw = fake_crossref.log[0].raw_path
    assert "<" not in raw and ";" not in raw and "%3C" in raw.upper() and "%3B" in raw.upper()
    assert raw.startswith("/works/10.1002/1096-9861")  # "/" stays


def test_dois_compare_case_insensitively(fake_crossref, settings):
    upper = JOR.upper()
    answers, _ = resolve(settings, [upper])
    assert answers[upper].outcome is Outcome.FOUND
    assert answers[upper].doi == JOR


def test_unknown_doi_is_not_found_after_the_agency_checks(fake_crossref, settings):
    doi = "10.1371/notarealdoi"
    answers, _ = resolve(settings, [doi])
    assert answers[doi].outcome is Outcome.NOT_FOUND
    assert fake_crossref.count(f"/works/{doi}/agency") == 1
    assert fake_crossref.count(f"/doiorg/ra/{doi}") == 1


def test_crossref_agency_but_404_is_unverified_naming_the_url_asked(fake_crossref, settings):
    doi = "10.5555/registered-yesterday"
    fake_crossref.agencies[doi] = "crossref"
    answers, _ = resolve(settings, [doi])
    assert answers[doi].outcome is Outcome.UNVERIFIED
    assert f"{settings.crossref_url}/works/{doi}" in answers[doi].reason and "Crossref" in answers[doi].reason
    assert fake_crossref.count(f"/doiorg/ra/{doi}") == 0


def test_doi_org_naming_crossref_after_a_404_is_unverified_too(fake_crossref, settings):
    doi = "10.5555/registered-this-morning"
    fake_crossref.ra_agencies[doi] = "Crossref"
    answers, _ = resolve(settings, [doi])
    assert answers[doi].outcome is Outcome.UNVERIFIED and "404" in answers[doi].reason


def test_datacite_doi_is_not_crossref_with_csl_metadata(fake_crossref, settings):
    fake_crossref.agencies[DATACITE] = "datacite"
    fake_crossref.csl[DATACITE] = DATASET_CSL
    answers, _ = resolve(settings, [DATACITE])
    answer = answers[DATACITE]
    assert answer.outcome is Outcome.NOT_CROSSREF
    assert answer.agency == "DataCite" and answer.source == "doi.org"
    assert answer.work is not None
    assert answer.work.title == "Data from: Ecology of Pinus seedlings"
    assert answer.work.authors == ("Smith",) and answer.work.year == 2011
    assert answer.work.agency == "datacite"
    request = fake_crossref.log[-1]
    assert request.path == f"/doiorg/{DATACITE}"
    assert request.headers["accept"] == "application/vnd.citationstyles.csl+json"


def test_agency_known_only_to_doi_org(fake_crossref, settings):
    fake_crossref.ra_agencies[DATACITE] = "mEDRA"
    answers, _ = resolve(settings, [DATACITE])
    answer = answers[DATACITE]
    assert answer.outcome is Outcome.NOT_CROSSREF and answer.agency == "mEDRA"
    assert answer.work is None  # doi.org served no CSL for it
    assert fake_crossref.count(f"/works/{DATACITE}/agency") == 1
    assert fake_crossref.count(f"/doiorg/ra/{DATACITE}") == 1


def test_content_negotiation_follows_the_redirect(fake_crossref, settings):
    async def run():
        http = Http(settings)
        try:
            return await fetch_csl(http, settings, JOR, "Crossref")
        finally:
            await http.aclose()

    work = asyncio.run(run())
    assert work is not None and work.doi == JOR
    assert fake_crossref.count(f"/works/{JOR}/transform") == 1


def test_not_crossref_answers_are_cached(fake_crossref, settings):
    fake_crossref.agencies[DATACITE] = "datacite"
    fake_crossref.csl[DATACITE] = DATASET_CSL
    resolve(settings, [DATACITE])
    before = fake_crossref.total_requests
    answers, _ = resolve(settings, [DATACITE])
    assert fake_crossref.total_requests == before
    assert answers[DATACITE].source == "cache"
    assert answers[DATACITE].agency == "DataCite"
    assert answers[DATACITE].work.title == "Data from: Ecology of Pinus seedlings"


def test_csl_failure_is_not_crossref_but_not_cached(fake_crossref, settings):
    fake_crossref.agencies[DATACITE] = "datacite"
    fake_crossref.csl[DATACITE] = DATASET_CSL
    fake_crossref.set_fail({f"/doiorg/{DATACITE}": [503] * 10})
    answers, _ = resolve(settings, [DATACITE])
    assert answers[DATACITE].outcome is Outcome.NOT_CROSSREF and answers[DATACITE].work is None
    assert "could not be fetched" in answers[DATACITE].reason
    fake_crossref.set_fail(None)
    answers, _ = resolve(settings, [DATACITE])
    assert answers[DATACITE].work is not None  # asked again, not served from the cache


def test_agency_check_failure_is_unverified(fake_crossref, settings):
    doi = "10.1371/notarealdoi"
    fake_crossref.set_fail({f"/works/{doi}/agency": [500] * 10})
    answers, _ = resolve(settings, [doi])
    assert answers[doi].outcome is Outcome.UNVERIFIED
    assert "registration agency" in answers[doi].reason


OTHER_RECORD = json.loads((FIXTURES / "10.7759_cureus.42496.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "body, reason",
    [
        ("<html>maintenance</html>", "not JSON"),
        ({"status": "ok", "message-type": "work-list", "message": {"items": []}}, "not a work record"),
        ({"status": "ok", "message-type": "work", "message": {"title": ["No DOI here"]}}, "without a DOI"),
        (OTHER_RECORD, "another DOI"),
    ],
)
def test_an_answer_that_makes_no_sense_is_unverified_and_not_cached(fake_crossref, settings, body, reason):
    fake_crossref.set_fail({f"/works/{JOR}": [{"status": 200, "body": body, "headers": {"content-type": "application/json"}}]})
    answers, _ = resolve(settings, [JOR])
    assert answers[JOR].outcome is Outcome.UNVERIFIED
    assert reason in answers[JOR].reason
    assert DiskCache(settings).get(JOR) is None
    answers, _ = resolve(settings, [JOR])
    assert answers[JOR].outcome is Outcome.FOUND
    assert fake_crossref.work_requests(JOR) == 2


def test_every_fixture_record_resolves(fake_crossref, cache_dir):
    # Generous limits: this test is about parsing every record, not pacing.
    fake_crossref.limits["polite"] = Limits(single=100, search=10, concurrency=16)
    dois = sorted(fake_crossref.works)
    answers, _ = resolve(settings_for(fake_crossref, cache_dir), dois)
    # The real records, the seed reconstructions and the real articles' reconstructions.
    assert len(answers) == len(dois) >= 103
    assert all(a.outcome is Outcome.FOUND and a.work.doi == doi for doi, a in answers.items())

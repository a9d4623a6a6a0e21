"""The whole path, as a user runs it: articles in, fake Crossref and PubMed, reports and exit codes out.

The CLI runs in a subprocess against fake servers on 127.0.0.1; nothing here
reaches the real network. Planted-error tests run the same pipeline in-process
(faster) and compare with the untouched article: each plant must add exactly
its finding and leave every other reference as it was.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from citecheck.ingest import document_from_text
from citecheck.model import InputFormat
from citecheck.pipeline import run_documents
from citecheck.settings import Settings
from tests.servers.fake_crossref import FakeCrossref
from tests.servers.fake_pubmed import FakePubMed

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT / "fixtures" / "articles"
ELECTRO = ARTICLES / "seed-electroacupuncture-gut-inflammation.txt"
PROBIOTICS = ARTICLES / "seed-probiotics-neuropathic-pain.txt"
ACUPUNCTURE = ARTICLES / "seed-acupuncture-stomach-back-pain.txt"


@pytest.fixture(scope="module")
def servers():
    with FakeCrossref.from_fixtures() as crossref, FakePubMed(ROOT / "fixtures" / "pubmed") as pubmed:
        yield crossref, pubmed


@pytest.fixture
def env(servers, tmp_path):
    crossref, pubmed = servers
    values = dict(os.environ)
    for key in list(values):
        if key.startswith("CITECHECK_") or key in {"NO_COLOR", "CROSSREF_PLUS_TOKEN", "NCBI_API_KEY"}:
            del values[key]
    values.update(
        CITECHECK_CROSSREF_URL=crossref.url,
        CITECHECK_DOI_URL=crossref.doiorg_url,
        CITECHECK_PUBMED_URL=pubmed.url,
        CITECHECK_IDCONV_URL=pubmed.idconv_url,
        CITECHECK_CACHE_DIR=str(tmp_path / "cache"),
    )
    return values


def run(args, env, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "citecheck", *map(str, args)],
        env=env, input=stdin, capture_output=True, text=True, timeout=120, cwd=cwd or ROOT,
    )


def as_json(result: subprocess.CompletedProcess) -> dict:
    assert result.stdout.strip(), result.stderr
    return json.loads(result.stdout)


def codes_by_reference(file_report: dict) -> dict[str | None, list[str]]:
    found: dict[str | None, list[str]] = {}
    for finding in file_report["findings"]:
        found.setdefault(finding["reference"], []).append(finding["code"])
    return found


# ------------------------------------------------------------------ the seeds


def test_electroacupuncture_seed_report(env):
    result = run(["--format", "json", ELECTRO], env)
    assert result.returncode == 0, result.stderr  # CC401 are warnings; default --fail-on error
    report = as_json(result)
    (file,) = report["files"]
    refs = {r["id"]: r for r in file["references"]}
    assert [r["parsed"]["authors"][0] for r in file["references"]] == [
        "An", "Dekker Nitert", "Ratna", "Xia", "Yang", "Yao"]
    assert all(r["status"] == "verified" for r in refs.values())
    assert refs["R1"]["doi"] == "10.1111/1753-0407.13323"
    assert refs["R1"]["parsed"]["pages"] == "695-710"
    # No heading before the list, a footer after it: exactly six entries, none from the footer.
    assert len(refs) == 6
    # Every citation links to its entry and keeps its sentence.
    links = {c["text"]: c["references"] for c in file["citations"]}
    assert links["(Yang et al., 2024)"] == ["R5"]
    assert links["(Dekker Nitert et al., 2020)"] == ["R2"]
    # Mouse studies cited for claims about people, and nothing else.
    flagged = {(f["code"], f["reference"]) for f in file["findings"]}
    assert flagged == {("CC401", "R1"), ("CC401", "R4"), ("CC401", "R5")}
    assert refs["R1"]["evidence"]["kind"] == "animal"
    assert refs["R2"]["evidence"]["kind"] == "human"
    assert report["summary"]["errors"] == 0


def test_probiotics_seed_flags_the_rat_study_from_pubmed(env):
    report = as_json(run(["--format", "json", PROBIOTICS], env))
    (file,) = report["files"]
    assert [r["number"] if "number" in r else None for r in file["references"]]  # numbered list read
    assert [r["parsed"]["authors"][0] for r in file["references"]] == ["Chen", "Lin", "Garvey"]
    assert all(r["status"] == "verified" for r in file["references"])
    chen = file["references"][0]
    assert chen["evidence"]["kind"] == "animal" and chen["evidence"]["source"] == "pubmed-mesh"
    animal = [f for f in file["findings"] if f["code"] == "CC401"]
    assert animal and {f["reference"] for f in animal} == {"R1"}
    assert any("neuropathic pain" in f["sentence"] for f in animal)
    assert not [f for f in file["findings"] if f["code"][:3] in {"CC1", "CC2", "CC5"} and f["code"] != "CC506"]


def test_acupuncture_seed_has_no_references_but_unsupported_claims(env):
    result = run(["--format", "json", ACUPUNCTURE], env)
    report = as_json(result)
    (file,) = report["files"]
    assert file["references"] == []
    claims = [f for f in file["findings"] if f["code"] == "CC506"]
    sentences = " ".join(f["sentence"] for f in claims)
    assert "Several meta-analyses have found" in sentences
    assert "Numerous studies and reviews suggest" in sentences
    assert {f["code"] for f in file["findings"]} == {"CC506"}
    assert result.returncode == 0  # warnings only


def test_terminal_report_for_a_person(env):
    result = run([ELECTRO], env)
    assert result.returncode == 0
    out = result.stdout
    assert "\x1b[" not in out  # not a terminal: no colour
    assert "R1" in out and "10.1111/1753-0407.13323" in out and "verified" in out
    assert "CC401" in out and "mice" in out
    assert "6 references" in out


# ----------------------------------------------------------------- exit codes


def test_fail_on_warning_turns_warnings_into_exit_1(env):
    assert run(["--fail-on", "warning", ELECTRO], env).returncode == 1
    assert run(["--fail-on", "never", ELECTRO], env).returncode == 0


def test_stdin_is_read_with_a_dash(env):
    result = run(["--format", "json", "-"], env, stdin=ELECTRO.read_text(encoding="utf-8"))
    report = as_json(result)
    assert report["files"][0]["path"] == "<stdin>"
    assert len(report["files"][0]["references"]) == 6


@pytest.mark.parametrize(
    "args, expected",
    [
        (["no-such-article.txt"], "no-such-article.txt"),
        (["--format", "yaml", "x.txt"], "yaml"),
        (["--fail-on", "sometimes", "x.txt"], "sometimes"),
        ([], "no article given"),
    ],
)
def test_usage_and_input_errors_exit_2_with_one_line(env, args, expected):
    result = run(args, env)
    assert result.returncode == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


def test_binary_file_exits_2(env, tmp_path):
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    result = run(["--format", "json", binary], env)
    assert result.returncode == 2
    assert "image.txt" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert as_json(result)["files"][0]["error"].startswith("is a PNG image, not text")
    terminal = run([binary], env)
    assert terminal.returncode == 2 and "is a PNG image, not text" in terminal.stdout


def test_broken_config_exits_2_naming_file_and_key(env, tmp_path):
    (tmp_path / "citecheck.toml").write_text('fail-on = "sometimes"\n', encoding="utf-8")
    article = tmp_path / "post.txt"
    article.write_text(ELECTRO.read_text(encoding="utf-8"), encoding="utf-8")
    result = run([article], env)
    assert result.returncode == 2
    assert "citecheck.toml" in result.stderr and "fail-on" in result.stderr
    assert "Traceback" not in result.stderr


def test_unreachable_crossref_is_never_all_clear(env, tmp_path):
    with FakeCrossref() as dead:
        url = dead.url
    env = dict(env, CITECHECK_CROSSREF_URL=url, CITECHECK_DOI_URL=url + "/doiorg")
    result = run(["--format", "json", "--no-pubmed", ELECTRO], env)
    assert result.returncode == 3, result.stderr
    report = as_json(result)
    statuses = {r["status"] for r in report["files"][0]["references"]}
    assert statuses == {"unverified"}
    assert {f["code"] for f in report["files"][0]["findings"]} >= {"CC901"}
    assert "hint:" in result.stderr


def test_offline_answers_from_the_cache_then_reports_the_rest_unverified(env, tmp_path):
    first = run(["--format", "json", ELECTRO], env)
    assert first.returncode == 0
    # Same cache, Crossref gone: everything is answered from the cache.
    with FakeCrossref() as dead:
        url = dead.url
    offline_env = dict(env, CITECHECK_CROSSREF_URL=url, CITECHECK_PUBMED_URL=url)
    again = run(["--format", "json", "--offline", ELECTRO], offline_env)
    assert again.returncode == 0, again.stderr
    assert as_json(again)["files"][0]["findings"] == as_json(first)["files"][0]["findings"]
    # An empty cache offline: nothing can be verified, and the run says so.
    empty = dict(env, CITECHECK_CACHE_DIR=str(tmp_path / "empty"))
    cold = run(["--format", "json", "--offline", ELECTRO], empty)
    assert cold.returncode == 3
    assert {r["status"] for r in as_json(cold)["files"][0]["references"]} == {"unverified"}


def test_a_second_run_makes_no_request(env, servers):
    crossref, _ = servers
    run(["--format", "json", ELECTRO], env)
    before = crossref.total_requests
    again = run(["--format", "json", ELECTRO], env)
    assert again.returncode == 0
    assert crossref.total_requests == before


def test_several_files_and_a_folder_share_one_summary(env, tmp_path):
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "a.txt").write_text(ELECTRO.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "b.txt").write_text(PROBIOTICS.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "notes.json").write_text("{}", encoding="utf-8")
    report = as_json(run(["--format", "json", folder], env))
    assert sorted(Path(f["path"]).name for f in report["files"]) == ["a.txt", "b.txt"]
    assert report["summary"]["files"] == 2
    assert report["summary"]["references"] == 9


def test_extract_shows_fields_without_network(tmp_path):
    env = dict(os.environ, CITECHECK_CROSSREF_URL="http://127.0.0.1:9", CITECHECK_CACHE_DIR=str(tmp_path))
    result = run(["extract", "--format", "json", ELECTRO], env)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    refs = data["files"][0]["references"]
    assert refs[4]["parsed"]["journal"] == "Diabetes Metab Syndr Obes"
    assert refs[4]["parsed"]["volume"] == "17" and refs[4]["parsed"]["pages"] == "435-452"


def test_rules_and_rule_explain(tmp_path):
    listing = run(["rules"], dict(os.environ))
    assert listing.returncode == 0 and "CC401" in listing.stdout and "year-mismatch" in listing.stdout
    explained = run(["rule", "CC401"], dict(os.environ))
    assert explained.returncode == 0 and "animal" in explained.stdout.lower()
    unknown = run(["rule", "CC999"], dict(os.environ))
    assert unknown.returncode == 2 and "CC999" in unknown.stderr


# -------------------------------------------------------------- planted errors


def check_text_against(servers, tmp_path, text: str, name: str = "article.txt") -> dict:
    crossref, pubmed = servers
    settings = Settings(
        crossref_url=crossref.url, doi_url=crossref.doiorg_url, pubmed_url=pubmed.url,
        idconv_url=pubmed.idconv_url, cache_dir=tmp_path / "cache",
    )
    document = document_from_text(text, name, InputFormat.AUTO)
    from citecheck.report.json_report import to_dict

    report = asyncio.run(run_documents([document], settings))
    return to_dict(report)["files"][0]


def _plant(text: str, *changes: tuple[str, str]) -> str:
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new)
    return text


ELECTRO_PLANTS = [
    # (name, changes, the reference planted, the codes expected on it)
    ("year", [("(2022). Electroacupuncture reduces", "(2021). Electroacupuncture reduces"), ("(An et al., 2022)", "(An et al., 2021)")], "R1", ["CC201", "CC401"]),
    ("volume", [("J Diabetes, 14(10)", "J Diabetes, 15(10)")], "R1", ["CC202", "CC401"]),
    ("issue", [("J Diabetes, 14(10)", "J Diabetes, 14(9)")], "R1", ["CC203", "CC401"]),
    ("pages", [("695-710", "659-710")], "R1", ["CC204", "CC401"]),
    ("doi-not-found", [("10.1111/1753-0407.13323", "10.1111/1753-0407.99999")], "R1", ["CC102"]),
    ("doi-of-another-paper", [("doi.org/10.1111/1753-0407.13323", "doi.org/10.1111/os.13626")], "R1", ["CC103"]),
    ("author", [("An, J., Wang, L.", "Ahn, J., Wang, L."), ("(An et al., 2022)", "(Ahn et al., 2022)")], "R1", ["CC205", "CC401"]),
    ("removed-doi", [(" doi.org/10.1111/os.13626", "")], "R6", ["CC101"]),
    ("not-cited", [("(Ratna et al., 2023)", "")], "R3", ["CC502"]),
]


@pytest.fixture(scope="module")
def electro_baseline(servers, tmp_path_factory):
    return check_text_against(servers, tmp_path_factory.mktemp("base"), ELECTRO.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name, changes, planted, expected", ELECTRO_PLANTS, ids=[p[0] for p in ELECTRO_PLANTS])
def test_planted_error_in_the_electroacupuncture_seed(servers, tmp_path, electro_baseline, name, changes, planted, expected):
    text = _plant(ELECTRO.read_text(encoding="utf-8"), *changes)
    result = check_text_against(servers, tmp_path, text)
    after, before = codes_by_reference(result), codes_by_reference(electro_baseline)
    assert sorted(after.get(planted, [])) == sorted(expected)
    for reference in {**before, **after}:
        if reference != planted:
            assert sorted(after.get(reference, [])) == sorted(before.get(reference, [])), reference


def test_planted_citation_without_reference(servers, tmp_path, electro_baseline):
    text = _plant(
        ELECTRO.read_text(encoding="utf-8"),
        ("restore gut function.", "restore gut function (Smith & Jones, 2019)."),
    )
    result = check_text_against(servers, tmp_path, text)
    new = [f for f in result["findings"] if f["reference"] is None and f["code"] != "CC506"]
    assert [f["code"] for f in new] == ["CC501"]
    assert "Smith" in new[0]["message"]
    assert codes_by_reference(result) == {
        **codes_by_reference(electro_baseline), None: codes_by_reference(result)[None]
    }


def test_clean_seed_has_no_false_finding(electro_baseline):
    assert {f["code"] for f in electro_baseline["findings"]} == {"CC401"}


def test_a_study_linked_in_the_prose_of_an_article_without_a_list_is_checked(servers, tmp_path):
    text = (
        "# Needles and blood sugar\n\n"
        "Electroacupuncture lowers blood sugar in people with diabetes, as a "
        "[2022 study](https://doi.org/10.1111/1753-0407.13323) found.\n\n"
        'Readers may also like <a href="https://example.org/recipes">our recipes</a>.\n'
    )
    result = check_text_against(servers, tmp_path, text, name="post.md")
    (reference,) = result["references"]
    # Resolved, and read against its record; a bare link states nothing to confirm, so "unconfirmed".
    assert (reference["doi"], reference["status"], reference["evidence"]["kind"]) == (
        "10.1111/1753-0407.13323", "unconfirmed", "animal")
    (citation,) = result["citations"]
    assert citation["references"] == [reference["id"]]
    animal = [f for f in result["findings"] if f["code"] == "CC401"]
    assert [f["reference"] for f in animal] == [reference["id"]]
    assert "in people with diabetes" in animal[0]["sentence"]


def test_a_second_run_repeats_no_search_either(env, servers):
    crossref, _ = servers
    article = ARTICLES / "004_johnhawks-younger-mothers-longevity.txt"
    first = as_json(run(["--format", "json", article], env))
    (missing,) = [f for f in first["files"][0]["findings"] if f["code"] == "CC101"]
    assert missing["expected"] == "10.1016/s0027-5107(97)00058-4"  # Gavrilov 1997, the validated match
    before = crossref.total_requests
    again = as_json(run(["--format", "json", article], env))
    assert crossref.total_requests == before
    assert again["files"][0]["findings"] == first["files"][0]["findings"]


# ------------------------------------------------------------------ snapshot

SNAPSHOT = ROOT / "fixtures" / "snapshot" / "citecheck-fixtures.sqlite"


@pytest.mark.parametrize("article", [ELECTRO, PROBIOTICS, ARTICLES / "005_johnhawks-foxp2-bats.txt"], ids=lambda p: p.stem)
def test_findings_are_identical_from_the_api_and_from_the_snapshot(env, tmp_path, article):
    from_api = as_json(run(["--format", "json", "--no-pubmed", article], env))
    offline = dict(env, CITECHECK_CACHE_DIR=str(tmp_path / "other-cache"))
    from_snapshot = as_json(run(["--format", "json", "--no-pubmed", "--offline", "--snapshot", SNAPSHOT, article], offline))
    api_file, snapshot_file = from_api["files"][0], from_snapshot["files"][0]
    assert api_file["findings"] == snapshot_file["findings"]
    assert [r["status"] for r in api_file["references"]] == [r["status"] for r in snapshot_file["references"]]
    assert [r["crossref"] for r in api_file["references"]] == [r["crossref"] for r in snapshot_file["references"]]
    assert "unverified" not in {r["status"] for r in snapshot_file["references"]}


def test_the_quick_start_works_with_no_network(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("CITECHECK_")}
    env.update(CITECHECK_CROSSREF_URL="http://127.0.0.1:9", CITECHECK_PUBMED_URL="http://127.0.0.1:9",
               CITECHECK_CACHE_DIR=str(tmp_path))
    result = run(["--offline", "--snapshot", SNAPSHOT, "--fail-on", "never", ELECTRO], env)
    assert result.returncode == 0, result.stderr
    assert "3 references verified, no findings: R2, R3, R6" in result.stdout
    assert result.stdout.count("CC401") == 3 and "could not be checked" not in result.stdout


def test_a_missing_snapshot_is_a_clear_error(env, tmp_path):
    result = run(["--snapshot", tmp_path / "nope.sqlite", ELECTRO], env)
    assert result.returncode == 2
    assert "nope.sqlite" in result.stderr and "Traceback" not in result.stderr


FOXP2 = ARTICLES / "005_johnhawks-foxp2-bats.txt"  # a real article (shared/articles/005), records reconstructed
HAESLER_DOI = "10.1523/JNEUROSCI.4369-03.2004"
FOXP2_PLANTS = [
    ("year", [("Scharff C. 2004.", "Scharff C. 2005."), ("(Haesler 2004)", "(Haesler 2005)")], "R2", ["CC201"]),
    ("volume", [("J Neurosci 24:3164", "J Neurosci 25:3164")], "R2", ["CC202"]),
    ("pages", [("3164-3175", "3146-3175")], "R2", ["CC204"]),
    ("doi-not-found", [(HAESLER_DOI, "10.1523/JNEUROSCI.9999-03.2004")], "R2", ["CC102"]),
    ("doi-of-another-paper", [(HAESLER_DOI, "10.1093/jhered/esi025")], "R2", ["CC103"]),
    ("removed-doi", [(" doi:10.1523/JNEUROSCI.5589-03.2004 <http://dx.doi.org/10.1523/JNEUROSCI.5589-03.2004>", "")], "R4", ["CC101"]),
    ("author", [("Haesler S, Wada K", "Hasler S, Wada K"), ("(Haesler 2004)", "(Hasler 2004)")], "R2", ["CC205"]),
    ("not-cited", [("(Webb and Zhang 2005)", "")], "R5", ["CC502"]),
]


@pytest.fixture(scope="module")
def foxp2_baseline(servers, tmp_path_factory):
    return check_text_against(servers, tmp_path_factory.mktemp("foxp2"), FOXP2.read_text(encoding="utf-8"))


def test_the_real_foxp2_article_reports_only_its_known_error(foxp2_baseline):
    # The labels' known error: Enard et al. 2002 is listed but never cited; it also has no DOI.
    assert codes_by_reference(foxp2_baseline).get("R1", []) and "CC502" in codes_by_reference(foxp2_baseline)["R1"]
    for reference in ("R2", "R3", "R4", "R5"):
        assert codes_by_reference(foxp2_baseline).get(reference, []) == [], reference


@pytest.mark.parametrize("name, changes, planted, expected", FOXP2_PLANTS, ids=[p[0] for p in FOXP2_PLANTS])
def test_planted_error_in_a_real_article(servers, tmp_path, foxp2_baseline, name, changes, planted, expected):
    text = _plant(FOXP2.read_text(encoding="utf-8"), *changes)
    result = check_text_against(servers, tmp_path, text)
    after, before = codes_by_reference(result), codes_by_reference(foxp2_baseline)
    assert sorted(after.get(planted, [])) == sorted(expected)
    for reference in {**before, **after}:
        if reference != planted:
            assert sorted(after.get(reference, [])) == sorted(before.get(reference, [])), reference


def test_planted_citation_without_reference_in_a_real_article(servers, tmp_path, foxp2_baseline):
    text = _plant(FOXP2.read_text(encoding="utf-8"), ("(Webb and Zhang 2005).", "(Webb and Zhang 2005; Smith and Jones 2001)."))
    result = check_text_against(servers, tmp_path, text)
    added = [f for f in result["findings"] if f not in foxp2_baseline["findings"]]
    assert [f["code"] for f in added] == ["CC501"] and "Smith" in added[0]["message"]

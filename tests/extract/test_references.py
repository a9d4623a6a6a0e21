"""Finding reference lists and reading their entries, style by style and case by case."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from citecheck.extract.extractor import extract
from citecheck.extract.fields import read_entry
from citecheck.ingest import document_from_text, read_document
from citecheck.extract.headings import is_reference_heading
from citecheck.extract.reflist import find_references
from citecheck.extract.reflist import reference_lines as reference_text_lines
from citecheck.model import Reference

ARTICLES = Path(__file__).resolve().parents[2] / "fixtures" / "articles"

BODY = (
    "Gut bacteria influence weight, and several studies looked at this question in detail.\n\n"
    "The findings were mixed, as the papers below show.\n\n"
)


def refs(text: str, name: str = "article.txt") -> tuple[Reference, ...]:
    return find_references(document_from_text(text, name))


def one(text: str) -> Reference:
    found = refs(BODY + "References\n\n" + text + "\n")
    assert len(found) == 1, [r.text for r in found]
    return found[0]


# ------------------------------------------------------------------- styles


def test_apa7() -> None:
    r = one(
        "Ratna, H. V. K., Jeyaraman, M., Yadav, S., Jeyaraman, N., & Nallakumarasamy, A. (2023). "
        "Is Dysbiotic Gut the Cause of Low Back Pain? Cureus, 15(7), e42496. https://doi.org/10.7759/cureus.42496"
    )
    assert r.authors == ("Ratna", "Jeyaraman", "Yadav", "Jeyaraman", "Nallakumarasamy")
    assert (r.year, r.journal, r.volume, r.issue, r.pages) == (2023, "Cureus", "15", "7", "e42496")
    assert r.title == "Is Dysbiotic Gut the Cause of Low Back Pain?"
    assert r.doi == "10.7759/cureus.42496"
    assert r.url == "https://doi.org/10.7759/cureus.42496"
    assert r.section == "References"


def test_apa6_with_doi_prefix_and_year_suffix() -> None:
    r = one(
        "Hamlin, A., Liu, Y., Nguyen, D. V., Tassone, F., Zhang, L., & Hagerman, R. J. (2011b). Sleep apnea in "
        "fragile X premutation carriers with and without FXTAS. American Journal of Medical Genetics Part B: "
        "Neuropsychiatric Genetics, 156(8), 923-928. doi:10.1002/ajmg.b.31237"
    )
    assert (r.year, r.year_suffix) == (2011, "b")
    assert r.journal == "American Journal of Medical Genetics Part B: Neuropsychiatric Genetics"
    assert (r.volume, r.issue, r.pages, r.doi) == ("156", "8", "923-928", "10.1002/ajmg.b.31237")


def test_vancouver_with_month_and_pmid_on_the_next_line() -> None:
    r = one(
        "4. Kim SH, Kaminker P, Campisi J. Telomeres, aging and cancer: in search of a happy ending. "
        "Oncogene. 2002 Jan 21;21(4):503-11.\nPMID: 11850775"
    )
    assert r.number == 4
    assert r.text.endswith("503-11.\nPMID: 11850775")  # the PMID line is part of the entry
    assert (r.year, r.pmid) == (2002, "11850775")
    assert r.end_line == r.line + 1


def test_ama_with_et_al_and_supplement_pages() -> None:
    r = one(
        "Huang W, Santi ND, Burwash I, et al. Characterization of atrial sympathetic function in patients with "
        "heart failure using C-11 HED PET. Can J Cardiol. 2016;32(10):S155-S156. doi:10.1016/j.cjca.2016.07.239"
    )
    assert r.et_al
    assert (r.journal, r.volume, r.issue, r.pages) == ("Can J Cardiol", "32", "10", "S155-S156")


def test_harvard_with_quoted_title() -> None:
    r = one(
        "Boettiger, C., Ross, N. and Hastings, A. (2013) 'Early warning signals: the charted and uncharted "
        "territories', Theoretical Ecology, 6(3), pp. 255\u2013264. doi: 10.1007/s12080-013-0192-6."
    )
    assert r.authors == ("Boettiger", "Ross", "Hastings")
    assert (r.year, r.journal, r.volume, r.issue, r.pages) == (2013, "Theoretical Ecology", "6", "3", "255-264")


def test_chicago_author_date() -> None:
    r = one(
        'Boer, G. J., and B. Yu. 2003. "Climate Sensitivity and Climate State." Climate Dynamics 21 (2): '
        "167\u201376. https://doi.org/10.1007/s00382-003-0323-7."
    )
    assert r.authors == ("Boer", "Yu")
    assert (r.year, r.journal, r.volume, r.issue, r.pages) == (2003, "Climate Dynamics", "21", "2", "167-76")
    assert r.title == "Climate Sensitivity and Climate State"


def test_mla() -> None:
    r = one(
        'Ferguson, Douglas A., and Elizabeth M. Perse. "The World Wide Web as a Functional Alternative to '
        'Television." Journal of Broadcasting & Electronic Media, vol. 44, no. 2, 2000, pp. 155-74.'
    )
    assert r.first_author == "Ferguson"
    assert (r.year, r.volume, r.issue, r.pages) == (2000, "44", "2", "155-74")


def test_plos_style_year_after_vancouver_authors() -> None:
    r = one(
        "Abubakar M, Javed Arshed M, Hussain M, Ehtisham-ul-Haq, Ali Q (2010) Serological Evidence of Brucella "
        "abortus Prevalence in Punjab Province. Transbound Emerg Dis 57(6): 443-447."
    )
    assert (r.first_author, r.year, r.journal, r.volume, r.pages) == ("Abubakar", 2010, "Transbound Emerg Dis", "57", "443-447")


def test_organisation_author_and_no_date() -> None:
    found = refs(
        BODY
        + "References\n\n"
        + "Canadian Pain Society Study Day participants. (2015). Safety and effectiveness of the herpes zoster "
        "vaccine. Pain Research and Management, 20(1), 46-47.\n\n"
        + "Renear, A. H. (n.d.). Text encoding. In A companion to digital humanities (pp. 218-239). "
        "Retrieved from https://doi.org/10.1002/9780470999875.ch17\n"
    )
    org, chapter = found
    assert org.text.startswith("Canadian Pain Society Study Day participants. (2015).")
    assert (org.year, org.volume) == (2015, "20")
    assert chapter.no_date and chapter.year is None
    assert (chapter.pages, chapter.doi) == ("218-239", "10.1002/9780470999875.ch17")


def test_vancouver_group_author_inside_the_author_list() -> None:
    found = refs(
        BODY
        + "References:\n"
        + "[1] Chiang C, GTEx Consortium, Scott AJ, Davis JR, Tsang EK, Li X, et al. The impact of structural "
        "variation on human gene expression. Nat Genet. 2017;49:692-9. doi:10.1038/ng.3834\n"
        + "[2] Liu S, The Genome Denmark Consortium, Huang S, Rao J, Ye W, Krogh A, et al. Discovery, genotyping "
        "and characterization of structural variation. GigaScience. 2015;4:64.\n"
    )
    chiang, liu = found
    assert (chiang.number, liu.number) == (1, 2)
    assert chiang.first_author == "Chiang" and liu.first_author == "Liu"
    assert (chiang.year, chiang.doi) == (2017, "10.1038/ng.3834")


def test_entry_that_starts_with_its_title_has_no_author() -> None:
    found = refs(
        BODY
        + "REFERENCES\n"
        + "A call to update standard of care for children with differences in sex\n"
        "    development. AMA J Ethics. 2021 Jul 1;23(7):E550-556.\n"
        "    doi:10.1001/amajethics.2021.550\n"
        + "Gann PH. Benefits of targeted use of 5-alpha-reductase inhibitors in\n"
        "    patients with prostate cancer. JAMA Intern Med. 2019;179(10):1441.\n"
    )
    untitled, gann = found
    assert untitled.authors == ()
    assert untitled.text.startswith("A call to update") and untitled.text.endswith("doi:10.1001/amajethics.2021.550")
    assert (untitled.year, untitled.doi) == (2021, "10.1001/amajethics.2021.550")
    assert gann.authors == ("Gann",)


@pytest.mark.parametrize(
    "link, pmid",
    [
        ("http://www.ncbi.nlm.nih.gov/pubmed/19650956", "19650956"),
        ("https://pubmed.ncbi.nlm.nih.gov/21807486/", "21807486"),
        ("http://omegaprotein.com/growing-interest-in-a-forgotten-long-chain-omega-3/", None),
    ],
)
def test_an_entry_that_is_only_a_link_has_no_title(link, pmid) -> None:
    parsed = read_entry(link)
    assert (parsed.title, parsed.pmid, parsed.url) == (None, pmid, link)
    assert parsed.authors == () and parsed.journal is None
    found = refs(BODY + "References\n\n- " + link + "\n\n- Kaur S. A title. Br J Nutr. 2010;103:1-9.\n")
    entry = found[0]
    assert (entry.title, entry.pmid, entry.url) == (None, pmid, link)


def test_loose_blog_entry_with_and_others() -> None:
    r = one("Seluanov A and 7 others. 2006. Telomerase activity coevolves with body mass not lifespan. Aging Cell (online early)")
    assert (r.year, r.volume) == (2006, None)


# -------------------------------------------------------------- list shapes


def test_numbering_styles_and_ids_in_order() -> None:
    found = refs(
        BODY
        + "Sources:\n"
        + "[1] Smith J, Jones K. First title. J Biol. 2020;1:2-3.\n"
        + "2) Brown A, White B. Second title. J Chem. 2019;4(5):6-7.\n"
        + "(3) Green C. Third title. J Phys. 2018;8:9-10.\n"
    )
    assert [(r.id, r.number, r.first_author) for r in found] == [
        ("R1", 1, "Smith"),
        ("R2", 2, "Brown"),
        ("R3", 3, "Green"),
    ]
    assert all(r.section == "Sources" for r in found)


def test_entries_without_blank_lines_or_markers_split_on_author_starts() -> None:
    found = refs(
        BODY
        + "References\n"
        + "Smith, J. (2020). A first title that is long enough. Journal of Things, 1(2), 3-4.\n"
        + "Jones, K., & Brown, L. (2019). A second title. Journal of Other Things, 5, 6-7.\n"
    )
    assert [r.first_author for r in found] == ["Smith", "Jones"]


def test_wrapped_entries_stay_whole() -> None:
    found = refs(
        BODY
        + "References\n"
        + "Ng SC, et al. Therapeutic strategies for the management of ulcerative colitis. Inflamm Bowel Dis 2009;\n"
        + "15(6): 935-50.\n"
        + "Taylor RA, et al. Curcumin for inflammatory bowel disease: a review of human studies. Altern Med\n"
        + "Rev 2011; 16(2): 152-6.\n"
    )
    assert [(r.volume, r.pages) for r in found] == [("15", "935-50"), ("16", "152-6")]
    assert [r.text.split("\n")[0][:8] for r in found] == ["Ng SC, e", "Taylor R"]
    assert [(r.line, r.end_line) for r in found] == [(6, 7), (8, 9)]


def test_duplicates_are_kept() -> None:
    entry = "Pawar A, Jump DB. Unsaturated fatty acid regulation. J Biol Chem. 2003;278(38):35931-9."
    found = refs(BODY + "References\n\n" + entry + "\n\n" + entry + "\n")
    assert [r.id for r in found] == ["R1", "R2"]
    assert found[0].text == found[1].text


# -------------------------------------------------------- what is not a list


def test_prose_with_citations_is_not_a_reference_list() -> None:
    text = (
        "Dysbiosis has been linked to inflammation (Garvey, 2023). It may also affect pain (Chen et al., 2021).\n\n"
        "  1. Regulation of Immune Response: Dysbiosis is linked to diabetes (Garvey, 2023).\n\n"
        "  2. Metabolic Functions: SCFAs matter (Chen et al., 2021).\n"
    )
    assert refs(text) == ()


def test_footer_with_dates_licences_and_recent_posts_is_not_taken() -> None:
    text = (
        BODY
        + "Post Disclaimer\n\nThe information herein is not medical advice. Please consult your doctor.\n\n"
        + "Texas DC License # TX5807, New Mexico DC License # NM-DC2182\n\n"
        + "Recent Posts\n\nMastering the Pilates Neutral Spine: Benefits and Technique\n\n"
        + "For individuals wanting to try Pilates for back pain... Read More\n\nMay 24, 2024\n\n"
        + "Follow us:\nhttps://twitter.com/clinic\nhttps://www.facebook.com/clinic\nhttps://instagram.com/clinic\n"
    )
    assert refs(text) == ()


def test_related_posts_with_links_are_not_references() -> None:
    html = (
        "<p>Stretching helps some runners, as a trial showed (Smith, 2020).</p>"
        "<h3>You may also like</h3><ul>"
        "<li><a href='https://example-blog.com/ice-or-heat'>Ice or heat for a sore back?</a> (2024)</li>"
        "<li><a href='https://example-blog.com/desk-exercises'>Five desk exercises</a></li>"
        "<li><a href='https://example-blog.com/running'>Running in the cold</a></li></ul>"
    )
    assert find_references(document_from_text(html, "post.html")) == ()


def test_a_heading_word_in_prose_is_not_a_heading() -> None:
    assert is_reference_heading("References")
    assert is_reference_heading("## Works Cited:")
    assert is_reference_heading("**Further reading**")
    assert not is_reference_heading("Sources of vitamin D in the diet")
    assert refs(BODY + "Sources of vitamin D\n\nFish, eggs and sunlight are the main sources.\n") == ()


# ------------------------------------------------------------ the seeds etc.


def test_seed_without_heading_stops_before_the_footer() -> None:
    found = find_references(read_document(ARTICLES / "seed-electroacupuncture-gut-inflammation.txt"))
    assert [r.first_author for r in found] == ["An", "Dekker Nitert", "Ratna", "Xia", "Yang", "Yao"]
    assert [r.line for r in found] == [32, 34, 36, 38, 40, 42]
    assert all(r.section is None for r in found)
    xia = found[3]
    assert (xia.journal, xia.volume, xia.pages, xia.doi) == ("Life Sci", "309", "120961", "10.1016/j.lfs.2022.120961")


def test_seed_citations_numbered_list() -> None:
    found = find_references(read_document(ARTICLES / "seed-probiotics-neuropathic-pain.txt"))
    assert [(r.number, r.section, r.first_author, r.year) for r in found] == [
        (1, "Citations", "Chen", 2021),
        (2, "Citations", "Lin", 2020),
        (3, "Citations", "Garvey", 2023),
    ]


def test_seed_without_references() -> None:
    assert find_references(read_document(ARTICLES / "seed-acupuncture-stomach-back-pain.txt")) == ()


def test_article_007_sub_headings_notes_wrapped_entries_and_no_year() -> None:
    found = find_references(read_document(ARTICLES / "007_breathegreen-supplement-research.txt"))
    texts = [r.text for r in found]
    labels = json.loads((ARTICLES / "007_breathegreen-supplement-research.labels.json").read_text(encoding="utf-8"))
    labelled = [" ".join(label["raw"].lstrip("* ").split()) for label in labels["references"]]
    # Every entry found is a labelled entry (no heading, note or summary taken for one) ...
    assert all(" ".join(text.lstrip("* ").split()) in labelled for text in texts)
    for heading in ("Cortisol:", "Glucomannan", "B. Lactis B420", "Physio Fit Research", "Additional findings:"):
        assert heading not in texts
    assert not any(t.startswith(("** DPA has not", "Summary/Highlights")) for t in texts)
    # ... and almost every labelled entry is found: the page's three title-first entries
    # without a year and a link in parentheses are the hard ones.
    assert len(found) >= 0.97 * len(labelled)
    ng = next(r for r in found if r.text.startswith("Ng SC"))
    assert (ng.line, ng.end_line, ng.volume, ng.issue) == (163, 164, "15", "6")
    kelly = next(r for r in found if r.text.startswith("Kelly L et al."))
    assert kelly.year is None and kelly.text.endswith("Neurobiology of Aging; In Press, Corrected Proof. }")
    pubmed = [r.pmid for r in found if r.pmid]
    assert pubmed.count("23595874") == 2  # listed twice in a row: both kept


def test_article_008_caret_separated_entries() -> None:
    found = find_references(read_document(ARTICLES / "008_examine-massularia-acuminata.txt"))
    assert [r.number for r in found] == [1, 2, 3, 4, 5]
    assert {r.line for r in found} == {47}
    assert [r.text[:20] for r in found] == [
        "Yakubu MT, Awotunde ", "Yakubu MT, Akanji MA", "Yakubu MT, Akanji MA", "Guidance for Industr", "Effects of Aqueous S",
    ]


def test_malformed_dois_and_doi_forms() -> None:
    found = find_references(read_document(ARTICLES / "115_doi-forms-engineering.txt"))
    by_author = {r.first_author: r for r in found}
    assert by_author["Malone"].malformed_doi == "1016/j.eng.2018.03.008"
    assert by_author["Morris"].malformed_doi == "10.1016/ j.eng.2018.03.005"
    assert by_author["Yang"].malformed_doi == "10.1016/j."
    assert all(by_author[n].doi is None for n in ("Malone", "Morris", "Yang"))
    assert by_author["Sadasivan"].doi == "10.1371/journal.pone.0033693"
    assert by_author["Broniatowski"].doi == "10.1002/sys.21414"


def test_several_sections_and_notes_that_are_not_references() -> None:
    found = find_references(read_document(ARTICLES / "112_several-lists-sleep-pain.txt"))
    assert [r.section for r in found] == ["References"] * 4 + ["Further reading"] * 2
    assert not any("pearls" in r.text and r.text.startswith("We use") for r in found)


def test_markdown_and_html_references_point_at_source_lines() -> None:
    markdown = read_document(ARTICLES / "104_ama-heart-markdown.md")
    found = find_references(markdown)
    source = (ARTICLES / "104_ama-heart-markdown.md").read_text(encoding="utf-8").split("\n")
    for reference in found:
        assert source[reference.line - 1].startswith(f"{reference.number}. ")
    assert found[1].doi == "10.1016/j.cjca.2016.07.239"  # only in a link target

    html = read_document(ARTICLES / "111_html-ol-oncology.html")
    found = find_references(html)
    source = (ARTICLES / "111_html-ol-oncology.html").read_text(encoding="utf-8").split("\n")
    for reference in found:
        assert f'<li id="ref{reference.number}">' in source[reference.line - 1]
    assert found[1].end_line == found[1].line + 1  # its link sits on the next source line


def test_reference_text_lines_are_text_lines_not_source_lines() -> None:
    html = (
        "<p>Claim (Smith, 2020).</p><h2>References</h2><p>Smith, J. (2020). A title. Journal of X, 1(2), 3-4.</p>"
        "<p>Jones, K. (2019). Another title. Journal of Y, 5(6), 7-8.</p>"
    )
    document = document_from_text(html, "one-line.html")
    found = find_references(document)
    assert [r.line for r in found] == [1, 1]  # the whole page is one source line
    lines = reference_text_lines(found)
    text_lines = document.text.split("\n")
    assert {text_lines[n - 1] for n in lines} == {r.text for r in found}
    assert 1 not in lines  # the claim's line is not a reference line


def test_a_suppression_comment_between_entries_is_not_part_of_either() -> None:
    markdown = (
        "Claim (Smith, 2020).\n\n## References\n\n"
        "- Smith, J. (2020). A title. Journal of X, 1(2), 3-4.\n"
        "<!-- citecheck: ignore[CC201] the print year is 2019 -->\n"
        "- Jones, K. (2019). Another title. Journal of Y, 5(6), 7-8.\n"
    )
    found = extract(document_from_text(markdown, "post.md")).references
    assert [(r.first_author, r.line) for r in found] == [("Smith", 5), ("Jones", 7)]
    assert not any("citecheck" in r.text for r in found)


def test_extract_composes_the_steps() -> None:
    document = read_document(ARTICLES / "seed-probiotics-neuropathic-pain.txt")
    extraction = extract(document)
    assert extraction.document is document
    assert extraction.references == find_references(document)


@pytest.mark.parametrize("name", ["005_johnhawks-foxp2-bats.source.md", "105_harvard-ecology.html", "110_markdown-nutrition-sources.md"])
def test_rendered_fixtures_find_every_entry(name: str) -> None:
    found = find_references(read_document(ARTICLES / name))
    assert len(found) in (5, 6)
    assert all(r.first_author and r.year and (r.journal or r.pages) for r in found)

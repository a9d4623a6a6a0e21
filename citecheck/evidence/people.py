"""Is a sentence a claim about people? Pure, one sentence (and its paragraph) at a time.

A sentence is read as a claim about people when it names them (patients,
individuals, adults, women...), addresses the reader ("your gut", "you"),
speaks of "the body", or states a health effect without naming any other
subject: a treatment that "can help reduce back pain", a gut that "can
effectively reduce body weight", an imbalance "associated with obesity", a
class of drugs that "can trigger" a symptom, oil that "keeps hair from
thinning", a herb that "is a powerful anti-inflammatory". In a
health article such unqualified statements are read as being about people,
which is exactly why citing a mouse study for them misleads.

A sentence that itself says its evidence is animal ("in mice, ...", "animal
studies suggest", "in a rat model", or animals as the subject it opens with:
"Female guppies kept apart grow larger") or cell culture ("in vitro", "in human
cell lines", "cells grown in the lab") is not a human claim: it is honest about
its evidence. The same holds when the paragraph around it sets that frame
("Lower doses seem more effective... These studies were conducted in otherwise
healthy rats.") and the sentence itself does not turn to people explicitly.

Beyond the short lists here, people and conditions come from WordNet
(`data/people.txt`, `data/diseases.txt`, built by `training/evidence_words.py`):
"cyclists", "retirees" and words that also name animals ("adults", "females",
"survivors") count as people only where no animal is named or framed;
"pancreatitis" or "iron deficiency anemia" is a condition of health.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from citecheck.evidence import vocabulary as v

_I = re.IGNORECASE


@dataclass(frozen=True)
class PeopleReading:
    """The verdict on one sentence and the words that decided it.

    `reason` is one of "people", "reader", "body", "health", "treatment" (a
    claim about people) or "animal", "in_vitro", "animal-context",
    "in_vitro-context", "none" (not one).
    """

    about_people: bool
    reason: str
    cue: str | None = None

    def __bool__(self) -> bool:
        return self.about_people


# ------------------------------------------------------------------- cleaning

# Citations and links say nothing about the claim and may hold names like "Ratna".
_CITATION = re.compile(
    r"\((?=[^()]{0,200}\b(?:1[6-9]|20)\d\d[a-z]?\b)[^()]{0,200}\)"  # (Chen et al., 2021)
    r"|\[\d{1,3}(?:\s{0,2}[,–-]\s{0,2}\d{1,3}){0,10}\]"  # [1], [2-4]
    r"|<[a-z]{2,10}://[^>\s]{1,1000}>|\b[a-z]{3,10}://\S{1,1000}"  # links
    r"|\b[A-Z][\w'-]{1,30}(?: and [A-Z][\w'-]{1,30}| et al\.?)?\s{0,2}\((?:1[6-9]|20)\d\d[a-z]?(?::\d{1,5})?\)",
)
# Fermented foods are "cultured" without any cell culture.
_FOOD_CULTURE = re.compile(r"(?<![\w-])cultured\s+(?:milk|dairy|foods?|vegetables|yog(?:h)?urt|butter|buttermilk)", _I)


def _strip(sentence: str) -> str:
    """The sentence without its citations and links (same length)."""
    text = _CITATION.sub(lambda m: " " * len(m.group(0)), sentence)
    return _FOOD_CULTURE.sub(lambda m: " " * len(m.group(0)), text)


def _clean(sentence: str) -> str:
    """`_strip`, then the phrases whose animal words name no subjects blanked ("fish oil", "dog owners")."""
    return v.mask(_strip(sentence))


# -------------------------------------------------------------------- framing


def _animal_frame(text: str) -> str | None:
    """The words by which a sentence says its subjects are the usual laboratory animals, if it does.

    Only the short table of laboratory animals counts anywhere in the sentence ("...as shown in mice");
    other animals count where they stand as the study's subjects (`_animal_subject`). Not a frame: an
    animal in a quoted or title-cased title ("Of Mice and Men") or an organ donor ("a pig heart").
    """
    cells = [m.span() for m in v.CELLS_OF.finditer(text)]
    for match in v.lab_animals_in(text):
        if any(a <= match.start() < b for a, b in cells):
            continue
        if _in_title(text, match.start(), match.end()) or _DONOR.match(text, match.end()):
            continue
        return match.group(0)
    match = v.ANIMAL_GENERIC.search(text)
    return match.group(0) if match else None


# "patients who receive a pig heart", "a porcine valve": the animal gives an organ to a person.
_DONOR = re.compile(
    r"[\s-]{1,2}(?:hearts?|kidneys?|livers?|lungs?|valves?|skin|corneas?|organs?|grafts?|xenografts?|"
    r"transplants?|islets?|tissue)(?![\w-])",
    _I,
)
_QUOTE = re.compile(r"[\"“”«»]")
_WORD = re.compile(r"[\w'’-]+")
_TITLE_SMALL = frozenset("a an and as at but by for from in into of on or the to vs with".split())


def _in_title(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] sits in a quoted title or a run of title-cased words ("Of Mice and Men")."""
    if len(_QUOTE.findall(text, 0, start)) % 2 == 1 and _QUOTE.search(text, end):
        return True
    if not text[start:end][:1].isupper():
        return False
    before = _WORD.findall(text, max(0, start - 60), start)[-2:]
    after = _WORD.findall(text, end, end + 60)[:2]
    if not before:
        return False  # the sentence starts with it: "Mice given ..."
    near = before + after
    capitalised = [w for w in near if w[:1].isupper()]
    title_like = [w for w in near if w[:1].isupper() or w.lower() in _TITLE_SMALL]
    return len(capitalised) >= 2 and len(title_like) >= 3


# Words that, between "a study of" and the animal, make it an object of
# people ("a study of adults who kept catfish", "a study of owners with dogs").
_NOT_BETWEEN = (
    r"(?!(?:who|whom|whose|which|that|with|without|by|from|near|eating|ate|eat|fed|feeding|kept|keeping|"
    r"owning|owned|own|raising|farming|handling|bitten|exposed|allergic|pet|pets)(?![\w-]))"
)
# What stands before an animal named as the subjects: "In a study of albino and pigmented catfish",
# "in an experiment with zebra finches".
_STUDY_OF = re.compile(
    r"(?<![\w-])(?:stud(?:y|ies)|experiments?|trials?|tests?|research|work|comparison|survey)\s"
    r"(?:of|on|in|with|using|comparing)\s(?:(?:the|a|an|two|three|several|many|[\d,]{1,9})\s)?"
    rf"(?:{_NOT_BETWEEN}[\w-]{{1,25}}\s(?:(?:and|or)\s)?){{0,3}}?$",
    _I,
)
# ... or what opens the sentence: "In catfish, ...".
_OPENING_IN = re.compile(rf"\s{{0,3}}in\s(?:(?:the|a|an)\s)?(?:{_NOT_BETWEEN}[\w-]{{1,25}}\s(?:(?:and|or)\s)?){{0,2}}?", _I)
# "... while an animal is awake": one animal as the subject.
_ONE_ANIMAL = re.compile(
    r"(?<![\w-])(?:an|the|each|every)\sanimal(?![\w-])"
    r"(?!\s(?:protein|fats?|products?|sources?|foods?|origin|welfare|rights|lovers?|kingdom|feed|husbandry)(?![\w-]))",
    _I,
)


def _animal_subject(text: str) -> str | None:
    """The animal a sentence names as its study's subjects ("In a study of ... catfish"), if any.

    Any animal counts here (the laboratory table, NCBI Taxonomy and WordNet names), but only in the
    framing position: after "a study of" (or opening the sentence, "In catfish, ...") with at most three
    words between, none of them a person ("a study of adults who kept catfish" is about the adults).
    """
    for _, match in v.species_in(text):
        start = match.start()
        low = max(0, start - 160)
        before = _STUDY_OF.search(text, low, start)
        if before is not None:
            phrase = text[before.start(): match.end()]
        elif _OPENING_IN.fullmatch(text, 0, start):
            phrase = text[: match.end()].strip()
        else:
            continue
        if v.PEOPLE_STRONG.search(phrase):
            continue
        return " ".join(phrase.split())
    match = _ONE_ANIMAL.search(text)
    return match.group(0) if match else None


# Words that cannot stand before the head of a sentence's subject: "Animals ... like rats" is not
# opened by rats, nor is "People who keep rats".
_NOT_IN_SUBJECT = frozenset(
    "of in on with for from by to at about like than as without after before during between among against "
    "into over under and or but while whereas if when because although unlike is are was were be been has have "
    "had do does did can may might could will would should you your we our they their it its he she his her "
    "who whom whose which that this what there".split()
)
_OPENING_WORDS = re.compile(r"[\w'’-]+")


def _animal_opening(text: str) -> str | None:
    """The animals a sentence opens with as its subject ("Female killifish grow...", "Wild gorillas eat..."),
    with at most three words before them and none of them a preposition, verb or pronoun."""
    found = next(v.species_in(text), None)
    if found is None:
        return None
    match = found[1]
    before = _OPENING_WORDS.findall(text, 0, match.start())
    if len(before) > 3 or any(w.lower() in _NOT_IN_SUBJECT for w in before):
        return None
    if text[: match.start()].strip(" \t\"“'‘(").strip() and not re.fullmatch(r"[\s\w'’-]*", text[: match.start()]):
        return None  # punctuation before it: a label or a clause ("VSL#3: ...")
    return " ".join(text[: match.end()].split())


def _in_vitro_frame(text: str) -> str | None:
    for pattern in (v.IN_VITRO, v.CELL_LINES, v.CELLS_OF):
        match = pattern.search(text)
        if match:
            return match.group(0)
    return None


# --------------------------------------------------------------------- people

_READER = re.compile(r"(?<![\w'-])(?:you|your|yours|yourself|our (?:bodies|body|guts?|brains?|health|immune systems?|energy balance|skin|hearts?))(?![\w'-])", _I)
_BODY = re.compile(r"(?<![\w-])(?:the (?:human )?body(?:'s)?|human (?:body|health|guts?|brains?|microbiomes?|diet|longevity|aging|ageing|metabolism)|their bodies)(?![\w-])", _I)
_OTHER_PEOPLE = re.compile(
    r"(?<![\w-])(?:someone|anyone|everyone|those (?:with|who)|sufferers|consumers|dieters|users|"
    r"people's|individual's|patient's|patients'|man|woman|person|baby|babies|kids|teens|teenagers|seniors|"
    r"obese (?:and|or) (?:lean|nonobese|non-obese)|pregnancy|(?:dog|cat|pet) owners?|"
    r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|[a-z]{3,9}teen)[- ](?:year|month)[- ]olds)"
    r"(?![\w-])",
    _I,
)

# Health outcomes and conditions that, said without another subject, are about people.
_HEALTH = re.compile(
    r"(?<![\w-])(?:(?:low |lower |chronic |neuropathic |joint |knee |muscle |stomach |abdominal )?pain|"
    r"pain (?:perception|sensitivity|relief|signals)|obesity|overweight|(?:body )?weight(?: loss| gain)?|"
    r"body fat|fat loss|(?:type [12] )?diabetes|blood (?:glucose|sugar|pressure|flow|lipids)|cholesterol|"
    r"triglycerides|depression|anxiety|stress|alzheimer'?s?|parkinson'?s?|dementia|cancers?|tumou?rs?|"
    r"(?:osteo|rheumatoid )?arthritis|ibs|irritable bowel(?: syndrome)?|inflammatory bowel disease|crohn'?s|"
    r"colitis|hypertension|heart (?:disease|health|attacks?|failure)|cardiovascular (?:disease|health|risk)|"
    r"strokes?|insomnia|sleep|migraines?|headaches?|fatigue|asthma|allerg(?:y|ies)|eczema|acne|autism|adhd|"
    r"infertility|fertility|erectile dysfunction|libido|sexual (?:function|health|performance)|sexuality|"
    r"aphrodisiac|testosterone|menopause|osteoporosis|sarcopenia|nafld|fatty liver(?: disease)?|gout|"
    r"uric acid|constipation|diarrh(?:o)?ea|bloating|dyspepsia|indigestion|heartburn|nausea|digestion|(?:gut|nerve|brain|bone|metabolic|"
    r"overall|mental|digestive|immune|heart|liver|kidney|skin|joint|oral|sexual|reproductive|cognitive) "
    r"(?:health|function)|well-?being|quality of life|longevity|lifespan|life expectancy|ag(?:e)?ing|memory|"
    r"mood|cognition|cognitive decline|energy levels|immunity|immune (?:system|response)|infections?|"
    r"(?:gut |intestinal |systemic |chronic )?inflammation|neuroinflammation|healing|recovery|wounds?|"
    r"muscle (?:strength|mass|tension|growth)|strength|endurance|performance|skin|hair loss|appetite|"
    r"cravings|metabolic syndrome|insulin (?:resistance|sensitivity)|liver (?:damage|disease)|"
    r"kidney (?:damage|disease)|arrhythmias?|atherosclerosis|dysbiosis|symptoms|diseases?|disorders?|"
    r"conditions like|sperm|side effects|toxicity|harm|transplant(?:ation)?|surgery|sedation|anaesthesia|"
    r"anesthesia|gut (?:inflammation|barrier)|intestinal (?:motility|barrier))(?![\w-])",
    _I,
)

# Parts and systems of the body: said of no other subject, they are the reader's ("...lasting marks
# on the brain", "...move glucose into muscle").
_BODY_PART = re.compile(
    r"(?<![\w-])(?:brains?|hearts?|liver|kidneys?|guts?|intestines?|bowels?|stomach|muscles?|skin|bones?|joints?|"
    r"arteries|veins|blood vessels|bloodstream|retinas?|lungs?|spine|spinal cord|immune system|"
    r"nervous system|hormones?|waistline|belly|hair|scalp|teeth|gums|eyesight|nails|bladder|prostate|thyroid|"
    r"pancreas|airways|sinuses|ovaries|uterus|womb|cartilage|tendons|ligaments|nerves)(?![\w-])"
    r"(?!\s(?:cells?|follicle cells))"
    # "gut microbiota", "skin bacteria": the organ names where microbes live, not the subject
    r"(?!\s(?:microbiota|microbiome|microbes|flora|bacteria|bacterial|ecology|communit(?:y|ies)))",
    _I,
)

# Verbs and phrases that make a statement about an effect or a link.
_EFFECT = re.compile(
    r"(?<![\w-])(?:(?:reduc|reliev|improv|alleviat|eas|promot|restor|enhanc|regulat|manag|decreas|cur|"
    r"revers|sooth|balanc|normaliz|normalis|induc|modulat|shap|relax|exacerbat|caus|stimulat|attenuat|"
    r"ameliorat|accelerat|eliminat|rejuvenat|optimiz|optimis|provid|increas|damag|chang|los|"
    r"contribut|influenc|determin|compromis|elevat)(?:e|es|ed|ing)|"
    r"(?:lower|boost|prevent|treat|heal|support|protect|fight|burn|strengthen|repair|calm|block|disrupt|"
    r"worsen|trigger|suppress|inhibit|counteract|combat|speed|slow|delay|extend|prolong|kill|destroy|"
    r"clear|nourish|help|lessen|shorten|benefit|affect|alter|impair|harm|raise|lift|cut|halt|stop|"
    r"exert|offer|show|lead|feel|work|act|keep|respond|sharpen|smooth|shrink|curb|dampen|blunt|aid|"
    r"lengthen|slash)(?:s|es|ed|ing)?|lost|led|make|makes|made|kept|shrank|"
    r"(?:rewir|tam|tackl|aggravat|irritat|halv)(?:e|es|ed|ing)|mimics|mimicked|detoxif(?:y|ies|ied|ying)|"
    r"feeds|fuels?|fuell?ed|thins|thinned|wards? off|fends? off|"
    r"(?:is|are|was|were|be|been|being) (?:effective|safe|beneficial|harmful|toxic|linked|associated|"
    r"related|tied|responsible|diminished|reduced|elevated|higher|lower|impaired|altered|common|rare|"
    r"protective|useful|helpful)|"
    r"plays? an? (?:\w+ )?role|risk of|at risk|safe to (?:take|use|eat)|good for|bad for|"
    r"(?:go|goes|went|going) hand in hand|correlat(?:e|es|ed) with|co-?occurs? with)(?![\w-])",
    _I,
)
# Safety claims are claims about what happens to the people who take something.
_SAFETY = re.compile(
    r"(?<![\w-])(?:safe to (?:take|use|eat|drink)|safe (?:for|in) (?:humans|people|everyone|children|pregnancy|adults)|"
    r"(?:a |an )?(?:safer?|gentler|effective|more effective|proven|better|kinder|natural|powerful|potent) "
    r"(?:[\w-]{1,20} )?"
    r"(?:treatments?|supplements?|options?|therap(?:y|ies)|chemotherapy|remed(?:y|ies)|cures?|sedatives?|drugs?|"
    r"vaccines?|medicines?|painkillers?|antihistamines?|antidepressants?|anti-inflammator(?:y|ies)|antibiotics?|"
    r"antivirals?|diuretics?|laxatives?|appetite suppressants?|blood thinners?|sleep aids?|fat burners?|"
    r"decongestants?|aphrodisiacs?)|"
    # health promised with no subject ("Green tea has many health benefits")
    r"health benefits?|good for (?:you|your health)|"
    r"safe and effective|side effects)(?![\w-])",
    _I,
)
# "an aphrodisiac herb", "a fat-burning supplement": the effect is in the adjective.
_EFFECT_BEFORE = re.compile(
    r"(?<![\w-])(?:aphrodisiac|anti-inflammatory|analgesic|healing|medicinal|therapeutic|fat-burning|weight-loss|"
    r"anti-aging|anti-ageing|immune-boosting|detox(?:ifying)?|pain-relieving|sleep-promoting|calming)\s+"
    r"(?:herbs?|plants?|supplements?|remed(?:y|ies)|teas?|foods?|treatments?|drugs?|extracts?|oils?|spices?)(?![\w-])",
    _I,
)
_MODAL = re.compile(r"(?<![\w-])(?:can|may|might|could|will|would|should|helps?)(?![\w-])", _I)

# Things people take or undergo.
_TREATMENT = re.compile(
    r"(?<![\w-])(?:supplements?|supplementation|probiotics?|prebiotics?|treatments?|therap(?:y|ies)|"
    r"(?:electro)?acupuncture|exercise|diets?|dietary|interventions?|drugs?|medications?|medicines?|"
    r"extracts?|herbs?|herbal|teas?|vitamins?|strains?|capsules?|pills?|remed(?:y|ies)|formulas?|"
    r"formulations?|sedatives?|vaccines?|doses?|dosages?|gel|cream|stem cells|chemotherapy|radiotherapy|"
    # classes of drugs ("The antidepressant ... can trigger stuttering")
    r"antidepressants?|antibiotics?|antihistamines?|statins?|painkillers?|opioids?|steroids?|antipsychotics?|"
    r"stimulants?|anticoagulants?|blood thinners?|beta[- ]blockers?|nsaids?|inhalers?|injections?|infusions?|"
    r"immunotherapy|surgery|it|this|they)(?![\w-])",
    _I,
)
_EFFECT_NOUN = re.compile(
    r"(?<![\w-])(?:anti-inflammatory|analgesic|therapeutic|beneficial|protective|healing|pain-relieving|"
    r"antioxidant|neuroprotective|anti-obesity|anti-?diabetic|aphrodisiac|hepatoprotective|anti-?cancer|"
    r"anti-?tumou?r|cholesterol-lowering|blood-pressure-lowering|immune-boosting|calming)\s+"
    r"(?:effects?|benefits?|properties|activity|actions?|potential)(?![\w-])",
    _I,
)


def _effects(text: str, start: int = 0, end: int | None = None) -> list[re.Match[str]]:
    """Effect verbs in text[start:end] that are not themselves a health word ("wound healing")."""
    end = len(text) if end is None else end
    health = [m.span() for m in _HEALTH.finditer(text)]
    return [
        m for m in _EFFECT.finditer(text, start, end)
        if not any(a <= m.start() < b for a, b in health)
    ]


_MODAL_BEFORE = re.compile(r"(?:(?:can|may|might|could|will|does|do|helps?)\s(?:[a-z]{2,20}ly\s)?(?:help\s)?(?:to\s)?)$", _I)


def _cue(text: str, start: int, end: int, words: int = 8) -> str:
    """text[start:end], the modal just before it ("can effectively"), and the words after it up to the
    end of the clause (at most `words`)."""
    modal = _MODAL_BEFORE.search(text, max(0, start - 40), start)
    if modal:
        start = modal.start()
    tail = re.split(r"[,.;:()\[\]]", text[end: end + 160], maxsplit=1)[0].split()[:words]
    return " ".join((text[start:end] + " " + " ".join(tail)).split())


@lru_cache(maxsize=1)
def _conditions() -> re.Pattern[str]:
    """More conditions and symptoms (`data/conditions.txt`), read on first use."""
    text = resources.files("citecheck.evidence").joinpath("data/conditions.txt").read_text(encoding="utf-8")
    words = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    words.sort(key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w-])", _I)


class _Found:
    """A condition found by look-up, read like a regex match."""

    def __init__(self, text: str, start: int) -> None:
        self._text, self._start = text, start

    def group(self, number: int = 0) -> str:
        return self._text

    def end(self) -> int:
        return self._start + len(self._text)


def _health(text: str) -> "re.Match[str] | _Found | None":
    found = _HEALTH.search(text) or _conditions().search(text)
    if found:
        return found
    disease = _disease(text)
    return _Found(disease, text.find(disease)) if disease else None


# "a promising treatment for arthritis", "a natural remedy against colds": a promise of health.
_TREATMENT_FOR = re.compile(
    r"(?<![\w-])(?:treatments?|therap(?:y|ies)|remed(?:y|ies)|cures?|options?|candidates?|approach(?:es)?|"
    r"strateg(?:y|ies)|solutions?|ways?|agents?|aids?|supplements?|alternatives?|medicines?)\s"
    r"(?:for|against|in|to\s(?:treat|prevent|manage|relieve|ease|fight|control|reduce|lower|improve))\s",
    _I,
)


def _claim(text: str) -> tuple[str, str] | None:
    """(reason, cue) when the sentence states a health effect or link."""
    has_health = _health(text) is not None
    has_modal = _MODAL.search(text) is not None
    for treatment in _TREATMENT.finditer(text):
        limit = min(len(text), treatment.end() + 200)
        noun = _EFFECT_NOUN.search(text, treatment.end(), limit)
        verbs = _effects(text, treatment.end(), limit)
        effect = noun or (verbs[0] if verbs else None)
        if effect is None:
            continue
        pronoun = treatment.group(0).lower() in {"it", "this", "they"}
        # "it provides ... effects" is about a treatment only when a health
        # outcome, an effect noun or a modal says so.
        if pronoun and not (has_health or noun or has_modal):
            continue
        return "treatment", _cue(text, effect.start(), effect.end())
    health = _health(text)
    if health and (_effects(text) or has_modal):
        return "health", " ".join(health.group(0).split())
    promise = _TREATMENT_FOR.search(text)
    if promise and _health(text[promise.end(): promise.end() + 80]):
        return "treatment", _cue(text, promise.start(), promise.end(), words=4)
    for pattern, reason in ((_SAFETY, "treatment"), (_EFFECT_BEFORE, "treatment"), (_BODY_PART, "body")):
        match = pattern.search(text)
        if match:
            return reason, " ".join(match.group(0).split())
    return None


def _explicit_people(text: str) -> tuple[str, str] | None:
    """People named by words that name only people ("patients", "your", "the body")."""
    for match in v.PEOPLE_STRONG.finditer(text):
        if not v.PEOPLE_SHARED.fullmatch(match.group(0)):
            return "people", match.group(0)
    for reason, pattern in (("people", _OTHER_PEOPLE), ("reader", _READER), ("body", _BODY)):
        match = pattern.search(text)
        if match:
            return reason, match.group(0)
    return None


def _shared_people(text: str) -> str | None:
    """Words that name people or animals alike ("adults", "females", "survivors"), or people in WordNet's
    wider sense ("singers", "dieters", "retirees"): people when nothing names animals."""
    match = v.PEOPLE_SHARED.search(text)
    if match:
        return match.group(0)
    if next(v.species_in(text), None) is not None or _ANIMAL_WORD.search(text):
        return None  # "...the dominant singers among the finches", "across the animal kingdom"
    for word in _WORD.finditer(text):
        token = word.group(0)
        if not token.isupper() and token.lower() in _people_nouns():
            return token
    return None


_ANIMAL_WORD = re.compile(r"(?<![\w-])animals?(?![\w-])", _I)


def _data(name: str) -> list[str]:
    text = resources.files("citecheck.evidence").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return [line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def _people_nouns() -> frozenset[str]:
    """Plural nouns for people from WordNet (`data/people.txt`), read on first use."""
    return frozenset(_data("people.txt"))


@lru_cache(maxsize=1)
def _diseases() -> tuple[frozenset[str], int]:
    """Conditions of ill health from WordNet (`data/diseases.txt`) and the most words in one, read on first use."""
    names = _data("diseases.txt")
    return frozenset(names), max(len(n.split()) for n in names)


def _disease(text: str) -> str | None:
    """The first WordNet condition named in `text` ("pancreatitis", "iron deficiency anemia")."""
    names, longest = _diseases()
    words = [(m.start(), m.end(), m.group(0).lower()) for m in _WORD.finditer(text)]
    for index in range(len(words)):
        for size in range(min(longest, len(words) - index), 0, -1):
            phrase = " ".join(w for _, _, w in words[index: index + size])
            if phrase in names:
                return text[words[index][0]: words[index + size - 1][1]]
    return None


# Research methods, not findings: "samples were stored", "tissues were analysed".
_METHOD = re.compile(
    r"(?<![\w-])(?:samples?|specimens?|tissues?|sections?|sera|plasma|biopsies|data)\s(?:[\w-]{1,20}\s){0,2}?"
    r"(?:was|were)\s(?:stored|collected|frozen|fixed|stained|analy[sz]ed|processed|obtained|sequenced|"
    r"homogeni[sz]ed|centrifuged|kept|taken|extracted|measured)(?![\w-])",
    _I,
)


def read_sentence(sentence: str, context: str = "") -> PeopleReading:
    """Whether `sentence` is a claim about people; `context` is the rest of its paragraph."""
    stripped = _strip(sentence)
    text = v.mask(stripped)
    animal = _animal_frame(text) or _animal_subject(text)
    if animal:
        return PeopleReading(False, "animal", animal)
    cells = _in_vitro_frame(text)
    if cells:
        return PeopleReading(False, "in_vitro", cells)
    explicit = _explicit_people(stripped)
    if explicit is None:
        opening = _animal_opening(text)
        if opening:
            return PeopleReading(False, "animal", opening)
    if explicit is None and context:
        around = _clean(context)
        framed = _animal_frame(around)
        if framed:
            return PeopleReading(False, "animal-context", framed)
        framed = _in_vitro_frame(around)
        if framed:
            return PeopleReading(False, "in_vitro-context", framed)
    if explicit is not None:
        return PeopleReading(True, explicit[0], explicit[1])
    shared = _shared_people(text)
    if shared is not None:
        return PeopleReading(True, "people", shared)
    method = _METHOD.search(text)
    if method:
        return PeopleReading(False, "none", method.group(0))
    claim = _claim(text)
    if claim is not None:
        return PeopleReading(True, claim[0], claim[1])
    return PeopleReading(False, "none", None)


about_people = read_sentence

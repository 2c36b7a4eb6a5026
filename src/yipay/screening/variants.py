"""Small, documented tables the name normaliser uses (pure data).

Kept short on purpose: each entry is a spelling that list publishers and payers demonstrably
write for the same name (OFAC/UN transliterations, Russian and Korean romanisations), a legal
form, or a title. A missing variant costs only a little score (the fuzzy and skeleton
features still see it); a wrong one would merge different people, so when in doubt leave out.
"""

from __future__ import annotations

# Latin spelling -> canonical spelling (one token).
_GROUPS: dict[str, tuple[str, ...]] = {
    "muhammad": ("mohammed", "mohammad", "mohamed", "muhammed", "mohamad", "muhamad", "mohd",
                 "mohamud", "mahamed", "maxamed", "mochammad", "muhamed", "mohammod", "mukhammad"),
    "ahmad": ("ahmed", "ahmet", "akhmad", "akhmed"),
    "husayn": ("hussein", "hussain", "husain", "husein", "hossein", "husseyn", "hosein", "husen"),
    "hasan": ("hassan", "hasen", "khasan"),
    "yusuf": ("yousef", "youssef", "yousuf", "yusef", "yousif", "yusif", "youssouf", "yussuf"),
    "umar": ("omar", "omer", "oumar"),
    "uthman": ("usman", "osman", "othman", "otman", "outhman"),
    "mahmud": ("mahmoud", "mahmood", "mehmood", "makhmud"),
    "mustafa": ("mostafa", "moustafa", "mustapha", "mostapha"),
    "ibrahim": ("ebrahim", "ibraheem", "brahim"),
    "said": ("saeed", "saied", "sa'id"),
    "khalid": ("khaled", "halid", "xaalid"),
    "abdallah": ("abdullah", "abdulla", "abdalla", "abdoullah", "abdellah", "cabdullaahi",
                 "abdullahi", "cabdullaah", "abdollah"),
    "jafar": ("jaafar", "jaffar", "djafar"),
    "qasim": ("kasim", "qassem", "qassim", "gasim", "kassem", "qasem"),
    "nasir": ("nasser", "naser", "nassir", "nacer"),
    "usama": ("osama", "oussama"),
    "muammar": ("moammar", "muamar"),
    "qadhafi": ("gaddafi", "qaddafi", "kadhafi", "gadhafi", "kadafi", "qadafi"),
    "yasin": ("yassin", "yaseen", "yassine", "yacine"),
    "rahman": ("rehman", "rakhman"),
    "sergei": ("sergey", "sergej", "serguei", "sergii", "serhii", "serhiy"),
    "yuri": ("yury", "yuriy", "iurii", "yurii", "jurij", "juri"),
    "aleksandr": ("alexander", "aleksander", "alexandr", "oleksandr", "aliaksandr"),
    "dmitri": ("dmitry", "dmitriy", "dmitrii", "dmytro"),
    "andrei": ("andrey", "andrii", "andriy"),
    "aleksei": ("alexei", "alexey", "aleksey", "oleksii"),
    "nikolai": ("nikolay", "mykola"),
    "yevgeni": ("yevgeny", "evgeny", "evgeniy", "yevgeniy", "evgenii"),
    "vladimir": ("wladimir", "volodymyr", "uladzimir"),
    "kim": ("gim",),
    "pak": ("park", "bak"),
    "choe": ("choi", "chwe"),
    "international": ("intl", "int'l", "internacional", "internationale"),
    "national": ("natl",),
}  # fmt: skip
CANONICAL: dict[str, str] = {v: k for k, vs in _GROUPS.items() for v in vs}

# Legal forms: word sequences -> canonical form. Families that denote the same kind of company
# across languages share a canonical form (OAO = OJSC = open joint stock company = jsc).
_LEGAL: dict[str, tuple[str, ...]] = {
    "ltd": ("ltd", "limited", "ltda", "co ltd", "company limited", "co limited", "pte ltd",
            "private limited", "pvt ltd", "pty ltd", "有限公司"),
    "llc": ("llc", "l l c", "limited liability company", "ooo", ("obshchestvo s ogranichennoy "
            "otvetstvennostyu"), "too", "tov", "srl", "societatea cu raspundere limitata",
            "sro", "spzoo", "sp z o o", "sp z oo", "有限责任公司"),
    "jsc": ("jsc", "ojsc", "cjsc", "pjsc", "oao", "zao", "pao", "joint stock company",
            "open joint stock company", "closed joint stock company", "public joint stock company",
            "aktsionernoe obshchestvo", "股份有限公司"),
    "ag": ("ag", "aktiengesellschaft"),
    "gmbh": ("gmbh",),
    "inc": ("inc", "incorporated"),
    "corp": ("corp", "corporation"),
    "co": ("co", "company", "cia", "compania", "公司"),
    "plc": ("plc", "public limited company"),
    "sa": ("sa", "s a", "sociedad anonima", "sa de cv", "de cv", "sas", "sae", "sal", "spa"),
    "sarl": ("sarl",),
    "bv": ("bv",),
    "nv": ("nv",),
    "lp": ("lp", "limited partnership"),
    "llp": ("llp",),
    "fze": ("fze", "fzc", "fzco", "fz llc", "dmcc"),
    "ab": ("ab",),
    "as": ("a s",),
    "pt": ("pt",),
    "sl": ("sl",),
    "na": ("na",),
}  # fmt: skip
LEGAL_FORMS: dict[tuple[str, ...], str] = {
    tuple(v.split()): k for k, vs in _LEGAL.items() for v in vs if v.isascii()
}
# Families of legal forms that a payer may render one for another (OOO written "Ltd",
# "Co., Ltd." for "LLC"); forms of different families name different companies (AG vs GmbH).
LEGAL_FAMILY: dict[str, str] = {
    **dict.fromkeys(("ltd", "llc", "co", "inc", "corp", "plc", "pt", "fze"), "company"),
    **dict.fromkeys(("sa", "sarl", "sl"), "sa"),
    **dict.fromkeys(("bv", "nv"), "bv"),
    **dict.fromkeys(("lp", "llp"), "partnership"),
}
LEGAL_WORDS = frozenset(w for forms in _LEGAL.values() for f in forms for w in f.split())
HAN_LEGAL_FORMS: dict[str, str] = {v: k for k, vs in _LEGAL.items() for v in vs if not v.isascii()}

# Titles and honorifics: never part of the identity.
HONORIFICS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "prof",
        "sir",
        "lord",
        "hon",
        "haji",
        "hajji",
        "hadji",
        "alhaji",
        "sheikh",
        "shaikh",
        "shaykh",
        "sheik",
        "maulavi",
        "maulvi",
        "mawlawi",
        "mawlavi",
        "molvi",
        "mullah",
        "mulla",
        "mulah",
        "qari",
        "hafiz",
        "imam",
        "president",
        "prasident",
        "monsieur",
        "madame",
        "mme",
        "herr",
        "frau",
        "gen",
        "colonel",
        "col",
        "captain",
        "capt",
        "mv",
    ]
)
HAN_HONORIFICS = ("先生", "女士", "小姐", "太太")
# Linking words: confirm, never identify. Patronymic connectors mark the next token as the
# father's name (`X bin Y` is not `Y bin X`).
STOPWORDS = frozenset(
    [
        "of",
        "the",
        "and",
        "for",
        "de",
        "del",
        "la",
        "le",
        "du",
        "des",
        "da",
        "do",
        "dos",
        "das",
        "di",
        "van",
        "von",
        "der",
        "den",
        "y",
        "e",
        "et",
    ]
)
PATRONYMIC = frozenset(["bin", "ibn", "ben", "bint", "ould", "wuld", "walad", "binti"])
ARTICLES = frozenset(["al", "el", "ul", "ad", "ar", "as", "ash", "at", "az", "an", "ud", "ur"])
# Prefixes that fuse with the next token in Arabic names (Abd al-Rahman = Abdul Rahman).
ABD_PREFIXES = ("abdul", "abdel", "abdal", "abdol", "abdur", "abdar", "abdus", "abdoul", "abdu")
ABU = frozenset({"abu", "abou", "abo"})
# Two-word given names whose second word is a fixed one: Nur al-Din, Zayn al-Abidin, Habib
# Allah (Persian Habibollah). Each is one name, written as one word or two, so `names._fuse`
# makes it one token "head + tail" on every spelling: Nureddin = Nur ud-Din = نور الدين ->
# nurdin/nwrdin. Per tail: its spellings as a word of its own (after "al", "ud", "ed" ...,
# or, for Allah, after nothing), and the endings of the one-word spellings.
COMPOUND_TAILS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "din": (
        ("din", "deen", "dine", "dyn"),
        ("uddin", "eddin", "eddine", "iddin", "oddin", "addin", "uddeen", "aldin", "eldin"),
    ),
    "abidin": (
        ("abidin", "abideen", "abedin", "abidine", "abdyn", "aabdyn"),  # العابدين: ayn + ā
        ("ulabidin", "ulabideen", "alabidin", "elabidin", "elabidine", "olabedin", "alabedin"),
    ),
    "allah": (("allah", "ullah", "ollah"), ("allah", "ullah", "ollah")),
}
# Words that join a compound's head and tail (al-, ud-, ed- ...), beside `ARTICLES`.
COMPOUND_LINKS = frozenset(["ed", "ol", "od", "il", "ud", "ul", "el", "al", "ad"])
# Words common in company names: they still count, at lower weight.
GENERIC = frozenset(
    [
        "trading",
        "trade",
        "general",
        "international",
        "intl",
        "group",
        "holding",
        "holdings",
        "industries",
        "industry",
        "industrial",
        "enterprises",
        "enterprise",
        "services",
        "service",
        "import",
        "export",
        "commercial",
        "global",
        "investment",
        "investments",
        "company",
        "bank",
        "management",
        "solutions",
        "partners",
        "trust",
        "fund",
        "development",
        "import-export",
        "logistics",
        "technology",
        "technologies",
    ]
)
# Korean romanisation (Revised vs McCune-Reischauer) folded to one spelling, applied to
# syllables transliterated from Hangul.
KOREAN_FOLD = (("eo", "o"), ("eu", "u"), ("ae", "ae"))
CHINESE_COMPOUND_SURNAMES = frozenset(
    [
        "欧阳",
        "司马",
        "上官",
        "诸葛",
        "司徒",
        "夏侯",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "东方",
        "令狐",
        "宇文",
    ]
)
# Given names carried by more than 2% of the listed person names (OFAC SDN + UN snapshots in
# ../shared/data/watchlists, 13,528 Latin names after CANONICAL): muhammad 10.0%, ahmad 3.7%,
# ali 3.5%, abdallah 2.3%, hasan 2.2%, ibrahim 2.0% (next: umar 1.4%); the same 2% cut above
# which the name index lets a key only re-rank (index.COMMON). A match that rests on one of
# these plus a single other name is thin evidence (matcher.score_forms).
COMMON_GIVEN = frozenset(["muhammad", "ahmad", "ali", "abdallah", "hasan", "ibrahim"])

"""Generate the frozen labelled screening sets (deterministic, fixed seed).

    .venv/bin/python -m bench.screening_sets

writes `tests/fixtures/screening/variants.csv` (altered listed names: the listed party, must
be found) and `tests/fixtures/screening/innocents.csv` (names typical of this market that
are *not* listed: must not hit). The sets were generated and frozen before any matcher weight
was tuned, so they measure the matcher rather than echo it.

An innocent name is dropped when, by this module's own simple rules (independent of the
matcher), it *is* a listed name: its tokens equal those of a listed strong name, or one
name's tokens are all contained in the other's (listed names of two tokens or more), where
tokens are equal after a small spelling-variant table, or at edit distance 1, or with the same
consonant skeleton. Such a name can only be told apart by date of birth or country, not by
name; counting it as a false positive would punish a correct name match.
"""

from __future__ import annotations

import csv
import random
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

from anyascii import anyascii
from rapidfuzz.distance import Levenshtein

from bench.watchlist_reader import read_all
from yipay.screening.lists import ListEntry

SEED = 20260227
OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "screening"

# -- vocabularies of innocent names ----------------------------------------------------------
# fmt: off
CN_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴莫孔向汤"  # noqa: E501
CN_GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国文辉力斌宇浩凯鹏飞晨欣怡婷雪琳晓红梅海波宁志鑫亮成俊峰彬睿嘉子轩涵博佳瑶梓萱诗雨思源佳豪一鸣天翼家乐永福金龙玉兰春生秋"  # noqa: E501
CN_CITIES = [
    "义乌", "金华", "杭州", "宁波", "温州", "广州", "深圳", "东莞", "汕头", "厦门", "泉州", "台州", "绍兴", "苏州", "上海",  # noqa: E501
    "青岛",
]
CN_WORDS = [
    "恒达", "鑫源", "华美", "宏发", "金辉", "永盛", "顺丰", "佳艺", "盛世", "海纳", "天成", "锦程", "新星", "创意", "凯旋",  # noqa: E501
    "博远", "瑞丰", "东方", "明珠", "百灵",
]
CN_TRADES = [
    "贸易", "进出口", "工艺品", "饰品", "玩具", "日用品", "电子", "纺织", "五金", "包装", "服饰",
]
CN_FORMS = ["有限公司", "股份有限公司", "贸易商行", "公司", "有限责任公司"]
CN_TRADES_EN = [
    "Trading", "Import and Export", "Crafts", "Jewelry", "Toys", "Daily Necessities",
    "Electronics", "Textile", "Hardware", "Packaging", "Garments",
]
AR_GIVEN = [
    "Muhammad", "Mohammed", "Mohamed", "Ahmad", "Ahmed", "Ali", "Hassan", "Hussein", "Omar",
    "Abdullah", "Abdul Rahman", "Abdelaziz", "Khalid", "Khaled", "Yusuf", "Youssef", "Ibrahim",
    "Mahmoud", "Mustafa", "Said", "Tariq", "Faisal", "Hamza", "Bilal", "Karim", "Nabil", "Samir",
    "Walid", "Jamal", "Adel", "Fatima", "Aisha", "Mariam", "Layla", "Noura", "Huda", "Salma",
    "Amira", "Rania", "Zainab", "Osama", "Anas", "Majid", "Rashid", "Sultan", "Hamad", "Saif",
    "Marwan", "Ziad", "Imad",
]
AR_FAMILY = [
    "Al-Masri", "Haddad", "Khoury", "Nasser", "Saleh", "Mansour", "Al-Hashimi", "Al-Rashid",
    "El-Sayed", "Abdel-Fattah", "Al-Amin", "Hamdan", "Qasim", "Darwish", "Al-Zahrani",
    "Al-Otaibi", "Al-Shamsi", "Bakr", "Farouk", "Habib", "Jaber", "Kanaan", "Mahfouz", "Najjar",
    "Othman", "Sabbagh", "Tamimi", "Yassin", "Zaki", "Al-Farsi", "Al-Mazrouei", "Barakat",
    "Chehab", "Diab", "Ghanem", "Issa", "Karam", "Lahham", "Murad", "Qureshi",
]
AR_SCRIPT_GIVEN = [
    "محمد", "أحمد", "علي", "حسن", "حسين", "عمر", "عبدالله", "عبد الرحمن", "خالد", "يوسف",
    "إبراهيم", "محمود", "مصطفى", "سعيد", "طارق", "فيصل", "حمزة", "بلال", "كريم", "نبيل", "سمير",
    "وليد", "جمال", "عادل", "فاطمة", "عائشة", "مريم", "ليلى", "نورة", "هدى",
]
AR_SCRIPT_FAMILY = [
    "المصري", "حداد", "خوري", "ناصر", "صالح", "منصور", "الهاشمي", "الراشد", "السيد",
    "عبد الفتاح", "الأمين", "حمدان", "درويش", "الزهراني", "العتيبي", "الشامسي", "بكر", "فاروق",
    "حبيب", "جابر", "كنعان", "محفوظ", "النجار", "عثمان", "الصباغ", "التميمي", "ياسين", "زكي",
    "بركات", "غانم",
]
FA_GIVEN = [
    "Mohammad Reza", "Ali Reza", "Hossein", "Mehdi", "Reza", "Amir", "Hamid", "Saeed", "Majid",
    "Behnam", "Babak", "Dariush", "Farhad", "Kourosh", "Omid", "Payam", "Shahram", "Siavash",
    "Zahra", "Fatemeh", "Maryam", "Narges", "Parisa", "Shirin", "Leila", "Niloufar", "Mahsa",
    "Roya", "Ali Akbar", "Mohsen",
]
FA_FAMILY = [
    "Hosseini", "Rezaei", "Ahmadi", "Mohammadi", "Karimi", "Moradi", "Jafari", "Rahimi",
    "Kazemi", "Ghorbani", "Sadeghi", "Heydari", "Nouri", "Tehrani", "Esfahani", "Shirazi",
    "Tabrizi", "Rostami", "Azizi", "Bagheri", "Farahani", "Ghasemi", "Mousavi", "Najafi",
    "Salehi", "Zamani", "Yazdani", "Khosravi", "Amini", "Soltani",
]
FA_SCRIPT_GIVEN = [
    "محمدرضا", "علیرضا", "حسین", "مهدی", "رضا", "امیر", "حمید", "سعید", "مجید", "بهنام", "بابک",
    "فرهاد", "کوروش", "امید", "زهرا", "فاطمه", "مریم", "نرگس", "پریسا", "شیرین",
]
FA_SCRIPT_FAMILY = [
    "حسینی", "رضایی", "احمدی", "محمدی", "کریمی", "مرادی", "جعفری", "رحیمی", "کاظمی", "قربانی",
    "صادقی", "حیدری", "نوری", "تهرانی", "اصفهانی", "شیرازی", "رستمی", "عزیزی", "باقری", "قاسمی",
]
RU_GIVEN_M = [
    "Александр", "Сергей", "Дмитрий", "Андрей", "Алексей", "Максим", "Евгений", "Иван", "Михаил",
    "Николай", "Павел", "Олег", "Юрий", "Игорь", "Роман", "Виктор", "Владимир", "Артём", "Денис",
    "Константин",
]
RU_GIVEN_F = [
    "Елена", "Ольга", "Наталья", "Татьяна", "Ирина", "Светлана", "Анна", "Мария", "Екатерина",
    "Юлия", "Марина", "Ксения",
]
RU_FAMILY = [
    "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов", "Новиков",
    "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов",
    "Козлов", "Степанов", "Николаев", "Орлов", "Андреев", "Макаров", "Никитин", "Захаров",
    "Зайцев", "Соловьёв", "Борисов", "Яковлев", "Григорьев", "Романов",
]
RU_PATRONYMIC = [
    "Александрович", "Сергеевич", "Иванович", "Петрович", "Николаевич", "Викторович",
    "Андреевич", "Михайлович", "Юрьевич", "Олегович",
]
ES_GIVEN = [
    "José", "Luis", "Carlos", "Juan", "Miguel", "Jorge", "Pedro", "Alejandro", "Fernando",
    "Ricardo", "María", "Ana", "Lucía", "Carmen", "Sofía", "Valentina", "Gabriela", "Fernanda",
    "João", "Paulo", "Thiago", "Rafael", "Bruno", "Mariana", "Beatriz", "Camila", "Diego",
    "Andrés", "Manuel", "Francisco",
]
ES_FAMILY = [
    "García", "Rodríguez", "Martínez", "López", "González", "Pérez", "Sánchez", "Ramírez",
    "Torres", "Flores", "Rivera", "Gómez", "Díaz", "Cruz", "Morales", "Reyes", "Ortiz",
    "Jiménez", "Ruiz", "Álvarez", "Silva", "Santos", "Oliveira", "Souza", "Costa", "Pereira",
    "Almeida", "Ferreira", "Carvalho", "Ribeiro",
]
AF_GIVEN = [
    "Chukwuemeka", "Adebayo", "Oluwaseun", "Ngozi", "Chiamaka", "Emeka", "Tunde", "Kwame",
    "Kofi", "Ama", "Akosua", "Mamadou", "Moussa", "Aminata", "Fatoumata", "Ousmane", "Ibrahima",
    "Abdoulaye", "Wanjiru", "Njeri", "Otieno", "Kipchoge", "Tendai", "Thabo", "Sipho", "Nomvula",
    "Abebe", "Tesfaye", "Hadiza", "Musa", "Abdi", "Farah", "Yaw", "Kelechi", "Babajide",
]
AF_FAMILY = [
    "Okafor", "Ogunleye", "Adeyemi", "Nwosu", "Eze", "Mensah", "Boateng", "Asante", "Owusu",
    "Diallo", "Traoré", "Keïta", "Coulibaly", "Ndiaye", "Sow", "Kamau", "Mwangi", "Ochieng",
    "Moyo", "Dlamini", "Nkosi", "Bekele", "Tadesse", "Abubakar", "Bello", "Danjuma", "Warsame",
    "Osei", "Okonkwo", "Balogun",
]
CO_PLACES = [
    "Dubai", "Sharjah", "Lagos", "Nairobi", "Accra", "Dakar", "Moscow", "Almaty", "Tashkent",
    "Istanbul", "Tehran", "Karachi", "Cairo", "Casablanca", "Lima", "Bogota", "Sao Paulo",
    "Kinshasa", "Baghdad", "Amman",
]
CO_WORDS = [
    "Al Noor", "Golden Star", "Silk Road", "Sunrise", "Blue Ocean", "Crescent", "Al Baraka",
    "Green Valley", "Royal", "Atlas", "Horizon", "Pioneer", "Unity", "Victory", "Oasis",
    "Phoenix", "Delta", "Summit", "Harmony", "Zenith",
]
CO_TRADES = [
    "General Trading", "Import Export", "Textiles", "Electronics", "Logistics", "Commodities",
    "Enterprises", "Merchandise", "Wholesale", "Supplies",
]
CO_FORMS = [
    "LLC", "L.L.C.", "FZE", "FZCO", "Ltd", "Limited", "Co., Ltd.", "SARL", "S.A.", "Ltda", "OOO",
    "TOO", "Inc.", "PLC", "LLP", "DMCC",
]

# fmt: on

# -- the label filter (independent of the matcher) --------------------------------------------
_CANON = {
    "mohammed": "muhammad",
    "mohammad": "muhammad",
    "mohamed": "muhammad",
    "muhammed": "muhammad",
    "mohamad": "muhammad",
    "mohd": "muhammad",
    "ahmed": "ahmad",
    "hussein": "husayn",
    "hussain": "husayn",
    "husain": "husayn",
    "hossein": "husayn",
    "husein": "husayn",
    "yousef": "yusuf",
    "youssef": "yusuf",
    "yousuf": "yusuf",
    "yusef": "yusuf",
    "umar": "omar",
    "usman": "uthman",
    "osman": "uthman",
    "othman": "uthman",
    "khaled": "khalid",
    "mahmud": "mahmoud",
    "mostafa": "mustafa",
    "ebrahim": "ibrahim",
    "saeed": "said",
    "sayed": "said",
    "sayyid": "said",
    "abdallah": "abdullah",
    "abdel": "abdul",
    "abd": "abdul",
}
_PARTICLES = {"al", "el", "ul", "bin", "ibn", "ben", "bint", "abu", "de", "da", "del", "la", "van"}


def _tokens(name: str) -> list[str]:
    text = anyascii(unicodedata.normalize("NFKC", name)).lower()
    toks = [t for t in re.split(r"[^a-z0-9]+", text) if t]
    return [_CANON.get(t, t) for t in toks if t not in _PARTICLES]


def _skeleton(token: str) -> str:
    out = re.sub(r"[aeiouyhw']", "", token)
    return re.sub(r"(.)\1+", r"\1", out)


def _same(a: str, b: str) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) >= 4 and Levenshtein.distance(a, b) <= 1:
        return True
    sa, sb = _skeleton(a), _skeleton(b)
    return len(sa) >= 3 and sa == sb


class ListedNames:
    """All listed names as token lists, with a deletion-neighbourhood index for `_same`."""

    def __init__(self, entries: list[ListEntry]) -> None:
        self.names: list[tuple[list[str], bool]] = []
        self.by_key: dict[str, set[int]] = defaultdict(set)
        for entry in entries:
            for name in entry.names:
                toks = _tokens(name.text)
                if not toks:
                    continue
                i = len(self.names)
                self.names.append((toks, name.strength == "strong"))
                self.by_key["".join(toks)].add(i)
                for tok in toks:
                    for key in self._keys(tok):
                        self.by_key[key].add(i)

    @staticmethod
    def _keys(tok: str) -> set[str]:
        keys = {tok, "#" + _skeleton(tok)}
        keys.update(tok[:i] + tok[i + 1 :] for i in range(len(tok)))
        return keys

    def collides(self, name: str) -> bool:
        toks = _tokens(name)
        cands: set[int] = set(self.by_key.get("".join(toks), ()))
        for tok in toks:
            for key in self._keys(tok):
                cands |= self.by_key.get(key, set())
        for i in cands:
            listed, strong = self.names[i]
            if "".join(listed) == "".join(toks):
                return True
            if not strong:
                continue
            short, long_ = (listed, toks) if len(listed) <= len(toks) else (toks, listed)
            if len(short) < 2 and len(long_) > 1:
                continue
            if all(any(_same(s, t) for t in long_) for s in short):
                return True
        return False


# -- innocents --------------------------------------------------------------------------------
def _pinyin(hanzi: str) -> list[str]:
    return [anyascii(ch).lower() for ch in hanzi]


def _innocents(rng: random.Random, entries: list[ListEntry]) -> list[tuple[str, str, str]]:
    out: list[tuple[str, str, str]] = []
    c = rng.choice

    def cn_person() -> str:
        return c(CN_SURNAMES) + "".join(rng.sample(CN_GIVEN, rng.choice((1, 2, 2))))

    def cn_company() -> str:
        return c(CN_CITIES) + c(("", "市")) + c(CN_WORDS) + c(CN_TRADES) + c(CN_FORMS)

    gens = {
        "chinese-hanzi": lambda: (cn_person(), "person"),
        "chinese-company-hanzi": lambda: (cn_company(), "organization"),
    }

    def cn_pinyin() -> tuple[str, str]:
        han = cn_person()
        sur, given = _pinyin(han[0]), _pinyin(han[1:])
        style = rng.randrange(5)
        if style == 0:
            text = f"{sur[0].title()} {''.join(given).title()}"
        elif style == 1:
            text = " ".join([*sur, *given]).upper()
        elif style == 2:
            text = f"{''.join(given).title()} {sur[0].title()}"
        elif style == 3:
            text = f"{sur[0].upper()}, {''.join(given).title()}"
        else:
            text = "".join([*sur, *given]).title()
        return text, "person"

    def cn_company_en() -> tuple[str, str]:
        word = "".join(_pinyin(c(CN_WORDS))).title()
        city = "".join(_pinyin(c(CN_CITIES))).title()
        form = c(["Co., Ltd.", "Co. Ltd", "Limited", "Company Limited", "Ltd."])
        return f"{city} {word} {c(CN_TRADES_EN)} {form}", "organization"

    def arabic() -> tuple[str, str]:
        parts = [c(AR_GIVEN), *rng.sample(AR_GIVEN, rng.randrange(2)), c(AR_FAMILY)]
        return " ".join(parts), "person"

    def arabic_script() -> tuple[str, str]:
        parts = [c(AR_SCRIPT_GIVEN), *rng.sample(AR_SCRIPT_GIVEN, rng.randrange(2))]
        return " ".join([*parts, c(AR_SCRIPT_FAMILY)]), "person"

    def persian() -> tuple[str, str]:
        return f"{c(FA_GIVEN)} {c(FA_FAMILY)}", "person"

    def persian_script() -> tuple[str, str]:
        return f"{c(FA_SCRIPT_GIVEN)} {c(FA_SCRIPT_FAMILY)}", "person"

    def russian() -> tuple[str, str]:
        female = rng.random() < 0.35
        given = c(RU_GIVEN_F if female else RU_GIVEN_M)
        family = c(RU_FAMILY) + ("а" if female else "")
        patro = c(RU_PATRONYMIC)
        if female:
            patro = patro[:-2] + "на"
        parts = [given, patro, family] if rng.random() < 0.5 else [family, given]
        return " ".join(parts), "person"

    def russian_latin() -> tuple[str, str]:
        return anyascii(russian()[0]), "person"

    def hispanic() -> tuple[str, str]:
        parts = rng.sample(ES_GIVEN, rng.choice((1, 2))) + rng.sample(ES_FAMILY, rng.choice((1, 2)))
        return " ".join(parts), "person"

    def african() -> tuple[str, str]:
        return f"{c(AF_GIVEN)} {c(AF_FAMILY)}", "person"

    def company() -> tuple[str, str]:
        return f"{c(CO_WORDS)} {c(CO_TRADES)} {c(CO_FORMS)}", "organization"

    gens.update(
        {
            "chinese-pinyin": cn_pinyin,
            "chinese-company-pinyin": cn_company_en,
            "arabic-latin": arabic,
            "arabic-script": arabic_script,
            "persian-latin": persian,
            "persian-script": persian_script,
            "russian-cyrillic": russian,
            "russian-latin": russian_latin,
            "hispanic": hispanic,
            "african": african,
            "company-intl": company,
        }
    )
    listed = ListedNames(entries)
    seen: set[str] = set()
    for origin, gen in gens.items():
        count = 0
        while count < 180:
            text, kind = gen()
            if text in seen or listed.collides(text):
                continue
            seen.add(text)
            out.append((text, kind, origin))
            count += 1
    # near misses: a listed person's name with one token swapped for a common one
    persons = [e for e in entries if e.kind == "person"]
    pool = [*AR_GIVEN, *FA_FAMILY, *ES_FAMILY, *AF_FAMILY, *AR_FAMILY, "Kim", "Chol", "Min"]
    count = 0
    while count < 250:
        entry = c(persons)
        toks = entry.primary_name.replace(",", " ").split()
        if len(toks) < 2 or any(not t.isascii() for t in toks):
            continue
        i = rng.randrange(len(toks))
        toks[i] = c(pool).upper()
        text = " ".join(toks)
        if text in seen or listed.collides(text):
            continue
        seen.add(text)
        out.append((text, "person", "near-miss"))
        count += 1
    return out


# -- variants ---------------------------------------------------------------------------------
_TRANSLIT = [
    ("MUHAMMAD", "MOHAMMED"), ("MOHAMMED", "MUHAMMAD"), ("MOHAMED", "MOHAMMAD"),
    ("AHMAD", "AHMED"), ("AHMED", "AHMAD"), ("ABDUL ", "ABD AL-"), ("ABD AL-", "ABDUL "),
    ("ABDUL", "ABDEL"), ("AL-", "EL-"), ("AL-", "AL "), ("HUSSEIN", "HUSAYN"),
    ("HUSAYN", "HUSSEIN"),
    ("YUSUF", "YOUSSEF"), ("OU", "U"), ("KH", "H"), ("Q", "K"), ("IY", "I"), ("EI", "EY"),
    ("SH", "CH"), ("Y", "I"), ("J", "DJ"), ("EE", "I"), ("OO", "U"), ("UMAR", "OMAR"),
]  # fmt: skip
_LEGAL = re.compile(
    r"\b(CO\.?,? LTD\.?|LTD\.?|LIMITED|LLC|L\.L\.C\.|INC\.?|CORP(ORATION)?\.?|COMPANY|CO\.|S\.A\.|SA|GMBH|FZE|JSC|OJSC|CJSC|OAO|ZAO|OOO|PJSC)(?=\W|$)"  # noqa: E501
)
_CYR = [
    ("SHCH", "Щ"), ("ZH", "Ж"), ("KH", "Х"), ("TS", "Ц"), ("CH", "Ч"), ("SH", "Ш"), ("YU", "Ю"),
    ("YA", "Я"), ("YE", "Е"), ("A", "А"), ("B", "Б"), ("V", "В"), ("G", "Г"), ("D", "Д"),
    ("E", "Е"), ("Z", "З"), ("I", "И"), ("Y", "Й"), ("K", "К"), ("L", "Л"), ("M", "М"),
    ("N", "Н"), ("O", "О"), ("P", "П"), ("R", "Р"), ("S", "С"), ("T", "Т"), ("U", "У"),
    ("F", "Ф"),
]  # fmt: skip
_SLAVIC = re.compile(r"(OV|EV|IN|ENKO|SKIY|SKY|OVA|EVA|INA|UK|YCH|ICH)\b")
_ARABIC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ة": "ه", "ى": "ي", "ي": "ى"})
_EAST_ASIAN = {
    "LI",
    "WANG",
    "ZHANG",
    "LIU",
    "CHEN",
    "YANG",
    "HUANG",
    "ZHAO",
    "WU",
    "ZHOU",
    "XU",
    "SUN",
    "MA",
    "ZHU",
    "HU",
    "GUO",
    "HE",
    "GAO",
    "LIN",
    "LUO",
    "ZHENG",
    "LIANG",
    "TANG",
    "HAN",
    "KIM",
    "PAK",
    "PARK",
    "RI",
    "LEE",
    "CHOE",
    "CHOI",
    "JANG",
    "JONG",
    "KANG",
    "O",
    "SIN",
    "YUN",
    "CHO",
    "HWANG",
    "SONG",
    "KO",
    "MUN",
    "PAEK",
    "CHU",
    "RIM",
    "CHANG",
    "WONG",
    "CHAN",
    "CHEUNG",
    "LAM",
    "NG",
    "TAN",
    "LIM",
    "ONG",
    "GOH",
    "TEO",
}


def _typo(rng: random.Random, text: str) -> str | None:
    toks = text.split()
    idx = [i for i, t in enumerate(toks) if len(t) >= 6 and t.isalpha()]
    if not idx:
        return None
    i = rng.choice(idx)
    tok, pos = toks[i], rng.randrange(1, len(toks[i]) - 1)
    op = rng.randrange(4)
    letter = rng.choice("aeiounrstl").upper() if tok.isupper() else rng.choice("aeiounrstl")
    if op == 0:
        tok = tok[:pos] + tok[pos + 1 :]
    elif op == 1:
        tok = tok[:pos] + letter + tok[pos:]
    elif op == 2:
        tok = tok[:pos] + letter + tok[pos + 1 :]
    else:
        tok = tok[: pos - 1] + tok[pos] + tok[pos - 1] + tok[pos + 1 :]
    toks[i] = tok
    return " ".join(toks)


def _variant(rng: random.Random, entry: ListEntry, origin: str, text: str) -> str | None:
    out: str | None = None
    if origin == "typo":
        out = _typo(rng, text)
    elif origin == "reorder" and entry.kind == "person":
        if ", " in text:
            last, given = text.split(", ", 1)
            out = f"{given} {last}"
        else:
            toks = text.split()
            out = " ".join(toks[1:] + toks[:1]) if len(toks) > 1 else None
    elif origin == "drop-middle" and entry.kind == "person":
        toks = text.replace(",", "").split()
        if len(toks) >= 3:
            del toks[rng.randrange(1, len(toks) - 1)]
            out = " ".join(toks)
    elif origin == "translit":
        rules = [r for r in _TRANSLIT if r[0] in text.upper()]
        if rules:
            old, new = rng.choice(rules)
            out = text.upper().replace(old, new, 1)
    elif origin == "legal-form" and entry.kind == "organization":
        if _LEGAL.search(text):
            out = _LEGAL.sub(rng.choice(["", "LIMITED", "CO LTD", "LLC", "INC"]), text, count=1)
        else:
            out = f"{text} {rng.choice(['LLC', 'Ltd.', 'Co., Ltd.', 'Limited'])}"
        out = " ".join(out.replace(" ,", ",").split()).strip(" ,")
    elif origin == "case-punct":
        plain = " ".join(re.sub(r"[^\w\s]", " ", text).split())
        out = rng.choice([plain.lower(), plain.title(), text.lower()])
    elif origin == "cyrillic" and entry.kind == "person" and _SLAVIC.search(text.upper()):
        out = text.replace(",", "").upper()
        for lat, cyr in _CYR:
            out = out.replace(lat, cyr)
        out = out.title()
    elif origin == "arabic-script" and not text.isascii():
        out = text.translate(_ARABIC_FOLD) if rng.random() < 0.5 else text.replace(" ", "  ")
    elif origin == "pinyin-join" and entry.kind == "person" and ", " in text:
        last, given = text.split(", ", 1)
        given_toks = given.replace("-", " ").split()
        if last.upper() in _EAST_ASIAN and 1 < len(given_toks) <= 2:
            out = rng.choice(
                [f"{last} {''.join(given_toks)}", f"{''.join(given_toks)} {last}".title()]
            )
    if out is None or out.strip() == text.strip() or not out.strip():
        return None
    return out


ORIGINS = ["typo", "reorder", "drop-middle", "translit", "legal-form", "case-punct"]
ORIGINS += ["cyrillic", "arabic-script", "pinyin-join"]


def _variants(rng: random.Random, entries: list[ListEntry]) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    seen: set[str] = set()
    order = list(range(len(entries)))
    rng.shuffle(order)
    for origin in ORIGINS:
        count = 0
        for i in order:
            if count >= 160:
                break
            entry = entries[(i + ORIGINS.index(origin) * 997) % len(entries)]
            strong = [n.text for n in entry.names if n.strength == "strong"]
            if origin == "arabic-script":
                strong = [n.text for n in entry.names if n.kind_of_name == "original_script"]
            if not strong:
                continue
            name = strong[0] if rng.random() < 0.7 else rng.choice(strong)
            out = _variant(rng, entry, origin, name)
            if out is None or out in seen:
                continue
            seen.add(out)
            rows.append((out, entry.kind, origin, entry.source, entry.entry_id, name))
            count += 1
    return rows


def main() -> None:
    entries = read_all()
    rng = random.Random(SEED)
    OUT.mkdir(parents=True, exist_ok=True)
    variants = _variants(rng, entries)
    with (OUT / "variants.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["query", "kind", "origin", "source", "entry_id", "listed_name"])
        w.writerows(variants)
    innocents = _innocents(rng, entries)
    with (OUT / "innocents.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["query", "kind", "origin"])
        w.writerows(innocents)
    print(f"{len(variants)} variants, {len(innocents)} innocents written to {OUT}")


if __name__ == "__main__":
    main()

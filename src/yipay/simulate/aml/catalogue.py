"""Goods for monitoring datasets: the simulator's Yiwu catalogue plus a few headings it lacks
(footwear 64, headgear 65, ceramics 69 …), each with the words buyers write in remittances.

Buyers mostly write English; Latin American buyers sometimes write Spanish, CIS buyers Russian,
Arab buyers Arabic, West African and French buyers French. Cover goods are what a launderer
names instead of the goods on the trade (other HS chapters, mostly not sold in Yiwu).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from yipay.simulate.goods import CATEGORIES, CATEGORY_WEIGHTS, ITEMS, GoodsItem

LANGUAGES = ("en", "es", "ru", "ar", "fr")

#: Extra items in existing shop categories (name, HS code, unit, USD cents low/high, pack).
_EXTRA: tuple[tuple[str, str, str, str, str, int, int, int], ...] = (
    ("Slippers, EVA", "EVA拖鞋", "640299", "daily_necessities", "pairs", 60, 300, 120),
    ("Baseball caps", "棒球帽", "650500", "hair_accessories", "pcs", 80, 400, 200),
    ("Knitted hats", "针织帽", "650500", "hosiery", "pcs", 50, 300, 300),
    ("Ceramic vases", "陶瓷花瓶", "691390", "artificial_flowers", "pcs", 100, 800, 24),
    ("Plastic buckets", "塑料水桶", "392490", "kitchenware", "pcs", 40, 250, 50),
    ("Zippers", "拉链", "960719", "home_textiles", "pcs", 2, 30, 2000),
    ("Metal hooks", "挂钩", "732690", "hardware", "pcs", 5, 60, 1000),
    ("Folding stools", "折叠凳", "940179", "daily_necessities", "pcs", 150, 900, 10),
)

ALL_ITEMS: tuple[GoodsItem, ...] = ITEMS + tuple(
    GoodsItem(name, zh, hs, category, unit, low, high, pack)
    for name, zh, hs, category, unit, low, high, pack in _EXTRA
)

#: Item name → words in (en, es, ru, ar, fr).
_WORDS: dict[str, tuple[str, str, str, str, str]] = {
    "Bed sheets, cotton": ("BED SHEETS", "SABANAS", "ПОСТЕЛЬНОЕ БЕЛЬЕ", "شراشف", "DRAPS"),
    "Bath towels, cotton terry": ("BATH TOWELS", "TOALLAS", "ПОЛОТЕНЦА", "مناشف", "SERVIETTES"),
    "Curtains, polyester": ("CURTAINS", "CORTINAS", "ШТОРЫ", "ستائر", "RIDEAUX"),
    "Blankets, synthetic fibre": ("BLANKETS", "MANTAS", "ОДЕЯЛА", "بطانيات", "COUVERTURES"),
    "Socks, cotton": ("SOCKS", "CALCETINES", "НОСКИ", "جوارب", "CHAUSSETTES"),
    "Knitted gloves": ("GLOVES", "GUANTES", "ПЕРЧАТКИ", "قفازات", "GANTS"),
    "Scarves, polyester": ("SCARVES", "BUFANDAS", "ШАРФЫ", "أوشحة", "ECHARPES"),
    "Plastic toys": ("PLASTIC TOYS", "JUGUETES", "ИГРУШКИ", "ألعاب", "JOUETS"),
    "Plush toys": ("PLUSH TOYS", "PELUCHES", "МЯГКИЕ ИГРУШКИ", "ألعاب محشوة", "PELUCHES"),
    "Playing cards": ("PLAYING CARDS", "NAIPES", "ИГРАЛЬНЫЕ КАРТЫ", "ورق اللعب", "CARTES A JOUER"),
    "Artificial flowers, plastic": (
        "ARTIFICIAL FLOWERS",
        "FLORES ARTIFICIALES",
        "ИСКУССТВЕННЫЕ ЦВЕТЫ",
        "زهور صناعية",
        "FLEURS ARTIFICIELLES",
    ),
    "Artificial flowers, fabric": (
        "SILK FLOWERS",
        "FLORES DE TELA",
        "ТКАНЕВЫЕ ЦВЕТЫ",
        "زهور قماش",
        "FLEURS EN TISSU",
    ),
    "Christmas ornaments": (
        "CHRISTMAS DECORATIONS",
        "ADORNOS NAVIDENOS",
        "ЕЛОЧНЫЕ УКРАШЕНИЯ",
        "زينة عيد الميلاد",
        "DECORATIONS DE NOEL",
    ),
    "Artificial Christmas trees": (
        "CHRISTMAS TREES",
        "ARBOLES DE NAVIDAD",
        "ИСКУССТВЕННЫЕ ЕЛКИ",
        "أشجار عيد الميلاد",
        "SAPINS DE NOEL",
    ),
    "Party supplies": (
        "PARTY SUPPLIES",
        "ARTICULOS DE FIESTA",
        "ТОВАРЫ ДЛЯ ПРАЗДНИКА",
        "مستلزمات الحفلات",
        "ARTICLES DE FETE",
    ),
    "Hair clips, plastic": (
        "HAIR CLIPS",
        "PINZAS PARA CABELLO",
        "ЗАКОЛКИ",
        "مشابك شعر",
        "BARRETTES",
    ),
    "Hair bands": (
        "HAIR BANDS",
        "LIGAS PARA CABELLO",
        "РЕЗИНКИ ДЛЯ ВОЛОС",
        "ربطات شعر",
        "ELASTIQUES CHEVEUX",
    ),
    "Wigs, synthetic": ("WIGS", "PELUCAS", "ПАРИКИ", "شعر مستعار", "PERRUQUES"),
    "Imitation jewellery necklaces": ("NECKLACES", "COLLARES", "ОЖЕРЕЛЬЯ", "قلائد", "COLLIERS"),
    "Earrings, base metal": ("EARRINGS", "ARETES", "СЕРЬГИ", "أقراط", "BOUCLES D OREILLES"),
    "Handbags, PU leather": ("HANDBAGS", "BOLSOS", "СУМКИ", "حقائب يد", "SACS A MAIN"),
    "Backpacks": ("BACKPACKS", "MOCHILAS", "РЮКЗАКИ", "حقائب ظهر", "SACS A DOS"),
    "Trolley suitcases": ("SUITCASES", "MALETAS", "ЧЕМОДАНЫ", "حقائب سفر", "VALISES"),
    "Folding umbrellas": ("UMBRELLAS", "PARAGUAS", "ЗОНТЫ", "مظلات", "PARAPLUIES"),
    "Straight umbrellas": ("UMBRELLAS", "SOMBRILLAS", "ЗОНТЫ ТРОСТИ", "شماسي", "PARAPLUIES"),
    "Screwdriver sets": ("SCREWDRIVERS", "DESTORNILLADORES", "ОТВЕРТКИ", "مفكات", "TOURNEVIS"),
    "Pliers": ("PLIERS", "ALICATES", "ПЛОСКОГУБЦЫ", "كماشات", "PINCES"),
    "Padlocks": ("PADLOCKS", "CANDADOS", "ЗАМКИ", "أقفال", "CADENAS"),
    "Phone cases": (
        "PHONE CASES",
        "FUNDAS PARA CELULAR",
        "ЧЕХЛЫ ДЛЯ ТЕЛЕФОНОВ",
        "أغطية جوال",
        "COQUES TELEPHONE",
    ),
    "USB charging cables": ("USB CABLES", "CABLES USB", "USB КАБЕЛИ", "كابلات شحن", "CABLES USB"),
    "Earphones": ("EARPHONES", "AUDIFONOS", "НАУШНИКИ", "سماعات", "ECOUTEURS"),
    "LED bulbs": ("LED BULBS", "FOCOS LED", "СВЕТОДИОДНЫЕ ЛАМПЫ", "لمبات ليد", "AMPOULES LED"),
    "LED string lights": ("LED LIGHTS", "LUCES LED", "ГИРЛЯНДЫ", "أضواء ليد", "GUIRLANDES LED"),
    "Ballpoint pens": ("PENS", "BOLIGRAFOS", "РУЧКИ", "أقلام", "STYLOS"),
    "Notebooks": ("NOTEBOOKS", "CUADERNOS", "ТЕТРАДИ", "دفاتر", "CAHIERS"),
    "Pencils": ("PENCILS", "LAPICES", "КАРАНДАШИ", "أقلام رصاص", "CRAYONS"),
    "Yoga mats": (
        "YOGA MATS",
        "TAPETES DE YOGA",
        "КОВРИКИ ДЛЯ ЙОГИ",
        "سجادات يوغا",
        "TAPIS DE YOGA",
    ),
    "Footballs": ("FOOTBALLS", "BALONES", "МЯЧИ", "كرات قدم", "BALLONS"),
    "Stainless steel cookware": ("COOKWARE", "OLLAS", "КАСТРЮЛИ", "أواني طبخ", "CASSEROLES"),
    "Plastic food containers": (
        "FOOD CONTAINERS",
        "RECIPIENTES",
        "КОНТЕЙНЕРЫ ДЛЯ ЕДЫ",
        "علب طعام",
        "BOITES ALIMENTAIRES",
    ),
    "Ceramic mugs": ("MUGS", "TAZAS", "КРУЖКИ", "أكواب", "TASSES"),
    "Plastic clothes hangers": (
        "HANGERS",
        "GANCHOS PARA ROPA",
        "ВЕШАЛКИ",
        "علاقات ملابس",
        "CINTRES",
    ),
    "Sunglasses": (
        "SUNGLASSES",
        "GAFAS DE SOL",
        "СОЛНЦЕЗАЩИТНЫЕ ОЧКИ",
        "نظارات شمسية",
        "LUNETTES DE SOLEIL",
    ),
    "Cosmetic brushes": (
        "MAKEUP BRUSHES",
        "BROCHAS DE MAQUILLAJE",
        "КИСТИ ДЛЯ МАКИЯЖА",
        "فرش مكياج",
        "PINCEAUX MAQUILLAGE",
    ),
    "Slippers, EVA": ("SLIPPERS", "PANTUFLAS", "ТАПОЧКИ", "شباشب", "PANTOUFLES"),
    "Baseball caps": ("CAPS", "GORRAS", "КЕПКИ", "قبعات", "CASQUETTES"),
    "Knitted hats": ("HATS", "GORROS", "ШАПКИ", "طواقي", "BONNETS"),
    "Ceramic vases": ("VASES", "FLOREROS", "ВАЗЫ", "مزهريات", "VASES"),
    "Plastic buckets": ("BUCKETS", "CUBETAS", "ВЕДРА", "دلاء", "SEAUX"),
    "Zippers": ("ZIPPERS", "CIERRES", "МОЛНИИ", "سحابات", "FERMETURES ECLAIR"),
    "Metal hooks": ("HOOKS", "GANCHOS", "КРЮЧКИ", "خطافات", "CROCHETS"),
    "Folding stools": ("STOOLS", "BANCOS PLEGABLES", "ТАБУРЕТЫ", "كراسي قابلة للطي", "TABOURETS"),
}

#: What a launderer names instead: (HS code, words in en, es, ru, ar, fr).
COVER_GOODS: tuple[tuple[str, tuple[str, str, str, str, str]], ...] = (
    (
        "851713",
        (
            "MOBILE PHONES",
            "TELEFONOS CELULARES",
            "МОБИЛЬНЫЕ ТЕЛЕФОНЫ",
            "هواتف محمولة",
            "TELEPHONES PORTABLES",
        ),
    ),
    (
        "847130",
        (
            "LAPTOPS",
            "COMPUTADORAS PORTATILES",
            "НОУТБУКИ",
            "حواسيب محمولة",
            "ORDINATEURS PORTABLES",
        ),
    ),
    (
        "711319",
        ("GOLD JEWELRY", "JOYERIA DE ORO", "ЗОЛОТЫЕ УКРАШЕНИЯ", "مجوهرات ذهبية", "BIJOUX EN OR"),
    ),
    (
        "870899",
        ("AUTO SPARE PARTS", "REPUESTOS DE AUTO", "АВТОЗАПЧАСТИ", "قطع غيار سيارات", "PIECES AUTO"),
    ),
    (
        "901890",
        (
            "MEDICAL EQUIPMENT",
            "EQUIPO MEDICO",
            "МЕДИЦИНСКОЕ ОБОРУДОВАНИЕ",
            "معدات طبية",
            "MATERIEL MEDICAL",
        ),
    ),
    (
        "854143",
        ("SOLAR PANELS", "PANELES SOLARES", "СОЛНЕЧНЫЕ ПАНЕЛИ", "ألواح شمسية", "PANNEAUX SOLAIRES"),
    ),
    (
        "730419",
        ("STEEL PIPES", "TUBOS DE ACERO", "СТАЛЬНЫЕ ТРУБЫ", "أنابيب فولاذية", "TUBES EN ACIER"),
    ),
    ("401110", ("TYRES", "LLANTAS", "ШИНЫ", "إطارات", "PNEUS")),
    ("240220", ("CIGARETTES", "CIGARRILLOS", "СИГАРЕТЫ", "سجائر", "CIGARETTES")),
    (
        "847989",
        (
            "INDUSTRIAL MACHINERY",
            "MAQUINARIA INDUSTRIAL",
            "ПРОМЫШЛЕННОЕ ОБОРУДОВАНИЕ",
            "آلات صناعية",
            "MACHINES INDUSTRIELLES",
        ),
    ),
)

#: Buyer country → the language it sometimes writes in instead of English.
LANGUAGE_OF: dict[str, str] = {
    **dict.fromkeys(("MX", "CO", "PE", "CL", "AR", "ES", "PA", "CU", "VE"), "es"),
    **dict.fromkeys(("RU", "BY", "KZ", "KG", "UZ"), "ru"),
    **dict.fromkeys(("AE", "SA", "IQ", "JO", "KW", "EG", "SY", "YE", "LB"), "ar"),
    **dict.fromkeys(("SN", "CM", "FR", "DZ"), "fr"),
}
NATIVE_SHARE = 0.35


@dataclass(frozen=True)
class Catalogue:
    """The items as arrays, for vectorised planning of goods lines."""

    items: tuple[GoodsItem, ...]
    hs_code: tuple[str, ...]
    low_cents: npt.NDArray[np.float64]
    high_cents: npt.NDArray[np.float64]
    pack: npt.NDArray[np.int64]
    category: npt.NDArray[np.int64]  # index into CATEGORIES
    by_category: tuple[npt.NDArray[np.int64], ...]
    words: tuple[tuple[str, ...], ...]  # per item, per language

    def chapter(self, item: int) -> str:
        return self.hs_code[item][:2]

    def heading_top_cents(self, item: int) -> float:
        """The highest usual price (USD cents) of any item of `item`'s 4-digit heading."""
        heading = self.hs_code[item][:4]
        return max(
            float(self.high_cents[i]) for i, hs in enumerate(self.hs_code) if hs[:4] == heading
        )


def build_catalogue() -> Catalogue:
    keys = [c.key for c in CATEGORIES]
    category = np.array([keys.index(i.category) for i in ALL_ITEMS], dtype=np.int64)
    return Catalogue(
        items=ALL_ITEMS,
        hs_code=tuple(i.hs_code for i in ALL_ITEMS),
        low_cents=np.array([i.price_low_cents for i in ALL_ITEMS], dtype=np.float64),
        high_cents=np.array([i.price_high_cents for i in ALL_ITEMS], dtype=np.float64),
        pack=np.array([i.pack for i in ALL_ITEMS], dtype=np.int64),
        category=category,
        by_category=tuple(np.flatnonzero(category == k) for k in range(len(CATEGORIES))),
        words=tuple(_WORDS[i.name] for i in ALL_ITEMS),
    )


CATEGORY_SHARES = np.array([CATEGORY_WEIGHTS[c.key] for c in CATEGORIES], dtype=np.float64)
CATEGORY_SHARES /= CATEGORY_SHARES.sum()

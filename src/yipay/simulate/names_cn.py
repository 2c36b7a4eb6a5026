"""Chinese shop names and their pinyin, built the way Yiwu registers them.

An individual business (个体工商户) is named 义乌市 + trade name (often the owner's name) + trade +
form (商行, 经营部, 店); a company 义乌市/浙江 + trade name + industry + 有限公司. Latin names are
what the settlement bank records: pinyin of the proper names and an English trade word.
"""

from __future__ import annotations

from yipay.simulate.goods import Category
from yipay.simulate.streams import Draw

Pair = tuple[str, str]  # (Chinese, pinyin)

# Surnames common in Yiwu first (楼, 吴, 陈, 王, 金, 何, 朱, 龚, 骆, 傅, 鲍).
FAMILY_NAMES: tuple[Pair, ...] = (
    ("楼", "Lou"), ("吴", "Wu"), ("陈", "Chen"), ("王", "Wang"), ("金", "Jin"), ("何", "He"),
    ("朱", "Zhu"), ("龚", "Gong"), ("骆", "Luo"), ("傅", "Fu"), ("鲍", "Bao"), ("方", "Fang"),
    ("黄", "Huang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("杨", "Yang"), ("周", "Zhou"),
    ("徐", "Xu"), ("孙", "Sun"), ("马", "Ma"), ("胡", "Hu"), ("郭", "Guo"), ("林", "Lin"),
    ("叶", "Ye"), ("丁", "Ding"), ("蒋", "Jiang"), ("虞", "Yu"), ("贾", "Jia"), ("冯", "Feng"),
    ("季", "Ji"), ("毛", "Mao"), ("施", "Shi"), ("童", "Tong"), ("宗", "Zong"), ("斯", "Si"),
)  # fmt: skip

GIVEN_CHARS: tuple[Pair, ...] = (
    ("建", "jian"), ("国", "guo"), ("伟", "wei"), ("军", "jun"), ("明", "ming"), ("华", "hua"),
    ("平", "ping"), ("强", "qiang"), ("勇", "yong"), ("芳", "fang"), ("丽", "li"), ("敏", "min"),
    ("静", "jing"), ("燕", "yan"), ("霞", "xia"), ("红", "hong"), ("杰", "jie"), ("涛", "tao"),
    ("斌", "bin"), ("辉", "hui"), ("鹏", "peng"), ("飞", "fei"), ("海", "hai"), ("林", "lin"),
    ("波", "bo"), ("峰", "feng"), ("春", "chun"), ("秀", "xiu"), ("英", "ying"), ("玲", "ling"),
    ("晓", "xiao"), ("志", "zhi"), ("宏", "hong"), ("俊", "jun"), ("文", "wen"), ("永", "yong"),
    ("佳", "jia"), ("慧", "hui"), ("娟", "juan"), ("云", "yun"), ("新", "xin"), ("小", "xiao"),
)  # fmt: skip

# Trade names (字号): two characters, first × second.
BRAND_FIRST: tuple[Pair, ...] = (
    ("华", "hua"), ("鑫", "xin"), ("恒", "heng"), ("金", "jin"), ("宏", "hong"), ("瑞", "rui"),
    ("佳", "jia"), ("永", "yong"), ("新", "xin"), ("天", "tian"), ("东", "dong"), ("博", "bo"),
    ("德", "de"), ("盛", "sheng"), ("腾", "teng"), ("锦", "jin"), ("聚", "ju"), ("福", "fu"),
    ("顺", "shun"), ("汇", "hui"), ("嘉", "jia"), ("亿", "yi"), ("星", "xing"), ("美", "mei"),
    ("创", "chuang"), ("兴", "xing"), ("隆", "long"), ("富", "fu"), ("和", "he"), ("泰", "tai"),
    ("乐", "le"), ("优", "you"), ("品", "pin"), ("丰", "feng"), ("宝", "bao"), ("君", "jun"),
    ("凯", "kai"), ("骏", "jun"), ("欣", "xin"), ("昌", "chang"),
)  # fmt: skip

BRAND_SECOND: tuple[Pair, ...] = (
    ("锦", "jin"), ("达", "da"), ("盛", "sheng"), ("信", "xin"), ("图", "tu"), ("丰", "feng"),
    ("美", "mei"), ("安", "an"), ("光", "guang"), ("宇", "yu"), ("方", "fang"), ("远", "yuan"),
    ("隆", "long"), ("世", "shi"), ("飞", "fei"), ("程", "cheng"), ("源", "yuan"), ("润", "run"),
    ("发", "fa"), ("通", "tong"), ("禾", "he"), ("彩", "cai"), ("辰", "chen"), ("琪", "qi"),
    ("意", "yi"), ("旺", "wang"), ("祥", "xiang"), ("诚", "cheng"), ("峰", "feng"), ("晟", "sheng"),
    ("鼎", "ding"), ("邦", "bang"), ("辉", "hui"), ("恒", "heng"), ("艺", "yi"), ("悦", "yue"),
    ("航", "hang"), ("欧", "ou"), ("尔", "er"), ("益", "yi"),
)  # fmt: skip

# Subdistricts (街道) of Yiwu, used to tell apart shops that would otherwise share a name.
SUBDISTRICTS: tuple[Pair, ...] = (
    ("稠城", "Choucheng"), ("北苑", "Beiyuan"), ("稠江", "Choujiang"), ("江东", "Jiangdong"),
    ("后宅", "Houzhai"), ("城西", "Chengxi"), ("廿三里", "Niansanli"), ("福田", "Futian"),
)  # fmt: skip

INDIVIDUAL_FORMS: tuple[Pair, ...] = (
    ("商行", "Firm"), ("经营部", "Business Department"), ("店", "Store"), ("商铺", "Shop"),
)  # fmt: skip

COMPANY_INDUSTRIES: tuple[Pair, ...] = (
    ("进出口", "Import and Export"), ("贸易", "Trading"), ("工艺品", "Crafts"),
    ("电子商务", "E-commerce"), ("供应链", "Supply Chain"), ("实业", "Industrial"),
)  # fmt: skip


def join_pinyin(syllables: list[str]) -> str:
    """Pinyin syllables as one capitalised word, with the apostrophe before a, o, e (Xi'an)."""
    word = syllables[0]
    for syllable in syllables[1:]:
        word += ("'" if syllable[0] in "aoe" else "") + syllable
    return word.capitalize()


def person_name(draw: Draw) -> tuple[str, str]:
    """(汉字, "Family Given") for a shop owner, e.g. ("楼建国", "Lou Jianguo")."""
    family = draw.pick(FAMILY_NAMES)
    given = [draw.pick(GIVEN_CHARS)]
    if draw.chance(0.75):
        given.append(draw.pick(GIVEN_CHARS))
    hanzi = family[0] + "".join(c for c, _ in given)
    return hanzi, f"{family[1]} {join_pinyin([p for _, p in given])}"


def brand_name(draw: Draw) -> tuple[str, str]:
    first, second = draw.pick(BRAND_FIRST), draw.pick(BRAND_SECOND)
    return first[0] + second[0], join_pinyin([first[1], second[1]])


def individual_business_name(draw: Draw, category: Category, attempt: int) -> tuple[str, str]:
    """个体工商户: 义乌市 + owner or trade name + trade + form; later attempts add a subdistrict."""
    proper = person_name(draw) if draw.chance(0.65) else brand_name(draw)
    form = draw.pick(INDIVIDUAL_FORMS)
    place_zh, place_en = "", ""
    if attempt >= 3:
        subdistrict = draw.pick(SUBDISTRICTS)
        place_zh, place_en = subdistrict[0], f" {subdistrict[1]}"
    legal = f"义乌市{place_zh}{proper[0]}{category.trade_zh}{form[0]}"
    latin = f"Yiwu{place_en} {proper[1]} {category.trade_en} {form[1]}"
    return legal, latin


def company_name(draw: Draw, category: Category, attempt: int) -> tuple[str, str]:
    """有限公司: place + trade name + industry (the shop's trade or a generic one) + 有限公司."""
    brand = brand_name(draw)
    if attempt >= 3:
        extra = draw.pick(BRAND_SECOND)
        brand = (brand[0] + extra[0], join_pinyin([brand[1].lower(), extra[1]]))
    industry = (
        (category.trade_zh, category.trade_en)
        if draw.chance(0.4)
        else draw.pick(COMPANY_INDUSTRIES)
    )
    place = ("浙江", "Zhejiang") if draw.chance(0.15) else ("义乌市", "Yiwu")
    legal = f"{place[0]}{brand[0]}{industry[0]}有限公司"
    latin = f"{place[1]} {brand[1]} {industry[1]} Co., Ltd."
    return legal, latin

"""A hand-written catalogue of small commodities typical of Yiwu, with real 6-digit HS codes.

Unit-price bands are in US cents per unit (FOB Yiwu, wholesale) and `pack` is the usual carton
quantity, so simulated quantities look like real orders (multiples of a carton). Categories carry
the market district where such shops sit and the trade word used in shop names.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Category:
    key: str
    trade_zh: str  # word used in shop names: 日用品, 饰品 …
    trade_en: str
    district: int  # Yiwu International Trade City district


@dataclass(frozen=True)
class GoodsItem:
    name: str
    name_zh: str
    hs_code: str
    category: str
    unit: str
    price_low_cents: int  # USD cents per unit
    price_high_cents: int
    pack: int  # units per carton


CATEGORIES: tuple[Category, ...] = (
    Category("home_textiles", "家纺", "Home Textiles", 5),
    Category("hosiery", "袜业", "Hosiery", 4),
    Category("toys", "玩具", "Toys", 1),
    Category("artificial_flowers", "工艺花", "Artificial Flowers", 1),
    Category("festive", "节庆用品", "Festive Articles", 1),
    Category("hair_accessories", "发饰", "Hair Accessories", 1),
    Category("jewellery", "饰品", "Fashion Jewelry", 1),
    Category("bags", "箱包", "Bags and Luggage", 2),
    Category("umbrellas", "雨伞", "Umbrellas", 2),
    Category("hardware", "五金工具", "Hardware Tools", 2),
    Category("phone_accessories", "手机配件", "Phone Accessories", 2),
    Category("lighting", "灯饰", "LED Lighting", 2),
    Category("stationery", "文具", "Stationery", 3),
    Category("sports", "体育用品", "Sporting Goods", 3),
    Category("kitchenware", "厨具", "Kitchenware", 4),
    Category("daily_necessities", "日用品", "Daily Necessities", 4),
)

_Row = tuple[str, str, str, str, int, int, int]  # name, name_zh, HS code, unit, low, high, pack

_CATALOGUE: dict[str, tuple[_Row, ...]] = {
    "home_textiles": (
        ("Bed sheets, cotton", "棉质床单", "630231", "pcs", 350, 900, 50),
        ("Bath towels, cotton terry", "纯棉浴巾", "630260", "pcs", 120, 450, 100),
        ("Curtains, polyester", "涤纶窗帘", "630392", "pcs", 300, 1200, 40),
        ("Blankets, synthetic fibre", "化纤毛毯", "630140", "pcs", 500, 1500, 20),
    ),
    "hosiery": (
        ("Socks, cotton", "棉袜", "611595", "pairs", 25, 120, 600),
        ("Knitted gloves", "针织手套", "611693", "pairs", 30, 150, 600),
        ("Scarves, polyester", "涤纶围巾", "621430", "pcs", 80, 350, 300),
    ),
    "toys": (
        ("Plastic toys", "塑料玩具", "950300", "pcs", 40, 600, 144),
        ("Plush toys", "毛绒玩具", "950300", "pcs", 100, 800, 100),
        ("Playing cards", "扑克牌", "950440", "sets", 15, 80, 288),
    ),
    "artificial_flowers": (
        ("Artificial flowers, plastic", "塑料仿真花", "670210", "pcs", 20, 250, 500),
        ("Artificial flowers, fabric", "布艺仿真花", "670290", "pcs", 30, 300, 400),
    ),
    "festive": (
        ("Christmas ornaments", "圣诞挂件", "950510", "pcs", 10, 150, 500),
        ("Artificial Christmas trees", "圣诞树", "950510", "pcs", 400, 4500, 10),
        ("Party supplies", "派对用品", "950590", "pcs", 10, 120, 500),
    ),
    "hair_accessories": (
        ("Hair clips, plastic", "塑料发夹", "961511", "pcs", 5, 60, 1200),
        ("Hair bands", "发圈", "961519", "pcs", 5, 50, 1200),
        ("Wigs, synthetic", "化纤假发", "670411", "pcs", 300, 2000, 50),
    ),
    "jewellery": (
        ("Imitation jewellery necklaces", "仿真项链", "711719", "pcs", 30, 400, 600),
        ("Earrings, base metal", "合金耳环", "711719", "pairs", 10, 200, 1200),
    ),
    "bags": (
        ("Handbags, PU leather", "人造革手提包", "420222", "pcs", 250, 1200, 60),
        ("Backpacks", "双肩背包", "420292", "pcs", 200, 1000, 40),
        ("Trolley suitcases", "拉杆箱", "420212", "pcs", 800, 3500, 6),
    ),
    "umbrellas": (
        ("Folding umbrellas", "折叠伞", "660191", "pcs", 120, 500, 120),
        ("Straight umbrellas", "直杆伞", "660199", "pcs", 150, 600, 60),
    ),
    "hardware": (
        ("Screwdriver sets", "螺丝刀套装", "820540", "sets", 80, 600, 100),
        ("Pliers", "钳子", "820320", "pcs", 90, 450, 100),
        ("Padlocks", "挂锁", "830110", "pcs", 40, 400, 200),
    ),
    "phone_accessories": (
        ("Phone cases", "手机壳", "392690", "pcs", 30, 250, 500),
        ("USB charging cables", "数据线", "854442", "pcs", 30, 200, 500),
        ("Earphones", "耳机", "851830", "pcs", 80, 800, 200),
    ),
    "lighting": (
        ("LED bulbs", "LED灯泡", "853952", "pcs", 40, 250, 100),
        ("LED string lights", "LED灯串", "940531", "sets", 60, 500, 100),
    ),
    "stationery": (
        ("Ballpoint pens", "圆珠笔", "960810", "pcs", 3, 50, 2000),
        ("Notebooks", "笔记本", "482010", "pcs", 20, 200, 200),
        ("Pencils", "铅笔", "960910", "pcs", 2, 20, 3000),
    ),
    "sports": (
        ("Yoga mats", "瑜伽垫", "950691", "pcs", 200, 800, 20),
        ("Footballs", "足球", "950662", "pcs", 150, 800, 50),
    ),
    "kitchenware": (
        ("Stainless steel cookware", "不锈钢锅具", "732393", "pcs", 200, 1500, 12),
        ("Plastic food containers", "塑料保鲜盒", "392410", "pcs", 30, 300, 120),
        ("Ceramic mugs", "陶瓷杯", "691200", "pcs", 50, 300, 48),
    ),
    "daily_necessities": (
        ("Plastic clothes hangers", "塑料衣架", "392690", "pcs", 3, 30, 1000),
        ("Sunglasses", "太阳镜", "900410", "pcs", 60, 500, 300),
        ("Cosmetic brushes", "化妆刷", "960330", "pcs", 20, 300, 500),
    ),
}

ITEMS: tuple[GoodsItem, ...] = tuple(
    GoodsItem(name, name_zh, hs_code, category, unit, low, high, pack)
    for category, rows in _CATALOGUE.items()
    for name, name_zh, hs_code, unit, low, high, pack in rows
)

CATEGORY_BY_KEY: dict[str, Category] = {category.key: category for category in CATEGORIES}

ITEMS_BY_CATEGORY: dict[str, tuple[GoodsItem, ...]] = {
    category.key: tuple(item for item in ITEMS if item.category == category.key)
    for category in CATEGORIES
}

#: How common each category is among shops (jewellery, toys and daily necessities dominate).
CATEGORY_WEIGHTS: dict[str, float] = {
    "home_textiles": 1.0,
    "hosiery": 1.0,
    "toys": 1.4,
    "artificial_flowers": 0.8,
    "festive": 0.9,
    "hair_accessories": 1.0,
    "jewellery": 1.5,
    "bags": 1.0,
    "umbrellas": 0.5,
    "hardware": 1.0,
    "phone_accessories": 1.0,
    "lighting": 0.7,
    "stationery": 0.9,
    "sports": 0.6,
    "kitchenware": 0.9,
    "daily_necessities": 1.5,
}

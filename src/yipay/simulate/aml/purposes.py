"""Remittance narratives as payers write them, built for millions of collections at once.

Most payers name the invoice (as printed, run together or spaced out) and often the goods; some
write only "GOODS" or nothing; a third party sometimes adds "O/B" and the buyer's name. Buyers
from Latin America, the CIS, the Arab world and French-speaking Africa sometimes write in their
own language (Spanish, Russian, Arabic, French), naming the goods in that language.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from yipay.simulate.aml.catalogue import LANGUAGES, Catalogue
from yipay.simulate.streams import Draw

I64 = npt.NDArray[np.int64]
OA = npt.NDArray[np.object_]
MAX_LENGTH = 140

FULL, DEPOSIT, BALANCE, INSTALMENT, CASH_PAYMENT = range(5)

# (prefix, names the invoice, text between invoice and goods, names the goods)
_Template = tuple[str, bool, str, bool]
_ENGLISH: dict[int, tuple[tuple[_Template, float], ...]] = {
    FULL: (
        (("PAYMENT FOR ", True, " ", True), 0.30),
        (("INV ", True, "", False), 0.15),
        (("", True, "", False), 0.10),
        (("TRADE PAYMENT ", True, "", False), 0.05),
        (("PAYMENT FOR GOODS", False, "", False), 0.08),
        (("GOODS", False, "", False), 0.07),
        (("", False, "", False), 0.05),
        (("", False, "", True), 0.10),
        (("PURCHASE OF ", False, "", True), 0.10),
    ),
    DEPOSIT: (
        (("DEPOSIT ", True, " ", True), 0.35),
        (("ADVANCE PAYMENT ", True, "", False), 0.25),
        (("30 PCT DEPOSIT ", True, "", False), 0.15),
        (("PI ", True, "", False), 0.10),
        (("ADVANCE PAYMENT FOR ", False, "", True), 0.15),
    ),
    BALANCE: (
        (("BALANCE PAYMENT ", True, "", False), 0.40),
        (("BALANCE ", True, " ", True), 0.35),
        (("FINAL PAYMENT ", True, "", False), 0.25),
    ),
    INSTALMENT: (
        (("PART PAYMENT ", True, "", False), 0.5),
        (("PAYMENT ", True, " ", True), 0.5),
    ),
    CASH_PAYMENT: (
        (("CASH PAYMENT ", True, " ", True), 0.6),
        (("CASH ", False, "", True), 0.4),
    ),
}
#: Per language: full (named), full (goods only), deposit, balance.
_NATIVE: dict[str, tuple[_Template, _Template, _Template, _Template]] = {
    "es": (
        ("PAGO FACTURA ", True, " ", True),
        ("PAGO DE ", False, "", True),
        ("ANTICIPO ", True, " ", True),
        ("SALDO FACTURA ", True, "", False),
    ),
    "ru": (
        ("ОПЛАТА ПО СЧЕТУ ", True, " ", True),
        ("ОПЛАТА ЗА ", False, "", True),
        ("ПРЕДОПЛАТА ", True, " ", True),
        ("ДОПЛАТА ПО СЧЕТУ ", True, "", False),
    ),
    "ar": (
        ("دفعة فاتورة ", True, " ", True),
        ("ثمن ", False, "", True),
        ("دفعة مقدمة ", True, " ", True),
        ("باقي الفاتورة ", True, "", False),
    ),
    "fr": (
        ("PAIEMENT FACTURE ", True, " ", True),
        ("PAIEMENT ", False, "", True),
        ("ACOMPTE ", True, " ", True),
        ("SOLDE FACTURE ", True, "", False),
    ),
}


def _table() -> tuple[
    list[_Template], dict[int, tuple[I64, npt.NDArray[np.float64]]], dict[str, I64]
]:
    templates: list[_Template] = []
    english: dict[int, tuple[I64, npt.NDArray[np.float64]]] = {}
    for kind, options in _ENGLISH.items():
        first = len(templates)
        templates.extend(t for t, _w in options)
        weights = np.array([w for _t, w in options])
        english[kind] = (np.arange(first, len(templates)), weights / weights.sum())
    native: dict[str, I64] = {}
    for language, own in _NATIVE.items():
        first = len(templates)
        templates.extend(own)
        native[language] = np.arange(first, first + 4)
    return templates, english, native


_TEMPLATES, _ENGLISH_INDEX, _NATIVE_INDEX = _table()
_LANGUAGE_NO = {code: LANGUAGES.index(code) for code in LANGUAGES}


def goods_vocabulary(catalogue: Catalogue) -> list[str]:
    """Words of item i in language l at index i × len(LANGUAGES) + l."""
    return [word for words in catalogue.words for word in words]


def collection_purposes(
    rng: np.random.Generator,
    catalogue: Catalogue,
    payment_kind: I64,
    invoice: list[str],
    item: I64,
    language: list[str],
    on_behalf: list[str],
) -> OA:
    """One narrative per collection. `language` is the payer's own language ("en" for most);
    `on_behalf` the buyer's name where a third party may add "O/B", else empty."""
    count = len(payment_kind)
    language_no = np.array([_LANGUAGE_NO[code] for code in language], dtype=np.int64)
    native = (language_no > 0) & (rng.random(count) < 0.35)
    template = np.zeros(count, dtype=np.int64)
    for kind, (indices, weights) in _ENGLISH_INDEX.items():
        mask = payment_kind == kind
        template[mask] = rng.choice(indices, size=int(mask.sum()), p=weights)
    slot = np.select(
        [payment_kind == DEPOSIT, payment_kind == BALANCE, payment_kind == CASH_PAYMENT],
        [2, 3, 1],
        default=(rng.random(count) < 0.3).astype(np.int64),
    )
    for code, indices in _NATIVE_INDEX.items():
        mask = native & (language_no == _LANGUAGE_NO[code])
        template[mask] = indices[slot[mask]]
    language_no = np.where(native, language_no, 0)
    vocabulary = goods_vocabulary(catalogue)
    word = (item * len(LANGUAGES) + language_no).tolist()
    typed = invoice_as_typed(rng, invoice)
    result = np.empty(count, dtype=object)
    order = np.argsort(template, kind="stable")
    bounds = np.flatnonzero(np.r_[True, np.diff(template[order]) != 0, True])
    for lo, hi in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
        rows = order[lo:hi].tolist()
        prefix, use_invoice, middle, use_goods = _TEMPLATES[int(template[rows[0]])]
        if use_invoice and use_goods:
            texts = [f"{prefix}{typed[r]}{middle}{vocabulary[word[r]]}" for r in rows]
        elif use_invoice:
            texts = [f"{prefix}{typed[r]}" for r in rows]
        elif use_goods:
            texts = [f"{prefix}{vocabulary[word[r]]}" for r in rows]
        else:
            texts = [prefix.strip()] * len(rows)
        result[order[lo:hi]] = texts
    behalf = np.flatnonzero(
        np.array([name != "" for name in on_behalf]) & (rng.random(count) < 0.4)
    )
    for r in behalf.tolist():
        result[r] = f"{result[r]} O/B {on_behalf[r]}".strip()[:MAX_LENGTH]
    return result


def invoice_as_typed(rng: np.random.Generator, invoice: list[str]) -> list[str]:
    """The invoice number exact (55 %), run together (25 %) or with spaces (20 %)."""
    roll = rng.random(len(invoice)).tolist()
    return [
        inv if r < 0.55 else inv.replace("-", "") if r < 0.8 else inv.replace("-", " ")
        for inv, r in zip(invoice, roll, strict=True)
    ]


def purpose_for(
    draw: Draw, catalogue: Catalogue, kind: int, invoice: str, item: int, language: str
) -> str:
    """One narrative with the same templates and shares as `collection_purposes` (for the few
    payments an injector makes one at a time)."""
    if language != "en" and language in _NATIVE_INDEX and draw.chance(0.35):
        slot = {DEPOSIT: 2, BALANCE: 3, CASH_PAYMENT: 1}.get(kind, int(draw.chance(0.3)))
        template = int(_NATIVE_INDEX[language][slot])
        language_no = _LANGUAGE_NO[language]
    else:
        indices, weights = _ENGLISH_INDEX[kind]
        template = int(draw.pick_weighted(indices.tolist(), np.cumsum(weights).tolist()))
        language_no = 0
    prefix, use_invoice, middle, use_goods = _TEMPLATES[template]
    typed = invoice_as_typed_one(draw, invoice)
    goods = catalogue.words[item][language_no]
    if use_invoice and use_goods:
        return f"{prefix}{typed}{middle}{goods}"
    if use_invoice:
        return f"{prefix}{typed}"
    if use_goods:
        return f"{prefix}{goods}"
    return prefix.strip()


def invoice_as_typed_one(draw: Draw, invoice: str) -> str:
    roll = draw.uniform()
    if roll < 0.55:
        return invoice
    return invoice.replace("-", "" if roll < 0.8 else " ")

"""Banks and accounts: payer banks by country (BICs), account numbers, and Yiwu settlement banks.

BICs are real-looking (4-letter bank code, country, location, optional branch); the embargoed
countries' lists include banks that appear on sanctions lists so that screening by BIC has
something to find. IBANs carry correct ISO 13616 check digits.
"""

from __future__ import annotations

from yipay.simulate.streams import Draw

PAYER_BANKS: dict[str, tuple[str, ...]] = {
    "AE": ("EBILAEAD", "NBADAEAA", "ADCBAEAA", "MSHQAEAD", "DUIBAEAD"),
    "SA": ("NCBKSAJE", "RJHISARI", "RIBLSARI", "ARNBSARI"),
    "IQ": ("TRIQIQBA", "RSHDIQBA", "BGBWIQBA"),
    "TR": ("TCZBTR2A", "ISBKTRIS", "AKBKTRIS", "TGBATRIS", "YAPITRIS"),
    "JO": ("ARABJOAX", "HBHOJOAX"),
    "KW": ("NBOKKWKW", "KFHOKWKW"),
    "EG": ("NBEGEGCX", "CIBEEGCX", "BMISEGCX"),
    "DZ": ("BEXADZAL", "BNALDZAL"),
    "NG": ("ZEIBNGLA", "GTBINGLA", "FBNINGLA", "ABNGNGLA", "UBNINGLA"),
    "GH": ("GHCBGHAC", "SCBLGHAC", "ECOCGHAC"),
    "KE": ("KCBLKENX", "EQBLKENA", "SCBLKENX"),
    "TZ": ("CORUTZTZ", "NMIBTZTZ"),
    "SN": ("SGSNSNDA", "CBAOSNDA"),
    "CM": ("SGCMCMCX", "ECOCCMCX"),
    "MX": ("BNMXMXMM", "BCMRMXMM", "BNORMXMT"),
    "BR": ("BRASBRRJ", "ITAUBRSP", "BRADBRSP"),
    "CO": ("COLOCOBM", "BBOGCOBB"),
    "PE": ("BCPLPEPL", "BINPPEPL"),
    "CL": ("BCHICLRM", "BSCHCLRM"),
    "AR": ("NACNARBA", "BSUDARBA"),
    "RU": ("BKCHRUMM", "ICBKRUMM", "RZBMRUMM"),
    "KZ": ("HSBKKZKX", "KCJBKZKX", "CASPKZKA"),
    "UZ": ("NBFAUZ2X", "ASACUZ22"),
    "KG": ("DEMIKG22", "KICBKG22"),
    "BY": ("PJCBBY2X", "MTBKBY22"),
    "IN": ("SBININBB", "HDFCINBB", "ICICINBB", "UTIBINBB"),
    "PK": ("HABBPKKA", "MUCBPKKA", "UNILPKKA", "MEZNPKKA"),
    "AF": ("AFIBAFKA", "AZBAAFKA"),
    "DE": ("DEUTDEFF", "COBADEFF", "HYVEDEMM"),
    "FR": ("BNPAFRPP", "SOGEFRPP", "CRLYFRPP", "AGRIFRPP"),
    "IT": ("UNCRITMM", "BCITITMM", "BPMOIT22"),
    "ES": ("BSCHESMM", "BBVAESMM", "CAIXESBB"),
    "PL": ("PKOPPLPW", "BREXPLPW", "INGBPLPW"),
    "GB": ("BARCGB22", "HBUKGB4B", "NWBKGB2L", "LOYDGB2L"),
    "VN": ("BFTVVNVX", "ICBVVNVX", "VBAAVNVX", "ASCBVNVX"),
    "ID": ("BMRIIDJA", "CENAIDJA", "BNINIDJA", "BRINIDJA"),
    "MY": ("MBBEMYKL", "CIBBMYKL", "PBBEMYKL"),
    "US": ("CHASUS33", "BOFAUS3N", "CITIUS33", "WFBIUS6S"),
    "HK": ("HSBCHKHHHKH", "BKCHHKHH", "HASEHKHH", "SCBLHKHH", "DHBKHKHH"),
    "IR": ("BKMTIRTH", "BTEJIRTH", "BKPAIRTH", "BMJIIRTH", "SINAIRTH"),
    "SY": ("CMSYSYDA", "REBSSYDA", "SYBLSYDA"),
    "KP": ("FTBDKPPY", "KORBKPPY"),
    "CU": ("BNCUCUHH", "BFICCUHH"),
}

#: IBAN countries: (total length, letters at the start of the BBAN = bank code from the BIC).
IBAN_FORMATS: dict[str, tuple[int, int]] = {
    "AE": (23, 0), "SA": (24, 0), "TR": (26, 0), "EG": (29, 0), "IQ": (23, 4), "JO": (30, 4),
    "KW": (30, 4), "PK": (24, 4), "DE": (22, 0), "FR": (27, 0), "IT": (27, 0), "ES": (24, 0),
    "PL": (28, 0), "GB": (22, 4), "BR": (29, 0), "KZ": (20, 0), "BY": (28, 4), "IR": (26, 0),
}  # fmt: skip

#: Domestic account-number lengths elsewhere (NUBAN 10, CLABE 18, CBU 22, Russian 20 …).
ACCOUNT_DIGITS: dict[str, int] = {
    "NG": 10, "GH": 13, "KE": 12, "TZ": 12, "SN": 12, "CM": 11, "DZ": 20, "MX": 18, "CO": 11,
    "PE": 14, "CL": 10, "AR": 22, "RU": 20, "UZ": 20, "KG": 16, "IN": 14, "AF": 12, "VN": 13,
    "ID": 10, "MY": 12, "US": 10, "HK": 12, "SY": 16, "KP": 13, "CU": 16,
}  # fmt: skip

#: Yiwu settlement banks with their account-number prefix and length.
SETTLEMENT_BANKS: tuple[tuple[str, str, int, float], ...] = (
    ("Agricultural Bank of China Yiwu Branch", "1960", 19, 0.22),
    ("Industrial and Commercial Bank of China Yiwu Branch", "1208", 19, 0.18),
    ("Bank of China Yiwu Branch", "3665", 12, 0.14),
    ("China Construction Bank Yiwu Branch", "3305", 20, 0.12),
    ("Zhejiang Chouzhou Commercial Bank", "1571", 15, 0.14),
    ("Yiwu Rural Commercial Bank", "2010", 18, 0.12),
    ("Bank of Communications Yiwu Branch", "3380", 21, 0.04),
    ("China Merchants Bank Yiwu Branch", "5719", 16, 0.04),
)


def bic_for(draw: Draw, country: str) -> str:
    """A payer-bank BIC of `country`, sometimes with its branch code (XXX = head office)."""
    bic = draw.pick(PAYER_BANKS[country])
    if len(bic) == 8 and draw.chance(0.3):
        bic += "XXX"
    return bic


def account_for(draw: Draw, country: str, bic: str) -> str:
    """An IBAN with valid check digits where the country uses IBANs, else domestic digits."""
    if country in IBAN_FORMATS:
        length, letters = IBAN_FORMATS[country]
        bban = bic[:letters] + draw.digits(length - 4 - letters)
        return make_iban(country, bban)
    if country == "RU":
        return draw.pick(("40702", "40817")) + "156" + draw.digits(12)  # 156 = CNY account
    return draw.digits(ACCOUNT_DIGITS.get(country, 12))


def make_iban(country: str, bban: str) -> str:
    check = 98 - _mod97(bban + country + "00")
    return f"{country}{check:02d}{bban}"


def is_valid_iban(iban: str) -> bool:
    return len(iban) > 4 and _mod97(iban[4:] + iban[:4]) == 1


def _mod97(text: str) -> int:
    digits = "".join(str(int(c, 36)) for c in text.upper())
    return int(digits) % 97

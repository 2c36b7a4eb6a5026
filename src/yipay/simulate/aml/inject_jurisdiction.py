"""Typology 8: payers in sanctioned or high-risk jurisdictions, and offshore shells.

- high_risk_jurisdiction: a person or firm banking in Iran, North Korea, Syria or Cuba (or
  Venezuela, Yemen, Lebanon) pays a buyer's trade or sends money with no trade; or a Russian
  or Belarusian firm pays the trade of a buyer from another country.
- offshore_shell: a company registered in the British Virgin Islands, Cayman, Seychelles,
  Panama, Belize, the Marshall Islands … ("… HOLDINGS LTD", "… S.A.") pays trades of buyers
  elsewhere. Honest Panamanian buyers (Colón Free Zone "S.A." firms) pay their own trades, so
  the country and the suffix alone do not tell a shell.
"""

from __future__ import annotations

from yipay.simulate.aml.cases import Context
from yipay.simulate.aml.currencies import USD

SANCTIONED = ("IR", "KP", "SY", "CU")
HIGH_RISK = ("VE", "YE", "LB")
#: Sanctioned economies whose firms route payments for buyers elsewhere (their own buyers
#: trade in Yiwu honestly, so the country alone is no sign).
ROUTED = ("RU", "BY")
OFFSHORE = ("VG", "KY", "SC", "PA", "BZ", "MH", "WS", "BS", "AI")
_SHELL_WORDS = (
    "Silverline",
    "Bluewater",
    "Crestview",
    "Northstar",
    "Goldfield",
    "Oceanic",
    "Pinnacle",
    "Summit",
    "Vanguard",
    "Evergreen",
    "Meridian",
    "Sapphire",
    "Redwood",
    "Blackstone",
    "Whitehall",
    "Kingsway",
    "Seabridge",
    "Brightpath",
    "Ironclad",
    "Starlight",
)
_SHELL_FORMS = {
    "PA": ("{w} Investments S.A.", "{w} Group Corp.", "{w} Trading S.A."),
    "MH": ("{w} Holdings Inc.", "{w} Maritime Corp."),
}
_DEFAULT_FORMS = (
    "{w} Holdings Ltd",
    "{w} Global Trading Inc",
    "{w} International Limited",
    "{w} Capital Ltd",
    "{w} Ventures Inc",
    "{w} Resources Ltd",
)


def _pay(ctx: Context, payer: int, payer_country: str, *, for_buyer: bool = False) -> None:
    """One or two collections from `payer`: for a buyer's trade (always with `for_buyer`),
    or for nothing."""
    m, b = ctx.merchant(small=False), ctx.buyer()
    buyers = ctx.market.buyers
    while for_buyer and buyers.country[b] in ROUTED:
        b = ctx.buyer()
    day = ctx.day(before_end=5, after_start=1)
    usd = 5_000 + ctx.draw.uniform() * 55_000
    trade = None
    if for_buyer or ctx.draw.chance(0.6):
        trade_day = day - ctx.draw.between(5, 40)
        trade = ctx.trade(
            ctx.account_of(m),
            ctx.merchant_category(m),
            int(buyers.account[b]),
            usd,
            USD,
            trade_day,
            export_day=trade_day + ctx.draw.between(5, 25),
        )
        ctx.label_account(int(buyers.account[b]), "buyer")
    currency = USD if trade else ctx.currency()
    total = trade.amount if trade else ctx.minor(usd, currency)
    parts = 2 if ctx.draw.chance(0.3) else 1
    for part in range(parts):
        amount = total // parts if part < parts - 1 else total - total // parts * (parts - 1)
        when = ctx.foreign_ts(min(ctx.last_day, day + part * ctx.draw.between(1, 5)))
        ctx.collect(
            when,
            payer,
            ctx.account_of(m),
            amount,
            currency,
            ctx.purpose(trade, ctx.language(payer_country)),
            None if trade is None else trade.key,
        )
    ctx.label_account(ctx.account_of(m), "merchant")


def high_risk_jurisdiction(ctx: Context, _remaining: int) -> None:
    if ctx.variant(5) == 4:  # a firm in Russia or Belarus pays a buyer from elsewhere
        country = ctx.draw.pick(ROUTED)
        payer = ctx.new_account("P", country, natural=False)
        _pay(ctx, payer, country, for_buyer=True)
    else:
        country = ctx.draw.pick(SANCTIONED) if ctx.draw.chance(0.7) else ctx.draw.pick(HIGH_RISK)
        payer = ctx.new_account("P", country, natural=ctx.draw.chance(0.35))
        _pay(ctx, payer, country)
    ctx.label_account(payer, "payer")


def offshore_shell(ctx: Context, _remaining: int) -> None:
    country = ctx.draw.pick(OFFSHORE)
    form = ctx.draw.pick(_SHELL_FORMS.get(country, _DEFAULT_FORMS))
    latin = form.format(w=ctx.draw.pick(_SHELL_WORDS))
    name = latin.upper() if ctx.draw.chance(0.6) else latin
    payer = ctx.new_account("P", country, natural=False, name=name)
    _pay(ctx, payer, country)
    ctx.label_account(payer, "shell")

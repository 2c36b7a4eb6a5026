"""Names in the payment path, on SQLite and PostgreSQL: hold, alert, decisions, re-screening."""

from __future__ import annotations

from tests.integration import market
from yipay.bootstrap import Container
from yipay.core.money import Money
from yipay.ledger.domain import suspense
from yipay.payments.domain import PaymentStatus as S
from yipay.screening.lists_service import ListChange
from yipay.screening.loaders.csv_list import load_csv_list

HEADER = "id,name,kind,aliases,countries,birth_dates,programs,remarks\n"
DRAGAN = 'T-1,"DRAGAN, Viktor Ivanovich",person,Viktor Dragan,RS,1970,TEST,\n'
BANK = "T-2,Crescent Frontier Bank,organization,,LB,,TEST,SWIFT/BIC CFBKLBBE; Website x.example\n"
SHOP = "T-3,Yiwu Jinhua Lantern Trading Co. Ltd,organization,,CN,,TEST,\n"


def import_list(c: Container, *rows: str, list_name: str = "internal") -> ListChange:
    data = (HEADER + "".join(rows)).encode()
    with c.uow(actor="compliance-wu") as uow:
        entries = load_csv_list(data, list_name=list_name)
        change = c.watchlists.import_list(
            uow, f"csv:{list_name}", entries, digest=str(hash(data)), by="compliance-wu"
        )
        uow.commit()
    c.process()
    return change


def screening_alerts(c: Container, subject_id: str, rule_id: str = "SCR-NAME") -> list:
    with c.uow() as uow:
        return [a for a in c.alerts.find(uow, subject_id=subject_id) if a.rule_id == rule_id]


def test_a_listed_payer_is_held_with_a_name_alert_the_merchant_sees_under_review(container):
    c = container
    import_list(c, DRAGAN, BANK)
    m = market.merchant(c)
    market.trade(c, m, market.buyer(c))
    market.rates(c)
    p = market.pay(c, m, payer="Viktor Dragan", country="AE")
    assert p.status is S.HELD
    assert p.merchant_view_status == "under_review"
    assert "csv:internal T-1" in p.status_reason
    with c.uow() as uow:
        holds = c.ledger.holds_for(uow, p.id)
    assert [h.kind.value for h in holds] == ["compliance"]
    [alert] = screening_alerts(c, p.payer_id)
    assert alert.evidence == (p.id,)
    assert alert.subject_type == "payer"
    assert alert.parameters["list_versions"] == "csv:internal=1"
    assert alert.parameters["matcher_version"].startswith("names-")
    assert alert.details["hits"] == "csv:internal:T-1"
    assert 0.8 <= float(alert.score) <= 1.0
    assert "names=" in alert.details["explanations"]


def test_an_honest_payer_sharing_a_token_passes(container):
    c = container
    import_list(c, DRAGAN)
    m = market.merchant(c)
    market.trade(c, m, market.buyer(c))
    market.rates(c)
    p = market.pay(c, m, payer="Viktor Petrenko")
    assert p.status is S.CREDITED
    assert screening_alerts(c, p.payer_id) == []


def test_a_payment_through_a_listed_bank_is_stopped_by_its_bic(container):
    c = container
    import_list(c, BANK)
    m = market.merchant(c)
    p = market.pay(c, m, debtor_agent_bic="CFBKLBBEXXX")
    assert p.status is S.HELD
    assert "bank CFBKLBBEXXX is listed: csv:internal T-2" in p.status_reason


def test_a_cleared_pair_is_remembered_until_the_list_entry_changes(container):
    c = container
    import_list(c, DRAGAN)
    m = market.merchant(c)
    market.rates(c)
    first = market.pay(c, m, payer="Viktor Dragan")
    assert first.status is S.HELD
    with c.uow(actor="analyst-li") as uow:
        c.screening.clear_payment(uow, first.id, by="analyst-li", reason="other man, DOB 1991")
        uow.commit()
    c.process()
    assert market.state(c, first.id).status is S.SUSPENSE
    [alert] = screening_alerts(c, first.payer_id)
    assert alert.status.value == "closed"

    again = market.pay(c, m, payer="Viktor Dragan")
    assert again.payer_id == first.payer_id
    assert again.status is S.SUSPENSE  # the same pair, nothing changed: not held again

    changed = import_list(c, DRAGAN.replace("1970", "1970|1971"))
    assert changed.changed == ("T-1",)
    third = market.pay(c, m, payer="Viktor Dragan")
    assert third.status is S.HELD  # the entry changed: the pair is open again


def test_a_confirmed_hit_freezes_the_money_and_escalates_the_alert(container):
    c = container
    import_list(c, DRAGAN)
    m = market.merchant(c)
    p = market.pay(c, m, payer="Viktor Dragan")
    with c.uow(actor="analyst-li") as uow:
        c.screening.confirm_payment(uow, p.id, by="analyst-li", reason="passport matches")
        uow.commit()
    c.process()
    assert market.state(c, p.id).status is S.FROZEN
    [alert] = screening_alerts(c, p.payer_id)
    assert alert.status.value == "escalated"
    with c.uow() as uow:
        assert [h.kind.value for h in c.ledger.holds_for(uow, p.id)] == ["compliance"]
        balances = {a.ref.code: a.natural_balance for a in c.ledger.accounts(uow)}
    assert balances[suspense("USD").code] == Money.of("2985.00", "USD")

    later = market.pay(c, m, payer="Viktor Dragan")
    assert later.status is S.HELD  # a confirmed pair never clears later money


def test_a_list_change_rescreens_parties_and_holds_money_waiting_in_suspense(container):
    c = container
    m = market.merchant(c)
    p = market.pay(c, m, payer="Viktor Dragan")  # no trade: it waits in suspense
    assert p.status is S.SUSPENSE
    change = import_list(c, DRAGAN)
    assert change.added == ("T-1",)
    assert market.state(c, p.id).status is S.HELD
    [alert] = screening_alerts(c, p.payer_id)
    assert alert.evidence == (p.id,)


def test_merchants_are_screened_at_registration_and_on_list_changes(container):
    c = container
    import_list(c, SHOP)
    with c.uow() as uow:
        from yipay.parties.forms import merchant_form

        listed = c.parties.register_merchant(
            uow,
            merchant_form(
                {
                    "legal_name": "义乌金华灯笼贸易有限公司",
                    "name_latin": "Yiwu Jinhua Lantern Trading Co., Ltd.",
                    "business_form": "company",
                    "id_number": "91330782MA2EXAMP9X",
                    "shop_no": "D2-15-12035",
                    "kyc_status": "approved",
                    "kyc_expires_on": "2028-12-31",
                }
            ),
        )
        uow.commit()
    c.process()
    [alert] = screening_alerts(c, listed.id)
    assert alert.subject_type == "merchant"
    assert alert.evidence == ("csv:internal:T-3",)  # no payment yet: the entry it hit

    other = market.merchant(c)  # 义乌市李明日用品商行1: not listed
    assert screening_alerts(c, other) == []
    import_list(c, SHOP, "T-4,义乌市李明日用品商行1,organization,,CN,,TEST,\n")
    assert len(screening_alerts(c, other)) == 1

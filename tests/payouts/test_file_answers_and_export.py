"""A bank's answer about a whole pain.001 file, and export files that exist only if committed."""

from __future__ import annotations

import pytest

from tests.integration import market
from yipay.adapters.files import staged_files
from yipay.adapters.iso20022 import parse_status
from yipay.ledger.domain import payouts_in_transit, wallet
from yipay.payouts.events import PayoutConfirmed

GROUP_REJECTED = """<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.10">
  <CstmrPmtStsRpt>
    <GrpHdr><MsgId>STS-GROUP-1</MsgId><CreDtTm>2026-11-03T10:00:00+08:00</CreDtTm></GrpHdr>
    <OrgnlGrpInfAndSts>
      <OrgnlMsgId>{message_id}</OrgnlMsgId>
      <OrgnlMsgNmId>pain.001.001.09</OrgnlMsgNmId>
      <GrpSts>RJCT</GrpSts>
      <StsRsnInf><Rsn><Cd>FF01</Cd></Rsn></StsRsnInf>
    </OrgnlGrpInfAndSts>
  </CstmrPmtStsRpt>
</Document>
"""


def test_a_file_rejected_as_a_whole_returns_every_payout_in_it(container):
    c = container
    m = market.merchant(c)
    b = market.buyer(c)
    market.rates(c)
    for n in range(2):
        market.trade(c, m, b, reference=f"INV-2026-10000{n}")
        p = market.pay(c, m, info=f"PAYMENT INV-2026-10000{n}")
        with c.uow(actor="ops") as uow:
            c.payments.settle(uow, p.id, by="ops")
            uow.commit()
    with c.uow(actor="ops") as uow:
        [export] = c.payouts.export(uow)
        uow.commit()
    events = parse_status(GROUP_REJECTED.format(message_id=export.message_id).encode())
    with c.uow(actor="bank") as uow:
        outcome = c.payouts.apply_status(uow, events)
        uow.commit()
    assert sorted(outcome.applied) == sorted((p.id, "returned") for p in export.payouts)
    assert outcome.unmatched == []
    with c.uow() as uow:
        assert c.ledger.balance(uow, payouts_in_transit("CNY")).minor == 0
        back = c.ledger.balance(uow, wallet(m, "CNY"))
        assert back.minor == sum(p.amount.minor for p in export.payouts)
        assert c.ledger.verify(uow) == []
    unknown = parse_status(GROUP_REJECTED.format(message_id="YP-NEVER-SENT").encode())
    with c.uow(actor="bank") as uow:
        assert c.payouts.apply_status(uow, unknown).unmatched == [
            "file YP-NEVER-SENT (message STS-GROUP-1)"
        ]


def test_staged_files_appear_only_when_the_block_succeeds(tmp_path):
    with staged_files(tmp_path) as stage:
        stage.write("a.xml", b"<a/>")
        assert not (tmp_path / "a.xml").exists()  # not before the commit
    assert (tmp_path / "a.xml").read_bytes() == b"<a/>"

    def failing_block() -> None:
        with staged_files(tmp_path) as stage:
            stage.write("b.xml", b"<b/>")
            raise RuntimeError("the commit failed")

    with pytest.raises(RuntimeError):
        failing_block()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xml"]


def test_a_failed_export_leaves_no_file_and_the_payouts_approved(
    sqlite_container, tmp_path, monkeypatch
):
    c = sqlite_container
    m = market.merchant(c)
    market.trade(c, m, market.buyer(c))
    market.rates(c)
    p = market.pay(c, m)
    with c.uow(actor="ops") as uow:
        payout = c.payments.settle(uow, p.id, by="ops").payout
        uow.commit()

    def refuse(_uow, _events):
        raise RuntimeError("disk full while committing")

    monkeypatch.setattr(c.bus, "enqueue", refuse)  # the commit's before-commit hook fails
    outbox = tmp_path / "outbox"

    def export() -> None:
        with staged_files(outbox) as stage, c.uow() as uow:
            for item in c.payouts.export(uow):
                stage.write(f"{item.message_id}.pain001.xml", item.document)
            uow.publish(PayoutConfirmed(subject="x", kind="settlement", reference="x"))
            uow.commit()

    with pytest.raises(RuntimeError):
        export()
    assert list(outbox.iterdir()) == []
    with c.uow() as uow:
        assert c.payouts.get(uow, payout.id).status.value == "approved"

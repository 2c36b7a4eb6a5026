"""Party queries."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Row, select, update

from yipay.parties.domain import (
    AccountChange,
    BankAccount,
    BusinessForm,
    Buyer,
    ChangeStatus,
    FxDirectory,
    Identity,
    IdType,
    KycStatus,
    Merchant,
    PartyType,
    Payer,
    PayerRelation,
    RelationKind,
    RelationSource,
    RiskGrade,
)
from yipay.parties.tables import account_changes, buyers, merchants, payer_relations, payers


def _identity_values(identity: Identity) -> dict[str, Any]:
    return {
        "party_type": identity.party_type.value,
        "id_type": identity.id_type.value,
        "id_number": identity.id_number,
        "nationality": identity.nationality,
        "kyc_status": identity.kyc_status.value,
        "kyc_expires_on": identity.kyc_expires_on,
        "risk_grade": identity.risk_grade.value,
    }


def _identity(row: Row[Any]) -> Identity:
    return Identity(
        party_type=PartyType(row.party_type),
        id_type=IdType(row.id_type),
        id_number=row.id_number,
        nationality=row.nationality,
        kyc_status=KycStatus(row.kyc_status),
        kyc_expires_on=row.kyc_expires_on,
        risk_grade=RiskGrade(row.risk_grade),
    )


def _merchant(row: Row[Any]) -> Merchant:
    account = None
    if row.settlement_account_no:
        account = BankAccount(
            row.settlement_bank or "", row.settlement_account_no, row.settlement_account_name or ""
        )
    return Merchant(
        id=row.id,
        platform_id=row.platform_id,
        legal_name=row.legal_name,
        name_latin=row.name_latin,
        business_form=BusinessForm(row.business_form),
        identity=_identity(row),
        shop_no=row.shop_no,
        settlement_account=account,
        created_at=row.created_at,
        fx_directory=FxDirectory(
            registered=bool(row.fx_directory_registered),
            registered_on=row.fx_directory_registered_on,
            marked_by=row.fx_directory_marked_by,
            marked_at=row.fx_directory_marked_at,
        ),
    )


def _fx_directory_values(directory: FxDirectory) -> dict[str, Any]:
    return {
        "fx_directory_registered": directory.registered,
        "fx_directory_registered_on": directory.registered_on,
        "fx_directory_marked_by": directory.marked_by,
        "fx_directory_marked_at": directory.marked_at,
    }


def insert_merchant(conn: Connection, merchant: Merchant) -> None:
    account = merchant.settlement_account
    conn.execute(
        merchants.insert().values(
            id=merchant.id,
            platform_id=merchant.platform_id,
            legal_name=merchant.legal_name,
            name_latin=merchant.name_latin,
            business_form=merchant.business_form.value,
            shop_no=merchant.shop_no,
            settlement_bank=account.bank_name if account else None,
            settlement_account_no=account.account_no if account else None,
            settlement_account_name=account.account_name if account else None,
            created_at=merchant.created_at,
            **_identity_values(merchant.identity),
            **_fx_directory_values(merchant.fx_directory),
        )
    )


def get_merchant(conn: Connection, merchant_id: str) -> Merchant | None:
    row = conn.execute(select(merchants).where(merchants.c.id == merchant_id)).first()
    return _merchant(row) if row else None


def existing_merchant_ids(conn: Connection, ids: Sequence[str]) -> set[str]:
    if not ids:
        return set()
    rows = conn.execute(select(merchants.c.id).where(merchants.c.id.in_(sorted(set(ids)))))
    return {r.id for r in rows}


def find_merchant_by_platform_id(conn: Connection, platform_id: str) -> Merchant | None:
    row = conn.execute(select(merchants).where(merchants.c.platform_id == platform_id)).first()
    return _merchant(row) if row else None


def find_merchant_by_identity(conn: Connection, id_type: str, id_number: str) -> Merchant | None:
    row = conn.execute(
        select(merchants).where(merchants.c.id_type == id_type, merchants.c.id_number == id_number)
    ).first()
    return _merchant(row) if row else None


def list_merchants(
    conn: Connection, *, only_id: str | None = None, limit: int = 100, after: str | None = None
) -> list[Merchant]:
    query = select(merchants).order_by(merchants.c.id).limit(limit)
    if only_id is not None:
        query = query.where(merchants.c.id == only_id)
    if after:
        query = query.where(merchants.c.id > after)
    return [_merchant(row) for row in conn.execute(query)]


def update_merchant_kyc(conn: Connection, merchant: Merchant) -> None:
    conn.execute(
        update(merchants)
        .where(merchants.c.id == merchant.id)
        .values(
            kyc_status=merchant.identity.kyc_status.value,
            kyc_expires_on=merchant.identity.kyc_expires_on,
        )
    )


def update_merchant_fx_directory(conn: Connection, merchant: Merchant) -> None:
    conn.execute(
        update(merchants)
        .where(merchants.c.id == merchant.id)
        .values(**_fx_directory_values(merchant.fx_directory))
    )


def _buyer(row: Row[Any]) -> Buyer:
    return Buyer(
        id=row.id,
        platform_id=row.platform_id,
        name=row.name,
        name_latin=row.name_latin,
        country=row.country,
        identity=_identity(row),
        card_no=row.card_no,
        created_at=row.created_at,
    )


def insert_buyer(conn: Connection, buyer: Buyer) -> None:
    conn.execute(
        buyers.insert().values(
            id=buyer.id,
            platform_id=buyer.platform_id,
            name=buyer.name,
            name_latin=buyer.name_latin,
            country=buyer.country,
            card_no=buyer.card_no,
            created_at=buyer.created_at,
            **_identity_values(buyer.identity),
        )
    )


def get_buyer(conn: Connection, buyer_id: str) -> Buyer | None:
    row = conn.execute(select(buyers).where(buyers.c.id == buyer_id)).first()
    return _buyer(row) if row else None


def find_buyer(
    conn: Connection,
    *,
    platform_id: str | None = None,
    card_no: str | None = None,
    identity: tuple[str, str, str] | None = None,
) -> Buyer | None:
    """A buyer by any of the keys that identify one globally."""
    clauses = []
    if platform_id:
        clauses.append(buyers.c.platform_id == platform_id)
    if card_no:
        clauses.append(buyers.c.card_no == card_no)
    if identity:
        id_type, id_number, nationality = identity
        clauses.append(
            (buyers.c.id_type == id_type)
            & (buyers.c.id_number == id_number)
            & (buyers.c.nationality == nationality)
        )
    for clause in clauses:
        row = conn.execute(select(buyers).where(clause)).first()
        if row:
            return _buyer(row)
    return None


def list_buyers(
    conn: Connection, *, ids: list[str] | None = None, limit: int = 100, after: str | None = None
) -> list[Buyer]:
    query = select(buyers).order_by(buyers.c.id).limit(limit)
    if ids is not None:
        query = query.where(buyers.c.id.in_(ids))
    if after:
        query = query.where(buyers.c.id > after)
    return [_buyer(row) for row in conn.execute(query)]


def _payer(row: Row[Any]) -> Payer:
    return Payer(
        id=row.id,
        name=row.name,
        account=row.account,
        bic=row.bic,
        country=row.country,
        created_at=row.created_at,
    )


def find_payer(conn: Connection, bic: str, account: str, name: str) -> Payer | None:
    row = conn.execute(
        select(payers).where(
            payers.c.bic == bic, payers.c.account == account, payers.c.name == name
        )
    ).first()
    return _payer(row) if row else None


def find_payers(
    conn: Connection, keys: Sequence[tuple[str, str, str]]
) -> dict[tuple[str, str, str], Payer]:
    """Payers by (bic, account, name). Queried as `bic IN … AND account IN …` (which walks the
    unique index; SQLite scans the table for a row-value IN list) and filtered exactly here."""
    found: dict[tuple[str, str, str], Payer] = {}
    unique = sorted(set(keys))
    for start in range(0, len(unique), 300):
        chunk = unique[start : start + 300]
        wanted = set(chunk)
        query = select(payers).where(
            payers.c.bic.in_(sorted({k[0] for k in chunk})),
            payers.c.account.in_(sorted({k[1] for k in chunk})),
        )
        for row in conn.execute(query):
            key = (row.bic, row.account, row.name)
            if key in wanted:
                found[key] = _payer(row)
    return found


def insert_payers(conn: Connection, batch: Sequence[Payer]) -> None:
    if batch:
        conn.execute(
            payers.insert(),
            [
                {
                    "id": p.id,
                    "name": p.name,
                    "account": p.account,
                    "bic": p.bic,
                    "country": p.country,
                    "created_at": p.created_at,
                }
                for p in batch
            ],
        )


def list_payers(conn: Connection, *, limit: int = 1000, after: str | None = None) -> list[Payer]:
    query = select(payers).order_by(payers.c.id).limit(limit)
    if after:
        query = query.where(payers.c.id > after)
    return [_payer(row) for row in conn.execute(query)]


def get_payer(conn: Connection, payer_id: str) -> Payer | None:
    row = conn.execute(select(payers).where(payers.c.id == payer_id)).first()
    return _payer(row) if row else None


def insert_payer(conn: Connection, payer: Payer) -> None:
    conn.execute(
        payers.insert().values(
            id=payer.id,
            name=payer.name,
            account=payer.account,
            bic=payer.bic,
            country=payer.country,
            created_at=payer.created_at,
        )
    )


def insert_change(conn: Connection, change: AccountChange) -> None:
    conn.execute(
        account_changes.insert().values(
            id=change.id,
            merchant_id=change.merchant_id,
            bank_name=change.account.bank_name,
            account_no=change.account.account_no,
            account_name=change.account.account_name,
            requested_by=change.requested_by,
            requested_at=change.requested_at,
            status=change.status.value,
            decided_by=None,
            decided_at=None,
            reason=change.reason,
        )
    )


def _change(row: Row[Any]) -> AccountChange:
    return AccountChange(
        id=row.id,
        merchant_id=row.merchant_id,
        account=BankAccount(row.bank_name, row.account_no, row.account_name),
        requested_by=row.requested_by,
        requested_at=row.requested_at,
        status=ChangeStatus(row.status),
        decided_by=row.decided_by,
        decided_at=row.decided_at,
        reason=row.reason,
    )


def get_change(conn: Connection, change_id: str) -> AccountChange | None:
    row = conn.execute(select(account_changes).where(account_changes.c.id == change_id)).first()
    return _change(row) if row else None


def pending_changes(conn: Connection, merchant_id: str | None = None) -> list[AccountChange]:
    query = select(account_changes).where(account_changes.c.status == ChangeStatus.PENDING.value)
    if merchant_id:
        query = query.where(account_changes.c.merchant_id == merchant_id)
    return [_change(row) for row in conn.execute(query.order_by(account_changes.c.requested_at))]


def decide_change(conn: Connection, change: AccountChange) -> bool:
    """Compare-and-set pending → decided; False if someone decided first."""
    result = conn.execute(
        update(account_changes)
        .where(
            account_changes.c.id == change.id,
            account_changes.c.status == ChangeStatus.PENDING.value,
        )
        .values(
            status=change.status.value,
            decided_by=change.decided_by,
            decided_at=change.decided_at,
            reason=change.reason,
        )
    )
    return result.rowcount == 1


def update_merchant_account(conn: Connection, merchant: Merchant) -> None:
    account = merchant.settlement_account
    assert account is not None
    conn.execute(
        update(merchants)
        .where(merchants.c.id == merchant.id)
        .values(
            settlement_bank=account.bank_name,
            settlement_account_no=account.account_no,
            settlement_account_name=account.account_name,
        )
    )


# -- payer relations ------------------------------------------------------------------------------
def _relation(row: Row[Any]) -> PayerRelation:
    return PayerRelation(
        id=row.id,
        buyer_id=row.buyer_id,
        payer_name=row.payer_name,
        payer_account=row.payer_account,
        kind=RelationKind(row.kind),
        source=RelationSource(row.source),
        created_by=row.created_by,
        created_at=row.created_at,
    )


def insert_relation(conn: Connection, relation: PayerRelation) -> None:
    conn.execute(
        payer_relations.insert().values(
            id=relation.id,
            buyer_id=relation.buyer_id,
            payer_name=relation.payer_name,
            payer_account=relation.payer_account,
            kind=relation.kind.value,
            source=relation.source.value,
            created_by=relation.created_by,
            created_at=relation.created_at,
        )
    )


def find_relation(
    conn: Connection, buyer_id: str, payer_name: str, payer_account: str
) -> PayerRelation | None:
    t = payer_relations.c
    query = select(payer_relations).where(
        t.buyer_id == buyer_id, t.payer_name == payer_name, t.payer_account == payer_account
    )
    row = conn.execute(query).first()
    return _relation(row) if row else None


def relations_for_buyers(conn: Connection, buyer_ids: Sequence[str]) -> list[PayerRelation]:
    if not buyer_ids:
        return []
    query = (
        select(payer_relations)
        .where(payer_relations.c.buyer_id.in_(sorted(set(buyer_ids))))
        .order_by(payer_relations.c.buyer_id, payer_relations.c.id)
    )
    return [_relation(row) for row in conn.execute(query)]

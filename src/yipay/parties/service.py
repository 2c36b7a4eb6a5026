"""Party use cases: register merchants and buyers, change KYC, recognise payers."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date

from yipay.adapters.db.uow import UnitOfWork
from yipay.core.clock import Clock, RegulatoryCalendar
from yipay.core.countries import country
from yipay.core.errors import SameUserApproval
from yipay.core.ids import new_id
from yipay.parties import repository as repo
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
from yipay.parties.errors import DuplicateParty, InvalidParty, PartyNotFound
from yipay.parties.events import (
    BuyerRegistered,
    MerchantAccountChanged,
    MerchantFxDirectoryChanged,
    MerchantKycChanged,
    MerchantRegistered,
    PayerRelationRecorded,
)


@dataclass(frozen=True, slots=True)
class RegisterMerchant:
    legal_name: str
    business_form: BusinessForm
    id_type: IdType
    id_number: str
    shop_no: str
    name_latin: str = ""
    nationality: str = "CN"
    platform_id: str | None = None
    settlement_account: BankAccount | None = None
    kyc_status: KycStatus = KycStatus.PENDING
    kyc_expires_on: date | None = None
    risk_grade: RiskGrade = RiskGrade.MEDIUM


@dataclass(frozen=True, slots=True)
class RegisterBuyer:
    name: str
    country: str
    party_type: PartyType
    id_type: IdType
    id_number: str
    name_latin: str = ""
    nationality: str | None = None
    platform_id: str | None = None
    card_no: str | None = None
    kyc_status: KycStatus = KycStatus.PENDING
    kyc_expires_on: date | None = None
    risk_grade: RiskGrade = RiskGrade.MEDIUM


def party_type_of(form: BusinessForm) -> PartyType:
    """Individual businesses report as non-natural persons (PBoC grouping)."""
    return PartyType.NATURAL_PERSON if form is BusinessForm.INDIVIDUAL else PartyType.NON_NATURAL


class PartyService:
    def __init__(self, clock: Clock, calendar: RegulatoryCalendar | None = None) -> None:
        self.clock = clock
        self.calendar = calendar or RegulatoryCalendar()

    # -- merchants ----------------------------------------------------------------------------
    def register_merchant(self, uow: UnitOfWork, cmd: RegisterMerchant) -> Merchant:
        conn = uow.connection
        if cmd.platform_id and repo.find_merchant_by_platform_id(conn, cmd.platform_id):
            raise DuplicateParty(f"a merchant with platform id {cmd.platform_id} exists")
        if repo.find_merchant_by_identity(conn, cmd.id_type.value, cmd.id_number):
            raise DuplicateParty(f"a merchant with this {cmd.id_type.value} is registered")
        merchant = Merchant(
            id=new_id("merchant"),
            platform_id=cmd.platform_id,
            legal_name=cmd.legal_name.strip(),
            name_latin=cmd.name_latin.strip(),
            business_form=cmd.business_form,
            identity=Identity(
                party_type=party_type_of(cmd.business_form),
                id_type=cmd.id_type,
                id_number=cmd.id_number.strip(),
                nationality=cmd.nationality,
                kyc_status=cmd.kyc_status,
                kyc_expires_on=cmd.kyc_expires_on,
                risk_grade=cmd.risk_grade,
            ),
            shop_no=cmd.shop_no.strip(),
            settlement_account=cmd.settlement_account,
            created_at=self.clock.now(),
        )
        repo.insert_merchant(conn, merchant)
        uow.publish(MerchantRegistered(subject=merchant.id))
        return merchant

    def merchant(self, uow: UnitOfWork, merchant_id: str) -> Merchant:
        found = repo.get_merchant(uow.connection, merchant_id)
        if found is None:
            raise PartyNotFound(f"no merchant {merchant_id}")
        return found

    def merchant_by_platform_id(self, uow: UnitOfWork, platform_id: str) -> Merchant:
        found = repo.find_merchant_by_platform_id(uow.connection, platform_id)
        if found is None:
            raise PartyNotFound(f"no merchant with platform id {platform_id}")
        return found

    def merchants(
        self,
        uow: UnitOfWork,
        *,
        only_id: str | None = None,
        limit: int = 100,
        after: str | None = None,
    ) -> list[Merchant]:
        return repo.list_merchants(uow.connection, only_id=only_id, limit=limit, after=after)

    def set_merchant_kyc(
        self, uow: UnitOfWork, merchant_id: str, status: KycStatus, expires_on: date | None
    ) -> Merchant:
        merchant = self.merchant(uow, merchant_id).with_kyc(status, expires_on)
        repo.update_merchant_kyc(uow.connection, merchant)
        uow.publish(
            MerchantKycChanged(
                subject=merchant.id,
                kyc_status=status.value,
                kyc_expires_on=expires_on.isoformat() if expires_on else None,
            )
        )
        return merchant

    def set_fx_directory(
        self,
        uow: UnitOfWork,
        merchant_id: str,
        *,
        registered: bool,
        registered_on: date | None,
        by: str,
    ) -> Merchant:
        """Record what SAFE's trade-FX directory shows for the merchant: registered since
        `registered_on` (not in the future), or not registered (no date). Audited as an event."""
        if not by.strip():
            raise InvalidParty("say who records the FX directory registration")
        today = self.calendar.day_of(self.clock.now())
        if registered_on is not None and registered_on > today:
            raise InvalidParty(
                f"FX directory registration date {registered_on.isoformat()} is in the future"
            )
        directory = FxDirectory(registered, registered_on, by.strip(), self.clock.now())
        merchant = self.merchant(uow, merchant_id).with_fx_directory(directory)
        repo.update_merchant_fx_directory(uow.connection, merchant)
        uow.publish(
            MerchantFxDirectoryChanged(
                subject=merchant.id,
                registered=registered,
                registered_on=registered_on.isoformat() if registered_on else None,
                marked_by=directory.marked_by or "",
            )
        )
        return merchant

    # -- buyers -------------------------------------------------------------------------------
    def register_buyer(self, uow: UnitOfWork, cmd: RegisterBuyer) -> Buyer:
        conn = uow.connection
        nationality = country(cmd.nationality or cmd.country, what="nationality")
        existing = repo.find_buyer(
            conn,
            platform_id=cmd.platform_id,
            card_no=cmd.card_no,
            identity=(cmd.id_type.value, cmd.id_number.strip(), nationality),
        )
        if existing:
            raise DuplicateParty(f"this buyer is already registered as {existing.id}")
        if cmd.party_type is PartyType.NATURAL_PERSON and cmd.id_type is IdType.USCC:
            raise InvalidParty("a natural person cannot be identified by a USCC")
        buyer = Buyer(
            id=new_id("buyer"),
            platform_id=cmd.platform_id,
            name=cmd.name.strip(),
            name_latin=cmd.name_latin.strip() or cmd.name.strip(),
            country=cmd.country,
            identity=Identity(
                party_type=cmd.party_type,
                id_type=cmd.id_type,
                id_number=cmd.id_number.strip(),
                nationality=nationality,
                kyc_status=cmd.kyc_status,
                kyc_expires_on=cmd.kyc_expires_on,
                risk_grade=cmd.risk_grade,
            ),
            card_no=cmd.card_no,
            created_at=self.clock.now(),
        )
        repo.insert_buyer(conn, buyer)
        uow.publish(BuyerRegistered(subject=buyer.id))
        return buyer

    def buyer(self, uow: UnitOfWork, buyer_id: str) -> Buyer:
        found = repo.get_buyer(uow.connection, buyer_id)
        if found is None:
            raise PartyNotFound(f"no buyer {buyer_id}")
        return found

    def buyer_by_platform_id(self, uow: UnitOfWork, platform_id: str) -> Buyer:
        found = repo.find_buyer(uow.connection, platform_id=platform_id)
        if found is None:
            raise PartyNotFound(f"no buyer with platform id {platform_id}")
        return found

    def buyers(
        self,
        uow: UnitOfWork,
        *,
        ids: list[str] | None = None,
        limit: int = 100,
        after: str | None = None,
    ) -> list[Buyer]:
        return repo.list_buyers(uow.connection, ids=ids, limit=limit, after=after)

    # -- payer relations: third parties known to pay for a buyer --------------------------------
    def add_payer_relation(
        self,
        uow: UnitOfWork,
        buyer_id: str,
        *,
        payer_name: str,
        payer_account: str = "",
        kind: RelationKind = RelationKind.OTHER,
        source: RelationSource,
        by: str,
    ) -> PayerRelation:
        """Record that this payer (name, account when known) pays for the buyer; the relation
        already recorded is returned as it is (idempotent)."""
        name, account = " ".join(payer_name.split()), payer_account.strip().upper()
        if not name:
            raise InvalidParty("a payer relation needs the payer's name")
        if len(account) > 64:
            raise InvalidParty("a payer account has at most 64 characters")
        if not by.strip():
            raise InvalidParty("a payer relation needs who records it")
        self.buyer(uow, buyer_id)
        existing = repo.find_relation(uow.connection, buyer_id, name, account)
        if existing is not None:
            return existing
        relation = PayerRelation(
            id=new_id("relation"),
            buyer_id=buyer_id,
            payer_name=name,
            payer_account=account,
            kind=kind,
            source=source,
            created_by=by,
            created_at=self.clock.now(),
        )
        repo.insert_relation(uow.connection, relation)
        uow.publish(
            PayerRelationRecorded(
                subject=buyer_id,
                relation_id=relation.id,
                kind=kind.value,
                source=source.value,
                recorded_by=by,
            )
        )
        return relation

    def payer_relations(self, uow: UnitOfWork, buyer_ids: Sequence[str]) -> list[PayerRelation]:
        return repo.relations_for_buyers(uow.connection, buyer_ids)

    # -- payers -------------------------------------------------------------------------------
    def recognise_payer(
        self, uow: UnitOfWork, *, name: str, account: str, bic: str, payer_country: str
    ) -> Payer:
        """The payer record for this account, bank and name, created on first sight."""
        conn = uow.connection
        found = repo.find_payer(conn, bic, account, name)
        if found:
            return found
        payer = Payer(
            id=new_id("payer"),
            name=name,
            account=account,
            bic=bic,
            country=payer_country,
            created_at=self.clock.now(),
        )
        repo.insert_payer(conn, payer)
        return payer

    def recognise_payers(
        self, uow: UnitOfWork, details: Sequence[tuple[str, str, str, str]]
    ) -> list[Payer]:
        """`recognise_payer` for a whole file: (name, account, bic, country) → payer, in order;
        one lookup and one insert for all of them."""
        conn = uow.connection
        keys = [(bic, account, name) for name, account, bic, _country in details]
        found = repo.find_payers(conn, keys)
        fresh: list[Payer] = []
        for (name, account, bic, payer_country), key in zip(details, keys, strict=True):
            if key not in found:
                found[key] = Payer(
                    id=new_id("payer"),
                    name=name,
                    account=account,
                    bic=bic,
                    country=payer_country,
                    created_at=self.clock.now(),
                )
                fresh.append(found[key])
        repo.insert_payers(conn, fresh)
        return [found[key] for key in keys]

    def payers(self, uow: UnitOfWork, *, page: int = 1000) -> Iterator[Payer]:
        """Every payer, a page at a time (there are many more payers than merchants)."""
        after: str | None = None
        while True:
            batch = repo.list_payers(uow.connection, limit=page, after=after)
            yield from batch
            if len(batch) < page:
                return
            after = batch[-1].id

    def existing_merchant_ids(self, uow: UnitOfWork, ids: Sequence[str]) -> set[str]:
        return repo.existing_merchant_ids(uow.connection, ids)

    def payer(self, uow: UnitOfWork, payer_id: str) -> Payer:
        found = repo.get_payer(uow.connection, payer_id)
        if found is None:
            raise PartyNotFound(f"no payer {payer_id}")
        return found

    # -- the settlement account: maker-checker -----------------------------------------------
    def request_account_change(
        self, uow: UnitOfWork, merchant_id: str, account: BankAccount, *, by: str
    ) -> AccountChange:
        """Ask to pay a merchant into another account; it waits for a second user's approval.

        The account must be in the merchant's own name (same-name rule)."""
        merchant = self.merchant(uow, merchant_id)
        if account.account_name != merchant.legal_name:
            raise InvalidParty("the settlement account must be in the merchant's own name")
        if repo.pending_changes(uow.connection, merchant_id):
            raise DuplicateParty(f"merchant {merchant_id} already has an account change waiting")
        change = AccountChange(new_id("change"), merchant_id, account, by, self.clock.now())
        repo.insert_change(uow.connection, change)
        return change

    def decide_account_change(
        self, uow: UnitOfWork, change_id: str, *, by: str, approve: bool, reason: str = ""
    ) -> AccountChange:
        change = repo.get_change(uow.connection, change_id)
        if change is None:
            raise PartyNotFound(f"no account change {change_id}")
        if change.status is not ChangeStatus.PENDING:
            raise DuplicateParty(f"account change {change_id} was already {change.status.value}")
        if by == change.requested_by:
            raise SameUserApproval(
                f"{by} asked for account change {change_id} and cannot decide it"
            )
        decided = replace(
            change,
            status=ChangeStatus.APPROVED if approve else ChangeStatus.REJECTED,
            decided_by=by,
            decided_at=self.clock.now(),
            reason=reason,
        )
        if not repo.decide_change(uow.connection, decided):
            raise DuplicateParty(f"account change {change_id} was decided concurrently")
        if approve:
            merchant = self.merchant(uow, change.merchant_id).with_account(change.account)
            repo.update_merchant_account(uow.connection, merchant)
            uow.publish(
                MerchantAccountChanged(subject=merchant.id, change_id=change.id, approved_by=by)
            )
        return decided

    def pending_account_changes(
        self, uow: UnitOfWork, merchant_id: str | None = None
    ) -> list[AccountChange]:
        return repo.pending_changes(uow.connection, merchant_id)

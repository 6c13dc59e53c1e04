"""Read an electronic invoice: a Factur-X PDF (its embedded XML) or a bare CII XML.

The PDF's attachment is found by the ``factur-x`` library; the XML is parsed here with a
parser that resolves no entity, loads no DTD and touches no network (an invoice never needs
any of them, and a hostile file would use them), then validated against the XSD of its
profile by ``factur-x``. What comes out is plain data in the invoice file's own terms
(:class:`InvoiceReading`); the freelancer and the mission are matched later, against the
workspace. Whatever the file holds, the only exception that leaves here is
:class:`NotAnInvoice`, whose message says what is wrong or missing.
"""

from __future__ import annotations

import logging
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from lxml import etree

from cfo_tools.loading.time_limit import TimeLimitExceeded, time_limit

#: Larger files are refused before anything reads them (a real invoice weighs kilobytes).
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_XML_BYTES = 5 * 1024 * 1024
#: A hostile PDF (a decompression bomb, a maze of objects) is given up after this long.
READ_SECONDS = 20.0

RSM = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
UDT = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
NAMESPACES = {"rsm": RSM, "ram": RAM, "udt": UDT}

#: factur-x's level names -> the ones written in invoice files.
PROFILES = {"minimum": "minimum", "basicwl": "basic-wl", "basic": "basic",
            "en16931": "en16931", "extended": "extended"}
#: Profiles whose invoices carry no lines.
WITHOUT_LINES = frozenset({"minimum", "basic-wl"})
#: UN/ECE Recommendation 20 units that mean "days" on a freelancer's invoice (C62: "one",
#: what many tools write for a unit price per day).
DAY_UNITS = frozenset({"DAY", "C62"})
#: Invoice type codes (UNTDID 1001) read as invoices: commercial, corrected, self-billed,
#: and the Factur-X "facture" codes; a credit note (381) is not one.
INVOICE_TYPES = frozenset({"380", "384", "389", "751"})


class NotAnInvoice(Exception):
    """The file is not an invoice cfo can read; the message says why."""


@dataclass(frozen=True)
class ReadLine:
    """One line as the invoice writes it."""

    days: Decimal
    daily_rate: Decimal
    description: str | None
    #: Identifiers the line gives its product (the buyer's first): a mission id, perhaps.
    references: tuple[str, ...]
    amount: Decimal | None


@dataclass
class InvoiceReading:
    """What the file says, before it is matched with the workspace."""

    profile: str
    number: str
    issued: date
    lines: list[ReadLine]
    amount: Decimal
    vat_rate: Decimal
    vat_exemption: str | None
    total: Decimal
    due: date | None
    period: str | None
    order: str | None
    currency: str | None
    seller_name: str | None
    seller_siret: str | None
    seller_siren: str | None
    buyer_siren: str | None
    #: What the reading had to assume, said to the user.
    notes: list[str] = field(default_factory=list)


def read_invoice_file(content: bytes, name: str) -> InvoiceReading:
    """The invoice in ``content`` (the bytes of the file called ``name``)."""
    if len(content) > MAX_FILE_BYTES:
        raise NotAnInvoice(f"{name} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB: "
                           "not an invoice")
    try:
        with time_limit(READ_SECONDS):
            xml = _embedded_xml(content, name) if content.startswith(b"%PDF-") else content
            return read_cii(xml, name)
    except TimeLimitExceeded:
        raise NotAnInvoice(f"{name} took more than {READ_SECONDS:.0f} seconds to read: "
                           "refused as hostile or broken") from None
    except RecursionError:
        raise NotAnInvoice(f"{name} is nested too deeply to read: refused") from None


@contextmanager
def _quiet_libraries() -> Iterator[None]:
    """pypdf and factur-x log every oddity of a broken file; the user gets one clear
    message instead."""
    loggers = [logging.getLogger(n) for n in ("pypdf", "facturx", "facturx.facturx")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def _embedded_xml(content: bytes, name: str) -> bytes:
    from facturx import get_xml_from_pdf

    try:
        with _quiet_libraries():
            filename, xml = get_xml_from_pdf(
                content, check_xsd=False,
                filenames=["factur-x.xml", "zugferd-invoice.xml", "*.xml"])
    except (TimeLimitExceeded, RecursionError):
        raise
    except Exception as exc:  # pypdf raises many kinds on a broken PDF
        raise NotAnInvoice(f"{name} is not a readable PDF ({_short(exc)})") from None
    if not filename or not isinstance(xml, bytes):
        raise NotAnInvoice(f"{name} is a PDF with no Factur-X XML attached (factur-x.xml): "
                           "not an electronic invoice; ask the freelancer for a Factur-X "
                           "invoice, or record it by hand")
    return xml


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    first = text[0] if text else type(exc).__name__
    return first[:200]


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False, remove_comments=True,
                           remove_pis=True)


def read_cii(xml: bytes, name: str) -> InvoiceReading:
    """The invoice in a CII XML (Factur-X or ZUGFeRD 2), any profile."""
    if len(xml) > MAX_XML_BYTES:
        raise NotAnInvoice(f"the XML of {name} is larger than "
                           f"{MAX_XML_BYTES // (1024 * 1024)} MiB: not an invoice")
    try:
        root = etree.fromstring(xml, _parser())
    except etree.XMLSyntaxError as exc:
        raise NotAnInvoice(f"{name} is not well-formed XML ({_short(exc)})") from None
    if root is None:
        raise NotAnInvoice(f"{name} holds no XML element")
    if root.getroottree().docinfo.doctype:
        raise NotAnInvoice(f"{name} declares a DOCTYPE (entities, a DTD), which no invoice "
                           "needs: refused")
    if root.tag != f"{{{RSM}}}CrossIndustryInvoice":
        raise NotAnInvoice(
            f"{name} is not a CII invoice: its root element is {_tag_text(root.tag)}, not "
            f"CrossIndustryInvoice in the namespace {RSM}")
    profile = _profile(root, name)
    _check_xsd(root, profile, name)
    return _reading(_Tree(root, name), profile)


def _tag_text(tag: Any) -> str:
    text = str(tag)
    if text.startswith("{"):
        namespace, _, local = text[1:].partition("}")
        return f"{local} (namespace {namespace})"
    return f"{text} (no namespace)"


def _profile(root: Any, name: str) -> str:
    from facturx import get_level

    try:
        with _quiet_libraries():
            level = str(get_level(root, "factur-x"))
    except Exception:
        guideline = root.findtext(
            "rsm:ExchangedDocumentContext/ram:GuidelineSpecifiedDocumentContextParameter/"
            "ram:ID", namespaces=NAMESPACES)
        said = f"'{guideline.strip()[:100]}'" if guideline else "none"
        raise NotAnInvoice(
            f"{name} names no Factur-X profile cfo knows (ExchangedDocumentContext/"
            f"GuidelineSpecifiedDocumentContextParameter/ID: {said})") from None
    if level not in PROFILES:
        raise NotAnInvoice(f"{name}: unknown Factur-X profile {level!r}")
    return PROFILES[level]


def _check_xsd(root: Any, profile: str, name: str) -> None:
    from facturx import xml_check_xsd

    level = {v: k for k, v in PROFILES.items()}[profile]
    try:
        with _quiet_libraries():
            xml_check_xsd(root, flavor="factur-x", level=level)
    except Exception as exc:
        raise NotAnInvoice(f"{name} is not a valid Factur-X {profile} invoice: "
                           f"{_short(exc)}") from None


class _Tree:
    """Questions to the XML, each answered or turned into 'what is missing'."""

    def __init__(self, root: Any, name: str) -> None:
        self.root = root
        self.name = name

    def text(self, path: str, node: Any = None) -> str | None:
        found = (self.root if node is None else node).findtext(path, namespaces=NAMESPACES)
        return found.strip() if found and found.strip() else None

    def required(self, path: str, what: str, node: Any = None) -> str:
        found = self.text(path, node)
        if found is None:
            raise NotAnInvoice(f"{self.name} has no {what} ({path.replace('ram:', '')})")
        return found

    def all(self, path: str, node: Any = None) -> list[Any]:
        return list((self.root if node is None else node).iterfind(path, NAMESPACES))

    def amount(self, text: str, what: str) -> Decimal:
        if not _NUMBER.fullmatch(text):
            raise NotAnInvoice(f"{self.name}: {what} {text[:40]!r} is not a number")
        try:
            return Decimal(text)
        except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
            raise NotAnInvoice(f"{self.name}: {what} is not a number") from None

    def day(self, text: str, what: str) -> date:
        try:
            if not re.fullmatch(r"[0-9]{8}", text):
                raise ValueError(text)
            return date(int(text[:4]), int(text[4:6]), int(text[6:]))
        except ValueError:
            raise NotAnInvoice(f"{self.name}: {what} {text[:40]!r} is not a date written "
                               "YYYYMMDD (format 102)") from None


_NUMBER = re.compile(r"^-?[0-9]{1,15}(\.[0-9]{1,10})?$")
_DOC = "rsm:ExchangedDocument"
_TRADE = "rsm:SupplyChainTradeTransaction"
_AGREEMENT = f"{_TRADE}/ram:ApplicableHeaderTradeAgreement"
_SETTLEMENT = f"{_TRADE}/ram:ApplicableHeaderTradeSettlement"
_SUMS = f"{_SETTLEMENT}/ram:SpecifiedTradeSettlementHeaderMonetarySummation"
_SELLER = f"{_AGREEMENT}/ram:SellerTradeParty"
_BUYER = f"{_AGREEMENT}/ram:BuyerTradeParty"


def _reading(tree: _Tree, profile: str) -> InvoiceReading:
    notes: list[str] = []
    kind = tree.text(f"{_DOC}/ram:TypeCode")
    if kind is not None and kind not in INVOICE_TYPES:
        what = "a credit note" if kind == "381" else f"a document of type {kind}"
        raise NotAnInvoice(f"{tree.name} is {what}, not an invoice: cfo records invoices only")
    number = tree.required(f"{_DOC}/ram:ID", "invoice number")
    issued = tree.day(tree.required(f"{_DOC}/ram:IssueDateTime/udt:DateTimeString",
                                    "issue date"), "the issue date")
    amount = tree.amount(tree.required(f"{_SUMS}/ram:TaxBasisTotalAmount",
                                       "total excluding VAT"), "the total excluding VAT")
    total = tree.amount(tree.required(f"{_SUMS}/ram:GrandTotalAmount",
                                      "total including VAT"), "the total including VAT")
    vat_rate, exemption = _vat(tree, amount, notes)
    lines = [] if profile in WITHOUT_LINES else _lines(tree)
    if profile in WITHOUT_LINES:
        notes.append(f"a Factur-X {profile} invoice carries no lines: only its totals can be "
                     "checked")
    due_text = tree.text(f"{_SETTLEMENT}/ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/"
                         "udt:DateTimeString")
    seller_ids = _party_ids(tree, _SELLER)
    buyer_ids = _party_ids(tree, _BUYER)
    return InvoiceReading(
        profile=profile,
        number=number,
        issued=issued,
        lines=lines,
        amount=amount,
        vat_rate=vat_rate,
        vat_exemption=exemption,
        total=total,
        due=tree.day(due_text, "the due date") if due_text else None,
        period=_period(tree),
        order=tree.text(f"{_AGREEMENT}/ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID"),
        currency=tree.text(f"{_SETTLEMENT}/ram:InvoiceCurrencyCode"),
        seller_name=tree.text(f"{_SELLER}/ram:Name"),
        seller_siret=next((i for i in seller_ids if len(i) == 14), None),
        seller_siren=next((i[:9] for i in seller_ids), None),
        buyer_siren=next((i[:9] for i in buyer_ids), None),
        notes=notes,
    )


def _party_ids(tree: _Tree, party: str) -> list[str]:
    """The SIRET (14 digits) and SIREN (9) a party gives, SIRET first."""
    found = [node.text.strip() for node in
             tree.all(f"{party}/ram:SpecifiedLegalOrganization/ram:ID")
             + tree.all(f"{party}/ram:GlobalID") + tree.all(f"{party}/ram:ID")
             if node.text and node.text.strip().isdigit()
             and len(node.text.strip()) in (9, 14)]
    return sorted(dict.fromkeys(found), key=lambda i: -len(i))


def _vat(tree: _Tree, amount: Decimal, notes: list[str]) -> tuple[Decimal, str | None]:
    taxes = tree.all(f"{_SETTLEMENT}/ram:ApplicableTradeTax")
    rates = []
    exemption = None
    for tax in taxes:
        rate = tree.text("ram:RateApplicablePercent", tax)
        category = tree.text("ram:CategoryCode", tax)
        rates.append(tree.amount(rate, "the VAT rate") if rate is not None
                     else Decimal(0) if category in ("E", "AE", "Z", "O", "K", "G")
                     else None)
        exemption = exemption or tree.text("ram:ExemptionReason", tax)
    known = sorted({r for r in rates if r is not None})
    if len(known) > 1:
        raise NotAnInvoice(f"{tree.name} charges several VAT rates "
                           f"({', '.join(str(r) for r in known)} %): cfo records invoices at "
                           "one rate; record this one by hand")
    if known:
        return known[0], exemption
    vat = tree.text(f"{_SUMS}/ram:TaxTotalAmount")
    if vat is None or tree.amount(vat, "the VAT total").is_zero():
        notes.append("the file gives no VAT rate and no VAT: recorded at 0 %")
        return Decimal(0), exemption
    from cfo_tools.model.money import implied_vat_rate

    implied = implied_vat_rate(amount, tree.amount(vat, "the VAT total"), FRENCH_VAT_RATES)
    if implied is None:
        raise NotAnInvoice(f"{tree.name} gives no VAT rate, and its VAT total {vat} is no "
                           "French rate of its amount: record it by hand")
    notes.append(f"the file gives no VAT rate: {implied} % read from its VAT total")
    return implied, exemption


#: The VAT rates of France (CGI art. 278 to 281 nonies, mainland and overseas): what a VAT
#: total without a rate (Factur-X MINIMUM) is matched against.
FRENCH_VAT_RATES = tuple(Decimal(r) for r in ("20", "10", "8.5", "5.5", "2.1", "1.75", "1.05",
                                               "0.9"))


def _lines(tree: _Tree) -> list[ReadLine]:
    lines = []
    items = tree.all(f"{_TRADE}/ram:IncludedSupplyChainTradeLineItem")
    if not items:
        raise NotAnInvoice(f"{tree.name} has no lines (IncludedSupplyChainTradeLineItem), "
                           "which its profile requires")
    for index, item in enumerate(items, start=1):
        where = f"line {index}"
        quantity = item.find("ram:SpecifiedLineTradeDelivery/ram:BilledQuantity", NAMESPACES)
        if quantity is None or not (quantity.text or "").strip():
            raise NotAnInvoice(f"{tree.name}: {where} has no billed quantity")
        unit = quantity.get("unitCode", "")
        if unit not in DAY_UNITS:
            raise NotAnInvoice(f"{tree.name}: {where} is billed in {unit[:20] or 'no unit'}, "
                               "not in days (DAY): cfo records days x daily rate; record it "
                               "by hand")
        price = tree.required("ram:SpecifiedLineTradeAgreement/"
                              "ram:NetPriceProductTradePrice/ram:ChargeAmount",
                              f"net unit price on {where}", item)
        basis = tree.text("ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/"
                          "ram:BasisQuantity", item)
        if basis is not None and tree.amount(basis, "the price's basis quantity") != 1:
            raise NotAnInvoice(f"{tree.name}: {where} prices {basis} units at once, not one "
                               "day: record it by hand")
        line_total = tree.text("ram:SpecifiedLineTradeSettlement/"
                               "ram:SpecifiedTradeSettlementLineMonetarySummation/"
                               "ram:LineTotalAmount", item)
        references = [tree.text(f"ram:SpecifiedTradeProduct/ram:{key}", item)
                      for key in ("BuyerAssignedID", "SellerAssignedID")]
        name = tree.text("ram:SpecifiedTradeProduct/ram:Name", item)
        lines.append(ReadLine(
            days=tree.amount(quantity.text.strip(), f"the quantity of {where}"),
            daily_rate=tree.amount(price, f"the unit price of {where}"),
            description=name,
            references=tuple(r for r in references if r),
            amount=(tree.amount(line_total, f"the total of {where}")
                    if line_total is not None else None)))
    return lines


def _period(tree: _Tree) -> str | None:
    """The month billed, when the billing period lies within one month."""
    start = tree.text(f"{_SETTLEMENT}/ram:BillingSpecifiedPeriod/ram:StartDateTime/"
                      "udt:DateTimeString")
    end = tree.text(f"{_SETTLEMENT}/ram:BillingSpecifiedPeriod/ram:EndDateTime/"
                    "udt:DateTimeString")
    if start is None:
        return None
    first = tree.day(start, "the start of the billing period")
    last = tree.day(end, "the end of the billing period") if end else first
    if (first.year, first.month) != (last.year, last.month):
        return None
    return f"{first.year:04d}-{first.month:02d}"

"""Write an invoice as a CII XML (UN/CEFACT Cross Industry Invoice), the XML of Factur-X.

Every profile is written, each with the elements its XSD allows in the order it wants:
MINIMUM and BASIC WL carry no lines; BASIC, EN 16931 and EXTENDED do. Amounts arrive already
computed (by :mod:`cfo_tools.model.money`); this module only writes them, to the cent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from lxml import etree

from cfo_tools.model.invoice_sums import period_bounds
from cfo_tools.model.invoices import Invoice
from cfo_tools.model.money import days_amount, minus, money_text
from cfo_tools.model.records import Freelancer

RSM = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
UDT = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
QDT = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"

#: The guideline identifier (BT-24) of each profile.
GUIDELINES = {
    "minimum": "urn:factur-x.eu:1p0:minimum",
    "basic-wl": "urn:factur-x.eu:1p0:basicwl",
    "basic": "urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic",
    "en16931": "urn:cen.eu:en16931:2017",
    "extended": "urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:extended",
}
_WITH_LINES = frozenset({"basic", "en16931", "extended"})
#: A self-billed invoice (UNTDID 1001), issued by the buyer in the seller's name.
SELF_BILLED = "389"
COMMERCIAL = "380"


@dataclass(frozen=True)
class CiiParty:
    name: str
    siren: str | None = None
    siret: str | None = None
    vat_number: str | None = None
    address: str | None = None
    country: str = "FR"


@dataclass(frozen=True)
class CiiLine:
    name: str
    days: Decimal
    daily_rate: Decimal
    amount: Decimal
    #: The buyer's identifier of what is billed: the mission's id.
    mission: str | None = None


@dataclass(frozen=True)
class CiiInvoice:
    number: str
    issued: date
    seller: CiiParty
    buyer: CiiParty
    lines: tuple[CiiLine, ...]
    amount: Decimal
    vat_rate: Decimal
    vat: Decimal
    total: Decimal
    currency: str = "EUR"
    vat_exemption: str | None = None
    due: date | None = None
    order: str | None = None
    period: tuple[date, date] | None = None
    payment_terms: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)
    type_code: str = COMMERCIAL


def _day(parent: etree._Element, tag: str, day: date) -> None:
    holder = etree.SubElement(parent, f"{{{RAM}}}{tag}")
    text = etree.SubElement(holder, f"{{{UDT}}}DateTimeString", format="102")
    text.text = day.strftime("%Y%m%d")


def _sub(parent: etree._Element, tag: str, text: str | None = None,
         **attributes: str) -> etree._Element:
    namespace, local = (RSM, tag[4:]) if tag.startswith("rsm:") else (RAM, tag)
    element = etree.SubElement(parent, f"{{{namespace}}}{local}", **attributes)
    if text is not None:
        element.text = text
    return element


def _rate(rate: Decimal) -> str:
    return format(rate.normalize(), "f") if rate == rate.to_integral_value() else str(rate)


def _vat_category(invoice: CiiInvoice) -> str:
    """S: standard rate; E: exempt (the mention says why: art. 293 B du CGI)."""
    return "E" if invoice.vat_rate.is_zero() else "S"


def cii_xml(invoice: CiiInvoice, profile: str = "en16931") -> bytes:
    """The invoice as CII XML bytes (UTF-8, with its declaration) in ``profile``."""
    lines = profile in _WITH_LINES
    root = etree.Element(f"{{{RSM}}}CrossIndustryInvoice",
                         nsmap={"rsm": RSM, "ram": RAM, "udt": UDT, "qdt": QDT})
    context = _sub(root, "rsm:ExchangedDocumentContext")
    _sub(_sub(context, "GuidelineSpecifiedDocumentContextParameter"), "ID",
         GUIDELINES[profile])
    document = _sub(root, "rsm:ExchangedDocument")
    _sub(document, "ID", invoice.number)
    _sub(document, "TypeCode", invoice.type_code)
    _day(document, "IssueDateTime", invoice.issued)
    if profile != "minimum":
        for note in invoice.notes:
            _sub(_sub(document, "IncludedNote"), "Content", note)
    trade = _sub(root, "rsm:SupplyChainTradeTransaction")
    if lines:
        for index, line in enumerate(invoice.lines, start=1):
            _line(trade, index, line, invoice, profile)
    agreement = _sub(trade, "ApplicableHeaderTradeAgreement")
    _party(agreement, "SellerTradeParty", invoice.seller, profile, seller=True)
    _party(agreement, "BuyerTradeParty", invoice.buyer, profile, seller=False)
    if invoice.order:
        _sub(_sub(agreement, "BuyerOrderReferencedDocument"), "IssuerAssignedID", invoice.order)
    _sub(trade, "ApplicableHeaderTradeDelivery")
    settlement = _sub(trade, "ApplicableHeaderTradeSettlement")
    _sub(settlement, "InvoiceCurrencyCode", invoice.currency)
    if profile != "minimum":
        tax = _sub(settlement, "ApplicableTradeTax")
        _sub(tax, "CalculatedAmount", money_text(invoice.vat))
        _sub(tax, "TypeCode", "VAT")
        if invoice.vat_exemption and invoice.vat_rate.is_zero():
            _sub(tax, "ExemptionReason", invoice.vat_exemption)
        _sub(tax, "BasisAmount", money_text(invoice.amount))
        _sub(tax, "CategoryCode", _vat_category(invoice))
        _sub(tax, "RateApplicablePercent", _rate(invoice.vat_rate))
        if invoice.period is not None:
            period = _sub(settlement, "BillingSpecifiedPeriod")
            _day(period, "StartDateTime", invoice.period[0])
            _day(period, "EndDateTime", invoice.period[1])
        if invoice.due is not None or invoice.payment_terms:
            terms = _sub(settlement, "SpecifiedTradePaymentTerms")
            if invoice.payment_terms:
                _sub(terms, "Description", invoice.payment_terms)
            if invoice.due is not None:
                _day(terms, "DueDateDateTime", invoice.due)
    sums = _sub(settlement, "SpecifiedTradeSettlementHeaderMonetarySummation")
    if profile != "minimum":
        _sub(sums, "LineTotalAmount", money_text(invoice.amount))
    _sub(sums, "TaxBasisTotalAmount", money_text(invoice.amount))
    _sub(sums, "TaxTotalAmount", money_text(invoice.vat), currencyID=invoice.currency)
    _sub(sums, "GrandTotalAmount", money_text(invoice.total))
    _sub(sums, "DuePayableAmount", money_text(invoice.total))
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                pretty_print=True))


def _line(trade: etree._Element, index: int, line: CiiLine, invoice: CiiInvoice,
          profile: str) -> None:
    item = _sub(trade, "IncludedSupplyChainTradeLineItem")
    _sub(_sub(item, "AssociatedDocumentLineDocument"), "LineID", str(index))
    product = _sub(item, "SpecifiedTradeProduct")
    if line.mission and profile in ("en16931", "extended"):
        _sub(product, "BuyerAssignedID", line.mission)
    _sub(product, "Name", line.name)
    agreement = _sub(item, "SpecifiedLineTradeAgreement")
    _sub(_sub(agreement, "NetPriceProductTradePrice"), "ChargeAmount",
         money_text(line.daily_rate))
    _sub(_sub(item, "SpecifiedLineTradeDelivery"), "BilledQuantity", _rate(line.days),
         unitCode="DAY")
    settlement = _sub(item, "SpecifiedLineTradeSettlement")
    tax = _sub(settlement, "ApplicableTradeTax")
    _sub(tax, "TypeCode", "VAT")
    _sub(tax, "CategoryCode", _vat_category(invoice))
    _sub(tax, "RateApplicablePercent", _rate(invoice.vat_rate))
    _sub(_sub(settlement, "SpecifiedTradeSettlementLineMonetarySummation"), "LineTotalAmount",
         money_text(line.amount))


def _party(agreement: etree._Element, tag: str, party: CiiParty, profile: str, *,
           seller: bool) -> None:
    element = _sub(agreement, tag)
    _sub(element, "Name", party.name)
    # The legal registration (BT-30, BT-47): the SIRET (scheme 0009) names the establishment
    # that invoices, else the SIREN (0002) the company.
    if party.siret:
        _sub(_sub(element, "SpecifiedLegalOrganization"), "ID", party.siret, schemeID="0009")
    elif party.siren:
        _sub(_sub(element, "SpecifiedLegalOrganization"), "ID", party.siren, schemeID="0002")
    if seller or profile != "minimum":
        address = _sub(element, "PostalTradeAddress")
        if party.address and profile != "minimum":
            _sub(address, "LineOne", party.address)
        _sub(address, "CountryID", party.country)
    if party.vat_number:
        _sub(_sub(element, "SpecifiedTaxRegistration"), "ID", party.vat_number, schemeID="VA")


def cii_invoice_of(invoice: Invoice, seller: Freelancer, buyer_name: str, *,
                   buyer_siren: str | None = None, buyer_vat_number: str | None = None,
                   currency: str = "EUR", type_code: str = COMMERCIAL,
                   notes: tuple[str, ...] = ()) -> CiiInvoice:
    """A recorded invoice as CII data: the lines at their recorded days and rates, the
    amounts as recorded (a wrong one stays wrong, for the checks to find)."""
    period = period_bounds(invoice.period)
    lines = tuple(
        CiiLine(line.description or line.mission, line.days, line.daily_rate,
                days_amount(line.days, line.daily_rate), line.mission)
        for line in invoice.lines)
    return CiiInvoice(
        number=invoice.number, issued=invoice.issued,
        seller=CiiParty(seller.name, siret=invoice.seller_siret or seller.siret),
        buyer=CiiParty(buyer_name, siren=buyer_siren, vat_number=buyer_vat_number),
        lines=lines, amount=invoice.amount, vat_rate=invoice.vat_rate,
        vat=minus(invoice.total, invoice.amount), total=invoice.total, currency=currency,
        vat_exemption=invoice.vat_exemption, due=invoice.due, order=invoice.order,
        period=period, notes=notes, type_code=type_code)

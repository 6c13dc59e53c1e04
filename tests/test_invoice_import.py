"""``cfo invoice import``: every Factur-X profile in, hostile and broken files refused with
one clear message and nothing written."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from facturx_files import INVOICE, facturx_pdf, invoice_xml
from hypothesis import example, given, settings
from hypothesis import strategies as st
from invoice_fixtures import invoice_workspace

from cfo_tools.loading.facturx_reading import NotAnInvoice, read_invoice_file

PROFILES = ["minimum", "basic-wl", "basic", "en16931", "extended"]


def _workspace(workspace) -> Path:
    files = invoice_workspace("number: x\n")
    del files["invoices/ada/f-2026-011.yaml"]
    files["missions/site.yaml"] += ("    order:\n      number: BC-2026-001\n"
                                    "      issued: 2026-01-02\n")
    files["activity/2026-01/ada.yaml"] = (
        "entries:\n  - mission: site\n    days: {"
        + ", ".join(f"{d}: 1" for d in (5, 6, 7, 8, 9, 12, 13, 14, 15, 16))
        + "}\nstatus: approved\nsubmitted_on: 2026-01-30\napproved_by: pm\n"
        "approved_on: 2026-02-01\n")
    return workspace(files)


def _import(run_cfo, root: Path, path: Path, *args: str):
    return run_cfo("-C", str(root), "--today", "2026-02-10", "invoice", "import", str(path),
                   *args)


@pytest.mark.parametrize("profile", PROFILES)
def test_each_profile_is_imported_from_a_pdf(workspace, run_cfo, tmp_path, profile):
    root = _workspace(workspace)
    pdf = tmp_path / "facture.pdf"
    pdf.write_bytes(facturx_pdf(invoice_xml(profile), profile))
    result = _import(run_cfo, root, pdf)
    assert result.output.splitlines()[0] == ("wrote invoices/ada/f-2026-011.pdf and "
                                             "invoices/ada/f-2026-011.yaml")
    written = (root / "invoices/ada/f-2026-011.yaml").read_text()
    assert (root / "invoices/ada/f-2026-011.pdf").read_bytes() == pdf.read_bytes()
    assert 'number: "F-2026-011"\nissued: 2026-02-02\n' in written
    assert "amount: 5000.00\nvat_rate: 20\n" in written
    assert "total: 6000.00\n" in written
    assert 'seller_siret: "73282932000074"' in written
    assert f"profile: {profile}\n" in written
    if profile in ("minimum", "basic-wl"):
        assert "lines: []" in written
        assert "carries no lines" in result.output
        assert "warning [invoice-without-lines]" in result.output
        assert result.exit_code == 0, result.output
    else:
        assert ("lines:\n  - mission: site\n    days: 10\n    daily_rate: 500.00\n"
                '    description: "Site, janvier 2026"\n') in written
        assert result.output.splitlines()[-1] == "No problems found in the invoice."
        assert result.exit_code == 0
    if profile == "minimum":  # no due date, no period in MINIMUM
        assert "due: 2026-03-04\n" in written
        assert "no due date" in result.output
    else:
        assert "period: 2026-01\n" in written and "order: \"BC-2026-001\"" in written


def test_a_bare_xml_is_imported_and_kept_as_xml(workspace, run_cfo, tmp_path):
    root = _workspace(workspace)
    xml = tmp_path / "facture.xml"
    xml.write_bytes(invoice_xml())
    result = _import(run_cfo, root, xml, "--id", "janvier")
    assert result.exit_code == 0, result.output
    assert (root / "invoices/ada/janvier.xml").read_bytes() == xml.read_bytes()
    assert "source: \"invoices/ada/janvier.xml\"" in (root / "invoices/ada/janvier.yaml"
                                                       ).read_text()


def test_an_import_never_overwrites_without_force(workspace, run_cfo, tmp_path):
    root = _workspace(workspace)
    xml = tmp_path / "facture.xml"
    xml.write_bytes(invoice_xml())
    assert _import(run_cfo, root, xml).exit_code == 0
    again = _import(run_cfo, root, xml)
    assert again.exit_code == 2
    assert "already exists; nothing written" in again.output
    assert _import(run_cfo, root, xml, "--force").exit_code == 0


def test_an_invoice_with_a_wrong_amount_is_recorded_and_its_errors_shown(workspace, run_cfo,
                                                                        tmp_path):
    root = _workspace(workspace)
    xml = tmp_path / "facture.xml"
    xml.write_bytes(invoice_xml(amount=INVOICE.amount + 1, total=INVOICE.total + 1))
    result = _import(run_cfo, root, xml)
    assert result.exit_code == 1
    assert "error [invoice-amount] /amount: amount 5001.00; the lines sum to 5000.00" in \
        result.output


def test_a_siret_that_matches_nobody_is_refused_unless_the_freelancer_is_named(
        workspace, run_cfo, tmp_path):
    from facturx_files import SELLER

    root = _workspace(workspace)
    xml = tmp_path / "facture.xml"
    xml.write_bytes(invoice_xml(seller=type(SELLER)("Inconnu", siret="35600000000048")))
    refused = _import(run_cfo, root, xml)
    assert refused.exit_code == 2
    assert refused.output == (
        "cfo: error: no freelancer in roster/ has SIRET 35600000000048 (Inconnu, the seller of "
        "the invoice): add it to their legal.siret, or name them with --freelancer; nothing "
        "written\n")
    assert not (root / "invoices").exists()
    named = _import(run_cfo, root, xml, "--freelancer", "ada")
    assert named.exit_code == 1  # recorded, and the SIRET mismatch is reported
    assert "error [invoice-seller-siret]" in named.output


@pytest.mark.parametrize(("content", "message"), [
    (b"%PDF-1.7\n1 0 obj garbage", "facture.bin is not a readable PDF"),
    (b"PK\x03\x04 a zip file", "facture.bin is not well-formed XML"),
    (b"", "facture.bin is not well-formed XML"),
    (b"<invoice/>", "its root element is invoice (no namespace), not CrossIndustryInvoice"),
    (invoice_xml().replace(b"CrossIndustryInvoice:100", b"CrossIndustryInvoice:99"),
     "its root element is CrossIndustryInvoice (namespace urn:un:unece:uncefact:data:"
     "standard:CrossIndustryInvoice:99)"),
    (invoice_xml().replace(b"urn:cen.eu:en16931:2017", b"urn:example:other"),
     "names no Factur-X profile cfo knows"),
    (invoice_xml().replace(b"<ram:TypeCode>380</ram:TypeCode>", b""),
     "is not a valid Factur-X en16931 invoice"),
    (invoice_xml().replace(b">380<", b">381<"), "is a credit note, not an invoice"),
    (invoice_xml().replace(b'unitCode="DAY"', b'unitCode="HUR"'),
     "line 1 is billed in HUR, not in days"),
])
def test_a_file_that_is_not_an_invoice_is_refused_and_nothing_written(
        workspace, run_cfo, tmp_path, content, message):
    root = _workspace(workspace)
    path = tmp_path / "facture.bin"
    path.write_bytes(content)
    result = _import(run_cfo, root, path)
    assert result.exit_code == 2
    assert result.output.startswith("cfo: error: ") and message in result.output
    assert result.output.rstrip().endswith("nothing written")
    assert not (root / "invoices").exists()


def test_a_corrupted_facturx_pdf_is_refused(tmp_path):
    pdf = facturx_pdf(invoice_xml())
    with pytest.raises(NotAnInvoice, match="not a readable PDF"):
        read_invoice_file(pdf[: len(pdf) // 2], "cut.pdf")


def test_a_plain_pdf_without_xml_is_not_an_electronic_invoice():
    from facturx_files import blank_pdf

    with pytest.raises(NotAnInvoice, match="no Factur-X XML attached"):
        read_invoice_file(blank_pdf(), "scan.pdf")


def test_external_entities_are_never_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    xml = invoice_xml().replace(
        b"<rsm:CrossIndustryInvoice",
        f'<!DOCTYPE x [<!ENTITY e SYSTEM "file://{secret}">]><rsm:CrossIndustryInvoice'.encode(),
        1).replace(b"F-2026-011", b"&e;")
    with pytest.raises(NotAnInvoice, match="declares a DOCTYPE") as caught:
        read_invoice_file(xml, "xxe.xml")
    assert "TOP-SECRET" not in str(caught.value)


def test_entity_expansion_is_refused():
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol">'
              + b"".join(f'<!ENTITY lol{i} "{"&lol;" * 10 if i == 1 else f"&lol{i - 1};" * 10}">'
                         .encode() for i in range(1, 10))
              + b"]><lol>&lol9;</lol>")
    with pytest.raises(NotAnInvoice):
        read_invoice_file(laughs, "laughs.xml")


def test_a_huge_file_is_refused_before_it_is_read():
    with pytest.raises(NotAnInvoice, match="larger than 10 MiB"):
        read_invoice_file(b"<a>" + b" " * (11 * 1024 * 1024) + b"</a>", "huge.xml")
    with pytest.raises(NotAnInvoice, match="larger than 5 MiB"):
        read_invoice_file(b"<a>" + b" " * (6 * 1024 * 1024) + b"</a>", "big.xml")


def _zeros_deflated(megabytes: int) -> bytes:
    import zlib

    packer = zlib.compressobj(9)
    chunk = b"\0" * (1024 * 1024)
    return b"".join(packer.compress(chunk) for _ in range(megabytes)) + packer.flush()


def test_a_pdf_bomb_is_refused_without_exhausting_memory():
    import io

    from pypdf import PdfWriter
    from pypdf.generic import NameObject

    # An attachment that inflates from a hundred kilobytes to 200 MB: pypdf stops at its
    # decompression limit.
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_attachment("factur-x.xml", b"x")
    embedded = [obj for obj in writer._objects
                if obj is not None and hasattr(obj, "get") and obj.get("/Type") == "/EmbeddedFile"]
    assert len(embedded) == 1
    embedded[0]._data = _zeros_deflated(200)
    embedded[0][NameObject("/Filter")] = NameObject("/FlateDecode")
    out = io.BytesIO()
    writer.write(out)
    assert len(out.getvalue()) < 1024 * 1024
    with pytest.raises(NotAnInvoice, match=r"bomb\.pdf is not a readable PDF"):
        read_invoice_file(out.getvalue(), "bomb.pdf")


@settings(max_examples=150, deadline=None)
@given(st.one_of(
    st.binary(max_size=2000),
    st.binary(max_size=500).map(lambda junk: b"%PDF-1.7\n" + junk),
    st.text(max_size=300).map(lambda text: invoice_xml().replace(
        b"F-2026-011", text.encode("utf-8", "surrogatepass"), 1)),
    st.integers(min_value=0, max_value=4000).map(lambda cut: invoice_xml()[:cut]),
    st.sampled_from([b"<ram:ID>", b"</rsm:ExchangedDocument>", b'unitCode="DAY"',
                     b"<udt:DateTimeString", b"5000.00", b"20260202"]).flatmap(
        lambda part: st.binary(max_size=20).map(
            lambda junk: invoice_xml().replace(part, junk, 1))),
))
def test_junk_is_an_invoice_or_one_clear_error(content):
    try:
        reading = read_invoice_file(content, "junk")
    except NotAnInvoice as exc:
        assert str(exc).startswith("junk") and "\n" not in str(exc).strip()
    else:
        assert reading.number and reading.issued


@given(st.dictionaries(
    st.sampled_from(["number", "period", "order", "vat_exemption", "source", "status"]),
    st.text(max_size=40)))
@example({"period": "2026-11\n", "status": "draft\n"})  # a plain word and a newline
def test_invoice_files_read_back_as_written(texts):
    import yaml

    from cfo_tools.documents.invoice_yaml import invoice_yaml

    lines = [{"mission": texts.get("status", "site"), "days": Decimal("0.5"),
              "daily_rate": Decimal("512.5")}]
    fields = {**texts, "lines": lines, "amount": Decimal("256.25")}
    read = yaml.safe_load(invoice_yaml(fields))
    assert read == {**texts, "lines": [{"mission": lines[0]["mission"], "days": 0.5,
                                        "daily_rate": 512.5}], "amount": 256.25}

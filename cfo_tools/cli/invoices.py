"""``cfo invoice import|expected``, ``cfo invoices`` and ``cfo spend``: freelancers' invoices,
from the Factur-X file to the payment, and what the company spends."""

from __future__ import annotations

from pathlib import Path

import click

from cfo_tools.cli.output import report_words, write_file
from cfo_tools.cli.paths import SafePath
from cfo_tools.cli.state import CliState, UsageProblem, pass_state
from cfo_tools.cli.workspace_loading import load_for_planning
from cfo_tools.formats.terminal import terminal_text


@click.group()
def invoice() -> None:
    """Record a freelancer's invoice, or say what it must contain."""


@invoice.command("import")
@click.argument("file", type=SafePath(dir_okay=False, path_type=Path))
@click.option("--freelancer", metavar="ID",
              help="Whose invoice it is (default: the one whose SIRET the invoice gives).")
@click.option("--id", "invoice_id", metavar="ID",
              help="The file's id in invoices/<freelancer>/ (default: from its number).")
@click.option("--mission", metavar="ID",
              help="The mission its lines bill, when the invoice does not say.")
@click.option("--force", is_flag=True, help="Overwrite an invoice already recorded there.")
@pass_state
def import_invoice(state: CliState, file: Path, freelancer: str | None,
                   invoice_id: str | None, mission: str | None, force: bool) -> None:
    """Record the Factur-X PDF or CII XML FILE: copy it into invoices/<freelancer>/, write
    the invoice file next to it, then check it. Nothing is written when FILE is not an
    invoice cfo can read."""
    from cfo_tools.documents.invoice_yaml import invoice_yaml
    from cfo_tools.loading.facturx_reading import MAX_FILE_BYTES, NotAnInvoice, read_invoice_file
    from cfo_tools.loading.regular_files import FileProblem, read_regular_file
    from cfo_tools.steering.invoice_import import ImportRefused, plan_import

    loaded = load_for_planning(state)
    content = read_regular_file(file, limit=MAX_FILE_BYTES)
    if isinstance(content, FileProblem):
        raise UsageProblem(f"{file}: {content.message}")
    try:
        reading = read_invoice_file(content, file.name)
        plan = plan_import(loaded.report.workspace, reading,
                           source_suffix=".pdf" if content.startswith(b"%PDF-") else ".xml",
                           freelancer=freelancer, invoice_id=invoice_id, mission=mission)
    except (NotAnInvoice, ImportRefused) as exc:
        raise UsageProblem(f"{exc}; nothing written") from None
    root = state.workspace()
    targets = [root / plan.source_file, root / plan.invoice_file]
    if not force:
        for target in targets:
            if target.exists() or target.is_symlink():
                raise UsageProblem(f"{target.relative_to(root).as_posix()} already exists; "
                                   "nothing written (--force to replace it, or --id to "
                                   "record it under another id)")
    write_file(targets[0], content, force=force)
    write_file(targets[1], invoice_yaml(plan.fields), force=force)
    click.echo(f"wrote {plan.source_file} and {plan.invoice_file}")
    for note in plan.notes:
        click.echo(f"note: {terminal_text(note)}")
    _report_findings(state, {plan.invoice_file, plan.source_file})


def _report_findings(state: CliState, files: set[str]) -> None:
    """The findings of ``cfo check`` about ``files``; exit 1 when one is an error."""
    from cfo_tools.checks.runner import run_checks
    from cfo_tools.reporters.text import format_finding

    report = run_checks(state.workspace(), today=state.today,
                        cache_folder=state.cache_folder())
    found = [f for f in report.findings if f.file in files]
    for finding in found:
        click.echo(format_finding(finding))
    if not found:
        click.echo("No problems found in the invoice.")
    if any(f.severity == "error" for f in found):
        raise SystemExit(1)


_LANG = click.option("--lang", type=click.Choice(["fr", "en"]),
                     help="Language of the report (default: company.yaml's locale).")


@click.command()
@click.option("--status", type=click.Choice(["received", "approved", "disputed", "paid"]),
              help="Only the invoices in this status.")
@click.option("--freelancer", metavar="ID", help="Only this freelancer's invoices.")
@click.option("--format", "output_format", type=click.Choice(["text", "json", "markdown"]),
              default="text", show_default=True)
@_LANG
@pass_state
def invoices(state: CliState, status: str | None, freelancer: str | None,
             output_format: str, lang: str | None) -> None:
    """The invoices to check, to pay (soonest due first, with the days left), late and
    disputed; then what was invoiced and paid per month billed."""
    from cfo_tools.cli.workspace_loading import freelancer_option_value
    from cfo_tools.reporters.invoices import INVOICES_FORMATS, InvoicesView
    from cfo_tools.steering.invoice_board import invoice_board

    loaded = load_for_planning(state, briefs=False, rules=False)
    freelancer_option_value(loaded, freelancer)
    board = invoice_board(loaded.report.workspace, today=state.today, status=status,
                          freelancer=freelancer)
    view = InvoicesView(board, report_words(state, loaded, lang))
    click.echo(INVOICES_FORMATS[output_format](view), nl=False)


@click.command()
@click.option("--by", type=click.Choice(["month", "freelancer", "mission"]), default="month",
              show_default=True, help="How to group the spend.")
@click.option("--format", "output_format", type=click.Choice(["text", "json", "markdown"]),
              default="text", show_default=True)
@_LANG
@pass_state
def spend(state: CliState, by: str, output_format: str, lang: str | None) -> None:
    """What the company spends on freelancers, excl. VAT: invoiced and paid (the invoices
    recorded), forecast (planned work not invoiced yet), and each group's share."""
    from cfo_tools.reporters.spend import SPEND_FORMATS, SpendView
    from cfo_tools.steering.spend import spend_report

    loaded = load_for_planning(state, briefs=False, rules=False)
    report = spend_report(loaded.report.workspace, loaded.calendar, today=state.today, by=by)
    view = SpendView(report, report_words(state, loaded, lang))
    click.echo(SPEND_FORMATS[output_format](view), nl=False)


@invoice.command("expected")
@click.argument("freelancer")
@click.option("--month", required=True, metavar="YYYY-MM", help="The month billed.")
@click.option("--lang", type=click.Choice(["fr", "en"]),
              help="Language of the document (default: company.yaml's locale).")
@click.option("--format", "fmt", type=click.Choice(["md", "html", "xml"]), default="md",
              show_default=True)
@click.option("-o", "--output", type=SafePath(dir_okay=False, path_type=Path),
              help="Write to this file (default: the standard output).")
@click.option("--force", is_flag=True, help="Replace an existing file.")
@pass_state
def expected_invoice(state: CliState, freelancer: str, month: str, lang: str | None, fmt: str,
                     output: Path | None, force: bool) -> None:
    """What FREELANCER's invoice for the month must contain, from the approved activity
    report and the purchase order: lines, amounts, VAT or exemption, order number, due date
    within the terms, and the mandatory mentions. --format xml gives it as a self-billed CII
    XML (Factur-X EN 16931), only when the company holds the freelancer's self-billing
    mandate."""
    from cfo_tools.cli.output import emit, template_failure
    from cfo_tools.cli.workspace_loading import load_for_documents
    from cfo_tools.documents.expected_invoice_document import expected_context, expected_xml
    from cfo_tools.documents.maker import DocumentMaker
    from cfo_tools.documents.templating import TemplateProblem
    from cfo_tools.steering import expected_invoice as expectation

    loaded = load_for_documents(state)
    workspace = loaded.report.workspace
    try:
        days, source = expectation.approved_month(workspace, freelancer, month)
        expected = expectation.expected_invoice(workspace, freelancer, month, days,
                                                source=source, today=state.today)
    except expectation.ExpectationRefused as exc:
        raise UsageProblem(str(exc)) from None
    if fmt == "xml":
        if not expected.self_billing:
            raise UsageProblem(
                f"no self-billing mandate from {freelancer}: the company may issue an invoice "
                "in a freelancer's name only under a mandate they signed (CGI art. 289 I-2); "
                f"record it in roster/{freelancer}.yaml documents as kind "
                f"'{expectation.SELF_BILLING_MANDATE}', or use --format md|html")
        emit(expected_xml(expected), output, force=force)
        return
    assert workspace.company is not None
    language = lang or workspace.company.locale
    maker = DocumentMaker(workspace, loaded.calendar_in(language), language, state.today,
                          calendars=loaded.calendar_in)
    try:
        text = maker.render("invoice-expected", fmt,
                            document_name=f"the expected invoice of {freelancer} for {month}",
                            data_files=(expected.freelancer.file,),
                            invoice=expected_context(expected))
    except TemplateProblem as exc:
        template_failure(exc)
        raise  # template_failure exits
    emit(text, output, force=force)

"""A pattern written ``^...$`` and tried with ``match`` lets a text ending in a newline
through (``$`` also matches before a last newline): every such check tries the whole text."""

from __future__ import annotations

from decimal import Decimal

import pytest
import yaml

from cfo_tools.documents.invoice_yaml import invoice_yaml
from cfo_tools.documents.scaffolding import scalar, valid_id
from cfo_tools.model.building import impossible_dates
from cfo_tools.site.forge_links import github_blob_base

COMMIT = "0123456789abcdef0123456789abcdef01234567"


@pytest.mark.parametrize("text", ["ada", "web-dev-2"])
def test_an_id_with_a_last_newline_is_no_id(text):
    assert valid_id(text) and not valid_id(text + "\n")


def test_a_date_with_a_last_newline_is_written_quoted():
    assert scalar("2026-11-27") == "2026-11-27"
    assert yaml.safe_load(f"k: {scalar('2026-11-27' + chr(10))}") == {"k": "2026-11-27\n"}


def test_an_impossible_date_shape_with_a_last_newline_is_not_taken_for_a_date():
    assert impossible_dates({"day": "2026-02-30"}) != []
    assert impossible_dates({"day": "2026-02-30\n"}) == []  # not shaped as a date at all


def test_a_commit_with_a_last_newline_makes_no_link():
    remote = "https://github.com/acme/ws.git"
    assert github_blob_base(remote, COMMIT) is not None
    assert github_blob_base(remote, COMMIT + "\n") is None


@pytest.mark.parametrize("field", ["period", "status", "mission"])
def test_an_invoice_text_with_a_last_newline_reads_back_whole(field):
    text = yaml.safe_load(invoice_yaml({field: "2026-11\n", "amount": Decimal("1")}))
    assert text[field] == "2026-11\n"


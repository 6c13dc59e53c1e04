"""The company's key as the subjects of ``cfo check`` read it: the fields they read, not the
file's bytes.

Every subject's workspace holds the company (``checks/subjects.py``), so a key made of the
company file's bytes would make every subject's results stale on a comment or a change of
its name or pitch, and check the whole workspace again (9.7 s on 22,000 files). The rules
and the subjects' checks read only the company's model (``model/records.py``: no line, no
comment in it), and of it only :data:`READ_BY_CHECKS` (a test runs every check on a company
that records what is read): those fields' pickle keys what they read. Two equal pickles are
equal values, whatever the file's layout; a pickle that differs for equal values (another
sharing of objects) only checks the subjects again. The findings the subjects put on the
company's file carry lines, which a comment moves: those are looked up again on each run
(``ReportState.update``'s ``moved``).
"""

from __future__ import annotations

import hashlib
import pickle

from cfo_tools.model.records import Company

#: The company's fields that the cross-file rules, conflicts, follow-up and paperwork rules
#: read (the others: its name, pitch, address, culture, values, tools, contacts, extra).
READ_BY_CHECKS = ("file", "country", "subdivision", "locale", "currency", "working_days",
                  "closures", "team", "requirements", "vocabulary", "legal", "payment_terms",
                  "example_pitch")

#: The company's fields its working calendar is made of (``WorkingCalendar.for_company``).
READ_BY_CALENDAR = ("country", "subdivision", "locale", "working_days", "closures")

#: Told apart from any document key (a BLAKE2b digest of a file's bytes and context).
_PREFIX = b"company-data\0"


def company_data_key(company: Company, context: bytes,
                     fields: tuple[str, ...] = READ_BY_CHECKS) -> bytes:
    """The key of what is read of ``company`` (its ``fields``: by default what the checks
    read), built under the cache's ``context`` (the schemas, the tool's and libraries'
    versions: ``loading/document_cache.py``)."""
    digest = hashlib.blake2b(_PREFIX + context, digest_size=32)
    digest.update(repr(fields).encode())
    read = tuple(getattr(company, name) for name in fields)
    digest.update(pickle.dumps(read, protocol=pickle.HIGHEST_PROTOCOL))
    return digest.digest()

"""The company's key as the subjects of ``cfo check`` read it: its data, not its bytes.

Every subject's workspace holds the company (``checks/subjects.py``), so a key made of the
company file's bytes would make every subject's results stale on a comment or a change of a
field no rule reads, and check the whole workspace again (9.7 s on 22,000 files). The rules
and the subjects' checks read only the company's model (``model/records.py``: no line, no
comment in it), so the model's pickle keys what they read: two equal pickles are two equal
models, whatever the file's layout. A pickle that differs for equal models (another sharing
of objects) only checks the subjects again. The findings the subjects put on the company's
file carry lines, which a comment moves: those are looked up again on each run that changes
the file (``ReportState.update``'s ``moved``).
"""

from __future__ import annotations

import hashlib
import pickle

from cfo_tools.model.records import Company

#: Told apart from any document key (a BLAKE2b digest of the file's bytes and context).
_PREFIX = b"company-data\0"


def company_data_key(company: Company, context: bytes) -> bytes:
    """The key of what ``company`` holds, built under the cache's ``context`` (the schemas,
    the tool's and libraries' versions: ``loading/document_cache.py``); the subjects' keys
    name the company's file beside it."""
    digest = hashlib.blake2b(_PREFIX + context, digest_size=32)
    digest.update(pickle.dumps(company, protocol=pickle.HIGHEST_PROTOCOL))
    return digest.digest()

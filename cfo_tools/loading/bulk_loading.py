"""The garbage collector kept out of the way while a workspace is loaded.

Loading builds hundreds of thousands of objects (documents, records, findings) and frees almost
none: every collection the allocations trigger walks them all again for nothing, which cost
half of ``cfo check`` on 22,000 files. The collector is paused during the load, and what was
loaded is then moved out of its reach (``gc.freeze``), so that the checks that follow do not
walk it either. Freezing is for a short process only (the command line sets
:data:`FREEZE_AFTER_LOAD`): a frozen cycle is never collected, which a long-lived process
loading workspace after workspace (the test suite, a server) must not pile up.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

#: Set by the command line, whose process ends with the command.
FREEZE_AFTER_LOAD = False


@contextmanager
def bulk_loading() -> Iterator[None]:
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()
    if FREEZE_AFTER_LOAD:
        gc.freeze()

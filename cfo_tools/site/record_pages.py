"""Where each record has its page in the site (paths relative to the site's root)."""

from __future__ import annotations

from cfo_tools.model.records import Workspace


def mission_page(mission_id: str) -> str:
    return f"missions/{mission_id}.html"


def freelancer_page(freelancer_id: str) -> str:
    return f"freelancers/{freelancer_id}.html"


def pages_of_files(workspace: Workspace) -> dict[str, str]:
    """Workspace file -> the page showing its record, for every record the site shows."""
    pages = {workspace.mission_files[m]: mission_page(m) for m in workspace.missions
             if m in workspace.mission_files}
    pages.update({workspace.freelancer_files[f]: freelancer_page(f)
                  for f in workspace.freelancers if f in workspace.freelancer_files})
    return pages

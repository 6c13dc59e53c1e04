"""cfo diff's checkout of a revision reads the workspace's memos per subject and never
writes them (issue 16): the subjects whose files a change left alone answer from there, with
the findings `--no-cache` gives."""

from __future__ import annotations

from pathlib import Path

import pytest
import test_diff
from test_diff import diff, edit

from cfo_tools.checks.subject_memo import SubjectMemo
from cfo_tools.checks.subjects import Subject
from cfo_tools.loading.document_cache import DocumentCache
from cfo_tools.loading.schemas import load_schemas

repo = test_diff.repo  # the fixture: the example workspace committed on main

#: What pull requests change: a rate, dates that double-book, a broken file, the company's
#: working days.
CHANGES = {
    "rate": ("roster/hugo-lambert.yaml", "daily_rate: 450", "daily_rate: 200"),
    "double booking": ("missions/design-system-banque-regionale.yaml", "start: 2027-01-04",
                       "start: 2026-11-02"),
    "broken": ("roster/alice-martin.yaml", "daily_rate:", "daily_rate: [\n"),
    "company": ("company.yaml", "working_days: [monday,", "working_days: [saturday, monday,"),
}


def _no_cache_diff(run_cfo, root: Path, output: str):
    return run_cfo("-C", str(root), "--no-cache", "--today", "2026-11-26", "diff", "--lang",
                   "en", "HEAD", "--format", output)


@pytest.mark.parametrize("change", [*CHANGES, "removed"])
def test_a_warm_diff_says_what_no_cache_says(repo, run_cfo, change):
    if change == "removed":
        (repo / "missions/design-system-banque-regionale.yaml").unlink()
    else:
        edit(repo / CHANGES[change][0], *CHANGES[change][1:])
    # What CI does: the head checked first (its memos filled), then the diff.
    run_cfo("-C", str(repo), "--today", "2026-11-26", "check")
    for output in ("json", "text"):
        warm = diff(run_cfo, repo, "HEAD", "--format", output)
        cold = _no_cache_diff(run_cfo, repo, output)
        assert (warm.exit_code, warm.stdout) == (cold.exit_code, cold.stdout)



def test_the_revision_is_answered_from_the_workspace_memo(repo, run_cfo, monkeypatch):
    edit(repo / "roster/hugo-lambert.yaml", "daily_rate: 450", "daily_rate: 200")
    run_cfo("-C", str(repo), "--today", "2026-11-26", "check")
    memos: list[SubjectMemo] = []
    opened = SubjectMemo.open

    def recorded(*args, **kwargs):
        memo = opened(*args, **kwargs)
        memos.append(memo)
        return memo

    monkeypatch.setattr(SubjectMemo, "open", recorded)
    assert diff(run_cfo, repo, "HEAD").exit_code == 0
    read_only = [memo for memo in memos if memo._read_only]
    assert read_only, "the revision's run opened no memo"
    assert sum(memo.hits for memo in read_only) > 0


def _subject(file: str) -> Subject:
    def build() -> None:
        raise AssertionError("not built")

    return Subject("mission", "a", [file], build)  # type: ignore[arg-type]


def test_a_read_only_memo_is_never_written(tmp_path):
    root = Path(__file__).resolve().parents[1]
    cache = DocumentCache.open(tmp_path / "cache", load_schemas(root).validators)
    keys = {"missions/a.yaml": b"k" * 32}
    subject = _subject("missions/a.yaml")
    writer = SubjectMemo.open(cache, tmp_path / "ws", keys)
    kept = writer.key("conflicts", subject)
    writer.learn(kept, ["kept"])
    writer.save()
    reader = SubjectMemo.open(cache, tmp_path / "ws", keys, read_only=True)
    assert reader.stored(kept) == ["kept"]
    other = reader.key("follow-up", subject)
    reader.learn(other, ["other"])
    reader.save()
    reader.learn_beside(lambda memo: memo.learn(other, ["other"]) or memo.save())
    again = SubjectMemo.open(cache, tmp_path / "ws", keys)
    assert again.stored(kept) == ["kept"]
    assert again.stored(other) is None


def test_only_files_whose_keys_differ_are_read_again(tmp_path, monkeypatch):
    from cfo_tools.history import touched_files as touched
    from cfo_tools.model.records import Workspace

    sides = []
    for name in ("base", "head"):
        root = tmp_path / name
        (root / "missions").mkdir(parents=True)
        for mission in ("a", "b", "c"):
            (root / f"missions/{mission}.yaml").write_text(f"title: {mission}\n")
        workspace = Workspace(root=root, company=None)
        workspace.mission_files.update({m: f"missions/{m}.yaml" for m in ("a", "b", "c")})
        sides.append(workspace)
    (tmp_path / "head/missions/b.yaml").write_text("title: B\n")
    read: list[str] = []
    content = touched._content

    def counted(root: Path, file: str) -> bytes | None:
        read.append(file)
        return content(root, file)

    monkeypatch.setattr(touched, "_content", counted)
    same = {f"missions/{m}.yaml": m.encode() * 32 for m in ("a", "b", "c")}
    # b's key differs (its content did); c's differs too (another schema, say) but its bytes
    # are the same: not touched.
    other = {**same, "missions/b.yaml": b"x" * 32, "missions/c.yaml": b"y" * 32}
    assert touched.touched_files(sides[0], sides[1], (same, other)) == {"missions/b.yaml"}
    assert sorted(read) == ["missions/b.yaml"] * 2 + ["missions/c.yaml"] * 2
    read.clear()
    assert touched.touched_files(sides[0], sides[1]) == {"missions/b.yaml"}
    assert len(read) == 6


def test_the_paperwork_a_change_records_is_touched(tmp_path):
    from cfo_tools.history.touched_files import touched_files
    from cfo_tools.model.records import Workspace

    files = {"invoices/ada/f-1.yaml": "amount: 1\n", "activity/2026-10/ada.yaml": "month: x\n",
             "candidates/bob.yaml": "name: Bob\n"}
    sides = []
    for name in ("base", "head"):
        root = tmp_path / name
        for file, text in files.items():
            (root / file).parent.mkdir(parents=True, exist_ok=True)
            (root / file).write_text(text)
        workspace = Workspace(root=root, company=None)
        workspace.invoice_files["ada/f-1"] = "invoices/ada/f-1.yaml"
        workspace.activity_files["2026-10/ada"] = "activity/2026-10/ada.yaml"
        workspace.candidate_files["bob"] = "candidates/bob.yaml"
        sides.append(workspace)
    for file in files:
        (tmp_path / "head" / file).write_text(files[file] + "# changed\n")
    assert touched_files(*sides) == set(files)

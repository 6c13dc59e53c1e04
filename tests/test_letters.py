"""Correction requests and acceptance notes do their job (issue 14)."""

from __future__ import annotations

from conftest import freelancer_yaml, mission_yaml

TODAY = "2026-11-26"


def letters_workspace(workspace):
    text = mission_yaml("2026-11-16", "2027-01-29", ("ada", 100), status="in-progress")
    text += ("deliverables:\n"
             "  - {id: v1, title: Maquettes, due: 2026-12-18, status: changes-requested, "
             "feedback: Contraste insuffisant}\n"
             "  - {id: v0, title: Audit, due: 2026-11-13, status: changes-requested, "
             "feedback: Trop court}\n")
    return workspace({"roster/ada.yaml": freelancer_yaml(), "missions/m.yaml": text})


def letter(run_cfo, root, *args):
    return run_cfo("-C", str(root), "--today", TODAY, "request-changes", "m", *args)


def test_a_new_due_date_before_the_original_one_is_refused_with_the_reason(workspace,
                                                                           run_cfo):
    root = letters_workspace(workspace)
    result = letter(run_cfo, root, "v1", "--due", "2026-12-10")
    assert result.exit_code == 2
    assert "before the original one (2026-12-18)" in result.stderr
    assert "--allow-earlier" in result.stderr
    assert result.stdout == ""


def test_a_new_due_date_in_the_past_is_refused(workspace, run_cfo):
    root = letters_workspace(workspace)
    result = letter(run_cfo, root, "v0", "--due", "2026-11-20")
    assert result.exit_code == 2
    assert "already past (today is 2026-11-26)" in result.stderr


def test_allow_earlier_lets_it_through(workspace, run_cfo):
    root = letters_workspace(workspace)
    result = letter(run_cfo, root, "v1", "--due", "2026-12-10", "--allow-earlier")
    assert result.exit_code == 0, result.output
    assert "jeudi 10 décembre 2026" in result.stdout


def test_a_later_due_date_needs_no_flag(workspace, run_cfo):
    root = letters_workspace(workspace)
    result = letter(run_cfo, root, "v1", "--due", "2027-01-08")
    assert result.exit_code == 0, result.output
    assert "vendredi 8 janvier 2027" in result.stdout


def test_the_default_never_shortens_the_original_time(workspace, run_cfo):
    root = letters_workspace(workspace)
    later = letter(run_cfo, root, "v1")  # five working days from today is 3 December
    assert later.exit_code == 0, later.output
    assert "**Nouvelle échéance** | **vendredi 18 décembre 2026**" in later.stdout
    late = letter(run_cfo, root, "v0")  # the original due date is past: five working days
    assert late.exit_code == 0, late.output
    assert "**jeudi 3 décembre 2026**" in late.stdout


def test_the_acceptance_note_names_the_purchase_order_and_the_amount(run_cfo):
    from conftest import REPO

    result = run_cfo("-C", str(REPO), "--today", TODAY, "acceptance",
                     "application-mobile-velo-partage", "beta-testeurs", "--freelancer",
                     "david-nguyen")
    assert result.exit_code == 0, result.output
    text = result.stdout.replace("\u202f", " ").replace("\xa0", " ")
    assert "| Bon de commande | n° BC-2026-031 — 28 août 2026 |" in text
    # No amount on the order: the assignment's amount (74 days x 580.00).
    assert "**42 920,00 €**" in text
    assert text.index("Votre partie") < text.index("Bonjour David Nguyen")


def test_a_letter_to_the_whole_team_names_no_order_nor_amount(run_cfo):
    from conftest import REPO

    result = run_cfo("-C", str(REPO), "--today", TODAY, "acceptance",
                     "application-mobile-velo-partage", "beta-testeurs")
    assert result.exit_code == 0, result.output
    assert "BC-2026-031" not in result.stdout and "€" not in result.stdout
    assert "Votre partie" not in result.stdout


def test_the_build_index_groups_documents_by_mission(run_cfo, tmp_path):
    from conftest import REPO

    out = tmp_path / "build"
    result = run_cfo("-C", str(REPO), "--today", TODAY, "build", "-o", str(out))
    assert result.exit_code == 0, result.output
    index = (out / "index.md").read_text(encoding="utf-8").replace("\u202f", " ")
    section = index.split("## Design system et refonte de la banque en ligne\n", 1)[1]
    section = section.split("\n## ", 1)[0]
    assert "Banque Populaire des Alpes du Sud — du 4 janvier 2027 au 30 juin 2027" in section
    assert "équipe constituée" in section
    assert ("- [Alice Martin — Brief personnel]"
            "(missions/design-system-banque-regionale/alice-martin.md)") in section
    assert "- [Brief général](missions/design-system-banque-regionale/brief.md)" in section

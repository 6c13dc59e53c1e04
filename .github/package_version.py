"""Print cfo_tools.__version__ without importing the package (nothing installed yet).

Used by the release workflow (the tag must say the same) and by action.yml (the version the
action installs by default is its own)."""

import ast
import pathlib

source = pathlib.Path(__file__).resolve().parent.parent / "cfo_tools" / "__init__.py"
for node in ast.parse(source.read_text(encoding="utf-8")).body:
    if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "__version__":
        print(ast.literal_eval(node.value))
        break
else:
    raise SystemExit(f"no __version__ in {source}")

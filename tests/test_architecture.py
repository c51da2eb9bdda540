"""The shape of the code, as docs/architecture.md describes it.

The layers themselves, the absence of import cycles and what models may import are
import-linter contracts (.importlinter), which `make test` checks with `lint-imports`; this
file checks them too, so that a plain `pytest` run does, and adds what import-linter does not
see: private names taken from other packages, the size of modules, and the workspace shell.
"""
import ast
import io
import subprocess
import sys
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "eventapp"

# Data, not logic: the demo's texts and people.
SIZE_EXEMPT = {"eventapp/demo/data.py"}
MAX_LINES_OF_CODE = 400
WORKSPACE_MAX_MODULES = 8
WORKSPACE_MAX_LINES_OF_CODE = 1200


def modules():
    return sorted(PACKAGE.rglob("*.py"))


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def lines_of_code(path: Path) -> int:
    """Lines holding code: neither blank, nor comments, nor docstrings."""
    source = path.read_text()
    docstring_lines = set()
    for node in ast.walk(ast.parse(source)):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
            docstring_lines.update(range(body[0].lineno, body[0].end_lineno + 1))
    code_lines = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type in (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT,
                          tokenize.DEDENT, tokenize.ENDMARKER):
            continue
        code_lines.update(range(token.start[0], token.end[0] + 1))
    return len(code_lines - docstring_lines)


def top_package(module: str) -> str:
    return ".".join(module.split(".")[:2])


def test_the_import_contracts_are_kept():
    result = subprocess.run(
        [str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_module_takes_a_private_name_from_another_package():
    found = []
    for path in modules():
        importer = module_name(path)
        for node in ast.walk(ast.parse(path.read_text())):
            if not (isinstance(node, ast.ImportFrom) and node.module
                    and node.module.startswith("eventapp")):
                continue
            if top_package(node.module) == top_package(importer):
                continue
            for alias in node.names:
                if alias.name.startswith("_") and not alias.name.startswith("__"):
                    found.append(f"{importer} takes {alias.name} from {node.module}")
    assert not found, "\n".join(found)


def test_no_module_is_over_400_lines_of_code():
    too_long = {
        str(path.relative_to(ROOT)): lines_of_code(path)
        for path in modules()
        if str(path.relative_to(ROOT)) not in SIZE_EXEMPT
    }
    too_long = {name: n for name, n in too_long.items() if n > MAX_LINES_OF_CODE}
    assert not too_long, too_long


def test_the_workspace_is_only_the_shell():
    shell = sorted((PACKAGE / "workspace").glob("*.py"))
    assert len(shell) <= WORKSPACE_MAX_MODULES, [p.name for p in shell]
    assert sum(lines_of_code(p) for p in shell) <= WORKSPACE_MAX_LINES_OF_CODE
    for path in shell:
        tree = ast.parse(path.read_text())
        classes = [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]
        for cls in classes:
            bases = {ast.unparse(b) for b in cls.bases}
            assert not bases & {"db.Model", "FlaskForm", "Form"}, (
                f"{path.name}: {cls.name} is a model or a form: it belongs to its capability"
            )


def test_lines_of_code_leave_out_docstrings_comments_and_blank_lines(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('"""Doc\nstring."""\n# comment\n\nx = 1  # note\n\n\ndef f():\n    """Doc."""\n    return (\n        x\n    )\n')
    assert lines_of_code(sample) == 5

"""README's "Python API" examples are run, in order, in an empty folder; a comment line of its
own (`# ...`) in a block is output that block must print."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

README = Path(__file__).parents[1] / "README.md"


def python_blocks() -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", README.read_text("utf-8"), flags=re.S | re.M)


def expected_output(block: str) -> list[str]:
    return [ln[2:] for ln in block.splitlines() if ln.startswith("# ")]


def test_readme_has_python_api_examples():
    text = README.read_text("utf-8")
    assert "## Python API" in text
    blocks = python_blocks()
    assert len(blocks) >= 3
    assert "from tradewire import Extractor, ingest, open_store" in blocks[0]


@pytest.mark.slow
def test_readme_python_blocks_run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    namespace: dict = {"__name__": "readme"}
    for i, block in enumerate(python_blocks()):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(block, f"README.md python block {i + 1}", "exec"), namespace)  # noqa: S102
        assert out.getvalue().splitlines() == expected_output(block), f"block {i + 1} printed otherwise"


def readme_commands() -> list[list[str]]:
    """Every `.venv/bin/tradewire ...` command line of README, as arguments; `[--opt x]` optional
    parts are kept (those with a `...` placeholder dropped) and `a|b` choices give the first one."""
    import shlex

    out = []
    for line in README.read_text("utf-8").splitlines():
        for m in re.finditer(r"\.venv/bin/tradewire ([^#`|\n]*(?:\|[a-z]+[^#`|\n]*)*)", line):
            cmd = re.sub(r"\[[^\]]*\.\.\.[^\]]*\]", "", m.group(1))
            cmd = re.sub(r"[\[\]]", "", cmd)
            cmd = re.sub(r"\b([a-z]+)(\|[a-z]+)+\b", r"\1", cmd)
            args = shlex.split(cmd.split(" | ")[0])
            if args:
                out.append(args)
    return out


def test_readme_commands_parse_with_the_current_cli():
    import typer

    from tradewire.cli import app

    group = typer.main.get_command(app)
    commands = readme_commands()
    assert len(commands) >= 20
    for args in commands:
        try:
            ctx = group.make_context("tradewire", list(args))
            name, sub, rest = group.resolve_command(ctx, list(getattr(ctx, "_protected_args", [])) + ctx.args)
            sub.make_context(name, rest, parent=ctx)
        except typer.Exit:  # --version / --help: parsed, and would exit 0
            continue
        except Exception as exc:
            raise AssertionError(f"README command `tradewire {' '.join(args)}` does not parse: {exc}") from None

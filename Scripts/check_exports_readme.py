#!/usr/bin/env python3
"""Runs the Python snippets of Exports/README.md against the files in Exports/, so the page's
examples stay true: every ```python block is executed from the repository root. Blocks that
import a module that is not installed (igraph, say) are reported as skipped.

    python3 Scripts/check_exports_readme.py      # exit 0: every block that could run ran
"""
import importlib.util
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main() -> int:
    os.chdir(ROOT)
    text = open("Exports/README.md", encoding="utf-8").read()
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    if not blocks:
        print("no python blocks in Exports/README.md", file=sys.stderr)
        return 1
    failures = 0
    for number, code in enumerate(blocks, 1):
        modules = re.findall(r"^import ([\w.]+)|^from ([\w.]+) import", code, re.M)
        missing = [name for pair in modules for name in pair if name and importlib.util.find_spec(name.split(".")[0]) is None]
        if missing:
            print(f"block {number}: skipped ({', '.join(missing)} not installed)")
            continue
        try:
            exec(compile(code, f"Exports/README.md python block {number}", "exec"), {})
            print(f"block {number}: ok")
        except Exception as error:  # report every block, not just the first failure
            failures += 1
            print(f"block {number}: FAILED: {type(error).__name__}: {error}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

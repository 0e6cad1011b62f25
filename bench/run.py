"""Run the benchmarks and write bench/RESULTS.md.

    .venv/bin/python bench/run.py            # all of them
    .venv/bin/python bench/run.py startup    # only those whose name contains "startup"

Each bench_*.py module here has NAME, TITLE and run() -> list[dict] with keys
metric, value, unit, baseline (or None), ratio (or None), target (text) and ok (bool or None).
Targets are ratios against a baseline measured in the same run, because this machine is
noisy; absolute figures are reported beside them for context. Each module's section of
RESULTS.md is replaced on its own, so running one benchmark keeps the others' results.
"""
from __future__ import annotations

import datetime as dt
import importlib.util
import os
import platform
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "RESULTS.md"
OUT = HERE / "out"  # generated databases and PDFs, git-ignored


def _load(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _fmt(v) -> str:
    if v is None:
        return "—"
    if isinstance(v, float):
        return f"{v:.3g}" if abs(v) < 100 else f"{v:.0f}"
    return str(v)


def _section(module, rows: list[dict], seconds: float) -> str:
    when = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    lines = [
        f"<!-- bench:{module.NAME} -->",
        f"## {module.TITLE}",
        "",
        f"Run {when} on {platform.node()} ({os.cpu_count()} cores, Python {platform.python_version()}), "
        f"{seconds:.0f} s. Command: `.venv/bin/python bench/run.py {module.NAME}`",
        "",
        "| metric | value | unit | baseline | ratio | target | met |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        ok = {True: "yes", False: "**no**", None: "—"}[r.get("ok")]
        lines.append(
            f"| {r['metric']} | {_fmt(r['value'])} | {r.get('unit', '')} | {_fmt(r.get('baseline'))} | "
            f"{_fmt(r.get('ratio'))} | {r.get('target', '')} | {ok} |"
        )
    notes = getattr(module, "NOTES", "")
    if notes:
        lines += ["", notes.strip()]
    lines.append(f"<!-- /bench:{module.NAME} -->")
    return "\n".join(lines)


def _write(name: str, section: str) -> None:
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n\nWritten by `bench/run.py`; see bench/README.md.\n"
    pattern = re.compile(rf"<!-- bench:{re.escape(name)} -->.*?<!-- /bench:{re.escape(name)} -->", re.S)
    if pattern.search(text):
        text = pattern.sub(lambda _m: section, text)
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    RESULTS.write_text(text, encoding="utf-8")


def main(argv: list[str]) -> int:
    import time

    OUT.mkdir(exist_ok=True)
    wanted = argv[1:]
    failed = 0
    for path in sorted(HERE.glob("bench_*.py")):
        module = _load(path)
        if wanted and not any(w in module.NAME for w in wanted):
            continue
        print(f"== {module.TITLE}", flush=True)
        start = time.perf_counter()
        rows = module.run()
        seconds = time.perf_counter() - start
        for r in rows:
            print(f"  {r['metric']}: {_fmt(r['value'])} {r.get('unit', '')}  ratio={_fmt(r.get('ratio'))}  target={r.get('target', '')}  ok={r.get('ok')}")
            failed += r.get("ok") is False
        _write(module.NAME, _section(module, rows, seconds))
    print(f"results in {RESULTS}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

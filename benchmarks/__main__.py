"""Measure what users wait for, and write benchmarks/RESULTS.md.

    python -m benchmarks              # the full run (about half an hour on an idle 2-core machine)
    python -m benchmarks --no-suite   # all but the test suite's time by part
    python -m benchmarks --quick      # a small smoke run (what the tests run, so this cannot rot)

nbgrader, the peer grading is measured against, goes in a venv of its own:
    python3 -m venv .venv-bench && .venv-bench/bin/pip install -e ".[test,bench]"
    .venv-bench/bin/python -m benchmarks

Medians over interleaved rounds; ratios are taken within the same run.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import peers, records
from .suite import bench_tests

ROOT = Path(__file__).resolve().parents[1]
CASE_DIR = ROOT / "casefiles" / "kurdistan-2017"
os.environ.setdefault("MPLBACKEND", "Agg")


def median_time(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


# --- 1. grading at class size -------------------------------------------------------------------

SETTINGS = {"default": None, "all": "all"}  # what the exercises offer: the casefile's choice, or everything


def _cli_grade(folder: Path, out: Path) -> tuple[float, float]:
    """`casekit grade` on a folder, in this process (stdout and stderr silenced): wall and CPU seconds."""
    from casekit import load_case
    from casekit.cli import main

    # each run builds the question banks again, as a `casekit grade` process does (a loaded case keeps
    # them, so without this only the first round would pay for them)
    load_case(CASE_DIR).derived.clear()
    devnull = open(os.devnull, "w")
    stdout, stderr = sys.stdout, sys.stderr
    sys.stdout = sys.stderr = devnull
    try:
        wall, cpu = time.perf_counter(), time.process_time()
        code = main(["grade", str(folder), "--case", str(CASE_DIR), "--out", str(out)])
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    finally:
        sys.stdout, sys.stderr = stdout, stderr
        devnull.close()
    if code != 0:
        raise RuntimeError(f"casekit grade rejected records the widgets wrote (exit {code}) in {folder}")
    return wall, cpu


def _agreement(nbgrader_scores: dict, gradebook: Path) -> dict:
    """Question by question, does nbgrader's result (test cell passed) match `casekit grade`'s final
    mark for the same submission? (Submission student-00007 is the class's Student 00007.)"""
    import csv

    with gradebook.open(encoding="utf-8", newline="") as f:
        rows = {row["student"]: row for row in csv.DictReader(f)}
    compared, differ = 0, []
    for submission, passed in sorted(nbgrader_scores.items()):
        row = rows[f"Student {submission.rsplit('-', 1)[1]}"]
        for qid, ok in passed.items():
            compared += 1
            if (row.get(f"{qid}: final") == "1") != ok:
                differ.append(f"{submission} {qid}")
    return {"submissions": len(nbgrader_scores), "compared": compared, "differ": differ[:10], "n_differ": len(differ)}


def bench_grading(sizes: tuple[int, ...], rounds: int, nbgrader_batch: int, templates: int,
                  all_questions: bool) -> dict:
    """`casekit grade` on classes of records written by the widgets, at each size and setting, against
    `nbgrader autograde` on the equivalent assignment (one autograded cell per offered marked question):
    a batch of submissions and one submission alone. Rounds are interleaved: each round measures every
    size, setting and grader once, so that the machine's drift falls on all of them alike."""
    from casekit import load_case
    from casekit.questions import EXERCISES, exercise_questions

    from . import records

    case = load_case(CASE_DIR)
    bank = sum(1 for ex in EXERCISES for q in exercise_questions(case, ex) if not q.is_open)
    settings = SETTINGS if all_questions else {"default": None}
    out: dict = {"bank_marked": bank, "rounds": rounds, "sizes": list(sizes), "settings": {}}
    nbgrader = peers.nbgrader_available()
    if not nbgrader:
        out["nbgrader_skipped"] = 'nbgrader is not installed (pip install -e ".[bench]" in its own venv)'
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        classes = {}
        for name, session in settings.items():
            recorded = records.templates(session, templates)
            per_record = [records.offered_marked(r) for r in recorded]
            classes[name] = {n: tmp / name / str(n) for n in sizes}
            for n, folder in classes[name].items():
                records.write_class(folder, n, recorded)
            out["settings"][name] = {
                "templates": len(recorded),
                "answered_marked": statistics.mean(sum(len(v) for v in a.values()) for a in per_record),
                "attempts": statistics.mean(sum(len(sec["attempts"]) for sec in r["exercises"].values())
                                            for r in recorded),
                "offered_marked": len(peers.offered_marked_questions(case, session)),
                "agreement": None,
                "casekit": {n: {"wall": [], "cpu": []} for n in sizes},
                "nbgrader": {"batch": [], "alone": []}}
            if nbgrader:
                out["settings"][name]["course"] = peers.prepare_nbgrader(tmp / f"course-{name}", case, recorded, session)
        _cli_grade(classes["default"][sizes[0]], tmp / "warm-up.csv")  # imports and the casefile's first load
        for r in range(rounds):
            for name in settings:
                row = out["settings"][name]
                for n in sizes:
                    wall, cpu = _cli_grade(classes[name][n], tmp / f"gradebook-{name}-{n}.csv")
                    row["casekit"][n]["wall"].append(wall)
                    row["casekit"][n]["cpu"].append(cpu)
                course = row.get("course")
                if course and (name == "default" or r == 0):  # all questions: one submission, once (a minute)
                    if name == "default":
                        scores: dict = {}
                        row["nbgrader"]["batch"].append(
                            peers.autograde(course, nbgrader_batch, f"r{r}b", scores if r == 0 else None) / nbgrader_batch)
                        if r == 0:
                            row["agreement"] = _agreement(scores, tmp / f"gradebook-{name}-{min(sizes)}.csv")
                    row["nbgrader"]["alone"].append(peers.autograde(course, 1, f"r{r}a"))
            print(f"grading: round {r + 1} of {rounds} done", file=sys.stderr)
        for row in out["settings"].values():
            row.pop("course", None)
            for m in row["casekit"].values():
                m["wall_s"], m["cpu_s"] = statistics.median(m.pop("wall")), statistics.median(m.pop("cpu"))
            nb = row["nbgrader"]
            row["nbgrader"] = {"batch": nbgrader_batch if nb["batch"] else 0,
                               "per_submission_in_batch_s": statistics.median(nb["batch"]) if nb["batch"] else None,
                               "alone_s": statistics.median(nb["alone"]) if nb["alone"] else None}
    return out


# --- 2. notebook Run All -----------------------------------------------------------------------

def run_notebook(path: Path) -> float:
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    env_dir = tempfile.mkdtemp()
    os.environ["CASEKIT_ANSWERS_DIR"] = env_dir
    t = time.perf_counter()
    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    elapsed = time.perf_counter() - t
    shutil.rmtree(env_dir, ignore_errors=True)
    return elapsed


FIGURE_MARKERS = ("plots.", "alliance_exercise(")  # a notebook that draws figures (the alliance builder draws one)
MATPLOTLIB_YARDSTICK = ("import io\nfrom matplotlib.figure import Figure\n\n"
                        "fig = Figure(figsize=(4, 3))\nax = fig.add_subplot()\nax.plot([0, 1], [0, 1], marker='o')\n"
                        "ax.set_title('one small figure')\nfig.savefig(io.BytesIO(), format='png')")


def is_figure_notebook(path: Path) -> bool:
    import nbformat

    nb = nbformat.read(path, as_version=4)
    return any(m in c.source for c in nb.cells if c.cell_type == "code" for m in FIGURE_MARKERS)


def bench_notebooks(repeat: int, only: int = 0) -> dict:
    """Each notebook's Run All, paired in each round with the two yardsticks run just before it (so
    that the machine's drift over the minutes of a run does not fall on one side of a ratio): an
    empty notebook, and an empty notebook that imports matplotlib and draws one small figure, the
    cost any matplotlib lesson pays. A figure notebook is measured against the second, any other
    against the first. Ratios are the medians of the paired ratios; their range is reported too."""
    import nbformat

    paths = [p for folder in ("notebooks", "exercises", "solutions") for p in sorted((ROOT / folder).glob("*.ipynb"))]
    if only:
        paths = paths[:only]
    out = {"notebooks": {}}
    empties: list[float] = []
    sticks: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        empty = Path(tmp) / "empty.ipynb"
        nb = nbformat.v4.new_notebook()
        nb.cells.append(nbformat.v4.new_code_cell("pass"))
        nbformat.write(nb, empty)
        yardstick = Path(tmp) / "matplotlib_one_figure.ipynb"
        nb = nbformat.v4.new_notebook()
        nb.cells.append(nbformat.v4.new_code_cell(MATPLOTLIB_YARDSTICK))
        nbformat.write(nb, yardstick)
        run_notebook(empty)  # warm-up: the first kernel of a run starts cold
        run_notebook(yardstick)  # and matplotlib's font cache is built once
        for p in paths:
            figures = is_figure_notebook(p)
            rounds = [(run_notebook(empty), run_notebook(yardstick), run_notebook(p)) for _ in range(repeat)]
            empties += [e for e, _, _ in rounds]
            sticks += [y for _, y, _ in rounds]
            ratios = [t / (y if figures else e) for e, y, t in rounds]
            out["notebooks"][f"{p.parent.name}/{p.name}"] = {
                "seconds": statistics.median(t for _, _, t in rounds), "ratio": statistics.median(ratios),
                "low": min(ratios), "high": max(ratios), "figures": figures,
                "ratio_empty": statistics.median(t / e for e, _, t in rounds)}
    out["empty_s"] = statistics.median(empties)
    out["yardstick_s"] = statistics.median(sticks)
    return out


# --- 3. answer to feedback ---------------------------------------------------------------------

def bench_feedback(repeat: int) -> dict:
    from casekit import load_case
    from casekit.widgets import AllianceBuilder, BalanceCheck, alliance_exercise, attribution_quiz

    case = load_case(CASE_DIR)
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        ex = attribution_quiz(case, folder=tmp)
        ex.name.value = "Bench"
        ex.start()
        quiz = ex.quiz
        by_kind: dict[str, list[float]] = {}
        for i, q in enumerate(quiz.questions):
            quiz.go(i)
            card = quiz.current
            samples = by_kind.setdefault(q.kind, [])
            for r in range(repeat if len(samples) < 30 else 0):
                if q.is_open:
                    card.text.value = f"answer {r}"
                elif q.is_order:
                    card.set_answer(tuple(reversed(q.answer)) if r % 2 else q.answer)
                else:
                    card.try_again()
                    card.choice.value = q.choices[r % len(q.choices)].value
                t = time.perf_counter()
                card.check()
                samples.append(time.perf_counter() - t)
        for kind, samples in by_kind.items():
            out[f"attribution: {kind}"] = statistics.median(samples)
        ex2 = alliance_exercise(case, folder=tmp)
        ex2.name.value = "Bench"
        ex2.start()
        builder = ex2.part(AllianceBuilder)
        q = builder.questions[0]
        redraws = []
        for r in range(repeat):
            t = time.perf_counter()
            builder.pickers[q.id].value = ["cooperates", "confronts"][r % 2]
            redraws.append(time.perf_counter() - t)
        out["network redraw: a pair changed"] = statistics.median(redraws)
        for q2 in builder.questions:
            builder.pickers[q2.id].value = q2.answer
        checks = []
        for r in range(max(3, repeat // 3)):
            builder.pickers[q.id].value = ["confronts", "cooperates"][r % 2]
            t = time.perf_counter()
            builder.check()
            checks.append(time.perf_counter() - t)
        out["network redraw: Check my network (feedback and comparison figure)"] = statistics.median(checks)
        balance = ex2.part(BalanceCheck)
        balance.refresh()
        t_samples = []
        for r in range(repeat):
            triad, radio, button, html = balance.items[r % len(balance.items)]
            radio.value = radio._values[r % 2]  # a pattern verdict (the right one or another)
            t = time.perf_counter()
            balance.check(triad, radio, html)
            t_samples.append(time.perf_counter() - t)
        out["alliance: balance"] = statistics.median(t_samples)
        stance_quiz = ex2.widgets[0]
        s_samples = []
        for r in range(repeat):
            card = stance_quiz.current
            card.try_again()
            card.choice.value = card.question.choices[r % len(card.question.choices)].value
            t = time.perf_counter()
            card.check()
            s_samples.append(time.perf_counter() - t)
        out["alliance: stance"] = statistics.median(s_samples)
    return out


# --- 4. import time ----------------------------------------------------------------------------

def bench_import(repeat: int) -> dict:
    def run(code: str) -> float:
        return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)

    timer = "import time; t=time.perf_counter(); {}; print(time.perf_counter()-t)"
    deps = statistics.median(run(timer.format("import yaml")) for _ in range(repeat))
    both = statistics.median(run("import yaml; " + timer.format("import casekit")) for _ in range(repeat))
    heavy = subprocess.run([sys.executable, "-c", "import sys, casekit; print(sorted(m for m in ('matplotlib', 'ipywidgets', "
                            "'networkx', 'IPython') if m in sys.modules))"], capture_output=True, text=True).stdout.strip()
    return {"yaml_s": deps, "casekit_beyond_deps_s": both, "heavy_modules_loaded": heavy}


# --- 4b. figures: matplotlib now, the hand-written SVG before ----------------------------------

FIGURE_TIMER = """
import json, sys, time
t0 = time.perf_counter()
import casekit
from casekit import plots
case = casekit.load_case({case!r})
t1 = time.perf_counter()
out = {{"load_s": t1 - t0}}
first = True
for name in ("stances", "timeline", "network"):
    t = time.perf_counter()
    made = getattr(plots, name)(case)
    fig = made if hasattr(made, "to_bytes") else made[0]
    data = fig.to_bytes("png") if hasattr(fig, "to_bytes") else fig.svg.encode()
    out[name + "_s"] = time.perf_counter() - t
    if first:
        out["first_figure_s"] = out[name + "_s"]
        first = False
t = time.perf_counter()
for name in ("stances", "timeline", "network"):
    made = getattr(plots, name)(case)
    fig = made if hasattr(made, "to_bytes") else made[0]
    fig.to_bytes("png") if hasattr(fig, "to_bytes") else fig.svg
out["again_all_three_s"] = time.perf_counter() - t
out["matplotlib_loaded"] = "matplotlib" in sys.modules
out["casekit_file"] = casekit.__file__
print(json.dumps(out))
"""
OLD_SVG_COMMIT = "e2f5842"  # the last commit whose figures were SVG written by casekit itself


def bench_figures(repeat: int) -> dict:
    """In a fresh interpreter: the first figure of a lesson (which pays for importing matplotlib) and
    each figure drawn to PNG; matplotlib's import alone; and, when git can extract it, the same for the
    hand-written SVG figures of OLD_SVG_COMMIT (drawn to SVG text), measured in the same run."""
    def run(code: str, path: str) -> dict:
        env = dict(os.environ, PYTHONPATH=path)
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env)
        if done.returncode:
            raise RuntimeError(done.stderr[-1500:])
        return json.loads(done.stdout)

    def median_of(runs: list[dict]) -> dict:
        return {k: (statistics.median(r[k] for r in runs) if isinstance(runs[0][k], float) else runs[0][k])
                for k in runs[0]}

    code = FIGURE_TIMER.format(case=str(CASE_DIR))
    new = median_of([run(code, str(ROOT / "src")) for _ in range(repeat)])
    imp = "import time; t = time.perf_counter(); import matplotlib.figure, matplotlib.backends.backend_agg; print(time.perf_counter() - t)"
    new["matplotlib_import_s"] = statistics.median(
        float(subprocess.run([sys.executable, "-c", imp], capture_output=True, text=True, check=True).stdout)
        for _ in range(repeat))
    out = {"matplotlib": new}
    with tempfile.TemporaryDirectory() as tmp:
        got = subprocess.run(f"git archive {OLD_SVG_COMMIT} src | tar -x -C {tmp}", shell=True, cwd=ROOT,
                             capture_output=True, text=True)
        if got.returncode == 0 and (Path(tmp) / "src" / "casekit" / "svg.py").exists():
            try:
                out["svg"] = median_of([run(code, str(Path(tmp) / "src")) for _ in range(repeat)])
            except RuntimeError as exc:  # e.g. the old loader refuses a newer casefile
                print(f"figures: the SVG version could not be measured: {exc}", file=sys.stderr)
    return out


# --- 5. validation scaling ---------------------------------------------------------------------

def scaled_casefile(target: Path, factor: int) -> None:
    """A copy of the casefile with every source and its annotations repeated factor times."""
    shutil.copytree(CASE_DIR, target)
    for k in range(1, factor):
        for src in sorted((CASE_DIR / "sources").glob("*.md")):
            new_id = f"{src.stem}-copy{k}"
            source = src.read_text(encoding="utf-8").replace(f"id: {src.stem}\n", f"id: {new_id}\n", 1)
            # a rendering's copy renders the original's copy
            source = re.sub(r"^translation_of: ([a-z0-9-]+)( \(.*\))?$",
                            lambda m, k=k: f"translation_of: {m.group(1)}-copy{k}{m.group(2) or ''}", source,
                            count=1, flags=re.M)
            (target / "sources" / f"{new_id}.md").write_text(source, encoding="utf-8")
            ann = CASE_DIR / "annotations" / f"{src.stem}.yaml"
            text = ann.read_text(encoding="utf-8").replace(f"source: {src.stem}\n", f"source: {new_id}\n", 1)
            text = re.sub(r'^  - id: "?([^"\s]+)"?$', lambda m, k=k: f"  - id: {m.group(1)}-copy{k}", text, flags=re.M)
            text = re.sub(r'^    renders: "?([^"\s]+)"?$', lambda m, k=k: f"    renders: {m.group(1)}-copy{k}", text, flags=re.M)
            (target / "annotations" / f"{new_id}.yaml").write_text(text, encoding="utf-8")


def bench_validation(factors, repeat: int) -> dict:
    from casekit.casefile import _Loader

    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for f in factors:
            folder = Path(tmp) / f"x{f}"
            scaled_casefile(folder, f)
            case = _Loader(folder).load()
            t = median_time(lambda folder=folder: _Loader(folder).load(), repeat)
            out[f] = {"quotes": len(case.quotes), "seconds": t, "per_quote_ms": 1000 * t / len(case.quotes)}
    return out


# --- 6. test suite: benchmarks/suite.py --------------------------------------------------------

# --- report ------------------------------------------------------------------------------------

def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def _grading_rows(g: dict) -> list[str]:
    lines = []
    d, a = g["settings"]["default"], g["settings"].get("all")
    small, big = min(g["sizes"]), max(g["sizes"])
    nb = d["nbgrader"]
    one = nb["per_submission_in_batch_s"]
    for name, row in g["settings"].items():
        what = (f"default offer: {row['offered_marked']} marked questions of the bank's {g['bank_marked']}"
                if name == "default" else f"every question offered: {row['offered_marked']} marked")
        for n in g["sizes"]:
            m = row["casekit"][n]
            target, ok = "", ""
            if name == "default" and n == small and one:
                target, ok = (f"under a tenth of one `nbgrader autograde` submission ({one / 10:.2f} s)",
                              verdict(m["wall_s"] < one / 10))
            elif name == "default" and n == big and big >= 1000:
                target, ok = "under 0.5 s for 1,000", verdict(m["wall_s"] * 1000 / n < 0.5)
            lines.append(f"| `casekit grade`, {n:,} records written by the widgets ({what}; "
                         f"{row['attempts']:.0f} attempts a record) | {m['wall_s']:.2f} s ({m['cpu_s']:.2f} s CPU; "
                         f"{1000 * m['wall_s'] / n:.2f} ms a record) | {target} | {ok} |")
    if a:
        # a record's own cost: what one more record adds (CPU), from the two class sizes
        def marginal(row):
            return (row["casekit"][big]["cpu_s"] - row["casekit"][small]["cpu_s"]) / (big - small)

        share = marginal(d) / marginal(a)
        attempts = d["attempts"] / a["attempts"]
        lines.append(f"| a record's own cost (CPU one more record adds, from {small:,} to {big:,}): default offer "
                     f"{1000 * marginal(d):.2f} ms / every question offered {1000 * marginal(a):.2f} ms | "
                     f"{share:.2f} (the share of attempts: {attempts:.2f}) | at most 2x the share of attempts: "
                     f"the cost grows with what was offered, not with the bank | {verdict(share <= 2 * attempts)} |")
    else:
        lines.append("| a record's own cost: default offer / every question offered | not measured in a quick run | | |")
    if g.get("nbgrader_skipped"):
        lines.append(f"| `nbgrader autograde` 0.9.6 on the equivalent assignment | not run: {g['nbgrader_skipped']} | | |")
        return lines
    if one:
        lines.append(f"| `nbgrader autograde` 0.9.6, the equivalent assignment (one autograded cell per offered marked "
                     f"question, {d['offered_marked']}), a batch of {nb['batch']} submissions | {one:.2f} s a submission "
                     f"({one * nb['batch']:.1f} s in all) | | |")
    if nb["alone_s"]:
        lines.append(f"| `nbgrader autograde`, the same, one submission alone | {nb['alone_s']:.2f} s | | |")
    if a and a["nbgrader"]["alone_s"]:
        lines.append(f"| `nbgrader autograde`, every question offered ({a['offered_marked']} cells), one submission "
                     f"alone (one round) | {a['nbgrader']['alone_s']:.2f} s | | |")
    agree = d.get("agreement")
    if agree:
        lines.append(f"| the same scores question by question: `casekit grade`'s final mark and nbgrader's test cell, "
                     f"{agree['submissions']} submissions | {agree['compared']:,} compared, {agree['n_differ']} differ"
                     f"{': ' + ', '.join(agree['differ']) if agree['differ'] else ''} | none differ | "
                     f"{verdict(agree['n_differ'] == 0 and agree['compared'] > 0)} |")
    if one:
        m = d["casekit"][small]
        lines.append(f"| ratio: one `nbgrader autograde` submission (in a batch) / `casekit grade` on a class of "
                     f"{small} | {one / m['wall_s']:.1f}x | at least 10x | {verdict(one / m['wall_s'] >= 10)} |")
    return lines


def write_results(results: dict, path: Path, quick: bool) -> None:
    lines = ["# Benchmark results", "",
             f"Run: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} · Python {platform.python_version()} · "
             f"{platform.machine()} · {os.cpu_count()} cores · {'QUICK smoke run' if quick else 'full run'}. "
             "Medians over interleaved rounds; ratios taken within the same run.", ""]
    lines += ([results["note"], ""] if results.get("note") else [])
    lines += ["| measure | result | target | |", "|---|---|---|---|"]

    def ran(name):
        r = results.get(name)
        if r is not None and r.get("skipped") and name != "student_view":
            lines.append(f"| {name.replace('_', ' ')} | not run: {r['skipped']} | | |")
            return False
        return r is not None

    if ran("grading"):
        lines += _grading_rows(results["grading"])
    sv = results.get("student_view")
    if sv and sv.get("skipped"):
        lines.append(f"| student view (Voila): opening an exercise to its first usable control | not run: "
                     f"{sv['skipped']} | | |")
    elif sv:
        lines.append(f"| student view (Voila): a bare page with one ipywidgets button and one matplotlib figure, "
                     f"opening to the usable button | {sv['bare_s']:.2f} s | | |")
        for name, r in sv["exercises"].items():
            lines.append(f"| student view (Voila): `{name}`, opening to its first usable control (Start) | "
                         f"{r['seconds']:.2f} s ({r['ratio']:.2f}x the bare page; rounds {r['low']:.2f}–{r['high']:.2f}x) "
                         f"| at most 1.5x the bare page | {verdict(r['ratio'] <= 1.5)} |")
    nbs = results["notebooks"] if ran("notebooks") else {"notebooks": {}}
    if nbs.get("empty_s"):
        lines.append(f"| empty notebook, Run All in a fresh kernel | {nbs['empty_s']:.2f} s | | |")
        lines.append(f"| a notebook that imports matplotlib and draws one small figure, Run All | {nbs['yardstick_s']:.2f} s | | |")
    for name, r in nbs["notebooks"].items():
        lines.append(f"| Run All `{name}`{' (draws figures)' if r['figures'] else ''} | {r['seconds']:.2f} s "
                     f"({r['ratio_empty']:.2f}x the empty notebook) | reported | |")
    for kind, t in (results["feedback"] if ran("feedback") else {}).items():
        target = 0.150 if kind.startswith("network redraw") else 0.020
        lines.append(f"| answer to feedback, {kind} | {1000 * t:.1f} ms | under {1000 * target:.0f} ms | "
                     f"{verdict(t < target)} |")
    imp = results["import"] if ran("import") else None
    if imp:
        lines.append(f"| `import casekit` beyond its dependencies (PyYAML: {1000 * imp['yaml_s']:.0f} ms) | "
                     f"{1000 * imp['casekit_beyond_deps_s']:.0f} ms; heavy modules loaded: {imp['heavy_modules_loaded']} | "
                     f"under 150 ms | {verdict(imp['casekit_beyond_deps_s'] < 0.150)} |")
    figs = results.get("figures") if ran("figures") else None
    if figs:
        m = figs["matplotlib"]
        lines.append(f"| importing matplotlib (`matplotlib.figure` and the Agg backend) in a fresh interpreter | "
                     f"{1000 * m['matplotlib_import_s']:.0f} ms | | |")
        old = figs.get("svg")
        for key, label in (("first_figure_s", "a lesson's first figure in a fresh interpreter (stances; with the import)"),
                           ("timeline_s", "timeline, drawn"), ("network_s", "signed network, drawn (layout and placement once per kernel)"),
                           ("again_all_three_s", "all three figures again, in the same kernel")):
            before = f"; hand-written SVG before ({OLD_SVG_COMMIT}): {1000 * old[key]:.0f} ms" if old else ""
            lines.append(f"| {label}: matplotlib, to PNG | {1000 * m[key]:.0f} ms{before} | | |")
    val = results["validation"] if ran("validation") else {}
    for f, v in val.items():
        base = val[min(val)]
        lines.append(f"| validate the casefile x{f} ({v['quotes']} quotes) | {v['seconds']:.3f} s "
                     f"({v['per_quote_ms']:.2f} ms per quote; {v['per_quote_ms'] / base['per_quote_ms']:.2f}x the x1 rate) "
                     f"| linear growth | {verdict(v['per_quote_ms'] / base['per_quote_ms'] < 2.0)} |")
    mem = results.get("memory") if ran("memory") else None
    if mem:
        lines.append(f"| a bare kernel's resident memory | {mem['bare_kb'] / 1024:.0f} MB | | |")
        if mem.get("matplotlib_kb"):
            lines.append(f"| a kernel that has drawn one small matplotlib figure (the yardstick for an exercise "
                         f"that draws) | {mem['matplotlib_kb'] / 1024:.0f} MB | | |")
        for name, m in mem["notebooks"].items():
            if m.get("whole_ratio_mpl"):
                lines.append(f"| kernel memory, `{name}` (draws figures): after Run All / after the whole exercise "
                             f"answered | {m['run_all_kb'] / 1024:.0f} MB ({m['run_all_ratio']:.2f}x bare) / "
                             f"{m['whole_exercise_kb'] / 1024:.0f} MB ({m['whole_ratio']:.2f}x bare; "
                             f"{m['whole_ratio_mpl']:.2f}x the matplotlib yardstick) | under 1.5x the yardstick | "
                             f"{verdict(m['whole_ratio_mpl'] < 1.5)} |")
            else:
                lines.append(f"| kernel memory, `{name}`: after Run All / after the whole exercise answered | "
                             f"{m['run_all_kb'] / 1024:.0f} MB ({m['run_all_ratio']:.2f}x) / {m['whole_exercise_kb'] / 1024:.0f} MB "
                             f"({m['whole_ratio']:.2f}x the bare kernel) | under 1.5x | "
                             f"{verdict(max(m['run_all_ratio'], m['whole_ratio']) < 1.5)} |")
    if "tests" in results:
        t = results["tests"]
        if "whole" in t:
            w = t["whole"]
            lines.append(f"| test suite, the README's command (`pytest`: pytest-xdist, {t.get('workers', '?')} workers) | "
                         f"{w['wall_s']:.0f} s ({w['cpu_s']:.0f} s CPU; {w['summary']}) | under 240 s on an idle "
                         f"2-core machine | {verdict(w['wall_s'] < 240 and w['ok'])} |")
            for part, label in (("unit", "unit tests (tests/, not e2e)"),
                                ("notebooks", "notebooks under nbval (notebooks/, exercises/, solutions/)"),
                                ("browser", "browser tests (tests/e2e)")):
                if part in w.get("parts", {}):
                    p = w["parts"][part]
                    lines.append(f"| of which {label}: its tests' summed durations (the workers run parts side "
                                 f"by side) | {p['test_s']:.0f} s ({p['tests']} tests) | | |")
        if "fast loop" in t:
            f = t["fast loop"]
            lines.append(f"| the fast loop (`pytest -m \"not e2e and not slow\"`: unit and notebook tests) | "
                         f"{f['wall_s']:.0f} s ({f['cpu_s']:.0f} s CPU; {f['summary']}) | under 60 s | "
                         f"{verdict(f['wall_s'] < 60 and f['ok'])} |")
    lines += ["", "How each is measured: `benchmarks/`. Grading: a few students are driven through both exercises by "
              "the widgets' own controls (`benchmarks/records.py`), with the casefile's default offer (30 marked "
              "questions per exercise) or with every question offered; a class is their records under other "
              "students' names. `casekit grade` runs in-process (its imports and the casefile's first load "
              "warmed up once; the question banks built again in every run, as a `casekit grade` process builds "
              "them). `nbgrader autograde` runs on an equivalent nbgrader assignment: one autograded "
              "test cell per offered marked question, the submission's answers in one solution cell "
              "(`benchmarks/peers.py`); it needs `pip install -e \".[bench]\"` in a venv of its own. Each "
              "round measures every size, setting and grader once. The student view: a JupyterLab server "
              "serving Voila, Debian's Chromium driven by Playwright, a fresh browser context per page, from "
              "the request to the first enabled, visible control (`benchmarks/student_view.py`). Run All: "
              "nbclient in a fresh kernel, reported without a target (what remains is the checked casefile "
              "load and drawing full-size figures). The suite: the README's command once (its parts' times are "
              "the summed durations of their tests in that run, from its JUnit report) and the fast loop once; "
              "CPU is the pytest process's and its children's (workers, kernels, servers, browsers).", ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def main(argv=None) -> int:
    from .student_view import bench_student_view

    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small smoke run (no test suite)")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "RESULTS.md"), help="where to write the table")
    parser.add_argument("--no-suite", action="store_true",
                        help="do not time the test suite (it runs the whole suite once; spare a shared machine)")
    parser.add_argument("--skip", action="append", default=[], metavar="STEP",
                        help="leave a step out (grading, student_view, notebooks, feedback, import, figures, "
                             "validation, memory, tests); may be repeated")
    parser.add_argument("--rounds", type=int, default=0,
                        help="rounds for grading, the student view and Run All (default: 3, 5 and 3; 1 in a quick run)")
    parser.add_argument("--note", default="", help="a sentence about the run, printed under the table's first line "
                                                   "(e.g. that the machine was shared)")
    args = parser.parse_args(argv)
    q = args.quick
    results = {}
    rounds = args.rounds or None
    steps = [
        ("grading", lambda: bench_grading((5, 20) if q else (50, 1000), rounds or (1 if q else 3), 2 if q else 50,
                                          1 if q else records.TEMPLATES, all_questions=not q)),
        ("student_view", lambda: bench_student_view(rounds or (1 if q else 5))),
        ("notebooks", lambda: bench_notebooks(rounds or (1 if q else 3), only=1 if q else 0)),
        ("feedback", lambda: bench_feedback(3 if q else 20)),
        ("import", lambda: bench_import(1 if q else 7)),
        ("figures", lambda: bench_figures(1 if q else 3)),
        ("validation", lambda: bench_validation((1, 2) if q else (1, 10, 100), 1 if q else 3)),
        ("memory", lambda: peers.bench_memory(sorted((ROOT / "exercises").glob("0[12]_*.ipynb"))[: 1 if q else 2],
                                              MATPLOTLIB_YARDSTICK)),
    ]
    if not q and not args.no_suite and "tests" not in args.skip:
        steps.append(("tests", bench_tests))
    unknown = set(args.skip) - {name for name, _ in steps} - {"tests"}
    if unknown:
        parser.error(f"no step {', '.join(sorted(unknown))} (steps: {', '.join(name for name, _ in steps)}, tests)")
    for name, step in steps:
        if name in args.skip:
            results[name] = {"skipped": "left out of this run (--skip)"}
            continue
        t = time.perf_counter()
        results[name] = step()
        print(f"{name}: done in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    results["note"] = args.note
    write_results(results, Path(args.out), q)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Measure what users wait for, and write benchmarks/RESULTS.md.

    python -m benchmarks            # the full run (a few minutes)
    python -m benchmarks --quick    # a small smoke run (what the tests run, so this cannot rot)

Medians over repeated runs; ratios are taken within the same run.
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

from . import peers

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


# --- 1. grading ------------------------------------------------------------------------------

def make_class(folder: Path, n: int) -> list[Path]:
    """n answer records: a mix of right and wrong first attempts, every question answered."""
    from casekit import __version__, load_case
    from casekit.questions import EXERCISES, exercise_questions, key_checksum

    case = load_case(CASE_DIR)
    banks = {ex: exercise_questions(case, ex) for ex in EXERCISES}
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        sections = {}
        for ex, bank in banks.items():
            attempts = []
            for k, q in enumerate(bank):
                if q.is_open:
                    attempts.append({"question": q.id, "answer": f"answer {i}", "correct": None, "attempt": 1, "time": ""})
                    continue
                right = list(q.answer) if q.is_order else q.answer
                wrong = list(reversed(q.answer)) if q.is_order else next(c.value for c in q.choices if c.value != q.answer)
                first = right if (i + k) % 3 else wrong
                attempts.append({"question": q.id, "answer": first, "correct": first == right, "attempt": 1, "time": ""})
                if first != right:
                    attempts.append({"question": q.id, "answer": right, "correct": True, "attempt": 2, "time": ""})
            sections[ex] = {"key_checksum": key_checksum(bank), "attempts": attempts}
        record = {"format": "casekit-answers/1", "student": f"Student {i:05d}", "case": case.id,
                  "casekit_version": __version__, "exercises": sections}
        path = folder / f"student-{i:05d}.json"
        path.write_text(json.dumps(record), encoding="utf-8")
        paths.append(path)
    return paths


def submission_notebook(record: dict) -> dict:
    """A submitted notebook as a notebook-executing grader sees it: answers in code, autograder tests."""
    import nbformat


    answers = {a["question"]: a["answer"] for sec in record["exercises"].values() for a in sec["attempts"]}
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_code_cell(
        "import casekit\nfrom casekit.questions import exercise_questions\n"
        f"case = casekit.load_case({str(CASE_DIR)!r})"))
    nb.cells.append(nbformat.v4.new_code_cell(f"answers = {json.dumps(answers)}"))
    nb.cells.append(nbformat.v4.new_code_cell(
        "score = 0\nfor ex in ('source-attribution', 'regional-alliances'):\n"
        "    for q in exercise_questions(case, ex):\n"
        "        a = answers.get(q.id)\n"
        "        if a is not None and not q.is_open and q.is_correct(tuple(a) if isinstance(a, list) else a):\n"
        "            score += 1\nprint(score)"))
    return nb


def bench_grading(n_records: int, n_notebooks: int, repeat: int) -> dict:
    import nbformat
    from nbclient import NotebookClient

    from casekit.cli import main

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        paths = make_class(tmp / "answers", n_records)
        out = tmp / "gradebook.csv"
        devnull = open(os.devnull, "w")

        def run():
            stdout, stderr = sys.stdout, sys.stderr
            sys.stdout = sys.stderr = devnull
            try:
                code = main(["grade", str(tmp / "answers"), "--case", str(CASE_DIR), "--out", str(out)])
            finally:
                sys.stdout, sys.stderr = stdout, stderr
            assert code == 0, "grading rejected generated records"

        casekit_total = median_time(run, repeat)
        per_casekit = casekit_total / n_records
        times = []
        for p in paths[:n_notebooks]:
            nb = submission_notebook(json.loads(p.read_text(encoding="utf-8")))
            t = time.perf_counter()
            NotebookClient(nb, timeout=120, kernel_name="python3").execute()
            times.append(time.perf_counter() - t)
            nbformat.validate(nb)
        per_notebook = statistics.median(times)
    return {"records": n_records, "casekit_total_s": casekit_total, "casekit_per_submission_s": per_casekit,
            "notebooks": n_notebooks, "nbclient_per_submission_s": per_notebook,
            "ratio": per_notebook / per_casekit}


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
                            lambda m: f"translation_of: {m.group(1)}-copy{k}{m.group(2) or ''}", source,
                            count=1, flags=re.M)
            (target / "sources" / f"{new_id}.md").write_text(source, encoding="utf-8")
            ann = CASE_DIR / "annotations" / f"{src.stem}.yaml"
            text = ann.read_text(encoding="utf-8").replace(f"source: {src.stem}\n", f"source: {new_id}\n", 1)
            text = re.sub(r'^  - id: "?([^"\s]+)"?$', lambda m: f"  - id: {m.group(1)}-copy{k}", text, flags=re.M)
            text = re.sub(r'^    renders: "?([^"\s]+)"?$', lambda m: f"    renders: {m.group(1)}-copy{k}", text, flags=re.M)
            (target / "annotations" / f"{new_id}.yaml").write_text(text, encoding="utf-8")


def bench_validation(factors, repeat: int) -> dict:
    from casekit.casefile import _Loader

    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        for f in factors:
            folder = Path(tmp) / f"x{f}"
            scaled_casefile(folder, f)
            case = _Loader(folder).load()
            t = median_time(lambda: _Loader(folder).load(), repeat)
            out[f] = {"quotes": len(case.quotes), "seconds": t, "per_quote_ms": 1000 * t / len(case.quotes)}
    return out


# --- 6. test suite -----------------------------------------------------------------------------

def bench_tests() -> dict:
    def run(args):
        t = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "pytest", "-q", *args], cwd=ROOT, capture_output=True, text=True)
        return time.perf_counter() - t, done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""

    without, line1 = run(["--ignore=tests/e2e", "-k", "not test_benchmarks"])
    with_e2e, line2 = run(["-k", "not test_benchmarks"])
    return {"without_browser_s": without, "without_summary": line1, "with_browser_s": with_e2e, "with_summary": line2}


# --- report ------------------------------------------------------------------------------------

def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def write_results(results: dict, path: Path, quick: bool) -> None:
    g = results["grading"]
    lines = ["# Benchmark results", "",
             f"Run: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} · Python {platform.python_version()} · "
             f"{platform.machine()} · {os.cpu_count()} cores · {'QUICK smoke run' if quick else 'full run'}. "
             "Medians over repeated runs; ratios taken within the same run (a notebook against the yardstick "
             "notebooks run just before it, in each round).", ""] + ([results["note"], ""] if results.get("note") else []) + [
             "| measure | result | target | |", "|---|---|---|---|",
             f"| `casekit grade` on {g['records']} generated records | {g['casekit_total_s']:.2f} s "
             f"({1000 * g['casekit_per_submission_s']:.2f} ms per submission) | under 2 s for 1,000 | "
             f"{verdict(g['casekit_total_s'] * 1000 / g['records'] < 2) if g['records'] else ''} |",
             f"| executing a submitted notebook with nbclient, as nbgrader does ({g['notebooks']} submissions) | "
             f"{g['nbclient_per_submission_s']:.2f} s per submission | | |",
             f"| ratio: notebook execution / `casekit grade`, per submission | {g['ratio']:,.0f}x | at least 1000x | "
             f"{verdict(g['ratio'] >= 1000)} |"]
    nbs = results["notebooks"]
    lines.append(f"| empty notebook, Run All in a fresh kernel | {nbs['empty_s']:.2f} s | | |")
    lines.append(f"| yardstick for figure notebooks: an empty notebook that imports matplotlib and draws one small "
                 f"figure, Run All | {nbs['yardstick_s']:.2f} s | | |")
    for name, r in nbs["notebooks"].items():
        if r["figures"]:
            lines.append(f"| Run All `{name}` (draws figures) | {r['seconds']:.2f} s ({r['ratio']:.2f}x the matplotlib "
                         f"yardstick; paired runs {r['low']:.2f}–{r['high']:.2f}x; {r['ratio_empty']:.2f}x empty) | "
                         f"at most 1.3x the yardstick | {verdict(r['ratio'] <= 1.3)} |")
        else:
            lines.append(f"| Run All `{name}` | {r['seconds']:.2f} s ({r['ratio']:.2f}x empty; paired runs "
                         f"{r['low']:.2f}–{r['high']:.2f}x) | at most 2.0x empty | {verdict(r['ratio'] <= 2.0)} |")
    for kind, t in results["feedback"].items():
        target = 0.150 if kind.startswith("network redraw") else 0.020
        lines.append(f"| answer to feedback, {kind} | {1000 * t:.1f} ms | under {1000 * target:.0f} ms | "
                     f"{verdict(t < target)} |")
    imp = results["import"]
    lines.append(f"| `import casekit` beyond its dependencies (PyYAML: {1000 * imp['yaml_s']:.0f} ms) | "
                 f"{1000 * imp['casekit_beyond_deps_s']:.0f} ms; heavy modules loaded: {imp['heavy_modules_loaded']} | "
                 f"under 150 ms | {verdict(imp['casekit_beyond_deps_s'] < 0.150)} |")
    figs = results.get("figures")
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
    val = results["validation"]
    base = val[min(val)]
    for f, v in val.items():
        lines.append(f"| validate the casefile x{f} ({v['quotes']} quotes) | {v['seconds']:.3f} s "
                     f"({v['per_quote_ms']:.2f} ms per quote; {v['per_quote_ms'] / base['per_quote_ms']:.2f}x the x1 rate) "
                     f"| linear growth | {verdict(v['per_quote_ms'] / base['per_quote_ms'] < 2.0)} |")
    nb = results.get("nbgrader")
    if nb and nb.get("skipped"):
        lines.append(f"| `nbgrader autograde` itself | not run: {nb['skipped']} | | |")
    elif nb:
        lines += [f"| `nbgrader autograde` on {nb['submissions']} submissions of an equivalent assignment (one "
                  f"autograded test cell per marked question, {nb['questions']} questions) | "
                  f"{nb['nbgrader_per_submission_s']:.2f} s per submission | | |",
                  f"| ratio: `nbgrader autograde` / `casekit grade`, per submission ({nb['records']} records, "
                  f"{1000 * nb['casekit_per_submission_s']:.2f} ms each) | {nb['speedup']:,.0f}x | at least 3000x | "
                  f"{verdict(nb['speedup'] >= 3000)} |"]
    mem = results.get("memory")
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
        lines += [f"| test suite without the browser tests | {t['without_browser_s']:.0f} s ({t['without_summary']}) | "
                  f"under 60 s | {verdict(t['without_browser_s'] < 60)} |",
                  f"| whole test suite with the browser tests | {t['with_browser_s']:.0f} s ({t['with_summary']}) | "
                  f"under 120 s | {verdict(t['with_browser_s'] < 120)} |"]
    lines += ["", "How each is measured: `benchmarks/__main__.py`. The notebook-execution baseline runs each "
              "submission as a notebook in a fresh kernel (kernel start, imports, answers, autograder checks), "
              "which is the work `nbgrader autograde` does per submission; nbgrader's own database and course "
              "setup would add to it. Run All times are mostly kernel start-up, and now and then a kernel takes "
              "seconds to start, which is why single paired ratios range widely; the verdict uses the median. A notebook "
              "that draws figures is held to the cost any matplotlib lesson pays (importing matplotlib and drawing one "
              "small figure), not to an empty notebook; the figure rows time casekit's figures in a fresh interpreter, "
              "and the hand-written SVG figures of an earlier commit in the same run, for comparison.", ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small smoke run")
    parser.add_argument("--out", default=str(ROOT / "benchmarks" / "RESULTS.md"), help="where to write the table")
    parser.add_argument("--no-suite", action="store_true",
                        help="do not time the test suite (it runs the whole suite twice; spare a shared machine)")
    parser.add_argument("--note", default="", help="a sentence about the run, printed under the table's first line "
                                                   "(e.g. that the machine was shared)")
    args = parser.parse_args(argv)
    q = args.quick
    results = {}
    steps = [
        ("grading", lambda: bench_grading(50 if q else 1000, 1 if q else 5, 1 if q else 3)),
        ("notebooks", lambda: bench_notebooks(1 if q else 5, only=1 if q else 0)),
        ("feedback", lambda: bench_feedback(3 if q else 20)),
        ("import", lambda: bench_import(1 if q else 7)),
        ("figures", lambda: bench_figures(1 if q else 3)),
        ("validation", lambda: bench_validation((1, 2) if q else (1, 10, 100), 1 if q else 3)),
        ("memory", lambda: peers.bench_memory(sorted((ROOT / "exercises").glob("0[12]_*.ipynb"))[: 1 if q else 2],
                                              MATPLOTLIB_YARDSTICK)),
        ("nbgrader", lambda: peers.bench_nbgrader(2 if q else 5, 50 if q else 1000) if peers.nbgrader_available()
         else {"skipped": 'nbgrader is not installed (pip install -e ".[bench]")'}),
    ]
    if not q and not args.no_suite:
        steps.append(("tests", bench_tests))
    for name, step in steps:
        t = time.perf_counter()
        results[name] = step()
        print(f"{name}: done in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    results["note"] = args.note
    write_results(results, Path(args.out), q)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""coach's benchmark: what users run, beside the floors it is held to, with every budget.

    python bench/run.py                  # everything (about 8 minutes on 2 shared cores)
    python bench/run.py --quick          # a smoke check: 5 runs, short windows (~2 minutes)
    python bench/run.py --only commands  # one figure (or several: --only startup,step1)
    python bench/run.py --no-wheel       # the editable checkout only: no wheel is built

Run it with the checkout's venv (``pip install -e '.[test]'``). It measures coach as people run
it: from bytecode (coach and every package compiled first; PYTHONDONTWRITEBYTECODE is dropped
for the measured processes), as the editable checkout and as a wheel installed in a venv
outside the checkout (see bench/installs.py). Each process runs in a private HOME holding a
journal with a year of sessions.

Figures: ``startup`` (first frame of home), ``step1`` (``coach start`` until "Step 1" shows),
``session`` (CPU and RSS of a running session and of idle home), ``commands`` (``faq --print``,
``history``, ``report``, ``plan``, ``status`` to their exit), ``history`` (the history screen at
10,000 sessions), ``faq`` (search per keystroke at 10,000 entries), ``loading`` (content
validation). Start-up figures and commands are measured in interleaved rounds (every case once
per round, in shuffled order, after a warm-up round), so a busy moment hits every case alike;
ratios are taken round by round and printed as a median with their spread. Each figure is held
to its floor: a Textual-only copy of home (bench/floor_home.py), a bare Textual hello
(bare_hello.py) or clock (bare_clock.py), or a bare ``python -c pass``.

Every sample is also written as JSON to bench/results/ (not committed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import installs  # noqa: E402
from installs import Install, measured_env  # noqa: E402
from pty_run import Run, drain_all, launch  # noqa: E402
from stats import Spread, Verdict, number, paired_ratios, spread, verdict  # noqa: E402

FIGURES = ("startup", "step1", "session", "commands", "history", "faq", "loading")
CONTENT_DIR = ROOT / "content"
FAQ_QUERY = "what if i see blood"
HISTORY_SESSIONS = 156  # a year at three a week (the default plan asks for 2-3)
HISTORY_EVERY = "2,2,3"
SEED = 28


@dataclass(frozen=True)
class Budget:
    """One of the performance issue's budgets: a figure is within it when its median is."""

    limit: float
    unit: str  # "x" (a ratio) or " ms"
    strict: bool = False  # "< limit" rather than "<= limit"

    def text(self) -> str:
        return f"{'<' if self.strict else '<='} {self.limit:g}{self.unit}"


# issue 28's budgets
FIRST_FRAME = Budget(1.05, "x")  # first frame of home / the Textual-only floor, from bytecode
RSS = Budget(1.6, "x")  # a running session / a bare Textual clock
SESSION_CPU = Budget(1.5, "x")  # a running session / a bare Textual clock
COMMAND = Budget(12.0, "x")  # faq --print, history, report, plan / python -c pass
STATUS = Budget(3.0, "x")  # status / python -c pass
STEP1 = Budget(2.5, "x")  # coach start until "Step 1" / a bare hello's first frame
HISTORY_SCREEN = Budget(100.0, " ms", strict=True)
FAQ_KEYSTROKE = Budget(16.0, " ms", strict=True)


@dataclass(frozen=True)
class Settings:
    runs: int
    warmup: int
    settle: float
    window: float
    session_repeats: int
    history_runs: int
    faq_rounds: int
    load_sizes: tuple[int, ...]


FULL = Settings(21, 1, 2.0, 10.0, 3, 9, 2, (1000, 10_000))
QUICK = Settings(5, 1, 2.0, 5.0, 1, 3, 1, (1000,))


@dataclass
class Report:
    """What the run prints as it goes, and the budgets it gathers for the closing summary."""

    budgets: list[tuple[str, Budget, Spread]] = field(default_factory=list)
    # The same budgets on CPU time: read beside the wall figures when the machine is busy.
    cpu_budgets: list[tuple[str, Budget, Spread]] = field(default_factory=list)
    samples: dict[str, object] = field(default_factory=dict)

    def judge(self, label: str, budget: Budget, figure: Spread, *, cpu: bool = False) -> str:
        (self.cpu_budgets if cpu else self.budgets).append((label, budget, figure))
        return report_line(budget, figure)


def load_average() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} {five:.2f} {fifteen:.2f}"


def heading(text: str) -> None:
    print(f"\n{text}  [load average {load_average()}]", flush=True)


def progress(text: str) -> None:
    """Where a long measurement is, on stderr (stdout stays the report)."""
    if sys.stderr.isatty():
        print(f"\r\033[K{text}", end="", file=sys.stderr, flush=True)


# --- homes ---------------------------------------------------------------------------------


def home_env(home: Path) -> dict[str, str]:
    env = measured_env()
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CACHE_HOME=str(home / "cache"),
    )
    return env


class Homes:
    """Private HOMEs, each a copy of one prepared with a realistic journal and coach's summary
    for ``coach status``; a home can be put back as prepared before a run that writes to it."""

    def __init__(self, root: Path, editable: Install) -> None:
        self.root = root
        self.pristine = root / "pristine"
        self.pristine.mkdir(mode=0o700)
        env = home_env(self.pristine)
        subprocess.run(
            [
                str(editable.python),
                str(HERE / "generate.py"),
                "journal",
                "--sessions",
                str(HISTORY_SESSIONS),
                "--every",
                HISTORY_EVERY,
            ],
            env=env,
            cwd=self.pristine,
            check=True,
        )
        # The first `coach status` reads the pack and keeps the summary the next ones read.
        subprocess.run(
            [*editable.coach, "status"], env=env, cwd=self.pristine, check=True, capture_output=True
        )

    def make(self, name: str) -> Path:
        home = self.root / name
        if not home.exists():
            shutil.copytree(self.pristine, home, symlinks=True)
        return home

    def restore(self, name: str) -> None:
        """The journal and summary back as prepared (caches kept, as a person's would be)."""
        home = self.make(name)
        shutil.rmtree(home / "data")
        shutil.copytree(self.pristine / "data", home / "data", symlinks=True)


# --- interleaved cases ----------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    key: str
    label: str
    argv: tuple[str, ...]
    home: Path
    needle: str | None = None  # on a pty until this is drawn; None: a command, to its exit
    before: Callable[[], None] | None = None


def measure(case: Case) -> tuple[float, float]:
    """Wall seconds from launch to ``case.needle`` on screen, or to the command's exit, and the
    CPU seconds the program used until then (all its threads)."""
    if case.before is not None:
        case.before()
    env = home_env(case.home)
    if case.needle is not None:
        run = launch(case.argv, env, inherit=False, cwd=case.home)
        try:
            wall = run.read_until(case.needle)
        except TimeoutError:
            run.stop()
            raise SystemExit(
                f"{case.label}: {case.needle!r} never drawn; the screen showed:\n{run.text()[-1500:]}"
            ) from None
        return wall, run.stop()  # stopped at once: its CPU time is the time to that frame
    with tempfile.TemporaryFile() as errors:
        started = time.monotonic()
        proc = subprocess.Popen(
            case.argv, env=env, cwd=case.home, stdout=subprocess.DEVNULL, stderr=errors
        )
        _, status, usage = os.wait4(proc.pid, 0)  # wait4: the child's CPU time as well
        wall = time.monotonic() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            errors.seek(0)
            raise SystemExit(
                f"{case.label} failed (exit {proc.returncode}):"
                f" {errors.read().decode(errors='replace')[-1500:]}"
            )
    return wall, usage.ru_utime + usage.ru_stime


@dataclass
class Timings:
    """Milliseconds per case, round by round: wall time and CPU time."""

    wall: dict[str, list[float]]
    cpu: dict[str, list[float]]


def interleave(cases: Sequence[Case], runs: int, warmup: int) -> Timings:
    """Every case once per round, in an order shuffled each round (seeded); the warm-up rounds
    (caches, the page cache) are not kept."""
    rng = random.Random(SEED)
    timings = Timings({case.key: [] for case in cases}, {case.key: [] for case in cases})
    for done in range(warmup + runs):
        progress(f"round {done + 1} of {warmup + runs} ({len(cases)} cases)")
        order = list(cases)
        rng.shuffle(order)
        for case in order:
            wall, cpu = measure(case)
            if done >= warmup:
                timings.wall[case.key].append(wall * 1000)
                timings.cpu[case.key].append(cpu * 1000)
    progress("")
    return timings


def pack_title(content: Path = CONTENT_DIR) -> str:
    with (content / "pack.toml").open("rb") as handle:
        return str(tomllib.load(handle).get("title", "coach"))


def launch_cases(figures: set[str], installs_: Sequence[Install], homes: Homes) -> list[Case]:
    editable = installs_[0]
    title = pack_title()
    hello = Case(
        "hello",
        "bare Textual hello",
        (str(editable.python), str(HERE / "bare_hello.py")),
        homes.make("frames"),
        "Hello from a bare",
    )
    cases: list[Case] = []
    if figures & {"startup", "step1"}:
        cases.append(hello)
    for install in installs_:
        name = install.name
        if "startup" in figures:
            cases.append(
                Case(
                    f"floor-{name}",
                    f"floor: Textual-only home, {name} venv",
                    (str(install.python), str(HERE / "floor_home.py")),
                    homes.make("frames"),
                    title,
                )
            )
            cases.append(
                Case(
                    f"home-{name}",
                    f"coach home, {name}",
                    install.coach,
                    homes.make(f"home-{name}"),
                    title,
                )
            )
        if "step1" in figures:
            start_home = f"start-{name}"
            cases.append(
                Case(
                    f"start-{name}",
                    f"coach start, {name}",
                    (*install.coach, "start"),
                    homes.make(start_home),
                    "Step 1",
                    # Each start records a session: begin every run from the same journal.
                    before=lambda start_home=start_home: homes.restore(start_home),
                )
            )
        if "commands" in figures:
            home = homes.make(f"commands-{name}")
            cases.append(
                Case(
                    f"pass-{name}",
                    f"python -c pass, {name} venv",
                    (str(install.python), "-c", "pass"),
                    home,
                )
            )
            for command in COMMANDS:
                cases.append(
                    Case(
                        f"{command[0]}-{name}",
                        f"coach {' '.join(command)}, {name}",
                        (*install.coach, *command),
                        home,
                    )
                )
    return cases


COMMANDS: tuple[tuple[str, ...], ...] = (
    ("faq", "--print", FAQ_QUERY),
    ("history",),
    ("report",),
    ("plan",),
    ("status",),
)


WIDTH = 50  # the label column


def columns(label: str, figure: Spread, unit: str, judged: str = "") -> str:
    """One figure's line: median, IQR, p10-p90 (and the budget and verdict, when judged)."""

    def between(low: float, high: float) -> str:
        return f"{number(low, unit, False)}-{number(high, unit, False)}"

    return (
        f"  {label:<{WIDTH}}{number(figure.median, unit):>10}"
        f"  {between(figure.p25, figure.p75):<15}  {between(figure.p10, figure.p90):<15}{judged}"
    ).rstrip()


def head(first: str = "") -> str:
    return f"  {first:<{WIDTH}}{'median':>10}  {'IQR':<15}  {'p10-p90':<15}{'budget':>10}  verdict"


def print_times(timings: Timings, rows: Sequence[tuple[str, str]]) -> None:
    for title, times in (("wall time", timings.wall), ("CPU time (all threads)", timings.cpu)):
        print(head(title))
        for key, label in rows:
            if key in times:
                print(columns(label, spread(times[key]), " ms"))


def print_ratio(
    report: Report,
    label: str,
    numerators: Sequence[float],
    denominators: Sequence[float],
    budget: Budget | None,
    *,
    cpu: bool = False,
) -> None:
    figure = spread(paired_ratios(numerators, denominators))
    judged = f"  {report.judge(label, budget, figure, cpu=cpu)}" if budget else ""
    print(columns(label, figure, "x", judged))


Ratio = tuple[str, str, str, Budget | None]  # label, numerator's key, denominator's key, budget


def print_ratios(report: Report, timings: Timings, ratios: Sequence[Ratio]) -> None:
    """Each ratio round by round, of wall time (the budget as written) and of CPU time (what
    a busy machine changes least: read it beside the wall figure when the load is high)."""
    for title, times, cpu in (
        ("ratios of wall time, paired run by run", timings.wall, False),
        ("ratios of CPU time, paired run by run", timings.cpu, True),
    ):
        print(head(title))
        for label, top, bottom, budget in ratios:
            if top in times and bottom in times:
                print_ratio(report, label, times[top], times[bottom], budget, cpu=cpu)


def report_startup(report: Report, timings: Timings, names: Sequence[str], runs: int) -> None:
    heading(
        f"First frame of home: launch until the pack's title is drawn (real pty, 100x30),"
        f" {runs} interleaved runs"
    )
    rows = [("hello", "bare Textual hello")]
    for name in names:
        rows += [
            (f"floor-{name}", f"floor (Textual-only home), {name} venv"),
            (f"home-{name}", f"coach home, {name}"),
        ]
    print_times(timings, rows)
    ratios: list[Ratio] = [
        ("floor / bare hello (Textual's cost of home)", f"floor-{names[0]}", "hello", None)
    ]
    ratios += [(f"coach home / floor, {n}", f"home-{n}", f"floor-{n}", FIRST_FRAME) for n in names]
    ratios += [(f"coach home / bare hello, {n}", f"home-{n}", "hello", None) for n in names]
    print_ratios(report, timings, ratios)


def report_step1(report: Report, timings: Timings, names: Sequence[str], runs: int) -> None:
    heading(f'Launch to "Step 1" on screen (coach start, real pty), {runs} interleaved runs')
    print_times(
        timings,
        [("hello", "bare Textual hello (first frame)")]
        + [(f"start-{n}", f"coach start, {n}") for n in names],
    )
    print_ratios(
        report,
        timings,
        [(f"coach start / bare hello, {n}", f"start-{n}", "hello", STEP1) for n in names],
    )


def report_commands(report: Report, timings: Timings, names: Sequence[str], runs: int) -> None:
    heading(
        f"Commands to their exit, on a journal of {HISTORY_SESSIONS} sessions,"
        f" {runs} interleaved runs"
    )
    rows = []
    for name in names:
        rows.append((f"pass-{name}", f"python -c pass, {name} venv"))
        rows += [(f"{c[0]}-{name}", f"coach {' '.join(c)}, {name}") for c in COMMANDS]
    print_times(timings, rows)
    print_ratios(
        report,
        timings,
        [
            (
                f"coach {c[0]} / python -c pass, {n}",
                f"{c[0]}-{n}",
                f"pass-{n}",
                STATUS if c[0] == "status" else COMMAND,
            )
            for n in names
            for c in COMMANDS
        ],
    )


# --- running session and idle home -----------------------------------------------------------


def bench_session(
    report: Report, installs_: Sequence[Install], homes: Homes, settings: Settings
) -> None:
    """Side by side, at the same time (so the machine's load hits all alike): a session of each
    install, the bare clock, home idle and the bare hello idle; CPU over the window after the
    settling time, RSS at its end. Repeated with homes put back as prepared."""
    editable = installs_[0]
    title = pack_title()
    specs: list[tuple[str, str, tuple[str, ...], str]] = [
        (
            "clock",
            "bare Textual clock (Digits, 4 Hz)",
            (str(editable.python), str(HERE / "bare_clock.py")),
            "╭─╮",
        ),
        *[
            (f"session-{i.name}", f"coach session, {i.name}", (*i.coach, "start"), "Step 1")
            for i in installs_
        ],
        (
            "hello-idle",
            "bare Textual hello, idle",
            (str(editable.python), str(HERE / "bare_hello.py")),
            "Hello from a bare",
        ),
        ("home-idle", f"coach home idle, {editable.name}", editable.coach, title),
    ]
    cpu: dict[str, list[float]] = {key: [] for key, *_ in specs}
    rss: dict[str, list[float]] = {key: [] for key, *_ in specs}
    for repeat in range(settings.session_repeats):
        progress(f"session: run {repeat + 1} of {settings.session_repeats}")
        runs: dict[str, Run] = {}
        try:
            for key, _, argv, _ in specs:
                homes.restore(f"steady-{key}")
                home = homes.make(f"steady-{key}")
                runs[key] = launch(argv, home_env(home), inherit=False, cwd=home)
            for key, label, _, needle in specs:
                try:
                    runs[key].read_until(needle)
                except TimeoutError:
                    raise SystemExit(
                        f"{label}: {needle!r} never drawn:\n{runs[key].text()[-1500:]}"
                    ) from None
            drain_all(list(runs.values()), settings.settle)
            before = {key: run.cpu_seconds() for key, run in runs.items()}
            started = time.monotonic()
            drain_all(list(runs.values()), settings.window)
            elapsed = time.monotonic() - started
            for key, run in runs.items():
                cpu[key].append((run.cpu_seconds() - before[key]) / elapsed * 100)
                rss[key].append(run.rss_mib())
        finally:
            for run in runs.values():
                run.stop()
    progress("")
    report.samples["session"] = {"cpu_percent": cpu, "rss_mib": rss}
    heading(
        f"Running session and idle home, side by side: CPU over {settings.window:.0f} s after"
        f" {settings.settle:.0f} s to settle, RSS at the end; {settings.session_repeats} run{'s' if settings.session_repeats > 1 else ''}"
    )
    print(head("CPU"))
    for key, label, *_ in specs:
        print(columns(label, spread(cpu[key]), " %"))
    print(head("RSS"))
    for key, label, *_ in specs:
        print(columns(label, spread(rss[key]), " MiB"))
    print(head("ratios, paired run by run"))
    for install in installs_:
        key = f"session-{install.name}"
        print_ratio(
            report, f"RSS session / bare clock, {install.name}", rss[key], rss["clock"], RSS
        )
    for install in installs_:
        key = f"session-{install.name}"
        if min(cpu["clock"]) <= 0:
            print(f"  CPU session / clock, {install.name}: the clock used no measurable CPU")
            continue
        print_ratio(
            report, f"CPU session / bare clock, {install.name}", cpu[key], cpu["clock"], SESSION_CPU
        )


# --- in-process benchmarks run as scripts ---------------------------------------------------


def run_script(editable: Install, name: str, args: Sequence[str], home: Path) -> tuple[str, dict]:
    """A bench script in its own process (from bytecode, a private HOME): its printed output,
    indented, and the samples it wrote."""
    with tempfile.TemporaryDirectory() as tmp:
        samples = Path(tmp) / "samples.json"
        done = subprocess.run(
            [str(editable.python), str(HERE / name), *args, "--samples", str(samples)],
            env=home_env(home),
            cwd=home,
            capture_output=True,
            text=True,
        )
        output = (done.stdout + done.stderr).strip()
        if not samples.exists():
            raise SystemExit(f"bench/{name} failed (exit {done.returncode}):\n{output}")
        return "  " + output.replace("\n", "\n  "), json.loads(samples.read_text())


def bench_history(report: Report, editable: Install, homes: Homes, settings: Settings) -> None:
    heading(
        f"History screen at 10,000 sessions, as opened in the app (bench/bench_history.py,"
        f" {settings.history_runs} runs)"
    )
    output, samples = run_script(
        editable, "bench_history.py", ["--runs", str(settings.history_runs)], homes.make("scripts")
    )
    report.samples["history"] = samples
    print(output)
    print(head())
    for key, label in (
        ("bare_wall_ms", "bare screen (Textual's floor), wall"),
        ("warm_wall_ms", "HistoryScreen as in the app, wall"),
        ("warm_cpu_ms", "HistoryScreen as in the app, CPU"),
    ):
        print(columns(label, spread(samples[key]), " ms"))
    for key, cpu in (("warm_wall_ms", False), ("warm_cpu_ms", True)):
        figure = spread(samples[key])
        judged = report.judge("history screen at 10,000 sessions", HISTORY_SCREEN, figure, cpu=cpu)
        what = "CPU" if cpu else "wall"
        print(columns(f"budget: HistoryScreen as in the app, {what}", figure, " ms", f"  {judged}"))


def bench_faq(report: Report, editable: Install, homes: Homes, settings: Settings) -> None:
    heading(
        f"FAQ search per keystroke at 10,000 entries (bench/bench_faq.py, {settings.faq_rounds}"
        f" round{'s' if settings.faq_rounds > 1 else ''})"
    )
    output, samples = run_script(
        editable, "bench_faq.py", ["--rounds", str(settings.faq_rounds)], homes.make("scripts")
    )
    report.samples["faq"] = samples
    print(output)
    print(head())
    for what, prefix in (("wall", ""), ("CPU", "cpu_")):
        every = [t for one in samples[f"{prefix}keystrokes_ms"] for t in one]
        print(columns(f"per keystroke, every round, {what}", spread(every), " ms"))
    for what, key, cpu in (("wall", "p95_ms", False), ("CPU", "cpu_p95_ms", True)):
        figure = spread(samples[key])
        label = "FAQ p95 per keystroke at 10,000 entries"
        judged = report.judge(label, FAQ_KEYSTROKE, figure, cpu=cpu)
        print(columns(f"budget: p95 per keystroke, by round, {what}", figure, " ms", f"  {judged}"))


def bench_loading(report: Report, editable: Install, homes: Homes, settings: Settings) -> None:
    heading("Content load and validation (bench/bench_loading.py, best of 3)")
    output, samples = run_script(
        editable, "bench_loading.py", [str(n) for n in settings.load_sizes], homes.make("scripts")
    )
    report.samples["loading"] = samples
    print(output)


# --- the whole run ----------------------------------------------------------------------------


def git_state() -> str:
    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return done.stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--", *installs.WHEEL_INPUTS)
    return commit + (" + uncommitted changes" if dirty else "")


def summary(report: Report) -> None:
    heading("Budgets (issue 28): each figure's median against its budget, with its spread")
    print(head("wall time (the budgets as written)"))
    for label, budget, figure in report.budgets:
        print(columns(label, figure, budget.unit, f"  {report_line(budget, figure)}"))
    met = sum(verdict_of(b, f).outcome == "met" for _, b, f in report.budgets)
    print(f"  {met} of {len(report.budgets)} met")
    if report.cpu_budgets:
        print(head("the same on CPU time (what a busy machine changes least)"))
        for label, budget, figure in report.cpu_budgets:
            print(columns(label, figure, budget.unit, f"  {report_line(budget, figure)}"))
        met = sum(verdict_of(b, f).outcome == "met" for _, b, f in report.cpu_budgets)
        print(f"  {met} of {len(report.cpu_budgets)} met on CPU time")


def report_line(budget: Budget, figure: Spread) -> str:
    return f"{budget.text():>8}  {verdict_of(budget, figure)}"


def verdict_of(budget: Budget, figure: Spread) -> Verdict:
    return verdict(figure, budget.limit, strict=budget.strict)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="fewer runs, shorter windows")
    parser.add_argument(
        "--only",
        metavar="NAME[,NAME]",
        help=f"only these figures: {', '.join(FIGURES)}",
    )
    parser.add_argument("--runs", type=int, help="interleaved rounds (default 21; --quick 5)")
    parser.add_argument(
        "--no-wheel", action="store_true", help="measure the editable checkout only"
    )
    parser.add_argument(
        "--wheel-cache",
        type=Path,
        default=installs.default_cache(ROOT),
        help="where the wheel's venv is kept between runs (default: %(default)s)",
    )
    args = parser.parse_args(argv)
    chosen = set(FIGURES) if not args.only else {name.strip() for name in args.only.split(",")}
    unknown = chosen - set(FIGURES)
    if unknown:
        parser.error(
            f"unknown figure {', '.join(sorted(unknown))}; choose from {', '.join(FIGURES)}"
        )
    args.figures = chosen
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    settings = QUICK if args.quick else FULL
    runs = args.runs or settings.runs
    began = time.monotonic()
    report = Report()
    editable = installs.editable(ROOT, installs.base_python())
    chosen: list[Install] = [editable]
    notes: list[str] = []

    def note(text: str) -> None:
        notes.append(text)
        progress(text)

    if not args.no_wheel and args.figures & {"startup", "step1", "session", "commands"}:
        chosen.append(installs.wheel(ROOT, editable.python, args.wheel_cache, note))
    progress("")
    names = [install.name for install in chosen]
    versions = ", ".join(f"{installs.textual_version(i)} ({i.name})" for i in chosen)
    print(
        f"coach benchmark · {dt.datetime.now():%Y-%m-%d %H:%M} · Python {platform.python_version()}"
        f" · Textual {versions} · {os.cpu_count()} cores"
    )
    print(f"checkout {ROOT} at {git_state()}; wheel inputs {installs.tree_digest(ROOT)[:12]}")
    print("installs: " + "; ".join(f"{i.name}: {' '.join(i.coach)}" for i in chosen))
    for text in notes:
        print(text)
    print(f"load average {load_average()} (1, 5, 15 min) at the start", flush=True)
    with tempfile.TemporaryDirectory(prefix="coach-bench-") as tmp:
        homes = Homes(Path(tmp), editable)
        cases = launch_cases(args.figures, chosen, homes)
        if cases:
            timings = interleave(cases, runs, settings.warmup)
            report.samples["interleaved_wall_ms"] = timings.wall
            report.samples["interleaved_cpu_ms"] = timings.cpu
            if "startup" in args.figures:
                report_startup(report, timings, names, runs)
            if "step1" in args.figures:
                report_step1(report, timings, names, runs)
            if "commands" in args.figures:
                report_commands(report, timings, names, runs)
        if "session" in args.figures:
            bench_session(report, chosen, homes, settings)
        if "history" in args.figures:
            bench_history(report, editable, homes, settings)
        if "faq" in args.figures:
            bench_faq(report, editable, homes, settings)
        if "loading" in args.figures:
            bench_loading(report, editable, homes, settings)
    if report.budgets:
        summary(report)
    minutes = (time.monotonic() - began) / 60
    print(f"\nload average {load_average()} at the end; the bench took {minutes:.1f} min")
    results = HERE / "results"
    results.mkdir(exist_ok=True)
    saved = results / f"run-{dt.datetime.now():%Y%m%d-%H%M%S}.json"
    saved.write_text(
        json.dumps({"settings": vars(settings) | {"runs": runs}, **report.samples}, indent=1)
    )
    print(f"samples: {saved.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Benchmark the respondent pages under gunicorn against bare Flask apps, with wrk.

Usage: python bench/respond.py [--backend sqlite|postgresql|both] [--duration 12] [--threads 1]
                              [--rounds 3]
PostgreSQL: SURVEYAPP_TEST_POSTGRES_URL (default postgres@127.0.0.1:5432), as for the tests.

Starts, for each backend, on a fresh database with 10,000 invitations:
  * the survey app under gunicorn (2 workers): GET a survey page of a link already opened
    (the target), GET a link's first page view (which also records that the link was opened,
    one write per link: shown apart, for reference), POST a page of answers;
  * a bare Flask app rendering a 5 KB template (GET) and one inserting a row per POST;
drives each with wrk at 32 connections, in rounds taken in turn (all apps are up at once),
and prints requests/s, p50 and p99 of the median round of each, and the ratios: of those
medians, and by round (each survey run against the bare run just before it).
Every app runs under the same gunicorn settings: sync workers, or with --threads N the
gthread worker with N threads per worker (which also keeps connections alive).
Targets: GET >= 0.5x bare template, POST >= 0.5x bare insert, p99 < 50 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bare_apps import create_rows_table  # noqa: E402
from bench.seed import seed_invitations  # noqa: E402
from tests.support.databases import fresh_database  # noqa: E402

INVITATIONS = 10_000
PREPARED = 500  # invitations warmed up with a session and CSRF token for the POST runs
VIEWED = 2000  # invitations opened once before the GET runs (the first view writes)
CONNECTIONS = 32


def main() -> None:
    options = parse_args()
    if not shutil.which("wrk"):
        sys.exit("bench/respond.py needs wrk (Debian: apt-get install wrk)")
    backends = ["sqlite", "postgresql"] if options.backend == "both" else [options.backend]
    for backend in backends:
        print(
            f"\n=== {backend}: {INVITATIONS:,} invitations, {CONNECTIONS} connections, "
            f"{options.duration}s per run, gunicorn 2 workers, {options.threads} thread(s) ===",
            flush=True,
        )
        with fresh_url(backend) as url:
            run_backend(url, options.duration, options.threads, options.rounds)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--duration", type=int, default=12, help="seconds per run, all rounds")
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per run (median shown)")
    return parser.parse_args()


def run_backend(url: str, duration: int, threads: int, rounds: int) -> None:
    print("seeding ...", flush=True)
    tokens = seed_invitations(url, INVITATIONS)
    create_rows_table(url)  # once, before two workers race to create it
    env = {
        **os.environ,
        "SURVEYAPP_DATABASE_URL": url,
        "SURVEYAPP_SECRET_KEY": "bench",
        "BENCH_DATABASE_URL": url,
        "GUNICORN_CMD_ARGS": f"--threads {threads}",  # the same for every app below
    }
    with (
        gunicorn("surveyapp:create_app()", env) as survey,
        gunicorn("bench.bare_apps:template_app()", env) as bare_template,
        gunicorn("bench.bare_apps:insert_app()", env) as bare_insert,
    ):
        shuffled = random.sample(tokens, len(tokens))
        viewed, unopened = shuffled[:VIEWED], shuffled[VIEWED + PREPARED :]
        prepared = prepare_posts(survey, shuffled[VIEWED : VIEWED + PREPARED])
        open_links(survey, viewed)
        runs = {
            "survey 1st GET": (survey, get_script(unopened)),
            "bare GET": (bare_template, ""),
            "survey GET": (survey, get_script(viewed)),
            "bare POST": (bare_insert, BARE_POST),
            "survey POST": (survey, post_script(prepared)),
        }
        # The machine may be shared: each app is measured in several short rounds taken in
        # turn, so that a burst of outside load falls on all of them alike; each survey run
        # comes right after the bare run it is compared with, as the ratios by round pair them.
        samples: dict[str, list[dict[str, float]]] = {name: [] for name in runs}
        for _ in range(rounds):
            for name, (base, script) in runs.items():
                samples[name].append(wrk(base, script, max(2, duration // rounds)))
    report({name: median_round(runs) for name, runs in samples.items()}, samples)


BARE_POST = (
    'wrk.method = "POST"\nwrk.body = "text=hello"\n'
    'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
)


def median_round(rounds: list[dict[str, float]]) -> dict[str, float]:
    """The round with the median throughput; errors summed over all rounds."""
    middle = sorted(rounds, key=lambda figures: figures["rps"])[len(rounds) // 2]
    return {
        **middle,
        "errors": sum(figures["errors"] for figures in rounds),
        "timeouts": sum(figures["timeouts"] for figures in rounds),
    }


def report(
    results: dict[str, dict[str, float]], samples: dict[str, list[dict[str, float]]]
) -> None:
    print(
        f"{'run':<14} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'timeouts':>8}"
        "  req/s by round"
    )
    for name, figures in results.items():
        each = " ".join(f"{round_['rps']:.0f}" for round_ in samples[name])
        print(
            f"{name:<14} {figures['rps']:>9.0f} {figures['p50']:>8.1f} {figures['p99']:>8.1f} "
            f"{figures['errors']:>7.0f} {figures['timeouts']:>8.0f}  {each}"
        )
    if any(figures["errors"] for figures in results.values()):
        print("some requests failed: the ratios below are not meaningful")
    for label, survey, bare, what in (
        ("GET ", "survey GET", "bare GET", "bare template app"),
        ("POST", "survey POST", "bare POST", "bare insert app"),
    ):
        ratio = results[survey]["rps"] / results[bare]["rps"]
        pairs = zip(samples[survey], samples[bare], strict=True)
        by_round = [ours["rps"] / theirs["rps"] for ours, theirs in pairs]
        print(
            f"{label} ratio vs {what + ':':<18} {ratio:.2f}x (target >= 0.5); by round "
            + " ".join(f"{r:.2f}" for r in by_round)
            + f", median {statistics.median(by_round):.2f}x"
        )
    worst = max(results["survey GET"]["p99"], results["survey POST"]["p99"])
    print(f"survey p99 worst: {worst:.1f} ms (target < 50 ms)")


@contextmanager
def fresh_url(backend: str):  # type: ignore[no-untyped-def]
    with tempfile.TemporaryDirectory() as folder, fresh_database(backend, Path(folder)) as url:
        yield url


@contextmanager
def gunicorn(app: str, env: dict[str, str]):  # type: ignore[no-untyped-def]
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            app,
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base)
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_up(base: str) -> None:
    deadline = time.monotonic() + 120  # a loaded machine may take a while to import the app
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/", timeout=1)
            return
        except urllib.error.HTTPError:
            return  # any HTTP answer means it is serving
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server at {base} did not start")


def open_links(base: str, tokens: list[str]) -> None:
    """View each link once, as its respondent did before: later views only read."""
    for token in tokens:
        urllib.request.urlopen(f"{base}/s/{token}?page=expectations").read()


def prepare_posts(base: str, tokens: list[str]) -> list[tuple[str, str, str]]:
    """For each token: (path, cookie header, form body) of a valid first-page POST."""
    prepared = []
    for token in tokens:
        jar = CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        html = opener.open(f"{base}/s/{token}?page=expectations").read().decode()
        csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html).group(1)
        cookie = "; ".join(f"{c.name}={c.value}" for c in jar)
        body = urllib.parse.urlencode(
            {
                "csrf_token": csrf,
                "section": "expectations",
                "lang": "en",
                "first_outcome": "Invoices go out the same day they are approved.",
                "chosen_outcome": "One place for billing and collections.",
            }
        )
        prepared.append((f"/s/{token}", cookie, body))
    return prepared


def get_script(tokens: list[str]) -> str:
    """GET the tokens' pages in turn; wrk's two threads take every other one (each thread
    runs the script apart: without the offset both would walk the same links)."""
    paths = ",".join(f'"/s/{t}?page=expectations"' for t in tokens)
    return (
        f"local paths = {{{paths}}}\nlocal threads = 0\n"
        "setup = function(thread)\n  thread:set('i', threads)\n  threads = threads + 1\nend\n"
        "request = function()\n  i = (i + 2) % #paths\n"
        "  return wrk.format('GET', paths[i + 1])\nend\n"
    )


def post_script(prepared: list[tuple[str, str, str]]) -> str:
    rows = ",".join(f'{{"{p}","{c}","{b}"}}' for p, c, b in prepared)
    return (
        f"local rows = {{{rows}}}\nlocal i = 0\n"
        "request = function()\n  i = i % #rows + 1\n  local r = rows[i]\n"
        "  return wrk.format('POST', r[1], {['Cookie'] = r[2], ['Content-Type'] = "
        "'application/x-www-form-urlencoded'}, r[3])\nend\n"
    )


def wrk(base: str, script: str, duration: int) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script + LATENCY_DONE)
    out = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{duration}s",
            "--latency",
            "-s",
            handle.name,
            base + "/",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    Path(handle.name).unlink()
    return parse_wrk(out)


# wrk prints percentiles with units; this prints them in microseconds, easier to parse.
LATENCY_DONE = """
done = function(summary, latency, requests)
  io.write(string.format("P50US %d\\nP99US %d\\nREQS %d\\nSECS %f\\nERRS %d\\nTMOS %d\\n",
    latency:percentile(50), latency:percentile(99), summary.requests,
    summary.duration / 1e6, summary.errors.status + summary.errors.connect +
    summary.errors.read + summary.errors.write, summary.errors.timeout))
end
"""


def parse_wrk(out: str) -> dict[str, float]:
    # ERRS: 4xx/5xx answers and socket errors; TMOS: no answer within wrk's 2 s timeout.
    figures = dict(re.findall(r"^(P50US|P99US|REQS|SECS|ERRS|TMOS) ([\d.]+)$", out, re.M))
    return {
        "rps": float(figures["REQS"]) / float(figures["SECS"]),
        "p50": float(figures["P50US"]) / 1000,
        "p99": float(figures["P99US"]) / 1000,
        "errors": float(figures["ERRS"]),
        "timeouts": float(figures["TMOS"]),
    }


if __name__ == "__main__":
    main()

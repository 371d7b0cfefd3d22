"""Benchmarks of the analysis package: scale (time, peak memory) and banking77 quality.

    python bench/analysis.py scale [--sizes 10000 100000] [--accounts 100000 --events 1000000]
    python bench/analysis.py banking77 [--split test] [--backend tfidf] [--k 77] [--seeds 0 1 2]
                                       [--intents N]
    python bench/analysis.py languages

`languages` scores the language detector against known labels (the demo phrases and the
app's translation catalogues, five languages) and against langdetect as it was used before
(restricted to the five, seeded), with the time per distinct answer of each.

`scale` runs every case in a fresh process and reports its wall time and peak RSS, beside the
bare TF-IDF + k-means pipeline on the same texts in the same run. `banking77` reads
../shared/benchmarks/banking77 (tune on train.csv, report test.csv) and prints NMI, ARI and
accuracy after Hungarian matching; with ``--intents N`` each seed clusters a seeded draw of N
intents (all their answers), to check automatic k (``--k auto``) across sizes.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BANKING77 = ROOT.parent / "shared" / "benchmarks" / "banking77"


def _in_child(job: Callable[..., dict[str, Any]], args: tuple[Any, ...], queue: Any) -> None:
    started = time.perf_counter()
    result = job(*args)
    result["seconds"] = time.perf_counter() - started - result.pop("setup_seconds", 0.0)
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put(result)


def measure(job: Callable[..., dict[str, Any]], *args: Any) -> dict[str, Any]:
    """Run ``job(*args)`` in a fresh process; return its result, time and peak memory."""
    context = mp.get_context("spawn")
    queue = context.Queue()
    process = context.Process(target=_in_child, args=(job, args, queue))
    process.start()
    result = queue.get()
    process.join()
    return result


def _planted_answers(n: int) -> tuple[list[str], list[str]]:
    from analysis.datasets import make_value_study

    answers = make_value_study(n, filler_share=0.0, random_state=0).answers
    return answers["expected_outcome"].tolist(), (answers["theme"] + answers["locale"]).tolist()


def cluster_job(n: int, k: int | str) -> dict[str, Any]:
    from sklearn.metrics import normalized_mutual_info_score

    from analysis.cluster import AnswerClusterer

    t0 = time.perf_counter()
    texts, truth = _planted_answers(n)
    setup = time.perf_counter() - t0
    model = AnswerClusterer(k, random_state=0).fit(texts)
    nmi = normalized_mutual_info_score(truth, model.labels_)
    return {"setup_seconds": setup, "nmi": nmi, "k": model.n_clusters_}


def bare_job(n: int, k: int) -> dict[str, Any]:
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics import normalized_mutual_info_score

    t0 = time.perf_counter()
    texts, truth = _planted_answers(n)
    setup = time.perf_counter() - t0
    matrix = TfidfVectorizer().fit_transform(texts)
    labels = KMeans(k, n_init=1, random_state=0).fit_predict(matrix)
    return {"setup_seconds": setup, "nmi": normalized_mutual_info_score(truth, labels)}


def ttfv_job(n_accounts: int, n_events: int) -> dict[str, Any]:
    import numpy as np
    import pandas as pd

    from analysis.ttfv import first_value_table, ttfv_summary

    t0 = time.perf_counter()
    rng = np.random.default_rng(0)
    as_of = pd.Timestamp("2025-06-30", tz="UTC")
    ids = np.arange(n_accounts)
    accounts = pd.DataFrame(
        {
            "account_id": ids,
            "segment": rng.choice(["smb", "mid", "ent"], n_accounts),
            "start_at": as_of - pd.to_timedelta(rng.uniform(1, 365, n_accounts), unit="D"),
        }
    )
    events = pd.DataFrame(
        {
            "account_id": rng.integers(0, n_accounts, n_events),
            "milestone": rng.choice(
                ["login", "invite_sent", "report_shared"], n_events, p=[0.6, 0.3, 0.1]
            ),
            "occurred_at": as_of - pd.to_timedelta(rng.uniform(0, 365, n_events), unit="D"),
        }
    )
    setup = time.perf_counter() - t0
    table = first_value_table(accounts, events, ["report_shared"], as_of)
    summary = ttfv_summary(table, group_by="segment")
    return {
        "setup_seconds": setup,
        "reached": int(table["reached"].sum()),
        "median": summary["groups"]["overall"]["median"],
    }


def scale(args: argparse.Namespace) -> None:
    for n in args.sizes:
        ours = measure(cluster_job, n, "auto" if args.auto_k else args.k)
        bare = measure(bare_job, n, args.k)
        print(
            f"cluster {n:>7} answers k={ours['k']}: {ours['seconds']:6.1f} s, "
            f"peak {ours['peak_rss_mb']:6.0f} MB, "
            f"NMI {ours['nmi']:.3f} | bare TF-IDF+k-means {bare['seconds']:5.1f} s, "
            f"{bare['peak_rss_mb']:5.0f} MB, NMI {bare['nmi']:.3f} | "
            f"time ratio {ours['seconds'] / bare['seconds']:.1f}"
        )
    result = measure(ttfv_job, args.accounts, args.events)
    print(
        f"ttfv {args.accounts} accounts, {args.events} events: {result['seconds']:.1f} s, "
        f"peak {result['peak_rss_mb']:.0f} MB "
        f"({result['reached']} reached, median {result['median']:.1f} days)"
    )


def banking77(args: argparse.Namespace) -> None:
    import numpy as np
    import pandas as pd
    from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

    from analysis.cluster import AnswerClusterer, clustering_accuracy

    whole = pd.read_csv(BANKING77 / f"{args.split}.csv")
    scores = []
    for seed in args.seeds:
        data = whole
        if args.intents:  # a seeded draw of intents, all their answers in the split
            intents = sorted(whole["category"].unique())
            chosen = np.random.default_rng(seed).choice(intents, args.intents, replace=False)
            data = whole[whole["category"].isin(chosen)]
        started = time.perf_counter()
        model = AnswerClusterer(
            "auto" if args.k == "auto" else int(args.k),
            language="en",
            backend=args.backend,
            algorithm=args.algorithm,
            random_state=seed,
        )
        model.fit(data["text"].tolist())
        seconds = time.perf_counter() - started
        truth, labels = data["category"], model.labels_
        row = (
            normalized_mutual_info_score(truth, labels),
            adjusted_rand_score(truth, labels),
            clustering_accuracy(truth, labels),
        )
        scores.append(row)
        print(
            f"seed {seed}: {len(data)} answers, {truth.nunique()} intents, k={model.n_clusters_} "
            f"NMI {row[0]:.3f} ARI {row[1]:.3f} ACC {row[2]:.3f} "
            f"set apart {int((labels < 0).sum())} ({seconds:.1f} s)"
        )
    mean = np.mean(scores, axis=0)
    print(
        f"{args.split} {args.backend}/{args.algorithm} k={args.k}: "
        f"mean NMI {mean[0]:.3f} ARI {mean[1]:.3f} ACC {mean[2]:.3f}"
    )


def _language_samples() -> list[tuple[str, str]]:
    import re

    import yaml
    from babel.messages.pofile import read_po

    from analysis.datasets._phrases import THEME_PHRASES

    samples = [
        (p, lang) for theme in THEME_PHRASES.values() for lang, ps in theme.items() for p in ps
    ]
    demo = yaml.safe_load((ROOT / "surveyapp" / "demo" / "phrases.yaml").read_text("utf-8"))
    for theme in demo["theme_answers"].values():
        samples += [(text, lang) for lang, answers in theme.items() for text in answers.values()]
    samples += [(text, lang) for lang, texts in demo["obstacles"].items() for text in texts]
    placeholder = re.compile(r"%\(\w+\)[sd]|%%|\{\w*\}")
    for lang in ("pt", "es", "pl", "fa"):
        path = ROOT / "surveyapp" / "translations" / lang / "LC_MESSAGES" / "messages.po"
        with path.open("rb") as catalogue:
            for message in read_po(catalogue):
                ids = message.id if isinstance(message.id, tuple) else (message.id,)
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                if ids[0] and strings[0]:
                    samples.append((placeholder.sub("", strings[0]).strip(), lang))
                    if lang == "pt":
                        samples.append((placeholder.sub("", ids[0]).strip(), "en"))
    return [(text, lang) for text, lang in samples if text]


def _langdetect_restricted(texts: list[str]) -> list[str]:
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    from analysis.text import SUPPORTED_LANGUAGES
    from analysis.text._normalize import has_arabic_script

    DetectorFactory.seed = 0
    found = []
    for text in texts:
        try:
            ranked = [] if has_arabic_script(text) else detect_langs(text)
        except LangDetectException:
            ranked = []
        codes = [c.lang for c in ranked if c.lang in SUPPORTED_LANGUAGES]
        found.append("fa" if has_arabic_script(text) else (codes[0] if codes else "en"))
    return found


def languages(args: argparse.Namespace) -> None:
    import pandas as pd

    from analysis.text import detect_languages

    labelled = _language_samples()
    english = pd.read_csv(BANKING77 / "train.csv")["text"].drop_duplicates().tolist()
    detect_languages(["zzz"]), _langdetect_restricted(["zzz"])  # load profiles
    for name, detector in (("ours", detect_languages), ("langdetect", _langdetect_restricted)):
        started = time.perf_counter()
        found = detector([text for text, _ in labelled])
        middle = time.perf_counter()
        on_english = detector(english[: args.english])
        seconds = time.perf_counter() - middle
        right = sum(f == lang for f, (_, lang) in zip(found, labelled, strict=True))
        long = [i for i, (text, _) in enumerate(labelled) if len(text.split()) >= 3]
        right_long = sum(found[i] == labelled[i][1] for i in long)
        print(
            f"{name:>10}: labelled {right}/{len(labelled)} ({right / len(labelled):.1%}), "
            f"3+ words {right_long}/{len(long)} ({right_long / len(long):.1%}), "
            f"{(middle - started) / len(labelled) * 1e6:.0f} us/answer | banking77 "
            f"(English) {on_english.count('en')}/{len(on_english)} en, "
            f"{seconds / len(on_english) * 1e6:.0f} us/answer"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    scale_parser = commands.add_parser("scale")
    scale_parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    scale_parser.add_argument("--k", type=int, default=20)
    scale_parser.add_argument(
        "--auto-k", action="store_true", help="our clustering chooses k (bare keeps --k)"
    )
    scale_parser.add_argument("--accounts", type=int, default=100_000)
    scale_parser.add_argument("--events", type=int, default=1_000_000)
    bank_parser = commands.add_parser("banking77")
    bank_parser.add_argument("--split", choices=["train", "test"], default="test")
    bank_parser.add_argument("--backend", choices=["tfidf", "embeddings"], default="tfidf")
    bank_parser.add_argument(
        "--algorithm", choices=["spectral", "kmeans", "agglomerative"], default="spectral"
    )
    bank_parser.add_argument("--k", default="77")
    bank_parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    bank_parser.add_argument(
        "--intents", type=int, default=0, help="cluster a seeded draw of this many intents"
    )
    language_parser = commands.add_parser("languages")
    language_parser.add_argument("--english", type=int, default=2000)
    args = parser.parse_args()
    {"scale": scale, "banking77": banking77, "languages": languages}[args.command](args)


if __name__ == "__main__":
    main()

"""Agreement figures against published worked examples and sklearn."""

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import cohen_kappa_score

from analysis.agreement import (
    agreement_report,
    cohen_kappas,
    fleiss_kappa,
    krippendorff_alpha,
    percent_agreement,
)

# Krippendorff (2011), "Computing Krippendorff's alpha-reliability", section C: four
# observers, twelve units, missing data ("." in the paper is None here).
KRIPPENDORFF_2011 = {
    "A": [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    "B": [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    "C": [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    "D": [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
}

# Fleiss (1971), Table 1: 30 patients, six diagnoses each; columns are the counts for
# depression, personality disorder, schizophrenia, neurosis, other.
FLEISS_1971 = np.array(
    [
        [0, 0, 0, 6, 0],
        [0, 3, 0, 0, 3],
        [0, 1, 4, 0, 1],
        [0, 0, 0, 0, 6],
        [0, 3, 0, 3, 0],
        [2, 0, 4, 0, 0],
        [0, 0, 4, 0, 2],
        [2, 0, 3, 1, 0],
        [2, 0, 0, 4, 0],
        [0, 0, 0, 0, 6],
        [1, 0, 0, 5, 0],
        [1, 1, 0, 4, 0],
        [0, 3, 3, 0, 0],
        [1, 0, 0, 5, 0],
        [0, 2, 0, 3, 1],
        [0, 0, 5, 0, 1],
        [3, 0, 0, 1, 2],
        [5, 1, 0, 0, 0],
        [0, 2, 0, 4, 0],
        [1, 0, 2, 0, 3],
        [0, 0, 0, 0, 6],
        [0, 1, 0, 5, 0],
        [0, 2, 0, 1, 3],
        [2, 0, 0, 4, 0],
        [1, 0, 0, 4, 1],
        [0, 5, 0, 1, 0],
        [4, 0, 0, 0, 2],
        [0, 2, 0, 4, 0],
        [1, 0, 5, 0, 0],
        [0, 0, 0, 0, 6],
    ]
)


def _long(matrix: dict[str, list[object]]) -> pd.DataFrame:
    rows = [
        (u, c, v) for c, values in matrix.items() for u, v in enumerate(values) if v is not None
    ]
    return pd.DataFrame(rows, columns=["unit", "coder", "code"])


@pytest.mark.parametrize(
    ("level", "published"),
    [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)],
)
def test_krippendorff_2011_example(level, published):
    assert krippendorff_alpha(_long(KRIPPENDORFF_2011), level=level) == pytest.approx(
        published, abs=5e-4
    )


def test_krippendorff_nominal_and_interval_agree_with_nltk():
    from nltk.metrics.agreement import AnnotationTask
    from nltk.metrics.distance import interval_distance

    codings = _long(KRIPPENDORFF_2011)
    data = [(c, str(u), v) for u, c, v in codings.itertuples(index=False)]
    assert krippendorff_alpha(codings) == pytest.approx(AnnotationTask(data=data).alpha())
    interval = AnnotationTask(data=data, distance=interval_distance).alpha()
    assert krippendorff_alpha(codings, level="interval") == pytest.approx(interval)


def test_fleiss_1971_kappa_is_0430():
    rows = [
        (u, f"r{i}", c)
        for u, counts in enumerate(FLEISS_1971)
        for i, c in enumerate(np.repeat(np.arange(5), counts))
    ]
    assert fleiss_kappa(pd.DataFrame(rows, columns=["unit", "coder", "code"])) == pytest.approx(
        0.430, abs=5e-4
    )


def test_cohen_kappa_matches_sklearn():
    rng = np.random.default_rng(0)
    a = rng.choice(list("xyz"), 80)
    b = np.where(rng.random(80) < 0.7, a, rng.choice(list("xyz"), 80))
    frame = pd.DataFrame(
        {
            "unit": np.tile(np.arange(80), 2),
            "coder": ["A"] * 80 + ["B"] * 80,
            "code": np.concatenate([a, b]),
        }
    )
    assert cohen_kappas(frame)["A|B"] == pytest.approx(cohen_kappa_score(a, b))


def test_single_codings_and_missing_codes_count_for_nothing():
    base = _long(KRIPPENDORFF_2011)
    extra = pd.DataFrame({"unit": [99, 100, 100], "coder": ["A", "A", "B"], "code": [7, None, 1]})
    report = agreement_report(pd.concat([base, extra], ignore_index=True))
    assert report["krippendorff_alpha"] == pytest.approx(krippendorff_alpha(base))
    assert report["n_units"] == 11  # unit 12 (one coding), 99 and 100 (one code each) drop out
    assert report["n_coders"] == 4
    assert set(report["cohen_kappa"]) == {"A|B", "A|C", "A|D", "B|C", "B|D", "C|D"}


def test_percent_agreement_by_hand():
    frame = _long({"A": [1, 1, 2], "B": [1, 2, 2], "C": [1, 2, None]})
    # unit 0: 3/3 pairs agree; unit 1: 1/3; unit 2: 1/1
    assert percent_agreement(frame) == pytest.approx((1 + 1 / 3 + 1) / 3)


def test_duplicate_coding_is_refused():
    frame = pd.DataFrame({"unit": [1, 1], "coder": ["A", "A"], "code": [1, 2]})
    with pytest.raises(ValueError, match="more than once"):
        fleiss_kappa(frame)


def test_planted_coder_errors_are_recovered(study):
    report = agreement_report(study.codings)
    # error rates 5/10/20 % over four themes: expected alpha about 0.78
    assert 0.70 < report["krippendorff_alpha"] < 0.86
    kappas = report["cohen_kappa"]
    assert kappas["A|B"] > kappas["A|C"] > kappas["B|C"] - 0.05

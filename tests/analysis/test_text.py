"""Text preparation offline in the five shipped languages."""

import pytest

from analysis.text import detect_languages, normalize_text, prepare_answers, stop_words, tokenize


def test_persian_normalisation_and_tokens():
    assert normalize_text("كتاب‌ها") == "کتابها"  # Arabic kaf to Persian, ZWNJ dropped
    assert tokenize("گزارش‌های ماهانه، سریع!") == ["گزارشهای", "ماهانه", "سریع"]
    assert tokenize("Don't wait 30 days") == ["don't", "wait", "30", "days"]


@pytest.mark.parametrize(
    ("language", "text", "stem"),
    [
        ("en", "reports", "report"),
        ("pt", "relatórios", "relatóri"),
        ("es", "informes", "inform"),
        ("pl", "raportach", "raport"),
        ("fa", "کتابها", "کتاب"),
    ],
)
def test_stemming_per_language(language, text, stem):
    assert prepare_answers([text], language).stems == [[stem]]


def test_stop_words_exist_for_all_five():
    assert {"the", "e", "y", "i", "و"} <= stop_words("en") | stop_words("pt") | stop_words(
        "es"
    ) | stop_words("pl") | stop_words("fa")
    with pytest.raises(ValueError, match="language"):
        stop_words("de")


def test_language_detection_is_restricted_and_seeded():
    texts = [
        "I want faster monthly reports",
        "Quero relatórios mensais mais rápidos",
        "Quiero informes mensuales más rápidos",
        "Chcę szybszych miesięcznych raportów",
        "گزارش ماهانه سریع‌تر می‌خواهم",
        "12345",
    ]
    assert detect_languages(texts) == ["en", "pt", "es", "pl", "fa", "en"]


def test_content_drops_stop_words_and_numbers():
    prepared = prepare_answers(["ok", "I want the reports in 30 days"], "en")
    assert prepared.content == [[], ["reports", "days"]]
    with pytest.raises(ValueError, match="2 answers"):
        prepare_answers(["a", "b"], ["en"])


def test_language_detection_on_every_planted_phrase():
    from analysis.datasets._phrases import THEME_PHRASES

    texts, truth = zip(
        *[(p, lang) for theme in THEME_PHRASES.values() for lang, ps in theme.items() for p in ps],
        strict=True,
    )
    assert detect_languages(list(texts)) == list(truth)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("nie wiem", "pl"),  # no Polish letter: stop words decide
        ("não sei", "pt"),
        ("¡no lo sé!", "es"),
        ("Integration with Salesforce", "en"),  # no stop word majority: n-gram profiles
        ("Integração com o Salesforce", "pt"),
        ("Integracja z Salesforce", "pl"),
        ("Sincronizar datos", "es"),
    ],
)
def test_language_detection_of_short_answers(text, language):
    assert detect_languages([text, text.upper()], seed=7) == [language, language]


def test_language_detection_can_be_restricted():
    assert detect_languages(["Quero relatórios"], languages=["en", "es"]) in (["en"], ["es"])
    assert detect_languages(["گزارش ماهانه", "reports"], languages=["en"]) == ["en", "en"]

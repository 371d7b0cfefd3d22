"""Agreement between coders of open answers and interview segments."""

from ._coefficients import cohen_kappas, fleiss_kappa, percent_agreement
from ._krippendorff import LEVELS, krippendorff_alpha
from ._report import agreement_report

__all__ = [
    "LEVELS",
    "agreement_report",
    "cohen_kappas",
    "fleiss_kappa",
    "krippendorff_alpha",
    "percent_agreement",
]

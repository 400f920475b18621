"""The report form's indicator checklist, in plain words, each tied to the ILO forced-labour
indicators (2012) or the ILO/EC operational indicators (2009) it stands for. Weights live in
the versioned rules (``rules/*.toml``), not here."""

from django.utils.translation import gettext_lazy as _

# key -> (plain-word label, the indicator it stands for)
INDICATORS = {
    "deception": (
        _("The job, pay or place turned out different from what was promised"),
        "ILO 2: deception",
    ),
    "documents": (
        _("Someone holds their passport, KTP or other papers"),
        "ILO 7: retention of identity documents",
    ),
    "debt": (
        _("They owe the recruiter or boss money that keeps growing"),
        "ILO 9: debt bondage",
    ),
    "confinement": (
        _("They may not leave the place where they work or sleep"),
        "ILO 3: restriction of movement",
    ),
    "isolation": (
        _("Their phone was taken or they may not contact family"),
        "ILO 4: isolation",
    ),
    "violence": (
        _("They were hit, hurt or sexually abused"),
        "ILO 5: physical and sexual violence",
    ),
    "threats": (
        _("They or their family are threatened"),
        "ILO 6: intimidation and threats",
    ),
    "wages": (
        _("Their pay is held back, cut or never paid"),
        "ILO 8: withholding of wages",
    ),
    "hours": (
        _("Very long hours, no days off, or targets they must meet"),
        "ILO 11: excessive overtime",
    ),
    "underage": (
        _("A child (under 18) is involved"),
        "ILO/EC: child, means not required",
    ),
    "crime": (
        _("They are forced to run online scams, gambling or other crimes"),
        "ILO/EC: forced into illicit activities",
    ),
    "tourist_visa": (
        _("They left on a tourist or visit visa, or without official papers"),
        "UU 18/2017: non-procedural placement",
    ),
    "upfront_fee": (
        _("They had to pay a big fee up front or sign over a debt"),
        "ILO 9 / UU 18/2017 art. 30: placement fees",
    ),
    "too_good": (
        _("High pay with no skills needed, offered on social media or chat"),
        "ILO/EC: deceptive recruitment",
    ),
}


def indicator_choices():
    return [(key, label) for key, (label, _source) in INDICATORS.items()]

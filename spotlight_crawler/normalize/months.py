"""Month names as the site prints them: Gregorian (English, AP style) and Bikram Sambat spellings."""

from __future__ import annotations

import re
from typing import Final

# Patterns that read dates use ASCII semantics: with full Unicode case folding the
# expressions would also accept look-alikes such as the long s or the Kelvin sign,
# which the month tables below could then not look up.
DATE_FLAGS: Final = re.ASCII | re.IGNORECASE

# ---------------------------------------------------------------------------
# Month names
# ---------------------------------------------------------------------------

AD_MONTHS: Final[dict[str, int]] = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
"""Gregorian months keyed by their first three letters (all spellings share them)."""

# Full names, the three-letter forms and Django's AP style ("Sept.").
AD_MONTH: Final = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)(?![a-z])\.?"
)

BS_MONTH_SPELLINGS: Final[dict[int, tuple[str, ...]]] = {
    1: ("baisakh", "baishakh", "baishak", "baisak", "vaisakh", "vaishakh"),
    2: ("jestha", "jeth", "jeshtha", "jyestha", "jyeshtha", "jesth", "jetha"),
    3: ("ashad", "asar", "ashar", "asadh", "ashadh", "aasar", "asaar"),
    4: ("shrawan", "sharwan", "saun", "shravan", "srawan", "sawan", "saawan"),
    5: ("bhadra", "bhadau", "bhadou", "bhado"),
    6: ("ashoj", "asoj", "ashwin", "aswin", "asouj"),
    7: ("kartik", "kartick", "kattik", "kartika", "kaartik"),
    8: ("mangsir", "mangshir", "marga", "mansir", "mangseer", "margashirsha"),
    9: ("poush", "push", "paush", "pous", "pus", "paus"),
    10: ("magh", "maagh"),
    11: ("falgun", "phalgun", "fagun", "phagun"),
    12: ("chaitra", "chait", "chaita", "chaitr"),
}
"""Bikram Sambat months (1 = Baisakh) in the spellings hand-typed issue lines use."""

BS_MONTHS: Final[dict[str, int]] = {
    spelling: number for number, spellings in BS_MONTH_SPELLINGS.items() for spelling in spellings
}

# Longest spellings first, so that "Chaitra" is not read as "Chait" + "ra".
BS_MONTH: Final = r"(?:" + "|".join(sorted(BS_MONTHS, key=len, reverse=True)) + r")(?![a-z])\.?"

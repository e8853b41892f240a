"""Two story bodies under one title ("From The Editor"): distinct stories with shared phrases.

The dedup, fingerprint, recovery and identity tests tell a repost from another story with them.
"""

EDITORIAL = (
    "Nepal's hydropower sector has reached a turning point. After years of load-shedding, the country now "
    "spills electricity in the monsoon because it has no buyers and no transmission lines to carry it.\n\n"
    "The government's promise to export power to India and Bangladesh depends on agreements that are still "
    "being negotiated. Investors who built plants on the strength of that promise are now waiting for payments "
    "that the Nepal Electricity Authority cannot make.\n\n"
    "What the sector needs is not another target but a plan: domestic demand from electric cooking and "
    "transport, cross-border lines finished on time, and tariffs that reward the plants that deliver in winter."
)
# Another "From The Editor" on the same subject: distinct story, some shared phrases.
OTHER_EDITORIAL = (
    "The monsoon has again exposed the weakness of Nepal's roads. Landslides have cut the highways to the east "
    "and the west, and the country now counts the losses of traders who could not reach the markets.\n\n"
    "The government's promise to build all-weather roads depends on budgets that are spent late every year. "
    "Contractors who won the tenders are now waiting for payments that the ministry cannot make.\n\n"
    "What the country needs is not another target but a plan: drainage built with every road, slopes "
    "protected before the rains, and contracts that reward the builders who finish on time."
)

"""The judges on plain witness lists, and what a run says about witnesses that disagree."""

from __future__ import annotations

import pytest

from spotlight_crawler.judge.authors import judge_authors
from spotlight_crawler.judge.body import judge_body
from spotlight_crawler.judge.headline import judge_headline
from spotlight_crawler.judge.published import judge_published
from spotlight_crawler.run import keys
from spotlight_crawler.run.summary import summary_lines

META = [("meta.article:published_time", "2024-05-02T08:05:10-04:00")]


@pytest.mark.parametrize(
    ("printed", "structured", "value", "witness"),
    [
        ("May 2, 2024 8:05 am", META, "2024-05-02T08:05:10-04:00", "meta.article:published_time"),
        ("May 2, 2024 12:05 pm", META, "2024-05-02T08:05:10-04:00", "meta.article:published_time"),  # printed in UTC
        ("May 2, 2024 9:40 am", META, "May 2, 2024 9:40 am", "printed.date_line"),  # another clock: printed stands
        (
            "Oct. 22, 2024, 7:54 p.m.",
            [("meta.article:published_time", "2024-10-22T19:54:00Z")],
            "Oct. 22, 2024, 7:54 p.m.",
            "printed.date_line",
        ),
        ("3 hours ago", META, "3 hours ago", "printed.age"),
        ("May 2, 2024", META, "2024-05-02T08:05:10-04:00", "meta.article:published_time"),  # a day: its instant
        ("2024-05-02T08:05:10Z", [], "2024-05-02T08:05:10Z", "printed.date_line"),  # zoned, nothing to check
        (None, META, "2024-05-02T08:05:10-04:00", "meta.article:published_time"),
        (None, [], None, None),
    ],
)
def test_published_judge(printed, structured, value, witness):
    verdict = judge_published(printed, structured)
    assert (verdict.value, verdict.witness) == (value, witness)


@pytest.mark.parametrize("printed", ["May 2, 2024 9:40 am", "May 3, 2024"])
def test_a_printed_time_or_day_no_metadata_instant_shows_is_a_disagreement(printed):
    verdict = judge_published(printed, META)
    assert (verdict.value, verdict.disagreements) == (printed, (("printed.date_line", "meta.article:published_time"),))


@pytest.mark.parametrize(
    ("printed", "structured", "value"),
    [
        ([("printed.headline", "A")], [("jsonld.headline", "B"), ("meta.og:title", "A")], "A"),
        ([("printed.headline", "A")], [("jsonld.headline", "B"), ("meta.og:title", "B")], "B"),
        ([("printed.headline", "A")], [("jsonld.headline", "B")], "A"),  # among equals, the printed one
        ([("printed.headline", "Example News")], [("jsonld.headline", "B")], "B"),  # the site's name is no headline
        (
            [("printed.headline", "Mayor’s bridge")],
            [("jsonld.headline", "Mayor's bridge"), ("meta.og:title", "Mayor's bridge")],
            "Mayor's bridge",
        ),
    ],
)
def test_headline_judge(printed, structured, value):
    assert judge_headline(printed, structured, site_name="Example News").value == value


JANE = {"name": "Jane Doe", "kind": "person"}
OMAR = {"name": "Omar Haddad", "kind": "person"}
DESK = {"name": "Example News", "kind": "staff"}


@pytest.mark.parametrize(
    ("witnesses", "value", "witness"),
    [
        ([("jsonld.author", [JANE]), ("printed.by_line", [JANE, OMAR])], [JANE, OMAR], "printed.by_line"),
        ([("jsonld.author", [JANE, OMAR]), ("printed.by_line", [JANE])], [JANE, OMAR], "jsonld.author"),
        ([("jsonld.author", [DESK]), ("printed.by_line", [JANE])], [JANE], "printed.by_line"),
        ([("jsonld.author", [JANE]), ("printed.by_line", [JANE, DESK])], [JANE], "jsonld.author"),
        ([("jsonld.author", [DESK])], [DESK], "jsonld.author"),
        ([], None, None),
    ],
)
def test_authors_judge(witnesses, value, witness):
    verdict = judge_authors(witnesses, publisher="Example News")
    assert (verdict.value, verdict.witness) == (value, witness)


STORY = ["The bridge reopened on Thursday after two years of repairs.", "Commuters welcomed the news at first light."]
COST = "The council said the work cost more than planned."
# A general paragraph that repeats a walk sentence inside a longer one (a pull quote).
QUOTED = f"In a statement on Friday evening the council, which argued over the budget for months, added: {COST}"


@pytest.mark.parametrize(
    ("general", "walk", "body"),
    [
        (STORY, STORY, STORY),
        ([], STORY, STORY),  # no main text: the walk's reading
        (STORY[1:], STORY, STORY),  # the general extractor dropped the opening paragraph
        (STORY[:1], STORY, STORY),  # ... or the closing one
        ([*STORY, "Subscribe to read the latest news every morning."], STORY, STORY),  # a closing prompt
        (["The mayor cuts the ribbon (AP Photo/Evan Vucci)", *STORY], STORY, STORY),  # an opening caption
        ([*STORY, QUOTED], [STORY[0], COST, STORY[1]], [STORY[0], COST, STORY[1], QUOTED]),  # put back between
        ([" ".join(["Harbour bridge", *STORY])], STORY, STORY),  # one table cell run together
        (["Home World Sport Council approves budget"], STORY, STORY),  # nothing in common: the prose
        ([COST], ["Bridge news in brief"], [COST]),  # ... the general extractor's, when it has more
    ],
)
def test_body_judge(general, walk, body):
    assert judge_body(general, walk, "Harbour bridge", None).value == body


def test_the_run_summary_names_the_witness_pair_that_disagrees_most():
    stats = {
        keys.ARTICLE_PAGES: 10,
        keys.witnesses_disagree("headline", "printed.headline", "jsonld.headline"): 4,
        keys.witnesses_disagree("body", "trafilatura.main", "walk.story"): 2,
    }
    line = next(line for line in summary_lines(stats, "latest", []) if "witnesses" in line)
    assert line == (
        "  witnesses disagreeing: 6 times; most often on headline, printed.headline against jsonld.headline,"
        " on 4 of 10 article pages"
    )

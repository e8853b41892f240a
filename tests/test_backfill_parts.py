"""The pure side of a backfill: each story once when parts merge, the politeness shared by
the parts, the run file, the Scrapyd targets of scrapy.cfg."""

from __future__ import annotations

import configparser
import json
from datetime import date
from pathlib import Path

import pytest

from spotlight_crawler.arguments import BadInput
from spotlight_crawler.backfill import merge, parts, politeness, scrapyd
from spotlight_crawler.backfill.plan import Part

BODY = " ".join(f"word{i} of the story about the monsoon in Kathmandu" for i in range(40))
OTHER = " ".join(f"other{i} text of a different editorial on trade" for i in range(40))


def record(
    url: str, published_at: str | None = "2024-10-22T19:54:00+05:45", headline: str = "A story", body: str = BODY
):
    return {"url": url, "headline": headline, "published_at": published_at, "body": body, "listing": "latest"}


def write(path: Path, lines: list[object]) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(x if isinstance(x, str) else json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    return str(path)


U = "https://www.spotlightnepal.com/2024/10/22/"


def test_a_story_in_two_parts_is_merged_once_and_each_part_is_credited(tmp_path):
    a = write(
        tmp_path / "part-1" / "latest" / "run1.jsonl",
        [record(U + "one/"), record(U + "two/", headline="Two", body=OTHER)],
    )
    # Part 2 has the same story again (a window moved), under the bare-host spelling too.
    b = write(
        tmp_path / "part-2" / "latest" / "run1.jsonl",
        [record(U + "one/"), record("https://spotlightnepal.com/2024/10/22/two")],
    )
    merged = merge.merge([str(tmp_path / "part-1"), b])
    assert [r["url"] for r in merged.records] == [U + "one/", U + "two/"]
    one, two = merged.contributions
    assert (one.files, one.records, one.kept, one.duplicates, one.reposts, one.bad_lines) == (1, 2, 2, 0, 0, 0)
    assert (two.files, two.records, two.kept, two.duplicates, two.reposts, two.bad_lines) == (1, 2, 0, 2, 0, 0)
    assert (
        one.line()
        == f"{tmp_path / 'part-1'}: 2 records in 1 files, 2 kept, 0 duplicates dropped, 0 reposts dropped, 0 bad lines"
    )
    assert a.startswith(str(tmp_path / "part-1"))


@pytest.mark.parametrize(
    ("second", "kept"),
    [
        # A repost: another URL, the same headline key (case, quotes) and the same text.
        (record(U + "again/", "2024-10-23T08:00:00+05:45", headline="A ‘Story’", body=BODY.upper()), 1),
        # A column: the same title over a different text is another story.
        (record(U + "column-2/", "2024-10-23T08:00:00+05:45", body=OTHER), 2),
        # Without a body only its URL could make it a duplicate.
        (record(U + "no-body/", "2024-10-23T08:00:00+05:45", body=None), 2),
    ],
    ids=["repost", "same-title-other-text", "no-body"],
)
def test_reposts_are_dropped_by_the_crawls_own_rule_recomputed_from_the_record(tmp_path, second, kept):
    first = write(tmp_path / "a.jsonl", [record(U + "first/")])
    later = write(tmp_path / "b.jsonl", [second])
    merged = merge.merge([later, first])  # input order does not decide which one is kept: the older one is
    assert merged.records[0]["url"] == U + "first/"
    assert len(merged.records) == kept
    assert merged.contributions[0].reposts == 2 - kept


def test_the_order_is_by_date_then_url_with_undated_records_last(tmp_path):
    lines = [
        record(U + "c/", None, headline="C"),
        record(U + "b/", "2024-10-22T10:00:00+05:45", headline="B", body=OTHER + " b"),
        record(U + "a/", "2024-10-22T10:00:00+05:45", headline="A", body=OTHER + " a"),
        record(U + "z/", "2024-01-01", headline="Z", body=OTHER + " z"),
    ]
    merged = merge.merge([write(tmp_path / "x.jsonl", lines)])
    assert [r["url"].removeprefix(U) for r in merged.records] == ["z/", "a/", "b/", "c/"]


def test_bad_lines_are_counted_and_named_not_fatal(tmp_path):
    path = write(
        tmp_path / "part.jsonl",
        [
            record(U + "ok/"),
            "{not json\n",
            "[1, 2]\n",
            json.dumps({"headline": "no url"}) + "\n",
            "\n",
            '{"url": "' + U,
        ],
    )
    merged = merge.merge([path, str(tmp_path / "missing")])
    assert [r["url"] for r in merged.records] == [U + "ok/"]
    part, missing = merged.contributions
    assert (part.records, part.bad_lines) == (1, 4)
    assert [p.split(": ", 1)[0] for p in part.problems] == [f"{path}:2", f"{path}:3", f"{path}:4", f"{path}:6"]
    assert "not JSON" in part.problems[0] and "not a record with a url" in part.problems[1]
    assert missing.problems == [f"{tmp_path / 'missing'}: no such file, folder or match"]


def test_the_merged_file_is_utf8_lines_in_order(tmp_path):
    records = [record(U + "a/", headline="नेपाल"), record(U + "b/")]
    assert merge.write_jsonl(records, tmp_path / "out" / "m.jsonl") == 2
    assert [json.loads(x) for x in (tmp_path / "out" / "m.jsonl").read_text(encoding="utf-8").splitlines()] == records
    assert "नेपाल" in (tmp_path / "out" / "m.jsonl").read_text(encoding="utf-8")


LIVE = {
    "DOWNLOAD_DELAY": 1.0,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 2,
    "AUTOTHROTTLE_ENABLED": True,
    "AUTOTHROTTLE_TARGET_CONCURRENCY": 1.0,
    "AUTOTHROTTLE_START_DELAY": 1.0,
    "AUTOTHROTTLE_MAX_DELAY": 30.0,
}


@pytest.mark.parametrize(
    ("settings", "at_once", "expected"),
    [
        (LIVE, 1, {"DOWNLOAD_DELAY": "1", "CONCURRENT_REQUESTS_PER_DOMAIN": "2", "AUTOTHROTTLE_TARGET_CONCURRENCY": "1",
                   "AUTOTHROTTLE_START_DELAY": "1", "AUTOTHROTTLE_MAX_DELAY": "30"}),
        (LIVE, 4, {"DOWNLOAD_DELAY": "4", "CONCURRENT_REQUESTS_PER_DOMAIN": "1", "AUTOTHROTTLE_TARGET_CONCURRENCY": "0.25",
                   "AUTOTHROTTLE_START_DELAY": "4", "AUTOTHROTTLE_MAX_DELAY": "120"}),
        ({**LIVE, "DOWNLOAD_DELAY": "1.5", "AUTOTHROTTLE_ENABLED": "False"}, 3,
         {"DOWNLOAD_DELAY": "4.5", "CONCURRENT_REQUESTS_PER_DOMAIN": "1"}),
        # Loopback: no delay to scale; the in-flight requests are shared out.
        ({"DOWNLOAD_DELAY": "0", "CONCURRENT_REQUESTS_PER_DOMAIN": "8", "AUTOTHROTTLE_ENABLED": "False"}, 4,
         {"DOWNLOAD_DELAY": "0", "CONCURRENT_REQUESTS_PER_DOMAIN": "2"}),
    ],
    ids=["one-part", "four-parts-autothrottle", "three-parts-fixed-delay", "loopback"],
)  # fmt: skip
def test_parts_together_keep_one_crawlers_pace(settings, at_once, expected):
    assert politeness.part_settings(settings, at_once) == expected


def test_the_parts_request_rate_adds_up_to_one_crawler():
    for k in range(1, 9):
        delay = float(politeness.part_settings(LIVE, k)["DOWNLOAD_DELAY"])
        assert k / delay == pytest.approx(1 / LIVE["DOWNLOAD_DELAY"])


def test_a_delay_that_is_not_a_number_is_named():
    with pytest.raises(BadInput, match=r"-s DOWNLOAD_DELAY='slow': expected a number"):
        politeness.part_settings({**LIVE, "DOWNLOAD_DELAY": "slow"}, 2)


def test_each_part_has_its_own_folder_state_and_jobdir_and_the_run_file_round_trips(tmp_path):
    plan = [Part(1, date(2024, 7, 1), date(2024, 12, 31), 1, 10), Part(2, date(2024, 1, 1), date(2024, 6, 30), 10, 19)]
    common = {"SPOTLIGHT_BASE_URL": "http://127.0.0.1:1", "JOBDIR": "/shared/job", "DOWNLOAD_DELAY": "2"}
    runs = [parts.part_run(p, "r1", "/srv/data", common, "node1") for p in plan]
    assert runs[0].settings == {
        "SPOTLIGHT_BASE_URL": "http://127.0.0.1:1",
        "DOWNLOAD_DELAY": "2",
        "SPOTLIGHT_DATA_DIR": "/srv/data/backfill/r1/part-1",
        "SPOTLIGHT_STATE": "/srv/data/backfill/r1/part-1/state.sqlite3",
        "JOBDIR": "/srv/data/backfill/r1/part-1/job",
        "SPOTLIGHT_REPORT_FILE": "/srv/data/backfill/r1/part-1/report.json",
    }
    assert runs[1].crawl_line().startswith("scrapy crawl latest -a since=2024-01-01 -a until=2024-06-30 -s ")
    assert "-s JOBDIR=/srv/data/backfill/r1/part-2/job" in runs[1].crawl_line()
    backfill = parts.Backfill("r1", "2024-01-01", "2024-12-31", runs)
    runs[0].jobs.append(parts.Job("node1", "abc", "2024-12-31T00:00:00+00:00"))
    path = parts.run_file(tmp_path, "r1")
    backfill.save(path)
    assert parts.Backfill.load(path) == backfill
    with pytest.raises(BadInput, match="no such backfill run"):
        parts.Backfill.load(parts.run_file(tmp_path, "r2"))
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(BadInput, match="not a backfill run file"):
        parts.Backfill.load(path)
    with pytest.raises(BadInput, match="expected a backfill run id"):
        parts.run_file(tmp_path, "../etc")


@pytest.mark.parametrize(
    "rows",
    [[], {"index": 1}, [{"index": 1, "since": "2024-13-01", "until": "2024-12-31", "first_page": 1, "last_page": 2}]],
    ids=["empty", "not-a-list", "bad-date"],
)
def test_a_plan_that_is_not_a_list_of_parts_is_refused(rows):
    with pytest.raises(BadInput, match="the plan"):
        parts.parts_from_plan(rows)


def test_targets_inherit_the_project_from_deploy_and_are_chosen_by_name():
    cfg = configparser.ConfigParser()
    cfg.read_string(
        "[deploy]\nurl = http://localhost:6800/\nproject = spotlight_crawler\n"
        "[deploy:node1]\nurl = http://10.0.0.1:6800/\n"
        "[deploy:node2]\nurl = http://10.0.0.2:6800/\ndata_dir = /srv/spotlight\n"
    )
    found = scrapyd.targets(cfg)
    assert list(found) == ["default", "node1", "node2"]
    assert (found["node2"].project, found["node2"].data_dir, found["node1"].data_dir) == (
        "spotlight_crawler",
        "/srv/spotlight",
        None,
    )
    assert [t.name for t in scrapyd.chosen(found, [], every=True)] == ["node1", "node2"]
    assert [t.name for t in scrapyd.chosen(found, ["node2", "node2"], every=False)] == ["node2"]
    with pytest.raises(BadInput, match=r"--target 'node3': no such \[deploy:<name>\] section"):
        scrapyd.chosen(found, ["node3"], every=False)

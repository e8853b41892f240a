"""A file output that fails reports it once and writes nothing after (outputs.GuardedFile)."""

from __future__ import annotations

import errno
import io

from spotlight_crawler.outputs import GuardedFile


class FullAfter(io.BytesIO):
    """A file with room for ``room`` bytes; then every write fails with ENOSPC."""

    def __init__(self, room: int):
        super().__init__()
        self.room = room

    def write(self, data):  # type: ignore[override]
        if self.tell() + len(data) > self.room:
            raise OSError(errno.ENOSPC, "No space left on device")
        return super().write(data)

    def close(self):
        self.kept = self.getvalue()
        super().close()


def test_the_first_failed_write_is_reported_once_and_nothing_is_written_after_it():
    reported = []
    raw = FullAfter(room=10)
    file = GuardedFile(raw, "/out.jsonl", lambda path, exc: reported.append((path, exc.errno)))
    assert file.write(b"line one\n") == 9
    assert file.write(b"line two\n") == 9  # reported, not raised into the feed exporter
    assert file.write(b"x\n") == 2  # would fit, but the file is spoilt: nothing more goes in
    file.flush()
    file.close()
    assert raw.kept == b"line one\n"
    assert reported == [("/out.jsonl", errno.ENOSPC)]


def test_a_file_that_could_not_be_opened_takes_text_through_a_wrapper():
    reported = []
    file = GuardedFile(None, "/ro/out.csv", lambda path, exc: reported.append(path))
    text = io.TextIOWrapper(file, write_through=True, encoding="utf-8", newline="")  # as the CSV exporter wraps it
    text.write("url,headline\r\n")
    text.flush()
    text.close()
    assert reported == []  # reported by the storage, when it could not open the file

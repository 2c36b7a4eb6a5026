"""Files that must appear only if the database change they belong to committed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class Staging:
    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.staged: list[tuple[Path, Path]] = []

    def write(self, name: str, data: bytes) -> Path:
        final = self.directory / name
        partial = final.with_name(final.name + ".partial")
        partial.write_bytes(data)
        self.staged.append((partial, final))
        return final


@contextmanager
def staged_files(directory: Path) -> Iterator[Staging]:
    """Write files as `.partial` inside the block; rename them into place when the block ends
    (after its transaction committed), remove them when it raises. A bank instruction file must
    never exist for payouts that were not marked sent, nor the other way round."""
    directory.mkdir(parents=True, exist_ok=True)
    staging = Staging(directory)
    try:
        yield staging
    except BaseException:
        for partial, _final in staging.staged:
            partial.unlink(missing_ok=True)
        raise
    for partial, final in staging.staged:
        partial.replace(final)

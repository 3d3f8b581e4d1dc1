"""Rebuild the seed model shipped with the classifier from the project's labelled sets.

The sets are the held-out sets of `bench/` whose errors have been read (they no longer measure
anything blind): real initiatives written in our own words and labelled by hand, as analysts would.
The shared sample is never trained on (it stays a yardstick), nor the sets still blind. Each
record's EPCI are found by the vendored geotagger, as `essaim annotate` finds them, so the model
learns from what the classifier will see. Training is deterministic (fixed seed).

Usage: python scripts/build_seed_model.py
"""

import gzip
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from essaim.enrichment.classify import Classifier, Labelled  # noqa: E402
from essaim.enrichment.geotag import Geotagger  # noqa: E402
from essaim.enrichment.model import SEED_PATH  # noqa: E402

# Read sets only: a set joins once its blind figures are recorded in its README (« Use so far »).
SEED_SETS = ("heldout", *(f"heldout{number}" for number in range(2, 34)))


def example(record: dict, epcis: tuple[str, ...] = ()) -> Labelled:
    """A record of a labelled set (the shared corpus's format) as a training example."""
    return Labelled(
        title=record["title"],
        text=record["summary"],
        themes=tuple(record["themes"]),
        publics=tuple(sorted(record["publics"])),
        actor_type=record["actor_type"],
        epcis=epcis,
    )


def labelled(path: Path) -> list[Labelled]:
    """A labelled set's records as training examples, with the EPCI each text names."""
    geotagger = Geotagger.vendored()
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [
        example(record, tuple(geotagger.tag(f"{record['title']}\n{record['summary']}").epci_names()))
        for record in records
    ]


def seed_paths(names: tuple[str, ...] = SEED_SETS) -> list[Path]:
    return [ROOT / "bench" / name / "initiatives.jsonl" for name in names]


def main() -> None:
    started = time.perf_counter()
    examples = [example for path in seed_paths() for example in labelled(path)]
    model = Classifier.default().with_seed(None).train(examples)
    with gzip.GzipFile(SEED_PATH, "wb", mtime=0) as stream:  # mtime 0: the same model, the same bytes
        stream.write(model.to_json().encode("utf-8"))
    print(
        f"{len(examples)} fiches de {len(SEED_SETS)} jeux, {len(model.slots)} étiquettes : "
        f"{SEED_PATH.relative_to(ROOT)} ({SEED_PATH.stat().st_size // 1024} Kio, "
        f"{time.perf_counter() - started:.0f} s)"
    )


if __name__ == "__main__":
    main()

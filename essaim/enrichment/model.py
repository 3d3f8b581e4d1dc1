"""A small model learnt from labelled initiatives, to correct the layer below it. Pure.

Two such models are stacked over the lexicons: the seed shipped with the code (learnt from the
project's labelled sets, `scripts/build_seed_model.py`) corrects the lexicons, and the model learnt
from the directory's validated initiatives corrects the seed. One logistic regression per label
(each theme, public and actor type: "is this label set?") whose starting point is the layer
below's confidence (the prior): its logit is an offset, so the model learns only what that layer
gets wrong — a per-label bias (a label it under- or over-asserts) and word weights — and with few
examples it stays close to it. Features are binary stems (words and pairs of words of the title and
text, title words also on their own). Trained by stochastic gradient descent with a fixed seed: the
same examples in the same order always give the same model. Standard library only; serialised to
JSON (the seed gzipped in `data/`, the directory's models in the database).
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import itertools
import json
import math
import random
from array import array
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FORMAT = 1
MIN_DOCUMENT_FREQUENCY = 2  # a feature seen in one example only is noise, not knowledge
EPOCHS = 30
LEARNING_RATE = 1.0
DECAY = 0.1  # the step shrinks as 1 / (1 + DECAY × epoch)
# Secondary themes are learnt as "90 % set" so that, all else equal, the main theme ranks first.
SECONDARY_TARGET = 0.9
L2 = 1e-3
BIAS_RATE = 0.2  # the per-label correction moves slower than word weights: it sums every example
SEED = 20200317  # first day of the first lockdown


Prior = Mapping[str, Mapping[str, float]]  # kind -> code -> the layer below's confidence
PRIOR_FLOOR = 0.02  # a label the lexicons did not see at all starts at 2 %

# The seed model shipped with the code, trained on the project's labelled sets of real initiatives
# (scripts/build_seed_model.py): what the classifier knows before any analyst validates anything.
SEED_PATH = Path(__file__).resolve().parent / "data" / "seed_model.json.gz"


@dataclass(frozen=True)
class Example:
    """A labelled initiative: its features, what the layer below said, and the labels analysts set."""

    features: Collection[str]
    prior: Prior
    themes: tuple[str, ...]
    publics: tuple[str, ...]
    actor_type: str | None


def features(title: Sequence[str], text: Sequence[str]) -> set[str]:
    """The binary features of a document (stems): words and word pairs, title words marked apart."""
    found: set[str] = set()
    for words in (title, text):
        found.update(words)
        found.update(f"{first} {second}" for first, second in itertools.pairwise(words))
    found.update(f"t:{word}" for word in title)
    return found


def _labels(example: Example) -> set[tuple[str, str]]:
    found = {("theme", code) for code in example.themes} | {("public", code) for code in example.publics}
    if example.actor_type:
        found.add(("actor_type", example.actor_type))
    return found


def _targets(example: Example, slots: Sequence[tuple[str, str]]) -> list[float]:
    """1 for each label set, except secondary themes: SECONDARY_TARGET keeps the main theme first."""
    found = _labels(example)
    main = ("theme", example.themes[0]) if example.themes else None
    return [
        0.0 if slot not in found else SECONDARY_TARGET if slot[0] == "theme" and slot != main else 1.0
        for slot in slots
    ]


def _logit(probability: float) -> float:
    probability = min(1 - PRIOR_FLOOR, max(PRIOR_FLOOR, probability))
    return math.log(probability / (1 - probability))


def _offsets(slots: Sequence[tuple[str, str]], prior: Prior) -> list[float]:
    return [_logit(prior.get(kind, {}).get(code, 0.0)) for kind, code in slots]


def _sums(vectors: Sequence[Sequence[float]], size: int) -> list[float]:
    """Element-wise sum of the weight vectors of a document's features (the built-in `sum`: about
    twice as fast as `math.fsum`, and exact enough for a logit)."""
    return [sum(column) for column in zip(*vectors, strict=True)] if vectors else [0.0] * size


def _sigmoid(value: float) -> float:
    if value >= 0:
        return 1.0 / (1.0 + math.exp(-value))
    exp = math.exp(value)
    return exp / (1.0 + exp)


class Model:
    """Per-label logistic regressions sharing one vocabulary; `predict` gives probabilities."""

    def __init__(
        self,
        *,
        slots: Sequence[tuple[str, str]],
        bias: Sequence[float],
        weights: Mapping[str, Sequence[float]],
        positives: dict[tuple[str, str], int],
        examples: int,
    ) -> None:
        self.slots = tuple(slots)  # (kind, code) of each regression
        self.bias = list(bias)
        self.weights = weights  # feature -> one weight per slot
        self.positives = positives  # how many training examples had each label
        self.examples = examples

    @classmethod
    def train(cls, examples: Sequence[Example], *, epochs: int = EPOCHS) -> Model:
        frequency = Counter(feature for example in examples for feature in set(example.features))
        vocabulary = sorted(
            feature for feature, count in frequency.items() if count >= MIN_DOCUMENT_FREQUENCY
        )
        known = set(vocabulary)
        labels = [_labels(example) for example in examples]
        positives = Counter(label for found in labels for label in found)
        slots = sorted(positives)
        size = len(slots)
        bias = [0.0] * size  # corrections of the lexicons' confidence, learnt per label
        weights = {feature: [0.0] * size for feature in vocabulary}
        rows = [sorted(set(example.features) & known) for example in examples]
        offsets = [_offsets(slots, example.prior) for example in examples]
        targets = [_targets(example, slots) for example in examples]
        order = list(range(len(examples)))
        shuffle = random.Random(SEED).shuffle  # noqa: S311 (reproducibility, not secrecy)
        for epoch in range(epochs):
            shuffle(order)
            rate = LEARNING_RATE / (1.0 + DECAY * epoch)
            shrink = 1.0 - rate * L2
            for index in order:
                row = rows[index]
                value = 1.0 / math.sqrt(len(row)) if row else 0.0
                totals = _sums([weights[feature] for feature in row], size)
                gradient = [
                    _sigmoid(offset + correction + total * value) - wanted
                    for offset, correction, total, wanted in zip(
                        offsets[index], bias, totals, targets[index], strict=True
                    )
                ]
                bias = [
                    correction * (1.0 - rate * BIAS_RATE * L2) - rate * BIAS_RATE * step
                    for correction, step in zip(bias, gradient, strict=True)
                ]
                steps = [rate * step * value for step in gradient]
                for feature in row:
                    weights[feature] = [
                        weight * shrink - step for weight, step in zip(weights[feature], steps, strict=True)
                    ]
        return cls(slots=slots, bias=bias, weights=weights, positives=dict(positives), examples=len(examples))

    def predict(self, document: Iterable[str], prior: Prior) -> dict[str, dict[str, float]]:
        """Probability of each label the model knows, given the document's features and the lexicons'
        confidence: kind -> code -> probability."""
        weights = self.weights
        row = [vector for feature in set(document) if (vector := weights.get(feature)) is not None]
        value = 1.0 / math.sqrt(len(row)) if row else 0.0
        totals = _sums(row, len(self.slots))
        found: dict[str, dict[str, float]] = {}
        for (kind, code), offset, correction, total in zip(
            self.slots, _offsets(self.slots, prior), self.bias, totals, strict=True
        ):
            found.setdefault(kind, {})[code] = _sigmoid(offset + correction + total * value)
        return found

    def positives_of(self, kind: str, code: str) -> int:
        return self.positives.get((kind, code), 0)

    def to_json(self) -> str:
        data: dict[str, Any] = {
            "format": FORMAT,
            "examples": self.examples,
            "slots": [list(slot) for slot in self.slots],
            "positives": [self.positives.get(slot, 0) for slot in self.slots],
            "bias": [round(value, 6) for value in self.bias],
            # Weights too small to change a prediction are dropped: the JSON stays small.
            "weights": {
                feature: [round(value, 5) for value in vector]
                for feature, vector in sorted(self.weights.items())
                if any(abs(value) >= 1e-4 for value in vector)
            },
        }
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def vendored(cls) -> Model | None:
        """The seed model (loaded once per process), None if the file is absent."""
        return _seed(SEED_PATH)

    @staticmethod
    def vendored_fingerprint() -> str:
        """What identifies the seed model ("" without one): a model trained on top of another seed
        corrects what this one no longer says."""
        return _fingerprint(SEED_PATH)

    @classmethod
    def from_json(cls, text: str) -> Model:
        data = json.loads(text)
        if data.get("format") != FORMAT:
            raise ValueError(f"format de modèle inconnu : {data.get('format')!r}")
        slots = [(str(kind), str(code)) for kind, code in data["slots"]]
        return cls(
            slots=slots,
            bias=[float(value) for value in data["bias"]],
            # Packed arrays of doubles: the seed's 800,000 weights keep 11 MB, not 32 as lists of floats.
            weights={feature: array("d", vector) for feature, vector in data["weights"].items()},
            positives=dict(zip(slots, (int(count) for count in data["positives"]), strict=True)),
            examples=int(data["examples"]),
        )


@functools.cache
def _fingerprint(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16] if path.exists() else ""


@functools.cache
def _seed(path: Path) -> Model | None:
    if not path.exists():
        return None
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        return Model.from_json(stream.read())

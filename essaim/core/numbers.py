"""Numbers as people read them. Pure."""


def rounded(value: int) -> int:
    """An estimate to two significant digits: 866 312 → 870 000 (below 100, as it is)."""
    if value < 100:
        return value
    step = int(10 ** (len(str(value)) - 2))
    return (value + step // 2) // step * step  # halves up: 125 → 130, as people round

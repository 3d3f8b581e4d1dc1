"""Numbers as people read them. Pure."""


def rounded(value: int) -> int:
    """An estimate to two significant digits: 866 312 → 870 000 (below 100, as it is)."""
    if value < 100:
        return value
    return round(value, 2 - len(str(value)))

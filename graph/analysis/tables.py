"""Tables as JSON: row objects with null for missing values and ISO dates."""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

import pandas as pd


def records(table: pd.DataFrame) -> list[dict[str, Any]]:
    """Return a table as JSON-ready row objects (NaN and missing values as null, dates as ISO text)."""
    out = []
    for row in table.to_dict(orient="records"):
        out.append({str(k): _jsonable(v) for k, v in row.items()})
    return out


def _jsonable(value: Any) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return _jsonable(value.item())
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def to_json(tables: dict[str, pd.DataFrame]) -> str:
    """Serialise named tables as one JSON object of row lists."""
    return json.dumps({name: records(t) for name, t in tables.items()}, ensure_ascii=False, indent=1)

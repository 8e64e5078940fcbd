"""Table-like answer kinds: DataFrames and Series (as Parquet) and NumPy arrays (as .npy).

Required columns and index labels belong to the shape layer (`shape_problem`), not the type layer:
a DataFrame missing a column is the right type of answer with the wrong shape.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np
import pandas as pd

from curriculum.learner.checks.base import MAX_BYTES, Kind, Payload, WrongType


def _frame_to_parquet(frame: pd.DataFrame) -> bytes:
    frame = pd.DataFrame(frame, copy=True)
    frame.columns = [str(c) for c in frame.columns]
    buffer = io.BytesIO()
    pd.DataFrame.to_parquet(frame, buffer, index=True)
    return buffer.getvalue()


#: What the judge will decode from one Parquet answer: a small file can hold a huge table of
#: zeros (1.2 MB on disk decoded to 4.7 GB in a measured attack), so the sizes are read first.
MAX_CELLS = 5_000_000
MAX_DECODED_BYTES = 400_000_000
#: A table's decoded size is measured a batch of rows at a time, each batch about this size (rows
#: per batch from the first 16 rows): one dictionary-encoded string of 1 MB on every row, a 300-byte
#: file that decodes to 1 GB, is refused after 25 batches of 16 rows, never held whole.
MEASURE_BYTES = 16_000_000


def too_large(detail: str) -> WrongType:
    """The wrong type of an answer file that decodes to more than an answer may hold."""
    return WrongType(f"decodes to more than {MAX_DECODED_BYTES // 1_000_000} MB ({detail}): "
                     "far too large to be an answer")


def _decoded_bytes(batch: Any, seen: set) -> int:
    """The decoded size of one record batch; a shared dictionary (a categorical column) counts once."""
    import pyarrow as pa

    size = 0
    for column in batch.columns:
        if pa.types.is_dictionary(column.type):
            key = tuple(b.address for b in column.dictionary.buffers() if b is not None)
            size += column.indices.nbytes + (0 if key in seen else column.dictionary.nbytes)
            seen.add(key)
        else:
            size += column.nbytes
    return size


def _parquet_to_frame(data: bytes) -> pd.DataFrame:
    """Read a table after its sizes: the footer's (cells, pages) and then the decoded size, measured
    a few rows at a time before the DataFrame is built."""
    import pyarrow.parquet as pq

    try:
        table = pq.ParquetFile(io.BytesIO(data))
        meta = table.metadata
    except Exception:  # noqa: BLE001 - not Parquet at all
        raise WrongType("could not be read as a table") from None
    groups = [meta.row_group(i) for i in range(meta.num_row_groups)]
    decoded = sum(group.total_byte_size for group in groups)
    if meta.num_rows * max(meta.num_columns, 1) > MAX_CELLS or decoded > MAX_DECODED_BYTES:
        raise WrongType(f"is far too large to be an answer ({meta.num_rows:,} rows)")
    pages = sum(group.column(j).total_uncompressed_size for group in groups for j in range(group.num_columns))
    if pages > MAX_DECODED_BYTES:
        raise too_large(f"{meta.num_rows:,} rows")
    _measure(table, meta.num_rows)
    return pd.read_parquet(io.BytesIO(data))


def _measure(table: Any, rows: int) -> None:
    """Decode the table a batch at a time, without keeping it, and refuse it past MAX_DECODED_BYTES."""
    sample = next(table.iter_batches(batch_size=16, use_threads=False), None)
    if sample is None:
        return
    per_row = max(1, _decoded_bytes(sample, set()) // max(sample.num_rows, 1))
    total, seen = 0, set()
    for batch in table.iter_batches(batch_size=min(65_536, max(16, MEASURE_BYTES // per_row)), use_threads=False):
        total += _decoded_bytes(batch, seen)
        if total > MAX_DECODED_BYTES:
            raise too_large(f"{rows:,} rows")


def _check_npy_header(data: bytes) -> None:
    """Refuse an .npy whose header declares more data than an answer may hold or than the file has,
    before NumPy allocates it; a header NumPy cannot read is left to `np.load` to refuse."""
    import math

    stream = io.BytesIO(data)
    try:
        version = np.lib.format.read_magic(stream)
        read_header = {(1, 0): np.lib.format.read_array_header_1_0,
                       (2, 0): np.lib.format.read_array_header_2_0}.get(version)
        if read_header is None:
            raise WrongType("should be an array saved as .npy")
        shape, _, dtype = read_header(stream)
    except WrongType:
        raise
    except Exception:  # noqa: BLE001 - np.load says what is wrong with it, as before
        return
    declared = math.prod(shape) * dtype.itemsize
    if declared > MAX_DECODED_BYTES:
        raise too_large(f"an array of shape {tuple(shape)}")
    if declared > len(data) - stream.tell():
        raise WrongType("is a damaged .npy file: its header declares more data than the file holds")


def _listing(items: Sequence[Any]) -> str:
    return ", ".join(map(repr, items))


@dataclass
class Frame(Kind):
    """A pandas DataFrame; `columns` lists the columns it must have (in any order)."""

    columns: Sequence[str] = ()
    label = "a pandas DataFrame"

    def export(self, value: Any) -> Payload:
        """Send the frame as Parquet; a frame with unsaveable columns is a wrong type."""
        if not isinstance(value, pd.DataFrame):
            raise self.wrong(value)
        # a sparse one-hot table (get_dummies(sparse=True)) holds the right values: save them dense
        value = value.apply(lambda c: c.sparse.to_dense() if isinstance(c.dtype, pd.SparseDtype) else c)
        try:
            return Payload("parquet", _frame_to_parquet(value))
        except Exception as exc:  # e.g. a column of mixed Python objects
            raise WrongType(f"could not be saved as plain data ({type(exc).__name__}): keep plain columns")

    def load(self, payload: Payload) -> pd.DataFrame:
        """Read the frame back from Parquet."""
        if payload.fmt != "parquet" or len(payload.data) > MAX_BYTES:
            raise WrongType("should be a DataFrame saved as Parquet")
        return _parquet_to_frame(payload.data)

    def shape_problem(self, value: pd.DataFrame) -> str | None:
        """Name the required columns the frame lacks."""
        missing = [c for c in self.columns if c not in value.columns]
        return f"is missing the column(s) {_listing(missing)}" if missing else None


@dataclass
class SeriesOf(Kind):
    """A pandas Series (its name is kept; its index may be required to hold `index` labels)."""

    index: Sequence[Any] = ()
    label = "a pandas Series"

    def export(self, value: Any) -> Payload:
        """Send the Series as a one-column Parquet table, keeping its index."""
        if not isinstance(value, pd.Series):
            raise self.wrong(value)
        frame = pd.Series(value, copy=True).to_frame(name="value")
        frame.index = frame.index.map(str) if frame.index.dtype == object else frame.index
        try:
            return Payload("parquet", _frame_to_parquet(frame))
        except Exception as exc:
            raise WrongType(f"could not be saved as plain data ({type(exc).__name__})")

    def load(self, payload: Payload) -> pd.Series:
        """Read the Series back from Parquet."""
        if payload.fmt != "parquet" or len(payload.data) > MAX_BYTES:
            raise WrongType("should be a Series saved as Parquet")
        series = _parquet_to_frame(payload.data)["value"]
        series.name = None
        return series

    def shape_problem(self, value: pd.Series) -> str | None:
        """Name the required index labels the Series lacks."""
        missing = [i for i in self.index if i not in value.index]
        if not missing:
            return None
        numbered = len(value) > 0 and all(isinstance(i, (int, np.integer)) for i in value.index)
        if numbered and all(isinstance(i, str) for i in self.index):  # labels wanted, row numbers found
            return (f"has one entry per row ({len(value)} entries, numbered 0, 1, 2, ...), not one per "
                    f"{_listing(self.index)}: did you count along each row (`axis=1`) instead of down each "
                    "column?")
        return f"has no entry for {_listing(missing)} in its index"


class Array(Kind):
    """A numeric or boolean NumPy array, saved as .npy without pickle.

    Strings are allowed (predicted class labels) unless `numeric=True`: then an array of text is a
    wrong type, so that "3.5" is never compared with 3.5.
    """

    def __init__(self, numeric: bool = False, label: str | None = None) -> None:
        self.numeric = numeric
        #: what a wrong type is told it should be, in the exercise's words (a list of names, say)
        self.label = label or ("an array of numbers" if numeric else "a NumPy array")

    def export(self, value: Any) -> Payload:
        """Send the array as .npy (lists, tuples and Series are converted)."""
        if isinstance(value, (pd.Series, list, tuple)):
            value = np.asarray(value)
        if (isinstance(value, np.ndarray) and value.dtype == object and value.size <= 1_000_000
                and all(type(v) is str for v in value.ravel())):
            value = value.astype(str)  # class labels predicted as Python strings
        if self.numeric and isinstance(value, np.ndarray) and value.dtype.kind == "U":
            raise WrongType("should be an array of numbers, but it holds text: keep the numbers as "
                            "numbers (no `astype(str)`, no formatting)")
        if not isinstance(value, np.ndarray) or value.dtype.kind not in ("biuf" if self.numeric else "biufU"):
            raise self.wrong(value)
        buffer = io.BytesIO()
        np.save(buffer, np.asarray(value), allow_pickle=False)
        return Payload("npy", buffer.getvalue())

    def load(self, payload: Payload) -> np.ndarray:
        """Read the array back with pickles refused."""
        if payload.fmt != "npy" or len(payload.data) > MAX_BYTES:
            raise WrongType("should be an array saved as .npy")
        _check_npy_header(payload.data)
        return np.load(io.BytesIO(payload.data), allow_pickle=False)

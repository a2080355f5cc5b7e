"""The files that make the output folder explain itself.

* ``datapackage.json``: a Frictionless Data Package describing ``figures.csv`` and the
  Parquet output with a Table Schema generated from ``table.COLUMNS`` (types, descriptions,
  required fields, allowed values of `kind`, `unit`, `qualifier`, `change` and `section`);
* ``manifest.json``: the provenance of the run - every input file with its sha256 and size,
  the rule-set and schema versions, counts per kind, problems, and every output file with
  its sha256 and size;
* ``changes.json``: what changed since the previous run - figures added and removed, in
  total and per kind, and input files added, removed and changed.

All three are pure functions of the run's inputs and options: no clock, no host name, keys
in a fixed order. The same input gives the same bytes, so a scheduled job's ``git diff`` or
checksum comparison shows real changes only.
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pyarrow as pa

from kzfigures import __version__
from kzfigures.table import COLUMNS, SCHEMA_VERSION, Column, canonical_units, canonical_units_by_kind

PACKAGE_NAME = "kzfigures-figures"
DATASET_NAME = "figures"  # the Hive-partitioned Parquet folder
DATAPACKAGE_NAME = "datapackage.json"
MANIFEST_NAME = "manifest.json"
CHANGES_NAME = "changes.json"

#: Table Schema format of `published` as written in the CSV
DATETIME_FORMAT = "%Y-%m-%dT%H:%M:%S"

#: the columns that identify a figure across runs (see ``identity``)
IDENTITY = ("article_id", "char_start", "char_end", "kind", "unit", "value")


@dataclass(frozen=True)
class FileInfo:
    """An output file: its path relative to the output folder, size and sha256."""

    path: str
    bytes: int
    sha256: str

    def as_json(self) -> dict[str, Any]:
        return {"path": self.path, "bytes": self.bytes, "sha256": self.sha256}


def dumps(doc: Any) -> bytes:
    """JSON as these files are written: UTF-8, two-space indent, final newline."""
    return (json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False) + "\n").encode("utf-8")


# ---------------------------------------------------------------------------------------
# Table Schema


def _field_type(c: Column) -> dict[str, str]:
    t = c.arrow_type
    if pa.types.is_integer(t):
        return {"type": "integer"}
    if pa.types.is_floating(t):
        return {"type": "number"}
    if pa.types.is_timestamp(t):
        return {"type": "datetime", "format": DATETIME_FORMAT}
    if pa.types.is_date(t):
        return {"type": "date"}
    if pa.types.is_string(t):
        return {"type": "string"}
    raise TypeError(f"no Table Schema type for column {c.name} of type {t}")


def allowed_values(c: Column) -> tuple[str, ...] | None:
    """The only values column ``c`` may hold (null aside), or None if it is free."""
    if c.name == "unit":
        return canonical_units()
    return c.allowed


def table_schema(columns: tuple[Column, ...] = COLUMNS) -> dict[str, Any]:
    """The Table Schema of the figures table (or of another column spec), generated from
    ``COLUMNS``."""
    fields = []
    for c in columns:
        field: dict[str, Any] = {"name": c.name, **_field_type(c), "description": c.description}
        constraints: dict[str, Any] = {"required": not c.nullable and not c.may_be_empty}
        allowed = allowed_values(c)
        if allowed is not None:
            constraints["enum"] = list(allowed)
        field["constraints"] = constraints
        if c.name == "unit":
            field["canonicalUnitsByKind"] = {k: list(v) for k, v in canonical_units_by_kind().items()}
        if c.dictionary:
            field["categorical"] = True
        fields.append(field)
    return {"fields": fields, "missingValues": [""]}


# ---------------------------------------------------------------------------------------
# Data package


_MEDIATYPES = {"csv": "text/csv", "parquet": "application/vnd.apache.parquet"}


def _resource(name: str, title: str, fmt: str, description: str,
              info: FileInfo | None, columns: tuple[Column, ...] = COLUMNS) -> dict[str, Any]:
    """The fields every resource of the package has, in one order; ``info`` gives the path,
    size and hash of a single-file resource."""
    resource: dict[str, Any] = {"name": name, "profile": "tabular-data-resource",
                                "title": title, "description": description,
                                "format": fmt, "mediatype": _MEDIATYPES[fmt]}
    if info is not None:
        resource |= {"path": info.path, "bytes": info.bytes, "hash": f"sha256:{info.sha256}"}
    resource["schema"] = table_schema(columns)
    return resource


def csv_resource(info: FileInfo) -> dict[str, Any]:
    resource = _resource(
        "figures-csv", "Figures (CSV)", "csv",
        "One row per figure, rows in a fixed order. Null is an empty cell. A cell of "
        "page text starting with =, +, -, @, tab, CR or LF is prefixed with ' so that "
        "spreadsheets do not run it as a formula (the Parquet file keeps the raw text).", info)
    resource["encoding"] = "utf-8"
    resource["dialect"] = {"delimiter": ",", "quoteChar": '"', "doubleQuote": True,
                           "lineTerminator": "\n", "header": True}
    return resource


def parquet_resource(infos: list[FileInfo], partition_by: str | None) -> dict[str, Any]:
    if partition_by is None:
        (info,) = infos
        return _resource(
            "figures-parquet", "Figures (Parquet)", "parquet",
            "The same rows as the CSV, zstd-compressed; dictionary-encoded text columns, "
            "field descriptions in the Parquet schema metadata.", info)
    keys = ["year"] if partition_by == "year" else ["year", "month"]
    resource = _resource(
        "figures-parquet", "Figures (Parquet)", "parquet",
        f"A Hive-partitioned Parquet dataset (by {' and '.join(keys)} of `published`; "
        "`unknown` for rows without a date). Each file holds the full "
        "schema; readers of the folder add the partition columns. Sizes and hashes of "
        "the files are in manifest.json.", None)
    resource["path"] = [i.path for i in infos]
    resource["partitionKeys"] = keys
    return resource


def articles_resource(info: FileInfo) -> dict[str, Any]:
    """The article texts that the figures' offsets cite."""
    from kzfigures.articles import ARTICLE_COLUMNS

    return _resource(
        "articles-parquet", "Article texts (Parquet)", "parquet",
        "One row per article read, with the body that the figures' character offsets "
        "cite (body[char_start:char_end] == span); joins the figures on source_file and "
        "article_position.", info, ARTICLE_COLUMNS)


def datapackage(resources: list[dict[str, Any]], summary: dict[str, Any]) -> dict[str, Any]:
    """The data package descriptor."""
    return {
        "profile": "tabular-data-package",
        "name": PACKAGE_NAME,
        "title": "Economic figures from English-language news about Kazakhstan",
        "description": (
            "One row per figure (money, percent, mass, rank, count, quantity) found in crawled "
            "news pages, in a canonical unit, with how exact it is, whether it states a change, "
            "the period and metric it refers to, and a citation (source file, article, "
            "sentence, character offsets). Provenance of this build: manifest.json; changes "
            "since the previous build: changes.json."),
        "kzfigures": summary,
        "resources": resources,
    }


# ---------------------------------------------------------------------------------------
# Changes


def identity(row: dict[str, Any]) -> tuple:
    """What makes a figure the same figure in two runs: its article and place in it, and
    what it says (kind, unit, value)."""
    return (str(row["article_id"]), int(row["char_start"]), int(row["char_end"]),
            str(row["kind"]), str(row["unit"]), float(row["value"]))


def _per_kind(ids: Counter[tuple]) -> Counter[str]:
    out: Counter[str] = Counter()
    for key, n in ids.items():
        out[key[3]] += n
    return out


def changes(
    before: Iterable[tuple] | None,
    after: Iterable[tuple],
    inputs_before: dict[str, str] | None,
    inputs_after: dict[str, str | None],
) -> dict[str, Any]:
    """Figures added and removed (as multisets of identities), in total and per kind, and
    input files added, removed and changed (by path and sha256)."""
    old = Counter(before or ())
    new = Counter(after)
    added, removed = new - old, old - new
    counts = {name: _per_kind(c) for name, c in
              (("before", old), ("after", new), ("added", added), ("removed", removed))}
    return changes_doc(before is not None, counts, inputs_before, inputs_after)


def changes_doc(
    previous_dataset: bool,
    counts: dict[str, Counter[str]],
    inputs_before: dict[str, str] | None,
    inputs_after: dict[str, str | None],
) -> dict[str, Any]:
    """changes.json from per-kind counts of figures ``before``, ``after``, ``added`` and
    ``removed``, and the input files' hashes before and after."""
    kinds = sorted(set().union(*counts.values()))
    doc: dict[str, Any] = {
        "previous_dataset": previous_dataset,
        "figures": {name: sum(c.values()) for name, c in counts.items()},
        "per_kind": {k: {name: c[k] for name, c in counts.items()} for k in kinds},
    }
    if inputs_before is None:
        doc["inputs"] = None
    else:
        doc["inputs"] = {
            "added": sorted(set(inputs_after) - set(inputs_before)),
            "removed": sorted(set(inputs_before) - set(inputs_after)),
            "changed": sorted(p for p in set(inputs_after) & set(inputs_before)
                              if inputs_after[p] != inputs_before[p]),
            "unchanged": sum(1 for p in set(inputs_after) & set(inputs_before)
                             if inputs_after[p] == inputs_before[p]),
        }
    return doc


def describe_changes(doc: dict[str, Any]) -> str:
    """One line for the run summary."""
    if not doc["previous_dataset"]:
        return f"no previous dataset: {doc['figures']['added']} figure(s) added"
    fig = doc["figures"]
    if not fig["added"] and not fig["removed"]:
        text = "no figure added or removed since the previous run"
    else:
        parts = [f"{k} +{c['added']} -{c['removed']}" for k, c in doc["per_kind"].items()
                 if c["added"] or c["removed"]]
        text = (f"since the previous run: +{fig['added']} -{fig['removed']} figure(s) "
                f"({', '.join(parts)})")
    inputs = doc["inputs"]
    if inputs is not None:
        text += (f"; pages: {len(inputs['added'])} new, {len(inputs['changed'])} changed, "
                 f"{len(inputs['removed'])} gone")
    return text


# ---------------------------------------------------------------------------------------
# Manifest


def manifest(
    *,
    inputs: list[dict[str, Any]],
    problems: list[dict[str, Any]],
    per_kind: dict[str, int],
    pages_read: int,
    pages_skipped: int,
    articles: int,
    options: dict[str, Any],
    outputs: list[FileInfo],
    versions: dict[str, str],
) -> dict[str, Any]:
    """The provenance record of one run."""
    return {
        **versions,
        "options": options,
        "pages": {"read": pages_read, "skipped": pages_skipped},
        "articles": articles,
        "figures": {"total": sum(per_kind.values()), "per_kind": dict(sorted(per_kind.items()))},
        "inputs": inputs,
        "problems": problems,
        "outputs": [o.as_json() for o in outputs],
    }


def versions(rules_version: str) -> dict[str, str]:
    """The versions a build depends on. pyarrow is named because it writes the Parquet
    bytes (and its name into them)."""
    return {
        "kzfigures_version": __version__,
        "rules_version": rules_version,
        "schema_version": SCHEMA_VERSION,
        "pyarrow_version": pa.__version__,
    }

"""Every setting of govreports, in one object: defaults → settings file → environment → CLI.

- **defaults**: the field defaults of :class:`Settings`;
- **file**: ``govreports.toml`` in the project folder, or the file ``$GOVREPORTS_SETTINGS``
  names (keys are the field names, e.g. ``upload_total_mb = 300``);
- **environment**: the ``GOVREPORTS_*`` variable of a field (:data:`ENV`);
- **CLI**: options passed to :func:`load` (e.g. ``--db``), which win.

:func:`current` reads them again on every call (cheap), so a changed variable or file applies
without a restart. The README's settings table is generated from :data:`DOCS`
(``tests/test_docs.py`` checks it), together with the limits that live in the code
(``pipelines/extract/limits.py``, ``pipelines/sqlguard.py``) and in Streamlit's own
configuration (the upload size, sign-in).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SETTINGS_ENV = "GOVREPORTS_SETTINGS"
SETTINGS_FILE = PROJECT_ROOT / "govreports.toml"


class SettingsError(ValueError):
    """A settings file or variable that cannot be read (named in the message)."""


@dataclass(frozen=True)
class Settings:
    db: Path = PROJECT_ROOT / "data" / "govreports.duckdb"
    aliases: Path = PROJECT_ROOT / "data" / "unit_aliases.csv"
    registry: Path | None = None  # None: unit_registry.csv next to the database
    roles: Path = PROJECT_ROOT / "data" / "roles.csv"
    demo_units: int = 150
    demo_corpus: Path = PROJECT_ROOT / "data" / "demo_corpus"
    ocr_threads: int = 0  # 0: one (pages run in parallel instead, see ocr_workers)
    ocr_workers: int = 0  # 0: one page at a time per core
    ocr_models: str = "auto"  # auto: int8 where the CPU reads them exactly (VNNI), else float; int8; float
    upload_total_mb: int = 500
    upload_files: int = 500
    jump_factor: float = 20.0
    jump_min: float = 20.0
    zero_after: float = 300.0
    quality_store_min_reports: int = 20000


ENV: dict[str, str] = {
    "db": "GOVREPORTS_DB",
    "aliases": "GOVREPORTS_ALIASES",
    "registry": "GOVREPORTS_REGISTRY",
    "roles": "GOVREPORTS_ROLES",
    "demo_units": "GOVREPORTS_DEMO_UNITS",
    "demo_corpus": "GOVREPORTS_DEMO_CORPUS",
    "ocr_threads": "GOVREPORTS_OCR_THREADS",
    "ocr_workers": "GOVREPORTS_OCR_WORKERS",
    "ocr_models": "GOVREPORTS_OCR_MODELS",
    "upload_total_mb": "GOVREPORTS_UPLOAD_TOTAL_MB",
    "upload_files": "GOVREPORTS_UPLOAD_FILES",
    "jump_factor": "GOVREPORTS_JUMP_FACTOR",
    "jump_min": "GOVREPORTS_JUMP_MIN",
    "zero_after": "GOVREPORTS_ZERO_AFTER",
    "quality_store_min_reports": "GOVREPORTS_QUALITY_STORE_MIN_REPORTS",
}
# What each setting is, for the README table (CLI options named where there is one).
DOCS: dict[str, str] = {
    "db": "database file (`--db`)",
    "aliases": "unit alias file",
    "registry": "unit registry (应报单位名单); default `unit_registry.csv` next to the database",
    "roles": "roles file",
    "demo_units": "demo size in units (`govreports demo --units`)",
    "demo_corpus": "demo corpus folder (`govreports demo --corpus`)",
    "ocr_threads": "OCR: onnxruntime threads per page (0 = 1)",
    "ocr_workers": "OCR: pages of a file read at once (0 = one per core)",
    "ocr_models": "OCR: `auto` (int8 on a CPU with VNNI, where they read exactly; float elsewhere), `int8` (the quantised models shipped in `pipelines/extract/models/`) or `float` (the rapidocr wheel's own)",
    "upload_total_mb": "导入 page: MB in one batch",
    "upload_files": "导入 page: files in one batch",
    "jump_factor": "数据质量 anomaly: year-on-year factor (adjustable on the page)",
    "jump_min": "数据质量 anomaly: smallest figure compared",
    "zero_after": "数据质量 anomaly: previous figure before a 0",
    "quality_store_min_reports": "数据质量: an ingest of a database this size or bigger stores the page's findings beside it",
}


def _convert(name: str, value: Any, base: Path | None = None) -> Any:
    """``value`` as the field's type; a relative path from a settings file is taken relative
    to that file's folder (``base``), one from the environment or a CLI option as given."""
    kind = {f.name: f.type for f in fields(Settings)}[name]
    try:
        if "Path" in str(kind):
            path = Path(str(value)).expanduser()
            return base / path if base is not None and not path.is_absolute() else path
        if "int" in str(kind):
            return int(value)
        if "float" in str(kind):
            return float(value)
    except (TypeError, ValueError) as exc:
        raise SettingsError(f"setting {name}: not a valid value: {value!r}") from exc
    return value


def _from_file(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError(f"settings file {path}: {exc}") from exc
    unknown = set(data) - set(ENV)
    if unknown:
        raise SettingsError(f"settings file {path}: unknown settings {', '.join(sorted(unknown))}")
    return data


def load(
    cli: Mapping[str, Any] | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    file: Path | None = None,
) -> Settings:
    """The settings: defaults, then the file, then the environment, then ``cli`` (None values
    in ``cli`` are options not given)."""
    env = os.environ if environ is None else environ
    path = file or (Path(env[SETTINGS_ENV]) if env.get(SETTINGS_ENV) else SETTINGS_FILE)
    values: dict[str, Any] = {}
    if path.is_file() or env.get(SETTINGS_ENV):
        values.update({k: _convert(k, v, path.parent) for k, v in _from_file(path).items()})
    values.update({name: _convert(name, env[var]) for name, var in ENV.items() if env.get(var)})
    unknown = set(cli or {}) - set(ENV)
    if unknown:
        raise SettingsError(f"unknown settings {', '.join(sorted(unknown))}")
    values.update({k: _convert(k, v) for k, v in (cli or {}).items() if v is not None})
    return replace(Settings(), **values)


def current() -> Settings:
    """The settings now (file and environment read again)."""
    return load()


def _shown(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, Path):
        return f"`{value.relative_to(PROJECT_ROOT)}`" if value.is_relative_to(PROJECT_ROOT) else f"`{value}`"
    return f"{value:g}" if isinstance(value, float) else str(value)


def readme_rows() -> list[str]:
    """The rows of the README's settings table for the settings of this object."""
    defaults = Settings()
    return [
        f"| `{name}` | {DOCS[name]} | `${ENV[name]}` | {_shown(getattr(defaults, name))} |"
        for name in ENV
    ]


if __name__ == "__main__":  # `python -m pipelines.settings`: the README rows
    print("\n".join(readme_rows()))

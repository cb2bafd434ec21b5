"""The project's settings: `[tool.spec-compiler]` of the nearest pyproject.toml, with defaults.

    [tool.spec-compiler]
    models = "models"                   # folder of model files, relative to pyproject.toml
    output = "openapi.generated.yaml"   # the generated document, relative to pyproject.toml
    title = "Favorite Movies API"       # info.title (default: [project].name, else the folder's name)
    version = "1.0.0"                   # info.version (default: [project].version, else 1.0.0)
    description = "..."                 # info.description (default: says it is generated from the models)

    [tool.spec-compiler.cors]           # answer browsers from another origin (preflight + headers)
    origin = "https://app.example.com"  # the one allowed origin, or "*"
    headers = ["Content-Type", "Authorization", "X-Api-Key"]   # request headers allowed (this default)
    max_age = 600                       # seconds a browser may cache the preflight answer
    credentials = false                 # Access-Control-Allow-Credentials (not with origin "*")

    [tool.spec-compiler.cache]          # the stage cache, for entities with cache_ttl
    cluster_size = "0.5"                # GB: 0.5, 1.6, 6.1, 13.5, 28.4, 58.2, 118 or 237

    [tool.spec-compiler.usage-plans.partners]   # one table per usage plan
    api-keys = ["partner-a"]            # API keys deploy creates and puts in this plan
    rate = 10                           # requests per second (steady), optional
    burst = 20                          # requests at once, optional
    quota = {limit = 10000, period = "MONTH"}   # DAY, WEEK or MONTH, optional

Without a pyproject.toml the working directory is the project root and every setting has its default.
CORS, the stage cache and usage plans belong to the API as a whole (one origin policy, one stage cache,
plans shared by all keys), so they live here rather than on an entity class. Each problem names the
setting and what to write.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spec_compiler.errors import SpecCompilerError
from spec_compiler.model.ir import DEFAULT_CACHE_CLUSTER_SIZE, Cors, UsagePlan

PYPROJECT = "pyproject.toml"
SECTION = "tool.spec-compiler"
KEYS = ("models", "output", "title", "version", "description")
TABLES = ("cors", "cache", "usage-plans")
DEFAULT_CORS_HEADERS = ("Content-Type", "Authorization", "X-Api-Key")
CACHE_SIZES = ("0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237")
QUOTA_PERIODS = ("DAY", "WEEK", "MONTH")
_ORIGIN = re.compile(r"^https?://[A-Za-z0-9.-]+(:\d{1,5})?$")
_HEADER = re.compile(r"^[A-Za-z0-9!#$%&'*+.^_`|~-]+$")
_KEY_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$")


class SettingsError(SpecCompilerError):
    """`[tool.spec-compiler]` cannot be used as it is."""

    exit_code = 2


@dataclass(frozen=True)
class Settings:
    """Where the models and the document are (absolute paths), the API's title, version and description,
    and the project-wide CORS, usage plans and stage cache size."""

    root: Path
    models: Path
    output: Path
    title: str
    version: str
    description: str
    cors: Cors | None = None
    usage_plans: tuple[UsagePlan, ...] = ()
    cache_cluster_size: str = DEFAULT_CACHE_CLUSTER_SIZE


def load_settings(start: str | Path | None = None) -> Settings:
    """The settings of the project containing `start` (default: the working directory)."""
    here = Path(start or Path.cwd()).resolve()
    pyproject = next(
        (folder / PYPROJECT for folder in (here, *here.parents) if (folder / PYPROJECT).is_file()), None
    )
    if pyproject is None:
        return settings_from(here, {}, {})
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise SettingsError(f"{pyproject}: cannot be read as TOML ({error}). Fix the file.") from None
    section = data.get("tool", {}).get("spec-compiler", {})
    return settings_from(pyproject.parent, section, data.get("project", {}))


def settings_from(root: Path, section: dict[str, Any], project: dict[str, Any]) -> Settings:
    """Settings from a `[tool.spec-compiler]` table, filling in defaults; unknown keys are an error."""
    unknown = sorted(set(section) - set(KEYS) - set(TABLES))
    if unknown:
        raise SettingsError(
            f"{root / PYPROJECT}: [{SECTION}] has unknown setting(s) {', '.join(unknown)}. "
            f"Known settings: {', '.join(KEYS)}; tables: {', '.join(TABLES)}."
        )
    for key, value in section.items():
        if key not in TABLES and (not isinstance(value, str) or not value.strip()):
            raise SettingsError(f"{root / PYPROJECT}: [{SECTION}] {key} must be a non-empty string.")
    place = f"{root / PYPROJECT}: [{SECTION}"
    models = section.get("models", "models")
    return Settings(
        root=root,
        models=root / models,
        output=root / section.get("output", "openapi.generated.yaml"),
        title=section.get("title") or str(project.get("name") or root.name or "API"),
        version=section.get("version") or str(project.get("version") or "1.0.0"),
        description=section.get("description")
        or f"Generated by spec-compiler from the models in {Path(models).as_posix()}/.",
        cors=_cors(place, section.get("cors")),
        usage_plans=_usage_plans(place, section.get("usage-plans")),
        cache_cluster_size=_cache_cluster_size(place, section.get("cache")),
    )


def _cors(place: str, table: Any) -> Cors | None:
    """`[tool.spec-compiler.cors]`, or None when it is absent."""
    if table is None:
        return None
    where = f"{place}.cors]"
    _known(where, table, ("origin", "headers", "max_age", "credentials"))
    origin = table.get("origin")
    if origin != "*" and not (isinstance(origin, str) and _ORIGIN.match(origin)):
        raise SettingsError(
            f"{where} origin={origin!r}: give the one origin browsers call from, e.g. "
            '"https://app.example.com" (scheme, host, optional port; no path), or "*". '
            "API Gateway answers one static origin."
        )
    headers = table.get("headers", list(DEFAULT_CORS_HEADERS))
    if not isinstance(headers, list) or not all(isinstance(h, str) and _HEADER.match(h) for h in headers):
        raise SettingsError(f"{where} headers={headers!r}: give a list of header names.")
    max_age = table.get("max_age")
    if max_age is not None and (isinstance(max_age, bool) or not isinstance(max_age, int) or max_age < 0):
        raise SettingsError(f"{where} max_age={max_age!r}: give whole seconds (0 or more).")
    credentials = table.get("credentials", False)
    if not isinstance(credentials, bool):
        raise SettingsError(f"{where} credentials={credentials!r}: write true or false.")
    if credentials and origin == "*":
        raise SettingsError(
            f'{where}: credentials = true needs a named origin; browsers refuse credentials with "*".'
        )
    return Cors(origin=origin, headers=tuple(headers), max_age=max_age, credentials=credentials)


def _cache_cluster_size(place: str, table: Any) -> str:
    """The stage cache cluster size in GB (default 0.5), used when any entity sets cache_ttl."""
    if table is None:
        return DEFAULT_CACHE_CLUSTER_SIZE
    where = f"{place}.cache]"
    _known(where, table, ("cluster_size",))
    size = str(table.get("cluster_size", DEFAULT_CACHE_CLUSTER_SIZE))
    if size not in CACHE_SIZES:
        raise SettingsError(f"{where} cluster_size={size!r}: choose one of {', '.join(CACHE_SIZES)} (GB).")
    return size


def _usage_plans(place: str, tables: Any) -> tuple[UsagePlan, ...]:
    """`[tool.spec-compiler.usage-plans.<name>]`, sorted by name; every API key in exactly one plan."""
    if tables is None:
        return ()
    if not isinstance(tables, dict):
        raise SettingsError(f"{place}.usage-plans] must be tables: [tool.spec-compiler.usage-plans.<name>].")
    plans, owners = [], {}
    for name, table in sorted(tables.items()):
        where = f"{place}.usage-plans.{name}]"
        if not _KEY_NAME.match(name) or not isinstance(table, dict):
            raise SettingsError(f"{where}: a plan is a table named with letters, digits, _ . -.")
        _known(where, table, ("api-keys", "rate", "burst", "quota"))
        keys = table.get("api-keys", [])
        if not isinstance(keys, list) or not all(isinstance(k, str) and _KEY_NAME.match(k) for k in keys):
            raise SettingsError(f'{where} api-keys={keys!r}: give a list of key names, e.g. ["partner-a"].')
        for key in keys:
            if key in owners:
                raise SettingsError(f"{where}: API key {key!r} is already in plan {owners[key]!r}.")
            owners[key] = name
        rate, burst = table.get("rate"), table.get("burst")
        if rate is not None and (isinstance(rate, bool) or not isinstance(rate, int | float) or rate <= 0):
            raise SettingsError(f"{where} rate={rate!r}: give requests per second, more than 0.")
        if burst is not None and (isinstance(burst, bool) or not isinstance(burst, int) or burst < 1):
            raise SettingsError(f"{where} burst={burst!r}: give a whole number of requests, 1 or more.")
        limit, period = _quota(where, table.get("quota"))
        plans.append(UsagePlan(name, tuple(keys), rate, burst, limit, period))
    return tuple(plans)


def _quota(where: str, quota: Any) -> tuple[int | None, str | None]:
    if quota is None:
        return None, None
    if not isinstance(quota, dict) or set(quota) != {"limit", "period"}:
        raise SettingsError(f'{where} quota: write quota = {{limit = 10000, period = "MONTH"}}.')
    limit, period = quota["limit"], quota["period"]
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1 or period not in QUOTA_PERIODS:
        raise SettingsError(
            f"{where} quota={quota!r}: limit is a whole number of requests, period one of "
            f"{', '.join(QUOTA_PERIODS)}."
        )
    return limit, period


def _known(where: str, table: Any, keys: tuple[str, ...]) -> None:
    if not isinstance(table, dict):
        raise SettingsError(f"{where} must be a table.")
    unknown = sorted(set(table) - set(keys))
    if unknown:
        raise SettingsError(f"{where} has unknown setting(s) {', '.join(unknown)}. Known: {', '.join(keys)}.")

"""The project-wide access settings of `[tool.spec-compiler]`: CORS, the stage cache, usage plans.

They belong to the API as a whole (one origin policy, one stage cache, plans shared by all keys), so they
live in pyproject.toml rather than on an entity class. Each problem names the setting and what to write.
"""

from __future__ import annotations

import re
from typing import Any

from spec_compiler.model.ir import Cors, UsagePlan
from spec_compiler.project import SettingsError

DEFAULT_CORS_HEADERS = ("Content-Type", "Authorization", "X-Api-Key")
CACHE_SIZES = ("0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237")
QUOTA_PERIODS = ("DAY", "WEEK", "MONTH")
_ORIGIN = re.compile(r"^https?://[A-Za-z0-9.-]+(:\d{1,5})?$")
_HEADER = re.compile(r"^[A-Za-z0-9!#$%&'*+.^_`|~-]+$")
_KEY_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$")


def cors(place: str, table: Any) -> Cors | None:
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


def cache_cluster_size(place: str, table: Any) -> str:
    """The stage cache cluster size in GB (default 0.5), used when any entity sets cache_ttl."""
    if table is None:
        return CACHE_SIZES[0]
    where = f"{place}.cache]"
    _known(where, table, ("cluster_size",))
    size = str(table.get("cluster_size", CACHE_SIZES[0]))
    if size not in CACHE_SIZES:
        raise SettingsError(f"{where} cluster_size={size!r}: choose one of {', '.join(CACHE_SIZES)} (GB).")
    return size


def usage_plans(place: str, tables: Any) -> tuple[UsagePlan, ...]:
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

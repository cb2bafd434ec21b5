"""CORS, stage cache and usage plans from `[tool.spec-compiler]`; each bad setting a clear error."""

from pathlib import Path

import pytest

from spec_compiler.model.ir import Cors, UsagePlan
from spec_compiler.project import SettingsError, load_settings

SETTINGS = """
[tool.spec-compiler.cors]
origin = "https://app.example.com"
max_age = 600
credentials = true

[tool.spec-compiler.cache]
cluster_size = "1.6"

[tool.spec-compiler.usage-plans.partners]
api-keys = ["partner-a", "partner-b"]
rate = 10
burst = 20
quota = {limit = 10000, period = "MONTH"}

[tool.spec-compiler.usage-plans.free]
api-keys = ["trial"]
"""


def settings_of(folder: Path, text: str):
    (folder / "pyproject.toml").write_text(text)
    return load_settings(folder)


def test_access_settings_are_read(tmp_path: Path) -> None:
    settings = settings_of(tmp_path, SETTINGS)
    assert settings.cors == Cors(
        "https://app.example.com", ("Content-Type", "Authorization", "X-Api-Key"), 600, True
    )
    assert settings.cache_cluster_size == "1.6"
    assert settings.usage_plans == (
        UsagePlan("free", ("trial",)),
        UsagePlan("partners", ("partner-a", "partner-b"), 10, 20, 10000, "MONTH"),
    )


def test_without_them_nothing_changes(tmp_path: Path) -> None:
    settings = settings_of(tmp_path, "[tool.spec-compiler]\ntitle = 'X'\n")
    assert (settings.cors, settings.usage_plans, settings.cache_cluster_size) == (None, (), "0.5")


BAD = {
    '[tool.spec-compiler.cors]\norigin = "https://a.example.com/app"\n': "give the one origin browsers",
    '[tool.spec-compiler.cors]\norigin = ["https://a.example.com"]\n': "one static origin",
    '[tool.spec-compiler.cors]\norigin = "*"\ncredentials = true\n': "needs a named origin",
    '[tool.spec-compiler.cors]\norigin = "*"\nheaders = "X"\n': "headers='X': give a list of header names",
    '[tool.spec-compiler.cors]\norigin = "*"\nmethods = ["GET"]\n': "unknown setting(s) methods",
    '[tool.spec-compiler.cors]\norigin = "*"\nmax_age = -1\n': "max_age=-1",
    '[tool.spec-compiler.cache]\ncluster_size = "2"\n': "cluster_size='2': choose one of 0.5, 1.6",
    "[tool.spec-compiler.usage-plans.a]\napi-keys = ['k']\n[tool.spec-compiler.usage-plans.b]\n"
    "api-keys = ['k']\n": "API key 'k' is already in plan 'a'",
    "[tool.spec-compiler.usage-plans.a]\nrate = 0\n": "rate=0: give requests per second",
    "[tool.spec-compiler.usage-plans.a]\nburst = 1.5\n": "burst=1.5",
    "[tool.spec-compiler.usage-plans.a]\nquota = {limit = 5, period = 'YEAR'}\n": "DAY, WEEK, MONTH",
    "[tool.spec-compiler.usage-plans.a]\nquota = 5\n": 'write quota = {limit = 10000, period = "MONTH"}',
    "[tool.spec-compiler]\nusage-plans = 3\n": "must be tables",
}


@pytest.mark.parametrize("text", sorted(BAD))
def test_bad_settings_say_what_to_write(text: str, tmp_path: Path) -> None:
    with pytest.raises(SettingsError) as raised:
        settings_of(tmp_path, text)
    assert str(raised.value).startswith(f"{tmp_path / 'pyproject.toml'}: [tool.spec-compiler")
    assert BAD[text] in str(raised.value)

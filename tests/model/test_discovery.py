"""Discovery: every file of the models folder is imported on its own; every bad model is a clear error."""

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from spec_compiler.compiler.openapi import generate_document
from spec_compiler.errors import ModelError
from spec_compiler.model import discovery
from spec_compiler.model.discovery import import_model_file, load_api
from spec_compiler.model.ir import Api, UsagePlan

MODELS = Path(__file__).parents[1] / "fixtures" / "models"
BAD = MODELS / "bad"

# fixture folder -> (class, field or None, what the message must say). The file is always named.
BAD_MODELS = {
    "no_partition_key": ("Movie", None, "has no partition key. Mark exactly one field with PartitionKey"),
    "two_partition_keys": ("Movie", "director", 'a second PartitionKey (fields "title", "director")'),
    "two_sort_keys": ("Movie", "month", "a table has exactly one sort key. Remove the marker"),
    "key_kind": ("Movie", "watched", "a key must be stored as S, N or B"),
    "optional_key": ("Movie", "title", "a key is always present. Remove `| None` and the default value"),
    "unsupported_type": ("Movie", "size", "unsupported type tuple[int, int]; use str, int"),
    "unsupported_nested_type": ("Movie", "studio.founded", "unsupported type complex"),
    "union_type": ("Movie", "year", "only `T | None` (optional) is allowed"),
    "set_of_bool": ("Movie", "flags", "use list[T] for anything else"),
    "dict_key": ("Movie", "by_year", "DynamoDB map keys are strings; use dict[str, T]"),
    "recursive_model": ("Movie", "scenes.scenes", "model Scene contains itself"),
    "bad_resource": ("Movie", None, "resource='my movies/{all}' is not a path segment API Gateway can route"),
    "bad_table": ("Movie", None, "table='x' is not a DynamoDB table name"),
    "no_table": ("Movie", None, 'has no table. Write `class Movie(Entity, table="...", resource="...")`'),
    "unknown_operation": ("Movie", None, "unknown operation 'search'. Choose from get, put"),
    "query_without_sort_key": ("Movie", None, "operation 'query' needs a sort key. Mark a field"),
    "same_resource": ("Movie", None, "has the same resource 'movies' as "),
}


@pytest.mark.parametrize("case", sorted(BAD_MODELS))
def test_bad_model_names_file_class_and_field(case: str, load: Callable[[Path], Api]) -> None:
    cls, field, says = BAD_MODELS[case]
    with pytest.raises(ModelError) as raised:
        load(BAD / case)
    message = str(raised.value)
    place = f"{case}/movie.py, class {cls}" + (f', field "{field}"' if field else "")
    assert place in message
    assert says in message
    assert raised.value.exit_code == 2


def test_same_resource_names_both_classes(load: Callable[[Path], Api]) -> None:
    with pytest.raises(ModelError, match=r"same_resource/actor.py, class Actor\. Give one of them another"):
        load(BAD / "same_resource")


def test_model_file_that_does_not_import_names_the_line(load: Callable[[Path], Api]) -> None:
    with pytest.raises(ModelError) as raised:
        load(BAD / "import_error")
    message = str(raised.value)
    assert "import_error/movie.py, line 5: does not import: NameError: name 'load_ratings'" in message
    assert "Fix the file" in message


def test_syntax_error_names_the_line(tmp_path: Path, load: Callable[[Path], Api]) -> None:
    (tmp_path / "movie.py").write_text("class Movie(:\n    pass\n")
    with pytest.raises(ModelError, match=r"movie.py, line 1: does not import: SyntaxError"):
        load(tmp_path)


def test_folder_without_entities_is_an_error(load: Callable[[Path], Api]) -> None:
    with pytest.raises(ModelError, match="no_entity: no entity found"):
        load(BAD / "no_entity")


def test_missing_folder_is_an_error(tmp_path: Path, load: Callable[[Path], Api]) -> None:
    with pytest.raises(ModelError, match="no such folder of models"):
        load(tmp_path / "nowhere")


def test_each_file_is_its_own_module_and_private_files_are_skipped(
    tmp_path: Path, load: Callable[[Path], Api]
) -> None:
    entity = (
        "from typing import Annotated\n"
        "from spec_compiler.model import Entity, PartitionKey\n"
        "class {name}(Entity, table='{table}', resource='{table}'):\n"
        "    id: Annotated[str, PartitionKey]\n"
    )
    (tmp_path / "b.py").write_text(entity.format(name="Beta", table="betas"))
    (tmp_path / "a.py").write_text(entity.format(name="Alpha", table="alphas") + "from b import *\n")
    (tmp_path / "_private.py").write_text("raise RuntimeError('never imported')\n")
    sys.path.insert(0, str(tmp_path))
    try:
        api = load(tmp_path)
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("b", None)
    # Beta is counted once although a.py imports it; entities come sorted by name.
    assert [entity.name for entity in api.entities] == ["Alpha", "Beta"]


def test_same_file_name_in_two_folders_gives_two_modules(tmp_path: Path) -> None:
    for folder in ("one", "two"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "movie.py").write_text(f"WHERE = {folder!r}\n")
    one = import_model_file(tmp_path / "one" / "movie.py")
    two = import_model_file(tmp_path / "two" / "movie.py")
    assert (one.WHERE, two.WHERE) == ("one", "two")
    assert one.__name__ != two.__name__


# Model files for the tests of discovery in worker processes: `{n}` numbers the entity.
ENTITY_WITH_ADDRESS = """
from typing import Annotated
from pydantic import BaseModel
from spec_compiler.model import Entity, PartitionKey

class Address(BaseModel):
    {address_field}: str

class Shop{n}(Entity, table="shops_{n}", resource="shops-{n}"):
    id: Annotated[str, PartitionKey]
    address: Address
"""
CITY_ADDRESS = ENTITY_WITH_ADDRESS.replace("{address_field}", "city")
NO_PARTITION_KEY = """
from spec_compiler.model import Entity

class Shop{n}(Entity, table="shops_{n}", resource="shops-{n}"):
    id: str
"""


def _shops(folder: Path, *files: str) -> Path:
    """A models folder with one file per text, numbered in order."""
    for n, text in enumerate(files):
        (folder / f"shop_{n}.py").write_text(text.format(n=n, address_field="street"))
    return folder


def _loaded_or_error(load: Callable[[Path], Api], folder: Path) -> Api | str:
    try:
        return load(folder)
    except ModelError as error:
        return str(error)


@pytest.fixture
def shared_out(two_workers: None, monkeypatch: pytest.MonkeyPatch) -> Callable[[bool], None]:
    """Switch between describing the files in one process and in two."""
    return lambda shared: monkeypatch.setattr(discovery, "SHARE_FILES", 1 if shared else 10**6)


def test_files_described_in_two_processes_make_the_api_one_process_makes(
    shared_out: Callable[[bool], None], tmp_path: Path
) -> None:
    def load(folder: Path) -> Api:
        return load_api(
            folder, title="T", version="1", description="d", usage_plans=(UsagePlan("p", ("k",)),)
        )

    for folder in (MODELS / "access", MODELS / "every_type", _shops(tmp_path, *[ENTITY_WITH_ADDRESS] * 5)):
        shared_out(False)
        alone = load(folder)
        shared_out(True)
        shared = load(folder)
        assert (shared.entities, shared.schemas) == (alone.entities, alone.schemas)
        assert generate_document(shared) == generate_document(alone)


def test_the_last_files_are_imported_in_another_process(
    load: Callable[[Path], Api], shared_out: Callable[[bool], None], tmp_path: Path
) -> None:
    shared_out(True)
    api = load(_shops(tmp_path, *[ENTITY_WITH_ADDRESS] * 4))
    assert [entity.name for entity in api.entities] == ["Shop0", "Shop1", "Shop2", "Shop3"]
    imported_here = {getattr(module, "__file__", None) for module in list(sys.modules.values())}
    assert str(tmp_path / "shop_3.py") not in imported_here
    assert str(tmp_path / "shop_0.py") in imported_here


@pytest.mark.parametrize(
    "files",
    [
        # a bad model in the share of the other process, and one in each share: the first is reported
        [ENTITY_WITH_ADDRESS, ENTITY_WITH_ADDRESS, NO_PARTITION_KEY, ENTITY_WITH_ADDRESS],
        [ENTITY_WITH_ADDRESS, NO_PARTITION_KEY, NO_PARTITION_KEY, ENTITY_WITH_ADDRESS],
        # two different models named Address, in different shares only
        [ENTITY_WITH_ADDRESS] * 2 + [CITY_ADDRESS] * 2,
        [CITY_ADDRESS] * 2 + [ENTITY_WITH_ADDRESS] * 2,
        # the same, and a bad model after the second Address
        [ENTITY_WITH_ADDRESS] * 2 + [CITY_ADDRESS, NO_PARTITION_KEY],
    ],
)
def test_a_bad_model_in_any_share_is_the_error_one_process_reports(
    files: list[str], load: Callable[[Path], Api], shared_out: Callable[[bool], None], tmp_path: Path
) -> None:
    folder = _shops(tmp_path, *files)
    shared_out(False)
    alone = _loaded_or_error(load, folder)
    shared_out(True)
    assert isinstance(alone, str)
    assert _loaded_or_error(load, folder) == alone

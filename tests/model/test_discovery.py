"""Discovery: every file of the models folder is imported on its own; every bad model is a clear error."""

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from spec_compiler.errors import ModelError
from spec_compiler.model.discovery import import_model_file
from spec_compiler.model.ir import Api

BAD = Path(__file__).parents[1] / "fixtures" / "models" / "bad"

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

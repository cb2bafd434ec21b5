"""Finding the user's entities: import every file of the models folder and describe each Entity in it.

Each file is imported under a name derived from its absolute path, so two folders (or two builds in one
process) never share module state, and files need not form a package. Files whose name starts with `_`
are skipped (a place for shared helpers imported by the others).
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
import traceback
from pathlib import Path
from types import ModuleType

from spec_compiler.errors import ModelError
from spec_compiler.model.entity import Entity
from spec_compiler.model.introspect import SchemaRegistry, describe_entity, where
from spec_compiler.model.ir import DEFAULT_CACHE_CLUSTER_SIZE, Api, Authorizer, Cors, UsagePlan
from spec_compiler.model.ir import Entity as EntityIR
from spec_compiler.processes import contiguous_shares, in_workers, worker_count

# Model files below which a share is not worth a process: a fork and sending the IR back cost about what
# describing a few entities does (each is one or two Pydantic classes and their JSON schemas).
SHARE_FILES = 8


def load_api(
    models_dir: str | Path,
    *,
    title: str,
    version: str,
    description: str,
    cors: Cors | None = None,
    usage_plans: tuple[UsagePlan, ...] = (),
    cache_cluster_size: str = DEFAULT_CACHE_CLUSTER_SIZE,
) -> Api:
    """Every entity of the models folder, checked and described, as one API (with the project's
    CORS, usage plans and stage cache settings from pyproject.toml)."""
    folder = Path(models_dir)
    if not folder.is_dir():
        raise ModelError(
            f"{display_path(folder)}: no such folder of models. Create it with one model file, or point "
            "to it with --models or `models` in [tool.spec-compiler] of pyproject.toml."
        )
    files = [path for path in sorted(folder.glob("*.py")) if not path.name.startswith("_")]
    entities, registry = describe_files(files)
    if not entities:
        raise ModelError(
            f"{display_path(folder)}: no entity found. Add a file with a class like "
            '`class FavoriteMovie(Entity, table="favorite_movies", resource="movies")`.'
        )
    entities.sort(key=lambda entity: entity.name)
    _check_unique(entities)
    _check_authorizers(entities)
    _check_api_keys(entities, usage_plans)
    return Api(
        title=title,
        version=version,
        description=description,
        entities=tuple(entities),
        schemas=dict(sorted(registry.schemas.items())),
        cors=cors,
        usage_plans=usage_plans,
        cache_cluster_size=cache_cluster_size,
    )


def describe_files(files: list[Path]) -> tuple[list[EntityIR], SchemaRegistry]:
    """The entities of the model files, in file order, and the schemas they name. Many files are shared
    out among worker processes (`spec_compiler.processes`); the IR is plain data, so it travels pickled.
    If any share has a bad model, the files are described again in this process, so the error is the
    first one a single process meets."""
    count = min(worker_count(), len(files) // SHARE_FILES)
    if count <= 1:
        return _describe(files)
    runs = contiguous_shares([_size(path) for path in files], count)
    results = in_workers(_described_or_none, [files[run.start : run.stop] for run in runs])
    described = [result for result in results if result is not None]
    if len(described) < len(results):
        return _describe(files)
    entities: list[EntityIR] = []
    registry = SchemaRegistry()
    for share_entities, share_registry in described:
        entities += share_entities
        registry.merge(share_registry)
    return entities, registry


def _describe(files: list[Path]) -> tuple[list[EntityIR], SchemaRegistry]:
    registry = SchemaRegistry()
    entities = []
    for path in files:
        module = import_model_file(path)
        source = display_path(path)
        entities += [describe_entity(cls, source, registry) for cls in entity_classes(module)]
    return entities, registry


def _described_or_none(files: list[Path]) -> tuple[list[EntityIR], SchemaRegistry] | None:
    try:
        return _describe(files)
    except ModelError:
        return None


def _size(path: Path) -> int:
    """The file's size in bytes, the measure of its share of the work (0 if it is already gone: importing
    it will say so)."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


def import_model_file(path: Path) -> ModuleType:
    """Run one model file as a fresh module; any failure is a ModelError pointing at the failing line."""
    digest = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:12]
    module_name = f"spec_compiler_models_{digest}_{path.stem}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise ModelError(f"{display_path(path)}: cannot be loaded as a Python file.")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module  # Pydantic resolves forward references through sys.modules
    try:
        spec.loader.exec_module(module)
    except Exception as error:
        del sys.modules[module_name]
        raise ModelError(
            f"{display_path(path)}{_failing_line(path, error)}: does not import: "
            f"{type(error).__name__}: {error}. Fix the file (`python {display_path(path)}` shows the "
            "full traceback) or move it out of the models folder."
        ) from None
    return module


def entity_classes(module: ModuleType) -> list[type[Entity]]:
    """Entity subclasses defined in the module itself (not ones it imported), in source order."""
    return [
        value
        for value in vars(module).values()
        if isinstance(value, type)
        and issubclass(value, Entity)
        and value is not Entity
        and value.__module__ == module.__name__
    ]


def display_path(path: Path) -> str:
    """The path as the user would write it: relative to the working directory when inside it."""
    try:
        relative = Path(os.path.relpath(path))
    except ValueError:  # another drive on Windows
        return path.as_posix()
    return path.as_posix() if relative.parts[:1] == ("..",) else relative.as_posix()


def _failing_line(path: Path, error: BaseException) -> str:
    if isinstance(error, SyntaxError) and error.filename and Path(error.filename) == path:
        return f", line {error.lineno}"
    lines = [
        frame.lineno for frame in traceback.extract_tb(error.__traceback__) if Path(frame.filename) == path
    ]
    return f", line {lines[-1]}" if lines else ""


def _check_unique(entities: list[EntityIR]) -> None:
    """Two entities may not share a resource or a class name, nor one table with different keys."""
    seen: dict[tuple[str, str], EntityIR] = {}
    for entity in entities:
        for what, value in (("resource", entity.resource), ("name", entity.name)):
            other = seen.setdefault((what, value), entity)
            if other is not entity:
                hint = "Give one of them another resource." if what == "resource" else "Rename one class."
                raise ModelError(
                    f"{where(entity.source, entity.name)}: has the same {what} {value!r} as "
                    f"{where(other.source, other.name)}. {hint}"
                )
        other = seen.setdefault(("table", entity.table), entity)
        if other is not entity and _key_schema(other) != _key_schema(entity):
            raise ModelError(
                f"{where(entity.source, entity.name)}: uses table {entity.table!r} like "
                f"{where(other.source, other.name)}, but with other keys. Use another table, "
                "or the same key names and types."
            )


def _key_schema(entity: EntityIR) -> tuple[tuple[str, str], ...]:
    return tuple((key.name, key.type.kind) for key in entity.keys)


def _check_authorizers(entities: list[EntityIR]) -> None:
    """An authorizer's name is its security scheme: every use of one name must describe one authorizer."""
    seen: dict[str, tuple[Authorizer, EntityIR]] = {}
    for entity in entities:
        for _, access in entity.access:
            if access.authorizer is None:
                continue
            known, other = seen.setdefault(access.authorizer.name, (access.authorizer, entity))
            if known != access.authorizer:
                raise ModelError(
                    f"{where(entity.source, entity.name)}: access uses an authorizer named "
                    f"{known.name!r} that differs from the one of that name in "
                    f"{where(other.source, other.name)}. Define it once (a module-level variable in a "
                    "`_shared.py` file) or give them different names."
                )


def _check_api_keys(entities: list[EntityIR], usage_plans: tuple[UsagePlan, ...]) -> None:
    """An API key only opens a stage through a usage plan, so a key-protected API needs one with a key."""
    if any(plan.api_keys for plan in usage_plans):
        return
    for entity in entities:
        for op, access in entity.access:
            if access.api_key:
                raise ModelError(
                    f"{where(entity.source, entity.name)}: {op} requires an API key, but pyproject.toml "
                    "declares none. Add a usage plan with a key: [tool.spec-compiler.usage-plans.default] "
                    'api-keys = ["my-client"].'
                )

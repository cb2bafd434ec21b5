"""Turns a parsed template into nested Python closures, built once and run for every render.

Statements compile to `fn(vars, out)` (appending text to `out`), expressions to `fn(vars) -> value`,
and `#if` conditions to `fn(vars) -> bool` with Velocity's own truth rules (only references and boolean
operators can be true; `""` and `0` are true, null is false; a literal string is false).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from spec_compiler.vtl import nodes as n
from spec_compiler.vtl import parser
from spec_compiler.vtl.arithmetic import ARITHMETIC
from spec_compiler.vtl.errors import VtlError, position
from spec_compiler.vtl.javaregex import JavaException, replacer
from spec_compiler.vtl.javatypes import (
    JavaList,
    compare_numbers,
    is_number,
    to_java_string,
    velocity_equals,
)
from spec_compiler.vtl.methods import call_method, get_index, get_property, set_index, set_property

Statement = Callable[[dict, list], None]
Expression = Callable[[dict], Any]
Condition = Callable[[dict], bool]

_UNSET = object()


class StopRendering(Exception):
    """`#stop` (or a `#break` outside any loop): the output so far is the result."""


class BreakLoop(Exception):
    """`#break` inside a `#foreach`."""


class ForeachScope:
    """`$foreach`: the loop's index, count, hasNext, first, last and parent."""

    __slots__ = ("index", "parent", "size")

    def __init__(self, size: int, parent: Any) -> None:
        self.index = 0
        self.size = size
        self.parent = parent

    def java_property(self, name: str) -> Any:
        if name == "index":
            return self.index
        if name == "count":
            return self.index + 1
        if name == "hasNext":
            return self.index + 1 < self.size
        if name == "first":
            return self.index == 0
        if name == "last":
            return self.index + 1 == self.size
        if name == "parent":
            return self.parent
        return None

    def java_string(self) -> str:
        return "org.apache.velocity.runtime.directive.ForeachScope"

    java_methods: ClassVar[dict[str, Callable]] = {
        "hasNext": lambda self, args: self.java_property("hasNext"),
        "getIndex": lambda self, args: self.index,
        "getCount": lambda self, args: self.index + 1,
        "getHasNext": lambda self, args: self.java_property("hasNext"),
        "isFirst": lambda self, args: self.index == 0,
        "isLast": lambda self, args: self.index + 1 == self.size,
        "getFirst": lambda self, args: self.index == 0,
        "getLast": lambda self, args: self.index + 1 == self.size,
        "getParent": lambda self, args: self.parent,
    }


class Compiler:
    """Compiles one template's nodes; keeps the source to turn offsets into lines and columns."""

    def __init__(self, source: str, parsed: n.Parsed) -> None:
        self.source = source
        self.macros = parsed.macros
        self.compiled_macros: dict[str, Statement] = {}
        # whether the template can change a map or list it reads from $input (then each read is a copy)
        self.mutates = False

    def error(self, message: str, offset: int) -> VtlError:
        line, column = position(self.source, offset)
        return VtlError(message, line, column)

    # ------------------------------------------------------------------ statements

    def block(self, body: list[Any]) -> Statement:
        parts: list[Any] = []
        texts = False
        for node in body:
            kind = type(node)
            if kind is n.Text:
                parts.append(node.text)
                texts = True
                continue
            compile_statement = _STATEMENTS.get(kind)
            if compile_statement is None:
                raise self.error(f"unsupported construct {kind.__name__}", getattr(node, "offset", 0))
            parts.append(compile_statement(self, node))
        if not parts:
            return _nothing
        if len(parts) == 1:
            only = parts[0]
            if type(only) is str:
                return lambda v, out: out.append(only)
            return only
        if not texts:
            funcs = tuple(parts)

            def run_all(v: dict, out: list) -> None:
                for f in funcs:
                    f(v, out)

            return run_all
        items = tuple(parts)

        def run(v: dict, out: list) -> None:
            append = out.append
            for p in items:
                if type(p) is str:
                    append(p)
                else:
                    p(v, out)

        return run

    def render_reference(self, ref: n.Reference) -> Statement:
        value = self.reference(ref)
        escapes = ref.escapes
        if escapes == 0:

            def render(v: dict, out: list) -> None:
                x = value(v)
                if x is not None:
                    out.append(x if type(x) is str else to_java_string(x))

            return render
        prefix = "\\" * (escapes // 2)
        source = ref.source
        if escapes % 2:

            def render_escaped(v: dict, out: list) -> None:
                x = value(v)
                out.append(prefix + ("\\" + source if x is None else source))

            return render_escaped

        def render_prefixed(v: dict, out: list) -> None:
            x = value(v)
            out.append(prefix if x is None else prefix + to_java_string(x))

        return render_prefixed

    def set_statement(self, node: n.Set) -> Statement:
        target = node.target
        name = target.root
        literal = node.value if type(node.value) is n.Literal else None
        if literal is not None and literal.value is not None and not target.steps and name != "context":
            constant = literal.value  # the commonest #set: `#set($found = false)`

            def set_constant(v: dict, out: list) -> None:
                v[name] = constant

            return set_constant
        value = self.expression(node.value)
        overrides = (
            name == "context"
            and 1 < len(target.steps) <= 3
            and type(target.steps[0]) is n.Property
            and target.steps[0].name in ("responseOverride", "requestOverride")
        )
        if (target.steps and not overrides) or (name == "context" and not target.steps):
            self.mutates = True
        if not target.steps:

            def set_var(v: dict, out: list) -> None:
                x = value(v)
                if x is not None:
                    v[name] = x

            return set_var
        owner = self.reference(n.Reference(name, target.steps[:-1], target.source, target.offset))
        last = target.steps[-1]
        if type(last) is n.Property:
            prop = last.name

            def set_prop(v: dict, out: list) -> None:
                x = value(v)
                if x is not None:
                    obj = owner(v)
                    if type(obj) is dict:
                        obj[prop] = x
                    elif obj is not None:
                        set_property(obj, prop, x)

            return set_prop
        key_of = self.expression(last.key)
        where = last.offset

        def set_item(v: dict, out: list) -> None:
            x = value(v)
            if x is not None:
                obj = owner(v)
                if obj is not None:
                    try:
                        set_index(obj, key_of(v), x)
                    except JavaException as exc:
                        raise self.error(str(exc), where) from None

        return set_item

    def if_statement(self, node: n.If) -> Statement:
        otherwise = None if node.otherwise is None else self.block(node.otherwise)
        if len(node.branches) == 1:
            ((condition, body),) = node.branches
            test, then = self.condition(condition), self.block(body)
            if otherwise is None:

                def if_then(v: dict, out: list) -> None:
                    if test(v):
                        then(v, out)

                return if_then

            def if_else(v: dict, out: list) -> None:
                if test(v):
                    then(v, out)
                else:
                    otherwise(v, out)

            return if_else
        chain = tuple([(self.condition(test), self.block(body)) for test, body in node.branches])

        def if_chain(v: dict, out: list) -> None:
            for test, body in chain:
                if test(v):
                    body(v, out)
                    return
            if otherwise is not None:
                otherwise(v, out)

        return if_chain

    def foreach_statement(self, node: n.Foreach) -> Statement:
        if node.iterable is None:
            return _nothing
        iterable = self.expression(node.iterable)
        body = self.block(node.body)
        var = node.var

        def foreach(v: dict, out: list) -> None:
            items = _iteration(iterable(v))
            if items is None:
                return
            saved = (v.get(var, _UNSET), v.get("foreach", _UNSET), v.get("velocityCount", _UNSET))
            parent = saved[1] if saved[1] is not _UNSET else None
            scope = ForeachScope(len(items), parent)
            v["foreach"] = scope
            try:
                for index, item in enumerate(items):
                    scope.index = index
                    v["velocityCount"] = index + 1
                    if item is None:
                        v.pop(var, None)
                    else:
                        v[var] = item
                    body(v, out)
            except BreakLoop:
                pass
            finally:
                for key, old in zip((var, "foreach", "velocityCount"), saved, strict=True):
                    if old is _UNSET:
                        v.pop(key, None)
                    else:
                        v[key] = old

        return foreach

    def break_statement(self, node: n.Break) -> Statement:
        return _break

    def stop_statement(self, node: n.Stop) -> Statement:
        return _stop

    def macro_call(self, node: n.MacroCall) -> Statement:
        self.mutates = True  # the body is compiled on first use, so assume the worst
        macro = self.macros[node.name]
        args = tuple(self.expression(a) for a in node.args)
        params = tuple(macro.params)
        name = node.name

        def call(v: dict, out: list) -> None:
            body = self.compiled_macros.get(name)
            if body is None:
                body = self.compiled_macros[name] = self.block(macro.body)
            values = [a(v) for a in args]
            saved = [v.get(p, _UNSET) for p in params]
            for p, x in zip(params, values + [None] * (len(params) - len(values)), strict=False):
                if x is None:
                    v.pop(p, None)
                else:
                    v[p] = x
            try:
                body(v, out)
            finally:
                for p, old in zip(params, saved, strict=True):
                    if old is _UNSET:
                        v.pop(p, None)
                    else:
                        v[p] = old

        return call

    def evaluate_statement(self, node: n.Evaluate) -> Statement:
        self.mutates = True
        text_of = self.expression(node.expr)
        where = node.offset

        def evaluate(v: dict, out: list) -> None:
            text = text_of(v)
            if text is None:
                return
            try:
                inner = compile_template_source(to_java_string(text))
            except VtlError as exc:
                raise self.error(f"in #evaluate: {exc.message}", where) from None
            inner(v, out)

        return evaluate

    # ------------------------------------------------------------------ references

    def reference(self, ref: n.Reference) -> Expression:
        root = ref.root
        steps = ref.steps
        if not steps:
            return lambda v: v.get(root)
        if len(steps) == 1:
            step = steps[0]
            if type(step) is n.Property and step.name != "class":
                name = step.name  # `$foreach.hasNext`, `$item.S`: one closure instead of two

                def property_of_root(v: dict) -> Any:
                    x = v.get(root)
                    if x is None:
                        return None
                    return x.get(name) if type(x) is dict else get_property(x, name)

                return property_of_root
            first = _STEPS[type(step)](self, step)

            def one(v: dict) -> Any:
                x = v.get(root)
                return None if x is None else first(x, v)

            return one
        compiled = []  # a loop, not a comprehension: compiling is hot and a comprehension is a call
        for step in steps:
            compiled.append(_STEPS[type(step)](self, step))
        chained = tuple(compiled)

        def chain(v: dict) -> Any:
            x = v.get(root)
            for s in chained:
                if x is None:
                    return None
                x = s(x, v)
            return x

        return chain

    def property_step(self, node: n.Property) -> Callable[[Any, dict], Any]:
        name = node.name
        if name == "class":
            return lambda x, v: get_property(x, name)

        def prop(x: Any, v: dict) -> Any:
            return x.get(name) if type(x) is dict else get_property(x, name)

        return prop

    def index_step(self, node: n.Index) -> Callable[[Any, dict], Any]:
        key_of = self.expression(node.key)
        where = node.offset

        def index(x: Any, v: dict) -> Any:
            try:
                return get_index(x, key_of(v))
            except JavaException as exc:
                raise self.error(f"{exc} (index access)", where) from None

        return index

    def call_step(self, node: n.Call) -> Callable[[Any, dict], Any]:
        name = node.name
        if name in _MUTATORS:
            self.mutates = True
        args = node.args
        where = node.offset + 1
        if len(args) == 1 and type(args[0]) is n.Literal:  # the commonest: `$x.get('a')`, `$s.matches('…')`
            constant = args[0].value

            def call_with_constant(x: Any, v: dict) -> Any:
                try:
                    return call_method(x, name, [constant])
                except JavaException as exc:
                    raise self.error(f"method {name} threw {exc}", where) from None
                except RecursionError:
                    raise self.error(f"method {name} nested too deeply", where) from None

            return call_with_constant
        replace = self.literal_replacer(node) if name in _REPLACERS else None
        if replace is not None:
            return self.replace_step(node, replace)
        values_of = self.arguments(args)

        def call(x: Any, v: dict) -> Any:
            try:
                return call_method(x, name, values_of(v))
            except JavaException as exc:
                raise self.error(f"method {name} threw {exc}", where) from None
            except RecursionError:
                raise self.error(f"method {name} nested too deeply", where) from None

        return call

    def replace_step(self, node: n.Call, replace: Callable[[str], str]) -> Callable[[Any, dict], Any]:
        """`.replaceAll('a', 'b')` on a string with the regular expression prepared once; on anything
        else the method is looked up as usual (and is not found, or is a user's)."""
        name = node.name
        pattern, replacement = node.args[0].value, node.args[1].value
        where = node.offset + 1

        def call_replace(x: Any, v: dict) -> Any:
            if type(x) is str:
                try:
                    return replace(x)
                except JavaException as exc:
                    raise self.error(f"method {name} threw {exc}", where) from None
            try:
                return call_method(x, name, [pattern, replacement])
            except JavaException as exc:
                raise self.error(f"method {name} threw {exc}", where) from None
            except RecursionError:
                raise self.error(f"method {name} nested too deeply", where) from None

        return call_replace

    def arguments(self, args: list[Any]) -> Callable[[dict], list]:
        """What gives a call its argument values: a new list each time, as a method may keep it."""
        if not args:
            return _no_arguments
        if len(args) == 1:
            value_of = self.expression(args[0])
            return lambda v: [value_of(v)]
        each = tuple(map(self.expression, args))
        return lambda v: [a(v) for a in each]

    def literal_replacer(self, node: n.Call) -> Callable[[str], str] | None:
        """`replaceAll`/`replaceFirst` with two literal strings (the escaping idiom): prepared once."""
        if len(node.args) != 2:
            return None
        pattern, replacement = node.args
        if type(pattern) is not n.Literal or type(replacement) is not n.Literal:
            return None
        if type(pattern.value) is not str or type(replacement.value) is not str:
            return None
        try:
            return replacer(pattern.value, replacement.value, _REPLACERS[node.name])
        except JavaException:
            return None  # a bad pattern fails when called, with its position, like any other

    # ------------------------------------------------------------------ expressions

    def expression(self, node: Any) -> Expression:
        compile_expression = _EXPRESSIONS.get(type(node))
        if compile_expression is None:
            raise self.error(f"unsupported expression {type(node).__name__}", getattr(node, "offset", 0))
        return compile_expression(self, node)

    def literal(self, node: n.Literal) -> Expression:
        value = node.value
        return lambda v: value

    def interpolated(self, node: n.Interpolated) -> Expression:
        if len(node.body) == 1 and type(node.body[0]) is n.Reference and not node.body[0].escapes:
            value = self.reference(node.body[0])  # `"$!x"`: the reference as a string, "" for null

            def as_string(v: dict) -> str:
                x = value(v)
                return "" if x is None else x if type(x) is str else to_java_string(x)

            return as_string
        body = self.block(node.body)

        def interpolate(v: dict) -> str:
            out: list[str] = []
            body(v, out)
            return "".join(out)

        return interpolate

    def list_literal(self, node: n.ListLiteral) -> Expression:
        items = tuple([self.expression(i) for i in node.items])
        return lambda v: JavaList([i(v) for i in items])

    def map_literal(self, node: n.MapLiteral) -> Expression:
        pairs = tuple([(self.expression(k), self.expression(x)) for k, x in node.pairs])
        return lambda v: {k(v): x(v) for k, x in pairs}

    def not_expression(self, node: n.Not) -> Expression:
        test = self.condition(node.operand)
        return lambda v: not test(v)

    def range_expression(self, node: n.Range) -> Expression:
        start_of = self.expression(node.start)
        end_of = self.expression(node.end)

        def make_range(v: dict) -> Any:
            a, b = start_of(v), end_of(v)
            if not is_number(a) or not is_number(b):
                return None
            a, b = int(a), int(b)
            step = 1 if a <= b else -1
            return JavaList(range(a, b + step, step))

        return make_range

    def binary(self, node: n.Binary) -> Expression:
        op = node.op
        if op in ("&&", "||", "==", "!=", "<", ">", "<=", ">="):
            test = self.condition(node)
            return lambda v: test(v)
        left = self.expression(node.left)
        right = self.expression(node.right)
        left_source, right_source = _literal(node.left), _literal(node.right)
        perform = ARITHMETIC[op]
        where = node.offset

        def math_op(v: dict) -> Any:
            a, b = left(v), right(v)
            if op == "+" and (type(a) is str or type(b) is str):
                return (left_source if a is None else to_java_string(a)) + (
                    right_source if b is None else to_java_string(b)
                )
            if not is_number(a) or not is_number(b):
                return None
            try:
                return perform(a, b)
            except JavaException as exc:
                raise self.error(str(exc), where) from None

        return math_op

    # ------------------------------------------------------------------ conditions

    def condition(self, node: Any) -> Condition:
        kind = type(node)
        if kind is n.Reference:
            value = self.reference(node)

            def truthy(v: dict) -> bool:
                x = value(v)
                if x is None:
                    return False
                if type(x) is bool:
                    return x
                return True

            return truthy
        if kind is n.Binary:
            op = node.op
            if op == "&&":
                a, b = self.condition(node.left), self.condition(node.right)
                return lambda v: a(v) and b(v)
            if op == "||":
                a, b = self.condition(node.left), self.condition(node.right)
                return lambda v: a(v) or b(v)
            left = self.expression(node.left)
            if op in ("==", "!=") and type(node.right) is n.Literal:  # the commonest: `$x == ""`
                constant = node.right.value
                if op == "==":
                    return lambda v: velocity_equals(left(v), constant)
                return lambda v: not velocity_equals(left(v), constant)
            right = self.expression(node.right)
            if op == "==":
                return lambda v: velocity_equals(left(v), right(v))
            if op == "!=":
                return lambda v: not velocity_equals(left(v), right(v))
            if op in _ORDER:
                wanted = _ORDER[op]

                def compare(v: dict) -> bool:
                    a, b = left(v), right(v)
                    if not is_number(a) or not is_number(b):
                        return False
                    return compare_numbers(a, b) in wanted

                return compare
            arithmetic = self.expression(node)

            def never_true(v: dict) -> bool:
                arithmetic(v)  # evaluated for its side effects; Velocity 1.7 treats the result as false
                return False

            return never_true
        if kind is n.Not:
            inner = self.condition(node.operand)
            return lambda v: not inner(v)
        if kind is n.Literal:
            result = node.value is True
            return lambda v: result
        return lambda v: False


# how each kind of node is compiled, looked up by the node's type
_STATEMENTS: dict[type, Callable[[Compiler, Any], Statement]] = {
    n.Reference: Compiler.render_reference,
    n.Set: Compiler.set_statement,
    n.If: Compiler.if_statement,
    n.Foreach: Compiler.foreach_statement,
    n.Break: Compiler.break_statement,
    n.Stop: Compiler.stop_statement,
    n.MacroCall: Compiler.macro_call,
    n.Evaluate: Compiler.evaluate_statement,
}
_STEPS: dict[type, Callable[[Compiler, Any], Callable[[Any, dict], Any]]] = {
    n.Property: Compiler.property_step,
    n.Call: Compiler.call_step,
    n.Index: Compiler.index_step,
}
_EXPRESSIONS: dict[type, Callable[[Compiler, Any], Expression]] = {
    n.Reference: Compiler.reference,
    n.Literal: Compiler.literal,
    n.Interpolated: Compiler.interpolated,
    n.ListLiteral: Compiler.list_literal,
    n.MapLiteral: Compiler.map_literal,
    n.Range: Compiler.range_expression,
    n.Not: Compiler.not_expression,
    n.Binary: Compiler.binary,
}

_MUTATORS = frozenset({"put", "putAll", "putIfAbsent", "remove", "clear", "add", "addAll", "set", "setValue"})
_ORDER = {"<": (-1,), ">": (1,), "<=": (-1, 0), ">=": (0, 1)}
_REPLACERS = {"replaceAll": 0, "replaceFirst": 1}  # the method and how many matches it replaces (0: all)


def _literal(node: Any) -> str:
    return getattr(node, "source", "")


def _no_arguments(v: dict) -> list:
    return []


def _nothing(v: dict, out: list) -> None:
    return None


def _break(v: dict, out: list) -> None:
    raise BreakLoop


def _stop(v: dict, out: list) -> None:
    raise StopRendering


def _iteration(value: Any) -> list | None:
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict):
        return list(value.values())
    return None


_COMPILED_EVALUATE: dict[str, Statement] = {}


def compile_template_source(source: str) -> Statement:
    """Parse and compile template text to a statement (cached for #evaluate)."""
    compiled = _COMPILED_EVALUATE.get(source)
    if compiled is None:
        parsed = parser.parse(source)
        compiled = Compiler(source, parsed).block(parsed.nodes)
        if len(_COMPILED_EVALUATE) < 256:
            _COMPILED_EVALUATE[source] = compiled
    return compiled

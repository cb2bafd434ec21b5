"""Routing on path templates, as API Gateway's resource tree routes."""

from spec_compiler.gateway.routes import Router


def _router() -> Router[str]:
    router: Router[str] = Router()
    router.add("/movies", "get", "list")
    router.add("/movies", "post", "create")
    router.add("/movies/{name}", "get", "get")
    router.add("/movies/{name}", "put", "put")
    router.add("/movies/top", "get", "top")
    router.add("/movies/{name}/{seen_at}", "get", "get-sorted")
    return router


def test_literal_segments_win_over_path_parameters() -> None:
    router = _router()
    assert router.match("GET", "/movies/top").target == "top"
    assert router.match("GET", "/movies/topper").target == "get"
    # The resource is chosen first, then the method: /movies/top has no PUT, so nothing answers.
    assert router.match("PUT", "/movies/top") is None


def test_parameters_are_percent_decoded_whole_segments() -> None:
    match = _router().match("GET", "/movies/a%2Fb%20%22c%22%F0%9F%8E%AC")
    assert match is not None
    assert match.target == "get"
    assert match.resource_path == "/movies/{name}"
    assert match.parameters == {"name": 'a/b "c"🎬'}


def test_two_parameters() -> None:
    match = _router().match("GET", "/movies/ann/2024-01-01")
    assert match is not None
    assert match.parameters == {"name": "ann", "seen_at": "2024-01-01"}


def test_unknown_paths_and_methods_do_not_match() -> None:
    router = _router()
    assert router.match("DELETE", "/movies") is None
    assert router.match("GET", "/films") is None
    assert router.match("GET", "/movies/a/b/c") is None
    assert router.match("GET", "/") is None
    assert router.match("GET", "/movies//x") is None


def test_greedy_parameter_takes_the_rest_of_the_path() -> None:
    router: Router[str] = Router()
    router.add("/files/{key+}", "get", "file")
    router.add("/files/index", "get", "index")
    assert router.match("GET", "/files/a/b%20c/d.txt").parameters == {"key": "a/b c/d.txt"}
    assert router.match("GET", "/files/index").target == "index"
    assert router.match("GET", "/files") is None

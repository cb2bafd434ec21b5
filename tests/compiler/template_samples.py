"""IR entities and hostile strings the template tests share (data only).

`MOVIE` is the favorite-movie entity of the tutorial; `VIEWING` has a numeric sort key and every kind,
nested (lists of maps of lists, nested models, dicts of nested models, nullable members).
"""

from spec_compiler.model.ir import Attribute, AttributeType, Entity

S = AttributeType("S", format="string")
N = AttributeType("N", format="number")
INTEGER = AttributeType("N", format="integer")
B = AttributeType("B")
BOOL = AttributeType("BOOL")

MOVIE = Entity(
    name="FavoriteMovie",
    table="favorite_movies",
    resource="movies",
    partition_key=Attribute("name", S),
    sort_key=None,
    attributes=(Attribute("name", S), Attribute("favorite_movie", S)),
    operations=("get", "put", "patch", "delete", "create", "list"),
)

SCORE = (
    Attribute("label", S),
    Attribute("score", N, required=False),
    Attribute("note", AttributeType("S", nullable=True), required=False),
)
VIEWING = Entity(
    name="Viewing",
    table="viewings",
    resource="viewings",
    partition_key=Attribute("owner", S),
    sort_key=Attribute("seen_at", INTEGER),
    attributes=(
        Attribute("owner", S),
        Attribute("seen_at", INTEGER),
        Attribute("title", S),
        Attribute("rating", N),
        Attribute("watched", BOOL),
        Attribute("poster", AttributeType("B", nullable=True), required=False),
        Attribute("tags", AttributeType("SS", items=S), required=False),
        Attribute("scores", AttributeType("NS", items=N), required=False),
        Attribute(
            "history",
            AttributeType(
                "L",
                items=AttributeType("M", values=AttributeType("L", items=AttributeType("N", nullable=True))),
            ),
            required=False,
        ),
        Attribute("detail", AttributeType("M", fields=SCORE, nullable=True), required=False),
        Attribute("by_site", AttributeType("M", values=AttributeType("M", fields=SCORE)), required=False),
        Attribute("flags", AttributeType("L", items=AttributeType("BOOL", nullable=True)), required=False),
        Attribute("comment", AttributeType("S", nullable=True), required=False),
    ),
    operations=("get", "put", "patch", "delete", "create", "list", "query"),
)

# An entity keyed by bytes, so B keys, cursors and prefixes are covered too.
BLOB = Entity(
    name="Blob",
    table="blobs",
    resource="blobs",
    partition_key=Attribute("bucket", S),
    sort_key=Attribute("digest", B),
    attributes=(Attribute("bucket", S), Attribute("digest", B), Attribute("size", INTEGER)),
    operations=("get", "put", "delete", "list", "query"),
)

ENTITIES = (MOVIE, VIEWING, BLOB)

HOSTILE = (
    "quote \" apostrophe ' backslash \\ slash / ",
    "\\'",
    "'\\''",
    '", "TableName": "other", "x": "',
    '"}, "Key": {"name": {"S": "admin"}}, "y": {"S": "',
    "#set($x = 1)$x ${input.body} $input.params() $!{y} #end #if( ## #* *# \\$z",
    "\x00\x01\x08\t\n\r\x1b\x1f\x7f\x80\x9f",
    "é €—\u2028\u2029\u202e\ufeff",
    "astral 😀 𝄞 𐍈",
    "</script><!--",
    " ",
)

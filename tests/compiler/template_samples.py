"""IR entities and hostile strings the template tests share (data only).

`MOVIE` is the favorite-movie entity of the tutorial; `VIEWING` has a numeric sort key and every kind,
nested (lists of maps of lists, nested models, dicts of nested models, nullable members, required or
not); `CATALOG` and `SHELF` have many fields and none. Key schemas carry the constraints the request
templates check (length, pattern, enum, number syntax, date-time).
"""

from spec_compiler.model.ir import Attribute, AttributeType, Entity

S = AttributeType("S", format="string")
N = AttributeType("N", format="number")
INTEGER = AttributeType("N", format="integer")
B = AttributeType("B")
BOOL = AttributeType("BOOL")

DATE_TIME = AttributeType("S", format="date-time")
ENUM = AttributeType("S", format="enum")
NAME = Attribute("name", S, schema={"type": "string", "minLength": 1, "maxLength": 100})
MOVIE = Entity(
    name="FavoriteMovie",
    table="favorite_movies",
    resource="movies",
    partition_key=NAME,
    sort_key=None,
    attributes=(NAME, Attribute("favorite_movie", S)),
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
        Attribute("subtitle", AttributeType("S", nullable=True)),  # required, but may be null
    ),
    operations=("get", "put", "patch", "delete", "create", "list", "query"),
)

# An entity keyed by bytes, so B keys, cursors and prefixes are covered too.
# Its bucket has a pattern with characters a VTL string literal cannot hold as they are.
BUCKET = Attribute(
    "bucket",
    S,
    schema={"type": "string", "minLength": 3, "maxLength": 12, "pattern": "^[a-z0-9'\"#-]+(\\.[0-9]+)?$"},
)
BASE64_PATTERN = "^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$"
DIGEST = Attribute("digest", B, schema={"type": "string", "format": "byte", "pattern": BASE64_PATTERN})
BLOB = Entity(
    name="Blob",
    table="blobs",
    resource="blobs",
    partition_key=BUCKET,
    sort_key=DIGEST,
    attributes=(BUCKET, DIGEST, Attribute("size", INTEGER)),
    operations=("get", "put", "delete", "list", "query"),
)

# Keyed by an enum (with values only escapes can put in a regex) and a date-time.
GRADE = Attribute(
    "grade", ENUM, schema={"type": "string", "enum": ["gold", 'it\'s "silver"', "#$ bronze ##"]}
)
AWARDED_AT = Attribute("awarded_at", DATE_TIME, schema={"type": "string", "format": "date-time"})
AWARD = Entity(
    name="Award",
    table="awards",
    resource="awards",
    partition_key=GRADE,
    sort_key=AWARDED_AT,
    attributes=(GRADE, AWARDED_AT, Attribute("holder", S)),
    operations=("get", "put", "patch", "delete", "list", "query"),
)

# Wide enough for the field tables (see spec_compiler/compiler/field_tables.py): many fields of one type,
# names a JSONPath cannot step to, a nested model mixing required, optional and nullable fields.
PART = (
    Attribute("p", S),
    Attribute("q", S),
    Attribute("r", N, required=False),
    Attribute("s", AttributeType("S", nullable=True), required=False),
    Attribute("t-u", AttributeType("S", nullable=True), required=False),
)
CATALOG_ID = Attribute("id", S, schema={"type": "string", "maxLength": 40})
CATALOG = Entity(
    name="Catalog",
    table="catalog",
    resource="catalog",
    partition_key=CATALOG_ID,
    sort_key=None,
    attributes=(
        CATALOG_ID,
        Attribute("title", S),
        Attribute("count", INTEGER),
        Attribute("rating", N),
        Attribute("part", AttributeType("M", fields=PART)),
        Attribute("subtitle", S, required=False),
        Attribute("my-note", S, required=False),
        Attribute("votes", N, required=False),
        Attribute("a.b", AttributeType("N", nullable=True), required=False),
        Attribute("parts", AttributeType("L", items=AttributeType("M", fields=PART)), required=False),
        Attribute("detail", AttributeType("M", fields=PART, nullable=True), required=False),
        Attribute("labels", AttributeType("M", values=S), required=False),
        Attribute("seen", AttributeType("BOOL", nullable=True), required=False),
    ),
    operations=("get", "put", "patch", "delete", "create", "list"),
)

# Keys and nothing else: every field table is empty. The slot is an integer between bounds.
ROOM = Attribute("room", S, schema={"type": "string", "minLength": 1, "maxLength": 20})
SLOT = Attribute("slot", INTEGER, schema={"type": "integer", "minimum": -12, "exclusiveMaximum": 1000})
SHELF = Entity(
    name="Shelf",
    table="shelves",
    resource="shelves",
    partition_key=ROOM,
    sort_key=SLOT,
    attributes=(ROOM, SLOT),
    operations=("get", "put", "patch", "delete", "create", "list", "query"),
)

ENTITIES = (MOVIE, VIEWING, BLOB, AWARD, CATALOG, SHELF)

# Path texts per key name that fit its model, and texts that do not (each must be a 400).
FITTING_KEYS = {
    "name": ("Alice", "x", "😀" * 100, 'it\'s "quoted" #$ \\'),
    "seen_at": ("0", "-7", "1700000000"),
    "slot": ("3", "-12", "0", "-0", "999"),
    "id": ("c1", "x" * 40),
    "room": ("hall", "r" * 20),
    "bucket": ("abc", "it's", '"#-', "a-b.25", "0123456789ab"),
    "digest": ("AAEC", "AAE=", "/+8="),
    "grade": ("gold", 'it\'s "silver"', "#$ bronze ##"),
    "awarded_at": ("2024-05-06T07:08:09Z", "2024-05-06T07:08:09.123456+02:00", "0001-01-01T00:00:00-12:00"),
}
UNFITTING_KEYS = {
    "name": ("x" * 101, "😀" * 101),
    "seen_at": ("7.5", "1e3", "07", "x", " 7", "7\n", "٣"),
    "slot": ("1.5", "x", "-13", "1000", "-120", "10000", "99999999999999999999999"),
    "id": ("x" * 41,),
    "room": ("", "r" * 21),
    "bucket": ("ab", "ABC", "abc.", "abc.x", "a" * 13, "abc\n", "abc.1\n", "it's 😀"),
    "digest": ("AAE", "AA=E", "AAEC\n"),
    "grade": ("Gold", "gold ", "it's", "gold|x", ".*", ""),
    "awarded_at": ("2024-05-06", "2024-05-06T07:08:09", "2024-05-06 07:08:09Z", "2024-05-06T07:08:09z", "x"),
}

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

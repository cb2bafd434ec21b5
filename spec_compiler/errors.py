"""The exceptions the command line turns into a message and an exit code.

Anything the user can fix (a bad model, a bad document, a failed deploy step) is raised as a
`SpecCompilerError`; the CLI prints its message, never a traceback, and exits with `exit_code`.
"""


class SpecCompilerError(Exception):
    """A problem the user can fix; the message says what it is and what to do."""

    exit_code = 1


class ModelError(SpecCompilerError):
    """A model in the models folder cannot be compiled (names its file, class and field)."""

    exit_code = 2


class DocumentError(SpecCompilerError):
    """The OpenAPI document cannot be read or lacks what a command needs from it."""

    exit_code = 2

"""`python -m spec_compiler` is the same as the `spec-compiler` command."""

from spec_compiler.cli import main

raise SystemExit(main())

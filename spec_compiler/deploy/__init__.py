"""`spec-compiler deploy` and `export`: take the generated document to AWS, directly or as a template.

boto3 is imported only here (never by `build`). The flow reads everything first (`plan.read_plan`), so a
conflict stops the deploy before anything changes and `--dry-run` is the same code with the writes left out.
"""

"""A local API Gateway: serves the generated document's REST API over a DynamoDB, as AWS would run it.

`serve.serve(ServeOptions(...))` is what `spec-compiler serve` runs. The pieces, in request order:
`server` (HTTP/1.1 keep-alive) → `handler.Gateway` (the pipeline) → `routes`, `validation`,
`templates` (the VTL runtime), `dynamodb` (the integration call) → `gateway_responses` for every
answer API Gateway gives itself. `api` compiles the document into those pieces once, at load.
"""

"""spec-compiler: Pydantic entity models in, an API Gateway + DynamoDB REST API out."""

__version__ = "0.1.0"

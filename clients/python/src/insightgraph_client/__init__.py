"""Python client of the InsightGraph retrieval service (``insightgraph serve``).

``Client`` (blocking) and ``AsyncClient`` (asyncio) take the same arguments and offer the same
calls; both share request building, retries and parsing (``_core``) and differ only in transport.
"""
from __future__ import annotations

__version__ = "0.1.0"

from ._async import AsyncClient
from ._core import DEFAULT_BASE_URL, DEFAULT_TIMEOUT, RetryConfig
from ._sync import Client
from .errors import (
    APIError,
    AuthenticationError,
    BadRequestError,
    ClientConnectionError,
    ClientTimeoutError,
    InsightGraphError,
    InvalidRecordsError,
    MethodNotAllowedError,
    NotFoundError,
    PayloadTooLargeError,
    ResponseFormatError,
    ServerError,
    ServiceUnavailableError,
    TransportError,
    UnknownCharacterError,
    UnprocessableError,
)
from .models import (
    BatchItemResult,
    CharacterList,
    CharacterStats,
    CharacterSummary,
    Health,
    IngestCounts,
    IngestProblem,
    IngestSummary,
    QueryResult,
    QueryStage,
    RetrievalAnswer,
    RetrievalSeed,
    RetrievedInsight,
    ScoreComponents,
    SeedReach,
    SnapshotInfo,
    WrittenIds,
)

__all__ = [
    "AsyncClient", "Client", "RetryConfig", "DEFAULT_BASE_URL", "DEFAULT_TIMEOUT",
    "InsightGraphError", "APIError", "BadRequestError", "AuthenticationError", "NotFoundError",
    "UnknownCharacterError", "MethodNotAllowedError", "PayloadTooLargeError", "UnprocessableError",
    "InvalidRecordsError", "ServerError", "ServiceUnavailableError", "TransportError",
    "ClientTimeoutError", "ClientConnectionError", "ResponseFormatError",
    "RetrievalAnswer", "RetrievedInsight", "ScoreComponents", "SeedReach", "RetrievalSeed",
    "BatchItemResult", "QueryResult", "QueryStage", "CharacterList", "CharacterSummary",
    "CharacterStats", "IngestSummary", "IngestCounts", "IngestProblem", "WrittenIds",
    "Health", "SnapshotInfo",
]

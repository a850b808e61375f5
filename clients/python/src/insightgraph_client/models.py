"""Typed answers of the service, as frozen dataclasses.

Each ``from_json`` is strict about what the contract requires (a missing or mistyped required field
raises :class:`~insightgraph_client.errors.ResponseFormatError` naming its path) and keeps fields it
does not know in ``raw``, so a newer server's additions are not lost.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

from . import _parse as p
from ._parse import Obj
from .errors import APIError, error_from_body


def _raw() -> Any:
    return field(default_factory=dict, repr=False)


# MARK: /v1/retrieve


@dataclass(frozen=True)
class ScoreComponents:
    """What a result's score is made of (``total`` equals the result's ``score``)."""

    confidence: float
    graph: float
    graph_raw: float
    importance: float
    recency: float
    total: float
    valence: float
    raw: Dict[str, Any] = _raw()

    @classmethod
    def from_json(cls, value: Any, path: str = "components") -> "ScoreComponents":
        o = Obj(value, path)
        return cls(
            confidence=o.req("confidence", p.number),
            graph=o.req("graph", p.number),
            graph_raw=o.req("graph_raw", p.number),
            importance=o.req("importance", p.number),
            recency=o.req("recency", p.number),
            total=o.req("total", p.number),
            valence=o.req("valence", p.number),
            raw=o.extra(),
        )


@dataclass(frozen=True)
class SeedReach:
    """A seed that reached a result: its id, hops away, path strength and the seed's weight."""

    id: int
    hops: int
    path_strength: float
    seed_weight: float
    raw: Dict[str, Any] = _raw()

    @classmethod
    def from_json(cls, value: Any, path: str) -> "SeedReach":
        o = Obj(value, path)
        return cls(
            id=o.req("id", p.integer),
            hops=o.req("hops", p.integer),
            path_strength=o.req("path_strength", p.number),
            seed_weight=o.req("seed_weight", p.number),
            raw=o.extra(),
        )


@dataclass(frozen=True)
class RetrievedInsight:
    """One ranked insight with its explanation. ``content``/``type`` are None when the row has none."""

    id: int
    score: float
    content: Optional[str]
    type: Optional[str]
    components: ScoreComponents
    seeds: List[SeedReach]
    path: List[int]
    path_types: List[Optional[str]]
    path_strength: float
    path_has_contradiction: bool
    collapsed: List[int]
    raw: Dict[str, Any] = _raw()

    @classmethod
    def from_json(cls, value: Any, path: str) -> "RetrievedInsight":
        o = Obj(value, path)
        return cls(
            id=o.req("id", p.integer),
            score=o.req("score", p.number),
            content=o.req("content", p.nullable(p.string)),
            type=o.req("type", p.nullable(p.string)),
            components=o.req("components", ScoreComponents.from_json),
            seeds=o.req("seeds", p.array(SeedReach.from_json)),
            path=o.req("path", p.array(p.integer)),
            path_types=o.req("path_types", p.array(p.nullable(p.string))),
            path_strength=o.req("path_strength", p.number),
            path_has_contradiction=o.req("path_has_contradiction", p.boolean),
            collapsed=o.req("collapsed", p.array(p.integer)),
            raw=o.extra(),
        )


@dataclass(frozen=True)
class RetrievalSeed:
    """A starting insight of the walk: from the message (triggers, BM25) and/or the caller."""

    id: int
    weight: float
    bm25: float
    trigger_score: float
    caller_weight: float
    triggers: List[str]
    raw: Dict[str, Any] = _raw()

    @classmethod
    def from_json(cls, value: Any, path: str) -> "RetrievalSeed":
        o = Obj(value, path)
        return cls(
            id=o.req("id", p.integer),
            weight=o.req("weight", p.number),
            bm25=o.req("bm25", p.number),
            trigger_score=o.req("trigger_score", p.number),
            caller_weight=o.req("caller_weight", p.number),
            triggers=o.req("triggers", p.array(p.string)),
            raw=o.extra(),
        )


@dataclass(frozen=True)
class RetrievalAnswer:
    """The answer of ``POST /v1/retrieve`` (the JSON of ``insightgraph retrieve --format json``).

    ``prompt`` is the rendered prompt section; ``answer_cache`` is the ``X-InsightGraph-Answer-Cache``
    header (``"hit"``, ``"miss"``, or None when the cache is off or inside a batch) and is ignored by
    ``==``. Two computations of the same request differ in ``micros`` and, slightly, in the
    recency component (measured at computation time), so compare ids and contents, not ``==``.
    """

    character: str
    prompt: str
    results: List[RetrievedInsight]
    seeds: List[RetrievalSeed]
    micros: int
    answer_cache: Optional[str] = field(default=None, compare=False)
    raw: Dict[str, Any] = _raw()

    @classmethod
    def from_json(cls, value: Any, path: str = "", answer_cache: Optional[str] = None) -> "RetrievalAnswer":
        o = Obj(value, path)
        return cls(
            character=o.req("character", p.string),
            prompt=o.req("prompt", p.string),
            results=o.req("results", p.array(RetrievedInsight.from_json)),
            seeds=o.req("seeds", p.array(RetrievalSeed.from_json)),
            micros=o.req("micros", p.integer),
            answer_cache=answer_cache,
            raw=o.extra(),
        )

    @property
    def ids(self) -> List[int]:
        """The result ids in rank order."""
        return [r.id for r in self.results]


@dataclass(frozen=True)
class BatchItemResult:
    """One item of ``retrieve_batch``: ``ok`` with an ``answer``, or not with an ``error``."""

    ok: bool
    answer: Optional[RetrievalAnswer] = None
    error: Optional[APIError] = None
    raw: Dict[str, Any] = _raw()

    @classmethod
    def from_json(cls, value: Any, path: str) -> "BatchItemResult":
        o = Obj(value, path)
        ok = o.req("ok", p.boolean)
        if ok:
            answer = o.req("answer", RetrievalAnswer.from_json)
            return cls(ok=True, answer=answer, raw=o.extra())
        body = o.req("error", lambda v, at: Obj(v, at))
        body.req("code", p.string)
        body.req("message", p.string)
        return cls(ok=False, error=error_from_body(None, {"error": body.value}), raw=o.extra())

    def unwrap(self) -> RetrievalAnswer:
        """The answer, or raise the item's error (an :class:`APIError` subclass chosen by its code)."""
        if self.error is not None:
            raise self.error
        assert self.answer is not None
        return self.answer


# MARK: /v1/query


@dataclass(frozen=True)
class QueryStage:
    name: str
    rows: Optional[int]
    micros: Optional[int]
    detail: Optional[str] = None
    raw: Dict[str, Any] = _raw()

    @classmethod
    def from_json(cls, value: Any, path: str) -> "QueryStage":
        o = Obj(value, path)
        return cls(
            name=o.req("name", p.string),
            detail=o.opt("detail", p.string),
            rows=o.opt("rows", p.integer),
            micros=o.opt("micros", p.integer),
            raw=o.extra(),
        )


@dataclass(frozen=True)
class QueryResult:
    """IGQ results (``Queries/README.md``, JSON schema version ``igq``): ``rows`` are dicts keyed by
    ``columns``; ``subgraph`` lists the insight and relationship ids the result touches."""

    igq: int
    kind: str
    columns: List[str]
    rows: List[Dict[str, Any]]
    row_count: int
    subgraph_insights: List[int] = field(default_factory=list)
    subgraph_relationships: List[int] = field(default_factory=list)
    stages: List[QueryStage] = field(default_factory=list)
    raw: Dict[str, Any] = _raw()

    @classmethod
    def from_json(cls, value: Any, path: str = "") -> "QueryResult":
        o = Obj(value, path)
        subgraph = o.opt("subgraph", lambda v, at: Obj(v, at))
        insights: List[int] = []
        relationships: List[int] = []
        if subgraph is not None:
            insights = subgraph.opt("insights", p.array(p.integer), [])
            relationships = subgraph.opt("relationships", p.array(p.integer), [])
        return cls(
            igq=o.req("igq", p.integer),
            kind=o.req("kind", p.string),
            columns=o.req("columns", p.array(p.string)),
            rows=o.req("rows", p.array(p.mapping(p.anything))),
            row_count=o.req("row_count", p.integer),
            subgraph_insights=insights,
            subgraph_relationships=relationships,
            stages=o.opt("stages", p.array(QueryStage.from_json), []),
            raw=o.extra(),
        )

    def column(self, name: str) -> List[Any]:
        """One column's values, row by row."""
        return [row.get(name) for row in self.rows]


# MARK: characters


@dataclass(frozen=True)
class CharacterSummary:
    id: int
    name: Optional[str]
    normalized_name: Optional[str]
    insights: int
    learning_events: int
    raw: Dict[str, Any] = _raw()

    @classmethod
    def from_json(cls, value: Any, path: str) -> "CharacterSummary":
        o = Obj(value, path)
        return cls(
            id=o.req("id", p.integer),
            name=o.opt("name", p.string),
            normalized_name=o.opt("normalized_name", p.string),
            insights=o.req("insights", p.integer),
            learning_events=o.req("learning_events", p.integer),
            raw=o.extra(),
        )


@dataclass(frozen=True)
class CharacterList:
    """``GET /v1/characters``. Iterable over its characters; ``by_name`` finds one by normalized name."""

    characters: List[CharacterSummary]
    snapshot_generation: int
    raw: Dict[str, Any] = _raw()

    @classmethod
    def from_json(cls, value: Any, path: str = "") -> "CharacterList":
        o = Obj(value, path)
        return cls(
            characters=o.req("characters", p.array(CharacterSummary.from_json)),
            snapshot_generation=o.req("snapshot_generation", p.integer),
            raw=o.extra(),
        )

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.characters)

    def __len__(self) -> int:
        return len(self.characters)

    @property
    def names(self) -> List[str]:
        return [c.normalized_name for c in self.characters if c.normalized_name is not None]

    def by_name(self, name: str) -> Optional[CharacterSummary]:
        lowered = name.lower()
        for c in self.characters:
            if c.normalized_name is not None and c.normalized_name.lower() == lowered:
                return c
        return None


@dataclass(frozen=True)
class CharacterStats:
    """``GET /v1/characters/{name}/stats``. ``mean_confidence`` is None when no insight has one."""

    character: CharacterSummary
    relationships: int
    cross_character_relationships: int
    insight_types: Dict[str, int]
    relationship_types: Dict[str, int]
    distinct_triggers: int
    mean_confidence: Optional[float]
    first_discovery: Optional[str]
    last_discovery: Optional[str]
    snapshot_generation: int
    raw: Dict[str, Any] = _raw()

    @classmethod
    def from_json(cls, value: Any, path: str = "") -> "CharacterStats":
        o = Obj(value, path)
        dates = o.opt("discovery_dates", lambda v, at: Obj(v, at))
        first = dates.opt("first", p.string) if dates is not None else None
        last = dates.opt("last", p.string) if dates is not None else None
        return cls(
            character=o.req("character", CharacterSummary.from_json),
            relationships=o.req("relationships", p.integer),
            cross_character_relationships=o.req("cross_character_relationships", p.integer),
            insight_types=o.req("insight_types", p.mapping(p.integer)),
            relationship_types=o.req("relationship_types", p.mapping(p.integer)),
            distinct_triggers=o.req("distinct_triggers", p.integer),
            mean_confidence=o.opt("mean_confidence", p.number),
            first_discovery=first,
            last_discovery=last,
            snapshot_generation=o.req("snapshot_generation", p.integer),
            raw=o.extra(),
        )


# MARK: writes


@dataclass(frozen=True)
class IngestCounts:
    """Rows inserted, merged into an existing row, unchanged, and merged within the input.
    ``merged`` is None for the timeline (learning events are never merged)."""

    inserted: int
    unchanged: int
    merged_in_input: int
    merged: Optional[int] = None
    raw: Dict[str, Any] = _raw()

    @classmethod
    def from_json(cls, value: Any, path: str) -> "IngestCounts":
        o = Obj(value, path)
        return cls(
            inserted=o.req("inserted", p.integer),
            unchanged=o.req("unchanged", p.integer),
            merged_in_input=o.req("merged_in_input", p.integer),
            merged=o.opt("merged", p.integer),
            raw=o.extra(),
        )


@dataclass(frozen=True)
class IngestProblem:
    """A record that was skipped (or, with ``strict``, refused the batch): 0-based ``index``."""

    index: int
    reason: str
    message: str
    field: Optional[str] = None
    line: Optional[int] = None
    column: Optional[int] = None
    raw: Dict[str, Any] = _raw()

    @classmethod
    def from_json(cls, value: Any, path: str) -> "IngestProblem":
        o = Obj(value, path)
        return cls(
            index=o.req("index", p.integer),
            reason=o.req("reason", p.string),
            message=o.req("message", p.string),
            field=o.opt("field", p.string),
            line=o.opt("line", p.integer),
            column=o.opt("column", p.integer),
            raw=o.extra(),
        )


@dataclass(frozen=True)
class WrittenIds:
    insights: List[int]
    relationships: List[int]
    timeline: List[int]
    raw: Dict[str, Any] = _raw()

    @classmethod
    def from_json(cls, value: Any, path: str) -> "WrittenIds":
        o = Obj(value, path)
        return cls(
            insights=o.opt("insights", p.array(p.integer), []),
            relationships=o.opt("relationships", p.array(p.integer), []),
            timeline=o.opt("timeline", p.array(p.integer), []),
            raw=o.extra(),
        )


@dataclass(frozen=True)
class IngestSummary:
    """The answer of ``POST /v1/characters/{name}/insights``: counts, ids written, problems."""

    character: str
    committed: bool
    records_read: int
    skipped: int
    insights: IngestCounts
    relationships: IngestCounts
    timeline: IngestCounts
    characters_created: int
    written_ids: WrittenIds
    problems: List[IngestProblem]
    raw: Dict[str, Any] = _raw()

    @classmethod
    def from_json(cls, value: Any, path: str = "") -> "IngestSummary":
        o = Obj(value, path)
        return cls(
            character=o.req("character", p.string),
            committed=o.req("committed", p.boolean),
            records_read=o.req("records_read", p.integer),
            skipped=o.req("skipped", p.integer),
            insights=o.req("insights", IngestCounts.from_json),
            relationships=o.req("relationships", IngestCounts.from_json),
            timeline=o.req("timeline", IngestCounts.from_json),
            characters_created=o.opt("characters_created", p.integer, 0),
            written_ids=o.opt("written_ids", WrittenIds.from_json, WrittenIds([], [], [])),
            problems=o.opt("problems", p.array(IngestProblem.from_json), []),
            raw=o.extra(),
        )


# MARK: /healthz


@dataclass(frozen=True)
class SnapshotInfo:
    generation: int
    loaded_at: str
    age_seconds: float
    characters: int
    insights: int
    relationships: int
    raw: Dict[str, Any] = _raw()

    @classmethod
    def from_json(cls, value: Any, path: str) -> "SnapshotInfo":
        o = Obj(value, path)
        return cls(
            generation=o.req("generation", p.integer),
            loaded_at=o.req("loaded_at", p.string),
            age_seconds=o.req("age_seconds", p.number),
            characters=o.req("characters", p.integer),
            insights=o.req("insights", p.integer),
            relationships=o.req("relationships", p.integer),
            raw=o.extra(),
        )


@dataclass(frozen=True)
class Health:
    """``GET /healthz``: ``status`` is ``ok``, ``degraded`` or ``starting`` (no snapshot yet).
    ``refresh`` is kept as the decoded object (last attempt, outcome, error, counters)."""

    status: str
    snapshot: Optional[SnapshotInfo]
    refresh: Dict[str, Any]
    raw: Dict[str, Any] = _raw()

    @classmethod
    def from_json(cls, value: Any, path: str = "") -> "Health":
        o = Obj(value, path)
        return cls(
            status=o.req("status", p.string),
            snapshot=o.opt("snapshot", SnapshotInfo.from_json),
            refresh=o.opt("refresh", p.mapping(p.anything), {}),
            raw=o.extra(),
        )

    @property
    def ready(self) -> bool:
        return self.snapshot is not None and self.status in ("ok", "degraded")

/// The statements ``IngestSession`` runs. Every value travels as a parameter or through COPY;
/// the only names in here are our own constants.
enum WriterSQL {
    /// Serialises writers: two ingests touching the same insights would otherwise deadlock on
    /// each other's unique-index entries, and relationships (no unique constraint in the seed
    /// schema) could be duplicated. Readers are never blocked. Held until commit or rollback.
    static let lock = "SELECT pg_advisory_xact_lock(hashtext($1)::int8)"
    static let lockKey = "insightgraph.ingest"

    static let createTempTables = [
        """
        CREATE TEMP TABLE ig_ingest_insights (
            character_id int4 NOT NULL, insight_type text, insight_content text NOT NULL,
            confidence_score float8, discovery_date timestamptz, conversation_context text,
            importance_level int4, emotional_valence float8, triggers text[], supporting_evidence text[]
        ) ON COMMIT DROP
        """,
        """
        CREATE TEMP TABLE ig_ingest_relationships (
            line_no int8 NOT NULL, character_id int4 NOT NULL, from_id int4, from_content text,
            to_id int4, to_content text, relationship_type text NOT NULL, strength float8,
            created_date timestamptz
        ) ON COMMIT DROP
        """,
        """
        CREATE TEMP TABLE ig_ingest_timeline (
            line_no int8 NOT NULL, character_id int4 NOT NULL, learning_event text NOT NULL,
            learning_type text, before_state text, after_state text, trigger_conversation text,
            learning_date timestamptz, significance_score float8
        ) ON COMMIT DROP
        """,
        // Strict mode after a problem: insights checked but not written, which relationships may name.
        """
        CREATE TEMP TABLE ig_ingest_unwritten (character_id int4 NOT NULL, insight_content text NOT NULL) ON COMMIT DROP
        """,
    ]

    static let copyInsights = """
        COPY ig_ingest_insights (character_id, insight_type, insight_content, confidence_score, discovery_date,
            conversation_context, importance_level, emotional_valence, triggers, supporting_evidence) FROM STDIN
        """
    static let copyRelationships = """
        COPY ig_ingest_relationships (line_no, character_id, from_id, from_content, to_id, to_content,
            relationship_type, strength, created_date) FROM STDIN
        """
    static let copyTimeline = """
        COPY ig_ingest_timeline (line_no, character_id, learning_event, learning_type, before_state, after_state,
            trigger_conversation, learning_date, significance_score) FROM STDIN
        """

    static let copyUnwritten = "COPY ig_ingest_unwritten (character_id, insight_content) FROM STDIN"

    /// `existing ∪ new` for text arrays: the existing elements first, then the new ones not yet present.
    private static func union(_ column: String) -> String {
        """
        CASE WHEN t.\(column) IS NULL THEN EXCLUDED.\(column) WHEN EXCLUDED.\(column) IS NULL THEN t.\(column) \
        ELSE t.\(column) || ARRAY(SELECT u.x FROM unnest(EXCLUDED.\(column)) WITH ORDINALITY AS u(x, n) \
        WHERE array_position(t.\(column), u.x) IS NULL ORDER BY u.n) END
        """
    }

    /// The merge of a stored insight `t` with an incoming one (EXCLUDED), column by column.
    static let insightMerge: [(column: String, expression: String)] = [
        ("insight_type", "COALESCE(t.insight_type, EXCLUDED.insight_type)"),
        ("confidence_score", "GREATEST(t.confidence_score, EXCLUDED.confidence_score)"),
        ("discovery_date", "LEAST(t.discovery_date, EXCLUDED.discovery_date)"),
        ("conversation_context", "COALESCE(t.conversation_context, EXCLUDED.conversation_context)"),
        ("importance_level", "GREATEST(t.importance_level, EXCLUDED.importance_level)"),
        ("emotional_valence", "COALESCE(t.emotional_valence, EXCLUDED.emotional_valence)"),
        ("triggers", union("triggers")),
        ("supporting_evidence", union("supporting_evidence")),
    ]

    /// One upsert for the whole batch in `ig_ingest_insights`; returns (inserted, merged, and when
    /// `$1` is true the ids of both). Rows the merge would not change are not rewritten (the WHERE),
    /// so they are counted as neither.
    static let upsertInsights: String = {
        let set = insightMerge.map { "\($0.column) = \($0.expression)" }.joined(separator: ",\n        ")
        let current = insightMerge.map { "t.\($0.column)" }.joined(separator: ", ")
        let merged = insightMerge.map(\.expression).joined(separator: ", ")
        return """
        WITH written AS (
            INSERT INTO character_insights AS t (character_id, insight_type, insight_content, confidence_score,
                discovery_date, conversation_context, importance_level, emotional_valence, triggers, supporting_evidence)
            SELECT character_id, insight_type, insight_content, confidence_score, COALESCE(discovery_date, now()),
                conversation_context, COALESCE(importance_level, 5), emotional_valence, triggers, supporting_evidence
            FROM ig_ingest_insights
            ORDER BY character_id, insight_content  -- index order: neighbouring leaf pages, fewer cache misses
            ON CONFLICT (character_id, insight_content) DO UPDATE SET
                \(set)
            WHERE ROW(\(current)) IS DISTINCT FROM ROW(\(merged))
            RETURNING id, (xmax = 0) AS inserted
        )
        SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted),
               array_agg(id::int8) FILTER (WHERE $1::bool) FROM written
        """
    }()

    /// Relationships are resolved once, after every insight of the ingest is written, so a line
    /// may name insights that come later in the file. Ids are checked to exist and belong to the
    /// line's character; contents are looked up within that character. One statement resolves,
    /// de-duplicates on (from, to, type) and merges — with or without the production UNIQUE
    /// constraint, a match keeps the higher strength and the earlier creation date. It returns one
    /// row per line that did not resolve (line, reason code) and a last row (NULL, NULL, distinct
    /// incoming, merged, inserted, and when `$1` is true the ids merged or inserted). In strict mode
    /// a bad line makes the caller roll back.
    static let upsertRelationships = """
        WITH resolved AS MATERIALIZED (
            SELECT r.line_no, r.from_id IS NULL AS from_by_content, r.to_id IS NULL AS to_by_content,
                   COALESCE(fi.id, fc.id) AS from_id, COALESCE(ti.id, tc.id) AS to_id,
                   COALESCE(fi.character_id, fc.character_id) AS from_owner,
                   COALESCE(ti.character_id, tc.character_id) AS to_owner,
                   r.character_id, r.relationship_type, r.strength, r.created_date
            FROM ig_ingest_relationships r
            LEFT JOIN character_insights fi ON fi.id = r.from_id
            LEFT JOIN character_insights fc ON r.from_id IS NULL AND fc.character_id = r.character_id AND fc.insight_content = r.from_content
            LEFT JOIN character_insights ti ON ti.id = r.to_id
            LEFT JOIN character_insights tc ON r.to_id IS NULL AND tc.character_id = r.character_id AND tc.insight_content = r.to_content
        ),
        bad AS (
            SELECT line_no,
                   CASE WHEN from_id IS NULL THEN CASE WHEN from_by_content THEN 'from_content' ELSE 'from_insight_id' END
                        WHEN to_id IS NULL THEN CASE WHEN to_by_content THEN 'to_content' ELSE 'to_insight_id' END
                        WHEN from_owner <> character_id THEN 'from_owner'
                        WHEN to_owner <> character_id THEN 'to_owner'
                        ELSE 'self_loop' END AS code
            FROM resolved
            WHERE from_id IS NULL OR to_id IS NULL OR from_owner <> character_id OR to_owner <> character_id OR from_id = to_id
        ),
        incoming AS (
            SELECT from_id, to_id, relationship_type, max(COALESCE(strength, 0.5)) AS strength,
                   min(COALESCE(created_date, now())) AS created_date
            FROM resolved
            WHERE from_id IS NOT NULL AND to_id IS NOT NULL AND from_owner = character_id
              AND to_owner = character_id AND from_id <> to_id
            GROUP BY from_id, to_id, relationship_type
        ),
        merged AS (
            UPDATE character_insight_relationships e
            SET strength = GREATEST(e.strength, i.strength), created_date = LEAST(e.created_date, i.created_date)
            FROM incoming i
            WHERE e.from_insight_id = i.from_id AND e.to_insight_id = i.to_id AND e.relationship_type = i.relationship_type
              AND ROW(e.strength, e.created_date) IS DISTINCT FROM ROW(GREATEST(e.strength, i.strength), LEAST(e.created_date, i.created_date))
            RETURNING e.id
        ),
        inserted AS (
            INSERT INTO character_insight_relationships (from_insight_id, to_insight_id, relationship_type, strength, created_date)
            SELECT i.from_id, i.to_id, i.relationship_type, i.strength, i.created_date
            FROM incoming i
            WHERE NOT EXISTS (
                SELECT 1 FROM character_insight_relationships e
                WHERE e.from_insight_id = i.from_id AND e.to_insight_id = i.to_id AND e.relationship_type = i.relationship_type)
            ORDER BY i.from_id, i.to_id
            RETURNING id
        )
        SELECT line_no, code, NULL::int8, NULL::int8, NULL::int8, NULL::int8[] FROM bad
        UNION ALL
        SELECT NULL, NULL, (SELECT count(*) FROM incoming), (SELECT count(*) FROM merged), (SELECT count(*) FROM inserted),
               CASE WHEN $1::bool THEN ARRAY(SELECT id::int8 FROM merged UNION ALL SELECT id::int8 FROM inserted) END
        """

    /// The read-only twin of ``upsertRelationships`` for a refused (strict) ingest: resolves every
    /// staged line the same way — contents may also name insights kept aside in
    /// `ig_ingest_unwritten` — and returns one (line, reason code) row per line that did not resolve.
    static let checkRelationships = """
        SELECT line_no,
               CASE WHEN NOT from_found THEN CASE WHEN from_by_content THEN 'from_content' ELSE 'from_insight_id' END
                    WHEN NOT to_found THEN CASE WHEN to_by_content THEN 'to_content' ELSE 'to_insight_id' END
                    WHEN from_owner <> character_id THEN 'from_owner'
                    WHEN to_owner <> character_id THEN 'to_owner'
                    ELSE 'self_loop' END
        FROM (
            SELECT r.line_no, r.character_id, r.from_id IS NULL AS from_by_content, r.to_id IS NULL AS to_by_content,
                   COALESCE(fi.id, fc.id) AS from_key, COALESCE(ti.id, tc.id) AS to_key,
                   COALESCE(fi.character_id, r.character_id) AS from_owner,
                   COALESCE(ti.character_id, r.character_id) AS to_owner,
                   fi.id IS NOT NULL OR fc.id IS NOT NULL OR (r.from_id IS NULL AND EXISTS (
                       SELECT 1 FROM ig_ingest_unwritten u
                       WHERE u.character_id = r.character_id AND u.insight_content = r.from_content)) AS from_found,
                   ti.id IS NOT NULL OR tc.id IS NOT NULL OR (r.to_id IS NULL AND EXISTS (
                       SELECT 1 FROM ig_ingest_unwritten u
                       WHERE u.character_id = r.character_id AND u.insight_content = r.to_content)) AS to_found
            FROM ig_ingest_relationships r
            LEFT JOIN character_insights fi ON fi.id = r.from_id
            LEFT JOIN character_insights fc ON r.from_id IS NULL AND fc.character_id = r.character_id AND fc.insight_content = r.from_content
            LEFT JOIN character_insights ti ON ti.id = r.to_id
            LEFT JOIN character_insights tc ON r.to_id IS NULL AND tc.character_id = r.character_id AND tc.insight_content = r.to_content
        ) s
        WHERE NOT from_found OR NOT to_found OR from_owner <> character_id OR to_owner <> character_id OR from_key = to_key
        ORDER BY line_no
        """

    /// Learning events are facts: an event already recorded for the character (same text, and the
    /// same date when the line gives one) is not recorded again. Returns (distinct incoming, inserted,
    /// and when `$1` is true the inserted ids).
    static let insertTimeline = """
        WITH incoming AS (
            SELECT DISTINCT ON (character_id, learning_event, learning_date) *
            FROM ig_ingest_timeline ORDER BY character_id, learning_event, learning_date, line_no
        ),
        inserted AS (
            INSERT INTO character_learning_timeline (character_id, learning_event, learning_type, before_state,
                after_state, trigger_conversation, learning_date, significance_score)
            SELECT character_id, learning_event, learning_type, before_state, after_state, trigger_conversation,
                   COALESCE(learning_date, now()), significance_score
            FROM incoming i
            WHERE NOT EXISTS (
                SELECT 1 FROM character_learning_timeline e
                WHERE e.character_id = i.character_id AND e.learning_event = i.learning_event
                  AND (i.learning_date IS NULL OR e.learning_date = i.learning_date))
            RETURNING id
        )
        SELECT (SELECT count(*) FROM incoming), (SELECT count(*) FROM inserted),
               CASE WHEN $1::bool THEN ARRAY(SELECT id::int8 FROM inserted) END
        """

    /// Whether `character_insights` has a unique index on exactly (character_id, insight_content).
    static let hasInsightKey = """
        SELECT EXISTS (
            SELECT 1 FROM pg_catalog.pg_index i
            WHERE i.indrelid = to_regclass('character_insights') AND i.indisunique AND i.indpred IS NULL
              AND (SELECT array_agg(a.attname::text ORDER BY a.attname::text)
                   FROM unnest(i.indkey::int2[]) k JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k)
                  = ARRAY['character_id', 'insight_content'])
        """

    /// The stored `normalized_name` matching a name ignoring case (an exact match first).
    static let findCharacterIgnoringCase = """
        SELECT normalized_name FROM characters WHERE lower(normalized_name) = lower($1)
        ORDER BY normalized_name = $1 DESC, id LIMIT 1
        """
    static let findCharacters = "SELECT normalized_name, id FROM characters WHERE normalized_name = ANY($1::text[])"
    static let createCharacters = """
        WITH created AS (
            INSERT INTO characters (name, normalized_name) SELECT n, n FROM unnest($1::text[]) AS n
            ON CONFLICT (normalized_name) DO NOTHING RETURNING 1)
        SELECT count(*) FROM created
        """
}

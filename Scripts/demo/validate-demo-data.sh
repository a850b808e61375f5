#!/usr/bin/env bash
# Loads Scripts/demo/demo-data.sql into a throwaway PostgreSQL (seed schema) and checks it:
# counts per character, same-character relationship ends, all insight/relationship types used,
# created_date after both ends' discovery_date, no duplicated content, value ranges.
# Exits non-zero on the first failed check. Always stops and deletes its cluster.
# Usage: Scripts/demo/validate-demo-data.sh   (needs the PostgreSQL server; as root the cluster runs as postgres)
set -euo pipefail

. "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
data_file="${DEMO_DATA_FILE:-$IG_ROOT/Scripts/demo/demo-data.sql}"
# C.UTF-8, so that lower() in the checks below folds non-ASCII letters too.
ig_pg_start --locale=C.UTF-8

psql_run() {
    psql -X -q -v ON_ERROR_STOP=1 "$@"
}

psql_run <<'SQL'
CREATE TABLE characters (id SERIAL PRIMARY KEY, name VARCHAR(255) NOT NULL, normalized_name VARCHAR(255) UNIQUE NOT NULL, occupation VARCHAR(255), created_at TIMESTAMP DEFAULT NOW());
CREATE TABLE character_insights (id SERIAL PRIMARY KEY, character_id INTEGER REFERENCES characters(id), insight_type VARCHAR(50), insight_content TEXT, confidence_score FLOAT, discovery_date TIMESTAMP DEFAULT NOW(), conversation_context TEXT, importance_level INTEGER DEFAULT 5, emotional_valence FLOAT, triggers TEXT[], supporting_evidence TEXT[], UNIQUE(character_id, insight_content));
CREATE TABLE character_insight_relationships (id SERIAL PRIMARY KEY, from_insight_id INTEGER REFERENCES character_insights(id), to_insight_id INTEGER REFERENCES character_insights(id), relationship_type VARCHAR(50), strength FLOAT DEFAULT 0.5, created_date TIMESTAMP DEFAULT NOW());
CREATE TABLE character_learning_timeline (id SERIAL PRIMARY KEY, character_id INTEGER REFERENCES characters(id), learning_event TEXT, learning_type VARCHAR(50), before_state TEXT, after_state TEXT, trigger_conversation TEXT, learning_date TIMESTAMP DEFAULT NOW(), significance_score FLOAT);
SQL

echo "Loading $data_file"
psql_run -f - < "$data_file" >/dev/null

echo "Counts per character:"
psql_run -P pager=off <<'SQL'
SELECT c.id, c.normalized_name,
       (SELECT count(*) FROM character_insights i WHERE i.character_id = c.id) AS insights,
       (SELECT count(*) FROM character_insight_relationships r
          JOIN character_insights f ON f.id = r.from_insight_id WHERE f.character_id = c.id) AS relationships,
       (SELECT count(*) FROM character_learning_timeline t WHERE t.character_id = c.id) AS timeline,
       (SELECT count(DISTINCT insight_type) FROM character_insights i WHERE i.character_id = c.id) AS insight_types,
       (SELECT count(DISTINCT r.relationship_type) FROM character_insight_relationships r
          JOIN character_insights f ON f.id = r.from_insight_id WHERE f.character_id = c.id) AS rel_types
FROM characters c ORDER BY c.id;
SQL

psql_run <<'SQL'
DO $$
DECLARE n bigint;
BEGIN
  SELECT count(*) INTO n FROM characters;
  IF n <> 4 THEN RAISE EXCEPTION 'expected 4 characters, found %', n; END IF;

  SELECT count(*) INTO n FROM characters c
   WHERE (SELECT count(*) FROM character_insights i WHERE i.character_id = c.id) < 28;
  IF n > 0 THEN RAISE EXCEPTION '% characters have fewer than 28 insights', n; END IF;

  SELECT count(*) INTO n FROM characters c
   WHERE (SELECT count(*) FROM character_insight_relationships r
            JOIN character_insights f ON f.id = r.from_insight_id WHERE f.character_id = c.id) < 55;
  IF n > 0 THEN RAISE EXCEPTION '% characters have fewer than 55 relationships', n; END IF;

  SELECT count(*) INTO n FROM characters c
   WHERE (SELECT count(*) FROM character_learning_timeline t WHERE t.character_id = c.id) NOT BETWEEN 6 AND 8;
  IF n > 0 THEN RAISE EXCEPTION '% characters have a timeline outside 6..8 events', n; END IF;

  SELECT count(*) INTO n FROM character_insight_relationships r
    JOIN character_insights f ON f.id = r.from_insight_id
    JOIN character_insights t ON t.id = r.to_insight_id
   WHERE f.character_id IS DISTINCT FROM t.character_id;
  IF n > 0 THEN RAISE EXCEPTION '% relationships join two characters', n; END IF;

  SELECT count(*) INTO n FROM character_insight_relationships r
   WHERE r.from_insight_id IS NULL OR r.to_insight_id IS NULL OR r.from_insight_id = r.to_insight_id;
  IF n > 0 THEN RAISE EXCEPTION '% relationships with a NULL end or a self-loop', n; END IF;

  SELECT count(*) INTO n FROM (
    SELECT DISTINCT insight_type FROM character_insights
     WHERE insight_type IN ('emotional_growth','user_pattern_recognition','memory_connection',
       'knowledge_evolution','relationship_evolution','general_learning','emotional_pattern',
       'preference','memory_formation')) s;
  IF n <> 9 THEN RAISE EXCEPTION 'only % of 9 insight types used', n; END IF;
  SELECT count(*) INTO n FROM character_insights WHERE insight_type NOT IN ('emotional_growth',
    'user_pattern_recognition','memory_connection','knowledge_evolution','relationship_evolution',
    'general_learning','emotional_pattern','preference','memory_formation');
  IF n > 0 THEN RAISE EXCEPTION '% insights with an unknown type', n; END IF;

  -- every character uses all four relationship types
  SELECT count(*) INTO n FROM characters c
   WHERE (SELECT count(DISTINCT r.relationship_type) FROM character_insight_relationships r
            JOIN character_insights f ON f.id = r.from_insight_id
           WHERE f.character_id = c.id
             AND r.relationship_type IN ('leads_to','supports','contradicts','builds_on')) <> 4;
  IF n > 0 THEN RAISE EXCEPTION '% characters do not use all 4 relationship types', n; END IF;
  SELECT count(*) INTO n FROM character_insight_relationships
   WHERE relationship_type NOT IN ('leads_to','supports','contradicts','builds_on');
  IF n > 0 THEN RAISE EXCEPTION '% relationships with an unknown type', n; END IF;

  SELECT count(*) INTO n FROM character_insight_relationships r
    JOIN character_insights f ON f.id = r.from_insight_id
    JOIN character_insights t ON t.id = r.to_insight_id
   WHERE r.created_date < f.discovery_date OR r.created_date < t.discovery_date
      OR r.created_date IS NULL;
  IF n > 0 THEN RAISE EXCEPTION '% relationships created before one of their insights', n; END IF;

  SELECT count(*) INTO n FROM (
    SELECT character_id, lower(insight_content) FROM character_insights
     GROUP BY 1, 2 HAVING count(*) > 1) d;
  IF n > 0 THEN RAISE EXCEPTION '% duplicated insight contents (case-insensitive)', n; END IF;

  SELECT count(*) INTO n FROM character_insights
   WHERE confidence_score NOT BETWEEN 0.35 AND 0.98 OR importance_level NOT BETWEEN 1 AND 10
      OR emotional_valence NOT BETWEEN -1 AND 1
      OR discovery_date NOT BETWEEN '2025-01-01' AND '2025-11-21'
      OR cardinality(triggers) NOT BETWEEN 2 AND 5
      OR cardinality(supporting_evidence) NOT BETWEEN 1 AND 3
      OR EXISTS (SELECT 1 FROM unnest(triggers) t WHERE t IS NULL OR t <> lower(t))
      OR insight_content IS NULL OR conversation_context IS NULL;
  IF n > 0 THEN RAISE EXCEPTION '% insights with a value out of range', n; END IF;

  SELECT count(*) INTO n FROM character_insight_relationships WHERE strength NOT BETWEEN 0.2 AND 0.95;
  IF n > 0 THEN RAISE EXCEPTION '% relationships with strength outside 0.2..0.95', n; END IF;

  SELECT count(*) INTO n FROM character_learning_timeline
   WHERE significance_score NOT BETWEEN 0 AND 1 OR learning_event IS NULL OR learning_date IS NULL;
  IF n > 0 THEN RAISE EXCEPTION '% timeline events with a bad value', n; END IF;

  -- some triggers are shared between insights of one character (specificity matters)
  SELECT count(*) INTO n FROM (
    SELECT i.character_id, t FROM character_insights i, unnest(i.triggers) t
     GROUP BY 1, 2 HAVING count(*) > 1) s;
  IF n < 8 THEN RAISE EXCEPTION 'only % overlapping triggers', n; END IF;

  -- no control characters anywhere in the text
  SELECT count(*) INTO n FROM character_insights
   WHERE insight_content ~ '[\x01-\x1f]' OR conversation_context ~ '[\x01-\x1f]'
      OR array_to_string(triggers, ' ') ~ '[\x01-\x1f]'
      OR array_to_string(supporting_evidence, ' ') ~ '[\x01-\x1f]';
  IF n > 0 THEN RAISE EXCEPTION '% insights contain control characters', n; END IF;

  -- sequences continue after the explicit ids
  IF nextval(pg_get_serial_sequence('character_insights', 'id')) <= (SELECT max(id) FROM character_insights)
  THEN RAISE EXCEPTION 'character_insights sequence not advanced'; END IF;
  IF nextval(pg_get_serial_sequence('character_insight_relationships', 'id'))
       <= (SELECT max(id) FROM character_insight_relationships)
  THEN RAISE EXCEPTION 'relationships sequence not advanced'; END IF;
  IF nextval(pg_get_serial_sequence('characters', 'id')) <= 4
  THEN RAISE EXCEPTION 'characters sequence not advanced'; END IF;
  IF nextval(pg_get_serial_sequence('character_learning_timeline', 'id'))
       <= (SELECT max(id) FROM character_learning_timeline)
  THEN RAISE EXCEPTION 'timeline sequence not advanced'; END IF;
END $$;
SQL

echo "Shared triggers (elena):"
psql_run -P pager=off <<'SQL'
SELECT t AS trigger, array_agg(i.id ORDER BY i.id) AS insights
  FROM character_insights i, unnest(i.triggers) t
 WHERE i.character_id = 1 GROUP BY t HAVING count(*) > 1 ORDER BY t;
SQL

echo "All checks passed."

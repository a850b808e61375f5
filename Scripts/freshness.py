#!/usr/bin/env python3
"""Write -> retrievable latency of a running `insightgraph serve` (standard library + psql).

Writes, then polls POST /v1/retrieve until the change shows, N times per kind. Four kinds write with
psql (as any other program writing to PostgreSQL would; the service is not told), one through the
service's own write route:

  insert        INSERT an insight with a unique trigger; until its id is among the results for that trigger
  update        UPDATE triggers (and discovery_date) of an existing insight; until it is found by the new trigger
  relationship  INSERT a relationship probe -> existing insight; until that insight is among the probe's results
  delete        DELETE a probe (and its relationships); until its trigger no longer returns it
  api           POST /v1/characters/<character>/insights (--token when the service wants one); until
                the written insight is among the results for its trigger

The clock starts before psql is launched (so psql's own start-up, ~10-30 ms, is included) or the
request is sent, and stops when the answer shows the change. Prints min / median / p90 / max in ms
per kind, and a JSON line with every sample. The psql kinds need the PG* environment of the database
the service reads; `api` alone needs only --character.

Usage: Scripts/freshness.py --base http://127.0.0.1:8187 [--character NAME] [-n 20]
                            [--kinds insert,update,relationship,delete,api] [--timeout 10] [--token T]
"""
import argparse, json, statistics, subprocess, sys, time, urllib.request, uuid

parser = argparse.ArgumentParser()
parser.add_argument("--base", default="http://127.0.0.1:8187")
parser.add_argument("--character", help="normalized_name; default: the character with the most insights")
parser.add_argument("-n", type=int, default=20)
parser.add_argument("--kinds", default="insert,update,relationship,delete")
parser.add_argument("--timeout", type=float, default=10.0, help="seconds before a change counts as not visible")
parser.add_argument("--label", default="", help="printed with the figures (e.g. notify, polling)")
parser.add_argument("--token", help="bearer token for the service's routes")
args = parser.parse_args()
kinds = [k for k in args.kinds.split(",") if k]
unknown = set(kinds) - {"insert", "update", "relationship", "delete", "api"}
if unknown:
    parser.error(f"unknown kinds {sorted(unknown)}")


def psql(sql, **variables):
    """Runs `sql` with psql; values are passed as psql variables and quoted by psql (:'name')."""
    command = ["psql", "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1"]
    for name, value in variables.items():
        command += ["-v", f"{name}={value}"]
    done = subprocess.run(command, input=sql, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"psql failed: {done.stderr.strip()}")
    return [line for line in done.stdout.splitlines() if line]


def call(method, path, body=None):
    headers = {"Content-Type": "application/json"}
    if args.token:
        headers["Authorization"] = "Bearer " + args.token
    request = urllib.request.Request(args.base + path, method=method,
                                     data=None if body is None else json.dumps(body).encode(), headers=headers)
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.load(response)


def result_ids(character, message, limit=10):
    answer = call("POST", "/v1/retrieve", {"character": character, "message": message, "limit": limit})
    return {r.get("id") for r in answer["results"]}


def wait_until(started, condition, what):
    while not condition():
        if time.monotonic() - started > args.timeout:
            raise SystemExit(f"{what}: not visible within {args.timeout} s")
        time.sleep(0.002)
    return (time.monotonic() - started) * 1000


if args.character and kinds == ["api"]:
    character, character_id = args.character, None
elif args.character:
    character = args.character
    rows = psql("SELECT id FROM characters WHERE normalized_name = :'name'", name=character)
    if not rows:
        raise SystemExit(f"no character {character!r}")
    character_id = int(rows[0])
else:
    character_id, character = psql(
        "SELECT c.id || '|' || c.normalized_name FROM characters c JOIN character_insights i ON i.character_id = c.id "
        "GROUP BY c.id ORDER BY count(*) DESC, c.id LIMIT 1")[0].split("|", 1)
    character_id = int(character_id)

run = uuid.uuid4().hex[:8]
n = args.n
existing = [] if kinds == ["api"] else [int(x) for x in psql(
    "SELECT id FROM character_insights WHERE character_id = :'cid' ORDER BY id OFFSET 100 LIMIT :'n'",
    cid=character_id, n=2 * n)]
samples = {kind: [] for kind in kinds}
probes = []  # (id, trigger)

# Probes: measured when `insert` is asked for, created silently when relationship or delete need them.
for i in range(n if {"insert", "relationship", "delete"} & set(kinds) else 0):
    trigger = f"sqlfresh{run}x{i}"
    started = time.monotonic()
    new_id = int(psql(
        "INSERT INTO character_insights (character_id, insight_type, insight_content, confidence_score, "
        "importance_level, triggers) VALUES (:'cid', 'preference', :'content', 0.9, 8, ARRAY[:'trigger']) RETURNING id",
        cid=character_id, content=f"Freshness probe {run} {i}", trigger=trigger)[0])
    elapsed = wait_until(started, lambda: new_id in result_ids(character, trigger), f"inserted insight {new_id}")
    if "insert" in kinds:
        samples["insert"].append(elapsed)
    probes.append((new_id, trigger))

if "update" in kinds:
    for i in range(n):
        target = existing[i]
        trigger = f"sqlupd{run}x{i}"
        started = time.monotonic()
        psql("UPDATE character_insights SET triggers = array_append(triggers, :'trigger'), discovery_date = now() "
             "WHERE id = :'id'", trigger=trigger, id=target)
        samples["update"].append(wait_until(started, lambda: target in result_ids(character, trigger),
                                            f"updated insight {target}"))

if "relationship" in kinds:
    for i in range(n):
        probe, trigger = probes[i]
        target = existing[n + i]
        started = time.monotonic()
        psql("INSERT INTO character_insight_relationships (from_insight_id, to_insight_id, relationship_type, strength, "
             "created_date) VALUES (:'from', :'to', 'supports', 0.9, now())", **{"from": probe, "to": target})
        samples["relationship"].append(wait_until(started, lambda: target in result_ids(character, trigger),
                                                  f"relationship {probe} -> {target}"))

if "delete" in kinds:
    for probe, trigger in probes:
        started = time.monotonic()
        psql("BEGIN; DELETE FROM character_insight_relationships WHERE from_insight_id = :'id' OR to_insight_id = :'id'; "
             "DELETE FROM character_insights WHERE id = :'id'; COMMIT;", id=probe)
        samples["delete"].append(wait_until(started, lambda: probe not in result_ids(character, trigger),
                                            f"deleted insight {probe}"))

if "api" in kinds:
    for i in range(n):
        trigger = f"apifresh{run}x{i}"
        started = time.monotonic()
        written = call("POST", f"/v1/characters/{character}/insights",
                       {"kind": "insight", "insight_content": f"Freshness probe {run} {i}", "triggers": [trigger]})
        new_id = written["written_ids"]["insights"][0]
        samples["api"].append(wait_until(started, lambda: new_id in result_ids(character, trigger, limit=3),
                                         f"written insight {new_id}"))

label = f" [{args.label}]" if args.label else ""
known_id = "" if character_id is None else f" (id {character_id})"
print(f"write -> retrievable{label}, character {character}{known_id}, {n} writes per kind, ms:")
for kind in kinds:
    xs = sorted(samples[kind])
    p90 = xs[min(len(xs) - 1, int(round(0.9 * (len(xs) - 1))))]
    print(f"  {kind:<13} min {xs[0]:7.1f}  median {statistics.median(xs):7.1f}  p90 {p90:7.1f}  max {xs[-1]:7.1f}")
print(json.dumps({"label": args.label, "character": character, "samples_ms": samples}))

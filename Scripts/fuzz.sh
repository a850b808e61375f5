#!/usr/bin/env bash
# Coverage-guided fuzzing with libFuzzer of the parsers that read outside input.
#
#   Scripts/fuzz.sh [TARGET|all] [SECONDS]        e.g. Scripts/fuzz.sh igq 300
#   Scripts/fuzz.sh replay [TARGET|all]           run the seeds and saved crashes once, no fuzzing
#
# Targets (harnesses in Sources/Fuzzers/Fuzz<Name>/main.swift):
#   igq      IGQ lexer, parser, binder, planner, executor on a small fixed graph
#   pgtext   PostgreSQL text[] arrays, timestamps, integers and floats (InsightStore/Text)
#   graphml  the GraphML reader (libxml2 xmlTextReader from memory), then the writer
#   http     POST /v1/retrieve and /v1/query bodies: JSON decoding, validation, engines
#
# Builds with `swift build --sanitize=fuzzer --sanitize=address` in .build-fuzz (the harness targets
# exist only when INSIGHTGRAPH_FUZZ=1, so the normal build never sees them). Seeds come from
# Tests/FuzzCorpora/<target>/ (committed, read only); what the fuzzer finds goes to
# .fuzz/corpus/<target>/ and crash inputs to .fuzz/crashes/<target>/ (both ignored by git).
# Runs at `nice -n ${FUZZ_NICE:-10}`; FUZZ_NO_BUILD=1 skips the build (to run targets in parallel). Prints per target: CPU-seconds, executions, crashes.
# Exits 1 when any target crashed. Reproduce a crash: .build-fuzz/debug/Fuzz<Name> CRASH_FILE
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$IG_ROOT"

all_targets=(igq pgtext graphml http)
product() {
    case "$1" in
        igq) echo FuzzIGQ ;; pgtext) echo FuzzPGText ;; graphml) echo FuzzGraphML ;; http) echo FuzzHTTP ;;
        *) echo "unknown target '$1' (one of: ${all_targets[*]}, all)" >&2; exit 64 ;;
    esac
}

mode=fuzz
if [ "${1:-}" = "replay" ]; then mode=replay; shift; fi
selection="${1:-all}"
seconds="${2:-60}"
case "$seconds" in ''|*[!0-9]*) echo "SECONDS must be a whole number, got '$seconds'" >&2; exit 64 ;; esac
if [ "$selection" = all ]; then targets=("${all_targets[@]}"); else product "$selection" >/dev/null; targets=("$selection"); fi

# GraphML seeds are whole small documents; the other inputs are short.
max_len() { if [ "$1" = graphml ]; then echo 16384; else echo 4096; fi; }

scratch=.build-fuzz
build() {
    if [ "${FUZZ_NO_BUILD:-0}" = 1 ]; then return; fi  # e.g. a second run in parallel with a first
    echo "== building $(product "$1") (--sanitize=fuzzer --sanitize=address, $scratch)" >&2
    INSIGHTGRAPH_FUZZ=1 nice -n "${FUZZ_NICE:-10}" swift build --scratch-path "$scratch" \
        --sanitize=fuzzer --sanitize=address --product "$(product "$1")" >&2
}

# CPU time (user + system) of this script's waited-for children, in clock ticks ($$, not a subshell).
children_ticks() { awk '{ print $16 + $17 }' "/proc/$$/stat"; }
ticks_per_second="$(getconf CLK_TCK)"

summary=()
crashed=0
for target in "${targets[@]}"; do
    build "$target"
    binary="$scratch/debug/$(product "$target")"
    seeds="Tests/FuzzCorpora/$target"
    corpus=".fuzz/corpus/$target"
    crashes=".fuzz/crashes/$target"
    mkdir -p "$corpus" "$crashes"
    dict=()
    if [ -f "Tests/FuzzCorpora/$target.dict" ]; then dict=("-dict=Tests/FuzzCorpora/$target.dict"); fi
    log=".fuzz/$target.log"

    if [ "$mode" = replay ]; then
        inputs=("$seeds"/*)
        if compgen -G "$crashes/*" >/dev/null; then inputs+=("$crashes"/*); fi
        echo "== replaying ${#inputs[@]} inputs through $target" >&2
        if "$binary" "${inputs[@]}" >"$log" 2>&1; then
            summary+=("$(printf '%-8s replayed %5d inputs: ok' "$target" "${#inputs[@]}")")
        else
            summary+=("$(printf '%-8s replayed %5d inputs: FAILED (see %s)' "$target" "${#inputs[@]}" "$log")")
            crashed=1
        fi
        continue
    fi

    before_crashes="$(find "$crashes" -type f | wc -l)"
    before_corpus="$(find "$corpus" -type f | wc -l)"
    echo "== fuzzing $target for ${seconds}s (log: $log)" >&2
    before="$(children_ticks)"
    status=0
    # New inputs go to the first directory only; the committed seeds are read, never written.
    nice -n "${FUZZ_NICE:-10}" "$binary" "$corpus" "$seeds" "${dict[@]}" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="$(max_len "$target")" \
        -artifact_prefix="$crashes/" -print_final_stats=1 >"$log" 2>&1 || status=$?
    after="$(children_ticks)"
    cpu=$(( (after - before) / ticks_per_second ))
    execs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)"
    new_crashes=$(( $(find "$crashes" -type f | wc -l) - before_crashes ))
    new_corpus=$(( $(find "$corpus" -type f | wc -l) - before_corpus ))
    if [ "$status" -ne 0 ] && [ "$new_crashes" -eq 0 ]; then new_crashes=1; fi  # died without an artifact
    if [ "$new_crashes" -gt 0 ]; then crashed=1; fi
    summary+=("$(printf '%-8s cpu_seconds=%-6d executions=%-10s crashes=%d new_corpus_entries=%d' \
        "$target" "$cpu" "${execs:-?}" "$new_crashes" "$new_corpus")")
    if [ "$new_crashes" -gt 0 ]; then
        grep -m3 -E 'ERROR: |Fatal error|SUMMARY' "$log" >&2 || true
        echo "   crash inputs in $crashes/ (reproduce: $binary FILE)" >&2
    fi
done

echo
printf '%s\n' "${summary[@]}"
exit "$crashed"

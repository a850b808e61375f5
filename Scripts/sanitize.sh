#!/usr/bin/env bash
# Runs tests under a sanitizer, against a throwaway PostgreSQL (with-postgres.sh).
#
#   Scripts/sanitize.sh address     the whole test suite with AddressSanitizer (.build-asan)
#   Scripts/sanitize.sh thread      the service's snapshot swapping and refresh tests with
#                                   ThreadSanitizer (.build-tsan): SnapshotRefresherTests,
#                                   PostgresFreshnessTests, LiveServerTests
#   Scripts/sanitize.sh undefined   the whole test suite with UndefinedBehaviorSanitizer on the C
#                                   targets (.build-ubsan)
#   Scripts/sanitize.sh optimized   the graph, retrieval and IGQ tests in a release (-O) build with
#                                   AddressSanitizer (Swift and C) and UndefinedBehaviorSanitizer (C)
#                                   together (.build-asan-release): what users run, with the checks
#                                   that catch a pointer outliving its buffer or undefined behaviour
# Swift's compiler has no UndefinedBehaviorSanitizer on Linux (`-sanitize=undefined` is refused for
# Swift code), so UBSan instruments the C targets (clang's -fsanitize=undefined through -Xcc); Swift
# code keeps its own overflow and bounds traps, which -O builds keep too.
# Extra arguments go to `swift test` (e.g. --filter GraphML to narrow an address run).
#
# Each sanitizer builds in its own scratch path, so the normal .build stays as it is. A report
# from a sanitizer fails the run (halt_on_error). Suppressions for known false positives in code
# that is not ours live in Scripts/sanitizers/ with the reason for each.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$IG_ROOT"

kind="${1:-}"
shift || true
# UBSan for the C targets, every report fatal.
ubsan_flags=(-Xcc -fsanitize=undefined -Xcc -fno-sanitize-recover=undefined -Xlinker -lubsan)
case "$kind" in
    address)
        export ASAN_OPTIONS="halt_on_error=1:detect_stack_use_after_return=1:strict_string_checks=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
        export LSAN_OPTIONS="suppressions=$PWD/Scripts/sanitizers/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
        ig_install_deps
        # Serially: under ASan the tests that block a thread (CLI subprocesses, libpq calls) run
        # several times longer and, in parallel, hold the 2-thread cooperative pool long enough to
        # starve the refresher tests' 30 s waits (seen 2026-11-27; they pass alone and serially).
        exec Scripts/with-postgres.sh swift test --sanitize=address --scratch-path .build-asan --no-parallel "$@"
        ;;
    thread)
        export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1:suppressions=$PWD/Scripts/sanitizers/tsan.supp${TSAN_OPTIONS:+:$TSAN_OPTIONS}"
        ig_install_deps
        exec Scripts/with-postgres.sh swift test --sanitize=thread --scratch-path .build-tsan \
            --filter 'SnapshotRefresherTests|PostgresFreshnessTests|LiveServerTests' "$@"
        ;;
    undefined)
        export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
        ig_install_deps
        exec Scripts/with-postgres.sh swift test "${ubsan_flags[@]}" --scratch-path .build-ubsan "$@"
        ;;
    optimized)
        export ASAN_OPTIONS="halt_on_error=1:detect_stack_use_after_return=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
        export LSAN_OPTIONS="suppressions=$PWD/Scripts/sanitizers/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
        export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
        ig_install_deps
        exec swift test -c release --sanitize=address "${ubsan_flags[@]}" --scratch-path .build-asan-release \
            --filter 'InsightGraphTests|InsightQueryTests' "$@"
        ;;
    *)
        echo "usage: $0 address|thread|undefined|optimized [swift test arguments]" >&2
        exit 64
        ;;
esac

#!/usr/bin/env bash
# The long run of tests/quiz_crash.rs: SIGKILLs of real `qa quiz` sessions on one state file, each checked
# for integrity, confirmed grades and an exact FSRS replay (default 300). Usage: scripts/quiz-crash-trials.sh [TRIALS]
set -euo pipefail
cd "$(dirname "$0")/.."
QA_QUIZ_CRASH_TRIALS="${1:-300}" exec cargo test --test quiz_crash -- --nocapture

#!/usr/bin/env bash
# The long run of tests/crash.rs: 50 SIGKILLs of `qa index --rebuild` per test (100 in all) on a generated
# bank of 20,000 questions, in release mode. Usage: scripts/crash-trials.sh [TRIALS]
set -euo pipefail
cd "$(dirname "$0")/.."
QA_CRASH_TRIALS="${1:-50}" exec cargo test --release --test crash -- --nocapture --test-threads 1

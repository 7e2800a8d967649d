#!/usr/bin/env bash
# Times whole agentgen runs, process start to exit, the way a user meets
# them: one agent, kits of 100 and 1,000 agents, and lint over 1,000 files.
# Prints a Markdown table of medians (the README's "Speed" table comes from
# here), peak memory and the binary's size.
#
# Needs hyperfine, GNU time (/usr/bin/time) and python3. In-process steps
# are benchmarked separately: cargo bench --bench pipeline.
#
# Usage: scripts/bench.sh [RUNS]   (RUNS per command, default 50)
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${1:-50}
for tool in hyperfine /usr/bin/time python3; do
    command -v "$tool" >/dev/null || { echo "bench.sh needs $tool" >&2; exit 2; }
done

cargo build --release --quiet
bin=$PWD/target/release/agentgen
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# A kit file of N agents, cycling through every built-in role.
kit_file() {
    local n=$1 roles i role
    roles=($("$bin" list --json | python3 -c 'import json,sys; print(" ".join(r["name"] for r in json.load(sys.stdin)["roles"]))'))
    {
        printf 'name: bench-%s\nsummary: %s agents for timing.\nquestions:\n  - use: team\nagents:\n' "$n" "$n"
        for ((i = 0; i < n; i++)); do
            role=${roles[i % ${#roles[@]}]}
            printf '  - role: %s\n    name: %s-%s\n' "$role" "$role" "$i"
        done
    } >"$work/kit$n.yaml"
}
kit_file 100
kit_file 1000

# The lint corpus: 1,000 agent files from the kit above.
"$bin" kit "$work/kit1000.yaml" --defaults -o "$work/lint/.claude/agents" 2>/dev/null
"$bin" lint "$work/lint" | grep -q '^checked 1000 files' || { echo "the lint corpus is not 1,000 files" >&2; exit 1; }
# An existing, identical agent for the "regenerate" case.
answers=examples/backend-architect.yaml
"$bin" new backend-architect --answers "$answers" -o "$work/same" 2>/dev/null

# A project whose agentgen.yaml holds a 100-agent kit, all in sync, for
# `sync --check` (what CI runs on every push).
mkdir -p "$work/proj"
cp "$work/kit100.yaml" "$work/proj/team.yaml"
(cd "$work/proj" && git init -q . && "$bin" kit ./team.yaml --defaults 2>/dev/null && "$bin" sync --check)

# One hyperfine run per command, each with its own clean-up step. A used
# output folder is moved aside rather than deleted: deleting a thousand
# files just before the run makes ext4 (here mounted with `discard`) slow
# to create the next ones, which would time the clean-up, not agentgen.
n=0
aside() { echo "sh -c 'mv $1 $work/old.\$\$.\$(date +%s%N) 2>/dev/null || true'"; }
bench() { # NAME PREPARE COMMAND
    n=$((n + 1))
    hyperfine -N --warmup 5 --runs "$runs" --prepare "$2" \
        --export-json "$work/times-$(printf %02d $n).json" -n "$1" "$3" >/dev/null
}
bench "agentgen --version (process start)" true "$bin --version"
bench "new backend-architect --stdout" true \
    "$bin new backend-architect --answers $answers --stdout"
bench "new backend-architect -o DIR --force (file exists, same content)" true \
    "$bin new backend-architect --answers $answers -o $work/same --force"
bench "new backend-architect -o DIR (new folder)" "$(aside $work/fresh)" \
    "$bin new backend-architect --answers $answers -o $work/fresh"
bench "kit of 100 agents --dry-run (rendering and checks, no files)" true \
    "$bin kit $work/kit100.yaml --defaults --dry-run -o $work/dry"
bench "kit of 1,000 agents --dry-run (rendering and checks, no files)" true \
    "$bin kit $work/kit1000.yaml --defaults --dry-run -o $work/dry"
bench "kit of 100 agents -o DIR (new folder)" "$(aside $work/k100)" \
    "$bin kit $work/kit100.yaml --defaults -o $work/k100"
bench "kit of 1,000 agents -o DIR (new folder)" "$(aside $work/k1000)" \
    "$bin kit $work/kit1000.yaml --defaults -o $work/k1000"
bench "lint 1,000 files" true "$bin lint $work/lint"
n=$((n + 1))
(cd "$work/proj" && hyperfine -N --warmup 5 --runs "$runs" \
    --export-json "$work/times-$(printf %02d $n).json" \
    -n "sync --check over a 100-agent manifest, nothing to do" "$bin sync --check" >/dev/null)

peak() { # peak resident memory of one run, in MiB
    rm -rf "$work/peak"
    /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1 | awk '{printf "%.1f", $1 / 1024}'
}
new_peak=$(peak "$bin" new backend-architect --answers "$answers" -o "$work/peak")
kit_peak=$(peak "$bin" kit "$work/kit1000.yaml" --defaults -o "$work/peak")

python3 - "$work"/times-*.json <<'EOF'
import json, sys
results = [r for f in sys.argv[1:] for r in json.load(open(f))["results"]]
print("| run | median | mean ± σ | min |")
print("|---|---:|---:|---:|")
ms = lambda s: f"{s * 1000:.1f} ms"
for r in results:
    print(f"| {r['command']} | {ms(r['median'])} | {ms(r['mean'])} ± {ms(r['stddev'])} | {ms(r['min'])} |")
by = {r["command"]: r["median"] for r in results}
sync = next(v for k, v in by.items() if k.startswith("sync --check"))
new = next(v for k, v in by.items() if k.startswith("new backend-architect --stdout"))
print(f"\nsync --check over 100 agents costs {sync / new:.1f}x one `agentgen new` (goal: at most 30x)")
EOF
echo
echo "peak memory: new $new_peak MiB; kit of 1,000 agents $kit_peak MiB"
echo "binary: $(stat -c %s "$bin" | awk '{printf "%.1f MiB", $1 / 1048576}') ($bin)"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -sr)"

#!/usr/bin/env bash
# Opt-in conformance check (not part of `cargo test`): installs the real
# tools from npm into a throwaway prefix and loads what agentgen writes in
# each of them. Every role is generated with every field set, for every
# target, and as a plugin and a marketplace; each tool is then asked to
# load or validate the files with the commands it has that work offline.
#
#   scripts/conformance.sh            # all tools
#   TOOLS="claude opencode" scripts/conformance.sh
#   AGENTGEN=target/debug/agentgen TOOLS= scripts/conformance.sh   # no tools
#
# Needs cargo, node and npm, and network access to the npm registry.
# Prints one line per check (ok / FAIL / skipped, with why) and exits 1 if
# any check failed.
set -u
cd "$(dirname "$0")/.."
ROOT=$(pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
TOOLS=${TOOLS-"claude opencode gemini codex copilot"}
FAILED=0
ok() { echo "ok      $*"; }
fail() { echo "FAIL    $*"; FAILED=1; }
skip() { echo "skipped $*"; }

if [ -z "${AGENTGEN:-}" ]; then
  cargo build --quiet --release || exit 1
  AGENTGEN="$ROOT/target/release/agentgen"
fi

# Every Claude Code field, and each target's own fields.
cat > "$WORK/every.yaml" <<'YAML'
disallowed_tools: [WebSearch]
permission_mode: acceptEdits
max_turns: "30"
effort: high
skills: [pdf]
mcp_servers:
  - {name: github, command: npx, args: [-y, "@modelcontextprotocol/server-github"], env: [GITHUB_TOKEN]}
  - {name: docs, url: "https://docs.example.com/mcp"}
hooks:
  - {event: PreToolUse, matcher: Bash, command: "true"}
memory_scope: project
initial_prompt: Start by reading the README.
background: false
omit_claude_md: false
isolation: worktree
auto_compact_window: "150000"
targets:
  opencode: {model: anthropic/claude-sonnet-4-5, steps: 20}
  gemini: {model: gemini-2.5-pro, timeout_mins: 10}
  codex: {model: gpt-5-codex, approval_policy: on-request}
  copilot: {infer: true}
YAML

# Every role, once per target, in one project.
PROJECT="$WORK/project"
mkdir -p "$PROJECT"
ROLES=$("$AGENTGEN" list --json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const j=JSON.parse(s);for(const r of j.roles)console.log(r.name)})')
for role in $ROLES; do
  (cd "$PROJECT" && "$AGENTGEN" new "$role" --defaults -a "$WORK/every.yaml" --target all --force 2>/dev/null) \
    || fail "agentgen new $role --target all"
done
"$AGENTGEN" lint --strict "$PROJECT" >/dev/null && ok "agentgen lint --strict on every role and target" \
  || fail "agentgen lint --strict on every role and target"

# Every role as one plugin, and two kits as a marketplace.
{ echo "name: every-role"; echo "summary: Every built-in role."; echo "agents:"; for role in $ROLES; do echo "  - role: $role"; done; } > "$WORK/every-role.yaml"
"$AGENTGEN" kit "$WORK/every-role.yaml" --defaults -a "$WORK/every.yaml" --plugin "$WORK/plugin" 2>/dev/null || fail "agentgen kit --plugin"
"$AGENTGEN" kit quality-gate --defaults --marketplace "$WORK/market" 2>/dev/null || fail "agentgen kit --marketplace (1)"
"$AGENTGEN" kit startup --defaults --marketplace "$WORK/market" 2>/dev/null || fail "agentgen kit --marketplace (2)"

install() { # package -> prefix
  npm install --silent --no-audit --no-fund --prefix "$WORK/npm" "$1" >/dev/null 2>&1
}
BIN="$WORK/npm/node_modules/.bin"

for tool in $TOOLS; do
  case $tool in
  claude)
    install @anthropic-ai/claude-code || { fail "npm install @anthropic-ai/claude-code"; continue; }
    for dir in "$WORK/plugin" "$WORK/market"; do
      out=$("$BIN/claude" plugin validate --strict "$dir" 2>&1) && ok "claude plugin validate --strict $(basename "$dir")" \
        || fail "claude plugin validate --strict $(basename "$dir"): $out"
    done
    if out=$("$BIN/claude" plugin validate --strict --profile directory "$WORK/plugin" 2>&1); then
      ok "claude plugin validate --strict --profile directory"
    elif grep -q "unknown option '--profile'" <<<"$out"; then
      skip "claude plugin validate --profile directory: this Claude Code ($("$BIN/claude" --version 2>/dev/null)) has no --profile"
    else
      fail "claude plugin validate --profile directory: $out"
    fi
    ;;
  opencode)
    install opencode-ai || { fail "npm install opencode-ai"; continue; }
    out=$(cd "$PROJECT" && "$BIN/opencode" agent list 2>&1) \
      && ok "opencode agent list loads $(ls "$PROJECT/.opencode/agent" | wc -l) agents" || fail "opencode agent list: $out"
    ;;
  gemini)
    install @google/gemini-cli || { fail "npm install @google/gemini-cli"; continue; }
    skip "gemini: no offline command loads agents; the files pass agentgen's Gemini table"
    ;;
  codex)
    install @openai/codex || { fail "npm install @openai/codex"; continue; }
    # `codex debug prompt-input` renders what the model would see, offline,
    # including the list of agent roles Codex loaded from CODEX_HOME/agents:
    # a role file Codex rejects is missing from it.
    home="$WORK/codex-home"
    mkdir -p "$home/agents" && cp "$PROJECT"/.codex/agents/*.toml "$home/agents/"
    out=$(CODEX_HOME="$home" "$BIN/codex" debug prompt-input 2>/dev/null)
    missing=""
    for file in "$home"/agents/*.toml; do
      role=$(basename "$file" .toml)
      grep -qF "$role: {" <<<"$out" || missing="$missing $role"
    done
    count=$(ls "$home/agents" | wc -l)
    [ -z "$missing" ] && ok "codex debug prompt-input loads all $count roles ($("$BIN/codex" --version))" \
      || fail "codex did not load:$missing"
    ;;
  copilot)
    install @github/copilot || { fail "npm install @github/copilot"; continue; }
    skip "copilot: loading agents needs a signed-in session"
    ;;
  *) skip "$tool: unknown tool" ;;
  esac
done
skip "cursor: not on npm"
exit $FAILED

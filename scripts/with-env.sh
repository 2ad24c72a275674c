#!/usr/bin/env bash
# Usage: scripts/with-env.sh COMMAND [ARGS...]
# Runs COMMAND with the settings of .env exported (created from .env.example when
# missing). Variables already set in the environment win over .env.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=scripts/env.sh
. "$ROOT/scripts/env.sh"
load_dotenv "$ROOT"
if [[ $# -eq 0 ]]; then
    echo "usage: $0 COMMAND [ARGS...]" >&2
    exit 2
fi
exec "$@"

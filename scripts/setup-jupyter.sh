#!/usr/bin/env bash
# Prepare a project-local Jupyter setup for running notebooks with the tslab
# TypeScript kernel. Idempotent; never installs system packages (that is
# .ci/run's job).
#
#   scripts/setup-jupyter.sh          # check + install kernelspec, print JUPYTER_PATH
#   scripts/setup-jupyter.sh --check  # only check the Debian Jupyter packages
#
# Last line of stdout is always `JUPYTER_PATH=<dir>` on success, so callers can
# do:  export "$(scripts/setup-jupyter.sh | tail -n1)"
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY=/usr/bin/python3
JUPYTER=/usr/bin/jupyter
APT_CMD="apt-get update && apt-get install -y jupyter-nbconvert python3-nbclient jupyter-client python3-ipykernel"
PREFIX="$REPO/.jupyter"
KERNEL_JSON="$PREFIX/share/jupyter/kernels/tslab/kernel.json"
TSLAB="$REPO/node_modules/.bin/tslab"

# 1. Debian Jupyter (for /usr/bin/python3, NOT the pyenv python on PATH).
if [[ ! -x "$JUPYTER" || ! -x "$PY" ]] \
  || ! "$PY" -c 'import nbconvert, nbclient, ipykernel, jupyter_client' >/dev/null 2>&1; then
  echo "Jupyter for /usr/bin/python3 is missing (need /usr/bin/jupyter with nbconvert, nbclient, jupyter_client and ipykernel); install it with: $APT_CMD" >&2
  exit 3
fi

if [[ "${1:-}" == "--check" ]]; then
  echo "JUPYTER_PATH=$PREFIX/share/jupyter"
  exit 0
fi

# 2. tslab itself (npm devDependency).
if [[ ! -x "$TSLAB" ]]; then
  echo "tslab is not installed in $REPO/node_modules; run: npm ci" >&2
  exit 4
fi

# 3. Kernelspec in <repo>/.jupyter, pointing at this repo's tslab.
if [[ -f "$KERNEL_JSON" ]] && "$PY" - "$KERNEL_JSON" "$TSLAB" <<'EOF'
import json, sys
spec = json.load(open(sys.argv[1]))
sys.exit(0 if spec.get("argv", [None])[0] == sys.argv[2] else 1)
EOF
then
  echo "tslab kernelspec already installed: $KERNEL_JSON"
else
  # Install into a private prefix, then move into place, so that concurrent
  # runs (several `npm test` at once) never see a half-written kernelspec.
  mkdir -p "$PREFIX/share/jupyter/kernels"
  TMP_PREFIX="$(mktemp -d "$PREFIX/.install.XXXXXX")"
  trap 'rm -rf "$TMP_PREFIX"' EXIT
  "$TSLAB" install --python "$PY" --binary "$TSLAB" --prefix "$TMP_PREFIX" >&2
  for k in tslab jslab; do
    rm -rf "$PREFIX/share/jupyter/kernels/$k"
    mv -T "$TMP_PREFIX/share/jupyter/kernels/$k" "$PREFIX/share/jupyter/kernels/$k" 2>/dev/null \
      || [[ -f "$PREFIX/share/jupyter/kernels/$k/kernel.json" ]] # lost a race: fine
  done
  echo "installed tslab kernelspec: $KERNEL_JSON"
fi

echo "JUPYTER_PATH=$PREFIX/share/jupyter"

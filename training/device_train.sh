#!/usr/bin/env bash
# On the lent GPU machine (device tool, carry [".device"]; see training/device_bundle.py):
# rebuild the shipped model, train it MINUTES more on the GPU, pack the weights into $OUT.
#   bash training/device_train.sh [MINUTES] [extra train_one_pass.py train arguments]
# Fits one 10-minute call with MINUTES=7: start-up and recovery take about a minute.
set -euo pipefail
cd "$(dirname "$0")/.."
MINUTES=${1:-7}
shift || true
PYTHON=${PYTHON:-python3}
DEVICE=${DEVICE:-cuda}
OUT=${OUT:-training/runs/device-out}
export PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
export CLAIMWATCH_POLNEAR="$PWD/.device/polnear" CLAIMWATCH_BASE_MODEL="$PWD/.device/base"
$PYTHON -c "import torch, transformers, onnx, onnxruntime, tokenizers; print('torch', torch.__version__, 'cuda', torch.cuda.is_available(), 'transformers', transformers.__version__)"
$PYTHON training/recover_checkpoint.py --out training/runs/recovered
$PYTHON training/train_one_pass.py train --device "$DEVICE" \
    --init training/runs/recovered/checkpoint --resume training/runs/recovered \
    --out training/runs/device --max-minutes "$MINUTES" --epochs 1000 --threads 8 "$@"
$PYTHON training/device_bundle.py pack training/runs/device "$OUT"

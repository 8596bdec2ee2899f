#!/usr/bin/env bash
# The GPU checks of issue 14 (goal 5) in one run on a CUDA machine: the `#| gpu` cells of the OT notebooks and the trainer (02_fgw,
# 03_sliced, 13_train, 51_bench) and `rae_nb_bench ot --device cuda`, whose JSON is the GPU counterpart of
# results/bench/ot_cpu.json. CI never runs this (it has no GPU).
#
# The lent machine has python3 with torch (CUDA), numpy, scipy, matplotlib, scikit-learn, tqdm and hypothesis, but not
# POT, nbdev and its stack, and no network. Their wheels travel in .whl/ (ignored by git: .git/info/exclude), made
# here for its Python 3.12 with
#   python3 -m pip download --no-deps --only-binary=:all: --python-version 3.12 --implementation cp \
#     --platform manylinux_2_28_x86_64 --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64 -d .whl \
#     pot==0.9.6.post1 nbdev==2.4.14 fastcore==1.14.5 execnb==0.1.18 ghapi fastgit asttokens astunparse watchdog \
#     ipython ipython-pygments-lexers decorator parso matplotlib-inline pexpect ptyprocess prompt_toolkit wcwidth \
#     stack_data executing pure_eval traitlets pytorch-fid
# (POT 0.9.6: the 0.9.7 wheel is 33 MB and the working tree that travels is limited to 64 MiB.)
# Device tool: run(command="bash .ci/gpu_checks.sh", carry=[".whl"], timeout_s=540). Results land in $OUT
# (ot_cuda.json, the logs); copy ot_cuda.json to results/bench/ and commit it.
# GPU_CHECKS_DRY=1 runs the same plumbing on the CPU (quick suite, no gpu cells): a check of this script, not of a GPU;
# GPU_CHECKS_WHEELS names another folder of wheels ('none': install nothing, use the packages there are).
set -uo pipefail
cd "$(dirname "$0")/.."
out=${OUT:-gpu_out}; mkdir -p "$out"
export PYTHONUNBUFFERED=1 MPLBACKEND=Agg
wheels=${GPU_CHECKS_WHEELS:-.whl}
if [ "$wheels" != none ]; then
  [ -d "$wheels" ] || { echo "gpu_checks: no wheels in $wheels (see this script's header)"; exit 1; }
  rm -rf /tmp/gpu_checks_site
  python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --target /tmp/gpu_checks_site "$wheels"/*.whl || exit 1
  export PYTHONPATH=/tmp/gpu_checks_site
fi
export PYTHONPATH=$PWD${PYTHONPATH:+:$PYTHONPATH}     # rae_nb from this tree, not installed
if [ -n "${GPU_CHECKS_DRY:-}" ]; then dev=cpu; flags=''; quick=--quick
else dev=cuda; flags=gpu; quick=''
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv | tee "$out/gpu.txt"
fi
python3 - "$dev" <<'PY' || { echo "gpu_checks: torch sees no CUDA device"; exit 1; }
import sys, torch, ot, rae_nb.fgw
print('torch', torch.__version__, 'POT', ot.__version__, 'cuda', torch.cuda.is_available())
assert sys.argv[1] == 'cpu' or torch.cuda.is_available()
PY
status=0
# 1. the notebooks' tests, gpu cells included
for nb in nbs/02_fgw.ipynb nbs/03_sliced.ipynb nbs/13_train.ipynb nbs/51_bench.ipynb; do
  python3 -c "from nbdev.test import nbdev_test; nbdev_test(path='$nb', flags='$flags', do_print=True)" > "$out/test_$(basename "$nb" .ipynb).log" 2>&1 \
    && echo "gpu_checks: $nb passed" || { echo "gpu_checks: $nb FAILED"; tail -30 "$out/test_$(basename "$nb" .ipynb).log"; status=1; }
done
# 2. the ot suite on the device
python3 -c "import sys; from rae_nb.cli import bench_main; sys.exit(bench_main(sys.argv[1:]))" ot --device "$dev" $quick \
  --out "$out/ot_$dev.json" > /dev/null 2> "$out/bench_ot.log" && echo "gpu_checks: rae_nb_bench ot --device $dev: $out/ot_$dev.json" \
  || { echo "gpu_checks: rae_nb_bench ot --device $dev FAILED"; tail -30 "$out/bench_ot.log"; status=1; }
exit $status

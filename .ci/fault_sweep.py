"""Try rae_nb as a careless new user would: bad inputs and faults through the console scripts and the Python API.

  python .ci/fault_sweep.py [--out sweep.json]

Each case ends in one of:
  clear    - exit code 2 (130 for Ctrl-C) and one line on stderr, no traceback (console scripts); a ValueError, TypeError,
             FileNotFoundError or rae_nb's own error with a one-line message (Python API)
  survived - it worked and what it wrote is sane
  bad      - a traceback, a wrong exit code, a silent wrong result, or code that ran when it should not
Not run by CI (it takes a few minutes); its counts go into the issue notes.
"""
import json, math, os, shutil, signal, subprocess, sys, tempfile, time
from pathlib import Path

TINY = ['--n-train', '60', '--epochs', '1', '--batch-size', '20', '--no-progress', '--device', 'cpu']
results = []

def record(name, outcome, detail=''):
    results.append({'case': name, 'outcome': outcome, 'detail': detail[-300:]})
    print(f'{outcome:9s} {name}: {detail[-160:]}', flush=True)

def cli(name, argv, expect='clear', cwd=None, check=None, env=None):
    "Run a console script; classify its ending."
    r = subprocess.run(argv, capture_output=True, text=True, cwd=cwd, timeout=600, env={**os.environ, **(env or {})})
    err = [l for l in r.stderr.strip().splitlines() if l.strip() and 'Warning' not in l and 'warn(' not in l]
    one_line = r.returncode == 2 and 'Traceback' not in r.stderr and len([l for l in err if 'error' in l.lower()]) == 1
    if r.returncode == 0:
        ok = check() if check else True
        outcome = 'survived' if ok and expect == 'survived' else ('bad' if expect == 'clear' or not ok else 'survived')
        record(name, outcome, f'exit 0{"" if ok else " but the check failed"}')
    else:
        record(name, 'clear' if one_line and expect == 'clear' else 'bad', f'exit {r.returncode}: ' + (err[-1] if err else ''))
    return r

def api(name, fn, expect='clear'):
    "Call a Python function; a one-line ValueError/TypeError/FileNotFoundError/FloatingPointError is clear."
    try: out = fn()
    except (ValueError, TypeError, FileNotFoundError, FloatingPointError, KeyError) as e:
        msg = str(e)
        record(name, 'clear' if msg and '\n' not in msg.strip() and expect == 'clear' else 'bad', f'{type(e).__name__}: {msg}')
        return
    except Exception as e:
        record(name, 'bad', f'{type(e).__name__}: {e}'); return
    ok = out is not False
    record(name, 'survived' if ok and expect == 'survived' else 'bad', f'returned {str(out)[:120]}')

def main():
    import torch
    R = Path(tempfile.mkdtemp(prefix='rae_sweep_'))
    train = lambda *a, **kw: cli(kw.pop('name'), ['rae_nb_train', *a], **kw)
    # --- run directories ---------------------------------------------------------------------------------------
    train('--model', 'drae', *TINY, '--out', str(R), '--name', 'ow', '--seed', '1', name='first run', expect='survived')
    train('--model', 'vae', *TINY, '--out', str(R), '--name', 'ow', '--seed', '7', name='same --name again, no --resume')
    train('--model', 'drae', *TINY, '--out', str(R), '--name', 'ow', '--seed', '1', '--lr', '0.05', '--resume', name='--resume with another lr')
    train('--model', 'drae', *TINY, '--out', str(R), '--name', 'ow', '--seed', '2', '--resume', name='--resume with another seed')
    train('--model', 'drae', *TINY, '--out', str(R), '--name', 'typo', '--resume', name='--resume of a missing run')
    train('--model', 'vae', *TINY, '--out', str(R), '--name', 'ow', '--overwrite', name='--overwrite', expect='survived',
          check=lambda: json.loads((R/'ow'/'run.json').read_text())['config']['model']['model'] == 'vae')
    (R/'afile').write_text('x')
    train('--model', 'vae', *TINY, '--out', str(R/'afile'), name='--out is a file')
    train('--model', 'vae', *TINY, '--out', '/proc/rae_nb', name='--out unwritable')
    train('--model', 'vae', *TINY, '--out', str(R), '--name', str(R/'abs'), name='absolute --name')
    train('--model', 'vae', *TINY, '--out', str(R), '--seed', str(2**63), name='seed 2**63')
    for m in ('ae', 'vae', 'gmvae', 'vamp'):
        train('--model', m, *TINY, '--out', str(R), '--name', f'lr-{m}', '--lr', '1e3', name=f'--lr 1e3 ({m})')
    # --- checkpoints ---------------------------------------------------------------------------------------------
    train('--model', 'vae', *TINY, '--out', str(R), '--name', 'ev', name='run to evaluate', expect='survived')
    cli('rae_nb_eval exits 0', ['rae_nb_eval', str(R/'ev'), '--device', 'cpu'], expect='survived')
    for kind, data in (('garbage', b'not a checkpoint'), ('empty', b''), ('truncated', None)):
        d = R/f'ck-{kind}'; shutil.copytree(R/'ev', d)
        ck = d/'checkpoint.pt'
        ck.write_bytes(data if data is not None else ck.read_bytes()[:200])
        cli(f'{kind} checkpoint (eval)', ['rae_nb_eval', str(d), '--device', 'cpu'])
        train('--model', 'vae', *TINY, '--out', str(R), '--name', f'ck-{kind}', '--resume', name=f'{kind} checkpoint (--resume)')
    d = R/'ck-noconfig'; shutil.copytree(R/'ev', d)
    info = json.loads((d/'run.json').read_text()); info.pop('config', None); (d/'run.json').write_text(json.dumps(info))
    cli('run.json without config', ['rae_nb_eval', str(d), '--device', 'cpu'])
    d = R/'ck-evil'; shutil.copytree(R/'ev', d)
    marker = R/'PWNED'
    class Evil:
        def __reduce__(self): return (os.system, (f'touch {marker}',))
    torch.save({'model': Evil()}, d/'checkpoint.pt')
    cli('crafted checkpoint that runs code', ['rae_nb_eval', str(d), '--device', 'cpu'])
    if marker.exists(): record('crafted checkpoint ran code', 'bad', str(marker))
    # --- valid input that used to crash -----------------------------------------------------------------------------
    train('--model', 'vae', '--n-train', '61', '--epochs', '1', '--batch-size', '20', '--no-progress', '--device', 'cpu',
          '--out', str(R), name='last batch of one item', expect='survived')
    train('--model', 'vae', '--n-train', '40', '--epochs', '1', '--batch-size', '1', '--no-progress', '--device', 'cpu',
          '--out', str(R), name='--batch-size 1 (batch norm needs two items: refused)')
    for ds in ('gmm', 'known_latent', 'digits'):
        train('--model', 'vae', '--dataset', ds, *TINY, '--out', str(R), name=f'--dataset {ds}', expect='survived')
    train('--model', 'vae', '--arch', 'mlp', *TINY, '--out', str(R), name='--arch mlp', expect='survived')
    # --- other scripts ------------------------------------------------------------------------------------------------
    cli('bench --threads 0', ['rae_nb_bench', 'ot', '--quick', '--threads', '0'])
    if not torch.cuda.is_available(): cli('bench --device cuda without CUDA', ['rae_nb_bench', 'ot', '--quick', '--device', 'cuda'])
    cli('rae_nb_bench exits 0', ['rae_nb_bench', 'ot', '--quick'], expect='survived')
    cli('reproduce --out <file>', ['rae_nb_reproduce', 'table2', '--preset', 'tiny', '--out', str(R/'afile'), '--no-progress'])
    cli('reproduce table4 --splits 0', ['rae_nb_reproduce', 'table4', '--preset', 'tiny', '--splits', '0', '--out', str(R/'t4')])
    # stale committed results: a copy of the committed Table 2 results, asked for the tiny preset
    repo = Path(__file__).resolve().parents[1]
    if (repo/'results'/'table2').exists():
        shutil.copytree(repo/'results'/'table2', R/'res2')
        cli('reproduce tiny into a folder of 8-epoch results', ['rae_nb_reproduce', 'table2', '--preset', 'tiny', '--out', str(R/'res2'),
            '--runs', str(R/'runs2'), '--no-progress'])     # must refuse, not print the committed tables as new
    # Ctrl-C during training
    p = subprocess.Popen(['rae_nb_train', '--model', 'vae', '--n-train', '2000', '--epochs', '5', '--no-progress', '--device', 'cpu',
                          '--out', str(R), '--name', 'int'], stderr=subprocess.PIPE, text=True)
    time.sleep(25); p.send_signal(signal.SIGINT); _, err = p.communicate(timeout=120)
    lines = [l for l in err.strip().splitlines() if l.strip()]
    ok = p.returncode in (2, 130) and 'Traceback' not in err and 'resume' in err.lower()
    record('Ctrl-C during training', 'clear' if ok else 'bad', f'exit {p.returncode}: {lines[-1] if lines else ""}')
    # --- Python API ------------------------------------------------------------------------------------------------------
    from rae_nb.models.base import build_model, get_model_class, MODELS
    for name in sorted(MODELS):
        def mk(): torch.manual_seed(0); return build_model(name, (1, 28, 28), 'xu_mnist', 'cpu', net_kw={'channels': (4, 4, 8, 8)})
        for dt in (torch.float64, torch.float16):
            api(f'{name}.loss on {dt}', lambda: math.isfinite(float(mk().loss(torch.rand(4, 1, 28, 28, dtype=dt))['loss'].detach())), 'survived')
        api(f'{name}.loss on an empty batch', lambda: mk().loss(torch.rand(0, 1, 28, 28))['loss'])
        if 'gamma' in get_model_class(name).config_class.__dataclass_fields__:
            api(f'{name} with gamma=inf', lambda: build_model(name, (1, 28, 28), 'xu_mnist', 'cpu', net_kw={'channels': (4, 4, 8, 8)}, gamma=float('inf')))
    from rae_nb.fgw import proximal_fgw, hierarchical_fgw
    from rae_nb.ot import mmd
    from rae_nb.sliced import sliced_fgw, sliced_gw
    from rae_nb.cotrain import normal_prior_w2, coreg_loss, cca_loss
    fin = lambda t: bool(torch.isfinite(t).all())
    g = torch.Generator().manual_seed(0)
    x, y = torch.randn(30, 3, generator=g), torch.randn(30, 3, generator=g)
    api('proximal_fgw with costs near 1e30 (value overflows float32)', lambda: fin(proximal_fgw(torch.rand(5, 6) * 1e30, torch.rand(5, 5) * 1e30, torch.rand(6, 6) * 1e30, beta=0.5)))
    api('proximal_fgw with float64 costs near 1e30', lambda: fin(proximal_fgw(torch.rand(5, 6).double() * 1e30, torch.rand(5, 5).double() * 1e30, torch.rand(6, 6).double() * 1e30, beta=0.5)), 'survived')
    api('mmd with inputs near 1e20', lambda: fin(mmd(x * 1e20, y * 1e20)), 'survived')
    api('sliced_fgw float32 near 1e12 (value overflows float32)', lambda: fin(sliced_fgw(x * 1e12, y * 1e12, beta=0.5)))
    api('sliced_fgw float64 near 1e12', lambda: fin(sliced_fgw(x.double() * 1e12, y.double() * 1e12, beta=0.5)), 'survived')
    api('sliced_gw float32 near 1e12 (value overflows float32)', lambda: fin(sliced_gw(x * 1e12, y * 1e12)))
    api('sliced_gw float64 near 1e12', lambda: fin(sliced_gw(x.double() * 1e12, y.double() * 1e12)), 'survived')
    nan = x.clone(); nan[0, 0] = float('nan')
    api('normal_prior_w2 with NaN', lambda: normal_prior_w2(nan, torch.zeros_like(nan)))
    api('coreg_loss with NaN', lambda: coreg_loss(nan, y))
    def cca_same():
        z = x.clone().requires_grad_(); cca_loss(z, z.detach().clone()).backward(); return fin(z.grad)
    api('CCA on identical codes: finite gradient', cca_same, 'survived')
    api('CCA with NaN input', lambda: cca_loss(nan, y))
    api('CCA in float16', lambda: fin(cca_loss(x.half(), y.half())), 'survived')
    api('hierarchical_fgw with overflowing logvar', lambda: hierarchical_fgw(x, torch.full_like(x, 400.), y, torch.zeros_like(y), beta=0.1))
    shutil.rmtree(R, ignore_errors=True)
    counts = {k: sum(r['outcome'] == k for r in results) for k in ('clear', 'survived', 'bad')}
    print(json.dumps({'cases': len(results), **counts}))
    if '--out' in sys.argv: Path(sys.argv[sys.argv.index('--out') + 1]).write_text(json.dumps({'counts': counts, 'results': results}, indent=1))

if __name__ == '__main__': main()

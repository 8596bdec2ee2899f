"""Render README.md from nbs/index.ipynb without Quarto (which cannot be installed offline).

  python .ci/make_readme.py          # write README.md
  python .ci/make_readme.py --check  # exit 1 when README.md is out of date

Markdown cells are copied; code cells become ```python blocks (their stored outputs follow as text, or as markdown when
the output is text/markdown); cells marked `#| hide` are skipped, `#| echo: false` hides the code but keeps the output,
and other `#|` directive lines are dropped.
"""
import json, sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent

def render(nb_path=root / 'nbs' / 'index.ipynb') -> str:
    nb = json.loads(nb_path.read_text())
    out = ['<!-- Generated from nbs/index.ipynb by .ci/make_readme.py: edit the notebook, not this file. -->']
    for c in nb['cells']:
        src = ''.join(c['source'])
        if c['cell_type'] == 'markdown':
            out.append(src.strip())
        elif c['cell_type'] == 'code':
            lines = src.splitlines()
            if any(l.strip() in ('#| hide', '#|hide') for l in lines): continue
            code = '\n'.join(l for l in lines if not l.startswith('#|')).strip()
            echo = not any(l.replace(' ', '') == '#|echo:false' for l in lines)
            if code and echo: out.append(f"```python\n{code}\n```")
            for o in c.get('outputs', []):
                md = ''.join(o.get('data', {}).get('text/markdown', '')).strip()
                if md: out.append(md); continue
                text = ''.join(o.get('text', '') or o.get('data', {}).get('text/plain', '')).rstrip()
                if text: out.append(f"```\n{text}\n```")
    return '\n\n'.join(out) + '\n'

if __name__ == '__main__':
    text, readme = render(), root / 'README.md'
    if '--check' in sys.argv:
        if not readme.exists() or readme.read_text() != text:
            sys.exit('README.md is out of date: run `python .ci/make_readme.py` and commit it')
        print('README.md is up to date')
    else:
        readme.write_text(text); print(f'wrote {readme}')

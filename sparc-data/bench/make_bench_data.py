"""Generates an Open Images-sized import input (standard library only; values are not meaningful).

  python3 make_bench_data.py OUT [FRACTION] [hdf5]

- labels/train-annotations-human-imagelabels-boxable.csv: 9,000,000 rows over 1,700,000 images
  (ImageID,Source,LabelName,Confidence; one row in five or six a verified negative), always full size;
- labels/: a 600-class hierarchy and class descriptions (5 labelled classes lie outside the hierarchy);
- features/npy/train/{dino,clip_img,clip_txt}.npy: FRACTION x 1.7M rows x (1024, 768, 768) float32,
  with sample_ids.txt; captions/train/...json: one caption per featured image.
  With "hdf5" (needs h5py and numpy): the features instead as the official code writes them,
  features/openimages/train/*.h5 (dataset `features`, float32, gzip, chunks of 256 rows, random normal
  values, which compress about as little as real features; plus `indices`).
"""
import json
import os
import struct
import sys

out = sys.argv[1]
fraction = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
hdf5 = len(sys.argv) > 3 and sys.argv[3] == "hdf5"
IMAGES = 1_700_000
LABEL_ROWS = 9_000_000
ROWS = int(IMAGES * fraction)
DIMS = {"dino": 1024, "clip_img": 768, "clip_txt": 768}
CLASSES = [f"/m/b{i:04d}" for i in range(605)]  # the last 5 are not in the hierarchy


def image_id(i):
    return f"{(i * 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF:016x}"  # a bijection: distinct 16-hex IDs


def mkdir(*parts):
    p = os.path.join(out, *parts)
    os.makedirs(p, exist_ok=True)
    return p


labels = mkdir("labels")
groups = [{"LabelName": CLASSES[g * 30], "Subcategory": [{"LabelName": c} for c in CLASSES[g * 30 + 1:g * 30 + 30]]}
          for g in range(20)]
with open(os.path.join(labels, "bbox_labels_600_hierarchy.json"), "w") as f:
    json.dump({"LabelName": "/m/0bl9f", "Subcategory": groups}, f)
with open(os.path.join(labels, "oidv7-class-descriptions-boxable.csv"), "w") as f:
    f.write("LabelName,DisplayName\n")
    for i, c in enumerate(CLASSES):
        f.write(f"{c},Class {i}\n")
extra = LABEL_ROWS - 5 * IMAGES  # the first `extra` images get six rows
with open(os.path.join(labels, "train-annotations-human-imagelabels-boxable.csv"), "w") as f:
    f.write("ImageID,Source,LabelName,Confidence\n")
    for i in range(IMAGES):
        img = image_id(i)
        n = 6 if i < extra else 5
        f.write("".join(f"{img},verification,{CLASSES[(i * 7 + j * 131) % len(CLASSES)]},{0 if j == 4 else 1}\n"
                        for j in range(n)))

with open(os.path.join(mkdir("captions", "train"), "simplified_open_images_train_localized_narratives.json"), "w") as f:
    f.write("{")
    f.write(",".join(f'"{image_id(i)}": [{{"caption": "In this image we can see object number {i}."}}]'
                     for i in range(ROWS)))
    f.write("}")

if hdf5:
    import h5py
    import numpy as np
    files = {"dino": "dino_features_dinov2_vitb14_reg.h5",
             "clip_img": "clip_image_features_ViT-B-16-datacomp_xl_s13b_b90k.h5",
             "clip_txt": "clip_text_features_ViT-B-16-datacomp_xl_s13b_b90k.h5"}
    feat = mkdir("features", "openimages", "train")
    rng = np.random.default_rng(0)
    for name, d in DIMS.items():
        with h5py.File(os.path.join(feat, files[name]), "w") as f:
            ds = f.create_dataset("features", shape=(ROWS, d), dtype="float32", chunks=(256, d), compression="gzip")
            for start in range(0, ROWS, 4096):
                n = min(4096, ROWS - start)
                ds[start:start + n] = rng.standard_normal((n, d), dtype=np.float32)
            f.create_dataset("indices", data=np.arange(ROWS, dtype=np.int32))
    print(f"wrote {out}: {LABEL_ROWS} label rows, {ROWS} feature rows (HDF5)")
    sys.exit(0)

feat = mkdir("features", "npy", "train")
with open(os.path.join(feat, "sample_ids.txt"), "w") as f:
    for i in range(ROWS):
        f.write(image_id(i) + "#0\n")
for name, d in DIMS.items():
    header = "{'descr': '<f4', 'fortran_order': False, 'shape': (%d, %d), }" % (ROWS, d)
    header += " " * (127 - 10 - len(header)) + "\n"
    block = struct.pack(f"<{d}f", *[(j % 17) / 17.0 for j in range(d)]) * 1024
    with open(os.path.join(feat, name + ".npy"), "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode("latin1"))
        for start in range(0, ROWS, 1024):
            n = min(1024, ROWS - start)
            f.write(block if n == 1024 else block[:n * d * 4])
print(f"wrote {out}: {LABEL_ROWS} label rows, {ROWS} feature rows")

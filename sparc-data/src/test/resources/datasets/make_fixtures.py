"""Generates the Open Images and MS-COCO fixtures in the official SPARC code's layout (outputs are committed).

Run once:  python3 make_fixtures.py   (needs h5py and numpy; not needed to run the tests).
It reads the real Open Images hierarchy and class descriptions and the real COCO categories from
shared/data (found above this folder, or $SPARCJ_SHARED_DATA) and keeps a small excerpt of them.

Every stream's LAST column encodes the sample, so a test can check the pairing of rows and IDs:
  Open Images, sample <ImageID>#<k>:  int(ImageID[:4], 16) / 2**16 + k / 2**19
  MS-COCO, sample <image id>:          image_id / 2**20
The row order is produced here the way the official code produces it (Python dict order of the
narratives JSON; sorted image IDs of captions_<split>2017.json), while the files themselves list images
deliberately out of ID order, so an importer that sorts, or keeps file order, where it should not fails.
The other columns are a sum of per-class directions plus noise, so a tiny model has something to learn.
"""
import json
import os
import pathlib

import h5py
import numpy as np

HERE = pathlib.Path(__file__).resolve().parent
rng = np.random.default_rng(7)
DIMS = {"dino": 8, "clip_img": 6, "clip_txt": 6}
FILES = {"dino": "dino_features_dinov2_vitb14_reg.h5",
         "clip_img": "clip_image_features_ViT-B-16-datacomp_xl_s13b_b90k.h5",
         "clip_txt": "clip_text_features_ViT-B-16-datacomp_xl_s13b_b90k.h5"}


def shared(rel):
    env = os.environ.get("SPARCJ_SHARED_DATA")
    if env and (pathlib.Path(env) / rel).exists():
        return pathlib.Path(env) / rel
    for d in [HERE, *HERE.parents]:
        p = d / "shared" / "data" / rel
        if p.exists():
            return p
    raise SystemExit("shared/data/" + rel + " not found")


def features(rows, classes_of, code_of, directions):
    """rows: sample keys; returns {stream: float32 [N x d]}."""
    out = {}
    for s, d in DIMS.items():
        x = np.zeros((len(rows), d), dtype=np.float32)
        for i, r in enumerate(rows):
            v = 0.1 * rng.standard_normal(d - 1)
            for c in classes_of(r):
                v += directions[s][c]
            x[i, :d - 1] = v
            x[i, d - 1] = code_of(r)
        out[s] = x
    return out


def write_h5(folder, feats):
    folder.mkdir(parents=True, exist_ok=True)
    for s, x in feats.items():
        with h5py.File(folder / FILES[s], "w") as f:
            n = x.shape[0]
            f.create_dataset("features", data=x, chunks=(min(16, n), x.shape[1]), compression="gzip")
            idx = f.create_dataset("indices", shape=(n,), dtype="int32")
            idx[np.arange(n)] = np.arange(n)


def directions_for(classes):
    return {s: {c: rng.standard_normal(d - 1).astype(np.float32) for c in classes} for s, d in DIMS.items()}


# ---------------------------------------------------------------- Open Images
def prune(node, keep):
    out = {"LabelName": node["LabelName"]}
    for key in ("Subcategory", "Part"):
        kids = [prune(k, keep) for k in node.get(key, []) if k["LabelName"] in keep]
        if kids:
            out[key] = kids
    return out


def open_images():
    root = HERE / "openimages"
    hierarchy = json.loads(shared("openimages/bbox_labels_600_hierarchy.json").read_text())
    toy_kids = ["/m/0167gd", "/m/01j51", "/m/029b3", "/m/02wmf", "/m/02zt3", "/m/0kmg4"]
    keep = {"/m/0242l", "/m/03120", "/m/0h8l4fh", "/m/0138tl", *toy_kids, "/m/01g317", "/m/02p0tk3"}
    (root / "labels").mkdir(parents=True, exist_ok=True)
    (root / "labels" / "bbox_labels_600_hierarchy.json").write_text(json.dumps(prune(hierarchy, keep), indent=4))
    names = {}
    for line in shared("openimages/class-descriptions-boxable.csv").read_text().splitlines():
        mid, name = line.split(",")[:2]
        names[mid] = name
    with open(root / "labels" / "oidv7-class-descriptions-boxable.csv", "w") as f:
        f.write("LabelName,DisplayName\n")
        for mid in sorted(keep | {"/m/0k4j"}):
            f.write(f"{mid},{names[mid]}\n")
    used = ["/m/0242l", "/m/03120", "/m/0h8l4fh", "/m/0167gd", "/m/01j51", "/m/029b3", "/m/02wmf", "/m/01g317",
            "/m/02p0tk3"]
    directions = directions_for(used)
    prefixes = rng.choice(np.arange(0x1000, 0x10000), size=60, replace=False)
    labels_of = {}
    for split, count in (("train", 40), ("test", 14)):
        ids = [f"{p:04x}" + "".join(rng.choice(list("0123456789abcdef"), 12)) for p in prefixes[:count]]
        prefixes = prefixes[count:]
        narratives = {}
        for img in ids:  # insertion order = row order; random prefixes: not sorted
            narratives[img] = [{"caption": f"A photo {img[:4]} number {k}."} for k in range(int(rng.integers(1, 4)))]
            labels_of[img] = sorted(set(rng.choice(used, size=int(rng.integers(1, 4)))))
        capdir = root / "captions" / split
        capdir.mkdir(parents=True, exist_ok=True)
        (capdir / f"simplified_open_images_{split}_localized_narratives.json").write_text(json.dumps(narratives))
        rows = [(img, k) for img, caps in narratives.items() for k in range(len(caps))]
        unlabelled = ids[-1]  # one image without any label row: counted as a row without labels
        lines = ["ImageID,Source,LabelName,Confidence"]
        for img in reversed(ids):  # the CSV is in another order than the captions
            if img == unlabelled:
                continue
            for c in labels_of[img]:
                lines.append(f"{img},verification,{c},1")
            lines.append(f"{img},crowdsource-verification,/m/03120,0")  # a verified negative: dropped
        lines.append(f"{ids[0]},verification,/m/0k4j,1")       # Car: outside the hierarchy excerpt, dropped
        lines.append(f"{ids[0]},verification,{labels_of[ids[0]][0]},1")  # a duplicate row
        lines.append(f"ffff000000000000,verification,/m/0242l,1")  # an image without features
        (root / "labels" / f"{split}-annotations-human-imagelabels-boxable.csv").write_text("\n".join(lines) + "\n")
        feats = features(rows, lambda r: labels_of[r[0]] if r[0] != unlabelled else [],
                         lambda r: int(r[0][:4], 16) / 2 ** 16 + r[1] / 2 ** 19, directions)
        write_h5(root / "features" / "openimages" / split, feats)
    # the same test split as .npy with sample_ids.txt, rows in yet another order, one image left out
    test = json.loads((root / "captions" / "test" / "simplified_open_images_test_localized_narratives.json").read_text())
    rows = [(img, k) for img, caps in test.items() for k in range(len(caps))][1:]
    rows = [rows[i] for i in rng.permutation(len(rows))]
    feats = features(rows, lambda r: labels_of[r[0]], lambda r: int(r[0][:4], 16) / 2 ** 16 + r[1] / 2 ** 19,
                     directions)
    npy = root / "features" / "npy" / "test"
    npy.mkdir(parents=True, exist_ok=True)
    for s, x in feats.items():
        np.save(npy / f"{s}.npy", x)
    (npy / "sample_ids.txt").write_text("".join(f"{img}#{k}\n" for img, k in rows))


# ---------------------------------------------------------------- MS-COCO
def coco():
    root = HERE / "coco"
    categories = json.loads(shared("coco/coco_categories.json").read_text())
    used = [c["id"] for c in categories[:12]]
    directions = directions_for(used)
    image_ids = rng.choice(np.arange(1, 2 ** 20), size=60, replace=False).tolist()
    labels_of = {}
    for split, count in (("train", 44), ("val", 16)):
        ids = image_ids[:count]
        image_ids = image_ids[count:]
        images = [{"license": 1, "file_name": f"{i:012d}.jpg", "coco_url": f"http://images.cocodataset.org/{split}2017/{i:012d}.jpg",
                   "height": 480, "width": 640, "date_captured": "2013-11-14 17:02:52",
                   "flickr_url": "http://farm1.staticflickr.com/1/1.jpg", "id": i} for i in ids]  # not sorted
        caps, ann_id = [], 1
        for i in ids:
            for k in range(int(rng.integers(1, 4))):
                caps.append({"image_id": i, "id": ann_id, "caption": f"Image {i} caption {k}."})
                ann_id += 1
        caps = [caps[j] for j in rng.permutation(len(caps))]  # annotation order is the join order
        info = {"description": "COCO 2017 Dataset", "url": "http://cocodataset.org", "version": "1.0", "year": 2017,
                "contributor": "COCO Consortium", "date_created": "2017/09/01"}
        licenses = [{"url": "http://creativecommons.org/licenses/by-nc-sa/2.0/", "id": 1,
                     "name": "Attribution-NonCommercial-ShareAlike License"}]
        ann = root / "annotations"
        ann.mkdir(parents=True, exist_ok=True)
        (ann / f"captions_{split}2017.json").write_text(json.dumps(
            {"info": info, "licenses": licenses, "images": images, "annotations": caps}))
        inst, ann_id = [], 1
        for i in ids[:-1]:  # the last image has no instance: a row without labels
            cats = rng.choice(used, size=int(rng.integers(1, 4)))
            labels_of[i] = sorted(set(int(c) for c in cats))
            for c in cats:
                inst.append({"segmentation": [[10.0, 10.0, 20.0, 10.0, 20.0, 20.0]], "area": 50.0, "iscrowd": 0,
                             "image_id": i, "bbox": [10.0, 10.0, 10.0, 10.0], "category_id": int(c), "id": ann_id})
                ann_id += 1
        (ann / f"instances_{split}2017.json").write_text(json.dumps(
            {"info": info, "licenses": licenses, "images": images, "annotations": inst, "categories": categories}))
        rows = sorted(ids)  # torchvision CocoCaptions: ids = sorted(coco.imgs.keys())
        feats = features(rows, lambda i: labels_of.get(i, []), lambda i: i / 2 ** 20, directions)
        write_h5(root / "features" / "coco" / split, feats)


open_images()
coco()

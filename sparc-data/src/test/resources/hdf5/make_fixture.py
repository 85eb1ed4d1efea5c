"""Generates the HDF5 fixtures read by Hdf5ImportTest (run once; outputs are committed).

Layout of the official SPARC feature files: one file per stream, dataset `features` [N x d],
gzip-compressed and chunked. Values follow value(r, c) = r + c / 100 so the test can check
every element without reading the file with anything else.
Usage: python3 make_fixture.py   (needs h5py and numpy; not needed to run the tests)
"""
import h5py
import numpy as np

N = 37

def values(d, dtype):
    r = np.arange(N, dtype=np.float64)[:, None]
    c = np.arange(d, dtype=np.float64)[None, :]
    return (r + c / 100.0).astype(dtype)

for name, d, dtype in [("stream_a", 5, np.float32), ("stream_b", 3, np.float64)]:
    with h5py.File(f"{name}.h5", "w", libver="earliest") as f:
        f.create_dataset("features", data=values(d, dtype), chunks=(8, d), compression="gzip", compression_opts=4)
# A file whose row count disagrees with the others (for the mismatch error).
with h5py.File("stream_short.h5", "w") as f:
    f.create_dataset("features", data=values(4, np.float32)[:30], chunks=(8, 4), compression="gzip")

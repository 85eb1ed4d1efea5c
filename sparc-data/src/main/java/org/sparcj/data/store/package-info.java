/**
 * The on-disk feature store: one float32 {@code .npy} file per stream, {@code sample_ids.txt} and a
 * {@code manifest.json}. {@link org.sparcj.data.store.FeatureStore} opens one read-only and
 * memory-mapped (any size); {@link org.sparcj.data.store.FeatureStoreWriter} writes one row batch at a
 * time and marks it complete only at the end; {@link org.sparcj.data.store.Hdf5Import} converts the
 * official SPARC code's HDF5 feature files. {@link org.sparcj.data.store.Manifest} and
 * {@link org.sparcj.data.store.Npy} are the two file formats.
 */
package org.sparcj.data.store;

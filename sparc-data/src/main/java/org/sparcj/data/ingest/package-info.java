/**
 * Importing a real dataset into a labelled feature store: {@link org.sparcj.data.ingest.SplitFeatures}
 * reads one split's features (the official code's HDF5 files, row order rebuilt by the caller, or
 * {@code .npy} files with {@code sample_ids.txt}); {@link org.sparcj.data.ingest.LabelledImport} pairs
 * rows with images and labels and writes the store so that it opens only once complete;
 * {@link org.sparcj.data.ingest.ImportReport} says how the ID sets matched. The dataset readers
 * (Open Images, MS-COCO) build on these.
 */
package org.sparcj.data.ingest;

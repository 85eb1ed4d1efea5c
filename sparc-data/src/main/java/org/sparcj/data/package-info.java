/**
 * Multi-stream datasets and their labels: the types every other module reads features through.
 * <ul>
 *   <li>{@link org.sparcj.data.MultiStreamDataset}: M aligned streams over the same N samples, read
 *       in row batches ({@link org.sparcj.data.InMemoryDataset} for small data,
 *       {@link org.sparcj.data.store.FeatureStore} for data larger than RAM);
 *       {@link org.sparcj.data.StreamInfo} names a stream and its width.</li>
 *   <li>{@link org.sparcj.data.DatasetSplit}: train, validation and test rows, decided per sample by
 *       a hash of its ID.</li>
 *   <li>{@link org.sparcj.data.Taxonomy} and {@link org.sparcj.data.SampleLabels}: the class tree
 *       and per-sample multi-labels the label-based metrics need, stored as {@code taxonomy.tsv} and
 *       {@code labels.tsv} ({@link org.sparcj.data.TaxonomyIo}, {@link org.sparcj.data.LabelsIo});
 *       {@link org.sparcj.data.store.LabelledDataset} opens features and labels from one directory.</li>
 *   <li>{@code org.sparcj.data.settings}: the one binder of settings records from HOCON.</li>
 * </ul>
 */
package org.sparcj.data;

/**
 * Open Images as the paper uses it: {@link org.sparcj.data.openimages.OpenImagesLoader} builds one
 * sample per image-caption pair (Localized Narratives captions, image-level labels), and
 * {@link org.sparcj.data.openimages.OpenImagesTaxonomy} turns the class hierarchy (a DAG) into a tree
 * for the hierarchical Jaccard (docs/METHOD.md, Metrics: hierarchical generalized Jaccard);
 * {@link org.sparcj.data.openimages.OpenImagesImport} imports the official SPARC code's features in its
 * row order (the simplified narratives JSON's) with these labels ({@link org.sparcj.data.openimages.OpenImagesImportConfig}).
 */
package org.sparcj.data.openimages;

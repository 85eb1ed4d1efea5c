/**
 * MS-COCO from its annotation files: {@link org.sparcj.data.coco.CocoLoader} reads images, their
 * annotated categories and their captions (streamed JSON); {@link org.sparcj.data.coco.CocoTaxonomy}
 * is the two-level tree root, supercategory, category; {@link org.sparcj.data.coco.CocoImport} imports the
 * official SPARC code's features in its row order with these labels ({@link org.sparcj.data.coco.CocoImportConfig}).
 */
package org.sparcj.data.coco;

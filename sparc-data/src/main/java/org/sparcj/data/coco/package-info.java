/**
 * MS-COCO from its annotation files: {@link org.sparcj.data.coco.CocoLoader} reads images, their
 * annotated categories and their captions (streamed JSON); {@link org.sparcj.data.coco.CocoTaxonomy}
 * is the two-level tree root, supercategory, category.
 */
package org.sparcj.data.coco;

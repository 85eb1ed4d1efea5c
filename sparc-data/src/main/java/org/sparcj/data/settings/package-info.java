/**
 * One declaration per setting: a module's settings are an immutable record (validated in its compact
 * constructor) plus its {@code reference.conf} lines, and {@link org.sparcj.data.settings.Settings}
 * binds any config subtree onto any such record by its components (snake-cased names, or
 * {@link org.sparcj.data.settings.Key}). The same binder reads the settings a checkpoint stores as JSON.
 * It lives in sparc-data, the bottom module, so every module uses the one binder.
 */
package org.sparcj.data.settings;

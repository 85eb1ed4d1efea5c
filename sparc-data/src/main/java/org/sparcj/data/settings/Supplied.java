package org.sparcj.data.settings;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A record component that has no {@code reference.conf} line because the caller supplies it (the
 * model's streams come from the dataset). A stored copy (a checkpoint's settings) carries it anyway.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Supplied {
}

package dev.etcdspring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the parameter of an {@link EtcdWatch} method that receives the revision of the
 * event (for a batch listener, of its last event); the parameter is a {@code long} or
 * {@code Long}.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface EtcdRevision {

}

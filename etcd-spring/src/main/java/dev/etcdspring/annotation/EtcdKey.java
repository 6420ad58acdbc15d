package dev.etcdspring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the parameter of an {@link EtcdWatch} method that receives the key of the event,
 * as a {@code String}, {@code byte[]} or {@link dev.etcdspring.client.ByteSequence}.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface EtcdKey {

}

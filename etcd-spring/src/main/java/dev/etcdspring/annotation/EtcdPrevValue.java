package dev.etcdspring.annotation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the parameter of an {@link EtcdWatch} method that receives the value the key had
 * before the event (with {@link EtcdWatch#prevKv()}), converted to the parameter's type,
 * or the previous {@link dev.etcdspring.client.KeyValue}; {@code null} when the key had
 * none.
 */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface EtcdPrevValue {

}

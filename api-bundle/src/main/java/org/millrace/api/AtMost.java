package org.millrace.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a method of a typed config interface: its value may not exceed the value of another property of the same
 * interface (e.g. a channel's {@code transactionCapacity} and its {@code capacity}). {@link ComponentConfig#as(Class)}
 * enforces it, as it enforces the limits the Metatype declares.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface AtMost {

    /** The other property's name, e.g. {@code capacity}. */
    String value();

    /** Whether 0 in either property means "no limit" (as jdbc's capacities do), which the check then skips. */
    boolean zeroIsUnlimited() default false;
}

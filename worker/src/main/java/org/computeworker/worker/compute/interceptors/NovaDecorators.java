package org.computeworker.worker.compute.interceptors;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The decorators nova puts on a ComputeManager method, outermost first, as they read in
 * nova/compute/manager.py. The operation's admission check runs outside all of them.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface NovaDecorators {
    Decorator[] value();
}

package org.signet.kit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Each call of the annotated resource method counts against {@link RateLimits} for its kind of call, per account
 * and per OAuth client; over either limit the caller gets a 429 problem with {@code Retry-After}, before the body is
 * read.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface RateLimited {

    RateLimits.Kind value();
}

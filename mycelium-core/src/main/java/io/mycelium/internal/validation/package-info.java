/**
 * Internal, not API: action params declared as records, bound and validated with Jakarta Bean Validation
 * (Hibernate Validator), defaults applied, failures in Moleculer's {@code ValidationError} shape, and the
 * params schema announced in INFO.
 */
@NullMarked
package io.mycelium.internal.validation;

import org.jspecify.annotations.NullMarked;

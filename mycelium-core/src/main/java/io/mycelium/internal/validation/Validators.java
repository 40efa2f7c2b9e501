package io.mycelium.internal.validation;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.Locale;
import org.hibernate.validator.HibernateValidator;

/**
 * The one Hibernate Validator of the JVM, built on first use (it takes a few hundred milliseconds, so a
 * broker with no validated action never pays). Messages are in English whatever the JVM's locale, as the
 * rest of the mesh's errors are. Thread-safe.
 */
final class Validators {
    private Validators() {}

    private static final class Holder {
        // the provider is named, not looked up with ServiceLoader: fat jars and module paths cannot lose it
        static final Validator VALIDATOR = Validation.byProvider(HibernateValidator.class)
                .providerResolver(() -> java.util.List.of(new HibernateValidator()))
                .configure()
                .defaultLocale(Locale.ENGLISH)
                .buildValidatorFactory()
                .getValidator();
    }

    static Validator get() {
        return Holder.VALIDATOR;
    }
}

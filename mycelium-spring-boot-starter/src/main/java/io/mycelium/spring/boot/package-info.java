/**
 * Spring Boot auto-configuration for Mycelium: a {@link io.mycelium.ServiceBroker} bean configured from the
 * {@code mycelium.*} properties ({@link io.mycelium.spring.boot.MyceliumProperties}), every bean annotated
 * with {@link io.mycelium.ServiceName} (and every {@link io.mycelium.Service} bean) registered on it, the
 * broker started and stopped gracefully with the application context, and an Actuator health indicator
 * when Actuator is on the class path. See docs/spring-boot.md.
 */
@NullMarked
package io.mycelium.spring.boot;

import org.jspecify.annotations.NullMarked;

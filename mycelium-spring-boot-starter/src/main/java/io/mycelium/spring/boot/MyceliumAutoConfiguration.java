package io.mycelium.spring.boot;

import io.mycelium.ServiceBroker;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Makes the {@link ServiceBroker} bean from {@link MyceliumProperties} and the
 * {@link ServiceBrokerCustomizer}s (unless the application defines its own broker bean), ties it to the
 * context's lifecycle ({@link BrokerLifecycle}) and, with Actuator present, adds the {@code mycelium}
 * health indicator. Off with {@code mycelium.enabled=false}.
 */
@AutoConfiguration
@ConditionalOnProperty(prefix = "mycelium", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(MyceliumProperties.class)
public class MyceliumAutoConfiguration {

    /** The broker, built but not started: the context's lifecycle starts it after every bean exists. */
    @Bean
    @ConditionalOnMissingBean
    ServiceBroker myceliumServiceBroker(
            MyceliumProperties properties, ObjectProvider<ServiceBrokerCustomizer> customizers) {
        return BrokerFactory.builder(properties, customizers.orderedStream().toList())
                .build();
    }

    /** Registers the context's services, starts the broker with the context and stops it gracefully. */
    @Bean
    @ConditionalOnBean(ServiceBroker.class)
    SmartLifecycle myceliumLifecycle(ServiceBroker broker, ListableBeanFactory beans) {
        return new BrokerLifecycle(broker, beans);
    }

    /**
     * The Micrometer part, only when {@code mycelium-micrometer} is on the class path: the broker's
     * statistics published to every {@code MeterRegistry} bean under Moleculer's metric names.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.mycelium.micrometer.MyceliumMetrics")
    @ConditionalOnProperty(prefix = "mycelium.metrics", name = "enabled", matchIfMissing = true)
    static class Metrics {

        @Bean
        @ConditionalOnMissingBean
        MyceliumMeters myceliumMeters(
                ServiceBroker broker, ObjectProvider<io.micrometer.core.instrument.MeterRegistry> registries) {
            return new MyceliumMeters(broker, registries);
        }
    }

    /** The Actuator part, only when Actuator is on the class path. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
    @ConditionalOnProperty(prefix = "management.health.mycelium", name = "enabled", matchIfMissing = true)
    static class Health {

        @Bean
        @ConditionalOnMissingBean(name = "myceliumHealthIndicator")
        MyceliumHealthIndicator myceliumHealthIndicator(ServiceBroker broker) {
            return new MyceliumHealthIndicator(broker);
        }
    }
}

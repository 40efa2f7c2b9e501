package io.mycelium.spring.boot;

import io.mycelium.Service;
import io.mycelium.ServiceBroker;
import io.mycelium.ServiceName;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Registers the context's services on the broker and starts it when the context starts; stops it
 * gracefully (announce, drain handlers in flight, leave) when the context closes. Its phase is below the
 * web server's, so the broker joins the mesh before the server takes requests and leaves after the
 * server has drained its own.
 */
final class BrokerLifecycle implements SmartLifecycle {

    /** Below the web server's phase ({@code DEFAULT_PHASE - 2048}) and its graceful shutdown's. */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private final ServiceBroker broker;
    private final ListableBeanFactory beans;
    private volatile boolean registered;

    BrokerLifecycle(ServiceBroker broker, ListableBeanFactory beans) {
        this.broker = broker;
        this.beans = beans;
    }

    @Override
    public void start() {
        if (!registered) {
            // once per broker: a context stopped and started again keeps the services it registered
            services().forEach(this::register);
            registered = true;
        }
        broker.start();
    }

    @Override
    public void stop() {
        broker.stop();
    }

    @Override
    public boolean isRunning() {
        return broker.running();
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** The {@link Service} beans, then the {@link ServiceName}-annotated ones, each once. */
    private List<Object> services() {
        List<Object> all = new ArrayList<>(beans.getBeansOfType(Service.class).values());
        for (Object bean : beans.getBeansWithAnnotation(ServiceName.class).values()) {
            if (!all.contains(bean)) {
                all.add(bean);
            }
        }
        return all;
    }

    private void register(Object service) {
        if (service instanceof Service s) {
            broker.register(s);
        } else {
            broker.register(service);
        }
    }
}

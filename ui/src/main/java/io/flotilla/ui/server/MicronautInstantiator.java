package io.flotilla.ui.server;

import com.vaadin.flow.di.DefaultInstantiator;
import com.vaadin.flow.server.VaadinService;
import com.vaadin.flow.server.VaadinServiceInitListener;
import io.micronaut.context.BeanContext;

import java.util.stream.Stream;

/**
 * Lets Vaadin create views, layouts and service-init listeners as Micronaut beans, so they receive
 * the appliance's services by constructor. Classes that are not beans (Vaadin's own error views,
 * plain components) are created the default way.
 */
class MicronautInstantiator extends DefaultInstantiator {
    private final transient BeanContext beans;

    MicronautInstantiator(VaadinService service, BeanContext beans) {
        super(service);
        this.beans = beans;
    }

    @Override
    public <T> T getOrCreate(Class<T> type) {
        return beans.containsBean(type) ? beans.getBean(type) : super.getOrCreate(type);
    }

    @Override
    public Stream<VaadinServiceInitListener> getServiceInitListeners() {
        return Stream.concat(super.getServiceInitListeners(), beans.getBeansOfType(VaadinServiceInitListener.class).stream());
    }
}

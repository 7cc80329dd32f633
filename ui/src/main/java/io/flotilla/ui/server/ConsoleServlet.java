package io.flotilla.ui.server;

import com.vaadin.flow.di.Instantiator;
import com.vaadin.flow.function.DeploymentConfiguration;
import com.vaadin.flow.server.ServiceException;
import com.vaadin.flow.server.VaadinServlet;
import com.vaadin.flow.server.VaadinServletService;
import io.micronaut.context.BeanContext;

/** The Vaadin servlet of the console, wired to the appliance's Micronaut context. */
class ConsoleServlet extends VaadinServlet {
    private final transient BeanContext beans;

    ConsoleServlet(BeanContext beans) {
        this.beans = beans;
    }

    @Override
    protected VaadinServletService createServletService(DeploymentConfiguration configuration) throws ServiceException {
        VaadinServletService service = new VaadinServletService(this, configuration) {
            @Override
            protected Instantiator createInstantiator() {
                return new MicronautInstantiator(this, beans);
            }
        };
        service.init();
        return service;
    }
}

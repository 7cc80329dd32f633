package io.flotilla.ui.server;

import com.vaadin.flow.di.Instantiator;
import com.vaadin.flow.function.DeploymentConfiguration;
import com.vaadin.flow.server.ServiceException;
import com.vaadin.flow.server.VaadinServlet;
import com.vaadin.flow.server.VaadinServletService;
import io.flotilla.audit.RequestIds;
import io.micronaut.context.BeanContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;

import java.io.IOException;
import java.util.UUID;

/**
 * The Vaadin servlet of the console, wired to the appliance's Micronaut context. Each request gets a
 * request id ({@code console-...}) in the logging context, so its log lines and audit entries can be
 * found together.
 */
class ConsoleServlet extends VaadinServlet {
    private final transient BeanContext beans;

    ConsoleServlet(BeanContext beans) {
        this.beans = beans;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        MDC.put(RequestIds.MDC_KEY, "console-" + UUID.randomUUID());
        try {
            super.service(request, response);
        } finally {
            MDC.remove(RequestIds.MDC_KEY);
        }
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

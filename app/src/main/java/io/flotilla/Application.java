package io.flotilla;

import io.flotilla.db.EmbeddedDatabase;
import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

import java.util.Map;

/**
 * Entry point of the Flotilla appliance. Without {@code FLOTILLA_DATABASE_URL} it first starts the
 * embedded PostgreSQL under the data directory and points the default datasource at it.
 */
@OpenAPIDefinition(
        info = @Info(title = "flotilla-api", version = "v1",
                description = "Flotilla control plane: workspaces, identity, audit, and Dask clusters."),
        security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer")
public final class Application {
    private Application() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Object> properties = EmbeddedDatabase.startIfNoDatabaseConfigured();
        Micronaut.build(args)
                .mainClass(Application.class)
                .properties(properties)
                .start();
    }
}

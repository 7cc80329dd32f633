package io.flotilla.ui.architecture;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.data.repository.GenericRepository;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The console reads and changes everything through the appliance's services, as REST does. */
class ConsoleArchitectureTest {
    @Test
    void theConsoleImportsNoRepository() {
        noClasses().that().resideInAPackage("io.flotilla.ui..")
                .should().dependOnClassesThat().areAssignableTo(GenericRepository.class)
                .orShould().dependOnClassesThat().areAssignableTo(JdbcOperations.class)
                .because("the services check access and keep the audit log; a view that reads a repository skips both")
                .check(new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages("io.flotilla.ui"));
    }
}

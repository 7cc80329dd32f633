package io.flotilla.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.data.repository.GenericRepository;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The seams between the engine and the clouds, stated (docs/architecture/packages.md): the engine packages form no
 * cycle, providers receive values (never a repository, a JDBC handle or a cluster row), and the REST API reads
 * through services.
 */
class ArchitectureRulesTest {
    private static JavaClasses classes;

    @BeforeAll
    static void importMainClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.flotilla");
    }

    @Test
    void theEnginePackagesFormNoCycle() {
        JavaClasses engine = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.flotilla.account", "io.flotilla.cluster", "io.flotilla.environment", "io.flotilla.logs",
                        "io.flotilla.provider", "io.flotilla.usage", "io.flotilla.tasks");
        ArchRule rule = slices().matching("io.flotilla.(**)").should().beFreeOfCycles();
        rule.check(engine);
    }

    @Test
    void providersTouchNoRepositoryNorDatabase() {
        noClasses().that().resideInAPackage("io.flotilla.provider..")
                .should().dependOnClassesThat().areAssignableTo(GenericRepository.class)
                .orShould().dependOnClassesThat().areAssignableTo(JdbcOperations.class)
                .orShould().dependOnClassesThat().resideInAnyPackage("io.flotilla.account..", "io.flotilla.cluster..",
                        "io.flotilla.environment", "io.flotilla.logs..", "io.flotilla.db..")
                .because("providers receive plain values (an account context, a launch request with its tags) and never"
                        + " touch the database")
                .check(classes);
    }

    @Test
    void theApiReadsThroughServicesNotRepositories() {
        noClasses().that().resideInAPackage("io.flotilla.api..")
                .should().dependOnClassesThat().areAssignableTo(GenericRepository.class)
                .orShould().dependOnClassesThat().areAssignableTo(JdbcOperations.class)
                .because("REST controllers and views go through the service layer, which checks access")
                .check(classes);
    }
}

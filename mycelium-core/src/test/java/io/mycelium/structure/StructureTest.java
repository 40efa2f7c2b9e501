package io.mycelium.structure;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.mycelium.ByteStreams;
import io.mycelium.ServiceBroker;
import io.mycelium.Strategies;
import io.mycelium.SurveyReply;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The structure check anyone can run ({@code mvn -pl mycelium-core test -Dtest=StructureTest}): the API
 * imports no internal type, the internal packages depend only downward (broker on top, then transit, then
 * the pieces, then util), and no two packages depend on each other.
 */
class StructureTest {
    // mycelium-core's own class folder only: scanning the class path for the package takes half a minute
    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPath(classesOf(ServiceBroker.class));

    private static Path classesOf(Class<?> type) {
        try {
            return Path.of(
                    type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theApiAndSpiImportNoInternalType() {
        noClasses()
                .that()
                .resideInAnyPackage("io.mycelium", "io.mycelium.spi", "io.mycelium.protocol", "io.mycelium.transport..")
                // still to move (they build internal implementations): named here so the list only shrinks
                .and(not(belongToAnyOf(Strategies.class, ByteStreams.class, SurveyReply.class)))
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.mycelium.internal..")
                .check(CORE);
    }

    @Test
    void internalPackagesDependOnlyDownward() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("broker")
                .definedBy("io.mycelium.internal.broker..")
                .layer("transit")
                .definedBy("io.mycelium.internal.transit..")
                .layer("pieces")
                .definedBy(
                        "io.mycelium.internal.registry..",
                        "io.mycelium.internal.stream..",
                        "io.mycelium.internal.hooks..",
                        "io.mycelium.internal.validation..",
                        "io.mycelium.internal.fault..",
                        "io.mycelium.internal.balancing..",
                        "io.mycelium.internal.serializer..",
                        "io.mycelium.internal.memory..")
                .layer("util")
                .definedBy("io.mycelium.internal.util..")
                .whereLayer("broker")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("transit")
                .mayOnlyBeAccessedByLayers("broker")
                .whereLayer("pieces")
                .mayOnlyBeAccessedByLayers("broker", "transit", "pieces")
                .check(CORE);
    }

    @Test
    void noPackageDependsOnAnotherThatDependsOnIt() {
        slices().matching("io.mycelium.(**)").should().beFreeOfCycles().check(CORE);
    }
}

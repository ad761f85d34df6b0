package io.gatehouse.app;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The modules' boundaries, over the production classes of every module (the all-in-one has them all on its class
 * path): the sides do not reach into each other, the Graph SDK stays in the directory module's Graph adapter, and
 * the platform knows neither the directory nor Azure.
 */
@AnalyzeClasses(packages = "io.gatehouse",
        importOptions = {ImportOption.DoNotIncludeTests.class, ModuleBoundariesTest.NoTestJars.class})
class ModuleBoundariesTest {

    private static final String COMMAND = "io.gatehouse.command..";
    private static final String QUERY = "io.gatehouse.query..";
    private static final String SYNC = "io.gatehouse.sync..";
    private static final String DIRECTORY = "io.gatehouse.directory..";
    private static final String PLATFORM = "io.gatehouse.platform..";
    private static final String APP = "io.gatehouse.app..";
    private static final String[] GRAPH_SDK = {"com.microsoft.graph..", "com.microsoft.kiota..", "com.azure..",
            "com.microsoft.aad.."};

    @ArchTest
    static final ArchRule commandSideKnowsNeitherQuerySideNorDirectorySync = noClasses()
            .that().resideInAPackage(COMMAND)
            .should().dependOnClassesThat().resideInAnyPackage(QUERY, SYNC, APP);

    @ArchTest
    static final ArchRule querySideKnowsNeitherCommandSideNorDirectorySync = noClasses()
            .that().resideInAPackage(QUERY)
            .should().dependOnClassesThat().resideInAnyPackage(COMMAND, SYNC, APP);

    @ArchTest
    static final ArchRule directorySyncKnowsNeitherCommandSideNorQuerySide = noClasses()
            .that().resideInAPackage(SYNC)
            .should().dependOnClassesThat().resideInAnyPackage(COMMAND, QUERY, APP);

    @ArchTest
    static final ArchRule querySideDoesNotUseTheGraphSdk = noClasses()
            .that().resideInAPackage(QUERY)
            .should().dependOnClassesThat().resideInAnyPackage(GRAPH_SDK)
            .orShould().dependOnClassesThat().resideInAPackage("io.gatehouse.directory.graph..");

    @ArchTest
    static final ArchRule onlyTheGraphAdapterUsesTheGraphSdk = noClasses()
            .that().resideOutsideOfPackage("io.gatehouse.directory.graph..")
            .and().resideInAPackage("io.gatehouse..")
            .should().dependOnClassesThat().resideInAnyPackage(GRAPH_SDK);

    @ArchTest
    static final ArchRule platformKnowsNeitherAzureNorTheDirectoryNorTheSides = noClasses()
            .that().resideInAPackage(PLATFORM)
            .should().dependOnClassesThat().resideInAnyPackage(GRAPH_SDK)
            .orShould().dependOnClassesThat().resideInAnyPackage(DIRECTORY, COMMAND, QUERY, SYNC, APP);

    @ArchTest
    static final ArchRule directoryKnowsNoSide = noClasses()
            .that().resideInAPackage(DIRECTORY)
            .should().dependOnClassesThat().resideInAnyPackage(COMMAND, QUERY, SYNC, APP);

    /** The modules' test jars (GraphDouble, TestTokens...) when they come from a repository, not the reactor. */
    static final class NoTestJars implements ImportOption {
        @Override
        public boolean includes(Location location) {
            return !location.contains("-tests.jar");
        }
    }
}

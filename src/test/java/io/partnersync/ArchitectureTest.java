package io.partnersync;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Keeps the layering of STYLE.md true as the code grows. */
@AnalyzeClasses(packages = "io.partnersync", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    // and Guava's InternetDomainName: the Public Suffix List is maintained data, not something to hand-write
    static final ArchRule canonicalModelImportsOnlyTheJdk = classes().that().resideInAPackage("io.partnersync.canonical..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.partnersync.canonical..", "com.google.common.net..");

    @ArchTest
    static final ArchRule governanceImportsOnlyTheJdkAndCanonical = classes().that().resideInAPackage("io.partnersync.governance..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.partnersync.canonical..", "io.partnersync.governance..");

    @ArchTest
    static final ArchRule mappingsAreFreeOfSpringCamelAndJdbc = noClasses().that().resideInAPackage("io.partnersync.mapping..")
            .and().doNotHaveSimpleName("MappingRegistry")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.apache.camel..", "java.sql..");

    @ArchTest
    static final ArchRule storeDoesNotKnowCamel = noClasses().that().resideInAPackage("io.partnersync.store..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.camel..");
}

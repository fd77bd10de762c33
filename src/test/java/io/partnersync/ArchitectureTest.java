package io.partnersync;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.core.domain.properties.HasName;
import com.tngtech.archunit.core.domain.properties.HasOwner;
import com.tngtech.archunit.core.importer.ImportOption;
import io.partnersync.canonical.CanonicalFields;
import io.partnersync.canonical.CanonicalRecord;
import io.partnersync.sync.spi.DomainStep;
import io.partnersync.sync.spi.Effects;
import io.partnersync.sync.spi.RowWriter;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** Keeps the layering of STYLE.md true as the code grows. */
@AnalyzeClasses(packages = "io.partnersync", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    // and Guava's InternetDomainName: the Public Suffix List is maintained data, not something to hand-write
    static final ArchRule canonicalModelImportsOnlyTheJdk = classes().that().resideInAPackage("io.partnersync.canonical..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.partnersync.canonical..", "com.google.common.net..");

    @ArchTest
    // every capability's policy (registration/policy, later distribution/policy, payout/policy) is pure Java
    static final ArchRule policiesImportOnlyTheJdkAndCanonical = classes().that().resideInAPackage("io.partnersync.*.policy..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "io.partnersync.canonical..", "io.partnersync.*.policy..");

    @ArchTest
    static final ArchRule mappingsAreFreeOfSpringCamelAndJdbc = noClasses().that().resideInAPackage("io.partnersync.mapping..")
            .and().doNotHaveSimpleName("MappingRegistry")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.apache.camel..", "java.sql..");

    @ArchTest
    static final ArchRule storeDoesNotKnowCamel = noClasses().that().resideInAPackage("io.partnersync.store..")
            .should().dependOnClassesThat().resideInAnyPackage("org.apache.camel..");

    @ArchTest
    // the engine hands connectors what they need through its SPI; they never reach around it
    static final ArchRule connectorsSeeTheEngineOnlyThroughItsSpi = noClasses().that().resideInAPackage("io.partnersync.connector..")
            .should().dependOnClassesThat().resideInAPackage("io.partnersync.sync")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("io.partnersync.store.CanonicalRepository")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("io.partnersync.store.ExternalRefRepository")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("io.partnersync.store.OutboxRepository");

    /** A CRM kind is one package: nothing outside it names it (the engine reaches it through its ConnectorKind bean only). */
    @ArchTest
    static final ArchRule nothingOutsideAKindKnowsIt = noClasses().that().resideOutsideOfPackages("io.partnersync.connector.*..")
            .should().dependOnClassesThat().resideInAPackage("io.partnersync.connector.*..");

    /** A kind never stores anything itself nor reaches the engine's internals: it sees the SPI (and the shared mapping, canonical and settings types). */
    @ArchTest
    static final ArchRule kindsSeeOnlyTheSpi = noClasses().that().resideInAPackage("io.partnersync.connector.*..")
            .should().dependOnClassesThat().resideInAnyPackage("io.partnersync.store..", "io.partnersync.ops..", "io.partnersync.web..",
                    "io.partnersync.alerts..", "io.partnersync.registration..", "io.partnersync.distribution..", "io.partnersync.payout..")
            .orShould().dependOnClassesThat().resideInAPackage("io.partnersync.sync");

    @ArchTest
    static final ArchRule kindsDoNotKnowEachOther = slices().matching("io.partnersync.connector.(*)..").should().notDependOnEachOther();

    /** Controllers answer requests; SQL lives in repositories. */
    @ArchTest
    static final ArchRule noSqlInControllers = noClasses().that().areAnnotatedWith("org.springframework.web.bind.annotation.RestController")
            .or().areAnnotatedWith("org.springframework.stereotype.Controller")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.jdbc..", "java.sql..");

    /** ops, web and alerts read the engine; the engine, the store, the domain and the kinds never read them. */
    @ArchTest
    static final ArchRule theEngineNeverReadsOpsOrWeb = noClasses().that().resideInAnyPackage("io.partnersync.sync..", "io.partnersync.store..",
                    "io.partnersync.mapping..", "io.partnersync.canonical..", "io.partnersync.registration..", "io.partnersync.distribution..",
                    "io.partnersync.payout..", "io.partnersync.config..", "io.partnersync.connector..")
            .should().dependOnClassesThat().resideInAnyPackage("io.partnersync.ops..", "io.partnersync.web..", "io.partnersync.alerts..");

    /**
     * A domain step reads what it needs and answers with {@link Effects}: it never writes (no JDBC,
     * no audit, no locks, no row writer) and never turns a typed change into a map. Timers and
     * operators ask the steps too (an occasion), so only the engine writes a step's rows.
     */
    @ArchTest
    static final ArchRule stepsAnswerWithEffectsOnly = noClasses().that().implement(DomainStep.class)
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework.jdbc..", "java.sql..")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("io.partnersync.store.AuditRepository")
            .orShould().dependOnClassesThat().haveFullyQualifiedName("io.partnersync.store.NamedLocks")
            .orShould().callMethod(CanonicalFields.class, "toMap", CanonicalRecord.class);

    @ArchTest
    static final ArchRule onlyTheEngineWritesStepRows = noClasses().that().resideOutsideOfPackage("io.partnersync.sync").and().doNotImplement(RowWriter.class)
            .should().callMethodWhere(JavaCall.Predicates.target(HasOwner.Predicates.With.owner(JavaClass.Predicates.assignableTo(RowWriter.class)))
                    .and(JavaCall.Predicates.target(HasName.Predicates.name("write"))));

    /** The API answers typed responses (records), never a map of strings; errors are problem details from one advice. */
    @ArchTest
    static final ArchRule apiAnswersTypedResponses = methods().that().areMetaAnnotatedWith("org.springframework.web.bind.annotation.RequestMapping")
            .and().areDeclaredInClassesThat().areAnnotatedWith("org.springframework.web.bind.annotation.RestController")
            .should(new ArchCondition<JavaMethod>("answer a typed response, not a Map") {
                @Override
                public void check(JavaMethod method, ConditionEvents events) {
                    if (method.getReturnType().getAllInvolvedRawTypes().stream().anyMatch(type -> type.isAssignableTo(java.util.Map.class))) {
                        events.add(SimpleConditionEvent.violated(method, method.getFullName() + " answers " + method.getReturnType().getName()));
                    }
                }
            });

    /** Errors are thrown as ResponseStatusException (or a subclass) and rendered by ProblemAdvice: no controller builds a problem body itself. */
    @ArchTest
    static final ArchRule controllersThrowProblems = noClasses().that().areAnnotatedWith("org.springframework.web.bind.annotation.RestController")
            .and().resideOutsideOfPackage("io.partnersync.connector..")
            .should().callMethod(org.springframework.http.ProblemDetail.class, "forStatusAndDetail",
                    org.springframework.http.HttpStatusCode.class, String.class);

    @ArchTest
    static final ArchRule theSpiIsFreeOfSpringAndCamel = noClasses().that().resideInAPackage("io.partnersync.sync.spi..")
            .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "org.apache.camel..", "java.sql..");

    /** The sandbox changes configuration only: no code path of the service knows it (the configuration check only reads its settings' keys). */
    @ArchTest
    static final ArchRule nothingKnowsTheSandbox = noClasses().that().resideOutsideOfPackage("io.partnersync.sandbox..")
            .and().doNotHaveFullyQualifiedName("io.partnersync.config.ConfigurationCheck")
            .should().dependOnClassesThat().resideInAPackage("io.partnersync.sandbox..");

    /** The simulators are CRMs: they know HTTP and JSON, nothing of the service that talks to them. */
    @ArchTest
    static final ArchRule simulatorsAreOnlyCrms = classes().that().resideInAPackage("io.partnersync.sandbox.simulator..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax.crypto..", "com.sun.net.httpserver..", "com.fasterxml.jackson..", "org.slf4j..",
                    "io.partnersync.sandbox.simulator..");
}

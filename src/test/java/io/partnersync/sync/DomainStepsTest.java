package io.partnersync.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnersync.canonical.CanonicalRecord;
import io.partnersync.canonical.EntityType;
import io.partnersync.sync.spi.Change;
import io.partnersync.sync.spi.DomainStep;
import io.partnersync.sync.spi.Effects;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

@DisplayName("The order of the domain steps")
class DomainStepsTest {

    @Test
    @DisplayName("is the declared one, whatever order the steps are registered in; a step not declared runs after the declared ones")
    void declaredOrder() {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("extra", step("a plug-in's step", EntityType.DEAL));
        beans.addBean("payouts", step("payouts", EntityType.DEAL));
        beans.addBean("distribution", step("distribution", EntityType.LEAD));
        beans.addBean("registration", step("registration", EntityType.DEAL));

        DomainSteps steps = new DomainSteps(beans.getBeanProvider(DomainStep.class));

        assertThat(steps.of(EntityType.DEAL)).extracting(DomainStep::name).containsExactly("registration", "payouts", "a plug-in's step");
        assertThat(steps.of(EntityType.LEAD)).extracting(DomainStep::name).containsExactly("distribution");
        assertThat(steps.of(EntityType.ACCOUNT)).isEmpty();
    }

    private static DomainStep<CanonicalRecord> step(String name, EntityType entity) {
        return new DomainStep<>() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public EntityType entity() {
                return entity;
            }

            @Override
            public Effects<CanonicalRecord> apply(Change<CanonicalRecord> change) {
                throw new UnsupportedOperationException("not called here");
            }
        };
    }
}
